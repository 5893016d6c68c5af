"""The agencies (model.rules.agencies): budgets, fragmentation waste and what passes to the provinces."""
from __future__ import annotations

import dataclasses

import pytest

from model.engines.fast import VietnamEconomy
from model.scenario import YearPath, load_scenario


def _model_with_coordination(level: float) -> VietnamEconomy:
    s = load_scenario("baseline")
    s = dataclasses.replace(s, coordination=YearPath(((2015.0, level),)))
    return VietnamEconomy(s, seed=1, scale=0.05)


@pytest.mark.parametrize("level", [0.0, 0.5, 1.0])
def test_fragmentation_waste_depends_on_coordination(level):
    m = _model_with_coordination(level)
    p = m.params
    gdp = m.gdp_annual
    m.policy_and_budgets()
    for lever, agency in m.national_agencies.items():
        assert m.scenario.budgets[lever].unit == "pct_gdp"
        budget = m.scenario.budgets[lever].path.value(2015.0) / 100 * gdp / 4
        assert agency.budget == pytest.approx(budget)
        assert agency.wasted == pytest.approx(budget * p.fragmentation_waste * (1 - level))
        # what is not wasted goes to the provinces in the lever's provincial share
        passed = sum(g.inbox[lever] for g in m.provincial_governments)
        share = getattr(p, f"provincial_share_{lever}")
        assert passed == pytest.approx((budget - agency.wasted) * share)

    m = _model_with_coordination(level)  # a fresh model, stepped the usual way
    for _ in range(4):
        m.step()
    assert len(m.records) == 4
    for r in m.records:
        assert r.values["wasted_vnd_bn"] / r.values["spend_total_vnd_bn"] == pytest.approx(
            p.fragmentation_waste * (1 - level))
    if level == 1.0:
        assert all(r.values["wasted_vnd_bn"] == 0.0 for r in m.records)


def test_training_places_rise_with_money_but_never_past_capacity():
    from model.rules.agencies import places_within
    capacity = 1000.0
    wanted = [0.0, 10.0, 500.0, 1000.0, 5000.0, 1e9]
    places = [places_within(w, capacity) for w in wanted]
    assert places[0] == 0.0 and places[1] == pytest.approx(10.0, rel=0.01)  # far below capacity: what money buys
    assert all(b > a for a, b in zip(places, places[1:-1])) and max(places) <= capacity
    # the last places cost more: the places per VND fall as money rises
    assert places[2] / 500.0 > places[3] / 1000.0 > places[4] / 5000.0
    assert places_within(100.0, 0.0) == 0.0


def test_dearer_courses_buy_fewer_places_and_capacity_grows():
    import numpy as np

    from model.core.params import Parameters
    from model.rules.agencies import TRAINING_CAPACITY_YEAR, advanced_exposure, training_capacity_factor
    p = Parameters({"training_capacity_growth": 0.1})
    shares, skilled = np.array([0.5, 0.5]), np.array([1e6, 1e6])
    cheap = advanced_exposure(100.0, p, shares, skilled, 2026.0)
    dear = advanced_exposure(100.0, Parameters({"advanced_training_cost_per_person": 2 * p.advanced_training_cost_per_person,
                                                "training_capacity_growth": 0.1}), shares, skilled, 2026.0)
    assert (dear < cheap).all() and (dear > 0).all()
    assert training_capacity_factor(p, TRAINING_CAPACITY_YEAR + 2) == pytest.approx(1.21)


def _province_building(overrides: dict, fiveg: bool, money: float, seed: int = 1):
    """One province's government spends ``money`` (VND bn) on access once; returns (before, after) coverage."""
    import numpy as np

    s = load_scenario("baseline")
    s = dataclasses.replace(s, parameters={**s.parameters, **overrides})
    m = VietnamEconomy(s, seed=seed, scale=0.05)
    m.conditions.fiveg = fiveg
    gov = m.provincial_governments[3]
    before = (m.conditions.mobile_coverage.copy(), m.conditions.fibre_coverage.copy(),
              m.conditions.fiveg_coverage.copy())
    gov._build_access(money)
    after = (m.conditions.mobile_coverage, m.conditions.fibre_coverage, m.conditions.fiveg_coverage)
    return [np.asarray(b)[3] for b in before], [np.asarray(a)[3] for a in after]


def test_after_commercial_5g_mobile_money_builds_5g_and_dearer_sites_reach_fewer_homes():
    before, after = _province_building({}, fiveg=False, money=500.0)
    assert (after[0] > before[0]).all() and (after[2] == 0).all()  # 4G before the switch, no 5G
    before, after = _province_building({}, fiveg=True, money=500.0)
    assert (after[2] > 0).all() and (after[1] > before[1]).all()
    # 4G still grows where homes are unreached, by less than all the mobile money would have bought it
    only_4g = _province_building({}, fiveg=False, money=500.0)[1]
    assert (after[0] >= before[0]).all() and (after[0] < only_4g[0]).all()
    dear = _province_building({"cost_per_home_5g_urban": 1.2, "cost_per_home_5g_rural": 2.4}, True, 500.0)[1]
    assert (dear[2] < after[2]).all() and (dear[2] > 0).all()  # twice the unit cost: fewer homes per VND
    flooded = _province_building({}, fiveg=True, money=1e9)[1]
    assert (flooded[2] <= 1.0).all() and flooded[2].min() > 0.999  # coverage binds at every home


def test_national_infrastructure_is_valued_in_data_centre_megawatts_and_saturates():
    import numpy as np

    from model.core.params import Parameters
    from model.rules.agencies import set_national_indices
    from conftest import conditions

    p = Parameters()
    index = []
    for cost in (105.0, 210.0):
        cond = conditions(2)
        set_national_indices(cond, Parameters({"data_centre_cost_per_mw": cost}), 0.002, 0.005)
        index.append(cond.national_infra)
    assert 0 < index[1] < index[0] < 1  # dearer megawatts: less infrastructure for the same money
    stocks = [0.0, 0.001, 0.01, 0.1, 10.0]
    levels = []
    for z in stocks:
        cond = conditions(2)
        set_national_indices(cond, p, 0.002, z)
        levels.append(cond.national_infra)
    assert levels[0] == 0.0 and all(b > a for a, b in zip(levels, levels[1:])) and levels[-1] < 1.0
    assert np.isclose(levels[-1], 1.0, atol=0.01)
