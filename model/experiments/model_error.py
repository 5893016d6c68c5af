"""The model's own error: what its runs miss of history beyond their own spread, added to what they forecast
(issue 15).

Draws of the posterior carry the parameters' uncertainty and chance (the seeds), but not the model's error:
a model that is wrong in the same way in every draw (it misses growth in 2016-17 and 2024-25 whatever the
parameters, docs/posterior.md) gives bands that are too narrow, and the backtests showed it (before this
error, about half of the later observations inside the 90% bands; docs/backtest.md). Following Kennedy and
O'Hagan (2001, JRSS B 63(3), "Bayesian calibration of computer models"), an observation is the model's value
plus a discrepancy; the discrepancy here also holds the data's own measurement error (the two cannot be told
apart from one series). It is estimated from the
runs' in-sample misses, the way an AR(1)'s bands carry its residual variance, and each forecast run gets a
draw of it for the years after the column's last data.

For each results column with history measured directly (``calibrate.SERIES`` rows without a note: one-year
levels, not growth rates of a column nor period means) and at least MIN_MOMENTS such years:

* **size**: the discrepancy's variance is the mean square of the runs' median's misses (about zero, so a
  bias counts) over the in-sample years, less the runs' own mean variance there (what chance and the
  parameters already explain), and not below zero: a method of moments (if the model were right, the misses'
  mean square would equal the runs' variance on average). The floor at zero biases it up for a model that is
  right; the parameters were chosen to make these misses small, which biases it down out of sample;
* **persistence**: GDP growth's discrepancy is an AR(1) from year to year with the misses' lag-one
  autocorrelation (about zero, over consecutive years), from 0 to MAX_PERSISTENCE, and 0 with fewer than
  MIN_PAIRS consecutive pairs; a level (a share) keeps its discrepancy (a gap in a stock the model carries
  forward), persistence 1. The misses hold the runs' own noise as well as the discrepancy, so their
  autocorrelation understates the discrepancy's own (by about k below, if that noise is independent from year
  to year): a known limit of this estimate, which keeps growth's error less persistent than its misses
  suggest;
* **where it starts**: the last miss seen is evidence of the discrepancy then. Its posterior, given that
  miss e alone and the runs' own mean variance v, is normal with mean k e and variance sd^2 (1 - k), k =
  sd^2 / (sd^2 + v) (a Gaussian update on the last miss; Kennedy and O'Hagan's predictor conditions on every
  miss); it then moves as the AR(1) above (a share's is held). So the forecast's median moves by k e times
  the persistence to the power of the years ahead, and the bands widen towards the column's sd.

Growth's discrepancy is unexplained TFP (the growth accounting's residual), so it also moves GDP's levels,
GDP per head, labour productivity growth and the TFP share; each share's moves only that share (kept within
its bounds, COLUMN_BOUNDS). Columns with no direct history, or fewer than MIN_MOMENTS years of it, carry none
(``markdown_section`` lists them).

The estimate for ensembles is shipped with the posterior (``model/data/model_error.csv`` and ``.json``, made
by ``python -m model model-error --install`` from the posterior's predictive check, and tied to the sample by
its digest); a backtest estimates its own from its forecast runs' years up to the training year, so it reads
no later data.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.core.errors import UserError
from model.core.paths import DATA_DIR, write_whole
from model.core.paths import record_path as provenance_path  # model_error.csv -> model_error.json
from model.experiments.calibrate import SERIES, Moment, model_moment
from model.experiments.forecast_skill import AR1_COLUMNS, AR1_MIN_PAIRS
from model.experiments.streams import replication_stream

MODEL_ERROR_FILE = DATA_DIR / "model_error.csv"
# A column's error needs this many years of direct history: from one or two misses its size is mostly noise (a
# model that is right gets an estimate above its own spread about one time in six from a single miss).
MIN_MOMENTS = 3
# Growth's AR(1) coefficient needs as many consecutive years of misses as the simple AR(1) forecaster needs
# pairs (forecast_skill.AR1_MIN_PAIRS); with fewer it is 0 (independent years).
MIN_PAIRS = AR1_MIN_PAIRS
# Its upper bound: the process stays stationary, and from ten or fewer misses a coefficient above 0.9 cannot be
# told from a random walk (the lag-one autocorrelation's standard error is about 1/sqrt(n), 0.3 at n = 10).
MAX_PERSISTENCE = 0.9
LEVEL_PERSISTENCE = 1.0  # a share's discrepancy is held over the forecast (the module's note says why)
# A column with its error stays within these; ratios to GDP (debt, investment) are bounded below only.
COLUMN_BOUNDS = {"public_debt_pct_gdp": (0.0, math.inf), "investment_rate_pct": (0.0, math.inf)}
SHARE_BOUNDS = (0.0, 100.0)  # every other column with an error is a share of people, firms or GDP
FIELDS = ("indicator", "sd", "persistence", "moments", "rms_miss", "runs_sd", "last_year", "last_miss")
MODEL_ERROR_STREAM = 2  # the substream of a replication's stream its error is drawn from (0, 1: parameters)

GROWTH = "gdp_growth_pct"
# What growth's discrepancy moves besides growth: the GDP levels (by the same factor) and the accounting of
# growth, where it is residual TFP.
GDP_LEVELS = ("gdp_vnd_bn", "gdp_per_capita_usd", "gdp_per_capita_current_usd")
TFP_PARTS = ("growth_tfp_pp", "growth_residual_tfp_pp")
# Every column a change in growth moves (``apply``): growth, GDP's levels, labour productivity and the TFP accounting
MOVED_WITH_GROWTH = (GROWTH, *GDP_LEVELS, "labour_productivity_growth_pct", *TFP_PARTS, "tfp_share_of_growth_pct")
# The columns history measures directly, in SERIES' order: a column's place here keys its random numbers.
DIRECT = tuple(column for _, column, note in SERIES if note is None)
DIRECT_INDICATORS = frozenset(indicator for indicator, _, note in SERIES if note is None)


@dataclass(frozen=True)
class ColumnError:
    """One results column's discrepancy: its standard deviation and persistence from year to year, what it was
    estimated from (in-sample moments, the median's root mean square miss, the runs' own spread), and the last
    miss seen (its year and size), where the discrepancy starts from."""

    indicator: str
    sd: float
    persistence: float
    moments: int
    rms_miss: float
    runs_sd: float
    last_year: int
    last_miss: float

    def start(self) -> tuple[float, float]:
        """Mean and standard deviation of the discrepancy in ``last_year``, given the miss seen then."""
        if self.sd <= 0.0:
            return 0.0, 0.0
        k = self.sd ** 2 / (self.sd ** 2 + self.runs_sd ** 2)
        return k * self.last_miss, self.sd * math.sqrt(1.0 - k)


@dataclass(frozen=True)
class ModelError:
    """The discrepancy of each column that has one; ``too_few``: the columns with direct history but fewer than
    MIN_MOMENTS years of it (column -> years), which carry none."""

    train_until: int
    columns: tuple[ColumnError, ...]
    provenance: dict = field(default_factory=dict, compare=False)
    too_few: dict = field(default_factory=dict, compare=False)


def direct_moments(moments: list[Moment]) -> list[Moment]:
    """The moments that measure a results column directly in one year (a level, not a growth rate of a column
    nor a period mean, nor a proxy) and have a value."""
    return [m for m in moments if m.indicator in DIRECT_INDICATORS and not m.rule.growth
            and m.rule.years(m.year) == (m.year,) and math.isfinite(m.value)]


def lag_one_autocorrelation(misses: dict[int, float]) -> float | None:
    """sum e_t e_(t-1) / sum e_t^2 over consecutive years (misses about a mean of zero), None with fewer than
    MIN_PAIRS consecutive pairs."""
    pairs = [(misses[y - 1], misses[y]) for y in sorted(misses) if y - 1 in misses]
    squares = sum(e * e for e in misses.values())
    if len(pairs) < MIN_PAIRS or squares <= 0.0:
        return None
    return sum(a * b for a, b in pairs) / squares


def estimate(runs: list[dict[int, dict[str, float]]], moments: list[Moment], train_until: int,
             provenance: dict | None = None) -> ModelError:
    """The discrepancy of each directly measured column from ``runs`` (each year -> column -> value; draws of
    the posterior, or seeds at the estimates) against the history ``moments`` up to ``train_until``."""
    by_column: dict[str, list[tuple[int, float, float]]] = {}
    for m in direct_moments([m for m in moments if m.year <= train_until]):
        values = np.array([model_moment(r, m) for r in runs if m.rule.column in r.get(m.year, {})], dtype=float)
        values = values[np.isfinite(values)]
        if values.size < 2:
            continue
        by_column.setdefault(m.rule.column, []).append((m.year, m.value - float(np.median(values)),
                                                       float(np.var(values, ddof=1))))
    columns = []
    too_few = {c: len(by_column.get(c, [])) for c in DIRECT if len(by_column.get(c, [])) < MIN_MOMENTS}
    for column in (c for c in DIRECT if c not in too_few):
        rows = sorted(by_column[column])
        misses = {year: miss for year, miss, _ in rows}
        mean_square = float(np.mean([miss * miss for _, miss, _ in rows]))
        spread = float(np.mean([variance for _, _, variance in rows]))
        if column in AR1_COLUMNS:
            rho = lag_one_autocorrelation(misses)
            persistence = 0.0 if rho is None else min(max(rho, 0.0), MAX_PERSISTENCE)
        else:
            persistence = LEVEL_PERSISTENCE
        last_year, last_miss, _ = rows[-1]
        columns.append(ColumnError(column, math.sqrt(max(mean_square - spread, 0.0)), persistence, len(rows),
                                   math.sqrt(mean_square), math.sqrt(spread), last_year, last_miss))
    return ModelError(train_until, tuple(columns), provenance or {}, too_few)


def draw(error: ModelError, years: list[int], stream: np.random.SeedSequence) -> dict[str, dict[int, float]]:
    """One path of every column's discrepancy over ``years`` after its last data year: from its start given the
    last miss (``ColumnError.start``), then an AR(1) whose innovations keep each year's variance at most the
    column's sd squared. Column j draws from its own grandchild of ``stream`` (keyed by its place in DIRECT) one
    normal for the start and then one a year in order, so its numbers do not depend on the other columns or on
    how many years are drawn."""
    wanted = set(years)
    last = max(years, default=0)
    paths = {}
    for c in error.columns:
        rng = np.random.default_rng(np.random.SeedSequence(
            stream.entropy, spawn_key=stream.spawn_key + (MODEL_ERROR_STREAM, DIRECT.index(c.indicator))))
        mean, sd = c.start()
        value = mean + sd * float(rng.standard_normal())
        innovation = c.sd * math.sqrt(max(1.0 - c.persistence ** 2, 0.0))
        path = {}
        for year in range(c.last_year + 1, last + 1):
            value = c.persistence * value + innovation * float(rng.standard_normal())
            if year in wanted:
                path[year] = value
        paths[c.indicator] = path
    return paths


def draw_for(error: ModelError, years: list[int], seed: int, i: int) -> dict[str, dict[int, float]]:
    """Replication i's draw (of the streams an ensemble spawns from ``seed``, streams.replication_stream)."""
    return draw(error, years, replication_stream(seed, i))


