"""What the default scale costs in precision: results at scale 1 and at four times as many agents agree within
sampling error.

Scales far below the default are biased, not only noisy: at 0.25, growth in 2026-2030 was about 0.3 points
below its value at scales 2 and 4 (seeds 0-7 against 200-203 and 300-301, issue 12's note): fewer firms
and households make selection by exit and structural change weaker. Tests run small scales for speed, not
for these numbers.

The default scale itself is not free of it: growth in 2026-2030 falls with scale, 5.86, 5.65 and 5.49 percent
at scales 1, 2 and 4 (seeds 0-3 each, before issue 12's recalibration; structural change, residual TFP and
capital each about a third of the gap), and the 2030 digital share is about 0.5 points lower at scale 1 than at
scale 4. Until the cause is found these projections are held to stated bounds (BOUNDED) rather than to sampling
error; docs/model.md, section 11, says so."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from model.measure.accounts import annual_table
from model.engines.fast import VietnamEconomy
from model.scenario import load_scenario

SMALL, SMALL_SEEDS = 1.0, range(8)
LARGE, LARGE_SEEDS = 4.0, range(100, 104)


def _aggregates(scale: float, seed: int) -> list[float]:
    m = VietnamEconomy(load_scenario("baseline"), seed=seed, scale=scale)
    m.run()
    rows = {int(r["year"]): r for r in annual_table(m.records, m.params, m.params.vnd_per_usd)}
    return [
        np.mean([rows[y]["gdp_growth_pct"] for y in range(2016, 2020)]),
        np.mean([rows[y]["gdp_growth_pct"] for y in range(2026, 2031)]),
        rows[2030]["digital_economy_share_pct"],
        rows[2030]["internet_users_pct"],
        rows[2030]["basic_digital_skills_pct"],
    ]


NAMES = ("growth 2016-2019", "growth 2026-2030", "digital share 2030", "internet users 2030", "basic skills 2030")
# The projections the default scale is held to a stated bound on rather than to sampling error (NAMES' index:
# the most the default scale may differ from scale 4, in points): growth in 2026-2030 and the 2030 digital share
# (16.76 at scale 1 against 17.25 at scale 4 after issue 12's recalibration).
BOUNDED = {1: 0.5, 2: 1.0}


@pytest.fixture(scope="module")
def samples():
    small = np.array([_aggregates(SMALL, s) for s in SMALL_SEEDS])
    large = np.array([_aggregates(LARGE, s) for s in LARGE_SEEDS])
    return small, large


def test_two_scales_agree_within_sampling_error(samples):
    small, large = samples
    for k, name in enumerate(NAMES):
        if k in BOUNDED:
            gap = small[:, k].mean() - large[:, k].mean()
            assert abs(gap) < BOUNDED[k], f"{name}: scale {SMALL} minus scale {LARGE}: {gap:.2f} pp"
            continue
        p = stats.ttest_ind(small[:, k], large[:, k], equal_var=False).pvalue
        assert p > 0.01, f"{name}: scale {SMALL} mean {small[:, k].mean():.3f} vs scale {LARGE} {large[:, k].mean():.3f} (p={p:.4f})"


def test_larger_scale_is_less_noisy(samples):
    """Sampling noise shrinks with scale: the spread over seeds of the digital share is smaller at scale 4."""
    small, large = samples
    assert large[:, 2].std(ddof=1) < small[:, 2].std(ddof=1)


def test_tiny_samples_do_not_explode():
    """Digital entry once multiplied core firms by ~1e10 where a tiny sample had no skilled people in 2015."""
    for seed in range(4):
        m = VietnamEconomy(load_scenario("baseline"), seed=seed, scale=0.02)
        m.run()
        growth = [r["gdp_growth_pct"] for r in annual_table(m.records, m.params, m.params.vnd_per_usd)[1:]]
        assert max(growth) < 15.0, (seed, max(growth))


def test_history_is_aggregated_not_kept_per_agent():
    """What a run keeps over time (quarterly records, yearly snapshots) does not grow with the number of agents."""
    import pickle

    sizes = []
    for scale in (0.1, 1.0):
        m = VietnamEconomy(load_scenario("baseline"), seed=3, scale=scale)
        for _ in range(8):
            m.step()
        sizes.append(len(pickle.dumps((m.records, m.snapshots))))
    assert m.households.n > 9 * 2_000  # ten times the agents ...
    assert abs(sizes[1] - sizes[0]) < 0.05 * sizes[0]  # ... and the same history
