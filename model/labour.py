"""The labour market: local (province) and skill-aware.

Workers live in households; firms in a province-sector cell share the cell's
effective labour. Farm workers move to non-farm jobs where value added is;
skilled workers fill digital roles in firms and vacancies in core digital
firms. When a province has fewer skilled workers than digital roles, the fill
rate falls below one and binds on firms' upgrades and premia.
"""
from __future__ import annotations

import numpy as np

from model.categories import ADVANCED, AGRICULTURE, DIGITAL_CORE, NON_CORE, OLD, YOUNG
from model.firms import Firms
from model.households import Households
from model.kernels import choose_rows, group_sum, hazard_draw
from model.params import Parameters


def skill_use(firms: Firms, p: Parameters, n_provinces: int, n_sectors: int) -> np.ndarray:
    """(P, S) how much of a worker's digital skill pays in each cell: skills pay where firms use digital tools.

    A firm at maturity m uses ``floor + (1 - floor) * m / 3`` of it (core digital firms are at the top);
    the cell's use is the value-added-weighted mean over its firms, and the floor where a cell has none.
    """
    use = p.skill_use_floor + (1.0 - p.skill_use_floor) * firms.maturity / ADVANCED
    cell = firms.province.astype(np.int64) * n_sectors + firms.sector
    va = firms.weight * firms.value_added
    n_cells = n_provinces * n_sectors
    total = group_sum(va, cell, n_cells)
    mean = np.divide(group_sum(va * use, cell, n_cells), total, out=np.full(n_cells, p.skill_use_floor), where=total > 0)
    return mean.reshape(n_provinces, n_sectors)


def quality(hh: Households, p: Parameters, use: np.ndarray, skill: np.ndarray | None = None) -> np.ndarray:
    """Effective labour per worker of each household: 1 + theta * skill * use of skill in its cell."""
    s = hh.skill if skill is None else skill
    return 1.0 + p.labour_quality_per_skill * s * use[hh.province, hh.sector]


def employment(hh: Households, n_provinces: int, n_sectors: int, p: Parameters,
               use: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Workers and skill-weighted effective workers by (province, sector)."""
    cell = hh.province.astype(np.int64) * n_sectors + hh.sector
    n_cells = n_provinces * n_sectors
    workers = group_sum(hh.labour, cell, n_cells).reshape(n_provinces, n_sectors)
    effective = group_sum(hh.labour * quality(hh, p, use), cell, n_cells).reshape(n_provinces, n_sectors)
    return workers, effective


def labour_index(effective: np.ndarray, effective0: np.ndarray) -> np.ndarray:
    """Effective labour of each cell relative to set-up.

    Cells the sample left without workers at set-up use their sector's national index.
    """
    national = effective.sum(axis=0) / np.maximum(effective0.sum(axis=0), 1e-12)
    cell = np.divide(effective, effective0, out=np.zeros_like(effective), where=effective0 > 0)
    return np.where(effective0 > 0, cell, national[None, :])


def skilled_ratio(share: np.ndarray, share0: np.ndarray, people: np.ndarray, people0: np.ndarray) -> np.ndarray:
    """(P,) how much each province's skilled share has grown since set-up, shrunk towards the nation.

    The province's share and the national share are averaged before taking the
    ratio, so a province whose small sample had no skilled people at set-up
    cannot produce an explosive ratio (it is bounded by about (1 + n) / n0).
    """
    national = np.average(share, weights=people)
    national0 = np.average(share0, weights=people0)
    return (share + national) / (share0 + national0)


def structural_moves(hh: Households, p: Parameters, rng: np.random.Generator, cell_va: np.ndarray) -> int:
    """Farm workers leave agriculture for non-farm, non-core jobs where value added is made.

    The hazard averages ``structural_exit_rate`` a year; the young and the
    skilled move more, the old less. Destination sectors are drawn in
    proportion to the province's non-farm value added in each sector.
    """
    farm = hh.sector == AGRICULTURE
    mobility = np.where(hh.age == YOUNG, p.young_mobility, np.where(hh.age == OLD, p.old_mobility, 1.0)) * (p.skill_hazard_base + hh.skill)
    mobility = mobility / np.average(mobility[farm], weights=hh.labour[farm]) if farm.any() else mobility
    movers = farm & hazard_draw(rng, p.structural_exit_rate / 4.0 * mobility)
    # Drawn for everyone: keeps random streams aligned across scenarios.
    destination_draw, formal_draw = rng.random((2, hh.n))
    if not movers.any():
        return 0
    destinations = np.array([s for s in NON_CORE if s != AGRICULTURE])
    pull = np.maximum(cell_va[:, destinations], 0.0) + 1e-12
    cumulative = np.cumsum(pull / pull.sum(axis=1, keepdims=True), axis=1)
    rows = np.flatnonzero(movers)
    hh.sector[rows] = destinations[choose_rows(destination_draw[rows], cumulative, hh.province[rows])]
    hh.formal[rows] = formal_draw[rows] < p.formal_share_nonfarm
    return int(rows.size)


def core_hiring(hh: Households, p: Parameters, rng: np.random.Generator, vacancy_rate: np.ndarray) -> int:
    """Skilled workers outside the core fill vacancies in the province's core digital firms."""
    skilled = (hh.skill >= p.advanced_skill_threshold) & (hh.sector != DIGITAL_CORE) & (hh.workers > 0)
    hazard = p.core_hiring_rate * np.maximum(vacancy_rate[hh.province], 0.0)
    movers = skilled & hazard_draw(rng, hazard)
    hh.sector[movers] = DIGITAL_CORE
    hh.formal[movers] = True
    return int(movers.sum())


def digital_roles(firms: Firms, p: Parameters, workers: np.ndarray, n_provinces: int, n_sectors: int) -> np.ndarray:
    """Digital roles that non-core firms offer, by province (real jobs).

    Each cell's workers times the value-added-weighted role intensity of its
    firms' maturity levels.
    """
    intensity = np.array([0.0, p.digital_jobs_basic, p.digital_jobs_integrated, p.digital_jobs_advanced])
    noncore = ~firms.core
    cell = firms.province.astype(np.int64) * n_sectors + firms.sector
    va = firms.weight * firms.value_added * noncore
    n_cells = n_provinces * n_sectors
    avg = group_sum(va * intensity[firms.maturity], cell, n_cells) / np.maximum(group_sum(va, cell, n_cells), 1e-12)
    roles = workers * avg.reshape(n_provinces, n_sectors)
    roles[:, DIGITAL_CORE] = 0.0
    return roles.sum(axis=1)


def assign_digital_roles(hh: Households, p: Parameters, roles: np.ndarray, n_provinces: int) -> np.ndarray:
    """Skilled non-core workers take the province's digital roles; core workers hold digital jobs.

    Returns the fill rate of non-core digital roles by province (1 = no shortage).
    """
    skilled = (hh.skill >= p.advanced_skill_threshold) & (hh.sector != DIGITAL_CORE) & (hh.workers > 0)
    supply = group_sum(hh.labour * skilled, hh.province, n_provinces)
    take_up = np.divide(roles, supply, out=np.zeros_like(roles), where=supply > 0)
    # A fixed per-household draw decides who holds a role: no churn from re-drawing each quarter.
    hh.digital_job[:] = (hh.sector == DIGITAL_CORE) | (skilled & (hh.job_draw < take_up[hh.province]))
    return np.minimum(1.0, np.divide(supply, roles, out=np.ones_like(roles), where=roles > 0))


__all__ = ["employment", "labour_index", "structural_moves", "core_hiring", "digital_roles",
           "assign_digital_roles", "ADVANCED"]
