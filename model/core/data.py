"""The project's own copy of the sourced data (model/data/, copied from shared/data with sources kept)."""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from model.core.paths import DATA_DIR

INDICATORS_CSV = DATA_DIR / "vietnam_indicators.csv"
PROVINCES_CSV = DATA_DIR / "vietnam_provinces.csv"


@dataclass(frozen=True)
class Indicator:
    indicator: str
    year: int
    value: float
    unit: str
    kind: str  # history, structure, scale, alternative, target, prior
    source: str
    note: str


@lru_cache(maxsize=None)
def load_indicators(path: Path = INDICATORS_CSV) -> tuple[Indicator, ...]:
    with open(path, newline="", encoding="utf-8") as f:
        return tuple(
            Indicator(r["indicator"], int(r["year"]), float(r["value"]), r["unit"], r["kind"], r["source"], r["note"])
            for r in csv.DictReader(f)
        )


def indicators_of_kind(kind: str) -> list[Indicator]:
    return [row for row in load_indicators() if row.kind == kind]


@dataclass(frozen=True)
class Province:
    code: str
    name: str  # Vietnamese, with diacritics
    name_ascii: str
    region: str  # one of the six statistical regions
    population: float  # administrative count; used as relative weights only
    grdp_vnd_bn: float  # 2024 GRDP, used as relative weights only


@lru_cache(maxsize=None)
def load_provinces(path: Path = PROVINCES_CSV) -> tuple[Province, ...]:
    with open(path, newline="", encoding="utf-8") as f:
        return tuple(
            Province(
                r["code"], r["name_vi"], r["name_ascii"], r["region"].split(" (")[0],
                float(r["population"]), float(r["grdp_vnd_bn"]),
            )
            for r in csv.DictReader(f)
        )


def series(indicator: str, kinds: tuple[str, ...] = ("history",), until: int | None = None) -> dict[int, float]:
    """Year -> value of one indicator's rows of the given kinds (the first row of a year wins), up to ``until``.

    ``until`` keeps a backtest honest: nothing after it is read."""
    out: dict[int, float] = {}
    for row in load_indicators():
        if row.indicator == indicator and row.kind in kinds and (until is None or row.year <= until):
            out.setdefault(row.year, row.value)
    return dict(sorted(out.items()))


PUBLIC_DEBT_CEILING = "public_debt_ceiling_pct_gdp"


def public_debt_ceiling_pct() -> float:
    """The legal ceiling on public debt (per cent of GDP), the latest year's row (Public Debt Strategy to 2030:
    60 percent for 2021-2030). Read by the fiscal reaction (model.rules.fiscal) and the limit row."""
    ceilings = series(PUBLIC_DEBT_CEILING, kinds=("structure",))
    return ceilings[max(ceilings)]


# ------------------------------------------------------------------ the rest of the world (model.rules.external)
ELECTRONICS = ("exports_phones_components", "exports_computers_electronics_components")
# name -> (data indicator, sign) pairs (USD bn a year) that add up to it
EXTERNAL_SERIES: dict[str, tuple[tuple[str, int], ...]] = {
    "electronics_exports": tuple((ind, 1) for ind in ELECTRONICS),
    # Goods other than phones, computers and electronics: what the rest of manufacturing sells abroad.
    "other_exports": (("exports_goods_total", 1),) + tuple((ind, -1) for ind in ELECTRONICS),
    "fdi": (("fdi_disbursed", 1),),
}
# The scenario's [external] keys: a growth path (per cent a year, real) for each series.
GROWTH_KEYS = {f"{name}_growth": name for name in EXTERNAL_SERIES}


def observed_usd(name: str, until: int | None = None) -> dict[int, float]:
    """Year -> USD bn of one external series, summing its parts; a year where a part is missing is filled by
    log-linear interpolation of that part between its neighbours (computers in 2016 was not found,
    shared/data NOTES.md), never extrapolated."""
    spec = EXTERNAL_SERIES[name]
    parts = [series(ind, until=until) for ind, _ in spec]
    years = sorted(set().union(*parts))
    out = {}
    for y in years:
        total = 0.0
        for part, (_, sign) in zip(parts, spec):
            if y in part:
                total += sign * part[y]
                continue
            before = [k for k in part if k < y]
            after = [k for k in part if k > y]
            if not before or not after:
                total = math.nan
                break
            a, b = max(before), min(after)
            w = (y - a) / (b - a)
            total += sign * math.exp((1 - w) * math.log(part[a]) + w * math.log(part[b]))
        if not math.isnan(total) and total > 0.0:
            out[y] = total
    return out


def last_data_year(data_until: int | None = None) -> int:
    """The last year every external series has data for (up to ``data_until``)."""
    return min(max(observed_usd(name, data_until)) for name in EXTERNAL_SERIES)
