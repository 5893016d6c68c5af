"""The counterfactual behind the causal digital contribution (experiments.counterfactual)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from model.experiments.counterfactual import FROZEN_AFTER, frozen_digital, has_counterfactual, held_after
from model.experiments.run import Job, run
from model.measure.accounts import CAUSAL_COLUMN, add_causal_contribution
from model.scenario import load_scenario
from model.scenario.types import YearPath

def _rows(scenario, seed, scale=0.25, engine="fast", end_year=2028):
    return run(Job(scenario, {}, seed, scale, end_year, engine)).annual_rows()


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_the_frozen_phases_are_phases_of_the_engine(engine):
    """A misspelt name would freeze nothing."""
    from model.engines import engine_class
    cls = engine_class(engine)
    assert cls.DIGITAL_ADOPTION_PHASES and cls.DIGITAL_ADOPTION_PHASES <= set(cls.PHASES)


def test_a_path_is_held_at_its_value_at_the_end_of_the_year():
    path = YearPath(((2020.0, 1.0), (2030.0, 3.0)))
    held = held_after(path, 2025)
    assert held.value(2025.75) == pytest.approx(path.value(2025.75))
    assert held.value(2029.0) == pytest.approx(path.value(2025.75))
    assert held.value(2022.0) == pytest.approx(path.value(2022.0))


def test_the_frozen_scenario_holds_budgets_levels_and_later_switches():
    s = load_scenario("three_breakthroughs")
    frozen = frozen_digital(s)
    for lever, budget in frozen.budgets.items():
        assert budget.path.value(2030.0) == pytest.approx(s.budgets[lever].path.value(2025.75))
    assert frozen.coordination.value(2030.0) == pytest.approx(s.coordination.value(2025.75))
    assert s.switches["depa_membership"] is not None and s.switches["depa_membership"] > FROZEN_AFTER
    assert frozen.switches["depa_membership"] is None
    assert frozen.digital_frozen_after == FROZEN_AFTER
    assert not has_counterfactual(dataclasses.replace(s, end_year=FROZEN_AFTER))
    # A province's own money that starts after the freeze is not spent in the counterfactual.
    lagging = load_scenario("lagging_provinces")
    assert lagging.place_budgets and all(b.budget.path.points[0][0] > FROZEN_AFTER for b in lagging.place_budgets)
    assert frozen_digital(lagging).place_budgets == ()


HOUSEHOLD_STATE = ("skill", "connectivity", "ecommerce", "cashless", "egov", "trust")


@pytest.mark.parametrize("engine, scale", [("fast", 0.25), ("reference", 0.03)])
def test_nothing_digital_changes_after_the_freeze_in_either_engine(engine, scale):
    """No household learns, connects or adopts, no firm upgrades and no digital firm enters after 2025 (the
    adoption shares still drift a little as town and country grow at different rates)."""
    job = Job(frozen_digital(load_scenario("baseline")), {}, 2, scale, 2027, engine)
    seen = {}

    def keep(m):
        if m.time == FROZEN_AFTER + 1.0:
            with m.measuring():
                seen.update({f: np.array(getattr(m.households, f), dtype=float) for f in HOUSEHOLD_STATE})
                seen["maturity"] = np.array(m.firms.maturity)

    m = run(job, before_quarter=keep)
    with m.measuring():
        for field in HOUSEHOLD_STATE:
            np.testing.assert_array_equal(np.array(getattr(m.households, field), dtype=float), seen[field], field)
    with m.measuring():  # no firm's maturity changed either (exit and entry keep the slot's)
        maturity = np.array(m.firms.maturity)
    np.testing.assert_array_equal(maturity, seen["maturity"])
    quarters = [r for r in m.records if r.year > FROZEN_AFTER]
    assert quarters and all(r.values["digital_investment_vnd_bn"] == 0.0 for r in quarters)
    # A year's row reads the entry of the year-end before it (the accounts come before the year end).
    entrants = {r["year"]: r["digital_entrants"] for r in m.annual_rows()}
    assert entrants[FROZEN_AFTER + 1] > 0.0 and entrants[FROZEN_AFTER + 2] == 0.0
    before = [r for r in m.records if r.year == FROZEN_AFTER]
    assert all(r.values["digital_investment_vnd_bn"] > 0.0 for r in before)  # firms did invest until then


def test_the_causal_contribution_is_zero_when_nothing_digital_changes():
    """The frozen scenario against its own freeze: the same seed gives the same run, so exactly zero."""
    frozen = frozen_digital(load_scenario("baseline"))
    rows = _rows(frozen, 4)
    add_causal_contribution(rows, _rows(frozen_digital(frozen), 4), FROZEN_AFTER)
    after = [r[CAUSAL_COLUMN] for r in rows if r["year"] > FROZEN_AFTER]
    assert after and all(v == 0.0 for v in after)
    assert all(np.isnan(r[CAUSAL_COLUMN]) for r in rows if r["year"] <= FROZEN_AFTER)


def test_digital_change_raises_growth_in_the_baseline_across_seeds():
    """Learning, connecting, adopting and upgrading after 2025 raise 2026-2028 growth on every seed."""
    s = load_scenario("baseline")
    for seed in (1, 2, 3):
        rows = _rows(s, seed)
        add_causal_contribution(rows, _rows(frozen_digital(s), seed), FROZEN_AFTER)
        mean = np.mean([r[CAUSAL_COLUMN] for r in rows if r["year"] > FROZEN_AFTER])
        assert 0.0 < mean < 3.0, (seed, mean)


@pytest.mark.parametrize("twin", [True, False])
def test_a_run_folder_has_the_causal_column_after_2025_unless_asked_not_to(tmp_path, twin):
    from conftest import read_csv
    from model.experiments.run import run_to_folder

    out = run_to_folder("baseline", 3, 0.05, tmp_path / "run", figures=False, counterfactual=twin)
    rows = {int(r["year"]): r[CAUSAL_COLUMN] for r in read_csv(out / "annual.csv")}
    assert rows[FROZEN_AFTER] == ""
    assert (rows[2030] != "") == twin
    quarters = [r[CAUSAL_COLUMN] for r in read_csv(out / "quarterly.csv") if int(r["year"]) > FROZEN_AFTER]
    assert all((q != "") == twin for q in quarters)


def _same_rows(a: list[dict], b: list[dict]) -> bool:
    return len(a) == len(b) and all(x == y or (x != x and y != y)
                                    for ra, rb in zip(a, b) for x, y in zip(ra.values(), rb.values()))


@pytest.mark.parametrize("name, engine, scale", [
    ("baseline", "fast", 0.1), ("three_breakthroughs", "fast", 0.1), ("lagging_provinces", "fast", 0.1),
    ("double_digit_push", "fast", 0.05), ("baseline", "reference", 0.02),
])
def test_the_twin_continued_from_a_copy_is_the_twin_run_from_the_start(name, engine, scale):
    """Issue 14: the twin is the run's economy copied at 2026Q1 and continued; bit for bit the twin from 2015."""
    from model.experiments.run import run_with_twin

    scenario = load_scenario(name)
    model, twin = run_with_twin(Job(scenario, seed=3, scale=scale, engine=engine))
    from_start = run(Job(frozen_digital(scenario), seed=3, scale=scale, engine=engine))
    assert _same_rows(twin.annual_rows(), from_start.annual_rows())
    assert _same_rows(model.annual_rows(), run(Job(scenario, seed=3, scale=scale, engine=engine)).annual_rows())
    assert twin.scenario.digital_frozen_after == FROZEN_AFTER and model.scenario.digital_frozen_after is None


def test_a_dated_parameter_change_carries_into_the_twin():
    from model.experiments.run import run_with_twin

    scenario = dataclasses.replace(load_scenario("baseline"), parameter_changes=((2024.0, "adopt_imitation", 0.5),
                                                                                   (2027.0, "upgrade_hazard", 0.05)))
    _, twin = run_with_twin(Job(scenario, seed=3, scale=0.05))
    assert _same_rows(twin.annual_rows(), run(Job(frozen_digital(scenario), seed=3, scale=0.05)).annual_rows())
