"""Firms (enterprises and household businesses): array state and quarterly actions.

Each row stands for ``weight`` real firms of one sector, province and kind.
Non-core firms produce from capital, effective labour (their province-sector
cell's workers weighted by skill, shared among the cell's firms) and
productivity, with a premium that rises with digital maturity. Core digital
firms produce what demand for digital goods and services asks for, within the
capacity that their capital and skilled workers allow.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np
from numba import prange

from model.core.categories import (
    ADVANCED, AGRICULTURE, BASIC, CORE_SUBSECTORS, DIGITAL_CORE, INTEGRATED, NONE, NO_SUBSECTOR, SECTOR_TREND,
)
from model.core.conditions import Conditions
from model.core.kernels import (
    Draws, add_partials, array_bundle, chunk_rows, compiled, fires, leading_rows, n_chunks, normal, uniforms,
)
from model.core.params import Parameters
from model.scenario.schema import SHOCK_KINDS


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

    def arrays(self) -> "FirmArrays":
        """The same arrays as one named bundle, which the compiled phases take (numba takes no dataclasses)."""
        return _bundle_firms(self)


# As with households.HouseholdArrays, a compiled phase takes what it uses out by name before its parallel
# loop, and the arrays it writes each on a line of its own.
FirmArrays, _bundle_firms = array_bundle(Firms, "FirmArrays")


def premium_table(p: Parameters) -> np.ndarray:
    return np.array([0.0, p.premium_basic, p.premium_integrated, p.premium_advanced])


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


CELL_SUMS = ("firms", "value_added", "noncore_value_added", "role_value_added",
             "firms_basic_or_more", "firms_integrated_or_more", "firms_advanced_or_more", "integrated_value_added")


class CellColumns(NamedTuple):
    """Column numbers of ``cell_sums`` by name: ``cells[:, CELL.value_added]``."""

    firms: int
    value_added: int
    noncore_value_added: int
    role_value_added: int
    firms_basic_or_more: int
    firms_integrated_or_more: int
    firms_advanced_or_more: int
    integrated_value_added: int


CELL = CellColumns(*range(len(CELL_SUMS)))
assert CellColumns._fields == CELL_SUMS


@compiled(parallel=True)
def _cell_sums(f, intensity, n_sectors, n_cells):
    province, sector, maturity, weight, value_added = f.province, f.sector, f.maturity, f.weight, f.value_added
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), n_cells, len(CELL)))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            cell = province[i] * n_sectors + sector[i]
            m = maturity[i]
            va = weight[i] * value_added[i]
            noncore_va = va * (sector[i] != DIGITAL_CORE)
            # Branch-free sums (multiplying by a condition): branches on random states mispredict.
            partials[c, cell, CELL.firms] += weight[i]
            partials[c, cell, CELL.value_added] += va
            partials[c, cell, CELL.noncore_value_added] += noncore_va
            partials[c, cell, CELL.role_value_added] += noncore_va * intensity[m]
            partials[c, cell, CELL.firms_basic_or_more] += weight[i] * (m >= BASIC)
            partials[c, cell, CELL.firms_integrated_or_more] += weight[i] * (m >= INTEGRATED)
            partials[c, cell, CELL.firms_advanced_or_more] += weight[i] * (m >= ADVANCED)
            partials[c, cell, CELL.integrated_value_added] += noncore_va * (m >= INTEGRATED)
    return add_partials(partials)


def cell_sums(firms: Firms, p: Parameters, n_provinces: int, n_sectors: int) -> np.ndarray:
    """(P*S, 8) sums over each province-sector cell's firms in one pass (columns named in ``CELL_SUMS``).

    Real firms, value added, non-core value added and that times the
    digital-role intensity (labour.digital_roles), real firms at each
    maturity level or higher (upgrade imitation), and the non-core value
    added of firms with integrated tools or better (core demand).
    """
    return _cell_sums(firms.arrays(), role_intensity_table(p), n_sectors=n_sectors,
                      n_cells=n_provinces * n_sectors)


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


class UpgradeRule(NamedTuple):
    """What an upgrade pays and costs this quarter (``upgrade``), and how fast firms decide."""

    infra_quality: np.ndarray  # (P,)
    premium_table: np.ndarray  # premium of each maturity level (``premium_table``)
    cost_table: np.ndarray  # cost of reaching each level, in years of value added
    data_boost: float
    cost_decline: float
    institutions_relief: float
    infra_relief: float
    horizon: float
    noise: float
    finance_limit: float
    hazard_rate: float
    imitation: float
    fiveg_boost: np.ndarray  # (P,) hazard multiplier to advanced from the province's 5G reach
    key: np.uint64


@compiled(parallel=True)
def _upgrade(f, ahead_share, skill_fill, rule, n_sectors):
    province, sector, household_business, fit, value_added, weight = (
        f.province, f.sector, f.household_business, f.fit, f.value_added, f.weight)
    # Written below, so each bound on its own (see households.HouseholdArrays).
    maturity = f.maturity
    digital_capital = f.digital_capital
    infra_quality, premium_table, cost_table, data_boost, key = (
        rule.infra_quality, rule.premium_table, rule.cost_table, rule.data_boost, rule.key)
    cost_decline, institutions_relief, infra_relief = rule.cost_decline, rule.institutions_relief, rule.infra_relief
    horizon, noise, finance_limit = rule.horizon, rule.noise, rule.finance_limit
    hazard_rate, imitation, fiveg_boost = rule.hazard_rate, rule.imitation, rule.fiveg_boost
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
            fiveg = fiveg_boost[pr] if nxt == ADVANCED else 1.0
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
    at_level_or_more = sums[:, [CELL.firms_basic_or_more, CELL.firms_integrated_or_more, CELL.firms_advanced_or_more]]
    ahead = np.zeros((sums.shape[0], ADVANCED + 1))
    ahead[:, BASIC:] = at_level_or_more / np.maximum(sums[:, [CELL.firms]], 1e-12)
    rule = UpgradeRule(
        infra_quality=np.asarray(cond.infra_quality, float), premium_table=premium_table(p),
        cost_table=np.array([0.0, p.upgrade_cost_basic, p.upgrade_cost_integrated, p.upgrade_cost_advanced]),
        data_boost=1.0 + p.data_sharing_premium_boost * cond.data_sharing,
        cost_decline=np.exp(-p.tech_cost_decline * years),
        institutions_relief=1.0 - p.institutions_cost_relief * cond.institutions, infra_relief=p.infra_cost_relief,
        horizon=p.upgrade_horizon, noise=p.upgrade_decision_noise, finance_limit=p.small_firm_finance_limit,
        hazard_rate=p.upgrade_hazard, imitation=p.upgrade_imitation,
        fiveg_boost=1.0 + p.fiveg_advanced_boost * np.asarray(cond.fiveg_reach, float),
        key=draws.key("upgrade"))
    return _upgrade(firms.arrays(), ahead, np.asarray(skill_fill, float), rule, n_sectors)


def depreciate_digital_capital(firms: Firms, p: Parameters) -> None:
    firms.digital_capital *= 1.0 - p.digital_capital_depreciation / 4.0


class ProductivityProcess(NamedTuple):
    """A firm's log productivity, quarter by quarter: x' = rho x + (1 - rho) mu + sigma e, e standard normal."""

    rho: float  # quarterly persistence
    sigma: float  # quarterly innovation s.d.
    mu: float  # long-run mean of x: the one at which mean productivity is 1 without selection


def productivity_process(p: Parameters) -> ProductivityProcess:
    """The quarterly AR(1) with the yearly persistence and innovation s.d. of the parameters (the quarterly
    process aggregated over four quarters has the yearly autocorrelation and the same stationary variance)."""
    rho_year, sigma_year = p.firm_productivity_persistence, p.firm_productivity_volatility
    rho = rho_year ** 0.25
    # Stationary variance sigma_year^2 / (1 - rho_year^2); the quarterly innovation that keeps it.
    variance = sigma_year ** 2 / (1.0 - rho_year ** 2) if rho_year < 1.0 else 0.0
    sigma = math.sqrt(variance * (1.0 - rho ** 2))
    return ProductivityProcess(rho, sigma, -0.5 * variance)


@compiled(parallel=True)
def _evolve_productivity(productivity, process, key):
    rho, sigma, mu = process.rho, process.sigma, process.mu
    for i in prange(productivity.shape[0]):
        productivity[i] = math.exp(rho * math.log(productivity[i]) + (1.0 - rho) * mu + sigma * normal(key, i))


def evolve_productivity(firms: Firms, p: Parameters, draws: Draws) -> None:
    """Idiosyncratic productivity follows an AR(1) in logs around a constant (``productivity_process``)."""
    _evolve_productivity(firms.productivity, productivity_process(p), draws.key("productivity"))


def capacity(firms: Firms, p: Parameters, labour_per_firm: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Output capacity of each firm (or of ``rows``) before premium, trend and demand (per real firm).

    ``labour_per_firm``: each firm's (or each of ``rows``') effective labour per firm.
    """
    take = (lambda a: a) if rows is None else (lambda a: a[rows])
    alpha = capital_share(take(firms.sector), p)
    return take(firms.scale) * take(firms.productivity) * take(firms.capital) ** alpha * labour_per_firm ** (1.0 - alpha)


