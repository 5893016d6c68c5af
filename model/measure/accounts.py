"""National accounts, the digital-economy satellite account, growth accounting and targets.

Nothing is kept per agent per step: each quarter is reduced to a
``QuarterRecord`` (national totals and province vectors) and each year-end to
a ``Snapshot`` of provinces and groups. ``annual_table`` and friends turn those
into the plain tables of the results folder.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Protocol

import numpy as np
from numba import prange

from model.core.categories import (ADVANCED, AGES, AGRICULTURE, AREAS, BASIC, DIGITAL_CORE, FIBRE, LEVERS, OFFLINE,
                                   SECTOR_TREND, SECTORS)
from model.rules.firms import _premium, premium_table
from model.rules.agencies import household_weighted
from model.core.kernels import add_partials, chunk_rows, compiled, group_mean, group_sum, n_chunks, safe_ratio

from model.core.conditions import Conditions
from model.core.data import series
from model.core.params import Parameters
from model.rules.firms import Firms
from model.rules.households import Households
from model.rules.initialise import Geography


class MeasuredEconomy(Protocol):
    """What the accounts read from a model at the end of a quarter or year (either engine provides it)."""

    params: Parameters
    conditions: Conditions
    geo: Geography
    households: Households
    firms: Firms
    household_census: dict[str, float]
    mean_labour_quality: float
    workers: np.ndarray  # (P, S) workers by province and sector, as the labour market left them this quarter
    national_agencies: dict
    provincial_governments: list
    finance: object  # rules.fiscal.PublicFinance
    idle_spending: float  # VND bn this quarter of public money that buys nothing (experiments only)
    external: dict  # rules.external paths
    private_investment: float
    crowd_in: float
    ict_manufacturing_va: float
    spillover: float
    working_age: float
    time: float
    digital_investment: float
    digital_entrants: float
    province_households: np.ndarray
    skill_fill: np.ndarray
    quarter: int
    year: int


def _pct(x) -> float:
    return 100.0 * float(x)


# ---------------------------------------------------------------- the digital-economy satellite account
# The NSO (GSO 2023, following the ADB's input-output method) counts the whole value added of the core digital
# industries, and in every other sector the value added its digital inputs make. A firm's digital input grows
# with its digital maturity m (0 none to 3 advanced) from a rate of its broad sector:
#     digital share = digitalisation_rate_<group> * (1 + digital_input_gradient * m / 3)
# so an upgrade moves a small, fitted part of its value added into "digital", not a fixed 5-40 percent of it.
# The NSO's sector split puts the core's electronics manufacturing in industry and its telecoms, software and
# platforms in services.
NSO_GROUPS = ("agriculture", "industry", "services")


def digitalisation_rates(p) -> np.ndarray:
    """(S,) each sector's digitalisation rate (its NSO group's); 1 for the core, all of which counts."""
    return np.array([getattr(p, f"digitalisation_rate_{g}") if g else 1.0 for g in SECTOR_TREND])


def digitalised_table(p) -> np.ndarray:
    """(S, 4) share of a firm's value added counted as digital, by sector and maturity (the core: all)."""
    table = digitalisation_rates(p)[:, None] * (1.0 + p.digital_input_gradient * np.arange(ADVANCED + 1) / ADVANCED)
    table[DIGITAL_CORE] = 1.0
    return table


def digital_value_added(va: np.ndarray, maturity_va: np.ndarray, p) -> np.ndarray:
    """(S,) digital value added by sector from each sector's value added and its sum of value added times
    maturity / 3 (the firms' table summed: rate * (VA + gradient * maturity-weighted VA); the core whole)."""
    out = digitalisation_rates(p) * (va + p.digital_input_gradient * maturity_va)
    out[DIGITAL_CORE] = va[DIGITAL_CORE]
    return out


