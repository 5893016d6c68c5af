"""Shared helpers for the model tests: cached scenario runs, CSV reading, the data file.

Runs are cached for the whole session, keyed on (scenario, seed, scale), so a
test file that needs the same run as another pays for it once.
"""
from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from model.measure.accounts import annual_table
from model.core.data import INDICATORS_CSV
from model.engines.fast import VietnamEconomy
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
    """Rows of a CSV file as dicts of strings (independent of model.charts.read_table)."""
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
