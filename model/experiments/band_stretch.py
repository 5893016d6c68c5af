"""Bands sized by the model's own past misses out of sample (issue 15): split conformal prediction on the
backtests.

The posterior's draws and the model's own error (``model_error``, sized from the misses of the years the
runs were fitted to) give bands that held 54% of later observations in their 90% (docs/backtest.md): the
in-sample misses understate the misses out of sample, and columns with too little history before a forecast
carry no error at all. So the bands are stretched by what past forecasts missed.

Every held-out observation of a backtest says how far its band would have had to stretch about its median to
hold it (``forecast_skill.stretch``: the miss over the band's half on the miss's side; at most one when the
band held it). A forecast's stretch is the conformal quantile of the stretches of forecasts made before it and
already scored: the ceil((n + 1) LEVEL)-th smallest of n (split conformal prediction: Vovk, Gammerman and
Shafer 2005, *Algorithmic Learning in a Random World*; Lei et al. 2018, JASA 113(523), section 2.2; with the
model's own band as the scale, as conformalized quantile regression does, Romano, Patterson and Candes 2019,
NeurIPS, in its multiplicative form, Kivaranovic, Johnson and Leeb 2020, AISTATS). With fewer than
``min_observations(LEVEL)`` stretches (9 for a 90% band) no finite stretch holds, and none is given.

It reads no future. For the backtest from year Y, the stretches are those of the backtests from years before
Y, at their observations up to Y (``earlier_stretch``): a backtest of the backtests, which scores what the
stretched bands would have held (``stretched_coverage``). The shipped stretch (``model/data/band_stretch.json``,
made by ``python -m model band-stretch --install`` from the docs' backtests, ``docs/backtest_scores.csv``) pools
every backtest observation, all before the shipped forecast's first year; an ensemble with parameter
uncertainty and the model's own error moves each forecast value away from the replications' median by it
(``stretch_about_median``), so its bands and probabilities carry the past misses.

Limits, stated where the results are: conformal's guarantee needs exchangeable scores, and the misses of one
forecast are correlated across its years and columns; the pool is small (26 observations from three
backtests, 18 of them from 2019); one factor is sized for the 90% band and also widens the 50% band, which
it may make too wide; and the backtests' posteriors are smaller than the shipped one (80 particles).
"""
from __future__ import annotations

import csv
import json
import math
import warnings
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from model.core.errors import UserError
from model.core.paths import DATA_DIR, write_whole
from model.experiments.forecast_skill import BANDS, stretch_column

LEVEL = 0.9  # the band the stretch is sized for (the 90%); the 50% band is widened by the same factor
BAND_STRETCH_FILE = DATA_DIR / "band_stretch.json"
SCORES_NAME = "backtest_scores.csv"  # the docs' pooled backtest scores, which the shipped stretch is sized from
ORIGIN = "trained_until"  # the column of backtest_scores.csv naming each observation's backtest


def min_observations(level: float = LEVEL) -> int:
    """The fewest stretches from which a finite conformal quantile at ``level`` exists: ceil((n+1) level) <= n."""
    return math.ceil(level / (1.0 - level) - 1e-9)  # (n + 1) level <= n


def conformal_stretch(stretches, level: float = LEVEL) -> float | None:
    """The ceil((n + 1) level)-th smallest of the n stretches; None when that is more than n (too few)."""
    values = sorted(float(s) for s in stretches)
    k = math.ceil((len(values) + 1) * level - 1e-9)
    return values[k - 1] if 0 < k <= len(values) else None


@dataclass(frozen=True)
class BandStretch:
    """A stretch and where it came from: ``factor`` (None: too few earlier observations) at ``level``, sized
    from ``observations`` stretches of the backtests from ``origins``, at observations up to ``until``."""

    factor: float | None
    level: float
    observations: int
    origins: tuple[int, ...]
    until: int | None