class ProductionRule(NamedTuple):
    """What non-core output rests on this quarter besides the firm (``produce``)."""

    trend: np.ndarray  # (S,) non-digital productivity by sector
    premium_table: np.ndarray
    data_boost: float
    alpha_farm: float  # capital shares
    alpha: float
    factor: float  # utilisation times the broadband spillover


@compiled(parallel=True)
def _produce(f, labour_term, skill_fill, rule, n_subsectors):
    """Value added of non-core firms; core firms get their capacity, and capacity sums by subsector."""
    province, sector, subsector, maturity, weight, scale, productivity, capital = (
        f.province, f.sector, f.subsector, f.maturity, f.weight, f.scale, f.productivity, f.capital)
    value_added = f.value_added  # written below: bound on its own (see households.HouseholdArrays)
    trend, premium_table, data_boost = rule.trend, rule.premium_table, rule.data_boost
    alpha_farm, alpha, factor = rule.alpha_farm, rule.alpha, rule.factor
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
    rule = ProductionRule(trend=np.asarray(trend, float), premium_table=premium_table(p),
                          data_boost=1.0 + p.data_sharing_premium_boost * cond.data_sharing,
                          alpha_farm=p.capital_share_agriculture, alpha=p.capital_share,
                          factor=utilisation * spillover)
    total = _produce(firms.arrays(), labour_term, np.asarray(skill_fill, float), rule, len(CORE_SUBSECTORS))
    _share_core_output(firms.sector, firms.subsector, firms.value_added, np.asarray(core_output, float), total)


