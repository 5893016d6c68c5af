"""The model's own error: what its runs miss of history beyond their own spread, added to what they forecast
(issue 15).

Draws of the posterior carry the parameters' uncertainty and chance (the seeds), but not the model's error:
a model that is wrong in the same way in every draw (it misses growth in 2016-17 and 2024-25 whatever the
parameters, docs/posterior.md) gives bands that are too narrow, and the backtests showed it (54% of later
observations inside the 90% bands). Following Kennedy and O'Hagan (2001, JRSS B 63(3), "Bayesian calibration
of computer models"), an observation is the model's value plus a discrepancy plus the data's error; the
discrepancy is estimated here from the runs' in-sample misses, the way an AR(1)'s bands carry its residual
variance, and each forecast run gets a draw of it for the years after the data it read.

For each results column with history measured directly (``calibrate.SERIES`` rows without a note;
one-year level moments, not growth rates of a column nor period means):

* **size**: the discrepancy's variance is the mean squared miss of the runs' median over the in-sample
  years, less the runs' own mean variance there (what chance and the parameters already explain), and not
  below zero (a method of moments: if the model were right, the misses' mean square would equal the runs'
  variance on average);
* **persistence**: GDP growth's discrepancy is an AR(1) from year to year with the misses' lag-one
  autocorrelation (about the mean miss of zero, over consecutive years), from 0 to MAX_PERSISTENCE, and 0
  with fewer than MIN_PAIRS consecutive pairs; a level (a share) keeps its discrepancy over the forecast (a
  gap in a stock the model carries forward: the in-sample misses of the digital share have one sign in four
  of five years), persistence 1.

The discrepancy has mean zero: it widens the bands and leaves the median where the model puts it. Growth's
discrepancy is unexplained TFP (the growth accounting's residual), so it also moves GDP's level, GDP per
head, labour productivity growth and the TFP share; each share's discrepancy moves only that share (kept
within 0-100). Columns with no direct history (skills, the lowest sector share, the current account, the
electronics content) carry none, and a table says so (``ModelError.columns``).

The estimate for ensembles is shipped with the posterior (``model/data/model_error.csv`` and ``.json``, made
by ``python -m model model-error --install`` from the posterior's predictive check); a backtest estimates its
own from its forecast runs' years up to the training year, so it reads no later data.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from model.core.errors import UserError
from model.core.paths import DATA_DIR
from model.experiments.calibrate import SERIES, Moment, model_moment
from model.experiments.forecast_skill import AR1_COLUMNS

MODEL_ERROR_FILE = DATA_DIR / "model_error.csv"
# A growth rate's discrepancy is an AR(1); its coefficient needs this many consecutive years of misses (the
# simple AR(1) forecaster's own minimum, forecast_skill.MIN_POINTS), else it is 0 (independent years).
MIN_PAIRS = 3
# Its upper bound: the process stays stationary, and from ten or fewer misses a coefficient above 0.9 cannot be
# told from a random walk (the lag-one autocorrelation's standard error is about 1/sqrt(n), 0.3 at n = 10).
MAX_PERSISTENCE = 0.9
LEVEL_PERSISTENCE = 1.0  # a share's discrepancy is held over the forecast (the module's note says why)
SHARE_BOUNDS = (0.0, 100.0)  # a share with its discrepancy stays a share
FIELDS = ("indicator", "sd", "persistence", "moments", "rms_miss", "runs_sd")

# What growth's discrepancy moves besides growth: the GDP levels (by the same factor) and the accounting of
# growth, where it is residual TFP.
GDP_LEVELS = ("gdp_vnd_bn", "gdp_per_capita_usd", "gdp_per_capita_current_usd")
TFP_PARTS = ("growth_tfp_pp", "growth_residual_tfp_pp")
GROWTH = "gdp_growth_pct"


@dataclass(frozen=True)
class ColumnError:
    """One results column's discrepancy: its standard deviation, its persistence from year to year, and what
    it was estimated from (in-sample moments, the median's root mean square miss, the runs' own spread)."""

    indicator: str
    sd: float
    persistence: float
    moments: int
    rms_miss: float
    runs_sd: float


@dataclass(frozen=True)
class ModelError:
    """The discrepancy of each column that has one, added to the years after ``train_until``."""

    train_until: int
    columns: tuple[ColumnError, ...]
    provenance: dict = field(default_factory=dict, compare=False)

    def by_column(self) -> dict[str, ColumnError]:
        return {c.indicator: c for c in self.columns}


def direct_moments(moments: list[Moment]) -> list[Moment]:
    """The moments that measure a results column directly in one year (a level, not a growth rate of a column
    nor a period mean, nor a proxy)."""
    direct = {indicator for indicator, _, note in SERIES if note is None}
    return [m for m in moments if m.indicator in direct and not m.rule.growth and m.rule.years(m.year) == (m.year,)]


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
        values = np.array([model_moment(r, m) for r in runs if m.year in r], dtype=float)
        values = values[~np.isnan(values)]
        if values.size < 2:
            continue
        by_column.setdefault(m.rule.column, []).append((m.year, m.value - float(np.median(values)),
                                                       float(np.var(values, ddof=1))))
    columns = []
    for column in sorted(by_column):
        rows = by_column[column]
        misses = {year: miss for year, miss, _ in rows}
        mean_square = float(np.mean([miss * miss for _, miss, _ in rows]))
        spread = float(np.mean([variance for _, _, variance in rows]))
        if column in AR1_COLUMNS:
            rho = lag_one_autocorrelation(misses)
            persistence = 0.0 if rho is None else min(max(rho, 0.0), MAX_PERSISTENCE)
        else:
            persistence = LEVEL_PERSISTENCE
        columns.append(ColumnError(column, math.sqrt(max(mean_square - spread, 0.0)), persistence, len(rows),
                                   math.sqrt(mean_square), math.sqrt(spread)))
    return ModelError(train_until, tuple(columns), provenance or {})


def draw(error: ModelError, years: list[int], rng: np.random.Generator) -> dict[str, dict[int, float]]:
    """One path of every column's discrepancy over ``years`` (those after ``error.train_until``, in order): a
    stationary AR(1) started from its stationary law, so each year's value has the column's sd."""
    ahead = [y for y in sorted(years) if y > error.train_until]
    paths = {}
    for c in error.columns:  # in the file's order, each column its own len(ahead) normals
        z = rng.standard_normal(len(ahead))
        innovation = c.sd * math.sqrt(max(1.0 - c.persistence ** 2, 0.0))
        path, value = {}, c.sd * float(z[0]) if ahead else 0.0
        for k, year in enumerate(ahead):
            if k:
                value = c.persistence * value + innovation * float(z[k])
            path[year] = value
        paths[c.indicator] = path
    return paths


def apply(annual: dict[int, dict[str, float]], shocks: dict[str, dict[int, float]]) -> None:
    """Add a drawn discrepancy to a run's annual rows (year -> column -> value), in place. Growth's moves the
    GDP levels by the compounded difference, labour productivity growth by the same factor and the TFP
    accounting (it is residual TFP); a share's stays within SHARE_BOUNDS."""
    level = 1.0
    for year in sorted(shocks.get(GROWTH, {})):
        row = annual.get(year)
        if row is None:
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
        for year, delta in path.items():
            row = annual.get(year)
            if row is not None and column in row:
                row[column] = min(max(row[column] + delta, SHARE_BOUNDS[0]), SHARE_BOUNDS[1])