def earlier_stretch(scored: dict[int, list[dict]], origin: int | None = None, level: float = LEVEL) -> BandStretch:
    """The stretch for a forecast from ``origin``: from the backtests trained before it (``scored``: training
    year -> its scores.csv rows), at their observations up to ``origin``; with ``origin`` None, from every
    observation of every backtest."""
    pool = [(year, r) for year, rows in sorted(scored.items()) if origin is None or year < origin
            for r in rows if origin is None or r["year"] <= origin]
    stretches = [float(r[stretch_column("model", level)]) for _, r in pool]
    return BandStretch(conformal_stretch(stretches, level), level, len(stretches),
                       tuple(sorted({year for year, _ in pool})), max((r["year"] for _, r in pool), default=None))


def stretched_coverage(rows: list[dict], factor: float) -> dict[str, tuple[int, int]]:
    """(inside, scored) for each band of the model's, each stretched about its median by ``factor``: an
    observation is inside when its stretch is at most the factor."""
    return {f"{c:.0%}": (sum(float(r[stretch_column("model", c)]) <= factor for r in rows), len(rows)) for c in BANDS}


def backtest_of_backtests(scored: dict[int, list[dict]], level: float = LEVEL) -> list[dict]:
    """For each backtest: the stretch the earlier backtests gave it (reading no later observation) and what
    its bands, stretched by it, held of the later data; a backtest with no finite stretch is listed, unscored."""
    out = []
    for year in sorted(scored):
        sized = earlier_stretch(scored, year, level)
        row = {ORIGIN: year, "observations": len(scored[year]), "stretch": sized.factor,
               "sized_from": sized.observations, "from_backtests": list(sized.origins)}
        if sized.factor is not None:
            row["inside"] = stretched_coverage(scored[year], sized.factor)
        out.append(row)
    return out


# ------------------------------------------------------------------ applying it
def stretch_about_median(values: np.ndarray, factor: float) -> np.ndarray:
    """``values`` (replications along the first axis; NaN where a replication has none) moved away from their
    median by ``factor``: every quantile's distance from the median is multiplied by it, the median stays."""
    values = np.asarray(values, dtype=float)
    if values.shape[0] == 0 or np.all(np.isnan(values)):
        return values
    with warnings.catch_warnings():  # a year no replication has stays NaN, without a warning
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(values, axis=0)
    return median + factor * (values - median)


def natural_bounds(column: str, values: np.ndarray) -> tuple[float, float]:
    """What a stretched column stays within: a column the model's own error bounds keeps those bounds
    (``model_error``: shares 0-100, ratios to GDP at least 0); a share of people, households or firms (its
    catalogue unit a % other than of GDP or a year's, every replication within 0-100) stays within 0-100;
    anything else (a growth rate, a balance) is not bounded."""
    from model.experiments import model_error
    from model.measure.catalogue import INDICATORS, PCT_GDP, PCT_YEAR
    if column in model_error.DIRECT and column != model_error.GROWTH:
        return model_error.bounds(column)
    known = values[~np.isnan(values)]
    unit = INDICATORS[column].unit if column in INDICATORS else None
    if (unit is not None and unit.en.startswith("%") and unit not in (PCT_GDP, PCT_YEAR) and known.size
            and known.min() >= 0.0 and known.max() <= 100.0):
        return 0.0, 100.0
    return -math.inf, math.inf


class StretchedStore:
    """An ensemble's store read with every forecast value (years after ``after``, targets of those years) moved
    away from the replications' median by ``factor`` and kept within its natural bounds: what its bands,
    summary and probabilities are computed from. The replications themselves are not changed."""

    def __init__(self, store, factor: float, after: int):
        self.store, self.factor, self.after = store, factor, after
        self.spec = store.spec

    @property
    def done(self) -> np.ndarray:
        return self.store.done

    def column(self, c: int) -> np.ndarray:
        values = self.store.column(c)
        later = np.array(self.spec["years"]) > self.after
        low, high = natural_bounds(self.spec["columns"][c], values)
        values[:, later] = np.clip(stretch_about_median(values[:, later], self.factor), low, high)
        return values

    def target_values(self) -> np.ndarray:
        values = self.store.target_values()
        for k, target in enumerate(self.spec["targets"]):
            if int(target["year"]) > self.after:
                low, high = natural_bounds(target["indicator"], values[:, k])
                values[:, k] = np.clip(stretch_about_median(values[:, k], self.factor), low, high)
        return values


