"""Dated [parameters] overrides (issue 13): a planner's policy from 2026 leaves 2015-2025 as calibrated.

``NAME = { 2026 = value }`` holds from 2026; the run is the same as without it before then and differs
after; each year is measured with the parameters in force in it; parameters read only while the 2015
economy is built (``SET_UP_PARAMETERS``) cannot be dated, and the list is checked both ways on a sample.
"""
from __future__ import annotations

import dataclasses
import math

import pytest

from conftest import MINIMAL_SCENARIO, write_file
from model import cli
from model.core.params import PARAMETERS, SET_UP_PARAMETERS, Parameters, consistency_problems
from model.experiments.run import Job, history_note, run
from model.measure.accounts import annual_table
from model.core.errors import ScenarioError
from model.scenario import load_scenario

SCALE = 0.01
END = 2019
CHANGE = 2017


def _rows(scenario, engine: str = "fast") -> dict[int, dict[str, float]]:
    m = run(Job(dataclasses.replace(scenario, end_year=END), scale=SCALE, engine=engine))
    return {int(r["year"]): r for r in annual_table(m.records, m.params, m.params.vnd_per_usd)}


def _same(a: dict, b: dict, years) -> bool:
    return all(x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y))
               for year in years for x, y in zip(a[year].values(), b[year].values()))


def _other_value(name: str) -> float:
    """A value of ``name`` away from the calibrated one that the registry's combination rules accept."""
    p, now = PARAMETERS[name], Parameters().as_dict()
    for v in (now[name] + 0.5 * (p.high - now[name]), now[name] - 0.5 * (now[name] - p.low)):
        if v != now[name] and not consistency_problems(now | {name: v}):
            return v
    raise AssertionError(f"no other value of {name}")


@pytest.fixture(scope="module")
def baseline():
    scenario = load_scenario("baseline")
    return scenario, _rows(scenario)


def test_a_dated_override_is_read_from_the_file_and_a_start_point_holds_from_the_start(tmp_path):
    path = write_file(tmp_path, "dated.toml", MINIMAL_SCENARIO + "[parameters]\n"
                      "adopt_imitation = { 2026 = 0.5 }\nupgrade_hazard = { 2015 = 0.02, 2028Q3 = 0.04 }\n"
                      "skill_decay = 0.03\n")
    s = load_scenario(path)
    assert s.parameters == {"upgrade_hazard": 0.02, "skill_decay": 0.03}
    assert s.parameter_changes == ((2026.0, "adopt_imitation", 0.5), (2028.5, "upgrade_hazard", 0.04))
    assert s.parameters_before(2026) == ("skill_decay", "upgrade_hazard")


