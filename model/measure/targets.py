"""Checking results against the official targets (``kind = target`` rows of the data) and against limits.

Each plan target maps to a model indicator and a way of reading it: the value
in the target year, or the 2026-2030 average for targets stated per year over
the plan period; every plan target is "at least" its threshold. After them
come the limits a path to the targets must respect over the plan years
(``LIMITS``): the legal ceiling on public debt and the feasibility bounds on
investment, the current account and the domestic content of electronics
exports, from the documented history; a row that is not met flags growth that
needs values beyond them. The ``kind`` column tells the two apart and ``rule``
says which way a threshold binds.
"""
from __future__ import annotations

import math
from statistics import NormalDist

from model.core.data import indicators_of_kind, public_debt_ceiling_pct

PLAN_YEARS = (2026, 2030)  # the five-year plan the growth targets speak of

# target indicator -> (model column, how to read it)
#   "year": the column's value in the target's year
#   "plan_average": the mean over PLAN_YEARS (targets stated as a yearly rate for the period)
TARGET_COLUMNS: dict[str, tuple[str | None, str]] = {
    "target_gdp_growth_min": ("gdp_growth_pct", "year"),
    "target_digital_economy_share": ("digital_economy_share_pct", "year"),
    "target_digital_share_each_sector": ("min_sector_digital_share_pct", "year"),
    "target_ecommerce_share_retail": ("ecommerce_share_retail_pct", "year"),
    "target_basic_digital_skills_working_age": ("basic_digital_skills_pct", "year"),
    "target_fibre_households": ("fibre_households_pct", "year"),
    "target_online_public_service_use_adults": ("online_public_services_pct", "year"),
    "target_tfp_share_of_growth": ("tfp_share_of_growth_pct", "plan_average"),
    "target_labour_productivity_growth": ("labour_productivity_growth_pct", "plan_average"),
    "target_gdp_per_capita_usd": ("gdp_per_capita_current_usd", "year"),
    "target_rd_share_gdp": (None, "not modelled"),
}
EVERY_YEAR_GROWTH = "target_gdp_growth_min_every_year_2026_2030"
PLAN_TARGET, LIMIT = "plan target", "limit"
AT_LEAST, AT_MOST = "at least", "at most"


# An ensemble's probability of meeting a target is a share of its replications; its Monte-Carlo error is
# given as a Wilson score interval at this confidence. Unlike the normal approximation's interval, Wilson's
# keeps close to its nominal coverage for shares near 0 or 1 and for few replications, and is never a single
# point (Wilson 1927, JASA 22(158); Brown, Cai and DasGupta 2001, Statistical Science 16(2), which recommend
# it). It measures the error of the share only: what the replications do not vary is not in it.
PROBABILITY_CONFIDENCE = 0.95


def probability_interval(met: int, replications: int, confidence: float = PROBABILITY_CONFIDENCE
                         ) -> tuple[float, float]:
    """The Wilson score interval of a probability estimated as ``met`` of ``replications``: (low, high), NaN
    for none."""
    if replications <= 0:
        return math.nan, math.nan
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    n, share = float(replications), met / replications
    spread = z * z / n
    centre = (share + spread / 2.0) / (1.0 + spread)
    half = z * math.sqrt(share * (1.0 - share) / n + spread / (4.0 * n)) / (1.0 + spread)
    # exactly 0 (1) when none (all) met, whatever the rounding of centre - half
    low = 0.0 if met <= 0 else max(0.0, centre - half)
    high = 1.0 if met >= replications else min(1.0, centre + half)
    return low, high


def meets(value, threshold, rule: str):
    """Whether ``value`` (a number or an array) respects ``threshold`` under ``rule``."""
    return value >= threshold if rule == AT_LEAST else value <= threshold


# Limits over the plan years: (name, column, rule, threshold, unit, source). The debt ceiling's threshold is
# read from the data (public_debt_ceiling_pct_gdp, the latest year); the others are documented bounds.
LIMITS = (
    ("limit_public_debt_ceiling", "public_debt_pct_gdp", AT_MOST, None, "percent of GDP",
     "legal ceiling: Public Debt Strategy to 2030 (data row public_debt_ceiling_pct_gdp)"),
    ("feasibility_investment_rate", "investment_rate_pct", AT_MOST, 40.0, "percent of GDP",
     "bound: investment above about 40 percent of GDP has been sustained only by China (IMF/WDI); Korea's peak "
     "was about 38-40 percent, Vietnam's 43 percent in 2007 on the old GDP base (about 34 percent rebased)"),
    ("feasibility_current_account", "current_account_pct_gdp", AT_LEAST, -5.0, "percent of GDP",
     "bound: current-account deficits beyond about 5 percent of GDP tend to reverse (Freund 2005, Journal of "
     "International Money and Finance); Vietnam's of 10-12 percent in 2007-2008 preceded its 2008-2011 crisis"),
    ("feasibility_electronics_domestic_va", "electronics_domestic_va_pct", AT_MOST, 30.0, "percent of exports",
     "bound: MIC put the Vietnamese value at about USD 45.5 bn of USD 152 bn ICT revenue in 2024 (30 percent; "
     "shared/data NOTES.md), the highest domestic share documented"),
)


