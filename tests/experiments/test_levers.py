"""The lever report: extra money on one lever at a time, common random numbers, bands and pairwise odds."""
from __future__ import annotations

import math

import pytest

from model import cli
from model.experiments import levers
from model.core.categories import LEVERS
from model.core.params import Parameters
from model.experiments.levers import FROM_YEAR, LeverSettings, lever_report, with_extra
from model.outputs.charts import read_table
from model.scenario import load_scenario

SMALL = LeverSettings(draws=2, scale=0.05, workers=1)


def test_extra_money_starts_in_2026_and_leaves_the_past_alone():
    base = load_scenario("three_breakthroughs")
    more = with_extra(base, "skills", 0.5)
    before, after = base.budgets["skills"].path, more.budgets["skills"].path
    for t in (2015.0, 2020.5, 2025.75):
        assert after.value(t) == before.value(t)
    for t in (float(FROM_YEAR), 2028.25, 2030.75):
        assert after.value(t) == pytest.approx(before.value(t) + 0.5)
    assert more.budgets["infrastructure"] is base.budgets["infrastructure"]


@pytest.fixture(scope="module")
def report():
    return lever_report(SMALL)


def test_each_lever_is_compared_with_its_own_draw_of_the_base(report):
    rows, table, pairs = report
    assert len(rows) == SMALL.draws * len(LEVERS)
    for row in table:
        assert row["draws"] == SMALL.draws
        assert row["gdp_2030_pct_per_pct_gdp_p5"] <= row["gdp_2030_pct_per_pct_gdp_p50"] <= row["gdp_2030_pct_per_pct_gdp_p95"]
        assert math.isfinite(row["cumulative_multiplier_p50"])
    for a in LEVERS:  # odds of the two orders of a pair add up to at most 1 (ties count for neither)
        for b in LEVERS:
            if a < b:
                ab = next(p["probability_larger"] for p in pairs if p["lever"] == a and p["against"] == b)
                ba = next(p["probability_larger"] for p in pairs if p["lever"] == b and p["against"] == a)
                assert 0.0 <= ab <= 1.0 and ab + ba <= 1.0


def test_extra_money_is_spent_and_moves_the_levers_own_outcome(report):
    """On every draw (seed): skills money raises basic digital skills (mass courses are most of it),
    infrastructure money 5G coverage, institutions money the use of online public services."""
    rows, table, _ = report
    own = {r["lever"]: r for r in table}
    assert own["skills"]["own_outcome"] == "basic_digital_skills_pct"
    assert own["infrastructure"]["own_outcome"] == "fiveg_coverage_pct"
    assert own["institutions"]["own_outcome"] == "online_public_services_pct"
    for lever in LEVERS:
        assert own[lever]["own_outcome_change_p5"] > 0.0, lever


@pytest.mark.parametrize("lever, cost", [("skills", "skills_cost_per_person")])
def test_a_levers_effect_per_vnd_falls_as_its_unit_cost_rises(lever, cost):
    """The same extra money at four times the unit cost moves the lever's own outcome less (same seed).
    (For 5G sites and data-centre megawatts see tests/rules/test_agencies.py: in a whole run the base's own
    5G coverage nears every home by 2030 at the default cost, so extra money at a higher cost, which finds
    more homes still to reach, can move coverage more.)"""
    base = load_scenario("baseline")
    column = levers.OWN_OUTCOMES[lever]
    change = []
    for factor in (1.0, 4.0):
        value = factor * getattr(Parameters(base.parameters), cost)
        extra = {cost: value}
        runs = [levers._outcome(levers.Job(s, extra, 5, 0.05, end_year=2030))
                for s in (base, with_extra(base, lever, 0.5))]
        change.append(runs[1]["own"][column] - runs[0]["own"][column])
    assert change[0] > change[1] > 0.0, change


