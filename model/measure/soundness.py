"""Is a finished run a possible economy? The invariants every valid scenario must keep.

``soundness_problems(model)`` reads a finished model (either engine) and returns
one line per broken invariant (empty: sound). It checks, on the annual table
(``model.annual_rows()``, the columns of ``annual.csv``) and on the final agent
arrays:

* no NaN or infinity anywhere, except the growth columns of the first year
  (``accounts.GROWTH_COLUMNS``: there is no year before to compare with) and
  the causal digital contribution, which is empty unless a counterfactual twin
  was run and before its freeze (``accounts.CAUSAL_COLUMN``);
* shares within 0-100 per cent, indices within 0-1, amounts non-negative, each
  column classed below (``column_kind``); a column the classes do not know is
  reported, so a new column has to be classed before it passes;
* nested shares in order (advanced <= integrated <= basic firms, advanced <=
  basic skills, the core <= the whole digital economy);
* GDP equal to value added grossed up by net product taxes (``accounts``:
  ``gdp = value added / (1 - net_tax_share)``) and value added equal to the sum
  of the sectors', within ``ACCOUNTS_TOLERANCE``;
* annual GDP growth, net of the output a pandemic shock takes away, within
  ``GROWTH_BOUNDS_PCT``;
* the capital/output ratio, output also net of pandemic losses, within ``CAPITAL_OUTPUT_BOUNDS``;
* household and firm weights non-negative and finite; household members >= 1.
"""
from __future__ import annotations

import math

import numpy as np

from model.core.categories import SECTORS
from model.core.params import PARAMETERS
from model.measure.accounts import CAUSAL_COLUMN, GROWTH_COLUMNS
from model.rules.firms import pandemic_utilisation as utilisation_at
from model.rules.fiscal import MAX_CROWD_OUT

# Relative tolerance of the accounting identities: the sums are of float64 numbers of very different sizes,
# added in chunks (``kernels.add_partials``), so they agree to about 1e-12; 1e-9 leaves room and still catches
# any real leak (a sector left out is several per cent).
ACCOUNTS_TOLERANCE = 1e-9

# Annual real GDP growth, per cent, after removing a pandemic shock's lost output. Assumption: in the Penn World
# Table and World Bank WDI records, economies without war, collapse or an oil discovery stay well inside -30..+30
# per cent a year (Vietnam 1990-2024: 2.6 to 9.5 per cent); the model has none of those, so anything outside is
# a broken economy, not a scenario. Shocks scenarios may state (pandemic output losses) are divided out first.
GROWTH_BOUNDS_PCT = (-30.0, 30.0)

# Capital stock over annual GDP. PWT 10 capital/output ratios of country-years lie roughly between 1 and 7
# (Vietnam about 2.5-3, parameter capital_output_ratio 1.5-6); the upper bound 10 is looser than anything observed.
# The lower bound is the lowest steady state K/Y = s / (g + d) the registry's ranges allow: the lowest investment
# rate with all but MAX_CROWD_OUT of it displaced (lever budgets of 10% of GDP paid by taxes that fall on
# investment can do that), at the highest growth the bounds above allow and the highest depreciation. A floor of
# 0.5 refused such a scenario (a property draw of issue 13: K/Y 1.2 to 0.3 over 2016-2040 with 10-20% of GDP on
# the levers), which is the economics, not a broken account.
CAPITAL_OUTPUT_BOUNDS = (
    PARAMETERS["investment_rate"].low * (1.0 - MAX_CROWD_OUT)
    / (GROWTH_BOUNDS_PCT[1] / 100.0 + PARAMETERS["depreciation"].high),
    10.0)

# Tolerance on the 0-100 and 0-1 bounds (shares are ratios of float sums).
SHARE_SLACK = 1e-9

# Columns that are not shares although they end in _pct / _pp: growth rates and contributions (any sign, any
# size), and spending relative to GDP (a lever budget in VND may exceed GDP, cumulative costs add up over years).
# Public finance may change sign: a surplus is a negative deficit, net assets a negative debt, and real
# interest is negative when inflation exceeds the nominal rate; saving less investment has either sign.
UNBOUNDED = {*GROWTH_COLUMNS, "public_deficit_vnd_bn", "public_deficit_pct_gdp", "public_interest_vnd_bn",
             "public_interest_pct_gdp", "public_debt_vnd_bn", "public_debt_pct_gdp", "real_interest_rate_pct",
             "current_account_pct_gdp"}