def met_word(value, threshold, rule: str) -> str:
    """targets.csv's ``met``: "yes", "no", or "" where the value is unknown (None or NaN)."""
    if value is None or math.isnan(value):
        return ""
    return "yes" if meets(value, threshold, rule) else "no"


def _row(target, year, column, value, threshold, unit, source, note, kind=PLAN_TARGET, rule=AT_LEAST) -> dict:
    known = value is not None and not math.isnan(value)
    return {
        "target": target, "kind": kind, "rule": rule, "indicator": column or "", "year": year,
        "value": value if known else float("nan"), "threshold": threshold,
        "met": met_word(value, threshold, rule),
        # positive when met, whichever way the threshold binds
        "margin": (value - threshold if rule == AT_LEAST else threshold - value) if known else float("nan"),
        "unit": unit, "source": source, "note": note,
    }


def plan_target_rows():
    """The data's target rows that are plan targets for results (``target_*``); programme targets such as
    trainees or data-centre megawatts are inputs a scenario may plan for, not results."""
    return [t for t in indicators_of_kind("target") if t.indicator.startswith("target_")]


def evaluate_targets(annual: list[dict]) -> list[dict]:
    by_year = {int(r["year"]): r for r in annual}
    rows = []
    for t in plan_target_rows():
        column, how = TARGET_COLUMNS.get(t.indicator, (None, "not modelled"))
        value, note = None, ""
        if column is None:
            note = "not modelled"
        elif how == "plan_average":
            years = [y for y in range(PLAN_YEARS[0], PLAN_YEARS[1] + 1) if y in by_year]
            if len(years) == PLAN_YEARS[1] - PLAN_YEARS[0] + 1:
                value = sum(by_year[y][column] for y in years) / len(years)
                note = f"average {PLAN_YEARS[0]}-{PLAN_YEARS[1]}"
            else:
                note = "the run does not cover the plan period"
        elif t.year in by_year:
            value = by_year[t.year][column]
            if column == "gdp_per_capita_current_usd":
                note = "current USD: the data's deflator and exchange rate, then gdp_deflator_growth and " \
                       "vnd_depreciation after the data"
        else:
            note = "beyond the run"
        rows.append(_row(t.indicator, t.year, column, value, t.value, t.unit, t.source, note))

    growth_target = next(t for t in plan_target_rows() if t.indicator == "target_gdp_growth_min")
    years = list(range(PLAN_YEARS[0], PLAN_YEARS[1] + 1))
    growth = [by_year[y]["gdp_growth_pct"] for y in years if y in by_year]
    covered = len(growth) == len(years)
    rows.append(_row(EVERY_YEAR_GROWTH, PLAN_YEARS[1], "gdp_growth_pct", min(growth) if covered else None,
                     growth_target.value, growth_target.unit, growth_target.source,
                     "lowest growth of 2026-2030" if covered else "the run does not cover the plan period"))
    rows.extend(limit_rows(by_year, years))
    return rows


def limit_rows(by_year: dict[int, dict], years: list[int]) -> list[dict]:
    """One row per limit: the worst value over the plan years (highest for an upper limit, lowest for a
    lower one) against its threshold."""
    rows = []
    ceiling = public_debt_ceiling_pct()
    for name, column, rule, threshold, unit, source in LIMITS:
        threshold = ceiling if threshold is None else threshold
        values = [by_year[y][column] for y in years if column in by_year.get(y, {})]
        covered = len(values) == len(years)
        worst = (max(values) if rule == AT_MOST else min(values)) if covered else None
        note = f"{'highest' if rule == AT_MOST else 'lowest'} of {years[0]}-{years[-1]}" if covered \
            else "the run does not cover the plan period"
        rows.append(_row(name, years[-1], column, worst, threshold, unit, source, note, kind=LIMIT, rule=rule))
    return rows