def digital_account(r: dict, p) -> dict[str, float]:
    """The satellite account of one row (annual or quarterly sums): digital value added by sector, the core,
    digitalisation, their shares of GDP and of each sector, and the NSO's three sector groups."""
    va = np.array([r[f"va_{name}_vnd_bn"] for name in SECTORS])
    digital = digital_value_added(va, np.array([r[f"maturity_va_{name}_vnd_bn"] for name in SECTORS]), p)
    gdp = r["gdp_vnd_bn"]
    d = {f"digital_{name}_vnd_bn": float(digital[s]) for s, name in enumerate(SECTORS)}
    d["digital_core_vnd_bn"] = float(digital[DIGITAL_CORE])
    d["digitalisation_vnd_bn"] = float(digital.sum() - digital[DIGITAL_CORE])
    d["digital_economy_share_pct"] = _pct(digital.sum() / gdp)
    d["digital_core_share_pct"] = _pct(digital[DIGITAL_CORE] / gdp)
    d["digitalisation_share_pct"] = _pct(d["digitalisation_vnd_bn"] / gdp)
    shares = {name: _pct(digital[s] / max(va[s], 1e-12)) for s, name in enumerate(SECTORS)}
    d.update({f"digital_share_{name}_pct": v for name, v in shares.items()})
    d["min_sector_digital_share_pct"] = min(v for name, v in shares.items() if name != "digital_core")
    electronics = r["ict_manufacturing_vnd_bn"]
    for group in NSO_GROUPS:
        in_group = sum(float(digital[s]) for s, g in enumerate(SECTOR_TREND) if g == group)
        core_part = {"agriculture": 0.0, "industry": electronics,
                     "services": float(digital[DIGITAL_CORE]) - electronics}[group]
        d[f"digital_va_{group}_pct_gdp"] = _pct((in_group + core_part) / gdp)
    return d


def digital_growth_split(r: dict, b: dict) -> dict[str, float]:
    """Growth of digital value added between two rows, in points of the earlier GDP: all of it (the accounting
    contribution, not a cause) and the part from sectors' digital shares changing (reclassification: value
    added counted as digital that was counted elsewhere before); the rest is digital value added growing with
    its sectors at their earlier shares."""
    gdp_before = b["gdp_vnd_bn"]
    total = reclassified = 0.0
    for name in SECTORS:
        va_now, va_before = r[f"va_{name}_vnd_bn"], b[f"va_{name}_vnd_bn"]
        d_now, d_before = r[f"digital_{name}_vnd_bn"], b[f"digital_{name}_vnd_bn"]
        total += d_now - d_before
        if va_now > 0.0 and va_before > 0.0:
            reclassified += va_now * (d_now / va_now - d_before / va_before)
    return {"digital_accounting_contribution_pp": 100.0 * total / gdp_before,
            "digital_reclassification_pp": 100.0 * reclassified / gdp_before}


