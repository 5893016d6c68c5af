"""Bands sized by the model's own past misses out of sample (issue 15): split conformal prediction on the
backtests.

The posterior's draws and the model's own error (``model_error``, sized from the misses of the years the
runs were fitted to) give bands that hold far fewer later observations than their 90% (docs/backtest.md):
the misses in sample understate those out of sample. So the bands are stretched by what past forecasts missed.

Every held-out observation of a backtest says how far its band would have had to stretch about its median to
hold it (``forecast_skill.stretch``: the miss over the band's half on the miss's side; at most one when the
band held it). A forecast's stretch is the conformal quantile of the stretches of forecasts made before it and
already scored: the ceil((n + 1) LEVEL)-th smallest of n (split conformal prediction: Vovk, Gammerman and
Shafer 2005, *Algorithmic Learning in a Random World*; Lei et al. 2018, JASA 113(523), section 2.2; with the
model's own band as the scale, as conformalized quantile regression does, Romano, Patterson and Candes 2019,
NeurIPS, in its multiplicative form, Kivaranovic, Johnson and Leeb 2020, AISTATS). With fewer than
``min_observations(LEVEL)`` stretches (9 for a 90% band) no finite stretch holds, and none is given.

It reads no later data. For the backtest from year Y, the stretches are those of the backtests trained before
Y, at their observations up to Y (``earlier_stretch``): a backtest of the backtests, which scores what the
stretched bands would have held (``forecast_skill.coverage`` with ``stretched_by``). The shipped stretch
(``model/data/band_stretch.json``, made by ``python -m model band-stretch --install`` from the docs' backtests,
``docs/backtest_scores.csv``) pools every backtest observation, all in years up to the shipped posterior's
data. An ensemble with parameter uncertainty and the model's own error (as the backtests had) then moves each
replication's value of every column the backtests scored, in every year after the posterior's last data
year, away from the replications' median by the factor (``shocks``), through ``model_error.apply``: growth's
change compounds into GDP's levels and moves labour productivity and the TFP accounting as the model's error
does (``moved_columns``), and shares stay within their bounds; every target is read again from the moved
years, so the bands, the summary and the probabilities agree. Nothing else moves: the causal contribution (a
difference from a twin that would move alike), the public cost, the digital economy's VND levels; and each
share moves about its own median, so within a replication the digital economy's share no longer equals its
two parts' sum exactly.

Limits, stated where the results are: conformal's guarantee needs exchangeable scores, and the misses of one
forecast are correlated across its years and columns, and an observation year appears in several backtests;
the pool is small, and few observations are more than three years ahead; one factor, sized
for the 90% band, widens the 50% band and every column alike (too much where a column's bands were right, too
little where they were worst), and stretching about the median does not remove a bias; a band of no width stays
of no width; and the backtests' bands are from fewer runs (``DocsSettings.backtest_draws``) and smaller
posteriors than an ensemble's.
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
from model.experiments import model_error
from model.experiments.forecast_skill import BANDS, coverage, stretch_column
from model.outputs.results import write_csv

LEVEL = 0.9  # the band the stretch is sized for (the 90%); the 50% band is widened by the same factor
BAND_STRETCH_FILE = DATA_DIR / "band_stretch.json"
SCORES_NAME = "backtest_scores.csv"  # the docs' pooled backtest scores, which the shipped stretch is sized from
ORIGIN = "trained_until"  # the column of backtest_scores.csv naming each observation's backtest
# The fewest forecast runs per band a backtest's scores need to size the shipped stretch: the 5-95% band of n
# runs (interpolated percentiles) holds on average 0.9 (n - 1) / (n + 1) of a new draw from the same
# distribution, 81% at 20 and 88% at 100, so scores from few runs would stretch an ensemble's bands for their
# own narrowness.
MIN_DRAWS = 100


def moved_columns(columns) -> tuple[str, ...]:
    """Every results column a stretch of ``columns`` moves: those columns, and what growth's move carries."""
    extra = model_error.MOVED_WITH_GROWTH if model_error.GROWTH in columns else ()
    return tuple(sorted(set(columns) | set(extra)))


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
    from ``observations`` stretches of the backtests from ``origins``, at observations up to ``until``, of the
    results ``columns`` they scored."""

    factor: float | None
    level: float
    observations: int
    origins: tuple[int, ...]
    until: int | None
    columns: tuple[str, ...]


def earlier_stretch(scored: dict[int, list[dict]], origin: int | None = None, level: float = LEVEL) -> BandStretch:
    """The stretch for a forecast from ``origin``: from the backtests trained before it (``scored``: training
    year -> its scored observations, ``forecast_skill.score_observations``), at their observations up to
    ``origin``; with ``origin`` None, from every observation of every backtest."""
    pool = [(year, r) for year, rows in sorted(scored.items()) if origin is None or year < origin
            for r in rows if origin is None or r["year"] <= origin]
    stretches = [float(r[stretch_column("model", level)]) for _, r in pool]
    return BandStretch(conformal_stretch(stretches, level), level, len(stretches),
                       tuple(sorted({year for year, _ in pool})), max((r["year"] for _, r in pool), default=None),
                       tuple(sorted({r["indicator"] for _, r in pool})))


def backtest_of_backtests(scored: dict[int, list[dict]], level: float = LEVEL) -> list[dict]:
    """For each backtest: the stretch the earlier backtests gave it (reading no later observation) and what
    its bands, stretched by it, held of the later data; a backtest with no finite stretch is listed, unscored."""
    out = []
    for year in sorted(scored):
        sized = earlier_stretch(scored, year, level)
        row = {ORIGIN: year, "observations": len(scored[year]), "stretch": sized.factor,
               "sized_from": sized.observations, "from_backtests": list(sized.origins)}
        if sized.factor is not None:
            row["inside"] = coverage(scored[year], "model", stretched_by=sized.factor)
        out.append(row)
    return out


# ------------------------------------------------------------------ applying it to an ensemble's replications
def medians(values: np.ndarray) -> np.ndarray:
    """The replications' median of each year (replications along the first axis, NaN where one has none)."""
    with warnings.catch_warnings():  # a year no replication has stays NaN, without a warning
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(values, axis=0)


