"""The plain-Mesa reference (model.engines.reference) states the same rules as the fast engine (model.engines.fast).

Three kinds of evidence:

* Exact: both engines build the same 2015 economy from one seed, and the
  phases without random draws (policy, infrastructure, learning, demography,
  the labour market and production with their random parts switched off,
  accounts, year end without exits) give the same numbers, agent for agent.
* Statistical: over many seeds the main annual aggregates of the two engines
  have the same distribution (two-sample Kolmogorov-Smirnov test, p > 0.01).
  Both engines run the same seeds, so each pair starts from the same 2015
  economy and differs only in the random events of the run; this is what the
  test should compare, and it keeps the test from failing by the chance of
  which initial economies were drawn.
* Power: the same comparison finds a rule changed in one engine (p < 0.01):
  the firms' upgrade hazard doubled, or the households' connection hazard
  halved, in the fast engine.
"""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone

import numpy as np
import pytest
from scipy import stats

from conftest import header, read_csv
from model.measure.accounts import annual_table
from model.engines.fast import VietnamEconomy
from model.core.params import Parameters
from model.engines.reference import FirmAgent, HouseholdAgent, ReferenceEconomy
from model.outputs.results import write_results
from model.scenario import load_scenario

SCALE = 0.02  # about 400 households and 1,460 firms: the reference runs 2015-2030 in about two seconds
SEEDS = tuple(range(24))
ALPHA = 0.01
METRICS = ("growth_2016_2019", "growth_2026_2030", "digital_economy_share_pct", "internet_users_pct",
           "basic_digital_skills_pct", "firms_basic_or_more_pct")
TABLES = ("annual.csv", "quarterly.csv", "provinces.csv", "groups.csv", "targets.csv")
ENGINES = {"fast": VietnamEconomy, "reference": ReferenceEconomy}
# Changed rules the comparison must find: (parameter, factor, the aggregate it shows in).
CHANGED_RULES = (("upgrade_hazard", 2.0, "firms_basic_or_more_pct"), ("connect_hazard", 0.5, "internet_users_pct"))


def _scenario(**overrides):
    s = load_scenario("baseline")
    return dataclasses.replace(s, parameters={**s.parameters, **overrides}) if overrides else s


def _annual(m) -> dict[int, dict[str, float]]:
    return {int(r["year"]): r for r in annual_table(m.records, m.params, m.params.vnd_per_usd)}


def aggregates(engine: str, seed: int, overrides: dict | None = None) -> dict[str, float]:
    """Run one engine on the baseline and return the compared annual aggregates."""
    m = ENGINES[engine](_scenario(**(overrides or {})), seed=seed, scale=SCALE)
    m.run()
    a = _annual(m)
    out = {
        "growth_2016_2019": float(np.mean([a[y]["gdp_growth_pct"] for y in range(2016, 2020)])),
        "growth_2026_2030": float(np.mean([a[y]["gdp_growth_pct"] for y in range(2026, 2031)])),
    }
    out.update({k: float(a[2030][k]) for k in METRICS[2:]})
    return out


def _run_all(jobs: list[tuple]) -> list[dict[str, float]]:
    """Run the jobs on up to two processes.

    Started by a fork server, not by forking this process: a fork after the compiled phases have
    started their worker threads would inherit a broken thread pool.
    """
    workers = min(2, os.cpu_count() or 1)
    if workers > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
            return list(pool.map(aggregates, *zip(*jobs)))
    return [aggregates(*job) for job in jobs]


@pytest.fixture(scope="module")
def samples() -> dict[str, dict[str, np.ndarray]]:
    """metric -> array over SEEDS, for the reference, the fast engine, and the fast engine with changed rules."""
    base = Parameters(load_scenario("baseline").parameters)
    groups = {
        "reference": [("reference", s, None) for s in SEEDS],
        "fast": [("fast", s, None) for s in SEEDS],
    }
    for name, factor, _ in CHANGED_RULES:
        groups[name] = [("fast", s, {name: factor * getattr(base, name)}) for s in SEEDS]
    jobs = [job for g in groups.values() for job in g]
    results = iter(_run_all(jobs))
    out = {}
    for name, g in groups.items():
        rows = [next(results) for _ in g]
        out[name] = {k: np.array([r[k] for r in rows]) for k in METRICS}
    return out


