"""What the small default scale costs in precision: results at two scales agree within sampling error."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from model.measure.accounts import annual_table
from model.engines.fast import FULL_SCALE, VietnamEconomy, sample_sizes
from model.core.params import Parameters
from model.scenario import load_scenario

SMALL, SMALL_SEEDS = 0.25, range(8)
LARGE, LARGE_SEEDS = 1.0, range(100, 104)


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


@pytest.fixture(scope="module")
def samples():
    small = np.array([_aggregates(SMALL, s) for s in SMALL_SEEDS])
    large = np.array([_aggregates(LARGE, s) for s in LARGE_SEEDS])
    return small, large


def test_two_scales_agree_within_sampling_error(samples):
    small, large = samples
    for k, name in enumerate(NAMES):
        p = stats.ttest_ind(small[:, k], large[:, k], equal_var=False).pvalue
        assert p > 0.01, f"{name}: scale {SMALL} mean {small[:, k].mean():.3f} vs scale {LARGE} {large[:, k].mean():.3f} (p={p:.4f})"


def test_larger_scale_is_less_noisy(samples):
    """Sampling noise shrinks with scale: the spread over seeds of the digital share is smaller at scale 1."""
    small, large = samples
    assert large[:, 2].std(ddof=1) < small[:, 2].std(ddof=1)


def test_full_scale_is_one_agent_per_real_household():
    p = Parameters()
    households, firms, one_per_firm = sample_sizes(FULL_SCALE, p, 34, 7)
    assert one_per_firm and households == round(p.population_2015_mn * 1e6 / p.household_size)
    assert sample_sizes(2.0, p, 34, 7) == (40_000, 20_000, False)


def test_full_scale_gives_weights_near_one_real_household_and_firm():
    from model.core.categories import AGRICULTURE
    from model.rules.initialise import FULL_FARM_WEIGHT, build_firms, build_geography, build_households, initial_conditions

    p = Parameters({"enterprises_2015": 20_000, "household_businesses_2015": 60_000, "digital_enterprises_2015": 3_000,
                    "population_2015_mn": 0.5})  # a small country, so one row per household stays cheap
    rng = np.random.default_rng(0)
    geo = build_geography(p)
    cond = initial_conditions(geo, p, 0.3, 0.1)
    n_households, _, one_per_firm = sample_sizes(FULL_SCALE, p, geo.n, 7)
    hh = build_households(n_households, geo, p, rng, cond)
    assert one_per_firm and np.median(hh.weight) == pytest.approx(1.0, abs=0.05)  # one row per real household
    assert (hh.weight * hh.members).sum() == pytest.approx(p.population_2015_mn * 1e6)
    firms = build_firms(0, geo, hh, p, rng, cond, one_row_per_firm=True)
    nonfarm = firms.sector != AGRICULTURE
    assert firms.weight[nonfarm].sum() == pytest.approx(20_000 + 60_000 + 3_000)
    # each stratum is rounded to whole rows (at least one), so weights stay close to one real firm
    assert np.median(firms.weight[nonfarm]) == pytest.approx(1.0, abs=0.05)
    assert np.median(firms.weight[~nonfarm]) == pytest.approx(FULL_FARM_WEIGHT, rel=0.2)
    farm_households = (hh.weight * (hh.sector == AGRICULTURE)).sum()
    assert firms.weight[~nonfarm].sum() == pytest.approx(farm_households)


def test_skilled_ratio_is_bounded_where_a_small_sample_had_no_skilled_people():
    from model.rules.labour import skilled_ratio

    share0 = np.array([0.0, 0.3, 0.3])
    share = np.array([0.5, 0.3, 0.6])
    people = np.ones(3)
    ratio = skilled_ratio(share, share, people, people)
    assert np.allclose(ratio, 1.0)  # no change, no growth
    ratio = skilled_ratio(share, share0, people, people)
    assert np.all(np.isfinite(ratio)) and ratio.max() < 5.0
    assert ratio[2] > ratio[1]  # a province whose skilled share doubled gains more than one that stood still


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
