"""Checking results against the official targets (``kind = target`` rows of the data).

Each target row maps to a model indicator and a way of reading it: the value
in the target year, or the 2026-2030 average for targets stated per year over
the plan period. Every target is "at least" the threshold.
"""
from __future__ import annotations

import math

from model.core.data import indicators_of_kind

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
    "target_gdp_per_capita_usd": ("gdp_per_capita_usd", "year"),
    "target_rd_share_gdp": (None, "not modelled"),
}
EVERY_YEAR_GROWTH = "target_gdp_growth_min_every_year_2026_2030"


def _row(target, year, column, value, threshold, unit, source, note) -> dict:
    known = value is not None and not math.isnan(value)
    return {
        "target": target, "indicator": column or "", "year": year,
        "value": value if known else float("nan"), "threshold": threshold,
        "met": ("yes" if value >= threshold else "no") if known else "",
        "margin": value - threshold if known else float("nan"),
        "unit": unit, "source": source, "note": note,
    }


def evaluate_targets(annual: list[dict]) -> list[dict]:
    by_year = {int(r["year"]): r for r in annual}
    rows = []
    for t in indicators_of_kind("target"):
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
            if column == "gdp_per_capita_usd":
                note = "model value in 2023 USD and prices; the target is nominal"
        else:
            note = "beyond the run"
        rows.append(_row(t.indicator, t.year, column, value, t.value, t.unit, t.source, note))

    growth_target = next(t for t in indicators_of_kind("target") if t.indicator == "target_gdp_growth_min")
    years = list(range(PLAN_YEARS[0], PLAN_YEARS[1] + 1))
    growth = [by_year[y]["gdp_growth_pct"] for y in years if y in by_year]
    covered = len(growth) == len(years)
    rows.append(_row(EVERY_YEAR_GROWTH, PLAN_YEARS[1], "gdp_growth_pct", min(growth) if covered else None,
                     growth_target.value, growth_target.unit, growth_target.source,
                     "lowest growth of 2026-2030" if covered else "the run does not cover the plan period"))
    return rows
