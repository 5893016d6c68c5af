"""The set-up (model.rules.initialise): how many rows a scale gives, and full scale as one row per real
household and per real firm."""
from __future__ import annotations

import numpy as np
import pytest

from model.core.categories import AGRICULTURE
from model.core.params import Parameters
from model.rules.firms import capital_share, productivity_process
from model.rules.initialise import (
    FULL_FARM_WEIGHT, FULL_SCALE, TFP_DISPERSION_RANGE, build_firms, build_geography, build_households,
    initial_conditions, lowest_rows, sample_sizes, stationary_productivity,
)


def test_full_scale_is_one_agent_per_real_household():
    p = Parameters()
    households, firms, one_per_firm = sample_sizes(FULL_SCALE, p, 34, 7)
    assert one_per_firm and households == round(p.population_2015_mn * 1e6 / p.household_size)
    assert sample_sizes(2.0, p, 34, 7) == (40_000, 20_000, False)


def test_full_scale_gives_weights_near_one_real_household_and_firm():
    p = Parameters({"enterprises_2015": 20_000, "household_businesses_2015": 60_000, "digital_enterprises_2015": 3_000,
                    "population_2015_mn": 0.5})  # a small country, so one row per household stays cheap
    rng = np.random.default_rng(0)
    geo = build_geography(p)
    cond = initial_conditions(geo, p, 0.3, 0.1)
    n_households, _, one_per_firm = sample_sizes(FULL_SCALE, p, geo.n, 7)
    hh = build_households(n_households, geo, p, rng, cond)
    assert one_per_firm and np.median(hh.weight) == pytest.approx(1.0, abs=0.05)  # one row per real household
    assert (hh.weight * hh.members).sum() == pytest.approx(p.population_2015_mn * 1e6)
    firms = build_firms(0, geo, hh, p, rng, cond, one_row_per_firm=True)
    nonfarm = firms.sector != AGRICULTURE
    assert firms.weight[nonfarm].sum() == pytest.approx(20_000 + 60_000 + 3_000)
    # each stratum is rounded to whole rows (at least one), so weights stay close to one real firm
    assert np.median(firms.weight[nonfarm]) == pytest.approx(1.0, abs=0.05)
    assert np.median(firms.weight[~nonfarm]) == pytest.approx(FULL_FARM_WEIGHT, rel=0.2)
    farm_households = (hh.weight * (hh.sector == AGRICULTURE)).sum()
    assert firms.weight[~nonfarm].sum() == pytest.approx(farm_households)


def _economy_2015(seed=1, n_households=8_000, n_firms=6_000, **overrides):
    p = Parameters(overrides)
    rng = np.random.default_rng(seed)
    geo = build_geography(p)
    cond = initial_conditions(geo, p, 0.3, 0.1)
    hh = build_households(n_households, geo, p, rng, cond)
    return p, build_firms(n_firms, geo, hh, p, rng, cond)


def _weighted_sd(x, w):
    mean = np.average(x, weights=w)
    return float(np.sqrt(np.average((x - mean) ** 2, weights=w)))


def test_start_year_productivity_dispersion_is_inside_its_data_range():
    p, firms = _economy_2015()
    rows = (firms.sector != AGRICULTURE) & ~firms.core & ~firms.household_business
    # TFP at set-up: value added over capital ** alpha (labour per firm is the same within a cell, and cells
    # differ little next to firms), within the broad sectors as the studies measure it within industries.
    alpha = capital_share(firms.sector, p)
    log_tfp = np.log(firms.value_added) - alpha * np.log(firms.capital)
    low, high = TFP_DISPERSION_RANGE
    for sector in np.unique(firms.sector[rows]):
        sel = rows & (firms.sector == sector)
        assert low <= _weighted_sd(log_tfp[sel], firms.weight[sel]) <= high, sector
    # The part that moves and drives exit is a share of it, not all of it.
    assert 0.1 < _weighted_sd(np.log(firms.productivity[rows]), firms.weight[rows]) < low


def test_start_productivity_is_what_the_rules_keep():
    """The burn-in's distribution is stationary: running the rules for more years leaves its mean and spread."""
    p = Parameters()
    rng = np.random.default_rng(4)
    x = np.log(stationary_productivity(20_000, p, rng)[0])
    process = productivity_process(p)
    leaving = int(round(p.exit_rate * x.size))
    means, sds = [], []
    for _ in range(15):
        for _ in range(4):
            x = process.rho * x + (1 - process.rho) * process.mu + process.sigma * rng.standard_normal(x.size)
        order = np.argsort(x)
        x[order[:leaving]] = np.log(np.mean(np.exp(x[order[leaving:]])))
        means.append(np.mean(np.exp(x)))
        sds.append(np.std(x))
    assert np.polyfit(np.arange(15), means, 1)[0] == pytest.approx(0.0, abs=0.002)  # no drift a year
    assert np.std(sds) < 0.01


def test_value_added_moves_with_productivity_and_capital_with_size():
    p, firms = _economy_2015(firm_size_dispersion=0.0)
    # With equal lasting sizes, firms of one stratum (province, sector, kind) hold equal capital and their
    # value added is proportional to their productivity (the stratum's sampled luck is not normalised away).
    stratum = (firms.province.astype(np.int64) * 100 + firms.sector * 10 + firms.household_business * 5
               + firms.subsector + 1)
    for k in np.unique(stratum):
        rows = stratum == k
        if rows.sum() < 2:
            continue
        np.testing.assert_allclose(firms.capital[rows], firms.capital[rows][0], rtol=1e-9)
        ratio = firms.value_added[rows] / firms.productivity[rows]
        np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)


def test_lowest_rows_are_a_stable_argsorts_first_rows():
    """The burn-in's exits (lowest_rows) are the rows a stable argsort ranks first, ties at the cut in row
    order, so replacing the argsort left every number of the set-up as it was."""
    rng = np.random.default_rng(7)
    for trial in range(500):
        n = int(rng.integers(1, 80))
        x = rng.integers(0, 4, n).astype(float) if trial % 2 else rng.standard_normal(n)  # ties, then none
        k = int(rng.integers(1, n + 1))
        expected = np.sort(np.argsort(x, kind="stable")[:k])
        assert np.array_equal(np.sort(lowest_rows(x, np.sort(x), k)), expected)