@dataclass
class QuarterRecord:
    year: int
    quarter: int
    values: dict[str, float]
    province_gdp: np.ndarray  # (P,) VND bn this quarter
    province_digital: np.ndarray  # (P,) digital-economy value added, VND bn

    @property
    def gdp(self) -> float:
        return self.values["gdp_vnd_bn"]

    @property
    def employment(self) -> float:
        return self.values["employment"]

    @classmethod
    def measure(cls, m: MeasuredEconomy) -> "QuarterRecord":
        p, hh, f, cond = m.params, m.households, m.firms, m.conditions
        P, S = m.geo.n, len(SECTORS)
        tax = 1.0 / (1.0 - p.net_tax_share)
        shares = AccountShares(digitalised=digitalised_table(p), alpha_farm=p.capital_share_agriculture,
                               alpha=p.capital_share, premium=premium_table(p),
                               data_boost=1.0 + p.data_sharing_premium_boost * cond.data_sharing,
                               fill=np.asarray(m.skill_fill, float))
        by_sector, by_province, t = _firm_sums(f.arrays(), shares, n_sectors=S, n_provinces=P)
        va_sector, maturity_va = by_sector[:, 0], by_sector[:, 1]
        va_total = va_sector.sum()
        gdp = va_total * tax
        v: dict[str, float] = {"gdp_vnd_bn": gdp, "value_added_vnd_bn": float(va_total)}
        # The satellite account is derived from these (digital_account), so it can be restated.
        for s, name in enumerate(SECTORS):
            v[f"va_{name}_vnd_bn"] = float(va_sector[s])
            v[f"maturity_va_{name}_vnd_bn"] = float(maturity_va[s])

        # Inputs for growth accounting.
        c = m.household_census
        v["population"] = c["people"]
        # Households keep their 2015 workers; ageing scales labour supply per person (rules.demography).
        v["employment"] = c["labour"] * m.working_age
        v["working_age_index"] = m.working_age
        # Workers as the labour market measured them: nobody changes sector or weight after it in a quarter.
        for s_, name in enumerate(SECTORS):
            v[f"employment_{name}"] = float(np.sum(m.workers[:, s_])) * m.working_age
        v["labour_quality"] = float(m.mean_labour_quality)
        v["capital_elasticity"] = float(t[0] / va_total)
        v["capital_vnd_bn"] = float(t[1])
        v["digital_capital_vnd_bn"] = float(t[2])
        # Sources of TFP among non-core firms: value added over what it would be with every firm's
        # idiosyncratic productivity at 1 (selection), with no digital premium, and without the broadband
        # spillover; their log changes are growth_selection_pp and growth_digital_pp (growth accounting).
        v["noncore_value_added_vnd_bn"] = float(t[9])
        v["selection_index"] = float(t[9] / t[10]) if t[10] > 0 else 1.0
        v["premium_index"] = float(t[9] / t[11]) if t[11] > 0 else 1.0
        v["spillover_index"] = float(m.spillover)
        v["farm_employment_pct"] = _pct(c["farm_labour"] / c["labour"])
        v["informal_employment_pct"] = _pct(c["informal_labour"] / c["labour"])

        # Public money and what it pulled in.
        spend = {lever: m.national_agencies[lever].budget for lever in LEVERS}
        for lever in LEVERS:
            v[f"spend_{lever}_vnd_bn"] = spend[lever]
        total = sum(spend.values())
        v["spend_total_vnd_bn"] = total
        v["idle_spending_vnd_bn"] = m.idle_spending  # 0 but in the lever report's control (experiments.levers)
        v["wasted_vnd_bn"] = sum(a.wasted for a in m.national_agencies.values())
        v["private_crowd_in_vnd_bn"] = m.crowd_in
        v["digital_investment_vnd_bn"] = m.digital_investment

        # Public finance (rules.fiscal): this quarter's flows and the debt at its end.
        fin = m.finance
        v["public_revenue_vnd_bn"] = fin.revenue
        v["public_primary_spending_vnd_bn"] = fin.primary_spending
        v["public_interest_vnd_bn"] = fin.interest
        v["public_deficit_vnd_bn"] = fin.deficit
        v["public_debt_vnd_bn"] = fin.debt
        v["real_interest_rate_pct"] = _pct(fin.rate(p, 4.0 * gdp))

        # Feasibility: investment, the saving it needs, and what electronics exports leave at home.
        v["private_investment_vnd_bn"] = m.private_investment
        v["crowd_in_foreign_vnd_bn"] = p.crowd_in_foreign_share * m.crowd_in
        v["ict_manufacturing_vnd_bn"] = m.ict_manufacturing_va
        v["electronics_exports_vnd_bn"] = _exports_vnd_bn(m.external["electronics_exports"], m.time, p)
        v["digital_entrants"] = m.digital_entrants

        # Households: adoption among people (adults), connectivity among households.
        people, households = c["people"], c["households"]
        v["internet_users_pct"] = _pct(c["online_people"] / people)
        v["fibre_households_pct"] = _pct(c["fibre_households"] / households)
        v["mobile_broadband_households_pct"] = _pct(c["online_households"] / households)
        v["cashless_pct"] = _pct(c["cashless_people"] / people)
        v["ecommerce_adoption_pct"] = _pct(c["ecommerce_people"] / people)
        v["online_public_services_pct"] = _pct(c["egov_people"] / people)
        # Skills as the target counts them, among working-age people: a household's skill is its working
        # members' (workers stand for its working-age people; the young and the old are not counted).
        v["basic_digital_skills_pct"] = _pct(c["basic_skill_labour"] / c["labour"])
        v["advanced_digital_skills_pct"] = _pct(c["advanced_skill_labour"] / c["labour"])
        v["mean_digital_skill"] = c["skill_people"] / people
        v["trust_index"] = c["trust_people"] / people
        v["digital_jobs_mn"] = c["digital_job_labour"] / 1e6
        v["core_digital_jobs_mn"] = c["core_labour"] / 1e6
        online_spend, all_spend = c["online_spending_vnd_bn"], c["spending_vnd_bn"]
        v["online_retail_vnd_bn"] = online_spend
        v["ecommerce_share_retail_pct"] = _pct(online_spend / max(all_spend, 1e-12))

        # Firms: maturity among real enterprises and household businesses outside the core
        # (farm units stand for farm households, not firms, and are left out).
        for k, name in enumerate(("basic", "integrated", "advanced")):
            v[f"firms_{name}_or_more_pct"] = _pct(t[4 + k] / t[3])
        v["digital_firms"] = float(t[7])
        v["digital_firms_share_pct"] = _pct(v["digital_firms"] / t[8])

        # Public conditions.
        hw = group_sum(hh.weight, hh.province * 2 + hh.area, 2 * P).reshape(P, 2)
        v["mobile_coverage_pct"] = _pct((cond.mobile_coverage * hw).sum() / hw.sum())
        v["fibre_coverage_pct"] = _pct((cond.fibre_coverage * hw).sum() / hw.sum())
        v["fiveg_coverage_pct"] = _pct((cond.fiveg_coverage * hw).sum() / hw.sum())
        # The national stock (backbone, bandwidth, data centres, databases) in data-centre-equivalent megawatts.
        v["national_infra_mw"] = m.national_agencies["infrastructure"].stock / p.data_centre_cost_per_mw
        v["institutions_index"] = cond.institutions
        v["data_sharing_index"] = cond.data_sharing
        v["online_services_supply_index"] = float(np.average(cond.egov_supply, weights=hw.sum(axis=1)))
        v["skill_fill_rate"] = float(np.average(m.skill_fill, weights=hw.sum(axis=1)))

        return cls(m.year, m.quarter % 4 + 1, v, by_province[:, 0] * tax, by_province[:, 1].copy())


