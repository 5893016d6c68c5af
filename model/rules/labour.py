"""The labour market: local (province) and skill-aware.

Workers live in households; firms in a province-sector cell share the cell's
effective labour. Farm workers move to non-farm jobs where value added is;
skilled workers fill digital roles in firms and vacancies in core digital
firms. When a province has fewer skilled workers than digital roles, the fill
rate falls below one and binds on firms' upgrades and premia.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import prange

from model.core.categories import AGRICULTURE, DIGITAL_CORE, NON_CORE, OLD, YOUNG
from model.rules.firms import CELL
from model.rules.households import Households, effective_labour
from model.core.kernels import Draws, add_partials, choose_column, chunk_rows, compiled, fires, n_chunks, uniform
from model.core.params import Parameters


@compiled(parallel=True)
def _employment(hh, quality_per_skill, n_sectors, n_cells):
    province, sector, weight, workers, skill = hh.province, hh.sector, hh.weight, hh.workers, hh.skill
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), n_cells, 2))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            labour = weight[i] * workers[i]
            cell = province[i] * n_sectors + sector[i]
            partials[c, cell, 0] += labour
            partials[c, cell, 1] += labour * effective_labour(skill[i], quality_per_skill)
    return add_partials(partials)


def employment(hh: Households, n_provinces: int, n_sectors: int, p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Workers and skill-weighted effective workers (labour x ``households.effective_labour``) by (province, sector)."""
    sums = _employment(hh.arrays(), p.labour_quality_per_skill, n_sectors=n_sectors,
                       n_cells=n_provinces * n_sectors)
    return sums[:, 0].reshape(n_provinces, n_sectors), sums[:, 1].reshape(n_provinces, n_sectors)


def labour_index(effective: np.ndarray, effective0: np.ndarray) -> np.ndarray:
    """Effective labour of each cell relative to set-up.

    Cells the sample left without workers at set-up use their sector's national index, and a sector the
    sample left without any workers the whole economy's (otherwise the first workers to move in divided by
    nothing: finance's labour rose 1e16-fold in a 400-household sample, issue 11's property tests).
    """
    whole = effective.sum() / max(effective0.sum(), 1e-12)
    sector0 = effective0.sum(axis=0)
    national = np.divide(effective.sum(axis=0), sector0, out=np.full(sector0.shape, whole), where=sector0 > 0)
    cell = np.divide(effective, effective0, out=np.zeros_like(effective), where=effective0 > 0)
    return np.where(effective0 > 0, cell, national[None, :])


def sector_wage(value_added_by_sector: np.ndarray, workers: np.ndarray, elasticity: float) -> np.ndarray:
    """(S,) each sector's wage relative to the average: its value added per worker relative to the
    economy's, to the power ``sector_wage_elasticity`` (``workers``: (P, S) at set-up)."""
    per_worker = value_added_by_sector / np.maximum(workers.sum(axis=0), 1e-12)
    return (per_worker / (value_added_by_sector.sum() / workers.sum())) ** elasticity


def wage_index(gdp: float, employment: float, output_per_worker0: float) -> float:
    """Economy-wide wages relative to set-up: they follow output per worker."""
    return (gdp / max(employment, 1e-12)) / output_per_worker0


def skilled_ratio(share: np.ndarray, share0: np.ndarray, people: np.ndarray, people0: np.ndarray) -> np.ndarray:
    """(P,) how much each province's skilled share has grown since set-up, shrunk towards the nation.

    The province's share and the national share are averaged before taking the
    ratio, so a province whose small sample had no skilled people at set-up
    cannot produce an explosive ratio (it is bounded by about (1 + n) / n0).
    """
    national = np.average(share, weights=people)
    national0 = np.average(share0, weights=people0)
    return (share + national) / (share0 + national0)


class Mobility(NamedTuple):
    """How readily a farm worker moves: by the household head's age, and rising with skill."""

    young: float
    old: float
    skill_base: float


@compiled()
def _mobility(age, skill, mobility):
    by_age = mobility.young if age == YOUNG else (mobility.old if age == OLD else 1.0)
    return by_age * (mobility.skill_base + skill)


