"""The project's own copy of the sourced data (model/data/, copied from shared/data with sources kept)."""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass, field
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
    parts: tuple[str, ...] = ()  # the former provinces merged into it (itself if unchanged), from merged_from
    digital: DigitalNote = field(default_factory=lambda: DigitalNote())  # what digital_note says

    @property
    def digital_share_2022(self) -> float | None:
        """The 2022 digital-economy share of GRDP (per cent, MIC/CEC definition) of the unit: the plain mean
        of its former provinces with a published figure, None if none has one. No pre-merger GRDP is in the
        data to weight the parts, and the parts with a figure are the unit's economic centre where the note
        gives one part only (ex-HCMC, ex-Đà Nẵng, ex-Hải Phòng, ex-Thái Nguyên); model.rules.initialise
        imputes the units without one."""
        shares = [share for _, share in self.digital.shares_2022]
        return sum(shares) / len(shares) if shares else None


@dataclass(frozen=True)
class DigitalNote:
    """The figures of one ``digital_note`` of vietnam_provinces.csv (free text; see parse_digital_note)."""

    # (former province as written after "ex-", "" for the unit itself; per cent of GRDP in 2022), in note order
    shares_2022: tuple[tuple[str, float], ...] = ()
    dti_2024_rank: int | None = None  # rank among the 34 units in the 2024 digital-transformation index
    dti_2024_score: float | None = None
    dti_2024_bottom: int | None = None  # "among bottom 3 of 34": 3 (the rank within them is not published)


_CLAUSE_SPLIT = re.compile(r";(?![^()]*\))")  # semicolons outside parentheses
_DTI_2024 = re.compile(r"^DTI 2024:\s*(?:(\d+)(?:st|nd|rd|th)/34(?:\s*\((0\.\d+))?|among bottom (\d+) of 34)")
_EX_SHARE = re.compile(r"ex-([^\d%();,]+?)\s+(\d+(?:\.\d+)?)%")
_OWN_SHARE = re.compile(r"^digital economy\s+(\d+(?:\.\d+)?)% of GRDP \(2022\)")


def parse_digital_note(note: str) -> DigitalNote:
    """The 2024 DTI rank and score and the 2022 digital-economy shares of GRDP in one ``digital_note``.

    The notes are clauses separated by semicolons (outside parentheses), e.g.
    ``DTI 2024: 17th/34 (0.7069; ex-Đà Nẵng 0.8335 = 2nd/63, ...); digital economy share 2022: ex-Đà Nẵng 19.76%``
    or ``digital economy share of GRDP 2022: ex-Bắc Ninh 56.83% (1st of 63), ex-Bắc Giang 42.13%``, and
    ``digital economy 17.15% of GRDP (2022)`` for an unchanged unit. A digital-economy clause counts only if it
    is about 2022; within it only figures after a former province's name (``ex-X 18.66%``) or the unit's own
    are read, so a later city figure (``21.5% (city figure cited by Lao Động 2025)``) is not. DTI 2023 ranks
    (among 63 former provinces) are not read."""
    shares: dict[str, float] = {}
    rank = score = bottom = None
    for clause in (c.strip() for c in _CLAUSE_SPLIT.split(note or "")):
        if m := _DTI_2024.match(clause):
            rank = int(m[1]) if m[1] else None
            score = float(m[2]) if m[2] else None
            bottom = int(m[3]) if m[3] else None
        elif clause.startswith("digital economy") and "2022" in clause:
            if m := _OWN_SHARE.match(clause):
                shares[""] = float(m[1])
            for name, value in _EX_SHARE.findall(clause):
                shares[name.strip()] = float(value)
    return DigitalNote(tuple(shares.items()), rank, score, bottom)


# Names the notes use for a former province that its merged_from entry spells otherwise.
_PART_ALIASES = {"HCMC": "Hồ Chí Minh"}


def _fold(name: str) -> str:
    """A name without diacritics, "TP." or case, for matching a note's name to a merged_from part."""
    name = _PART_ALIASES.get(name.strip(), name).replace("TP.", "").replace("Đ", "D").replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", name) if unicodedata.category(ch) != "Mn").strip().lower()


def merged_parts(merged_from: str) -> tuple[str, ...]:
    """The former provinces of a ``merged_from`` entry: "Hà Giang [NMM] + Tuyên Quang [NMM]" -> (Hà Giang,
    Tuyên Quang); "unchanged (Thừa Thiên Huế, renamed city of Huế) [NCC]" -> (Thừa Thiên Huế,)."""
    if merged_from.startswith("unchanged"):
        inner = merged_from[merged_from.index("(") + 1:merged_from.index(")")]
        return (inner.split(",")[0].strip(),)
    return tuple(part.split("[")[0].strip() for part in merged_from.split(" + "))


def _checked_note(code: str, parts: tuple[str, ...], note: DigitalNote) -> DigitalNote:
    """The note, after checking that every former province it names is one of the unit's parts (a typo in
    the data would otherwise give a share to the wrong unit)."""
    folded = {_fold(p) for p in parts}
    for name, _ in note.shares_2022:
        if name and _fold(name) not in folded:
            raise ValueError(f"vietnam_provinces.csv, province {code}: digital_note names ex-{name}, which is not "
                             f"one of its former provinces ({', '.join(parts)})")
    return note


@lru_cache(maxsize=None)
def load_provinces(path: Path = PROVINCES_CSV) -> tuple[Province, ...]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    provinces = []
    for r in rows:
        parts = merged_parts(r["merged_from"])
        provinces.append(Province(
            r["code"], r["name_vi"], r["name_ascii"], r["region"].split(" (")[0],
            float(r["population"]), float(r["grdp_vnd_bn"]), parts,
            _checked_note(r["code"], parts, parse_digital_note(r["digital_note"])),
        ))
    return tuple(provinces)


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