def shocks(rows: list[dict], middle: dict[str, dict[int, float]], factor: float) -> dict[str, dict[int, float]]:
    """What stretching adds to one replication's annual ``rows``: for each column and year in ``middle`` (the
    replications' medians), (factor - 1) (value - median), so the value ends ``factor`` times as far from the
    median. ``model_error.apply_to_rows`` adds it (growth's compounding into GDP's levels, shares kept within
    their bounds)."""
    by_year = {int(r["year"]): r for r in rows}
    out: dict[str, dict[int, float]] = {}
    for column, years in middle.items():
        for year, median in years.items():
            value = by_year.get(year, {}).get(column, math.nan)
            if math.isfinite(value) and math.isfinite(median):
                out.setdefault(column, {})[year] = (factor - 1.0) * (value - median)
    return out


def stretch_rows(rows: list[dict], middle: dict[str, dict[int, float]], factor: float) -> list[dict]:
    """One replication's annual rows with its stretch added (in place; also returned)."""
    model_error.apply_to_rows(rows, shocks(rows, middle, factor))
    return rows


# ------------------------------------------------------------------ the pooled scores and the shipped file
SCORE_FIELDS = (ORIGIN, "indicator", "year", "horizon", "draws", "data", "model_median",
                *(stretch_column("model", c) for c in BANDS))
_STRETCHES = SCORE_FIELDS[7:]


def write_scores(scored: dict[int, list[dict]], draws: int, path: Path) -> None:
    """Every backtest's scored observations in one table (the columns the stretch needs), each row with the
    year its backtest was trained until and the forecast runs its bands came from."""
    rows = [{ORIGIN: year, "draws": draws, **{k: r[k] for k in SCORE_FIELDS if k not in (ORIGIN, "draws")}}
            for year in sorted(scored) for r in scored[year]]
    if rows:
        write_csv(path, rows, first=SCORE_FIELDS)
    else:  # no held-out observation at all: the header alone
        path.write_text(",".join(SCORE_FIELDS) + "\n", encoding="utf-8")


