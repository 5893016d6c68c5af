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

import math

import numpy as np
from numba import prange

from model.core.categories import ADVANCED, AGRICULTURE, BASIC, CORE_SUBSECTORS, DIGITAL_CORE, INTEGRATED, NONE, NO_SUBSECTOR
from model.core.conditions import Conditions
from model.core.kernels import Draws, add_partials, chunk_rows, compiled, fires, leading_rows, n_chunks, normal, uniforms
from model.core.params import Parameters


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
    maturity = np.asarray(maturity)
    fill = np.broadcast_to(np.asarray(skill_fill, float), maturity.shape)
    return _premiums(maturity, premium_table(p), 1.0 + p.data_sharing_premium_boost * data_sharing,
                     np.ascontiguousarray(fill))


def capital_share(sector: np.ndarray, p: Parameters) -> np.ndarray:
    return np.where(sector == AGRICULTURE, p.capital_share_agriculture, p.capital_share)


def role_intensity_table(p: Parameters) -> np.ndarray:
    return np.array([0.0, p.digital_jobs_basic, p.digital_jobs_integrated, p.digital_jobs_advanced])


@compiled(parallel=True)
def _cell_sums(province, sector, maturity, weight, value_added, use_floor, intensity, n_sectors, n_cells):
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), n_cells, 9))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            cell = province[i] * n_sectors + sector[i]
            m = maturity[i]
            va = weight[i] * value_added[i]
            noncore_va = va * (sector[i] != DIGITAL_CORE)
            # Branch-free sums (multiplying by a condition): branches on random states mispredict.
            partials[c, cell, 0] += weight[i]
            partials[c, cell, 1] += va
            partials[c, cell, 2] += va * (use_floor + (1.0 - use_floor) * m / ADVANCED)
            partials[c, cell, 3] += noncore_va
            partials[c, cell, 4] += noncore_va * intensity[m]
            partials[c, cell, 5] += weight[i] * (m >= BASIC)
            partials[c, cell, 6] += weight[i] * (m >= INTEGRATED)
            partials[c, cell, 7] += weight[i] * (m >= ADVANCED)
            partials[c, cell, 8] += noncore_va * (m >= INTEGRATED)
    return add_partials(partials)


CELL_SUMS = ("firms", "value_added", "skill_use_value_added", "noncore_value_added", "role_value_added",
             "firms_basic_or_more", "firms_integrated_or_more", "firms_advanced_or_more", "integrated_value_added")


def cell_sums(firms: Firms, p: Parameters, n_provinces: int, n_sectors: int) -> np.ndarray:
    """(P*S, 9) sums over each province-sector cell's firms in one pass (columns named in ``CELL_SUMS``).

    Real firms, value added, value added times the skill use of the firm's
    maturity (labour.skill_use), non-core value added and that times the
    digital-role intensity (labour.digital_roles), real firms at each
    maturity level or higher (upgrade imitation), and the non-core value
    added of firms with integrated tools or better (core demand).
    """
    return _cell_sums(firms.province, firms.sector, firms.maturity, firms.weight, firms.value_added,
                      p.skill_use_floor, role_intensity_table(p), n_sectors, n_provinces * n_sectors)


@compiled()
def _premium(level, table, data_boost, fill):
    """Premium of a maturity level as realised (see ``premium``)."""
    if level >= INTEGRATED:
        return table[level] * data_boost * fill
    return table[level]


@compiled()
def _premiums(maturity, table, data_boost, fill):
    out = np.empty(maturity.shape[0])
    for i in range(maturity.shape[0]):
        out[i] = _premium(maturity[i], table, data_boost, fill[i])
    return out