INDEX_COLUMNS = {"trust_index", "institutions_index", "data_sharing_index", "online_services_supply_index",
                 "skill_fill_rate", "mean_digital_skill", "capital_elasticity"}
NON_NEGATIVE = {"population", "employment", "labour_quality", "digital_firms", "digital_jobs_mn",
                "core_digital_jobs_mn", "digital_entrants", "gdp_per_capita_usd", "gdp_per_capita_current_usd", "year",
                "working_age_index",
                "selection_index", "premium_index", "spillover_index",
                # the national infrastructure stock in data-centre-equivalent megawatts
                "national_infra_mw",
                # value added over exports: above 100 when exports collapse faster than the industry
                "electronics_domestic_va_pct",
                # investment over GDP: lever budgets in VND and what they crowd in may exceed GDP
                "investment_rate_pct",
                *(f"employment_{s}" for s in SECTORS)}

# Nested shares: (smaller, larger) in every year.
NESTED = (("firms_advanced_or_more_pct", "firms_integrated_or_more_pct"),
          ("firms_integrated_or_more_pct", "firms_basic_or_more_pct"),
          ("advanced_digital_skills_pct", "basic_digital_skills_pct"),
          ("digital_core_share_pct", "digital_economy_share_pct"))


def column_kind(name: str) -> str | None:
    """How a column of the annual table is bounded: "unbounded", "share" (0-100), "index" (0-1),
    "non_negative", or None for a column these classes do not know.

    Shares are the ``*_pct`` columns other than growth rates; ``*_pct_gdp`` columns are spending (or debt)
    relative to GDP, non-negative but not bounded by 100 (a budget in VND may exceed GDP, and cumulative
    costs add up over the years); ``*_vnd_bn`` amounts are non-negative.
    """
    if name in UNBOUNDED:
        return "unbounded"
    if name in INDEX_COLUMNS:
        return "index"
    if name in NON_NEGATIVE or name.endswith("_vnd_bn") or name.endswith("_pct_gdp"):
        return "non_negative"
    if name.endswith("_pct"):
        return "share"
    return None


def _bad(x) -> bool:
    return not isinstance(x, (int, float, np.floating, np.integer)) or not math.isfinite(float(x))


