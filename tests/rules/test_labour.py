"""The labour market (model.rules.labour) against hand-worked numbers on tiny hand-built populations.

The builders (``households``, ``params``) are in conftest.py.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import FINANCE, HUGE, MANUFACTURING, OTHER_INDUSTRY, OTHER_SERVICES, TRADE, S, households, params
from model.core.categories import AGRICULTURE, DIGITAL_CORE
from model.core.kernels import Draws
from model.rules import labour

NONFARM_NONCORE = {MANUFACTURING, OTHER_INDUSTRY, TRADE, FINANCE, OTHER_SERVICES}


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
    moved = labour.structural_moves(hh, params(structural_exit_rate=HUGE), Draws(4, 0),
                                   labour.farm_exit_pull(cell_va, np.ones(S)))

    farm = before == AGRICULTURE
    assert moved == int(farm.sum()) > 0  # a huge hazard moves every farm worker
    np.testing.assert_array_equal(hh.sector[~farm], before[~farm])
    assert set(hh.sector[farm].tolist()) <= NONFARM_NONCORE
    assert (hh.sector[farm & (hh.province == 0)] == FINANCE).all()
    # province 1 has no non-farm non-core value added: destinations are spread, never the core
    assert len(set(hh.sector[farm & (hh.province == 1)].tolist())) > 1


def test_farm_leavers_are_drawn_by_jobs_not_by_value_added():
    # finance makes as much value added as trade with a fifth of the workers: it offers a fifth of the jobs
    workers = np.zeros((1, S))
    workers[0, TRADE], workers[0, FINANCE] = 50.0, 10.0
    va = np.zeros(S)
    va[TRADE] = va[FINANCE] = 100.0
    jobs = labour.jobs_per_value_added(workers, va)
    cell_va = np.zeros((1, S))
    cell_va[0, TRADE] = cell_va[0, FINANCE] = 100.0
    pull = labour.farm_exit_pull(cell_va, jobs)[0]
    destinations = list(labour.FARM_EXIT_DESTINATIONS)
    assert pull[destinations.index(TRADE)] == pytest.approx(5 * pull[destinations.index(FINANCE)])
    # when trade's value added doubles, so do its jobs
    cell_va[0, TRADE] = 200.0
    assert labour.farm_exit_pull(cell_va, jobs)[0][destinations.index(TRADE)] == pytest.approx(
        10 * pull[destinations.index(FINANCE)])
    assert DIGITAL_CORE not in destinations and AGRICULTURE not in destinations


def test_structural_moves_with_zero_rate_moves_nobody():
    hh = households(4, sector=[AGRICULTURE] * 4)
    assert labour.structural_moves(hh, params(structural_exit_rate=0.0), Draws(0, 0),
                                   np.ones((2, len(labour.FARM_EXIT_DESTINATIONS)))) == 0
    assert (hh.sector == AGRICULTURE).all()


def test_skilled_ratio_is_bounded_where_a_small_sample_had_no_skilled_people():
    share0 = np.array([0.0, 0.3, 0.3])
    share = np.array([0.5, 0.3, 0.6])
    people = np.ones(3)
    ratio = labour.skilled_ratio(share, share, people, people)
    assert np.allclose(ratio, 1.0)  # no change, no growth
    ratio = labour.skilled_ratio(share, share0, people, people)
    assert np.all(np.isfinite(ratio)) and ratio.max() < 5.0
    assert ratio[2] > ratio[1]  # a province whose skilled share doubled gains more than one that stood still


def test_farm_households_that_cannot_move_stay_without_a_division_by_zero():
    import warnings
    hh = households(4, sector=[AGRICULTURE] * 4, skill=np.zeros(4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        moved = labour.structural_moves(hh, params(structural_exit_rate=HUGE, skill_hazard_base=0.0), Draws(1, 0),
                                        np.ones((2, len(labour.FARM_EXIT_DESTINATIONS))))
    assert moved == 0 and (hh.sector == AGRICULTURE).all()