def _exports_vnd_bn(path, t: float, p) -> float:
    """A quarter's exports of an external series, VND billion at 2023 prices: the start year's USD value,
    times the real index, in 2023 dollars (dollar_price_growth), at vnd_per_usd."""
    usd_start = math.exp(path.log_index[0])  # USD bn a year in the first data year
    dollars_2023 = (1.0 + p.dollar_price_growth) ** (PRICE_YEAR - path.years[0])
    return usd_start * path.index(t) * dollars_2023 * p.vnd_per_usd / 4.0


PRICE_YEAR = 2023  # the model's prices (gdp_2015_vnd_tn, vnd_per_usd)


class AccountShares(NamedTuple):
    """The shares the accounts apply to firms' value added."""

    digitalised: np.ndarray  # (S, 4) digital part by sector and maturity level (digitalised_table)
    alpha_farm: float  # capital shares
    alpha: float
    premium: np.ndarray  # premium table by maturity (rules.firms.premium_table)
    data_boost: float
    fill: np.ndarray  # (P,) digital-role fill rate


@compiled(parallel=True)
def _firm_sums(f, shares, n_sectors, n_provinces):
    """Firm totals for the accounts in one pass.

    Returns (S, 2) value added and value added times maturity / 3 by sector
    (digital_value_added), (P, 2) value added and its digital part by
    province, and 12 totals: value added x capital share, capital, digital
    capital, real non-core non-farm firms and those at basic, integrated and
    advanced maturity or more, real core firms, real non-farm firms, non-core value added, the same
    with each firm's idiosyncratic productivity at 1, and with no digital premium.
    """
    sector, province, maturity, weight, value_added, capital, digital_capital = (
        f.sector, f.province, f.maturity, f.weight, f.value_added, f.capital, f.digital_capital)
    digitalised, alpha_farm, alpha = shares.digitalised, shares.alpha_farm, shares.alpha
    premium, data_boost, fill = shares.premium, shares.data_boost, shares.fill
    productivity = f.productivity
    n = sector.shape[0]
    chunks = n_chunks(n)
    by_sector = np.zeros((chunks, n_sectors, 2))
    by_province = np.zeros((chunks, n_provinces, 2))
    totals = np.zeros((chunks, 12))
    for c in prange(chunks):
        lo, hi = chunk_rows(c, n)
        t = totals[c]
        for i in range(lo, hi):
            s, m, w = sector[i], maturity[i], weight[i]
            va = w * value_added[i]
            core = s == DIGITAL_CORE
            digital = va * digitalised[s, m]
            by_sector[c, s, 0] += va
            by_sector[c, s, 1] += 0.0 if core else va * m / ADVANCED
            by_province[c, province[i], 0] += va
            by_province[c, province[i], 1] += digital
            t[0] += va * (alpha_farm if s == AGRICULTURE else alpha)
            t[1] += w * capital[i]
            t[2] += w * digital_capital[i]
            if core:
                t[7] += w
            else:
                t[9] += va
                t[10] += va / productivity[i]
                t[11] += va / (1.0 + _premium(m, premium, data_boost, fill[province[i]]))
            if not core and s != AGRICULTURE:
                t[3] += w
                for level in range(BASIC, m + 1):
                    t[3 + level] += w
            if s != AGRICULTURE:
                t[8] += w
    return add_partials(by_sector), add_partials(by_province), add_partials(totals)


# How a quarter's values add up to a year: flows are summed, the inputs of growth
# accounting averaged over the year, everything else (stocks, shares) taken at the year's end.
AVERAGE_COLUMNS = {"capital_vnd_bn", "digital_capital_vnd_bn", "employment", "labour_quality", "population",
                   "capital_elasticity", "working_age_index", "selection_index", "premium_index", "spillover_index",
                   *(f"employment_{name}" for name in SECTORS)}
STOCK_VND_COLUMNS = {"capital_vnd_bn", "digital_capital_vnd_bn", "public_debt_vnd_bn"}


def _is_flow(name: str) -> bool:
    """Money amounts made or spent within the quarter (VND bn), as opposed to stocks."""
    return name.endswith("_vnd_bn") and name not in STOCK_VND_COLUMNS


