"""A backtest's forecast scored against the data that came later, and against simple forecasters (issue 15).

For every held-out observation (a history row after the training year) the model's forecast is its runs'
values that year: whether the observation falls inside the runs' central 50% and 90% bands, the absolute
error of their median, and the continuous ranked probability score (CRPS; Gneiting and Raftery 2007, JASA
102(477), eq. 21, the sample form: the mean absolute distance of the runs to the observation less half the
mean absolute distance between runs; in the indicator's unit, lower is better, and for a single value it is
the absolute error).

The simple forecasters read the same data up to the training year and nothing else:

* **AR(1) for GDP growth**: g_t = c + phi g_{t-1} + e_t by least squares on consecutive years; the h-year
  forecast is normal with the AR(1)'s mean and variance s^2 (1 + phi^2 + ... + phi^(2(h-1))), parameters
  plugged in (the usual benchmark; Poledna et al. 2023 compare their ABM with it).
* **A random walk with drift for the shares** (adoption shares, the digital economy's share): the drift is
  the average yearly change from the first to the last observation, the variance of a yearly step the
  squared deviations of the observed steps from the drift (a step over g years counts as g steps); the
  h-year forecast is normal around the last value plus h drifts with h step variances.

A forecaster needs MIN_POINTS observations up to the training year; with fewer it is not scored, and
the report says so. Skill is the ratio of the model's mean error to the simple forecaster's over the same
observations at one, two and three years ahead: below one, the model did better.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

# Central bands scored: 50% (p25-p75) and 90% (p05-p95).
BANDS = (0.5, 0.9)
# Years ahead at which skill is reported (the one, two and three).
HORIZONS = (1, 2, 3)
# Observations up to the training year a simple forecaster needs: an AR(1) has two coefficients and a
# variance, so three consecutive pairs (four years); a random walk with drift has a drift and a variance, so
# two steps (three observations).
MIN_POINTS = {"AR(1)": 4, "random walk with drift": 3}
AR1_MIN_PAIRS = 3  # consecutive pairs of years the AR(1) is fitted on, at least
AR1_COLUMNS = ("gdp_growth_pct",)  # growth rates mean-revert; every other forecast column is a share

_NORMAL = NormalDist()


@dataclass(frozen=True)
class Forecast:
    """A normal predictive distribution (a simple forecaster's)."""

    mean: float
    sd: float

    def band(self, coverage: float) -> tuple[float, float]:
        half = _NORMAL.inv_cdf(0.5 + coverage / 2.0) * self.sd
        return self.mean - half, self.mean + half

    def crps(self, observed: float) -> float:
        """Closed form for a normal (Gneiting and Raftery 2007, eq. 5); the absolute error when sd is 0."""
        if self.sd <= 0.0:
            return abs(observed - self.mean)
        z = (observed - self.mean) / self.sd
        return self.sd * (z * (2.0 * _NORMAL.cdf(z) - 1.0) + 2.0 * _NORMAL.pdf(z) - 1.0 / math.sqrt(math.pi))


def crps_sample(samples, observed: float) -> float:
    """CRPS of an ensemble of values: mean |X - y| - mean |X - X'| / 2 over all pairs (X, X' independent
    draws from the ensemble), computed from the sorted values in n log n."""
    x = np.sort(np.asarray(samples, dtype=float))
    n = x.size
    if n == 0:
        return math.nan
    to_observation = float(np.mean(np.abs(x - observed)))
    # sum over i, j of |x_i - x_j| = 2 sum_i (2i - n + 1) x_(i), for sorted x with i from 0
    between = 2.0 * float(np.sum((2.0 * np.arange(n) - n + 1.0) * x)) / (n * n)
    return to_observation - between / 2.0


def ar1_forecast(history: dict[int, float], origin: int, horizon: int) -> Forecast | None:
    """The AR(1)'s forecast ``horizon`` years after ``origin`` from ``history`` (year -> value, none after
    ``origin`` is read); None with fewer than MIN_POINTS years, fewer than three consecutive pairs, or no
    value at ``origin``."""
    known = {y: v for y, v in history.items() if y <= origin}
    pairs = [(known[y - 1], known[y]) for y in sorted(known) if y - 1 in known]
    if len(known) < MIN_POINTS["AR(1)"] or len(pairs) < AR1_MIN_PAIRS or origin not in known:
        return None
    # Least squares of a line in closed form (no LAPACK: the same bits on any machine)
    before, after = (np.array(v, dtype=float) for v in zip(*pairs))
    lagged = before - before.mean()
    phi = float(np.sum(lagged * (after - after.mean())) / np.sum(lagged * lagged)) if np.any(lagged) else 0.0
    c = float(after.mean() - phi * before.mean())
    residual = after - (c + phi * before)
    variance = float(np.sum(residual * residual)) / (len(pairs) - 2)
    mean, spread = known[origin], 0.0
    for step in range(horizon):
        mean = c + phi * mean
        spread += phi ** (2 * step)
    return Forecast(float(mean), math.sqrt(variance * spread))


def random_walk_forecast(history: dict[int, float], origin: int, horizon: int) -> Forecast | None:
    """The random walk with drift's forecast ``horizon`` years after ``origin`` (its last observation at or
    before ``origin``); None with fewer than MIN_POINTS observations."""
    years = sorted(y for y in history if y <= origin)
    if len(years) < MIN_POINTS["random walk with drift"]:
        return None
    first, last = years[0], years[-1]
    drift = (history[last] - history[first]) / (last - first)
    steps = [(history[b] - history[a], b - a) for a, b in zip(years, years[1:])]
    variance = sum((change - drift * gap) ** 2 / gap for change, gap in steps) / (len(steps) - 1)
    ahead = origin + horizon - last  # years from the last observation
    return Forecast(history[last] + drift * ahead, math.sqrt(variance * ahead))


ALONE = "alone"  # who the model's runs are without its own error (scores.csv: alone_inside_90, ...)


def _inside(who: str, coverage: float) -> str:
    """The column saying whether the observation is inside ``who``'s central band: model_inside_90."""
    return f"{who}_inside_{round(100 * coverage)}"


def stretch_column(who: str, coverage: float) -> str:
    """The column saying how far ``who``'s central band must stretch to hold the observation: model_stretch_90."""
    return f"{who}_stretch_{round(100 * coverage)}"


def stretch(low: float, median: float, high: float, observed: float) -> float:
    """How many times its own half on the observation's side a band (``low``, ``median``, ``high``) must be
    stretched about its median to hold ``observed``: at most one when the band holds it, zero at the median,
    infinite when the band has no width on that side (``model.experiments.band_stretch`` sizes bands from
    these)."""
    miss = float(observed) - float(median)
    half = float(high) - float(median) if miss > 0 else float(median) - float(low)
    if miss == 0:
        return 0.0
    return abs(miss) / half if half > 0 else math.inf


FORECASTERS = {"AR(1)": ar1_forecast, "random walk with drift": random_walk_forecast}


def simple_forecaster(column: str) -> str:
    """The name (in FORECASTERS and MIN_POINTS) of the simple forecaster a column is compared with."""
    return "AR(1)" if column in AR1_COLUMNS else "random walk with drift"


def simple_forecast(column: str, history: dict[int, float], origin: int, horizon: int) -> Forecast | None:
    return FORECASTERS[simple_forecaster(column)](history, origin, horizon)


def score_observations(series: list[tuple[str, dict[int, float]]], runs: list[dict[int, dict[str, float]]],
                       train_until: int) -> list[dict]:
    """One row per held-out observation: ``series`` is (results column, its data year -> value) for each
    indicator scored; ``runs`` the forecast's runs (year -> column -> value). The data after
    ``train_until`` are only compared with, never read by a forecaster."""
    rows = []
    for column, data in series:
        training = {y: v for y, v in data.items() if y <= train_until}
        for year in sorted(y for y in data if y > train_until):
            values = np.array([r[year][column] for r in runs if year in r], dtype=float)
            values = values[~np.isnan(values)]
            if values.size == 0:
                continue
            observed = float(data[year])
            row = {"indicator": column, "year": year, "horizon": year - train_until, "data": observed,
                   "model_median": float(np.median(values))}
            for coverage in BANDS:
                low, high = np.percentile(values, (50.0 - 50.0 * coverage, 50.0 + 50.0 * coverage))
                row[_inside("model", coverage)] = bool(low <= observed <= high)
                row[stretch_column("model", coverage)] = stretch(low, row["model_median"], high, observed)
            row |= {"model_abs_error": abs(row["model_median"] - observed), "model_crps": crps_sample(values, observed)}
            name = simple_forecaster(column)
            simple = simple_forecast(column, training, train_until, year - train_until)
            row["simple"] = name if simple is not None else f"{name}: too few data up to {train_until}"
            # every row has every column (a table); None where the simple forecaster had too few data
            row |= {"simple_mean": None, "simple_sd": None} | {_inside("simple", c): None for c in BANDS}
            row |= {"simple_abs_error": None, "simple_crps": None}
            if simple is not None:
                row |= {"simple_mean": simple.mean, "simple_sd": simple.sd}
                for coverage in BANDS:
                    low, high = simple.band(coverage)
                    row[_inside("simple", coverage)] = bool(low <= observed <= high)
                row |= {"simple_abs_error": abs(simple.mean - observed), "simple_crps": simple.crps(observed)}
            rows.append(row)
    return rows


def skill_by_horizon(rows: list[dict]) -> list[dict]:
    """For each simple forecaster and horizon in HORIZONS (and all horizons together): the observations
    both forecast, the mean absolute error of the medians and the mean CRPS of each, and the model's over the
    simple forecaster's (below one: the model did better)."""
    out = []
    for name in sorted({simple_forecaster(r["indicator"]) for r in rows}):
        scored = [r for r in rows if r["simple"] == name]
        for horizon in (*HORIZONS, None):
            at = [r for r in scored if horizon is None or r["horizon"] == horizon]
            if not at:
                continue
            row = {"simple": name, "horizon": "all" if horizon is None else horizon, "observations": len(at)}
            for error in ("abs_error", "crps"):
                model, simple = (float(np.mean([r[f"{who}_{error}"] for r in at])) for who in ("model", "simple"))
                row |= {f"model_{error}": model, f"simple_{error}": simple,
                        f"{error}_ratio": model / simple if simple > 0 else math.nan}
            out.append(row)
    return out


def coverage(rows: list[dict], who: str, stretched_by: float | None = None) -> dict[str, tuple[int, int]]:
    """(inside, scored) for each band of ``who`` ("model" or "simple") over the observations it scored; with
    ``stretched_by``, of the model's bands each stretched about its median by that factor (an observation is
    inside when its stretch is at most the factor; ``band_stretch``)."""
    out = {}
    for c in BANDS:
        if stretched_by is not None:
            scored = [float(r[stretch_column(who, c)]) <= stretched_by for r in rows]
        else:
            scored = [r[_inside(who, c)] for r in rows if r.get(_inside(who, c)) is not None]
        out[f"{c:.0%}"] = (sum(scored), len(scored))
    return out
