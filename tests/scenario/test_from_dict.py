"""A scenario from a plain dict goes through the same checks, with the same messages, as a file."""
from __future__ import annotations

import tomllib

import numpy as np
import pytest

from model.core.errors import ScenarioError
from model.core.paths import SCENARIO_DIR
from model.scenario import load_scenario, scenario_from_dict


def _problems(error: ScenarioError) -> list[tuple[str, object, str]]:
    """(field, value, allowed) of each problem, without the file name."""
    return [(p.field, p.value, p.allowed) for p in error.problems]


@pytest.mark.parametrize("name", ["baseline", "three_breakthroughs", "cyber_shock", "double_digit_push"])
def test_a_shipped_file_read_as_a_dict_gives_the_same_scenario(name):
    from_file = load_scenario(name)
    table = tomllib.loads((SCENARIO_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    from_dict = scenario_from_dict(table, name=name, base_dir=SCENARIO_DIR)
    for field in ("title", "start_year", "end_year", "seed", "budgets", "coordination", "inclusion", "switches",
                  "shocks", "parameters", "resolved"):
        assert getattr(from_dict, field) == getattr(from_file, field), field
    assert from_dict.name == name and from_dict.source == f"<{name}>"


def test_bad_values_get_the_same_messages_as_in_a_file(tmp_path):
    table = {"title": "Bad", "extends": "baseline", "levers": {"skills": {"budget_pct_gdp": {"2026": 50}}},
             "parameters": {"upgrade_hazard": -1, "no_such_parameter": 1}, "bogus": True}
    text = ('title = "Bad"\nextends = "baseline"\nbogus = true\n[levers.skills]\nbudget_pct_gdp = { 2026 = 50 }\n'
            '[parameters]\nupgrade_hazard = -1\nno_such_parameter = 1\n')
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as from_file:
        load_scenario(str(tmp_path / "bad.toml"))
    with pytest.raises(ScenarioError) as from_dict:
        scenario_from_dict(table, name="form")
    assert sorted(map(str, _problems(from_dict.value))) == sorted(map(str, _problems(from_file.value)))
    assert len(from_dict.value.problems) == 4
    assert all(p.file == "<form>" for p in from_dict.value.problems)


def test_numbers_from_numpy_and_integer_year_keys_are_accepted():
    s = scenario_from_dict({"title": "A form", "extends": "baseline",
                            "levers": {"skills": {"budget_pct_gdp": {2026: np.float64(0.5)}}}, "seed": np.int64(3)})
    assert s.seed == 3 and s.budgets["skills"].path.value(2027.0) == 0.5


def test_the_dict_is_not_changed_and_not_a_dict_is_refused():
    table = {"title": "Kept", "extends": "baseline", "levers": {"skills": {"budget_pct_gdp": {"2026": 0.5}}}}
    before = repr(table)
    scenario_from_dict(table)
    assert repr(table) == before
    with pytest.raises(ScenarioError, match="a dict"):
        scenario_from_dict(["not", "a", "dict"])


def test_extends_a_missing_parent_is_reported(tmp_path):
    with pytest.raises(ScenarioError) as e:
        scenario_from_dict({"title": "Orphan", "extends": "no_such_parent"}, base_dir=tmp_path)
    assert any(p.field == "extends" and "no such scenario" in p.allowed for p in e.value.problems)
