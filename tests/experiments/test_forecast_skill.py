"""model.experiments.forecast_skill: scores worked by hand, simple forecasters that read no future."""
import itertools
import math

import numpy as np
import pytest

from model.experiments import forecast_skill as fs


def test_crps_of_a_sample_is_its_definition():
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=25), 0.3
    by_pairs = np.mean(np.abs(x - y)) - 0.5 * np.mean([abs(a - b) for a, b in itertools.product(x, x)])
    assert fs.crps_sample(x, y) == pytest.approx(by_pairs, rel=1e-12)
    assert fs.crps_sample([2.0], 5.0) == 3.0  # one value: the absolute error


def test_crps_of_a_normal_matches_its_closed_form_and_a_large_sample():
    # N(0, 1) at its mean: 2 phi(0) - 1 / sqrt(pi) = 0.23369
    assert fs.Forecast(0.0, 1.0).crps(0.0) == pytest.approx(2 / math.sqrt(2 * math.pi) - 1 / math.sqrt(math.pi))
    draws = np.random.default_rng(1).normal(1.0, 2.0, 20_000)
    assert fs.Forecast(1.0, 2.0).crps(2.5) == pytest.approx(fs.crps_sample(draws, 2.5), rel=0.02)
    assert fs.Forecast(1.0, 0.0).crps(2.5) == 1.5


def test_ar1_recovers_an_exact_process_and_reads_nothing_after_its_origin():
    values = [6.0]  # g = 2 + 0.5 g_{-1}, started off its mean of 4
    for _ in range(9):
        values.append(2.0 + 0.5 * values[-1])
    history = dict(zip(range(2010, 2020), values))
    f = fs.ar1_forecast(history, 2016, 2)
    expected = 2.0 + 0.5 * (2.0 + 0.5 * history[2016])
    assert f.mean == pytest.approx(expected) and f.sd == pytest.approx(0.0, abs=1e-9)
    later = history | {2017: 100.0, 2018: -50.0, 2025: 3.0}
    assert fs.ar1_forecast(later, 2016, 2) == f
    assert fs.ar1_forecast({2015: 1.0, 2016: 2.0, 2017: 3.0}, 2017, 1) is None  # too few years


def test_ar1_variance_grows_with_the_horizon_as_its_formula_says():
    history = dict(zip(range(2010, 2020), [6.0, 7.1, 6.2, 6.9, 6.4, 7.3, 6.6, 7.0, 6.5, 7.2]))
    one, three = fs.ar1_forecast(history, 2019, 1), fs.ar1_forecast(history, 2019, 3)
    before, after = np.array(list(history.values())[:-1]), np.array(list(history.values())[1:])
    phi = np.polyfit(before, after, 1)[0]
    assert three.sd ** 2 == pytest.approx(one.sd ** 2 * (1 + phi ** 2 + phi ** 4))


def test_random_walk_with_drift_handles_gaps():
    history = {2017: 54.0, 2019: 63.0, 2020: 67.5}  # steps of 4.5 a year throughout
    f = fs.random_walk_forecast(history, 2021, 2)  # origin 2021 has no data: three years after 2020
    assert f.mean == pytest.approx(67.5 + 3 * 4.5) and f.sd == pytest.approx(0.0, abs=1e-12)
    noisy = {2017: 54.0, 2019: 63.0, 2020: 66.0}
    drift = 12.0 / 3
    variance = ((9.0 - 2 * drift) ** 2 / 2 + (3.0 - drift) ** 2) / 1
    g = fs.random_walk_forecast(noisy, 2020, 2)
    assert g.mean == pytest.approx(66.0 + 2 * drift) and g.sd == pytest.approx(math.sqrt(2 * variance))
    assert fs.random_walk_forecast({2019: 1.0, 2020: 2.0}, 2020, 1) is None


def test_scores_and_skill_by_hand():
    # GDP growth 2015-2019 known; the model's three runs say 5, 6, 7 in 2020 and 6, 6, 6 in 2021
    data = {2015: 6.0, 2016: 7.0, 2017: 6.0, 2018: 7.0, 2019: 6.0, 2020: 6.5, 2021: 9.0}
    runs = [{2020: {"gdp_growth_pct": a}, 2021: {"gdp_growth_pct": b}} for a, b in ((5, 6), (6, 6), (7, 6))]
    rows = fs.score_observations([("gdp_growth_pct", data)], runs, 2019)
    assert [(r["year"], r["horizon"]) for r in rows] == [(2020, 1), (2021, 2)]
    first = rows[0]
    assert first["model_median"] == 6.0 and first["model_abs_error"] == 0.5
    assert first["model_inside_90"] and first["model_inside_50"]  # 5.1-6.9 and 5.5-6.5 hold 6.5
    assert not rows[1]["model_inside_90"]  # every run says 6, the data 9
    assert rows[1]["model_crps"] == pytest.approx(3.0)
    # the AR(1) on 2015-2019 alternates: phi = -1, c = 13, so 2020 is 7 and 2021 is 6, with no residual
    assert first["simple_mean"] == pytest.approx(7.0) and rows[1]["simple_mean"] == pytest.approx(6.0)
    skill = {r["horizon"]: r for r in fs.skill_by_horizon(rows)}
    assert skill[1]["abs_error_ratio"] == pytest.approx(0.5 / 0.5)
    assert skill["all"]["observations"] == 2 and 3 not in skill
    assert fs.coverage(rows, "model")["90%"] == (1, 2)


def test_no_simple_forecast_with_too_few_data_before_the_origin():
    data = {2020: 12.7, 2021: 12.9, 2023: 12.9}
    runs = [{2023: {"digital_economy_share_pct": 10.0}}]
    (row,) = fs.score_observations([("digital_economy_share_pct", data)], runs, 2021)
    assert row["simple"].startswith("random walk with drift: too few data") and row["simple_crps"] is None
    assert fs.skill_by_horizon([row]) == [] and fs.coverage([row], "simple")["90%"] == (0, 0)