# ------------------------------------------------------------------ the pooled scores and the shipped file
SCORE_FIELDS = (ORIGIN, "indicator", "year", "horizon", "data", "model_median",
                *(stretch_column("model", c) for c in BANDS))


def write_scores(scored: dict[int, list[dict]], path: Path) -> None:
    """Every backtest's scored observations in one table (the columns the stretch needs), each row with the
    year its backtest was trained until."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(SCORE_FIELDS)
        for year in sorted(scored):
            for r in scored[year]:
                w.writerow([year] + [repr(v) if isinstance(v, float) else v for v in (r[k] for k in SCORE_FIELDS[1:])])


def read_scores(path: Path) -> dict[int, list[dict]]:
    """backtest_scores.csv by training year; a clear message naming the file and what is allowed otherwise."""
    allowed = (f"a table with columns {', '.join(SCORE_FIELDS)}: whole years for {ORIGIN} and year, the year after "
               f"{ORIGIN}, numbers of 0 or more (or inf) for the stretches; `python -m model docs` writes it")
    scored: dict[int, list[dict]] = {}
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != SCORE_FIELDS:
                raise ValueError("the header is not the columns allowed")
            for line, r in enumerate(reader, start=2):
                if None in r or None in r.values():
                    raise ValueError(f"line {line} has more or fewer values than the header")
                row = {ORIGIN: int(r[ORIGIN]), "indicator": r["indicator"], "year": int(r["year"]),
                       "horizon": int(r["horizon"]), "data": float(r["data"]), "model_median": float(r["model_median"])}
                row |= {k: float(r[k]) for k in SCORE_FIELDS[6:]}
                if row["year"] <= row[ORIGIN] or any(not row[k] >= 0.0 for k in SCORE_FIELDS[6:]):
                    raise ValueError(f"line {line} is outside what is allowed")
                scored.setdefault(row[ORIGIN], []).append(row)
    except FileNotFoundError:
        raise UserError(f"{path} is missing: the backtests' scores the band stretch is sized from; make them with "
                        "`python -m model docs`") from None
    except (OSError, ValueError) as e:
        raise UserError(f"{path}: not the backtests' scores ({e}); allowed: {allowed}") from None
    return scored


def made_from(scores: Path, command: str) -> dict:
    """The shipped stretch's contents: the stretch from every observation in ``scores``, and its provenance."""
    from model.experiments.model_error import file_digest
    sized = earlier_stretch(read_scores(scores))
    return {**asdict(sized), "origins": list(sized.origins), "scores": scores.name,
            "scores_sha256": file_digest(scores), "made": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
            "command": command}


def write_band_stretch(contents: dict, path: Path | None = None) -> None:
    """The stretch (``made_from``), written whole to ``path`` (default: the shipped BAND_STRETCH_FILE)."""
    write_whole(path or BAND_STRETCH_FILE, json.dumps(contents, indent=1) + "\n")


def read_band_stretch(path: Path | None = None) -> BandStretch:
    """The shipped stretch, checked: a factor above zero (or null: too few observations to size one), the level
    strictly between 0 and 1, and whole numbers for the rest."""
    path = path or BAND_STRETCH_FILE
    how = "make it with `python -m model band-stretch --install` (or leave it out with --no-band-stretch)"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        factor, level = record["factor"], float(record["level"])
        if factor is not None:
            factor = float(factor)
            if not (math.isfinite(factor) and factor > 0.0):
                raise ValueError("factor is not a finite number above zero")
        if not 0.0 < level < 1.0:
            raise ValueError("level is not between 0 and 1")
        origins = tuple(int(y) for y in record["origins"])
        until = None if record["until"] is None else int(record["until"])
        sized = BandStretch(factor, level, int(record["observations"]), origins, until)
    except FileNotFoundError:
        raise UserError(f"{path} is missing: the stretch of the bands by the backtests' misses; {how}") from None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as e:
        raise UserError(f"{path}: not a band stretch (allowed: a JSON object with factor, a number above zero or "
                        f"null, level between 0 and 1, observations, origins and until; {type(e).__name__}: {e}); "
                        f"{how}") from None
    return sized