def annual_totals(records: list[QuarterRecord]) -> list[dict[str, float]]:
    """One row per complete or partial year: flows summed, stocks at the year's last quarter,
    growth-accounting inputs averaged over the year."""
    years = sorted({r.year for r in records})
    rows = []
    for y in years:
        qs = [r for r in records if r.year == y]
        row: dict[str, float] = {"year": y}
        for name in qs[-1].values:
            vals = [q.values[name] for q in qs]
            if _is_flow(name):
                row[name] = float(np.sum(vals)) * 4.0 / len(qs)  # annualised if a year is partial
            elif name in AVERAGE_COLUMNS:
                row[name] = float(np.mean(vals))
            else:
                row[name] = vals[-1]
        rows.append(row)
    return rows


def _growth(now: float, before: float) -> float:
    return 100.0 * (now / before - 1.0) if before else float("nan")


NOMINAL_USD_GDP, REAL_GROWTH = "gdp_nominal_usd", "gdp_growth_real"  # the data rows current-USD GDP comes from
PRICE_BASE_YEAR = 2023  # the year of the model's prices and of vnd_per_usd


@lru_cache(maxsize=None)
def _observed_usd_price_levels() -> tuple[tuple[int, float], ...]:
    """(year, current-USD price of real GDP relative to PRICE_BASE_YEAR) for each year with nominal USD GDP in
    the data: that year's nominal USD GDP over PRICE_BASE_YEAR's, divided by real growth between them."""
    nominal, growth = series(NOMINAL_USD_GDP), series(REAL_GROWTH)
    real = {PRICE_BASE_YEAR: 1.0}
    for y in range(PRICE_BASE_YEAR + 1, max(growth) + 1):
        real[y] = real[y - 1] * (1.0 + growth[y] / 100.0)
    for y in range(PRICE_BASE_YEAR - 1, min(growth) - 2, -1):
        real[y] = real[y + 1] / (1.0 + growth[y + 1] / 100.0)
    return tuple((y, nominal[y] / nominal[PRICE_BASE_YEAR] / real[y]) for y in sorted(nominal) if y in real)


def usd_price_level(year: int, p) -> float:
    """What a unit of real GDP (PRICE_BASE_YEAR prices and dollars) is worth in ``year``'s current USD: the
    data's own ratio in the years it has nominal USD GDP; from the nearest of them, the deflator's rise over
    the VND's fall (``gdp_deflator_growth``, ``vnd_depreciation``) in each year, as in force then (``p.at``),
    forward after the data and backward before it (an assumption for 2015-2018, which have no nominal USD row)."""
    levels = dict(_observed_usd_price_levels())
    if year in levels:
        return levels[year]

    def rate(y: int) -> float:  # the year's change in the price level
        q = p.at(y + 0.75)
        return (1.0 + q.gdp_deflator_growth) / (1.0 + q.vnd_depreciation)

    if year > max(levels):
        return levels[max(levels)] * math.prod(rate(y) for y in range(max(levels) + 1, year + 1))
    return levels[min(levels)] / math.prod(rate(y) for y in range(year + 1, min(levels) + 1))


def derive_indicators(rows: list[dict[str, float]], p, vnd_per_usd: float, periods_per_year: int = 1) -> list[dict[str, float]]:
    """Add the reported ratios, growth rates and growth accounting to consecutive rows.

    Annual rows compare each year with the one before; quarterly rows
    (``periods_per_year=4``) compare each quarter with the same quarter a year before.
    """
    lag = periods_per_year
    cumulative_cost = 0.0
    out = []
    all_params = p
    for i, r in enumerate(rows):
        # Each row is measured with the parameters in force in it (a dated [parameters] change; at the last
        # quarter of an annual row).
        p = all_params.at(r["year"] + ((r["quarter"] - 1) / 4.0 if periods_per_year == 4 else 0.75))
        d = dict(r)
        gdp = r["gdp_vnd_bn"] * periods_per_year  # annual rate
        d["gdp_per_capita_usd"] = gdp * 1e9 / r["population"] / vnd_per_usd
        d["gdp_per_capita_current_usd"] = d["gdp_per_capita_usd"] * usd_price_level(int(r["year"]), all_params)
        d.update(digital_account(r, p))
        spend = r["spend_total_vnd_bn"]
        d["fiscal_cost_pct_gdp"] = _pct(spend / r["gdp_vnd_bn"])
        for lever in LEVERS:
            d[f"spend_{lever}_pct_gdp"] = _pct(r[f"spend_{lever}_vnd_bn"] / r["gdp_vnd_bn"])
        d["private_crowd_in_pct_gdp"] = _pct(r["private_crowd_in_vnd_bn"] / r["gdp_vnd_bn"])
        # The sum over years of each year's lever spending as a share of that year's GDP.
        cumulative_cost += d["fiscal_cost_pct_gdp"] / periods_per_year
        d["cumulative_fiscal_cost_pct_gdp"] = cumulative_cost
        d.update(_public_and_external(r, gdp, p, all_params.at(-math.inf)))
        for key in GROWTH_COLUMNS:
            d[key] = float("nan")
        if i >= lag:
            b = out[i - lag]
            d.update(_growth_accounting(d, b, p, periods_per_year))
            d.update(digital_growth_split(d, b))
        out.append(d)
    return out


