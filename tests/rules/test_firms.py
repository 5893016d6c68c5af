"""The firm phases (model.rules.firms) against hand-worked numbers on tiny hand-built populations.

The expected values below are worked out from the formulas in the docstrings
and code of model/rules/firms.py, with parameters chosen (via Parameters
overrides) so that the arithmetic is easy to follow. The builders (``firms``,
``conditions``, ``params``) are in conftest.py.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from conftest import FINANCE, HUGE, MANUFACTURING, OTHER_SERVICES, TRADE, S, conditions, firms, params
from model.core.categories import (
    ADVANCED, AGRICULTURE, BASIC, DIGITAL_CORE, INTEGRATED, NO_SUBSECTOR, NONE, PLATFORMS, SOFTWARE,
)
from model.core.kernels import Draws
from model.rules import firms as firm_phase
from model.rules.firms import Firms


def test_premium_with_data_sharing_and_skill_fill():
    p = params(premium_basic=0.1, premium_integrated=0.2, premium_advanced=0.4, data_sharing_premium_boost=0.5)
    maturity = np.array([NONE, BASIC, INTEGRATED, ADVANCED, ADVANCED])
    fill = np.array([1.0, 0.5, 0.5, 0.5, 1.0])
    got = firm_phase.premium(maturity, p, 0.6, fill)
    # data-heavy levels (integrated, advanced) scale by (1 + 0.5 * 0.6) * fill; basic does not need staff
    np.testing.assert_allclose(got, [0.0, 0.1, 0.2 * 1.3 * 0.5, 0.4 * 1.3 * 0.5, 0.4 * 1.3])


UPGRADE_MIX = dict(  # 8 firms: every level, core firms, a household business
    maturity=[NONE, BASIC, INTEGRATED, ADVANCED, NONE, BASIC, ADVANCED, NONE],
    sector=[MANUFACTURING, TRADE, FINANCE, TRADE, MANUFACTURING, DIGITAL_CORE, DIGITAL_CORE, AGRICULTURE],
    subsector=[NO_SUBSECTOR] * 5 + [SOFTWARE, PLATFORMS, NO_SUBSECTOR],
    province=[0, 0, 1, 1, 1, 0, 1, 0],
    household_business=[False] * 7 + [True],
    weight=[2.0, 3.0, 1.0, 1.0, 4.0, 1.0, 1.0, 5.0],
    value_added=[1.0, 2.0, 0.5, 1.0, 1.5, 1.0, 1.0, 0.2],
    digital_capital=[0.0, 1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.0],
)


def test_upgrade_with_zero_hazard_moves_nobody():
    f = firms(8, **UPGRADE_MIX)
    before = f.maturity.copy(), f.digital_capital.copy()
    spent = firm_phase.upgrade(f, conditions(), params(upgrade_hazard=0.0), Draws(0, 0), 3.0,
                               np.ones(2), 2, S)
    assert spent == 0.0
    np.testing.assert_array_equal(f.maturity, before[0])
    np.testing.assert_array_equal(f.digital_capital, before[1])


def test_upgrade_moves_one_level_adds_the_cost_and_reports_the_spending():
    p = params(upgrade_hazard=HUGE, upgrade_cost_basic=0.2, upgrade_cost_integrated=0.6, upgrade_cost_advanced=1.2,
               tech_cost_decline=0.1, infra_cost_relief=0.5, institutions_cost_relief=0.5,
               small_firm_finance_limit=10.0)
    f = firms(8, **UPGRADE_MIX)
    m0, dc0 = f.maturity.copy(), f.digital_capital.copy()
    cond = conditions(infra_quality=np.array([0.2, 0.6]), institutions=0.4, data_sharing=0.5)
    years = 2.0
    spent = firm_phase.upgrade(f, cond, p, Draws(0, 0), years, np.ones(2), 2, S)

    core = np.array(UPGRADE_MIX["sector"]) == DIGITAL_CORE
    step = f.maturity - m0
    assert set(step.tolist()) <= {0, 1}  # never more than one level
    assert (step[core] == 0).all()  # core firms are not on the ladder
    assert (step[m0 == ADVANCED] == 0).all()  # nowhere to go
    movers = ~core & (m0 < ADVANCED)
    assert (step[movers] == 1).all()  # a huge hazard moves every candidate

    # cost = rate of the next level * annual VA * exp(-decline * years) * infra relief * institutions relief
    rate = np.array([0.0, 0.2, 0.6, 1.2])[np.minimum(m0 + 1, ADVANCED)]
    infra = np.array([0.2, 0.6])[np.array(UPGRADE_MIX["province"])]
    cost = rate * 4 * f.value_added * math.exp(-0.1 * years) * (1 - 0.5 * infra) * (1 - 0.5 * 0.4)
    np.testing.assert_allclose(f.digital_capital - dc0, np.where(movers, cost, 0.0))
    assert spent == pytest.approx(float((f.weight * cost)[movers].sum()))


def test_invest_capital_law_of_motion_by_hand():
    p = params(investment_rate=0.3, investment_rate_agriculture=0.1, depreciation=0.08, capital_output_ratio=1.25,
               investment_return_elasticity=0.5)
    f = firms(3, capital=[10.0, 10.0, 10.0], value_added=[2.0, 2.0, 2.0], fdi=[False, True, False],
              sector=[MANUFACTURING, MANUFACTURING, AGRICULTURE])
    made = firm_phase.invest(f, p, common=0.8, fdi_multiplier=1.5)
    # Return ratio 4 * 1.25 * 2 / 10 = 1 (set-up return): rate = base * 1 * common (* FDI factor).
    # 10 * (1 - 0.02) + 0.3 * 0.8 * 2 = 10.28 ; FDI firm: + 0.3 * 0.8 * 1.5 * 2 = 10.52 ; farm: + 0.1 * 0.8 * 2
    np.testing.assert_allclose(f.capital, [10.28, 10.52, 9.96])
    assert made == pytest.approx(float((f.weight * np.array([0.48, 0.72, 0.16])).sum()))


def test_investment_responds_to_the_return_on_capital():
    p = params(investment_rate=0.3, depreciation=0.0, capital_output_ratio=1.25, investment_return_elasticity=0.5)
    f = firms(3, capital=[10.0, 2.5, 1e-9], value_added=[2.0, 2.0, 2.0], sector=[MANUFACTURING] * 3)
    firm_phase.invest(f, p, common=1.0, fdi_multiplier=1.0)
    # return ratios 1, 4 and huge: factors 1, 2 and the cap MAX_RETURN_FACTOR
    np.testing.assert_allclose(f.capital - np.array([10.0, 2.5, 1e-9]),
                               [0.6, 0.3 * 2.0 * 2.0, 0.3 * firm_phase.MAX_RETURN_FACTOR * 2.0])


def test_manufacturing_demand_pulls_output_towards_demand():
    p = params(manufacturing_demand_weight=0.5, manufacturing_export_share=0.6)
    assert firm_phase.manufacturing_demand(p, 1.2 ** (1 / 0.6), 1.0) == pytest.approx(1.2)
    assert firm_phase.demand_factor(p, 1.21, 1.0) == pytest.approx(1.1)  # half way in logs
    assert firm_phase.demand_factor(p, 1.0, 1.0) == 1.0
    assert firm_phase.demand_factor(params(manufacturing_demand_weight=0.0), 2.0, 1.0) == 1.0  # supply only


ENTRY_MIX = dict(
    productivity=[0.5, 0.9, 0.84, 0.2, 0.3, 1.3, 0.1],
    sector=[MANUFACTURING, TRADE, FINANCE, DIGITAL_CORE, OTHER_SERVICES, AGRICULTURE, TRADE],
    subsector=[NO_SUBSECTOR] * 3 + [SOFTWARE] + [NO_SUBSECTOR] * 3,
    household_business=[False, False, False, False, False, False, True],
    maturity=[INTEGRATED, BASIC, NONE, ADVANCED, ADVANCED, BASIC, BASIC],
    digital_capital=[5.0, 1.0, 0.0, 2.0, 3.0, 1.0, 0.5],
    province=[0, 1, 0, 1, 1, 0, 1],
)


def _snapshot(f: Firms) -> dict[str, np.ndarray]:
    return {fld.name: getattr(f, fld.name).copy() for fld in dataclasses.fields(Firms)}


@pytest.mark.parametrize("institutions", [0.0, 1.0])
def test_exit_and_entry_recycles_the_least_productive_non_core_slots(institutions):
    # six non-core firms of weight 1: exit_rate 0.67 recycles the four least productive (4 <= 0.67 * 6)
    p = params(exit_rate=0.67)
    f = firms(7, **ENTRY_MIX)
    before = _snapshot(f)
    recycled = firm_phase.exit_and_entry(f, conditions(institutions=institutions), p, Draws(0, 0))
    after = _snapshot(f)
    assert all(after[k].shape == before[k].shape for k in before)  # population size is fixed

    noncore = before["sector"] != DIGITAL_CORE
    weak = noncore & (before["productivity"] <= np.sort(before["productivity"][noncore])[3])
    assert weak.tolist() == [True, False, True, False, True, False, True] and recycled == 4
    for k in before:  # strong and core slots are untouched
        np.testing.assert_array_equal(after[k][~weak], before[k][~weak], err_msg=k)
    # entrants bring the survivors' average productivity (0.9 and 1.3, weight 1 each) and no digital capital
    assert np.allclose(after["productivity"][weak], 1.1) and (after["digital_capital"][weak] == 0.0).all()
    for k in ("weight", "capital", "value_added", "province", "household_business", "sector", "subsector"):
        np.testing.assert_array_equal(after[k], before[k], err_msg=k)  # same slot, same sector and kind
    born = after["maturity"][weak]
    assert (born == NONE).all() if institutions == 0.0 else (born == BASIC).all()


def test_exit_breaks_productivity_ties_at_random_not_by_row_order():
    p = params(exit_rate=0.5)
    f_sets = set()
    for seed in range(20):
        f = firms(8, productivity=np.ones(8), maturity=np.full(8, INTEGRATED))
        firm_phase.exit_and_entry(f, conditions(), p, Draws(seed, 0))
        f_sets.add(tuple(np.flatnonzero(f.maturity != INTEGRATED)))  # recycled slots restart below integrated
    assert all(len(s) == 4 for s in f_sets) and len(f_sets) > 1


def test_digital_entry_adds_core_firms_with_institutions_and_skills():
    p = params(digital_entry_rate=0.5)
    f = firms(7, **ENTRY_MIX)
    before = f.weight.copy()
    added = firm_phase.digital_entry(f, conditions(institutions=0.8), p, np.array([1.0, 1.5]))
    core = f.sector == DIGITAL_CORE  # row 3, province 1
    assert np.allclose(f.weight[core], before[core] * (1 + 0.5 * 0.8 * 1.5))
    np.testing.assert_array_equal(f.weight[~core], before[~core])  # nothing taken from other sectors
    assert added == pytest.approx((f.weight - before).sum())
    g = firms(7, **ENTRY_MIX)
    assert firm_phase.digital_entry(g, conditions(institutions=0.0), p, np.array([1.0, 1.5])) == 0.0


def dataclass_like(shock, **change):
    from types import SimpleNamespace
    return SimpleNamespace(**(vars(shock) | change))


def test_pandemic_utilisation_scales_the_files_sizes_up_to_the_files_own_limit():
    from types import SimpleNamespace
    from model.rules.firms import pandemic_utilisation
    full = SimpleNamespace(kind="pandemic", size=6.0, weight=lambda t: 1.0)
    half = SimpleNamespace(kind="pandemic", size=50.0, weight=lambda t: 0.5)
    other = SimpleNamespace(kind="electronics_demand", size=-30.0, weight=lambda t: 1.0)
    assert pandemic_utilisation([full, other], 2020.0, 1.0) == pytest.approx(0.94)  # the file's size
    assert pandemic_utilisation([full, other], 2020.0, 0.0) == 1.0  # no loss
    assert pandemic_utilisation([full, half], 2020.0, 0.5) == pytest.approx(0.97 * 0.875)  # 3% and 25% of half
    assert pandemic_utilisation([half], 2020.0, 3.0) == pytest.approx(1 - 0.6 * 0.5)  # 150% capped at 60%
    worst = dataclass_like(half, weight=lambda t: 1.0)
    assert pandemic_utilisation([worst, worst], 2020.0, 3.0) == pytest.approx(0.4 ** 2)  # output stays positive