class InvestmentRule(NamedTuple):
    """How capital moves this quarter (``invest``)."""

    rate: float  # base share of value added a non-farm firm invests at its set-up return
    rate_farm: float  # the same for farms
    return_elasticity: float  # of the rate to the firm's return on capital relative to set-up
    capital_output: float  # capital over annual value added at set-up (the set-up return's inverse, per alpha)
    common: float  # economy-wide factor: the user cost of capital, times what other claims leave
    fdi_multiplier: float  # on FDI firms: FDI inflows relative to GDP
    keep: float  # share of capital left after depreciation


# Guard on a firm's return factor: a firm whose capital has all but vanished does not invest hundreds of times
# its value added in a quarter (issue 11; not a regime the data show).
MAX_RETURN_FACTOR = 3.0


@compiled()
def investment_rate(return_ratio, base, elasticity, common, fdi_factor):
    """Share of this quarter's value added a firm invests: its base rate, times its return on capital relative
    to set-up to the elasticity (capped at MAX_RETURN_FACTOR), times the economy-wide and FDI factors."""
    return base * min(return_ratio ** elasticity, MAX_RETURN_FACTOR) * common * fdi_factor


@compiled(parallel=True)
def _invest(f, rule):
    fdi, value_added, sector = f.fdi, f.value_added, f.sector
    capital = f.capital  # written below: bound on its own (see households.HouseholdArrays)
    weight = f.weight
    n = capital.shape[0]
    partials = np.zeros(n_chunks(n))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            base = rule.rate_farm if sector[i] == AGRICULTURE else rule.rate
            # Return on capital relative to set-up, where capital was capital_output years of value added.
            ratio = 4.0 * rule.capital_output * value_added[i] / max(capital[i], 1e-12)
            rate = investment_rate(ratio, base, rule.return_elasticity, rule.common,
                                   rule.fdi_multiplier if fdi[i] else 1.0)
            invested = rate * value_added[i]
            capital[i] = capital[i] * rule.keep + invested
            partials[c] += weight[i] * invested
    total = 0.0
    for c in range(partials.shape[0]):
        total += partials[c]
    return total


def invest(firms: Firms, p: Parameters, common: float, fdi_multiplier: float) -> float:
    """Capital depreciates and grows by investment: each firm invests its base rate of value added (farms
    less than factories), more where its return on capital has risen since set-up
    (``investment_return_elasticity``), times ``common`` (the user cost of capital and what other claims on
    saving leave) and, for FDI firms, FDI inflows relative to GDP. Returns the investment made, VND bn."""
    return _invest(firms.arrays(), InvestmentRule(
        rate=p.investment_rate, rate_farm=p.investment_rate_agriculture, return_elasticity=p.investment_return_elasticity,
        capital_output=p.capital_output_ratio, common=float(common), fdi_multiplier=float(fdi_multiplier),
        keep=1.0 - p.depreciation / 4.0))