def _public_and_external(r: dict, gdp_annual: float, p, p0) -> dict[str, float]:
    """Public finance and feasibility ratios of one row (``gdp_annual``: the row's GDP at an annual rate; ``p``:
    the parameters in force in the row, ``p0``: those of the set-up)."""
    gdp = r["gdp_vnd_bn"]
    d = {
        "public_debt_pct_gdp": _pct(r["public_debt_vnd_bn"] / gdp_annual),
        "public_deficit_pct_gdp": _pct(r["public_deficit_vnd_bn"] / gdp),
        "public_interest_pct_gdp": _pct(r["public_interest_vnd_bn"] / gdp),
        "public_revenue_pct_gdp": _pct(r["public_revenue_vnd_bn"] / gdp),
        # Gross investment: firms' (standing for every investor outside the levers: private, FDI, state-owned
        # and the rest of the state budget), their digital upgrades, crowded-in money and the levers' capital
        # (networks and platforms; courses are not investment).
        "investment_rate_pct": _pct((r["private_investment_vnd_bn"] + r["digital_investment_vnd_bn"]
                                     + r["private_crowd_in_vnd_bn"] + r["spend_infrastructure_vnd_bn"]
                                     + r["spend_institutions_vnd_bn"]) / gdp),
        "electronics_domestic_va_pct": _pct(r["ict_manufacturing_vnd_bn"] / max(r["electronics_exports_vnd_bn"], 1e-12)),
    }
    # Saving less investment: national saving at its set-up rate, less the public deficit above its set-up
    # level (no Ricardian offset), less investment. Negative: the growth is financed from abroad.
    deficit0 = (100.0 * (p0.primary_spending_share_gdp - p0.revenue_share_gdp)
                + p0.public_debt_real_rate * p0.public_debt_2015_pct_gdp)
    d["current_account_pct_gdp"] = (100.0 * p.national_saving_rate - (d["public_deficit_pct_gdp"] - deficit0)
                                    - d["investment_rate_pct"])
    return d


GROWTH_COLUMNS = ("gdp_growth_pct", "labour_productivity_growth_pct", "digital_accounting_contribution_pp",
                  "digital_reclassification_pp", "digital_causal_contribution_pp",
                  "growth_capital_pp", "growth_digital_capital_pp", "growth_labour_pp", "growth_labour_quality_pp",
                  "growth_tfp_pp", "tfp_share_of_growth_pct", "growth_selection_pp", "growth_structural_change_pp",
                  "growth_digital_pp", "growth_residual_tfp_pp")


CAUSAL_COLUMN = "digital_causal_contribution_pp"


def add_causal_contribution(rows: list[dict], counterfactual: list[dict], frozen_after: int) -> None:
    """Fill ``CAUSAL_COLUMN`` of a run's rows (annual or quarterly) after ``frozen_after``: growth less growth in
    the same run with digital adoption and the levers held from then on (experiments.counterfactual)."""
    other = {(r["year"], r.get("quarter")): r for r in counterfactual}
    for r in rows:
        twin = other.get((r["year"], r.get("quarter")))
        if r["year"] > frozen_after and twin is not None:
            r[CAUSAL_COLUMN] = r["gdp_growth_pct"] - twin["gdp_growth_pct"]


