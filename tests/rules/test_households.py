"""The household phases (model.rules.households) against hand-worked numbers on tiny hand-built populations.

The expected values below are worked out from the formulas in the docstrings
and code of model/rules/households.py, with parameters chosen (via Parameters
overrides) so that the arithmetic is easy to follow. The builders
(``households``, ``conditions``, ``params``) are in conftest.py.
"""
from __future__ import annotations

import math

import numpy as np

from conftest import HUGE, MANUFACTURING, TRADE, conditions, households, params
from model.core.categories import AGRICULTURE, FIBRE, MIDDLE, MOBILE, OFFLINE, OLD, RURAL, SECTORS, URBAN, YOUNG
from model.core.kernels import Draws
from model.core.params import Parameters
from model.rules import households as hh_phase


def no_learning_except(**terms) -> Parameters:
    """Parameters with every learning term off except those given."""
    off = dict(basic_course_gain=0.0, advanced_course_gain=0.0, learning_on_job=0.0, learning_use=0.0, learning_peer=0.0, skill_decay=0.0)
    off.update(terms)
    return params(**off)


# ------------------------------------------------------------------ households: learning
def test_learn_course_terms_by_hand():
    """A mass course closes basic_course_gain of the gap to its level (halfway between the thresholds, here
    0.5) and nothing above it; an advanced course, only for people with basic skills, closes
    advanced_course_gain of the gap to 1. The chance of a course this quarter is 1 - exp(-places a year / 4)."""
    p = no_learning_except(basic_course_gain=0.5, advanced_course_gain=0.4, young_learning_factor=2.0,
                           old_learning_factor=0.25, basic_skill_threshold=0.4, advanced_skill_threshold=0.6)
    hh = households(5, province=[0, 0, 0, 1, 0], age=[YOUNG, MIDDLE, OLD, MIDDLE, MIDDLE],
                    skill=[0.2, 0.45, 0.0, 0.3, 0.55])
    cond = conditions(programme_exposure=np.array([0.4, 0.0]), inclusion=0.0)
    cond.advanced_exposure[:] = [0.8, 0.0]
    hh_phase.learn(hh, cond, p, 2)
    e, a = 1 - math.exp(-0.4 / 4), 1 - math.exp(-0.8 / 4)
    expected = [0.2 + min(1.0, 0.5 * 2.0) * e * 0.3,  # young: the gain doubles, up to the whole gap
                0.45 + 0.5 * e * 0.05 + 0.4 * a * 0.55,  # basic skills: both courses
                0.0 + 0.5 * 0.25 * e * 0.5,  # old: a quarter of the speed
                0.3,  # no courses in province 1
                0.55 + 0.4 * a * 0.45]  # above the mass course's level: only the advanced course
    np.testing.assert_allclose(hh.skill, expected, atol=1e-6)


def test_mass_courses_alone_make_no_one_advanced():
    p = no_learning_except(basic_course_gain=0.9, young_learning_factor=3.0)
    hh = households(3, age=[YOUNG, MIDDLE, OLD], skill=[0.0, 0.3, 0.6])
    cond = conditions(programme_exposure=np.array([50.0, 50.0]), inclusion=0.0)
    for _ in range(40):
        hh_phase.learn(hh, cond, p, 2)
    level = hh_phase.basic_course_level(p)
    assert hh.skill[:2].max() <= level + 1e-6 and hh.skill[:2].min() > p.basic_skill_threshold
    assert hh.skill[2] == np.float32(0.6)  # above the course's level: untouched


def test_learn_inclusion_rescales_exposure_towards_targeted_households():
    # Two rows with equal people; the rural one is targeted. At inclusion 1 and boost 2 the raw
    # multipliers are 3 and 1, rescaled to keep total exposure: 1.5 and 0.5.
    p = no_learning_except(basic_course_gain=1.0, inclusion_boost=2.0)
    hh = households(2, area=[RURAL, URBAN], quintile=[3, 3], skill=[0.0, 0.0])
    cond = conditions(programme_exposure=np.array([0.2, 0.0]), inclusion=1.0)
    hh_phase.learn(hh, cond, p, 2)
    level = hh_phase.basic_course_level(p)
    np.testing.assert_allclose(hh.skill, [level * (1 - math.exp(-0.2 * 1.5 / 4)), level * (1 - math.exp(-0.2 * 0.5 / 4))],
                               atol=1e-6)


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
    p = params(basic_course_gain=0.9, advanced_course_gain=0.9, learning_on_job=0.9, learning_use=0.5, learning_peer=0.2,
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
    hh_phase.earn(hh, p, 1.2, sector_wage)  # quality = 1 + 0.4 * skill in any firm
    expected = [10.0 * 1.2 * (1.2 / 1.1) * (2.0 / 1.0) * 1.25, 20.0 * 1.2 * 1.0 * 1.0 * 1.0]
    np.testing.assert_allclose(hh.income, expected)


def test_core_labour_is_province_sums_core_labour_bit_for_bit():
    """The labour market's lighter pass (core_labour) gives what the full province sums give, in three chunks."""
    rng = np.random.default_rng(3)
    n = 70_000
    hh = households(n, province=rng.integers(0, 2, n), workers=rng.integers(0, 4, n),
                    weight=rng.lognormal(0.0, 1.0, n), sector=rng.integers(0, len(SECTORS), n))
    full = hh_phase.province_sums(hh, params(), np.full((2, 2), 0.5), 2)["core_labour"]
    light = hh_phase.core_labour(hh, 2)
    assert light.tobytes() == full.tobytes() and light.sum() > 0