def planned_investment_at_set_up(firms: Firms, p: Parameters) -> float:
    """Investment firms plan in a set-up quarter (VND bn): base rates times value added."""
    base = np.where(firms.sector == AGRICULTURE, p.investment_rate_agriculture, p.investment_rate)
    return float(np.sum(firms.weight * base * firms.value_added))


def sector_trend(p: Parameters, years: float) -> np.ndarray:
    """(S,) non-digital productivity of each sector relative to set-up: exp(tfp_growth_<group> * years); the
    digital core has no trend of its own (its output is demand-led)."""
    return np.array([1.0 if g is None else np.exp(getattr(p, f"tfp_growth_{g}") * years) for g in SECTOR_TREND])


def manufacturing_demand(p: Parameters, other_exports: float, income: float) -> float:
    """Demand for manufacturing relative to set-up: exports of goods other than electronics (rules.external)
    for manufacturing_export_share of it, domestic income (GDP relative to set-up) for the rest (geometric)."""
    share = p.manufacturing_export_share
    return other_exports ** share * income ** (1.0 - share)


def demand_factor(p: Parameters, demand: float, capacity: float) -> float:
    """Demand's pull on manufacturing output: value added = capacity ** (1 - w) * demand ** w (w =
    manufacturing_demand_weight, relative to set-up), the rule of the digital core's subsectors
    (rules.digital_core); returned as the factor on capacity, (demand / capacity) ** w. Investment follows
    the return this gives (``invest``), so capacity catches up with lasting demand."""
    return (demand / max(capacity, 1e-12)) ** p.manufacturing_demand_weight


def broadband_spillover(p: Parameters, internet_share: float, internet_share0: float, growth_log: float) -> float:
    """TFP of every non-core firm relative to set-up from broadband: a level effect of the share of people online
    (broadband_tfp_spillover; Qiang and Rossotto 2009, Katz and Callorda 2018) and a lasting effect on the growth
    rate (``growth_log``, the sum of ``broadband_growth_step``; Czernich et al. 2011), in the proportions
    1 - broadband_persistence and broadband_persistence: the literature has both readings, so the parameter's
    prior is a choice between 0 and 1 (model.core.priors) that the posterior weighs against history."""
    level = (1.0 + p.broadband_tfp_spillover * internet_share) / (1.0 + p.broadband_tfp_spillover * internet_share0)
    return level ** (1.0 - p.broadband_persistence) * math.exp(p.broadband_persistence * growth_log)


# The largest loss one pandemic shock may take, percent of output: the scenario file's own limit for its size
# (scenario.schema), so pandemic_size_factor cannot carry a shock past what a file may write.
PANDEMIC_MAX_LOSS = SHOCK_KINDS["pandemic"][0][1]


def pandemic_utilisation(shocks, time: float, size_factor: float) -> float:
    """Share of normal output produced at ``time`` while pandemic shocks (and their scars) last: each takes its
    size (percent of output, from the scenario file) times ``size_factor`` (pandemic_size_factor: 1 keeps the
    file's sizes; the posterior infers it from the years it reads), at most PANDEMIC_MAX_LOSS."""
    u = 1.0
    for s in shocks:
        if s.kind == "pandemic":
            u *= 1.0 - min(s.size * size_factor, PANDEMIC_MAX_LOSS) / 100.0 * s.weight(time)
    return u


# The growth reading starts here: the history to 2025 is calibrated on the level reading (broadband_persistence
# 0), so its trends already hold what broadband did then; only penetration beyond its level at the end of 2025
# adds to the growth rate. The level term still shrinks with broadband_persistence over the replayed years
# (measured: 0.53 tolerances in root mean square over the history moments, from 0.05 to 0.95), so the posterior
# infers the reading jointly with the trends.
BROADBAND_GROWTH_FROM = 2026


def broadband_growth_step(p: Parameters, fixed_per_person: float, fixed_per_person0: float) -> float:
    """A quarter's log TFP growth in the growth reading: broadband_growth_per_penetration a year per unit of
    fixed broadband subscriptions per person above ``fixed_per_person0`` (its level when the reading starts,
    BROADBAND_GROWTH_FROM; Czernich et al.'s measure: subscriptions per inhabitant)."""
    return p.broadband_growth_per_penetration / 4.0 * (fixed_per_person - fixed_per_person0)


