"""Kernels shared by the phases: group reductions, random draws and ranks over agent arrays.

The fast engine's phases are compiled with numba (``compiled``): each phase
reads an agent's state once, updates it in place and accumulates the cell
aggregates it needs, on all cores. Two rules keep every number bit-identical
whatever the number of threads:

* **Random numbers are a function of (seed, quarter, event, agent row)**, not
  of a sequential stream: ``event_key`` hashes the first three into a key and
  ``uniform(key, row)`` hashes the key and the row (SplitMix64), so a thread
  may handle any row in any order and draw the same number.
* **Sums are taken in fixed chunks** of ``CHUNK`` rows, each chunk in row
  order, and the chunks' partial sums are added in chunk order; the split
  never depends on the number of threads.

Small helpers (``group_mean``, ``safe_ratio``) stay in numpy for the province-
and cell-level arrays, which have at most a few hundred rows.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import NamedTuple

import numba
import numpy as np
from numba import njit, prange

from model.core import lean_imports  # noqa: F401  (before numba's first call: it defers scipy.linalg)

CHUNK = 1 << 15  # rows per partial sum: enough work per task, few partial arrays
# Below this many agent rows, waking a second thread for each phase costs more than it saves. Measured on two
# cores (5 December 2026), 64 quarters: 30,000 rows (scale 1) about equal on one thread and two (0.36-0.6 s),
# 100,000 rows 0.91-0.96 s on one and 0.79-0.81 s on two, 300,000 rows 2.4-2.7 s and 1.6 s. It was 500,000
# while OpenBLAS's idle threads spun beside the phases (kernels.weighted_total): two threads were then slower.
PARALLEL_MIN_ROWS = 50_000


def use_threads_for(rows: int) -> None:
    """Run the compiled phases on all cores for large populations, on one for small ones.

    Results do not depend on the number of threads (see the module docstring), only the speed.
    """
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS if rows >= PARALLEL_MIN_ROWS else 1)


def compiled(parallel: bool = False):
    """numba's ``njit`` as the phases use it: cached on disk (compile once per machine), numpy error model."""
    return njit(cache=True, nogil=True, parallel=parallel, error_model="numpy")


def array_bundle(population: type, name: str):
    """For a population dataclass of arrays (``Households``, ``Firms``): a NamedTuple type ``name`` with the
    same fields, which compiled phases take (numba takes no dataclasses), and a function that bundles an
    instance's arrays into it. Assign the type to ``name`` in the population's module: it belongs there."""
    bundle = NamedTuple(name, [(f.name, np.ndarray) for f in fields(population)])
    bundle.__module__ = population.__module__  # numba's cache pickles the type by reference
    get = attrgetter(*bundle._fields)  # all fields in one call: a quarter makes ~25 bundles
    return bundle, lambda instance: bundle._make(get(instance))


# ------------------------------------------------------------------ counter-based random numbers
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def event_key(seed: int, quarter: int, event: int) -> np.uint64:
    """The key of one random event of one quarter: hashes (seed, quarter, event) with numpy's SeedSequence."""
    return np.random.SeedSequence([int(seed) & 0xFFFFFFFF, int(seed) >> 32, int(quarter), int(event)]).generate_state(1, np.uint64)[0]


@dataclass(frozen=True)
class Draws:
    """The random draws of one quarter of one run: each named event gets its own key."""

    seed: int
    quarter: int

    def key(self, event: str) -> np.uint64:
        """Key of an event (by name; the name's CRC-32 makes the event number, stable across versions)."""
        return event_key(self.seed, self.quarter, zlib.crc32(event.encode()))


@njit(cache=True, inline="always")
def uniform(key, row):
    """A uniform draw in [0, 1) for one agent row of one event: SplitMix64 of the key and the row."""
    z = np.uint64(key) + (np.uint64(row) + np.uint64(1)) * _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    return np.float64(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, inline="always")
def normal(key, row):
    """A standard normal draw for one agent row (Box-Muller on two uniforms of the row)."""
    u1 = uniform(key, 2 * row)
    u2 = uniform(key, 2 * row + 1)
    return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


@njit(cache=True, inline="always")
def fires(key, row, hazard):
    """Bernoulli draw for a per-quarter hazard rate: probability 1 - exp(-hazard); negative counts as zero."""
    return uniform(key, row) < -math.expm1(-max(hazard, 0.0))


@compiled(parallel=True)
def _uniforms(key, n):
    out = np.empty(n)
    for i in prange(n):
        out[i] = uniform(key, i)
    return out


