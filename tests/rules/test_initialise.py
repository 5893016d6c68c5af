"""The set-up (model.rules.initialise): how many rows a scale gives, and full scale as one row per real
household and per real firm."""
from __future__ import annotations

import numpy as np
import pytest

from model.core.categories import AGRICULTURE
from model.core.params import Parameters
from model.rules.initialise import (
    FULL_FARM_WEIGHT, FULL_SCALE, build_firms, build_geography, build_households, initial_conditions, sample_sizes,
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
