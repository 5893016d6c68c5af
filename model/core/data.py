"""The project's own copy of the sourced data (model/data/, copied from shared/data with sources kept)."""
from __future__ import annotations

import csv
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