def table_problems(rows: list[dict], net_tax_share, utilisation: dict[int, float] | None = None) -> list[str]:
    """The invariants of an annual table (``annual_rows()``); ``utilisation`` maps a year to the mean share of
    normal output produced under pandemic shocks (1 without), divided out of growth. ``net_tax_share``: a
    number, or a function of the year giving the year's (None where a dated change falls within the year, so
    no one share links its GDP to its value added)."""
    share_in = net_tax_share if callable(net_tax_share) else (lambda year: net_tax_share)
    problems: list[str] = []
    lo_g, hi_g = GROWTH_BOUNDS_PCT
    lo_k, hi_k = CAPITAL_OUTPUT_BOUNDS
    for i, r in enumerate(rows):
        y = int(r["year"])
        for name, x in r.items():
            if (i == 0 and name in GROWTH_COLUMNS) or (name == CAUSAL_COLUMN and math.isnan(x)):
                continue
            if _bad(x):
                problems.append(f"{y}: {name} = {x} (not a finite number)")
                continue
            kind = column_kind(name)
            if kind is None:
                problems.append(f"{y}: {name}: column not classed in model.measure.soundness")
            elif kind == "share" and not -SHARE_SLACK <= x <= 100.0 + SHARE_SLACK:
                problems.append(f"{y}: {name} = {x:.6g} (a share, 0-100)")
            elif kind == "index" and not -SHARE_SLACK <= x <= 1.0 + SHARE_SLACK:
                problems.append(f"{y}: {name} = {x:.6g} (an index, 0-1)")
            elif kind == "non_negative" and x < -SHARE_SLACK:  # a difference of float sums may be -1e-16
                problems.append(f"{y}: {name} = {x:.6g} (may not be negative)")
        for small, large in NESTED:
            if r.get(small, 0.0) > r.get(large, 0.0) * (1 + SHARE_SLACK) + SHARE_SLACK:
                problems.append(f"{y}: {small} = {r[small]:.6g} above {large} = {r[large]:.6g}")
        va, gdp = r.get("value_added_vnd_bn"), r.get("gdp_vnd_bn")
        if _bad(va) or _bad(gdp):
            continue
        sectors = sum(r[f"va_{s}_vnd_bn"] for s in SECTORS)
        if not math.isclose(va, sectors, rel_tol=ACCOUNTS_TOLERANCE):
            problems.append(f"{y}: value added {va:.10g} is not the sum of the sectors' {sectors:.10g}")
        share = share_in(y)
        if share is not None and not math.isclose(gdp, va / (1.0 - share), rel_tol=ACCOUNTS_TOLERANCE):
            problems.append(f"{y}: GDP {gdp:.10g} is not value added / (1 - net_tax_share) = "
                            f"{va / (1.0 - share):.10g}")
        if gdp <= 0.0:
            problems.append(f"{y}: GDP {gdp:.6g} is not positive")
            continue
        u = utilisation or {}
        k = r.get("capital_vnd_bn", 0.0) / (gdp / u.get(y, 1.0))  # idle capital in a pandemic is still capital
        if not lo_k <= k <= hi_k:
            problems.append(f"{y}: capital/output {k:.3g} (net of pandemic losses) outside {lo_k}-{hi_k}")
        if i > 0 and not _bad(rows[i - 1]["gdp_vnd_bn"]) and rows[i - 1]["gdp_vnd_bn"] > 0:
            now = gdp / u.get(y, 1.0)
            before = rows[i - 1]["gdp_vnd_bn"] / u.get(int(rows[i - 1]["year"]), 1.0)
            g = 100.0 * (now / before - 1.0)
            if not lo_g <= g <= hi_g:
                problems.append(f"{y}: GDP growth {g:.4g} per cent (net of pandemic losses) outside {lo_g}..{hi_g}")
    return problems


def pandemic_utilisation(model) -> dict[int, float]:
    """Mean over each year's quarters of the share of normal output the scenario's pandemic shocks leave."""
    s = model.scenario
    out = {}
    for year in range(s.start_year, s.end_year + 1):
        u = []
        for q in range(4):
            t = year + q / 4.0
            u.append(utilisation_at(s.shocks, t, model.params.at(t).pandemic_size_factor))  # a dated change too
        out[year] = float(np.mean(u)) if min(u) > 0 else 1.0
    return out


def agent_problems(model) -> list[str]:
    """Household and firm arrays at the end of the run: weights non-negative and finite, members >= 1."""
    problems = []
    with model.measuring():
        hh, f = model.households, model.firms
        for what, arr in (("household weight", hh.weight), ("firm weight", f.weight),
                          ("firm value added", f.value_added), ("household income", hh.income)):
            a = np.asarray(arr, dtype=float)
            if not np.isfinite(a).all():
                problems.append(f"{what}: {int((~np.isfinite(a)).sum())} rows not finite")
            elif (a < 0).any():
                problems.append(f"{what}: {int((a < 0).sum())} rows negative (lowest {a.min():.6g})")
        if (np.asarray(hh.members) < 1).any():
            problems.append("household members: some below 1")
    return problems


def soundness_problems(model) -> list[str]:
    """Every broken invariant of a finished run (``model``: a finished ``Economy`` of either engine, as
    ``model.experiments.run.run`` returns); an empty list means the run is a sound economy."""
    rows = model.annual_rows()
    def share(year: int) -> float | None:  # a dated [parameters] change: the share in force in the year
        first, last = (model.params.at(year + q / 4.0).net_tax_share for q in (0, 3))
        return first if first == last else None

    return table_problems(rows, share, pandemic_utilisation(model)) + agent_problems(model)