def read_scores(path: Path) -> tuple[dict[int, list[dict]], int]:
    """backtest_scores.csv by training year, and the fewest runs any of its bands came from; a clear message
    naming the file and what is allowed otherwise."""
    allowed = (f"a table with columns {', '.join(SCORE_FIELDS)}: whole years for {ORIGIN} and year (after "
               f"{ORIGIN}), indicator one of the columns history measures directly ({', '.join(model_error.DIRECT)}), "
               "horizon the years between them, draws a whole number of at least 1, numbers for data and "
               "model_median, numbers of 0 or more (or inf) for the stretches, one row per backtest and observation; "
               "`python -m model docs` writes it")
    scored: dict[int, list[dict]] = {}
    seen, draws = set(), []
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != SCORE_FIELDS:
                raise ValueError("the header is not the columns allowed")
            for line, r in enumerate(reader, start=2):
                if None in r or None in r.values():
                    raise ValueError(f"line {line} has more or fewer values than the header")
                row = {ORIGIN: int(r[ORIGIN]), "indicator": r["indicator"], "year": int(r["year"]),
                       "horizon": int(r["horizon"]), "draws": int(r["draws"]), "data": float(r["data"]),
                       "model_median": float(r["model_median"])} | {k: float(r[k]) for k in _STRETCHES}
                key = (row[ORIGIN], row["indicator"], row["year"])
                if (row["year"] <= row[ORIGIN] or row["horizon"] != row["year"] - row[ORIGIN] or row["draws"] < 1
                        or row["indicator"] not in model_error.DIRECT or key in seen
                        or any(not row[k] >= 0.0 for k in _STRETCHES)):
                    raise ValueError(f"line {line} is outside what is allowed")
                seen.add(key)
                draws.append(row["draws"])
                scored.setdefault(row[ORIGIN], []).append(row)
    except FileNotFoundError:
        raise UserError(f"{path} is missing: the backtests' scores the band stretch is sized from; make them with "
                        "`python -m model docs`") from None
    except (OSError, ValueError, csv.Error) as e:
        raise UserError(f"{path}: not the backtests' scores ({e}); allowed: {allowed}") from None
    return scored, min(draws, default=0)


def made_from(scores: Path, command: str) -> dict:
    """The shipped stretch's contents: the stretch from every observation in ``scores``, and its provenance.
    Refused from bands of fewer than MIN_DRAWS runs, or when the stretch is infinite (a band of no width on
    a miss's side among the observations it is read from)."""
    scored, draws = read_scores(scores)
    if draws < MIN_DRAWS:
        raise UserError(f"{scores}: some bands came from {draws} forecast runs (its draws column); the shipped "
                        f"stretch needs bands of at least {MIN_DRAWS} (`python -m model docs`, not --quick), or "
                        "it would stretch an ensemble's bands for the backtests' own few runs")
    sized = earlier_stretch(scored)
    if sized.factor is not None and not math.isfinite(sized.factor):
        raise UserError(f"{scores}: the stretch is infinite (bands of no width missed more than "
                        f"{1 - sized.level:.0%} of the observations), so no stretch can hold {sized.level:.0%}")
    return {**asdict(sized), "origins": list(sized.origins), "columns": list(sized.columns), "draws": draws,
            "scores": scores.name, "scores_sha256": model_error.file_digest(scores),
            "made": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "command": command}


def write_band_stretch(contents: dict, path: Path | None = None) -> None:
    """The stretch (``made_from``), written whole to ``path`` (default: the shipped BAND_STRETCH_FILE)."""
    write_whole(path or BAND_STRETCH_FILE, json.dumps(contents, indent=1) + "\n")


def read_band_stretch(path: Path | None = None) -> BandStretch:
    """The shipped stretch, checked: a finite factor above zero (or null: too few observations to size one),
    the level LEVEL, whole numbers for the counts and years, and the results columns it applies to."""
    path = path or BAND_STRETCH_FILE
    how = "make it with `python -m model band-stretch --install` (or leave it out with --no-band-stretch)"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        factor, level = record["factor"], float(record["level"])
        if factor is not None:
            factor = float(factor)
            if not (math.isfinite(factor) and factor > 0.0):
                raise ValueError("factor is not a finite number above zero")
        if level != LEVEL:
            raise ValueError(f"level is not {LEVEL}")
        origins = tuple(int(y) for y in record["origins"])
        until = None if record["until"] is None else int(record["until"])
        columns = tuple(str(c) for c in record["columns"])
        if not set(columns) <= set(model_error.DIRECT):
            raise ValueError(f"columns are not among {', '.join(model_error.DIRECT)}")
        sized = BandStretch(factor, level, int(record["observations"]), origins, until, columns)
    except FileNotFoundError:
        raise UserError(f"{path} is missing: the stretch of the bands by the backtests' misses; {how}") from None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as e:
        raise UserError(f"{path}: not a band stretch (allowed: a JSON object with factor, a finite number above "
                        f"zero or null, level {LEVEL}, observations, origins, until and columns (those history measures "
                        f"directly); "
                        f"{type(e).__name__}: {e}); {how}") from None
    return sized
