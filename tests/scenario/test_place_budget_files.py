"""Provinces' and regions' own lever budgets in a scenario ([provinces."NAME".levers.LEVER],
[regions."NAME".levers.LEVER]): how they read, merge and fail."""
from __future__ import annotations

import pytest

from conftest import write_file as write
from model import cli
from model.core.data import load_provinces
from model.core.errors import ScenarioError
from model.scenario import load_scenario, scenario_from_dict

PROVINCES = load_provinces()


def _index(name_ascii: str) -> int:
    return next(i for i, p in enumerate(PROVINCES) if p.name_ascii == name_ascii)


def _problems(tmp_path, text: str) -> list[str]:
    path = write(tmp_path, "local.toml", 'title = "Local money"\nextends = "baseline"\n' + text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_a_province_is_named_in_vietnamese_without_accents_or_by_code(tmp_path):
    path = write(tmp_path, "local.toml", '''
        title = "Local money"
        extends = "baseline"
        [provinces."Bắc Ninh".levers.skills]
        budget_pct_grdp = { 2026 = 0.3, 2030 = 0.5 }
        [provinces."lai chau".levers.infrastructure]
        budget_pct_grdp = { 2027 = 1 }
        [provinces."04".levers.institutions]
        budget_pct_grdp = { 2026 = 0.2 }
        [regions."Northern Midlands and Mountains".levers.infrastructure]
        budget_pct_grdp = { 2026 = 0.5 }
    ''')
    s = load_scenario(path)
    got = {(b.kind, b.place, b.lever): b for b in s.place_budgets}
    assert set(got) == {("province", "Bắc Ninh", "skills"), ("province", "Lai Châu", "infrastructure"),
                        ("province", "Cao Bằng", "institutions"),
                        ("region", "Northern Midlands and Mountains", "infrastructure")}
    skills = got["province", "Bắc Ninh", "skills"]
    assert skills.provinces == (_index("Bac Ninh"),) and skills.budget.unit == "pct_grdp"
    assert skills.budget.path.value(2028.0) == pytest.approx(0.4)  # straight lines between points, as national paths
    region = got["region", "Northern Midlands and Mountains", "infrastructure"].provinces
    assert len(region) == 9 and _index("Cao Bang") in region and _index("Ha Noi") not in region
    # extra money starts at its first point (a national path is flat before it): nothing before, then per cent of GRDP
    assert skills.quarterly_vnd_bn(2025.75, 1000.0) == 0.0
    assert skills.quarterly_vnd_bn(2026.0, 1000.0) == pytest.approx(0.3 / 100 * 1000 / 4)
    assert skills.quarterly_vnd_bn(2035.0, 1000.0) == pytest.approx(0.5 / 100 * 1000 / 4)


def test_place_budgets_merge_year_by_year_through_extends(tmp_path):
    write(tmp_path, "parent.toml", '''
        title = "Parent"
        extends = "baseline"
        [provinces."Ha Noi".levers.skills]
        budget_pct_grdp = { 2026 = 0.3, 2030 = 0.5 }
    ''')
    child = write(tmp_path, "child.toml", '''
        title = "Child"
        extends = "parent.toml"
        [provinces."Ha Noi".levers.skills]
        budget_pct_grdp = { 2030 = 0.9 }
    ''')
    (b,) = load_scenario(child).place_budgets
    assert b.budget.path.points == ((2026.0, 0.3), (2030.0, 0.9))


def test_the_shipped_example_and_a_dict_read_alike():
    s = load_scenario("lagging_provinces")
    assert {(b.kind, b.lever) for b in s.place_budgets} == {("region", "skills"), ("region", "infrastructure"),
                                                             ("province", "institutions")}
    same = scenario_from_dict({"title": "x", "extends": "lagging_provinces"})
    assert same.place_budgets == s.place_budgets
    assert load_scenario("baseline").place_budgets == ()


def test_an_unknown_province_lists_the_allowed_ones(tmp_path):
    (problem,) = _problems(tmp_path, '[provinces."Bac Nin".levers.skills]\nbudget_pct_grdp = { 2026 = 0.3 }\n')
    assert "local.toml" in problem and 'provinces."Bac Nin"' in problem and "unknown province" in problem
    assert "Hà Nội (Ha Noi, 01)" in problem and "Cà Mau (Ca Mau, 96)" in problem
    assert "did you mean 'Bac Ninh'" in problem


def test_an_unknown_region_lists_the_six(tmp_path):
    (problem,) = _problems(tmp_path, '[regions."North West".levers.skills]\nbudget_pct_grdp = { 2026 = 0.3 }\n')
    assert 'regions."North West"' in problem and "unknown region" in problem
    assert "Northern Midlands and Mountains" in problem and "Mekong River Delta" in problem


@pytest.mark.parametrize("value", ["-0.1", "10.5", "500", '"0.3"', "true", "nan"])
def test_negative_absurd_or_non_numeric_budgets_are_refused(tmp_path, value):
    (problem,) = _problems(tmp_path, f'[provinces.Hue.levers.skills]\nbudget_pct_grdp = {{ 2026 = {value} }}\n')
    assert 'provinces."Hue".levers.skills.budget_pct_grdp.2026' in problem
    assert "a number from 0 to 10 (per cent of the province's own GRDP a year" in problem


@pytest.mark.parametrize(("text", "words"), [
    ('[provinces.Hue.levers.skills]\nbudget_pct_gdp = { 2026 = 0.3 }\n', "did you mean 'budget_pct_grdp'"),
    ('[provinces.Hue.levers.skill]\nbudget_pct_grdp = { 2026 = 0.3 }\n', "did you mean 'skills'"),
    ('[provinces.Hue]\nlevers = 3\n', 'a [provinces."Hue".levers.LEVER] table'),
    ('provinces = 3\n', 'a [provinces."NAME".levers.LEVER] table'),
    ('[provinces.Hue.levers.skills]\nbudget_pct_grdp = { 2026 = 0.3 }\n'
     '[provinces."46".levers.skills]\nbudget_pct_grdp = { 2026 = 0.3 }\n', 'the same province as "Hue"'),
])
def test_other_mistakes_say_what_is_allowed(tmp_path, text, words):
    problems = _problems(tmp_path, text)
    assert any(words in p for p in problems), problems


def test_a_bad_province_budget_exits_2_without_a_traceback_or_a_folder(tmp_path, capsys):
    bad = write(tmp_path, "bad_province.toml", '''
        title = "Bad"
        extends = "baseline"
        [provinces."Bac Nin".levers.skills]
        budget_pct_grdp = { 2026 = 0.3 }
        [regions."Red River Delta".levers.skills]
        budget_pct_grdp = { 2026 = -2 }
    ''')
    out = tmp_path / "never"
    assert cli.main(["run", str(bad), "--out", str(out), "--scale", "0.1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "bad_province.toml" in err and "unknown province" in err and "Traceback" not in err
    assert 'regions."Red River Delta".levers.skills.budget_pct_grdp.2026 = -2' in err
    assert not out.exists()