def bounds(column: str) -> tuple[float, float]:
    """What a column other than growth stays within when an error (or a stretch, band_stretch) moves it."""
    return COLUMN_BOUNDS.get(column, SHARE_BOUNDS)


def apply(annual: dict[int, dict[str, float]], shocks: dict[str, dict[int, float]]) -> None:
    """Add a drawn discrepancy to a run's annual rows (year -> column -> value), in place. Growth's moves the
    GDP levels by the compounded difference, labour productivity growth by the same factor and the TFP
    accounting (it is residual TFP); a share's stays within its bounds. A year without a finite growth value
    is left as it is and compounds nothing."""
    level = 1.0
    for year in sorted(shocks.get(GROWTH, {})):
        row = annual.get(year)
        if row is None or not math.isfinite(row.get(GROWTH, math.nan)):
            continue
        delta, before = shocks[GROWTH][year], row[GROWTH]
        after = before + delta
        factor = (1.0 + after / 100.0) / (1.0 + before / 100.0)
        level *= factor
        row[GROWTH] = after
        for c in GDP_LEVELS:
            if c in row:
                row[c] *= level
        if "labour_productivity_growth_pct" in row:
            row["labour_productivity_growth_pct"] = 100.0 * ((1.0 + row["labour_productivity_growth_pct"] / 100.0)
                                                             * factor - 1.0)
        for c in TFP_PARTS:
            if c in row:
                row[c] += delta
        if "tfp_share_of_growth_pct" in row and "growth_tfp_pp" in row:
            row["tfp_share_of_growth_pct"] = 100.0 * row["growth_tfp_pp"] / after if after else math.nan
    for column, path in shocks.items():
        if column == GROWTH:
            continue
        low, high = bounds(column)
        for year, delta in path.items():
            row = annual.get(year)
            if row is not None and column in row:
                row[column] = min(max(row[column] + delta, low), high)


