"""Priors (model.core.priors): inside the registry's ranges, apart from the calibrated parameters, sourced."""
from __future__ import annotations

import numpy as np
import pytest

from model.core.params import PARAMETERS
from model.core.priors import HAND_SET, PRIORS, draw_priors
from model.experiments.calibrate import ESTIMATED


@pytest.mark.parametrize("name", list(PRIORS) + list(HAND_SET))
def test_each_prior_is_a_sourced_range_inside_the_registrys(name):
    prior, param = {**PRIORS, **HAND_SET}[name], PARAMETERS[name]
    assert prior.shape in ("uniform", "loguniform", "choice") and prior.source
    assert param.low <= prior.low < prior.high <= param.high
    assert prior.low <= param.default <= prior.high  # the model's value is one the prior allows
    if prior.shape == "loguniform":
        assert prior.low > 0


def test_calibrated_parameters_have_no_prior_here():
    """Their uncertainty comes from the calibration: drawing them twice would count it twice."""
    assert not set(PRIORS) & {e.name for e in ESTIMATED}
    assert not set(HAND_SET) & ({e.name for e in ESTIMATED} | set(PRIORS))  # the posterior infers each once


def test_draws_stay_in_range_depend_only_on_the_stream_and_skip_fixed_values():
    a = [draw_priors(np.random.default_rng(7)) for _ in range(2)]
    assert a[0] == a[1]
    many = [draw_priors(np.random.default_rng(k)) for k in range(200)]
    for name, prior in PRIORS.items():
        values = np.array([d[name] for d in many])
        assert values.min() >= prior.low and values.max() <= prior.high
        assert values.max() - values.min() > 0.5 * (prior.high - prior.low) * (0.3 if prior.shape == "loguniform" else 1)
        if prior.shape == "choice":  # only the two readings, each about half the time
            assert set(values) == {prior.low, prior.high} and 70 < np.sum(values == prior.high) < 130
    fixed = draw_priors(np.random.default_rng(7), {"basic_course_gain": 0.1})
    assert "basic_course_gain" not in fixed
    assert fixed["skills_cost_per_person"] == a[0]["skills_cost_per_person"]  # the same stream position


@pytest.mark.parametrize("name", ["skills_cost_per_person", "basic_course_gain"])  # loguniform, uniform
def test_a_prior_quantile_places_the_unit_interval_on_the_prior_as_a_draw_does(name):
    prior = PRIORS[name]
    assert prior.quantile(0.0) == pytest.approx(prior.low) and prior.quantile(1.0) == pytest.approx(prior.high)
    # a draw is the quantile of the stream's uniform number, bit for bit
    assert prior.draw(np.random.default_rng(11)) == prior.quantile(np.random.default_rng(11).random())
    middle = (prior.low * prior.high) ** 0.5 if prior.shape == "loguniform" else (prior.low + prior.high) / 2
    assert prior.quantile(0.5) == pytest.approx(middle)


def test_a_choice_is_one_of_two_readings_half_the_prior_each():
    prior = PRIORS["broadband_persistence"]
    assert prior.shape == "choice"
    assert prior.quantile(0.0) == prior.quantile(0.4999) == prior.low
    assert prior.quantile(0.5) == prior.quantile(1.0) == prior.high
    assert prior.draw(np.random.default_rng(11)) == prior.quantile(np.random.default_rng(11).random())
