"""Where the 2015 economy puts the digital core and how capable each provincial government is
(model.rules.initialise): from the provinces' digital-economy shares and the digital-transformation index."""
from __future__ import annotations

import numpy as np
import pytest

from model.core.categories import AGRICULTURE, CORE_SUBSECTORS, DIGITAL_CORE, ICT_MANUFACTURING
from model.core.params import Parameters
from model.experiments.validation import spearman
from model.rules.initialise import (
    build_firms, build_geography, build_households, core_location, initial_conditions, sector_location,
    sector_value_added_shares,
)


@pytest.fixture(scope="module")
def set_up():
    p = Parameters()
    rng = np.random.default_rng(4)
    geo = build_geography(p)
    cond = initial_conditions(geo, p, 0.3, 0.1)
    hh = build_households(8_000, geo, p, rng, cond)
    return p, geo, build_firms(6_000, geo, hh, p, rng, cond)


def _by_name(geo, values):
    return {pr.name_ascii: v for pr, v in zip(geo.provinces, values)}


def test_capacity_follows_the_2024_digital_transformation_index():
    p = Parameters()
    geo = build_geography(p)
    ranks = _by_name(geo, geo.dti_rank)
    assert sorted(geo.dti_rank.tolist()) == list(range(1, geo.n + 1))
    assert {k: ranks[k] for k in ("Ha Noi", "Hue", "Hai Phong", "Ho Chi Minh", "Thanh Hoa", "Da Nang")} == {
        "Ha Noi": 1, "Hue": 2, "Hai Phong": 3, "Ho Chi Minh": 4, "Thanh Hoa": 5, "Da Nang": 17}
    assert {ranks[k] for k in ("Cao Bang", "Quang Tri", "Hung Yen")} == {32, 33, 34}
    capacity = _by_name(geo, geo.capacity)
    assert capacity["Ha Noi"] == pytest.approx(p.province_capacity_max)
    assert min(geo.capacity) == pytest.approx(p.province_capacity_min)
    assert capacity["Da Nang"] > capacity["Lai Chau"]  # Lai Châu has no published rank: it ranks by GRDP per head
    # the same capacities as ranking by GRDP per head gave, in another order
    evenly = np.linspace(p.province_capacity_min, p.province_capacity_max, geo.n)
    np.testing.assert_allclose(np.sort(geo.capacity), evenly)


def test_the_core_starts_where_the_data_put_it(set_up):
    p, geo, firms = set_up
    va = firms.weight * firms.value_added
    province_va = np.bincount(firms.province, weights=va, minlength=geo.n)
    core_va = np.bincount(firms.province, weights=va * (firms.sector == DIGITAL_CORE), minlength=geo.n)
    core_share = core_va / province_va
    known = geo.digital_share_known
    assert spearman(core_share[known], geo.digital_share[known]) > 0.8
    shares = _by_name(geo, core_share)
    top = sorted(shares, key=shares.get, reverse=True)[:3]
    assert "Bac Ninh" in top and "Thai Nguyen" in top
    # ICT manufacturing is most of the electronics hubs' core; software sits in the big cities
    ict = np.bincount(firms.province, weights=va * (firms.sector == DIGITAL_CORE)
                      * (firms.subsector == ICT_MANUFACTURING), minlength=geo.n)
    ict_share = _by_name(geo, ict / core_va)
    national = ict.sum() / core_va.sum()  # core_share_ict_manufacturing's share of the whole core
    assert ict_share["Bac Ninh"] > national + 0.2 and ict_share["Thai Nguyen"] > national + 0.2
    software = CORE_SUBSECTORS.index("software_services")
    soft = np.bincount(firms.province, weights=va * (firms.subsector == software), minlength=geo.n)
    assert set(sorted(_by_name(geo, soft), key=_by_name(geo, soft).get)[-2:]) == {"Ha Noi", "Ho Chi Minh"}


def test_placing_the_core_keeps_sector_totals_and_provincial_non_farm_output(set_up):
    p, geo, firms = set_up
    va = firms.weight * firms.value_added
    by_sector = np.bincount(firms.sector, weights=va)
    np.testing.assert_allclose(by_sector / by_sector.sum(), sector_value_added_shares(p), rtol=1e-9)
    # the strata's value added (before each firm's productivity luck): non-farm output keeps its GRDP share
    where, mix = sector_location(geo, p, farm_people=geo.population)
    sigma = sector_value_added_shares(p)
    nonfarm = np.delete(where * sigma, AGRICULTURE, axis=1).sum(axis=1)
    np.testing.assert_allclose(nonfarm / nonfarm.sum(), geo.grdp_share, rtol=1e-9)
    np.testing.assert_allclose(where.sum(axis=0), 1.0)
    np.testing.assert_allclose(mix.sum(axis=1), 1.0)
    location = core_location(geo, p)
    np.testing.assert_allclose(location.sum(axis=0), 1.0)
    assert (location >= 0).all()
