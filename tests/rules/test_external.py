"""The rest of the world (model.rules.external) and demography (model.rules.demography): data, then paths."""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from conftest import params
from model.core import data as data_module
from model.experiments.run import Job, annual
from model.rules import demography
from model.rules.external import build_paths, observed_usd
from model.scenario import load_scenario
from model.scenario.types import YearPath


def test_paths_follow_the_data_then_the_scenario():
    p = params(dollar_price_growth=0.0)
    usd = observed_usd("electronics_exports")
    paths = build_paths(p, 2015, None, {"electronics_exports": YearPath(((2026.0, 10.0), (2030.0, 10.0)))})
    e = paths["electronics_exports"]
    for year in (2016, 2020, 2025):
        for quarter in range(4):
            assert e.index(year + quarter / 4) == pytest.approx(usd[year] / usd[2015])
    assert e.index(2027.5) == pytest.approx(usd[2025] / usd[2015] * 1.1 ** 2)
    # Without a path the series continues at its own mean real growth, shifted by external_growth_shift.
    shifted = build_paths(params(dollar_price_growth=0.0, external_growth_shift=0.01), 2015, None, {})["fdi"]
    trend = math.log(observed_usd("fdi")[2025] / observed_usd("fdi")[2015]) / 10
    assert shifted.index(2026.0) / shifted.index(2025.0) == pytest.approx(math.exp(trend) + 0.01)


def test_data_until_reads_nothing_later():
    early = build_paths(params(), 2015, 2019, {})["electronics_exports"]
    assert early.years[-1] == 2019
    full = build_paths(params(), 2015, None, {})["electronics_exports"]
    assert [early.index(y) for y in range(2015, 2020)] == pytest.approx([full.index(y) for y in range(2015, 2020)])
    assert early.index(2021.0) != pytest.approx(full.index(2021.0))


@pytest.fixture
def truncated_data(monkeypatch):
    """Drop every data row after ``year`` (all kinds), as a backtest's information set would."""
    def cut(year: int):
        rows = tuple(r for r in data_module.load_indicators() if r.year <= year)
        monkeypatch.setattr(data_module, "load_indicators", lambda path=None: rows)
        demography._path.cache_clear()
    yield cut
    demography._path.cache_clear()


def test_removing_data_after_a_year_changes_nothing_before_it(truncated_data):
    scenario = load_scenario("baseline")
    job = Job(scenario, seed=5, scale=0.2, end_year=2022)
    full = annual(job)
    truncated_data(2019)
    cut = annual(Job(dataclasses.replace(scenario), seed=5, scale=0.2, end_year=2022))
    for year in range(2015, 2020):
        np.testing.assert_equal(cut[year], full[year])  # bit for bit (NaN where there is no year before)
    assert cut[2021]["gdp_vnd_bn"] != full[2021]["gdp_vnd_bn"]


def _growth_2026_2030(external: dict) -> float:
    scenario = dataclasses.replace(load_scenario("baseline"), external_growth=external)
    runs = [annual(Job(scenario, seed=s, scale=0.3)) for s in (1, 2)]
    return float(np.mean([r[y]["gdp_growth_pct"] for r in runs for y in range(2026, 2031)]))


def test_a_stronger_export_path_raises_growth_and_a_weaker_one_lowers_it():
    def path(pct):
        return YearPath(((2026.0, pct),))
    default = _growth_2026_2030({})
    strong = _growth_2026_2030({"electronics_exports": path(25.0), "other_exports": path(20.0)})
    weak = _growth_2026_2030({"electronics_exports": path(-5.0), "other_exports": path(-5.0)})
    assert weak < default < strong


def test_demography_follows_wpp_with_ageing():
    assert demography.population_growth(2016) == pytest.approx(0.0129)
    assert demography.population_growth(2030) == pytest.approx(0.00474)
    assert demography.population_growth(2045) == demography.population_growth(2030)  # held after the data
    # The working-age share falls to 2025 and recovers a little by 2030 (WPP 2024 medium variant).
    shares = [demography.working_age_share(y) for y in range(2015, 2031)]
    assert shares[0] == pytest.approx(0.69556) and min(shares) < shares[0] - 0.015
    assert demography.working_age_index(2015.0, 2015.0) == 1.0
    assert demography.working_age_index(2015.75, 2015.0) == 1.0  # a year's quarters read that year only