@pytest.mark.parametrize("text, field, allowed", [
    ("gdp_2015_vnd_tn = { 2026 = 9000 }", "parameters.gdp_2015_vnd_tn", "a number: gdp_2015_vnd_tn is read only"),
    ("adopt_imitation = { 2010 = 0.5 }", "parameters.adopt_imitation.2010", "a year from the run's start_year"),
    ("adopt_imitation = { 2026 = 99 }", "parameters.adopt_imitation.2026", None),
])
def test_a_bad_dated_override_is_a_problem_naming_the_field(tmp_path, text, field, allowed):
    path = write_file(tmp_path, "bad.toml", MINIMAL_SCENARIO + "[parameters]\n" + text + "\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.field == field and (allowed is None or problem.allowed.startswith(allowed))


def test_a_dated_change_leaves_the_years_before_it_as_they_were_and_changes_the_years_after(baseline):
    scenario, before = baseline
    name = "adopt_imitation"
    dated = _rows(dataclasses.replace(scenario, parameter_changes=((float(CHANGE), name, _other_value(name)),)))
    assert _same(dated, before, range(2015, CHANGE))  # bit for bit
    assert not _same(dated, before, range(CHANGE, END + 1))
    # from the start, a dated value is the same run as the plain override
    plain = _rows(dataclasses.replace(scenario, parameters={name: _other_value(name)}))
    assert not _same(plain, before, range(2015, CHANGE))


def test_the_reference_engine_follows_a_dated_change_too(baseline):
    scenario, _ = baseline
    name = "premium_advanced"  # read through the reference engine's own tables (premium_by_level)
    before = _rows(scenario, "reference")
    dated = _rows(dataclasses.replace(scenario, parameter_changes=((float(CHANGE), name, _other_value(name)),)),
                  "reference")
    assert _same(dated, before, range(2015, CHANGE)) and not _same(dated, before, range(CHANGE, END + 1))


def test_each_year_is_measured_with_the_parameters_in_force_in_it(baseline):
    scenario, before = baseline
    name = "digitalisation_rate_services"  # measurement only: the satellite account's rate
    dated = _rows(dataclasses.replace(scenario, parameter_changes=((float(CHANGE), name, _other_value(name)),)))
    assert _same(dated, before, range(2015, CHANGE))
    assert dated[END]["digital_economy_share_pct"] != before[END]["digital_economy_share_pct"]


# A sample of the registry checked both ways (the whole registry takes minutes; each listed name was found
# by running it): set-up parameters change nothing when dated, the others change the years after.
SET_UP_SAMPLE = ("gdp_2015_vnd_tn", "enterprises_2015", "sector_wage_elasticity", "init_egov_stock",
                 "digital_fit_dispersion", "gdp_share_2015_finance")
DATEABLE_SAMPLE = ("capital_share", "tfp_growth_services", "connect_hazard", "basic_course_gain",
                   "fragmentation_waste", "revenue_share_gdp", "upgrade_hazard", "depreciation_institutions")


@pytest.mark.parametrize("name", SET_UP_SAMPLE + DATEABLE_SAMPLE)
def test_the_set_up_list_is_right_on_a_sample(baseline, name):
    scenario, before = baseline
    value = _other_value(name)
    assert not _same(_rows(dataclasses.replace(scenario, parameters={name: value})), before,
                     range(CHANGE, END + 1))  # the parameter matters in this run
    dated = _rows(dataclasses.replace(scenario, parameter_changes=((float(CHANGE), name, value),)))
    assert _same(dated, before, range(2015, CHANGE))
    assert _same(dated, before, range(CHANGE, END + 1)) == (name in SET_UP_PARAMETERS)


def test_overrides_before_the_data_end_are_named_in_a_note_and_the_manifest(tmp_path, capsys):
    import json

    base = 'title = "T"\nextends = "baseline"\n[parameters]\n'
    before = write_file(tmp_path, "before.toml", base + "adopt_imitation = 0.5\n")
    assert "adopt_imitation hold before 2026" in history_note(load_scenario(before))
    after = write_file(tmp_path, "after.toml", base + "adopt_imitation = { 2026 = 0.5 }\n")
    assert history_note(load_scenario(after)) is None
    out = tmp_path / "out"
    assert cli.main(["run", str(before), "--out", str(out), "--no-figures", "--no-counterfactual",
                     "--scale", "0.05"]) == 0
    assert "no longer reproduces 2015-2025 as calibrated" in capsys.readouterr().err
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert info["history_fit"].startswith("undone: [parameters] adopt_imitation")


def test_a_dated_change_within_a_year_is_not_taken_for_a_broken_account():
    # found in review: the GDP identity was checked with the last net_tax_share for every year
    from model.measure.soundness import soundness_problems

    scenario = dataclasses.replace(load_scenario("baseline"), end_year=END,
                                   parameter_changes=((2017.5, "net_tax_share", 0.12),))
    assert soundness_problems(run(Job(scenario, scale=SCALE))) == []


def test_a_dated_price_assumption_changes_the_dollar_price_level_from_its_year_only():
    # found in review: the rate in force in a year was compounded from the data's last year
    from model.measure.accounts import usd_price_level

    base = Parameters()
    dated = base.changed_at(2028.0, {"gdp_deflator_growth": 0.0, "vnd_depreciation": 0.0})
    assert usd_price_level(2027, dated) == usd_price_level(2027, base)
    assert usd_price_level(2028, dated) == pytest.approx(usd_price_level(2027, base))  # flat from 2028
    assert usd_price_level(2030, dated) == pytest.approx(usd_price_level(2027, base))