def apply_to_rows(rows: list[dict], shocks: dict[str, dict[int, float]]) -> None:
    """``apply`` on a run's annual rows as a list (each with its ``year``), in place."""
    apply({int(r["year"]): r for r in rows}, shocks)


def add_to_runs(runs: list[dict[int, dict[str, float]]], error: ModelError, seed: int) -> list[dict]:
    """Copies of ``runs`` (run i: year -> column -> value), each with replication i's draw of the error."""
    out = []
    for i, run in enumerate(runs):
        copy = {year: dict(row) for year, row in run.items()}
        apply(copy, draw_for(error, sorted(copy), seed, i))
        out.append(copy)
    return out


def markdown_section(error: ModelError, source: str) -> list[str]:
    """A page's section on the model's own error: how it is estimated (``source`` says from what) and a table."""
    lines = ["## The model's own error", "",
             f"{source} (`model/experiments/model_error.py`). The discrepancy's variance is the mean square of the "
             "runs' median's misses less the runs' own variance (not below zero); it holds the data's own error too. "
             "Growth's persists from year to year by its misses' lag-one autocorrelation, a share's is held. Each "
             "starts from what the last miss says of it (its mean k times that miss, k the discrepancy's share of "
             "the miss's variance) and is added to the years after the column's last data, so a forecast's bands "
             "carry it; a share's median moves by the start's mean, growth's by that mean times the persistence "
             "to the power of the years ahead.", "",
             "| column | moments | median's root mean square miss | runs' own sd | discrepancy sd | persistence | "
             "last miss (year) | start: mean, sd |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for c in error.columns:
        mean, sd = c.start()
        lines.append(f"| `{c.indicator}` | {c.moments} | {c.rms_miss:.3g} | {c.runs_sd:.3g} | {c.sd:.3g} | "
                     f"{c.persistence:.2f} | {c.last_miss:+.3g} ({c.last_year}) | {mean:+.3g}, {sd:.3g} |")
    return lines + ["", too_few_line(error.too_few), ""]


def too_few_line(too_few: dict[str, int]) -> str:
    """The sentence naming the columns that carry no error (``ModelError.too_few``: column -> years)."""
    return (f"Columns with fewer than {MIN_MOMENTS} years of direct history carry none: "
            + (", ".join(f"`{c}` ({n})" for c, n in too_few.items()) if too_few else "none") + "; nor do columns "
            "that the data never measure directly (basic digital skills, the lowest sector's share, mobile "
            "broadband, e-commerce use, the current account, the electronics content).")


# ------------------------------------------------------------------ the shipped estimate
def write_model_error(error: ModelError, path: Path = MODEL_ERROR_FILE) -> None:
    """The table and its record (train_until and the columns with too few moments among it), each written whole
    and then moved into place."""
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(FIELDS)
    for c in error.columns:
        w.writerow([repr(v) if isinstance(v, float) else v for v in (getattr(c, f) for f in FIELDS)])
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {**error.provenance, "train_until": error.train_until, "too_few_moments": dict(error.too_few)}
    write_whole(path, text.getvalue())
    write_whole(provenance_path(path), json.dumps(record, indent=1) + "\n")


ALLOWED = (f"columns {', '.join(FIELDS)}; at most one row per column among {', '.join(DIRECT)}; sd and runs_sd "
           f"finite numbers of 0 or more; persistence from 0 to 1 ({MAX_PERSISTENCE} at most for {GROWTH}); moments a "
           f"whole number of at least {MIN_MOMENTS}; last_year a whole year no later than the record's train_until; "
           "last_miss a finite number")


def _column(row: dict, train_until: int) -> ColumnError:
    if None in row or None in row.values():
        raise ValueError("a row has more or fewer values than the header")
    c = ColumnError(row["indicator"], float(row["sd"]), float(row["persistence"]), int(row["moments"]),
                    float(row["rms_miss"]), float(row["runs_sd"]), int(row["last_year"]), float(row["last_miss"]))
    ceiling = MAX_PERSISTENCE if c.indicator in AR1_COLUMNS else 1.0
    if not (c.indicator in DIRECT and math.isfinite(c.sd) and c.sd >= 0.0 and 0.0 <= c.persistence <= ceiling
            and c.moments >= MIN_MOMENTS and math.isfinite(c.last_miss) and math.isfinite(c.runs_sd)
            and c.runs_sd >= 0.0 and c.last_year <= train_until):
        raise ValueError(f"the row of {c.indicator!r} is outside what is allowed")
    return c


def read_model_error(path: Path = MODEL_ERROR_FILE) -> ModelError:
    """The estimate, checked against ALLOWED, and its record (which must give the training year). A table with
    no rows is allowed: no column had enough history to size an error."""
    how = "make it with `python -m model model-error --install`"
    record_file = provenance_path(path)
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
        train_until = record["train_until"]
        if not isinstance(train_until, int) or isinstance(train_until, bool):
            raise ValueError("train_until is not a whole year")
        too_few = record.get("too_few_moments") or {}
        if not isinstance(too_few, dict) or not all(isinstance(n, int) for n in too_few.values()):
            raise ValueError("too_few_moments is not an object of whole numbers")
    except FileNotFoundError:
        raise UserError(f"{record_file} is missing: the record of how {path.name} was made (the model's own error "
                        f"that --parameter-uncertainty adds; --no-model-error leaves it out); {how}") from None
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise UserError(f"{record_file}: not the record of how {path.name} was made (allowed: a JSON object whose "
                        f"train_until is a whole year; {type(e).__name__}: {e}); {how}") from None
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != FIELDS:
                raise ValueError("the header is not the columns allowed")
            columns = tuple(_column(r, train_until) for r in reader)
        names = [c.indicator for c in columns]
        if len(set(names)) != len(names):
            raise ValueError("a column has more than one row")
    except FileNotFoundError:
        raise UserError(f"{path} is missing: the model's own error that --parameter-uncertainty adds "
                        f"(--no-model-error leaves it out); {how}") from None
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise UserError(f"{path}: not an estimate of the model's own error ({e}); allowed: {ALLOWED}; {how}") from None
    return ModelError(train_until, columns, record, dict(too_few))


def file_digest(*paths: Path) -> str:
    """sha256 over the files' bytes, in order (a posterior sample and its record, say)."""
    digest = hashlib.sha256()
    for p in paths:
        digest.update(Path(p).read_bytes())
    return digest.hexdigest()