def _growth_accounting(r, b, p, periods_per_year: int) -> dict[str, float]:
    """Split growth into capital, digital capital, labour, labour quality and TFP (log shares)."""
    g = _growth(r["gdp_vnd_bn"], b["gdp_vnd_bn"])
    out = {"gdp_growth_pct": g}
    out["labour_productivity_growth_pct"] = _growth(r["gdp_vnd_bn"] / r["employment"], b["gdp_vnd_bn"] / b["employment"])
    ln = np.log
    gy = ln(r["gdp_vnd_bn"] / b["gdp_vnd_bn"])
    # Digital capital's income share: its user cost (interest plus depreciation) over output.
    s_d = (p.capital_return + p.digital_capital_depreciation) * b["digital_capital_vnd_bn"] / (b["gdp_vnd_bn"] * periods_per_year)
    alpha = 0.5 * (r["capital_elasticity"] + b["capital_elasticity"])  # value-added-weighted across sectors
    s_l = max(0.0, 1.0 - alpha - s_d)
    parts = {
        "growth_capital_pp": alpha * ln(r["capital_vnd_bn"] / b["capital_vnd_bn"]),
        "growth_digital_capital_pp": s_d * ln(max(r["digital_capital_vnd_bn"], 1e-9) / max(b["digital_capital_vnd_bn"], 1e-9)),
        "growth_labour_pp": s_l * ln(r["employment"] / b["employment"]),
        "growth_labour_quality_pp": s_l * ln(r["labour_quality"] / b["labour_quality"]),
    }
    parts["growth_tfp_pp"] = gy - sum(parts.values())
    # TFP split into its model sources among non-core firms (value-added weighted): selection by exit and
    # entry (the firms' idiosyncratic productivity), digital premia and the broadband spillover, and the
    # static shift of workers between sectors of different output per worker; the rest is the residual
    # (sector trends, core demand, utilisation, interactions).
    noncore = 0.5 * (r["noncore_value_added_vnd_bn"] / r["value_added_vnd_bn"]
                     + b["noncore_value_added_vnd_bn"] / b["value_added_vnd_bn"])
    tfp_parts = {
        "growth_selection_pp": noncore * ln(r["selection_index"] / b["selection_index"]),
        "growth_digital_pp": noncore * (ln(r["premium_index"] / b["premium_index"])
                                        + ln(r["spillover_index"] / b["spillover_index"])),
        "growth_structural_change_pp": _shift_effect(r, b),
    }
    tfp_parts["growth_residual_tfp_pp"] = parts["growth_tfp_pp"] - sum(tfp_parts.values())
    # Express the log contributions in percentage points of measured growth.
    k = g / gy if gy else 0.0
    for key, val in (parts | tfp_parts).items():
        out[key] = val * k
    out["tfp_share_of_growth_pct"] = 100.0 * parts["growth_tfp_pp"] / gy if gy else float("nan")
    return out


def _shift_effect(r, b) -> float:
    """Log growth of output per worker from workers moving between sectors, at last period's output per
    worker of each sector (the static shift effect of a shift-share decomposition)."""
    per_worker = np.array([b[f"va_{s}_vnd_bn"] / max(b[f"employment_{s}"], 1e-12) for s in SECTORS])
    share_now = np.array([r[f"employment_{s}"] for s in SECTORS])
    share_before = np.array([b[f"employment_{s}"] for s in SECTORS])
    share_now, share_before = share_now / share_now.sum(), share_before / share_before.sum()
    # numpy's sums, not BLAS dot products, whose bits depend on the CPU (core.kernels.weighted_total)
    return float(np.log(np.sum(share_now * per_worker) / np.sum(share_before * per_worker)))


def quarterly_table(records: list[QuarterRecord], p, vnd_per_usd: float) -> list[dict[str, float]]:
    rows = [{"year": r.year, "quarter": r.quarter, **r.values} for r in records]
    return derive_indicators(rows, p, vnd_per_usd, periods_per_year=4)


def annual_table(records: list[QuarterRecord], p, vnd_per_usd: float) -> list[dict[str, float]]:
    return derive_indicators(annual_totals(records), p, vnd_per_usd)