MODEL_ERROR_STREAM = 2  # the substream of a replication's stream its error is drawn from (0, 1: parameters)


def add_to_runs(runs: list[dict[int, dict[str, float]]], error: ModelError, seed: int) -> list[dict]:
    """Copies of ``runs`` (run i: year -> column -> value), each with its own draw of the error from the
    stream of replication i of ``seed`` (``streams.replication_stream``, substream MODEL_ERROR_STREAM)."""
    from model.experiments.streams import replication_stream, substream
    out = []
    for i, run in enumerate(runs):
        copy = {year: dict(row) for year, row in run.items()}
        apply(copy, draw(error, sorted(copy), substream(replication_stream(seed, i), MODEL_ERROR_STREAM)))
        out.append(copy)
    return out


def apply_to_rows(rows: list[dict], shocks: dict[str, dict[int, float]]) -> None:
    """``apply`` on a run's annual rows as a list (each with its ``year``), in place."""
    apply({int(r["year"]): r for r in rows}, shocks)


def markdown_section(error: ModelError, source: str) -> list[str]:
    """A page's section on the model's own error: how it is estimated (``source`` says from what) and a table."""
    lines = ["## The model's own error", "",
             f"{source} (`model/experiments/model_error.py`): the discrepancy's variance is the mean squared miss "
             "of the runs' median less the runs' own variance (not below zero); growth's persists from year to year "
             "by its misses' lag-one autocorrelation, a share's is held. It is added to the years after "
             f"{error.train_until}, so a forecast's bands carry it.", "",
             "| column | moments | median's root mean square miss | runs' own sd | discrepancy sd | persistence |",
             "|---|---:|---:|---:|---:|---:|"]
    for c in error.columns:
        lines.append(f"| `{c.indicator}` | {c.moments} | {c.rms_miss:.3g} | {c.runs_sd:.3g} | {c.sd:.3g} | "
                     f"{c.persistence:.2f} |")
    return lines + [""]


