"""The literature experiments: the broadband push raises penetration by what it says, other things equal."""
from __future__ import annotations

import dataclasses

import numpy as np

from model.experiments import validation
from model.core.categories import OFFLINE
from model.engines.fast import VietnamEconomy
from model.scenario import load_scenario


def test_bring_online_adds_the_points_asked_and_changes_nothing_else():
    m = VietnamEconomy(load_scenario("baseline"), seed=3, scale=0.3)
    hh = m.households
    before = {f.name: getattr(hh, f.name).copy() for f in dataclasses.fields(hh)}
    share = lambda: 100 * np.average(hh.connectivity != OFFLINE, weights=hh.people)  # noqa: E731
    s0 = share()
    added = validation.bring_online(m, 10.0)
    assert 9.5 < added <= 10.0
    assert abs(share() - s0 - added) < 1e-9
    for name, values in before.items():
        if name != "connectivity":
            np.testing.assert_array_equal(getattr(hh, name), values, err_msg=name)
    assert ((hh.connectivity != before["connectivity"]) <= (before["connectivity"] == OFFLINE)).all()


def test_the_broadband_push_raises_growth_in_its_year():
    first, _, later = validation.broadband_experiment(load_scenario("baseline"), [1, 2], 0.3)
    assert first > 0.3  # more people online: spillover, adoption and telecoms demand
    assert abs(later) < first  # a level effect, mostly in the year of the push


def test_the_replay_says_which_goal_is_missed():
    from model.experiments.validation import _goal_words
    assert _goal_words(0.6, 0.7, {2016: 1.3}, 1.5) == "Both goals are met."
    assert "mean miss is 0.10 pp above" in _goal_words(0.8, 0.7, {2016: 1.3}, 1.5)
    words = _goal_words(0.6, 0.7, {2016: 1.6, 2017: -0.2}, 1.5)
    assert "2016 (+1.60)" in words and "2017" not in words and "mean miss" not in words