@compiled(parallel=True)
def _farm_mobility(hh, mobility):
    """Labour and labour x mobility of farm households."""
    sector, age, weight, workers, skill = hh.sector, hh.age, hh.weight, hh.workers, hh.skill
    n = sector.shape[0]
    partials = np.zeros((n_chunks(n), 2))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            if sector[i] == AGRICULTURE:
                labour = weight[i] * workers[i]
                partials[c, 0] += labour
                partials[c, 1] += labour * _mobility(age[i], skill[i], mobility)
    return add_partials(partials)


class FarmExitRule(NamedTuple):
    """Who leaves farming this quarter and where to (``structural_moves``)."""

    destinations: np.ndarray  # sectors a farm worker may move to
    cumulative: np.ndarray  # (P, destinations) cumulative probability of each destination by province
    hazard_per_mobility: float
    formal_share: float  # of the new jobs
    move_key: np.uint64
    destination_key: np.uint64
    formal_key: np.uint64


@compiled(parallel=True)
def _leave_farms(hh, moved, mobility, rule):
    province, age, skill = hh.province, hh.age, hh.skill
    # Written below, so each bound on its own (see households.HouseholdArrays).
    sector = hh.sector
    formal = hh.formal
    cumulative, destinations, hazard_per_mobility, formal_share = (
        rule.cumulative, rule.destinations, rule.hazard_per_mobility, rule.formal_share)
    key_move, key_destination, key_formal = rule.move_key, rule.destination_key, rule.formal_key
    for i in prange(province.shape[0]):
        moved[i] = False
        if sector[i] != AGRICULTURE:
            continue
        if fires(key_move, i, hazard_per_mobility * _mobility(age[i], skill[i], mobility)):
            sector[i] = destinations[choose_column(cumulative, province[i], uniform(key_destination, i))]
            formal[i] = uniform(key_formal, i) < formal_share
            moved[i] = True


# Sectors a farm worker can move to: every non-farm sector outside the digital core (core firms hire the skilled).
FARM_EXIT_DESTINATIONS = tuple(s for s in NON_CORE if s != AGRICULTURE)


def jobs_per_value_added(workers: np.ndarray, value_added_by_sector: np.ndarray) -> np.ndarray:
    """(S,) workers per unit of value added in each sector at set-up (``workers``: (P, S)), nationally."""
    return np.divide(workers.sum(axis=0), value_added_by_sector, out=np.zeros(value_added_by_sector.shape),
                     where=value_added_by_sector > 0)


def farm_exit_pull(cell_va: np.ndarray, jobs_per_va: np.ndarray) -> np.ndarray:
    """(P, len(FARM_EXIT_DESTINATIONS)) how strongly each destination cell draws farm leavers: the jobs its
    value added makes at its sector's set-up workers per unit of value added.

    Jobs, not value added: drawn by value added, finance (some 6 percent of non-farm value added, 1 percent of
    jobs) took six times its share of leavers, and its workers trebled in 2015-2024 at full scale where the
    labour force surveys show far less; in a 400-household sample one such move multiplied finance's labour
    28-fold and GDP grew 35 percent in a year (issue 12's property test). Every sector's jobs now grow with
    its value added, as at unchanged output per worker."""
    destinations = list(FARM_EXIT_DESTINATIONS)
    return np.maximum(cell_va[:, destinations] * jobs_per_va[destinations], 0.0) + 1e-12


def structural_moves(hh: Households, p: Parameters, draws: Draws, pull: np.ndarray) -> int:
    """Farm workers leave agriculture for non-farm, non-core jobs.

    The hazard averages ``structural_exit_rate`` a year; the young and the
    skilled move more, the old less (mobility is normalised by its
    labour-weighted mean among farm households). Destination sectors are drawn
    in proportion to ``pull`` (``farm_exit_pull``: the province's jobs in each sector).
    """
    arrays = hh.arrays()
    mobility = Mobility(young=p.young_mobility, old=p.old_mobility, skill_base=p.skill_hazard_base)
    farm_labour, farm_mobility = _farm_mobility(arrays, mobility)
    # no mobility at all (every farm household at zero): nobody moves, whatever the hazard
    mean = farm_mobility / farm_labour if farm_mobility > 0 else 1.0
    destinations = np.array(FARM_EXIT_DESTINATIONS, dtype=hh.sector.dtype)
    cumulative = np.cumsum(pull / pull.sum(axis=1, keepdims=True), axis=1)
    moved = np.empty(hh.n, dtype=np.bool_)
    _leave_farms(arrays, moved, mobility, FarmExitRule(
        destinations=destinations, cumulative=cumulative, hazard_per_mobility=p.structural_exit_rate / 4.0 / mean,
        formal_share=p.formal_share_nonfarm, move_key=draws.key("leave_farm"),
        destination_key=draws.key("farm_destination"), formal_key=draws.key("farm_formal")))
    return int(moved.sum())