# ------------------------------------------------------------------ the shipped estimate
def provenance_path(path: Path) -> Path:
    return path.with_suffix(".json")


def write_model_error(error: ModelError, path: Path = MODEL_ERROR_FILE) -> None:
    """The table and its record (train_until among it), each written whole and then moved into place."""
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(FIELDS)
    for c in error.columns:
        w.writerow([c.indicator] + [repr(float(getattr(c, f))) if f != "moments" else c.moments for f in FIELDS[1:]])
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {**error.provenance, "train_until": error.train_until}
    for target, content in ((path, text.getvalue()), (provenance_path(path), json.dumps(record, indent=1) + "\n")):
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, target)


def read_model_error(path: Path = MODEL_ERROR_FILE) -> ModelError:
    """The estimate, checked: the columns above, a size and persistence that are finite and not negative, a
    persistence of at most 1, and a record with its training year."""
    how = "make it with `python -m model model-error --install`"
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        record = json.loads(provenance_path(path).read_text(encoding="utf-8"))
        train_until = int(record["train_until"])
        columns = []
        for r in rows:
            if tuple(r) != FIELDS:
                raise ValueError(f"the columns must be {', '.join(FIELDS)}")
            c = ColumnError(r["indicator"], float(r["sd"]), float(r["persistence"]), int(r["moments"]),
                            float(r["rms_miss"]), float(r["runs_sd"]))
            if not (math.isfinite(c.sd) and c.sd >= 0.0 and 0.0 <= c.persistence <= 1.0):
                raise ValueError(f"{c.indicator}: sd must be a number of 0 or more and persistence from 0 to 1")
            columns.append(c)
    except FileNotFoundError:
        raise UserError(f"{path} or its record {provenance_path(path).name} is missing: the model's own error that "
                        f"--parameter-uncertainty adds (leave it out with --no-model-error); {how}") from None
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise UserError(f"{path}: not an estimate of the model's own error like the shipped one ({e}); {how}") from None
    return ModelError(train_until, tuple(columns), record)


def file_digest(*paths: Path) -> str:
    """sha256 over the files' bytes, in order (a posterior sample and its record, say)."""
    digest = hashlib.sha256()
    for p in paths:
        digest.update(Path(p).read_bytes())
    return digest.hexdigest()


def made_now(**how) -> dict:
    return {"made": datetime.now(timezone.utc).strftime("%Y-%m-%d"), **how}

