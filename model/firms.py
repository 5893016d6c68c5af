"""Firms (enterprises and household businesses): array state and quarterly actions.

Each row stands for ``weight`` real firms of one sector, province and kind.
Non-core firms produce from capital, effective labour (their province-sector
cell's workers weighted by skill, shared among the cell's firms) and
productivity, with a premium that rises with digital maturity. Core digital
firms produce what demand for digital goods and services asks for, within the
capacity that their capital and skilled workers allow.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from model.categories import ADVANCED, AGRICULTURE, BASIC, DIGITAL_CORE, INTEGRATED, NONE, NO_SUBSECTOR
from model.conditions import Conditions
from model.kernels import group_sum, hazard_draw
from model.params import Parameters


@dataclass
class Firms:
    sector: np.ndarray  # int8
    subsector: np.ndarray  # int8 core subsector, NO_SUBSECTOR outside the core
    province: np.ndarray  # int16
    household_business: np.ndarray  # bool
    fdi: np.ndarray  # bool
    weight: np.ndarray  # float64 real firms represented
    scale: np.ndarray  # float64 normalises value added to the set-up year
    productivity: np.ndarray  # float64 idiosyncratic productivity (1 at set-up or entry)
    fit: np.ndarray  # float32 how much this firm gains from digital tools (mean 1)
    maturity: np.ndarray  # int8 NONE / BASIC / INTEGRATED / ADVANCED
    capital: np.ndarray  # float64 per real firm, VND billion (2023 prices)
    digital_capital: np.ndarray  # float64 per real firm, VND billion
    value_added: np.ndarray  # float64 per real firm this quarter, VND billion

    @property
    def n(self) -> int:
        return self.sector.shape[0]

    @property
    def core(self) -> np.ndarray:
        return self.sector == DIGITAL_CORE

    def nbytes(self) -> int:
        return sum(getattr(self, f.name).nbytes for f in fields(self))


def premium_table(p: Parameters) -> np.ndarray:
    return np.array([0.0, p.premium_basic, p.premium_integrated, p.premium_advanced])


def digitalised_table(p: Parameters) -> np.ndarray:
    return np.array([0.0, p.digitalised_share_basic, p.digitalised_share_integrated, p.digitalised_share_advanced])


def premium(maturity: np.ndarray, p: Parameters, data_sharing: float, skill_fill: np.ndarray) -> np.ndarray:
    """Productivity premium of each maturity level as realised.

    Integrated and advanced tools pay more when data can be shared and need
    digital staff: where the province cannot fill its digital roles the
    premium is scaled down by the fill rate (a skills shortage binds).
    """
    base = premium_table(p)[maturity]
    data_heavy = maturity >= INTEGRATED
    boost = np.where(data_heavy, (1.0 + p.data_sharing_premium_boost * data_sharing) * skill_fill, 1.0)
    return base * boost


def capital_share(sector: np.ndarray, p: Parameters) -> np.ndarray:
    return np.where(sector == AGRICULTURE, p.capital_share_agriculture, p.capital_share)


def upgrade(firms: Firms, cond: Conditions, p: Parameters, rng: np.random.Generator, years: float,
            skill_fill: np.ndarray, n_provinces: int, n_sectors: int) -> float:
    """Firms move up one maturity level when the expected gain beats the cost.

    Returns the digital investment made this quarter (VND billion, all firms).
    """
    m = firms.maturity
    candidates = (m < ADVANCED) & ~firms.core
    nxt = np.minimum(m + 1, ADVANCED)
    fill = skill_fill[firms.province]
    gain_rate = premium(nxt, p, cond.data_sharing, fill) - premium(m, p, cond.data_sharing, fill)
    annual_va = 4.0 * firms.value_added
    gain = firms.fit * np.maximum(gain_rate, 0.0) * annual_va * p.upgrade_horizon
    cost_rate = np.array([0.0, p.upgrade_cost_basic, p.upgrade_cost_integrated, p.upgrade_cost_advanced])[nxt]
    relief = (1.0 - p.infra_cost_relief * cond.infra_quality[firms.province]) * (1.0 - p.institutions_cost_relief * cond.institutions)
    cost = cost_rate * annual_va * np.exp(-p.tech_cost_decline * years) * relief
    safe_cost = np.maximum(cost, 1e-12)
    attractiveness = 1.0 / (1.0 + np.exp(-np.log(np.maximum(gain, 1e-12) / safe_cost) / p.upgrade_decision_noise))
    finance = np.where(firms.household_business, np.minimum(1.0, p.small_firm_finance_limit * annual_va / safe_cost), 1.0)

    # Imitation: share of (weighted) peers in the same province and sector already at the next level.
    cell = firms.province.astype(np.int64) * n_sectors + firms.sector
    n_cells = n_provinces * n_sectors
    peers_total = group_sum(firms.weight, cell, n_cells)
    ahead = np.zeros(firms.n)
    for level in (BASIC, INTEGRATED, ADVANCED):  # three levels, not agents
        share = group_sum(firms.weight * (m >= level), cell, n_cells) / np.maximum(peers_total, 1e-12)
        ahead = np.where(nxt == level, share[cell], ahead)

    staff = np.where(nxt >= INTEGRATED, fill, 1.0)
    fiveg = np.where((nxt == ADVANCED) & cond.fiveg, 1.0 + p.fiveg_advanced_boost, 1.0)
    hazard = p.upgrade_hazard * attractiveness * finance * (1.0 + p.upgrade_imitation * ahead) * staff * fiveg
    moves = candidates & hazard_draw(rng, hazard)
    firms.maturity[moves] = nxt[moves]
    firms.digital_capital[moves] += cost[moves]
    return float((firms.weight[moves] * cost[moves]).sum())


def depreciate_digital_capital(firms: Firms, p: Parameters) -> None:
    firms.digital_capital *= 1.0 - p.digital_capital_depreciation / 4.0


def evolve_productivity(firms: Firms, p: Parameters, rng: np.random.Generator) -> None:
    """Idiosyncratic productivity follows a mean-one random walk in logs."""
    s = p.firm_productivity_volatility
    firms.productivity *= np.exp(s * rng.standard_normal(firms.n) - 0.5 * s * s)


def capacity(firms: Firms, p: Parameters, labour_per_firm: np.ndarray) -> np.ndarray:
    """Output capacity of each firm before premium, trend and demand (per real firm)."""
    alpha = capital_share(firms.sector, p)
    return firms.scale * firms.productivity * firms.capital ** alpha * labour_per_firm ** (1.0 - alpha)


def produce(firms: Firms, p: Parameters, cond: Conditions, trend: np.ndarray, labour_per_firm: np.ndarray,
            skill_fill: np.ndarray, utilisation: float, spillover: float, core_output: np.ndarray) -> None:
    """Set each firm's value added for the quarter.

    ``trend``: non-digital productivity by sector; ``labour_per_firm``: effective
    labour index of the firm's cell per firm; ``core_output``: value added of each
    core subsector this quarter (split among its firms by capacity).
    """
    cap = capacity(firms, p, labour_per_firm)
    prem = 1.0 + premium(firms.maturity, p, cond.data_sharing, skill_fill[firms.province])
    va = cap * prem * trend[firms.sector] * utilisation * spillover
    core = firms.core
    if core.any():
        sub = firms.subsector[core]
        cap_core = cap[core]
        total = group_sum(firms.weight[core] * cap_core, sub, core_output.shape[0])
        va[core] = core_output[sub] * cap_core / np.maximum(total[sub], 1e-12)
    firms.value_added[:] = va


def invest(firms: Firms, p: Parameters, crowd_out_share: float, fdi_multiplier: float) -> None:
    """Capital accumulates from retained value added; FDI firms follow FDI inflows."""
    rate = p.investment_rate * (1.0 - crowd_out_share) * np.where(firms.fdi, fdi_multiplier, 1.0)
    firms.capital[:] = firms.capital * (1.0 - p.depreciation / 4.0) + rate * firms.value_added


def exit_and_entry(firms: Firms, cond: Conditions, p: Parameters, rng: np.random.Generator) -> int:
    """Once a year the least productive non-core firms exit and new firms take their slots.

    ``exit_rate`` of non-core firms (by weight) leave, lowest productivity first
    (ties broken at random). The slot is reused by an entrant of the same
    sector, province and kind, so the population size stays fixed: the entrant
    brings the incumbents' average productivity (selection, not a windfall)
    and starts at basic maturity with a probability equal to the institutions
    index (e-invoices and online registration where institutions are strong).
    Returns the number of slots recycled.
    """
    # Fixed-size draws keep random streams aligned across scenarios (common random numbers).
    u_tie, u_born_digital = rng.random((2, firms.n))
    noncore = np.flatnonzero(~firms.core)
    if noncore.size == 0:
        return 0
    order = noncore[np.lexsort((u_tie[noncore], firms.productivity[noncore]))]
    cum = np.cumsum(firms.weight[order])
    leaving = np.zeros(firms.n, dtype=bool)
    leaving[order[cum <= p.exit_rate * cum[-1]]] = True
    idx = np.flatnonzero(leaving)
    if idx.size == 0:
        return 0
    stay = ~firms.core & ~leaving
    firms.productivity[idx] = np.average(firms.productivity[stay], weights=firms.weight[stay])
    firms.maturity[idx] = np.where(u_born_digital[idx] < cond.institutions, BASIC, NONE)
    firms.digital_capital[idx] = 0.0
    return int(idx.size)


def digital_entry(firms: Firms, cond: Conditions, p: Parameters, skilled_ratio: np.ndarray) -> float:
    """Once a year new digital-technology firms enter, more where institutions and skills are strong.

    Each core row stands for ``weight`` real firms; entry adds to the number it
    stands for (the rate times the institutions index times the province's
    skilled share relative to set-up), bringing the same capital per firm.
    Entry adds core capacity; it takes nothing from other sectors.
    Returns the number of real digital firms that entered.
    """
    core = firms.core
    rate = p.digital_entry_rate * cond.institutions * skilled_ratio[firms.province]
    added = firms.weight * rate * core
    firms.weight += added
    return float(added.sum())


__all__ = ["Firms", "premium", "premium_table", "digitalised_table", "upgrade", "produce", "invest",
           "exit_and_entry", "digital_entry", "evolve_productivity", "depreciate_digital_capital", "capacity", "NO_SUBSECTOR"]
