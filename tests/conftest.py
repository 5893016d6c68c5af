"""Shared helpers for the model tests: cached scenario runs, CSV reading, the data file, and
hand-built populations for the phase tests under tests/rules/.

Runs are cached for the whole session, keyed on (scenario, seed, scale), so a
test file that needs the same run as another pays for it once.

This file stays at the top of tests/ and the test folders have no __init__.py:
pytest's default "prepend" import mode puts tests/ on sys.path, so test files in
every sub-folder can ``from conftest import ...``; it also needs every test
file's basename to be unique across the folders.
"""
from __future__ import annotations

import csv
import dataclasses
import textwrap
from pathlib import Path

import numpy as np
import pytest

from model.core.categories import MIDDLE, NO_SUBSECTOR, NONE, OFFLINE, SECTORS, URBAN
from model.core.conditions import Conditions
from model.core.data import INDICATORS_CSV
from model.core.params import Parameters
from model.engines.fast import VietnamEconomy
from model.measure.accounts import annual_table
from model.rules.firms import Firms
from model.rules.households import Households
from model.scenario import load_scenario

REPO = Path(__file__).resolve().parent.parent


@dataclasses.dataclass
class Run:
    """A finished run: the model itself and its annual rows keyed by year."""

    model: VietnamEconomy
    annual: dict[int, dict[str, float]]

    def area_rows(self, year: int) -> dict[str, dict]:
        """Year-end group rows of group_type "area", keyed by group name (urban, rural)."""
        snap = next(s for s in self.model.snapshots if s.year == year)
        return {g["group"]: g for g in snap.groups if g["group_type"] == "area"}


_RUNS: dict[tuple, Run] = {}


def run_scenario(name: str, seed: int | None = None, scale: float = 0.5) -> Run:
    """Run a shipped scenario to the end (cached for the session)."""
    key = (name, seed, scale)
    if key not in _RUNS:
        m = VietnamEconomy(load_scenario(name), seed=seed, scale=scale)
        m.run()
        rows = annual_table(m.records, m.params, m.params.vnd_per_usd)
        _RUNS[key] = Run(m, {int(r["year"]): r for r in rows})
    return _RUNS[key]


@pytest.fixture(scope="session")
def runner():
    """The cached runner: ``runner(name, seed, scale)`` -> Run."""
    return run_scenario


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts of strings (independent of model.outputs.charts.read_table)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def number(text: str) -> float:
    """A CSV cell as a float; empty cells are NaN."""
    return float("nan") if text == "" else float(text)


def indicator_rows(kind: str | None = None, indicator: str | None = None) -> list[dict[str, str]]:
    """Rows of model/data/vietnam_indicators.csv, read straight from the file."""
    rows = read_csv(INDICATORS_CSV)
    return [r for r in rows if (kind is None or r["kind"] == kind)
            and (indicator is None or r["indicator"] == indicator)]


def history(indicator: str) -> dict[int, float]:
    """year -> value of the ``kind=history`` rows of one indicator."""
    return {int(r["year"]): float(r["value"]) for r in indicator_rows("history", indicator)}


# ------------------------------------------------------------------ hand-built populations (tests/rules/)
S = len(SECTORS)
MANUFACTURING, OTHER_INDUSTRY, TRADE, FINANCE, OTHER_SERVICES = 1, 2, 3, 4, 5
HUGE = 1e4  # a hazard this size fires with probability 1 - exp(-1e4), i.e. always


def households(n: int, **columns) -> Households:
    """n hand-made household rows: two provinces, sensible defaults, overridden by ``columns``."""
    base = dict(
        province=np.zeros(n, np.int16), area=np.full(n, URBAN, np.int8), age=np.full(n, MIDDLE, np.int8),
        members=np.full(n, 2, np.int8), workers=np.ones(n, np.int8), weight=np.ones(n),
        income0=np.full(n, 50.0), income=np.full(n, 50.0), quintile=np.full(n, 3, np.int8),
        remoteness=np.full(n, 0.5, np.float32), job_draw=np.full(n, 0.5, np.float32),
        skill=np.full(n, 0.5, np.float32), skill0=np.full(n, 0.5, np.float32),
        connectivity=np.full(n, OFFLINE, np.int8), ecommerce=np.zeros(n, bool), cashless=np.zeros(n, bool),
        egov=np.zeros(n, bool), trust=np.full(n, 0.6, np.float32), sector=np.full(n, TRADE, np.int8),
        sector0=np.full(n, TRADE, np.int8), formal=np.zeros(n, bool), digital_job=np.zeros(n, bool),
    )
    for name, value in columns.items():
        base[name] = np.asarray(value, dtype=base[name].dtype)
    assert {f.name for f in dataclasses.fields(Households)} == set(base)
    return Households(**base)


def conditions(P: int = 2, **values) -> Conditions:
    base = dict(
        mobile_coverage=np.zeros((P, 2)), fibre_coverage=np.zeros((P, 2)), programme_exposure=np.zeros(P),
        advanced_exposure=np.zeros(P),
        egov_supply=np.zeros(P), fiveg_coverage=np.zeros((P, 2)), fiveg_reach=np.zeros(P), institutions=0.0, national_infra=0.0, coordination=0.0, inclusion=0.0,
        infra_quality=np.zeros(P), data_sharing=0.0, cyber_protection=0.0,
    )
    base.update(values)
    return Conditions(**base)


def firms(n: int, **columns) -> Firms:
    base = dict(
        sector=np.full(n, MANUFACTURING, np.int8), subsector=np.full(n, NO_SUBSECTOR, np.int8),
        province=np.zeros(n, np.int16), household_business=np.zeros(n, bool), fdi=np.zeros(n, bool),
        weight=np.ones(n), scale=np.ones(n), productivity=np.ones(n), fit=np.ones(n, np.float32),
        maturity=np.full(n, NONE, np.int8), capital=np.full(n, 10.0), digital_capital=np.zeros(n),
        value_added=np.ones(n),
    )
    for name, value in columns.items():
        base[name] = np.asarray(value, dtype=base[name].dtype)
    assert {f.name for f in dataclasses.fields(Firms)} == set(base)
    return Firms(**base)


def params(**overrides) -> Parameters:
    return Parameters(overrides)


# ------------------------------------------------------------------ scenario files
# A complete scenario without extends; the scenario tests build bad and hostile variants from it.
MINIMAL_SCENARIO = """\
title = "Minimal"
start_year = 2015
end_year = 2030
[levers.infrastructure]
budget_pct_gdp = { 2015 = 0.1 }
[levers.skills]
budget_pct_gdp = { 2015 = 0.05 }
[levers.institutions]
budget_pct_gdp = { 2015 = 0.05 }
[levers.coordination]
level = { 2015 = 0.3 }
[levers.inclusion]
level = { 2015 = 0.1 }
"""


def write_file(folder: Path, name: str, text: str) -> Path:
    """``text`` (dedented) written to ``folder/name`` as UTF-8; returns the path."""
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
