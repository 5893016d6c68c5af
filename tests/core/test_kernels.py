"""The compiled kernels (model.core.kernels): counter-based random draws, chunked group sums and means,
weighted ranks and quantile groups, against hand-worked numbers and brute-force equivalents."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from model.core.kernels import (
    Draws, choose_rows, event_key, group_mean, group_sum, hazard_draw, leading_rows, saturating_index, uniforms,
    weighted_quantile_groups, weighted_value_at,
)


def test_group_sum_including_empty_groups():
    out = group_sum(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 2, 0, 2]), 4)
    np.testing.assert_array_equal(out, [4.0, 0.0, 6.0, 0.0])
    assert group_sum(np.array([]), np.array([], dtype=np.int64), 3).tolist() == [0.0, 0.0, 0.0]


def test_group_mean_is_weighted_and_empty_groups_get_the_fill_value():
    values = np.array([1.0, 3.0, 10.0, 7.0])
    groups = np.array([0, 0, 2, 3])
    weights = np.array([1.0, 3.0, 2.0, 0.0])  # group 3 has a row but no weight
    out = group_mean(values, groups, 4, weights, empty=-1.0)
    np.testing.assert_allclose(out, [(1 * 1 + 3 * 3) / 4, -1.0, 10.0, -1.0])
    assert group_mean(values, groups, 4, weights)[1] == 0.0  # default fill


def test_hazard_draw_zero_never_fires_huge_always_fires():
    key = event_key(0, 0, 0)
    assert not hazard_draw(key, np.zeros(10_000)).any()
    assert not hazard_draw(key, np.full(10_000, -3.0)).any()  # negative hazards count as zero
    assert hazard_draw(key, np.full(10_000, 50.0)).all()


def test_hazard_draw_frequency_is_one_minus_exp_minus_hazard():
    n = 200_000
    for event, h in enumerate((0.05, 0.3, 1.2)):
        p = 1 - math.exp(-h)
        freq = hazard_draw(event_key(123, 0, event), np.full(n, h)).mean()
        assert abs(freq - p) < 5 * math.sqrt(p * (1 - p) / n), (h, freq, p)


def test_counter_based_uniforms_are_uniform_independent_and_a_function_of_the_key():
    n = 100_000
    a = uniforms(event_key(7, 3, 1), n)
    assert a.min() >= 0.0 and a.max() < 1.0
    assert stats.kstest(a, "uniform").pvalue > 1e-3
    np.testing.assert_array_equal(a, uniforms(event_key(7, 3, 1), n))  # same key, same numbers
    np.testing.assert_array_equal(a[:10], uniforms(event_key(7, 3, 1), 10))  # a row's draw ignores n
    for other in (event_key(8, 3, 1), event_key(7, 4, 1), event_key(7, 3, 2)):  # seed, quarter, event
        b = uniforms(other, n)
        assert abs(np.corrcoef(a, b)[0, 1]) < 0.02 and (a != b).mean() > 0.999
    assert abs(np.corrcoef(a[:-1], a[1:])[0, 1]) < 0.02  # neighbouring rows are not correlated
    assert Draws(7, 3).key("connect") != Draws(7, 3).key("fibre")


def test_weighted_quantile_groups_equal_and_unequal_weights():
    got = weighted_quantile_groups(np.array([5.0, 1.0, 4.0, 2.0, 3.0]), np.ones(5), 5)
    assert got.tolist() == [4, 0, 3, 1, 2]
    # weights 8, 1, 1: mid-points of the cumulative weight are 0.4, 0.85, 0.95 of the total
    got = weighted_quantile_groups(np.array([1.0, 2.0, 3.0]), np.array([8.0, 1.0, 1.0]), 2)
    assert got.tolist() == [0, 1, 1]


def _quantile_groups_by_full_sort(values, weights, n_groups):
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    groups = np.empty(values.shape[0], dtype=np.int64)
    groups[order] = np.minimum(((cum - 0.5 * weights[order]) / cum[-1] * n_groups).astype(np.int64), n_groups - 1)
    return groups


def test_weighted_quantile_groups_match_a_full_sort_with_ties_and_skew():
    rng = np.random.default_rng(11)
    n = 300_000
    values = np.exp(2.0 * rng.standard_normal(n))
    values[rng.random(n) < 0.2] = 1.0  # a block of ties that straddles a cut
    weights = rng.random(n) * 3.0 + 0.1
    got = weighted_quantile_groups(values, weights, 5)
    want = _quantile_groups_by_full_sort(values, weights, 5)
    assert (got != want).sum() <= 2  # identical but for rounding at an exact cut


def test_leading_rows_match_a_full_sort_with_ties_broken_by_the_tie_key():
    rng = np.random.default_rng(12)
    n = 100_000
    values = np.exp(rng.standard_normal(n))
    values[:5000] = values[0]  # ties
    weights = rng.random(n) + 0.5
    tie = rng.random(n)
    for share in (0.0, 0.03, 0.45, 1.0):
        target = share * weights.sum()
        for key in (None, tie):
            order = np.argsort(values, kind="stable") if key is None else np.lexsort((key, values))
            want = np.zeros(n, dtype=bool)
            want[order[np.cumsum(weights[order]) <= target]] = True
            got = leading_rows(values, weights, target, tie=key)
            assert (got != want).sum() <= 1, (share, key is None)  # but for rounding at the target
    assert weighted_value_at(values, weights, 0.5 * weights.sum()) == pytest.approx(
        np.sort(values)[np.searchsorted(np.cumsum(weights[np.argsort(values, kind="stable")]), 0.5 * weights.sum())])


def test_saturating_index():
    assert saturating_index(0.004, 0.004) == pytest.approx(0.5)
    assert saturating_index(0.0, 0.004) == 0.0
    out = saturating_index(np.array([1.0, 3.0, 9.0]), 3.0)
    np.testing.assert_allclose(out, [0.25, 0.5, 0.75])


def test_choose_rows_picks_the_column_of_each_uniform_within_its_row():
    cumulative = np.array([[0.2, 0.5, 1.0], [0.0, 0.0, 1.0]])
    rows = np.array([0, 0, 0, 1, 0, 0])
    uniform = np.array([0.1, 0.3, 0.9, 0.5, 1.0, 0.2])
    assert choose_rows(uniform, cumulative, rows).tolist() == [0, 1, 2, 2, 2, 0]
    # a cumulative row that falls short of 1 through rounding still gives a valid column
    assert choose_rows(np.array([0.99999]), np.array([[0.5, 0.9999]]), np.array([0])).tolist() == [1]