@compiled(parallel=True)
def _hazard_draws(key, hazard):
    out = np.empty(hazard.shape[0], dtype=np.bool_)
    for i in prange(hazard.shape[0]):
        out[i] = fires(key, i, hazard[i])
    return out


def uniforms(key: np.uint64, n: int) -> np.ndarray:
    """The uniform draws of rows 0..n-1 for one event (the same numbers the compiled phases draw)."""
    return _uniforms(np.uint64(key), n)


def hazard_draw(key: np.uint64, hazard: np.ndarray) -> np.ndarray:
    """Bernoulli draw for each row's per-quarter hazard (probability 1 - exp(-hazard))."""
    return _hazard_draws(np.uint64(key), np.ascontiguousarray(hazard, dtype=np.float64))


# ------------------------------------------------------------------ chunked reductions
@njit(cache=True, inline="always")
def n_chunks(n):
    return max(1, (n + CHUNK - 1) // CHUNK)


@njit(cache=True, inline="always")
def chunk_rows(c, n):
    return c * CHUNK, min(n, (c + 1) * CHUNK)


@compiled()
def add_partials(partials):
    """Add per-chunk partial sums (chunks, ...) in chunk order."""
    out = partials[0].copy()
    for c in range(1, partials.shape[0]):
        out += partials[c]
    return out


@compiled(parallel=True)
def _group_sum(values, groups, n_groups):
    n = values.shape[0]
    partials = np.zeros((n_chunks(n), n_groups))
    for c in prange(partials.shape[0]):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            partials[c, groups[i]] += values[i]
    return add_partials(partials)


@compiled(parallel=True)
def _weighted_total(weights, values):
    n = values.shape[0]
    partials = np.zeros((n_chunks(n), 1))
    for c in prange(partials.shape[0]):
        lo, hi = chunk_rows(c, n)
        total = 0.0
        for i in range(lo, hi):
            total += weights[i] * values[i]
        partials[c, 0] = total
    return add_partials(partials)[0]


def weighted_total(weights: np.ndarray, values: np.ndarray) -> float:
    """The sum of ``weights * values`` (compiled, chunked): the same bits on any machine and number of threads.
    A BLAS dot product (``weights @ values``) is not: OpenBLAS splits a long one among its threads, so the
    model's numbers depended on the machine's cores, and picks its kernel by CPU; and its idle threads spin,
    which made two replications at once each 2.5 times slower (issue 14)."""
    return float(_weighted_total(np.ascontiguousarray(weights, dtype=np.float64),
                                 np.ascontiguousarray(values, dtype=np.float64)))


def group_sum(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum of ``values`` within each group index 0..n_groups-1 (compiled, chunked, parallel)."""
    return _group_sum(np.ascontiguousarray(values, dtype=np.float64), np.ascontiguousarray(groups), int(n_groups))


def group_mean(values: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
               empty: float = 0.0) -> np.ndarray:
    """Weighted mean within each group; ``empty`` where a group has no weight."""
    total = group_sum(weights, groups, n_groups)
    s = group_sum(values * weights, groups, n_groups)
    out = np.full(n_groups, empty, dtype=float)
    np.divide(s, total, out=out, where=total > 0)
    return out


def safe_ratio(num: np.ndarray, den: np.ndarray, empty: float = 0.0) -> np.ndarray:
    """num / den where den > 0, ``empty`` elsewhere."""
    return np.divide(num, den, out=np.full(np.shape(num), empty, dtype=float), where=den > 0)


@njit(cache=True, inline="always")
def choose_column(cumulative, row, u):
    """The column a uniform draw ``u`` picks from row ``row`` of a table of cumulative probabilities:
    the first column whose cumulative probability ``u`` does not exceed (the last if it exceeds all)."""
    last = cumulative.shape[1] - 1
    k = 0
    while k < last and u > cumulative[row, k]:
        k += 1
    return k


@compiled()
def _choose_rows(uniform, cumulative, rows):
    out = np.empty(rows.shape[0], dtype=np.int64)
    for i in range(rows.shape[0]):
        out[i] = choose_column(cumulative, rows[i], uniform[i])
    return out


def choose_rows(uniform: np.ndarray, cumulative: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each agent, pick a column from its row of a cumulative probability table with its uniform draw."""
    return _choose_rows(np.asarray(uniform, dtype=np.float64), np.ascontiguousarray(cumulative, dtype=np.float64),
                        np.asarray(rows))


# ------------------------------------------------------------------ ranks without a full sort
HISTOGRAM_BINS = 1 << 14  # value bins of the rank histogram; only rows in bins that straddle a cut are sorted


@compiled(parallel=True)
def _bin_index(values, lo, hi, bins):
    n = values.shape[0]
    out = np.empty(n, dtype=np.int32)
    width = (hi - lo) / bins
    for i in prange(n):
        b = int((values[i] - lo) / width) if width > 0 else 0
        out[i] = min(max(b, 0), bins - 1)
    return out


@compiled(parallel=True)
def _assign_by_bin(bin_group, bins, out):
    for i in prange(bins.shape[0]):
        g = bin_group[bins[i]]
        if g >= 0:
            out[i] = g


def _value_bins(values: np.ndarray) -> np.ndarray:
    values = np.ascontiguousarray(values, dtype=np.float64)
    lo, hi = float(values.min()), float(values.max())
    return _bin_index(values, lo, np.nextafter(hi, np.inf), HISTOGRAM_BINS)


def leading_rows(values: np.ndarray, weights: np.ndarray, target: float, tie: np.ndarray | None = None) -> np.ndarray:
    """Rows that lead the ascending order of ``values`` until their cumulative weight passes ``target``.

    The rows whose cumulative weight, in ascending order of value (ties by
    ``tie``, else by row), is at most ``target``. Exact without sorting
    everyone: rows in histogram bins wholly below the bin where the target
    falls lead, rows in bins above do not, and only that one bin is sorted.
    """
    chosen = np.zeros(values.shape[0], dtype=bool)
    if values.shape[0] == 0:
        return chosen
    bins = _value_bins(values)
    through = np.cumsum(group_sum(weights, bins, HISTOGRAM_BINS))
    b = int(np.searchsorted(through, target, side="right"))  # first bin that does not fit whole
    chosen[bins < b] = True
    if b < HISTOGRAM_BINS:
        rows = np.flatnonzero(bins == b)
        keys = (values[rows],) if tie is None else (tie[rows], values[rows])
        order = rows[np.lexsort(keys)]
        before = through[b - 1] if b > 0 else 0.0
        chosen[order[before + np.cumsum(weights[order]) <= target]] = True
    return chosen


def weighted_value_at(values: np.ndarray, weights: np.ndarray, target: float) -> float:
    """The value of the first row, in ascending order of value (ties by row), at which the cumulative
    weight reaches ``target``; the largest value if it never does. Sorts only one histogram bin."""
    bins = _value_bins(values)
    through = np.cumsum(group_sum(weights, bins, HISTOGRAM_BINS))
    b = int(np.searchsorted(through, target, side="left"))
    if b >= HISTOGRAM_BINS:
        return float(values.max())
    rows = np.flatnonzero(bins == b)
    order = rows[np.argsort(values[rows], kind="stable")]
    before = through[b - 1] if b > 0 else 0.0
    k = min(int(np.searchsorted(before + np.cumsum(weights[order]), target, side="left")), order.size - 1)
    return float(values[order[k]])


def weighted_quantile_groups(values: np.ndarray, weights: np.ndarray, n_groups: int) -> np.ndarray:
    """Assign each agent to one of ``n_groups`` weighted quantile groups (0 = lowest).

    An agent's position is the weight of all agents ranked below it plus half
    its own, over the total (ties ranked by row); its group is
    ``floor(n_groups * position)``. Computed exactly without sorting everyone:
    a weighted histogram over value bins gives each bin's range of positions,
    every agent of a bin that lies within one group gets that group, and only
    the agents of the few bins that straddle a cut are sorted.
    """
    n = values.shape[0]
    groups = np.empty(n, dtype=np.int8)
    if n == 0:
        return groups
    values = np.ascontiguousarray(values, dtype=np.float64)
    bins = _value_bins(values)
    bin_weight = group_sum(weights, bins, HISTOGRAM_BINS)
    below = np.concatenate(([0.0], np.cumsum(bin_weight)))
    total = below[-1]
    first = np.minimum((below[:-1] / total * n_groups).astype(np.int64), n_groups - 1)
    last = np.minimum((below[1:] / total * n_groups).astype(np.int64), n_groups - 1)
    bin_group = np.where(first == last, first, -1).astype(np.int8)
    _assign_by_bin(bin_group, bins, groups)
    for b in np.flatnonzero(bin_group < 0):  # straddling bins: rank their agents exactly
        rows = np.flatnonzero(bins == b)
        order = rows[np.argsort(values[rows], kind="stable")]
        cum = below[b] + np.cumsum(weights[order])
        position = (cum - 0.5 * weights[order]) / total
        groups[order] = np.minimum((position * n_groups).astype(np.int8), n_groups - 1)
    return groups


def saturating_index(stock: np.ndarray | float, half_point: float) -> np.ndarray | float:
    """Map a non-negative stock to 0-1; equals 0.5 at ``half_point``."""
    return stock / (stock + half_point)