# ------------------------------------------------------------------ the same economy, the same rules
def _same_state(fast, ref, tag: str) -> None:
    for kind in ("households", "firms"):
        a, b = getattr(fast, kind), getattr(ref, kind)
        assert a.n == b.n, (tag, kind)
        for field in dataclasses.fields(a):
            x = np.asarray(getattr(a, field.name), dtype=float)
            y = np.asarray(getattr(b, field.name), dtype=float)
            # The fast engine keeps skill and trust as float32: agree to its precision.
            np.testing.assert_allclose(y, x, rtol=2e-6, atol=1e-6, err_msg=f"{tag}: {kind}.{field.name}")
    # Conditions come from sums over agents taken in another order (GRDP for e-government supply): a few
    # 1e-9 of rounding, which a saturating index can carry.
    for field in dataclasses.fields(fast.conditions):
        np.testing.assert_allclose(np.asarray(getattr(ref.conditions, field.name), dtype=float),
                                   np.asarray(getattr(fast.conditions, field.name), dtype=float),
                                   rtol=1e-8, err_msg=f"{tag}: conditions.{field.name}")


def test_one_seed_builds_the_same_2015_economy_in_both_engines():
    s = load_scenario("baseline")
    fast, ref = VietnamEconomy(s, seed=3, scale=SCALE), ReferenceEconomy(s, seed=3, scale=SCALE)
    _same_state(fast, ref, "set-up")
    for name in ("gdp_annual", "province_gdp_annual", "effective0", "firm_count0", "core_province_va0",
                 "core_workers0", "output_per_worker0", "broadband0", "skilled_share0", "sector_wage",
                 "mean_labour_quality", "province_households", "province_adults", "province_rural_household_share"):
        np.testing.assert_allclose(np.asarray(getattr(ref, name), dtype=float),
                                   np.asarray(getattr(fast, name), dtype=float), rtol=1e-9, err_msg=name)
    np.testing.assert_allclose(ref.core_market.capacity0, fast.core_market.capacity0, rtol=1e-9)
    # One Mesa agent per household and per firm, besides the agencies.
    assert len(ref.agents_by_type[HouseholdAgent]) == fast.households.n
    assert len(ref.agents_by_type[FirmAgent]) == fast.firms.n


def test_phases_without_random_draws_give_the_same_numbers():
    """Switch off the random parts (productivity shocks, farm exits, core hiring, firm exits) and step
    both engines phase by phase: every household, firm, condition and account agrees."""
    s = _scenario(firm_productivity_volatility=0.0, structural_exit_rate=0.0, core_hiring_rate=0.0, exit_rate=0.0)
    fast, ref = VietnamEconomy(s, seed=5, scale=SCALE), ReferenceEconomy(s, seed=5, scale=SCALE)
    households = ref.agents_by_type[HouseholdAgent]
    for q in range(5):
        fast.policy_and_budgets()
        ref.policy_and_budgets()
        _same_state(fast, ref, f"quarter {q}: policy and budgets")
        fast.infrastructure_and_programmes()
        ref.infrastructure_and_programmes()
        _same_state(fast, ref, f"quarter {q}: infrastructure and programmes")
        fast.learning()  # skills and trust (connecting and adopting are random: tested below)
        ref.prepare_household_quarter()
        households.do("learn")
        households.do("update_trust")
        _same_state(fast, ref, f"quarter {q}: learning")
        fast.demography()
        ref.demography()
        _same_state(fast, ref, f"quarter {q}: demography")
        fast.labour_market()
        ref.labour_market()
        _same_state(fast, ref, f"quarter {q}: labour market")
        np.testing.assert_allclose(ref.skill_fill, fast.skill_fill, rtol=1e-9)
        fast.production()
        ref.production()
        _same_state(fast, ref, f"quarter {q}: production")
        fast.accounts()
        ref.accounts()
        a, b = fast.records[-1].values, ref.records[-1].values
        assert a.keys() == b.keys()
        for key in a:
            assert b[key] == pytest.approx(a[key], rel=1e-6, abs=1e-9), (q, key)
        if q % 4 == 3:
            fast.year_end()
            ref.year_end()
            _same_state(fast, ref, f"quarter {q}: year end")
            assert ref.digital_entrants == pytest.approx(fast.digital_entrants, rel=1e-9)
            for key, values in fast.snapshots[-1].provinces.items():
                np.testing.assert_allclose(ref.snapshots[-1].provinces[key], values, rtol=1e-6, err_msg=key)
        fast.quarter += 1
        ref.quarter += 1