@compiled(parallel=True)
def _upgrade(province, sector, household_business, fit, maturity, value_added, weight, digital_capital, skill_fill,
             infra_quality, ahead_share, premium_table, cost_table, data_boost, cost_decline, institutions_relief,
             infra_relief, horizon, noise, finance_limit, hazard_rate, imitation, fiveg_boost, key, n_sectors):
    n = province.shape[0]
    partials = np.zeros(n_chunks(n))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            m = maturity[i]
            if m >= ADVANCED or sector[i] == DIGITAL_CORE:
                continue
            pr = province[i]
            nxt = m + 1
            fill = skill_fill[pr]
            gain_rate = _premium(nxt, premium_table, data_boost, fill) - _premium(m, premium_table, data_boost, fill)
            annual_va = 4.0 * value_added[i]
            gain = fit[i] * max(gain_rate, 0.0) * annual_va * horizon
            cost = cost_table[nxt] * annual_va * cost_decline * (1.0 - infra_relief * infra_quality[pr]) * institutions_relief
            safe_cost = max(cost, 1e-12)
            attractiveness = 1.0 / (1.0 + math.exp(-math.log(max(gain, 1e-12) / safe_cost) / noise))
            finance = min(1.0, finance_limit * annual_va / safe_cost) if household_business[i] else 1.0
            staff = fill if nxt >= INTEGRATED else 1.0
            fiveg = fiveg_boost if nxt == ADVANCED else 1.0
            ahead = ahead_share[pr * n_sectors + sector[i], nxt]
            hazard = hazard_rate * attractiveness * finance * (1.0 + imitation * ahead) * staff * fiveg
            if fires(key, i, hazard):
                maturity[i] = nxt
                digital_capital[i] += cost
                partials[c] += weight[i] * cost
    total = 0.0
    for c in range(partials.shape[0]):
        total += partials[c]
    return total


def upgrade(firms: Firms, cond: Conditions, p: Parameters, draws: Draws, years: float,
            skill_fill: np.ndarray, n_provinces: int, n_sectors: int) -> float:
    """Firms move up one maturity level when the expected gain beats the cost.

    The hazard rises with the attractiveness of the step (a logistic in the
    log of gain over cost), is capped by finance for household businesses,
    scaled by the province's digital-staff fill rate for integrated and
    advanced tools, boosted by 5G for advanced ones, and by imitation: the
    (weighted) share of peers in the same province and sector already at the
    next level. Returns the digital investment made this quarter (VND billion, all firms).
    """
    sums = cell_sums(firms, p, n_provinces, n_sectors)
    ahead = np.zeros((sums.shape[0], ADVANCED + 1))
    ahead[:, BASIC:] = sums[:, 5:8] / np.maximum(sums[:, :1], 1e-12)
    cost_table = np.array([0.0, p.upgrade_cost_basic, p.upgrade_cost_integrated, p.upgrade_cost_advanced])
    return _upgrade(firms.province, firms.sector, firms.household_business, firms.fit, firms.maturity,
                    firms.value_added, firms.weight, firms.digital_capital, np.asarray(skill_fill, float),
                    np.asarray(cond.infra_quality, float), ahead, premium_table(p), cost_table,
                    1.0 + p.data_sharing_premium_boost * cond.data_sharing, np.exp(-p.tech_cost_decline * years),
                    1.0 - p.institutions_cost_relief * cond.institutions, p.infra_cost_relief, p.upgrade_horizon,
                    p.upgrade_decision_noise, p.small_firm_finance_limit, p.upgrade_hazard, p.upgrade_imitation,
                    1.0 + p.fiveg_advanced_boost if cond.fiveg else 1.0, draws.key("upgrade"), n_sectors)


def depreciate_digital_capital(firms: Firms, p: Parameters) -> None:
    firms.digital_capital *= 1.0 - p.digital_capital_depreciation / 4.0


@compiled(parallel=True)
def _evolve_productivity(productivity, volatility, key):
    for i in prange(productivity.shape[0]):
        productivity[i] *= math.exp(volatility * normal(key, i) - 0.5 * volatility * volatility)


def evolve_productivity(firms: Firms, p: Parameters, draws: Draws) -> None:
    """Idiosyncratic productivity follows a mean-one random walk in logs."""
    _evolve_productivity(firms.productivity, p.firm_productivity_volatility, draws.key("productivity"))