def test_money_that_buys_nothing_costs_only_through_its_financing(report):
    """Borrowed money that buys nothing lowers GDP on every draw (the debt raises the real rate, which takes
    investment); with the rate left unmoved by debt it costs nothing at all, exactly."""
    rows, _, _ = report
    assert all(r["paying_gdp_2030_pct_per_pct_gdp"] < 0.0 for r in rows)
    base = load_scenario("baseline")
    idle = levers.with_idle(base, 0.5)
    assert idle.idle_spending.path.value(2025.75) == 0.0 and idle.idle_spending.path.value(2027.0) == 0.5
    flat = {"debt_rate_sensitivity": 0.0}
    runs = [levers._outcome(levers.Job(s, flat, 2, 0.05, end_year=2030)) for s in (base, idle)]
    assert runs[1]["gdp_2030"] == runs[0]["gdp_2030"]


def test_common_random_numbers_make_a_variant_without_money_identical_to_its_base():
    """The comparison is exact: the same seed and parameters, and a variant that adds nothing, give the same
    economy, so any difference in the report is the money's."""
    base = load_scenario("baseline")
    same = levers._outcome(levers.Job(with_extra(base, "skills", 0.0), {}, 3, 0.02, end_year=2030))
    assert same == levers._outcome(levers.Job(base, {}, 3, 0.02, end_year=2030))


def test_the_extra_money_spent_is_what_was_asked():
    """The multiplier's denominator: the extra budget times GDP over the plan years, nothing before them
    (a budget is a share of last quarter's GDP, so about 1.5 percent less than of this year's)."""
    base = load_scenario("baseline")
    a = levers._outcome(levers.Job(base, {}, 3, 0.02, end_year=2030))
    b = levers._outcome(levers.Job(with_extra(base, "institutions", 0.5), {}, 3, 0.02, end_year=2030))
    extra = b["spend"]["institutions"] - a["spend"]["institutions"]
    assert 0.005 * b["gdp_sum"] * 0.97 < extra < 0.005 * b["gdp_sum"]


@pytest.mark.parametrize("points", [((2015.0, 0.05),), ((2030.0, 0.5),), ((2015.0, 0.1), (2028.0, 0.3))])
def test_extra_money_never_leaks_into_the_years_before(points):
    from model.scenario.types import LeverBudget, YearPath
    import dataclasses
    base = load_scenario("baseline")
    base = dataclasses.replace(base, budgets={**base.budgets, "skills": LeverBudget("pct_gdp", YearPath(points))})
    before, after = base.budgets["skills"].path, with_extra(base, "skills", 1.0).budgets["skills"].path
    for quarter in range(44):
        t = 2015.0 + quarter / 4
        assert after.value(t) == pytest.approx(before.value(t))
    for t in (2026.0, 2027.5, 2030.75):
        assert after.value(t) == pytest.approx(before.value(t) + 1.0)


def test_the_command_writes_its_folder_and_says_where_the_levers_sit(tmp_path, capsys):
    out = tmp_path / "levers"
    assert cli.main(["levers", "--draws", "1", "--scale", "0.05", "--workers", "1", "--out", str(out)]) == 0
    table = read_table(out / "levers.csv")
    assert list(table["lever"]) == list(LEVERS)
    assert all(("evidence" in v) for v in table["against_evidence"])
    assert (out / "figures" / "levers.png").stat().st_size > 0 and (out / "manifest.json").exists()
    assert "cumulative multiplier" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["--extra", "20"], "at most 10"),
    (["--base", "no_such_scenario"], "no such scenario"),
])
def test_bad_requests_exit_2_without_a_folder(tmp_path, capsys, argv, words):
    out = tmp_path / "levers"
    assert cli.main(["levers", "--draws", "1", "--scale", "0.05", "--out", str(out), *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not out.exists()


def test_with_priors_each_draw_runs_its_variants_on_one_draw_of_the_lever_parameters():
    from model.core.priors import PRIORS
    _, jobs = levers.lever_jobs(LeverSettings(draws=2, priors=True))
    per = 2 + len(LEVERS)  # the base, each lever, the idle money
    first, second = jobs[:per], jobs[per:]
    assert set(PRIORS) <= set(first[0].parameters)
    assert all(j.parameters == first[0].parameters and j.seed == first[0].seed for j in first)
    assert second[0].parameters != first[0].parameters
    _, plain = levers.lever_jobs(LeverSettings(draws=1))
    assert plain[0].parameters == {} and plain[0].seed == first[0].seed  # priors leave the seed's stream alone