# ------------------------------------------------------------------ end to end
def test_the_reference_runs_2015_2030_and_writes_the_same_results_folder(tmp_path):
    s = load_scenario("baseline")
    started = datetime.now(timezone.utc)
    ref = ReferenceEconomy(s, seed=11, scale=SCALE)
    ref.run()
    assert ref.finished and ref.quarter == ref.n_quarters == 64
    assert len(ref.records) == 64 and [snap.year for snap in ref.snapshots] == list(range(2015, 2031))
    out = write_results(ref, tmp_path / "reference", started, figures=False)
    fast = VietnamEconomy(s, seed=11, scale=SCALE)
    fast.run()
    fast_out = write_results(fast, tmp_path / "fast", started, figures=False)
    for table in TABLES:
        assert header(out / table) == header(fast_out / table), table
        assert len(read_csv(out / table)) == len(read_csv(fast_out / table)), table
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert info["engine"] == "reference" and info["scale"] == SCALE and info["seed"] == 11
    assert info["households_simulated"] == fast.households.n and info["firms_simulated"] == fast.firms.n
    for row in read_csv(out / "annual.csv")[1:]:
        for column in ("gdp_growth_pct", "digital_economy_share_pct", "internet_users_pct",
                       "basic_digital_skills_pct", "firms_basic_or_more_pct"):
            assert np.isfinite(float(row[column])), (row["year"], column)


# ------------------------------------------------------------------ same distributions
@pytest.mark.parametrize("metric", METRICS)
def test_the_engines_agree_in_distribution(samples, metric):
    ref, fast = samples["reference"][metric], samples["fast"][metric]
    p = stats.ks_2samp(ref, fast).pvalue
    assert p > ALPHA, (f"{metric}: reference and fast engine differ (KS p = {p:.4f}); "
                       f"medians {np.median(ref):.3f} vs {np.median(fast):.3f}")


@pytest.mark.parametrize("metric", METRICS)
def test_the_engines_agree_seed_by_seed(samples, metric):
    """Paired: both engines start each seed from the same 2015 economy, so compare per-seed differences."""
    ref, fast = np.asarray(samples["reference"][metric]), np.asarray(samples["fast"][metric])
    p = stats.ttest_rel(ref, fast).pvalue
    assert p > ALPHA, f"{metric}: mean per-seed difference {np.mean(ref - fast):.4f} (paired t p = {p:.4f})"


@pytest.mark.parametrize(("parameter", "factor", "metric"), CHANGED_RULES)
def test_the_comparison_finds_a_changed_rule(samples, parameter, factor, metric):
    """A rule changed in one engine only is found: the comparison has the power to see a difference."""
    ref, changed = samples["reference"][metric], samples[parameter][metric]
    p = stats.ks_2samp(ref, changed).pvalue
    assert p < ALPHA, f"{parameter} x {factor} in the fast engine went unnoticed in {metric} (KS p = {p:.4f})"