def capacity(firms: Firms, p: Parameters, labour_per_firm: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Output capacity of each firm (or of ``rows``) before premium, trend and demand (per real firm).

    ``labour_per_firm``: each firm's (or each of ``rows``') effective labour per firm.
    """
    take = (lambda a: a) if rows is None else (lambda a: a[rows])
    alpha = capital_share(take(firms.sector), p)
    return take(firms.scale) * take(firms.productivity) * take(firms.capital) ** alpha * labour_per_firm ** (1.0 - alpha)


@compiled(parallel=True)
def _produce(province, sector, subsector, maturity, weight, scale, productivity, capital, value_added,
             labour_term, skill_fill, trend, premium_table, data_boost, alpha_farm, alpha, factor, n_subsectors):
    """Value added of non-core firms; core firms get their capacity, and capacity sums by subsector."""
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), n_subsectors))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            s = sector[i]
            cap = scale[i] * productivity[i] * capital[i] ** (alpha_farm if s == AGRICULTURE else alpha) * labour_term[province[i], s]
            if s == DIGITAL_CORE:
                value_added[i] = cap
                partials[c, subsector[i]] += weight[i] * cap
            else:
                prem = 1.0 + _premium(maturity[i], premium_table, data_boost, skill_fill[province[i]])
                value_added[i] = cap * prem * trend[s] * factor
    return add_partials(partials)


@compiled(parallel=True)
def _share_core_output(sector, subsector, value_added, core_output, total):
    for i in prange(sector.shape[0]):
        if sector[i] == DIGITAL_CORE:
            k = subsector[i]
            value_added[i] = core_output[k] * value_added[i] / max(total[k], 1e-12)


def produce(firms: Firms, p: Parameters, cond: Conditions, trend: np.ndarray, labour_per_firm: np.ndarray,
            skill_fill: np.ndarray, utilisation: float, spillover: float, core_output: np.ndarray) -> None:
    """Set each firm's value added for the quarter.

    ``trend``: non-digital productivity by sector; ``labour_per_firm``: (P, S)
    effective labour index per firm of each cell; ``core_output``: value added
    of each core subsector this quarter, split among its firms by capacity.
    """
    # The labour term of capacity, labour ** (1 - capital share), is the same for a cell's firms.
    alpha = capital_share(np.arange(np.shape(labour_per_firm)[1]), p)
    labour_term = np.asarray(labour_per_firm, float) ** (1.0 - alpha)[None, :]
    total = _produce(firms.province, firms.sector, firms.subsector, firms.maturity, firms.weight, firms.scale,
                     firms.productivity, firms.capital, firms.value_added, labour_term,
                     np.asarray(skill_fill, float), np.asarray(trend, float), premium_table(p),
                     1.0 + p.data_sharing_premium_boost * cond.data_sharing, p.capital_share_agriculture,
                     p.capital_share, utilisation * spillover, len(CORE_SUBSECTORS))
    _share_core_output(firms.sector, firms.subsector, firms.value_added, np.asarray(core_output, float), total)


@compiled(parallel=True)
def _invest(fdi, capital, value_added, rate, fdi_multiplier, keep):
    for i in prange(capital.shape[0]):
        r = rate * fdi_multiplier if fdi[i] else rate
        capital[i] = capital[i] * keep + r * value_added[i]


def invest(firms: Firms, p: Parameters, crowd_out_share: float, fdi_multiplier: float) -> None:
    """Capital accumulates from retained value added; FDI firms follow FDI inflows."""
    _invest(firms.fdi, firms.capital, firms.value_added, p.investment_rate * (1.0 - crowd_out_share),
            float(fdi_multiplier), 1.0 - p.depreciation / 4.0)


def exit_and_entry(firms: Firms, cond: Conditions, p: Parameters, draws: Draws) -> int:
    """Once a year the least productive non-core firms exit and new firms take their slots.

    ``exit_rate`` of non-core firms (by weight) leave, lowest productivity first
    (ties broken at random). The slot is reused by an entrant of the same
    sector, province and kind, so the population size stays fixed: the entrant
    brings the incumbents' average productivity (selection, not a windfall)
    and starts at basic maturity with a probability equal to the institutions
    index (e-invoices and online registration where institutions are strong).
    Returns the number of slots recycled.
    """
    noncore = np.flatnonzero(~firms.core)
    if noncore.size == 0:
        return 0
    u_tie = uniforms(draws.key("exit_tie"), firms.n)
    weight = firms.weight[noncore]
    idx = noncore[leading_rows(firms.productivity[noncore], weight, p.exit_rate * weight.sum(), tie=u_tie[noncore])]
    if idx.size == 0:
        return 0
    stay = ~firms.core
    stay[idx] = False
    firms.productivity[idx] = np.average(firms.productivity[stay], weights=firms.weight[stay])
    born_digital = uniforms(draws.key("born_digital"), firms.n)[idx] < cond.institutions
    firms.maturity[idx] = np.where(born_digital, BASIC, NONE)
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
