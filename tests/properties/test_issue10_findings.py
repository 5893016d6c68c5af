"""One test per finding of issue 10's "valid input, invalid economy" review (each failed before the fix)."""
from __future__ import annotations

import numpy as np
import pytest

from model.core.errors import ScenarioError
from model.core.params import PARAMETERS
from model.experiments.run import Job, run
from model.measure.soundness import soundness_problems
from model.rules.households import growth_factors
from model.core.params import Parameters
from model.scenario import load_scenario, scenario_from_dict

SCALE = 0.02


def _scenario(parameters: dict, end_year: int = 2022, extends: str = "baseline"):
    return scenario_from_dict({"title": "finding", "extends": extends, "end_year": end_year,
                               "parameters": parameters})


def _sound(parameters: dict, end_year: int = 2022, extends: str = "baseline", scale: float = SCALE):
    model = run(Job(_scenario(parameters, end_year, extends), scale=scale))
    problems = soundness_problems(model)
    assert not problems, "\n".join(problems[:10])
    return model


@pytest.mark.parametrize("parameters", [
    {"online_spend_share": 0.0},        # ZeroDivisionError in core-digital demand
    {"consumption_share": 0.0},         # the same: no retail spending at set-up
    {"skill_gate_ecommerce": 1.0},      # no adopter can pass the gate at set-up
    {"skill_gate_cashless": 1.0},
    {"init_ecommerce_share": 0.0},
    {"init_internet_share": 0.0},       # no connectivity to scale telecoms demand from
])
def test_values_in_range_that_crashed_now_run_soundly(parameters):
    _sound(parameters)


@pytest.mark.parametrize("name, value", [
    ("skills_cost_per_person", 0.0), ("advanced_training_cost_per_person", 0.0), ("init_trust", 0.0),
    ("basic_skill_threshold", 0.0), ("rural_agriculture_share", 0.0), ("employment_share_2015_manufacturing", 0.0),
    ("gdp_share_2015_finance", 0.0), ("firm_productivity_volatility", 0.5), ("exit_rate", 0.5),
    ("fdi_shock_elasticity", 2.0), ("institutions_half_point", 0.0), ("depreciation", 0.2),
])
def test_values_that_broke_the_economy_are_refused_with_a_reason(name, value):
    with pytest.raises(ScenarioError, match=name):
        _scenario({name: value})


@pytest.mark.parametrize("name", ["skills_cost_per_person", "advanced_training_cost_per_person", "init_trust",
                                  "basic_skill_threshold"])
def test_the_new_low_ends_run_soundly(name):
    _sound({name: PARAMETERS[name].low})


def test_lowest_consistent_rural_farm_share_runs():
    """The consistency rule's bound is enough: just above it the set-up's urban farm share is a share."""
    p = Parameters()
    jobs = np.array([getattr(p, f"employment_share_2015_{s}") for s in
                     ("agriculture", "manufacturing", "other_industry", "trade_logistics", "finance",
                      "other_services", "digital_core")])
    farm = jobs[0] / jobs.sum()
    need = (farm - p.urban_share_2015) / (1 - p.urban_share_2015)
    _sound({"rural_agriculture_share": need + 1e-3})


def test_urban_share_0_9_to_2050_keeps_weights_and_shares():
    model = _sound({"urban_share_2015": 0.9}, end_year=2050)
    with model.measuring():
        assert (model.households.weight >= 0).all()


def test_urbanisation_stops_at_the_ceiling():
    p = Parameters({"urban_share_gain": 0.02})
    f = growth_factors(0.99, p, 0.01)
    assert (f > 0).all()
    assert f[1] >= f[0]  # no further move to towns above the ceiling


def test_ecommerce_share_of_retail_at_most_100():
    """online_spend_share at 1 with trust above its 2015 level (multiplier up to online_trust_cap)."""
    model = _sound({"online_spend_share": 1.0, "online_trust_cap": 5.0, "init_trust": 0.1, "trust_recovery": 1.0,
                    "institutions_trust_gain": 1.0, "fraud_rate": 0.0, "init_internet_share": 1.0,
                    "init_mobile_coverage_urban": 1.0, "init_mobile_coverage_rural": 1.0, "basic_skill_threshold": 0.05,
                    "init_ecommerce_share": 1.0, "skill_gate_ecommerce": 0.0}, end_year=2022)
    shares = [r["ecommerce_share_retail_pct"] for r in model.annual_rows()]
    assert max(shares) <= 100.0
    assert max(shares) > 50.0  # the case does reach the cap's neighbourhood


def test_three_breakthroughs_to_2050_keeps_capital_output_in_bounds():
    scenario = scenario_from_dict({"title": "to 2050", "extends": "three_breakthroughs", "end_year": 2050})
    model = run(Job(scenario, scale=0.05))
    rows = model.annual_rows()
    ratio = max(r["capital_vnd_bn"] / r["gdp_vnd_bn"] for r in rows)
    assert ratio < 10.0
    assert not soundness_problems(model)


def test_three_breakthroughs_to_2030_unchanged_by_the_entry_limit():
    """The digital-firm limit does not bind in the shipped scenarios' years."""
    from model.rules.firms import MAX_DIGITAL_FIRM_MULTIPLE, MAX_DIGITAL_FIRMS_PER_PERSON
    model = run(Job(load_scenario("three_breakthroughs"), scale=0.05))
    last = model.annual_rows()[-1]
    first = model.annual_rows()[0]
    assert last["digital_firms"] < MAX_DIGITAL_FIRMS_PER_PERSON * last["population"]
    assert last["digital_firms"] < MAX_DIGITAL_FIRM_MULTIPLE * first["digital_firms"]


def test_all_core_shares_zero_is_refused():
    """The digital core's value added is split by the core_share_* parameters: all 0 divided 0 by 0."""
    with pytest.raises(ScenarioError, match="core_share"):
        _scenario({f"core_share_{s}": 0.0 for s in ("ict_manufacturing", "telecoms", "software_services",
                                                     "platforms")})


def test_fdi_collapse_with_the_highest_elasticity_keeps_demand_non_negative():
    """An FDI fall near the shock's limit with fdi_shock_elasticity at its high end (NaN weights before)."""
    table = {"title": "fdi collapse", "extends": "baseline", "end_year": 2024,
             "parameters": {"fdi_shock_elasticity": PARAMETERS["fdi_shock_elasticity"].high},
             "shocks": [{"kind": "fdi_inflow", "start": "2020Q4", "end": "2023Q4", "size": -90.0,
                         "persistence": 0.8}]}
    model = run(Job(scenario_from_dict(table), scale=SCALE))
    assert not [p for p in soundness_problems(model) if "finite" in p or "negative" in p]


def test_full_inclusion_with_every_home_passed_splits_money_by_people():
    from model.rules.agencies import allocation_weights
    people = np.array([3.0, 1.0])
    w = allocation_weights(people, np.zeros(2), inclusion=1.0)
    assert np.allclose(w, [0.75, 0.25])
