"""Each phase against hand-worked numbers on tiny hand-built populations.

The expected values below are worked out from the formulas in the docstrings
and code of model/kernels.py, households.py, firms.py, labour.py and
agencies.py, with parameters chosen (via Parameters overrides) so that the
arithmetic is easy to follow.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import stats

from model.rules import firms as firm_phase
from model.rules import households as hh_phase
from model.rules import labour
from model.core.categories import (
    ADVANCED, AGRICULTURE, BASIC, DIGITAL_CORE, FIBRE, INTEGRATED, MIDDLE, MOBILE, NO_SUBSECTOR, NONE,
    OFFLINE, OLD, PLATFORMS, RURAL, SECTORS, SOFTWARE, URBAN, YOUNG,
)
from model.core.conditions import Conditions
from model.engines.fast import VietnamEconomy
from model.rules.firms import Firms
from model.rules.households import Households
from model.core.kernels import (
    Draws, choose_rows, event_key, group_mean, group_sum, hazard_draw, leading_rows, saturating_index, uniforms,
    weighted_quantile_groups, weighted_value_at,
)
from model.core.params import PARAMETERS, Parameters
from model.scenario import YearPath, load_scenario

S = len(SECTORS)
MANUFACTURING, OTHER_INDUSTRY, TRADE, FINANCE, OTHER_SERVICES = 1, 2, 3, 4, 5
NONFARM_NONCORE = {MANUFACTURING, OTHER_INDUSTRY, TRADE, FINANCE, OTHER_SERVICES}
HUGE = 1e4  # a hazard this size fires with probability 1 - exp(-1e4), i.e. always


# ------------------------------------------------------------------ builders
def households(n: int, **columns) -> Households:
    """n hand-made household rows: two provinces, sensible defaults, overridden by ``columns``."""
    base = dict(
        province=np.zeros(n, np.int16), area=np.full(n, URBAN, np.int8), age=np.full(n, MIDDLE, np.int8),
        members=np.full(n, 2, np.int8), workers=np.ones(n, np.int8), weight=np.ones(n),
        income0=np.full(n, 50.0), income=np.full(n, 50.0), quintile=np.full(n, 3, np.int8),
        remoteness=np.full(n, 0.5, np.float32), job_draw=np.full(n, 0.5, np.float32),
        skill=np.full(n, 0.5, np.float32), skill0=np.full(n, 0.5, np.float32),
        connectivity=np.full(n, OFFLINE, np.int8), ecommerce=np.zeros(n, bool), cashless=np.zeros(n, bool),
        egov=np.zeros(n, bool), trust=np.full(n, 0.6, np.float32), sector=np.full(n, TRADE, np.int8),
        sector0=np.full(n, TRADE, np.int8), formal=np.zeros(n, bool), digital_job=np.zeros(n, bool),
    )
    for name, value in columns.items():
        base[name] = np.asarray(value, dtype=base[name].dtype)
    assert {f.name for f in dataclasses.fields(Households)} == set(base)
    return Households(**base)


def conditions(P: int = 2, **values) -> Conditions:
    base = dict(
        mobile_coverage=np.zeros((P, 2)), fibre_coverage=np.zeros((P, 2)), programme_exposure=np.zeros(P),
        advanced_exposure=np.zeros(P),
        egov_supply=np.zeros(P), institutions=0.0, national_infra=0.0, coordination=0.0, inclusion=0.0,
        infra_quality=np.zeros(P), data_sharing=0.0, cyber_protection=0.0,
    )
    base.update(values)
    return Conditions(**base)


def firms(n: int, **columns) -> Firms:
    base = dict(
        sector=np.full(n, MANUFACTURING, np.int8), subsector=np.full(n, NO_SUBSECTOR, np.int8),
        province=np.zeros(n, np.int16), household_business=np.zeros(n, bool), fdi=np.zeros(n, bool),
        weight=np.ones(n), scale=np.ones(n), productivity=np.ones(n), fit=np.ones(n, np.float32),
        maturity=np.full(n, NONE, np.int8), capital=np.full(n, 10.0), digital_capital=np.zeros(n),
        value_added=np.ones(n),
    )
    for name, value in columns.items():
        base[name] = np.asarray(value, dtype=base[name].dtype)
    assert {f.name for f in dataclasses.fields(Firms)} == set(base)
    return Firms(**base)


def params(**overrides) -> Parameters:
    return Parameters(overrides)


def no_learning_except(**terms) -> Parameters:
    """Parameters with every learning term off except those given."""
    off = dict(learning_programme=0.0, learning_on_job=0.0, learning_use=0.0, learning_peer=0.0, skill_decay=0.0)
    off.update(terms)
    return params(**off)


# ------------------------------------------------------------------ kernels
def test_group_sum_including_empty_groups():
    out = group_sum(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 2, 0, 2]), 4)
    np.testing.assert_array_equal(out, [4.0, 0.0, 6.0, 0.0])
    assert group_sum(np.array([]), np.array([], dtype=np.int64), 3).tolist() == [0.0, 0.0, 0.0]


def test_group_mean_is_weighted_and_empty_groups_get_the_fill_value():
    values = np.array([1.0, 3.0, 10.0, 7.0])
    groups = np.array([0, 0, 2, 3])
    weights = np.array([1.0, 3.0, 2.0, 0.0])  # group 3 has a row but no weight
    out = group_mean(values, groups, 4, weights, empty=-1.0)
    np.testing.assert_allclose(out, [(1 * 1 + 3 * 3) / 4, -1.0, 10.0, -1.0])
    assert group_mean(values, groups, 4, weights)[1] == 0.0  # default fill


def test_hazard_draw_zero_never_fires_huge_always_fires():
    key = event_key(0, 0, 0)
    assert not hazard_draw(key, np.zeros(10_000)).any()
    assert not hazard_draw(key, np.full(10_000, -3.0)).any()  # negative hazards count as zero
    assert hazard_draw(key, np.full(10_000, 50.0)).all()


def test_hazard_draw_frequency_is_one_minus_exp_minus_hazard():
    n = 200_000
    for event, h in enumerate((0.05, 0.3, 1.2)):
        p = 1 - math.exp(-h)
        freq = hazard_draw(event_key(123, 0, event), np.full(n, h)).mean()
        assert abs(freq - p) < 5 * math.sqrt(p * (1 - p) / n), (h, freq, p)


def test_counter_based_uniforms_are_uniform_independent_and_a_function_of_the_key():
    n = 100_000
    a = uniforms(event_key(7, 3, 1), n)
    assert a.min() >= 0.0 and a.max() < 1.0
    assert stats.kstest(a, "uniform").pvalue > 1e-3
    np.testing.assert_array_equal(a, uniforms(event_key(7, 3, 1), n))  # same key, same numbers
    np.testing.assert_array_equal(a[:10], uniforms(event_key(7, 3, 1), 10))  # a row's draw ignores n
    for other in (event_key(8, 3, 1), event_key(7, 4, 1), event_key(7, 3, 2)):  # seed, quarter, event
        b = uniforms(other, n)
        assert abs(np.corrcoef(a, b)[0, 1]) < 0.02 and (a != b).mean() > 0.999
    assert abs(np.corrcoef(a[:-1], a[1:])[0, 1]) < 0.02  # neighbouring rows are not correlated
    assert Draws(7, 3).key("connect") != Draws(7, 3).key("fibre")


def test_weighted_quantile_groups_equal_and_unequal_weights():
    got = weighted_quantile_groups(np.array([5.0, 1.0, 4.0, 2.0, 3.0]), np.ones(5), 5)
    assert got.tolist() == [4, 0, 3, 1, 2]
    # weights 8, 1, 1: mid-points of the cumulative weight are 0.4, 0.85, 0.95 of the total
    got = weighted_quantile_groups(np.array([1.0, 2.0, 3.0]), np.array([8.0, 1.0, 1.0]), 2)
    assert got.tolist() == [0, 1, 1]


def _quantile_groups_by_full_sort(values, weights, n_groups):
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    groups = np.empty(values.shape[0], dtype=np.int64)
    groups[order] = np.minimum(((cum - 0.5 * weights[order]) / cum[-1] * n_groups).astype(np.int64), n_groups - 1)
    return groups


def test_weighted_quantile_groups_match_a_full_sort_with_ties_and_skew():
    rng = np.random.default_rng(11)
    n = 300_000
    values = np.exp(2.0 * rng.standard_normal(n))
    values[rng.random(n) < 0.2] = 1.0  # a block of ties that straddles a cut
    weights = rng.random(n) * 3.0 + 0.1
    got = weighted_quantile_groups(values, weights, 5)
    want = _quantile_groups_by_full_sort(values, weights, 5)
    assert (got != want).sum() <= 2  # identical but for rounding at an exact cut


def test_leading_rows_match_a_full_sort_with_ties_broken_by_the_tie_key():
    rng = np.random.default_rng(12)
    n = 100_000
    values = np.exp(rng.standard_normal(n))
    values[:5000] = values[0]  # ties
    weights = rng.random(n) + 0.5
    tie = rng.random(n)
    for share in (0.0, 0.03, 0.45, 1.0):
        target = share * weights.sum()
        for key in (None, tie):
            order = np.argsort(values, kind="stable") if key is None else np.lexsort((key, values))
            want = np.zeros(n, dtype=bool)
            want[order[np.cumsum(weights[order]) <= target]] = True
            got = leading_rows(values, weights, target, tie=key)
            assert (got != want).sum() <= 1, (share, key is None)  # but for rounding at the target
    assert weighted_value_at(values, weights, 0.5 * weights.sum()) == pytest.approx(
        np.sort(values)[np.searchsorted(np.cumsum(weights[np.argsort(values, kind="stable")]), 0.5 * weights.sum())])


def test_saturating_index():
    assert saturating_index(0.004, 0.004) == pytest.approx(0.5)
    assert saturating_index(0.0, 0.004) == 0.0
    out = saturating_index(np.array([1.0, 3.0, 9.0]), 3.0)
    np.testing.assert_allclose(out, [0.25, 0.5, 0.75])


def test_choose_rows_picks_the_column_of_each_uniform_within_its_row():
    cumulative = np.array([[0.2, 0.5, 1.0], [0.0, 0.0, 1.0]])
    rows = np.array([0, 0, 0, 1, 0, 0])
    uniform = np.array([0.1, 0.3, 0.9, 0.5, 1.0, 0.2])
    assert choose_rows(uniform, cumulative, rows).tolist() == [0, 1, 2, 2, 2, 0]
    # a cumulative row that falls short of 1 through rounding still gives a valid column
    assert choose_rows(np.array([0.99999]), np.array([[0.5, 0.9999]]), np.array([0])).tolist() == [1]


# ------------------------------------------------------------------ households: learning
def test_learn_programme_term_by_hand():
    p = no_learning_except(learning_programme=0.5, young_learning_factor=2.0, old_learning_factor=0.25)
    hh = households(4, province=[0, 0, 0, 1], age=[YOUNG, MIDDLE, OLD, MIDDLE], skill=[0.2, 0.5, 0.0, 0.3])
    cond = conditions(programme_exposure=np.array([0.4, 0.0]), inclusion=0.0)
    hh_phase.learn(hh, cond, p, 2)
    e = 1 - math.exp(-0.4)
    expected = [0.2 + 0.5 * e * 0.8 * 2.0, 0.5 + 0.5 * e * 0.5 * 1.0, 0.0 + 0.5 * e * 1.0 * 0.25, 0.3]
    np.testing.assert_allclose(hh.skill, expected, atol=1e-6)


def test_learn_inclusion_rescales_exposure_towards_targeted_households():
    # Two rows with equal people; the rural one is targeted. At inclusion 1 and boost 2 the raw
    # multipliers are 3 and 1, rescaled to keep total exposure: 1.5 and 0.5.
    p = no_learning_except(learning_programme=1.0, inclusion_boost=2.0)
    hh = households(2, area=[RURAL, URBAN], quintile=[3, 3], skill=[0.0, 0.0])
    cond = conditions(programme_exposure=np.array([0.2, 0.0]), inclusion=1.0)
    hh_phase.learn(hh, cond, p, 2)
    np.testing.assert_allclose(hh.skill, [1 - math.exp(-0.2 * 1.5), 1 - math.exp(-0.2 * 0.5)], atol=1e-6)


def test_learn_job_use_peer_and_decay_terms_by_hand():
    p = no_learning_except(learning_on_job=0.1, learning_use=0.05, learning_peer=0.2, skill_decay=0.01,
                           young_learning_factor=1.5)
    # Rows 0 and 1 share a cell (province 0, urban) with equal people: peer mean 0.4.
    hh = households(3, province=[0, 0, 1], age=[MIDDLE, YOUNG, MIDDLE], skill=[0.2, 0.6, 0.5],
                    digital_job=[True, False, False], connectivity=[OFFLINE, MOBILE, FIBRE])
    hh_phase.learn(hh, conditions(), p, 2)
    expected = [
        0.2 + 0.1 * 0.8 + 0.2 * (0.4 - 0.2) - 0.01 * 0.2,  # on the job, below the peers
        0.6 + 0.05 * 0.4 * 1.5 - 0.01 * 0.6,  # online and young; above its peers: no peer gain
        0.5 + 0.05 * 0.5 - 0.01 * 0.5,  # alone in its cell
    ]
    np.testing.assert_allclose(hh.skill, expected, atol=1e-6)


def test_learn_keeps_skill_within_zero_and_one():
    rng = np.random.default_rng(5)
    n = 500
    hh = households(n, province=rng.integers(0, 2, n), area=rng.integers(0, 2, n), age=rng.integers(0, 3, n),
                    skill=rng.random(n), digital_job=rng.random(n) < 0.5, connectivity=rng.integers(0, 3, n))
    p = params(learning_programme=10.0, learning_on_job=0.5, learning_use=0.1, learning_peer=0.2,
               skill_decay=0.1, young_learning_factor=5.0)
    cond = conditions(programme_exposure=np.array([100.0, 3.0]), inclusion=1.0)
    for _ in range(5):
        hh_phase.learn(hh, cond, p, 2)
        assert hh.skill.min() >= 0.0 and hh.skill.max() <= 1.0
    assert hh.skill.max() == 1.0  # the clip binds: these gains would overshoot


def test_update_trust_by_hand():
    p = params(fraud_rate=0.1, trust_recovery=0.2, init_trust=0.6, institutions_trust_gain=0.5,
               offline_fraud_exposure=0.3)
    hh = households(4, connectivity=[MOBILE, OFFLINE, FIBRE, MOBILE], ecommerce=[True, False, True, True],
                    cashless=[True, False, False, True], trust=[0.5, 0.7, 0.05, 0.0])
    cond = conditions(institutions=0.4, cyber_protection=0.25)
    hh_phase.update_trust(hh, cond, p, fraud_multiplier=2.0)
    norm = 0.6 + 0.4 * 0.5 * 0.4  # 0.68
    fraud = 0.1 * 2.0 * (1 - 0.25)  # 0.15
    expected = [
        0.5 + 0.2 * (norm - 0.5) - fraud * 1.0,  # online, both services: exposure 3/3
        0.7 + 0.2 * (norm - 0.7) - fraud * 0.3 / 3,  # offline, no services
        0.05 + 0.2 * (norm - 0.05) - fraud * 2 / 3,  # online, one service
        0.0,  # would go below zero: clipped
    ]
    np.testing.assert_allclose(hh.trust, expected, atol=1e-6)


# ------------------------------------------------------------------ households: connectivity and adoption
def test_connect_never_reaches_households_outside_coverage():
    n = 400
    rng = np.random.default_rng(1)
    hh = households(n, province=np.arange(n) % 2, area=(np.arange(n) // 2) % 2,
                    remoteness=0.5 + 0.5 * rng.random(n), income=np.full(n, 1e4))
    cond = conditions(mobile_coverage=np.full((2, 2), 0.5), fibre_coverage=np.full((2, 2), 0.5))
    p = params(connect_hazard=HUGE, fibre_hazard=HUGE)
    for q in range(4):
        hh_phase.connect(hh, cond, p, Draws(1, q), q / 4)
    assert (hh.connectivity == OFFLINE).all()


def test_connect_with_high_hazard_connects_covered_affordable_households():
    p = params(connect_hazard=HUGE, fibre_hazard=HUGE)
    # rows: covered & affordable; covered but no income; remoteness equal to coverage (not covered)
    hh = households(3, remoteness=[0.2, 0.2, 0.5], income=[1e4, 0.0, 1e4])
    cond = conditions(mobile_coverage=np.full((2, 2), 0.5), fibre_coverage=np.zeros((2, 2)))
    hh_phase.connect(hh, cond, p, Draws(0, 0), 0.0)
    assert hh.connectivity.tolist() == [MOBILE, OFFLINE, OFFLINE]


def test_connect_upgrades_to_fibre_only_within_fibre_reach_and_never_downgrades():
    p = params(connect_hazard=0.0, fibre_hazard=HUGE)
    hh = households(4, remoteness=[0.1, 0.5, 0.1, 0.9], income=np.full(4, 1e4),
                    connectivity=[MOBILE, MOBILE, OFFLINE, FIBRE])
    cond = conditions(mobile_coverage=np.ones((2, 2)), fibre_coverage=np.full((2, 2), 0.3))
    hh_phase.connect(hh, cond, p, Draws(0, 0), 0.0)
    assert hh.connectivity.tolist() == [FIBRE, MOBILE, OFFLINE, FIBRE]


def test_adopt_needs_connectivity_and_the_skill_gate():
    p = params(adopt_innovation=HUGE, egov_innovation=HUGE, skill_gate_ecommerce=0.3, skill_gate_cashless=0.25,
               skill_gate_egov=0.35, init_trust=0.6, trust_floor=0.3)
    # offline & skilled; online & below every gate; online & between gates; online & skilled
    hh = households(4, connectivity=[OFFLINE, MOBILE, FIBRE, MOBILE], skill=[0.9, 0.2, 0.28, 0.9],
                    trust=np.full(4, 0.6))
    cond = conditions(infra_quality=np.ones(2), data_sharing=1.0, egov_supply=np.ones(2))
    hh_phase.adopt(hh, cond, p, Draws(0, 0), 2, pandemic=False)
    assert hh.ecommerce.tolist() == [False, False, False, True]
    assert hh.cashless.tolist() == [False, False, True, True]
    assert hh.egov.tolist() == [False, False, False, True]


def test_adopt_without_supply_or_peers_adopts_nobody_and_low_trust_lapses():
    p = params(trust_floor=0.3, disadoption_rate=1.0, adopt_imitation=0.0)
    hh = households(3, connectivity=[MOBILE, MOBILE, OFFLINE], skill=np.full(3, 0.9), trust=[0.6, 0.1, 0.1],
                    ecommerce=[False, True, True], cashless=[False, False, True])
    hh_phase.adopt(hh, conditions(), p, Draws(0, 0), 2, pandemic=True)
    # row 0: no public supply and no imitation -> stays out
    # rows 1 and 2 trust below the floor with certain disadoption -> everything lapses
    assert not hh.ecommerce.any() and not hh.cashless.any() and not hh.egov.any()


def test_earn_by_hand():
    p = params(labour_quality_per_skill=0.4, digital_job_premium=0.25)
    hh = households(2, income0=[10.0, 20.0], skill=[0.5, 0.25], skill0=[0.25, 0.25], sector=[MANUFACTURING, TRADE],
                    sector0=[AGRICULTURE, TRADE], digital_job=[True, False])
    sector_wage = np.array([1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0])
    use = np.full((1, len(SECTORS)), 1.0)  # skills fully used: quality = 1 + 0.4 * skill
    hh_phase.earn(hh, p, 1.2, sector_wage, use)
    expected = [10.0 * 1.2 * (1.2 / 1.1) * (2.0 / 1.0) * 1.25, 20.0 * 1.2 * 1.0 * 1.0 * 1.0]
    np.testing.assert_allclose(hh.income, expected)


# ------------------------------------------------------------------ firms
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
    p = params(investment_rate=0.3, depreciation=0.08)
    f = firms(2, capital=[10.0, 10.0], value_added=[2.0, 2.0], fdi=[False, True])
    firm_phase.invest(f, p, crowd_out_share=0.2, fdi_multiplier=1.5)
    # 10 * (1 - 0.02) + 0.3 * 0.8 * 2 = 10.28 ; FDI firm: + 0.3 * 0.8 * 1.5 * 2 = 10.52
    np.testing.assert_allclose(f.capital, [10.28, 10.52])


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


# ------------------------------------------------------------------ labour
def test_labour_index_falls_back_to_the_national_sector_index():
    effective0 = np.array([[1.0, 0.0], [3.0, 2.0]])
    effective = np.array([[2.0, 4.0], [3.0, 4.0]])
    # national index by sector: (2+3)/(1+3) = 1.25 and (4+4)/(0+2) = 4
    np.testing.assert_allclose(labour.labour_index(effective, effective0), [[2.0, 4.0], [1.0, 2.0]])


def test_assign_digital_roles_fill_rate_and_core_jobs():
    p = params(advanced_skill_threshold=0.65)
    hh = households(
        8,
        province=[0, 0, 0, 1, 1, 1, 2, 0],
        weight=[10.0, 5.0, 7.0, 5.0, 5.0, 3.0, 4.0, 9.0],
        workers=[2, 1, 1, 1, 1, 1, 1, 0],
        skill=[0.8, 0.9, 0.3, 0.7, 0.7, 0.1, 0.2, 0.9],
        sector=[TRADE, FINANCE, TRADE, TRADE, MANUFACTURING, DIGITAL_CORE, TRADE, TRADE],
        job_draw=[0.9, 0.9, 0.0, 0.3, 0.5, 0.9, 0.0, 0.0],
    )
    roles = np.array([50.0, 4.0, 2.0, 0.0])
    fill = labour.assign_digital_roles(hh, p, roles, 4)
    # skilled non-core worker supply: province 0: 10*2 + 5*1 = 25 (row 7 has no workers); 1: 5 + 5 = 10; 2 and 3: 0
    np.testing.assert_allclose(fill, [min(1, 25 / 50), min(1, 10 / 4), 0.0, 1.0])
    # take-up 50/25 = 2 in province 0 (all skilled hired), 4/10 = 0.4 in province 1 (job_draw below 0.4 hired);
    # the core worker holds a digital job whatever its skill; unskilled and worker-less rows do not
    assert hh.digital_job.tolist() == [True, True, False, True, False, True, False, False]


def test_structural_moves_only_farm_workers_into_non_farm_non_core_sectors():
    n = 600
    rng = np.random.default_rng(3)
    sector = np.where(np.arange(n) % 3 == 0, DIGITAL_CORE, AGRICULTURE)
    sector[np.arange(n) % 5 == 1] = TRADE
    hh = households(n, province=np.arange(n) % 2, age=rng.integers(0, 3, n), skill=rng.random(n), sector=sector)
    cell_va = np.zeros((2, S))
    cell_va[0, FINANCE] = 100.0  # province 0: all non-farm value added is in finance
    cell_va[1, DIGITAL_CORE] = 1e6  # province 1: only the core (not a destination) and farms produce
    cell_va[:, AGRICULTURE] = 1e6
    before = hh.sector.copy()
    moved = labour.structural_moves(hh, params(structural_exit_rate=HUGE), Draws(4, 0), cell_va)

    farm = before == AGRICULTURE
    assert moved == int(farm.sum()) > 0  # a huge hazard moves every farm worker
    np.testing.assert_array_equal(hh.sector[~farm], before[~farm])
    assert set(hh.sector[farm].tolist()) <= NONFARM_NONCORE
    assert (hh.sector[farm & (hh.province == 0)] == FINANCE).all()
    # province 1 has no non-farm non-core value added: destinations are spread, never the core
    assert len(set(hh.sector[farm & (hh.province == 1)].tolist())) > 1


def test_structural_moves_with_zero_rate_moves_nobody():
    hh = households(4, sector=[AGRICULTURE] * 4)
    assert labour.structural_moves(hh, params(structural_exit_rate=0.0), Draws(0, 0),
                                   np.ones((2, S))) == 0
    assert (hh.sector == AGRICULTURE).all()


# ------------------------------------------------------------------ agencies
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


# ------------------------------------------------------------------ the parameter registry
def test_every_parameter_default_is_within_its_declared_range():
    outside = [p.name for p in PARAMETERS.values() if not p.low <= p.default <= p.high]
    assert outside == []
