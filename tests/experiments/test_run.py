"""One way to run: a job is (scenario, parameters, seed, scale, end year, engine)."""
from __future__ import annotations

import dataclasses
import pickle

import pytest

from model.engines.fast import VietnamEconomy
from model.experiments.parallel import Runner
from model.experiments.run import Job, annual, run
from model.scenario import load_scenario

SMALL = dict(seed=3, scale=0.05)


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


def test_a_job_runs_to_its_end_year_with_its_parameters(baseline):
    m = run(Job(baseline, {"upgrade_hazard": 0.05}, end_year=2018, **SMALL))
    assert isinstance(m, VietnamEconomy) and m.finished
    assert sorted(m.annual_by_year()) == list(range(2015, 2019))
    assert m.params.upgrade_hazard == 0.05
    assert m.scenario.parameters["upgrade_hazard"] == 0.05 and "upgrade_hazard" not in baseline.parameters


def test_the_same_job_gives_the_same_numbers_as_building_the_model_by_hand(baseline):
    by_hand = VietnamEconomy(dataclasses.replace(baseline, end_year=2017), seed=3, scale=0.05)
    by_hand.run()
    # repr: the first year's growth columns are NaN, which == would call different
    assert repr(annual(Job(baseline, end_year=2017, **SMALL))) == repr(by_hand.annual_by_year())


def test_annual_rows_and_by_year_agree(baseline):
    m = run(Job(baseline, end_year=2016, **SMALL))
    rows = m.annual_rows()
    assert [int(r["year"]) for r in rows] == [2015, 2016]
    # exactly equal; the causal column is NaN without a counterfactual twin, and NaN is not equal to itself
    assert m.annual_by_year()[2016] == pytest.approx(rows[1], rel=0, abs=0, nan_ok=True)


def test_before_quarter_can_intervene(baseline):
    seen = []
    run(Job(baseline, end_year=2015, **SMALL), before_quarter=lambda m: seen.append(m.quarter))
    assert seen == [0, 1, 2, 3]


def test_a_job_pickles_and_the_runner_needs_the_function(baseline):
    job = Job(baseline, end_year=2015, **SMALL)
    assert pickle.loads(pickle.dumps(job)) == job
    with Runner(1) as runner:
        assert repr(runner.map([job], annual)) == repr([annual(job)])
        with pytest.raises(TypeError):
            runner.map([job])  # no default function: the caller says what to run