def exit_and_entry(firms: Firms, cond: Conditions, p: Parameters, draws: Draws, hold_maturity: bool = False) -> int:
    """Once a year the least productive non-core firms exit and new firms take their slots.

    ``exit_rate`` of non-core firms (by weight) leave, lowest productivity first
    (ties broken at random). The slot is reused by an entrant of the same
    sector, province and kind, so the population size stays fixed: the entrant
    brings the incumbents' average productivity (selection, not a windfall)
    and starts at basic maturity with a probability equal to the institutions
    index (e-invoices and online registration where institutions are strong).
    With ``hold_maturity`` (a counterfactual with digital adoption frozen) the entrant keeps the slot's
    maturity and digital capital, so exit and entry do not change how digital firms are.
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
    if hold_maturity:
        return int(idx.size)
    born_digital = uniforms(draws.key("born_digital"), firms.n)[idx] < cond.institutions
    firms.maturity[idx] = np.where(born_digital, BASIC, NONE)
    firms.digital_capital[idx] = 0.0
    return int(idx.size)


# Most real digital-technology firms per person the economy can hold (entry stops there). Assumption: ten times
# Vietnam's 2024 density (51,000 digital-technology firms for 101 million people, seed document 001), of the order
# of the ICT-sector enterprise density of Europe's most digital economies (a few per 1,000 inhabitants, Eurostat
# structural business statistics). Without it entry compounds at up to 50 percent a year with each entrant
# bringing capital: three_breakthroughs run to 2050 held 340 million digital firms and capital of 270 times GDP
# (issue 10). The shipped scenarios stay below a fifth of it to 2030.
MAX_DIGITAL_FIRMS_PER_PERSON = 0.005
# Most digital firms relative to set-up. GSO: Vietnam's active enterprises rose about 18-fold from 2000 (some
# 40,000) to 2022 (735,455), the fastest sustained rise on record there. Entrants bring the incumbents' capital
# per firm, so with few firms at set-up (digital_enterprises_2015 = 1,000) the density cap alone let the core's
# capital reach 270 times GDP by 2050 (issue 10).
MAX_DIGITAL_FIRM_MULTIPLE = 20.0


def digital_firm_limit(people: float, firms0: float) -> float:
    """Most real digital firms the economy can hold: MAX_DIGITAL_FIRMS_PER_PERSON of ``people`` and
    MAX_DIGITAL_FIRM_MULTIPLE times the ``firms0`` at set-up, whichever is lower."""
    return min(MAX_DIGITAL_FIRMS_PER_PERSON * people, MAX_DIGITAL_FIRM_MULTIPLE * firms0)


def entry_scale(planned: float, firms_now: float, limit: float) -> float:
    """Share of the planned digital entrants that can enter: all of them while the real digital firms stay
    within ``limit`` (``digital_firm_limit``), else those that fill it."""
    room = max(0.0, limit - firms_now)
    return 1.0 if planned <= room else room / planned


def digital_entry(firms: Firms, cond: Conditions, p: Parameters, skilled_ratio: np.ndarray,
                  limit: float = math.inf) -> float:
    """Once a year new digital-technology firms enter, more where institutions and skills are strong.

    Each core row stands for ``weight`` real firms; entry adds to the number it
    stands for (the rate times the institutions index times the province's
    skilled share relative to set-up), bringing the same capital per firm.
    Entry adds core capacity; it takes nothing from other sectors. It stops at ``limit`` real digital firms
    (``digital_firm_limit``, ``entry_scale``). Returns the number of real digital firms that entered.
    """
    core = firms.core
    rate = p.digital_entry_rate * cond.institutions * skilled_ratio[firms.province]
    added = firms.weight * rate * core
    added *= entry_scale(float(added.sum()), float(firms.weight[core].sum()), limit)
    firms.weight += added
    return float(added.sum())


__all__ = ["Firms", "sector_trend", "pandemic_utilisation", "broadband_spillover", "broadband_growth_step", "BROADBAND_GROWTH_FROM", "manufacturing_demand", "demand_factor", "investment_rate", "planned_investment_at_set_up", "premium", "premium_table", "upgrade", "produce", "invest",
           "exit_and_entry", "digital_entry", "evolve_productivity", "productivity_process", "ProductivityProcess", "depreciate_digital_capital", "capacity", "NO_SUBSECTOR"]