@compiled(parallel=True)
def _hire_into_core(hh, moved, hazard, key, threshold):
    province, workers, skill = hh.province, hh.workers, hh.skill
    # Written below, so each bound on its own (see households.HouseholdArrays).
    sector = hh.sector
    formal = hh.formal
    for i in prange(province.shape[0]):
        moved[i] = False
        if skill[i] >= threshold and sector[i] != DIGITAL_CORE and workers[i] > 0 and fires(key, i, hazard[province[i]]):
            sector[i] = DIGITAL_CORE
            formal[i] = True
            moved[i] = True


def core_hiring(hh: Households, p: Parameters, draws: Draws, vacancy_rate: np.ndarray) -> int:
    """Skilled workers outside the core fill vacancies in the province's core digital firms."""
    hazard = p.core_hiring_rate * np.maximum(np.asarray(vacancy_rate, float), 0.0)
    moved = np.empty(hh.n, dtype=np.bool_)
    _hire_into_core(hh.arrays(), moved, hazard, draws.key("core_hiring"), p.advanced_skill_threshold)
    return int(moved.sum())


def digital_roles(cells: np.ndarray, workers: np.ndarray, n_provinces: int, n_sectors: int) -> np.ndarray:
    """Digital roles that non-core firms offer, by province (real jobs).

    Each cell's workers times the value-added-weighted role intensity of its
    firms' maturity levels (``cells``: the firms' ``firms.cell_sums``).
    """
    avg = cells[:, CELL.role_value_added] / np.maximum(cells[:, CELL.noncore_value_added], 1e-12)
    roles = workers * avg.reshape(n_provinces, n_sectors)
    roles[:, DIGITAL_CORE] = 0.0
    return roles.sum(axis=1)


@compiled()
def _skilled_outside_core(skill, sector, workers, threshold):
    return skill >= threshold and sector != DIGITAL_CORE and workers > 0


@compiled(parallel=True)
def _role_supply(hh, threshold, n_provinces):
    province, sector, weight, workers, skill = hh.province, hh.sector, hh.weight, hh.workers, hh.skill
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), n_provinces))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            if _skilled_outside_core(skill[i], sector[i], workers[i], threshold):
                partials[c, province[i]] += weight[i] * workers[i]
    return add_partials(partials)


@compiled(parallel=True)
def _take_roles(hh, take_up, threshold):
    province, sector, workers, skill, job_draw = hh.province, hh.sector, hh.workers, hh.skill, hh.job_draw
    digital_job = hh.digital_job  # written below: bound on its own (see households.HouseholdArrays)
    for i in prange(province.shape[0]):
        digital_job[i] = sector[i] == DIGITAL_CORE or (
            _skilled_outside_core(skill[i], sector[i], workers[i], threshold) and job_draw[i] < take_up[province[i]])


def assign_digital_roles(hh: Households, p: Parameters, roles: np.ndarray, n_provinces: int) -> np.ndarray:
    """Skilled non-core workers take the province's digital roles; core workers hold digital jobs.

    Returns the fill rate of non-core digital roles by province (1 = no shortage).
    """
    t = p.advanced_skill_threshold
    arrays = hh.arrays()
    supply = _role_supply(arrays, t, n_provinces)
    take_up = np.divide(roles, supply, out=np.zeros_like(roles), where=supply > 0)
    # A fixed per-household draw decides who holds a role: no churn from re-drawing each quarter.
    _take_roles(arrays, take_up, t)
    return np.minimum(1.0, np.divide(supply, roles, out=np.ones_like(roles), where=roles > 0))


__all__ = ["sector_wage", "wage_index", "employment", "labour_index", "FARM_EXIT_DESTINATIONS", "jobs_per_value_added",
           "farm_exit_pull", "structural_moves", "core_hiring", "digital_roles",
           "assign_digital_roles"]