# ---------------------------------------------------------------- distribution (year-end snapshots)
@dataclass
class Snapshot:
    """Year-end adoption by province and by group (urban/rural, income quintile, region, age)."""

    year: int
    provinces: dict[str, np.ndarray]  # indicator -> (P,)
    groups: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def measure(cls, m: MeasuredEconomy) -> "Snapshot":
        p, hh, f = m.params, m.households, m.firms
        P, R = m.geo.n, len(m.geo.regions)
        region_of = np.asarray(m.geo.region_of, dtype=np.int64)
        sums = _group_sums(hh.arrays(), region_of, p.basic_skill_threshold, n_provinces=P, n_regions=R)

        def indicators(first: int, n: int) -> dict[str, np.ndarray]:
            g = sums[first:first + n]
            people, households, labour = g[:, 0], g[:, 1], g[:, 2]
            return {
                "population": people,
                "internet_users_pct": 100 * safe_ratio(g[:, 3], people),
                "fibre_households_pct": 100 * safe_ratio(g[:, 4], households),
                "basic_digital_skills_pct": 100 * safe_ratio(g[:, 5], labour),
                "ecommerce_adoption_pct": 100 * safe_ratio(g[:, 6], people),
                "cashless_pct": 100 * safe_ratio(g[:, 7], people),
                "online_public_services_pct": 100 * safe_ratio(g[:, 8], people),
                "digital_jobs_pct": 100 * safe_ratio(g[:, 9], labour),
                "mean_digital_skill": safe_ratio(g[:, 10], people),
            }

        prov = indicators(0, P)
        nc = ~f.core
        prov["firms_digital_pct"] = 100 * group_mean((f.maturity >= BASIC).astype(float) * nc + f.core, f.province, P, f.weight)
        prov["mobile_coverage_pct"] = 100 * household_weighted(m.conditions.mobile_coverage, m.province_households)
        prov["fibre_coverage_pct"] = 100 * household_weighted(m.conditions.fibre_coverage, m.province_households)
        prov["fiveg_coverage_pct"] = 100 * household_weighted(m.conditions.fiveg_coverage, m.province_households)

        total = sums[:P, 0].sum()
        groups = []
        splits = (  # (group type, first row in the sums, names): the order of _group_sums's blocks
            ("area", P, AREAS),
            ("income_quintile", P + 2, tuple(str(q + 1) for q in range(5))),
            ("region", P + 7, m.geo.regions),
            ("age", P + 7 + R, AGES),
        )
        for group_type, first, names in splits:
            ind = indicators(first, len(names))
            for k, name in enumerate(names):
                row = {"group_type": group_type, "group": name, "year": m.year,
                       "population_share_pct": 100 * ind["population"][k] / total}
                row.update({key: float(val[k]) for key, val in ind.items() if key != "population"})
                groups.append(row)
        return cls(m.year, prov, groups)


@compiled(parallel=True)
def _group_sums(hh, region_of, basic, n_provinces, n_regions):
    """Household sums for every group of the year-end snapshot in one pass.

    Rows: provinces, then areas (2), income quintiles (5), regions, age groups (3).
    Columns: people, households, labour, people online, fibre households,
    labour with basic skills, people using e-commerce, cashless, online
    public services, labour in digital jobs, people x skill.
    """
    province, area, quintile, age, weight, members, workers = (
        hh.province, hh.area, hh.quintile, hh.age, hh.weight, hh.members, hh.workers)
    connectivity, skill, ecommerce, cashless, egov, digital_job = (
        hh.connectivity, hh.skill, hh.ecommerce, hh.cashless, hh.egov, hh.digital_job)
    n = province.shape[0]
    n_groups = n_provinces + 2 + 5 + n_regions + 3
    partials = np.zeros((n_chunks(n), n_groups, 11))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            w = weight[i]
            people = w * members[i]
            labour = w * workers[i]
            values = (people, w, labour, people * (connectivity[i] != OFFLINE), w * (connectivity[i] == FIBRE),
                      labour * (skill[i] >= basic), people * ecommerce[i], people * cashless[i], people * egov[i],
                      labour * digital_job[i], people * skill[i])
            groups = (np.int64(province[i]), n_provinces + np.int64(area[i]), n_provinces + 2 + np.int64(quintile[i]),
                      n_provinces + 7 + region_of[province[i]], n_provinces + 7 + n_regions + np.int64(age[i]))
            for g in groups:
                for k in range(11):
                    partials[c, g, k] += values[k]
    return add_partials(partials)


def province_table(m: MeasuredEconomy, records: list[QuarterRecord], snapshots: list[Snapshot],
                   vnd_per_usd: float) -> list[dict[str, object]]:
    rows = []
    geo = m.geo
    by_year = {}
    for r in records:
        gdp, dig = by_year.get(r.year, (0.0, 0.0))
        by_year[r.year] = (gdp + r.province_gdp, dig + r.province_digital)
    previous = None
    for snap in snapshots:
        gdp, digital = by_year[snap.year]
        for i, pr in enumerate(geo.provinces):
            row = {
                "province_code": pr.code, "province": pr.name, "region": pr.region, "year": snap.year,
                "population_mn": snap.provinces["population"][i] / 1e6,
                "grdp_vnd_bn": gdp[i],
                "grdp_growth_pct": _growth(gdp[i], previous[i]) if previous is not None else float("nan"),
                "grdp_per_capita_usd": gdp[i] * 1e9 / snap.provinces["population"][i] / vnd_per_usd,
                "digital_economy_share_pct": 100 * digital[i] / gdp[i],
            }
            row.update({k: float(v[i]) for k, v in snap.provinces.items() if k != "population"})
            rows.append(row)
        previous = gdp
    return rows


def group_table(snapshots: list[Snapshot]) -> list[dict[str, object]]:
    return [row for snap in snapshots for row in snap.groups]
