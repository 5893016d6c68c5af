"""Vectorised group operations shared by the phases (no Python loop over agents)."""
from __future__ import annotations

import numpy as np


def group_sum(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum of ``values`` within each group index 0..n_groups-1."""
    return np.bincount(groups, weights=values, minlength=n_groups)


def group_mean(values: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
               empty: float = 0.0) -> np.ndarray:
    """Weighted mean within each group; ``empty`` where a group has no weight."""
    total = np.bincount(groups, weights=weights, minlength=n_groups)
    s = np.bincount(groups, weights=values * weights, minlength=n_groups)
    out = np.full(n_groups, empty, dtype=float)
    np.divide(s, total, out=out, where=total > 0)
    return out


def hazard_draw(rng: np.random.Generator, hazard: np.ndarray) -> np.ndarray:
    """Bernoulli draw for a per-quarter hazard rate (probability 1 - exp(-hazard))."""
    return rng.random(hazard.shape[0]) < -np.expm1(-np.maximum(hazard, 0.0))


def choose_rows(uniform: np.ndarray, cumulative: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each agent, pick a column from its row of a cumulative probability table with its uniform draw."""
    picked = (uniform[:, None] > cumulative[rows]).sum(axis=1)
    return np.minimum(picked, cumulative.shape[1] - 1)


def weighted_quantile_groups(values: np.ndarray, weights: np.ndarray, n_groups: int) -> np.ndarray:
    """Assign each agent to one of ``n_groups`` weighted quantile groups (0 = lowest)."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    position = (cum - 0.5 * weights[order]) / cum[-1]
    groups = np.empty(values.shape[0], dtype=np.int8)
    groups[order] = np.minimum((position * n_groups).astype(np.int8), n_groups - 1)
    return groups


def saturating_index(stock: np.ndarray | float, half_point: float) -> np.ndarray | float:
    """Map a non-negative stock to 0-1; equals 0.5 at ``half_point``."""
    return stock / (stock + half_point)
