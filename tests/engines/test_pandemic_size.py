"""pandemic_size_factor scales the scenario file's pandemic shocks in both engines, and touches nothing before
them (issue 15: the size is a parameter so a backtest trained before 2020 does not know it)."""
from __future__ import annotations

import numpy as np
import pytest

from model.experiments.run import Job, annual
from model.scenario import load_scenario


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_smaller_pandemic_leaves_the_years_before_it_alone_and_lifts_2020(engine):
    scenario = load_scenario("baseline")
    scale = 0.05 if engine == "fast" else 0.01
    runs = {f: annual(Job(scenario, {"pandemic_size_factor": f}, 3, scale, 2020, engine)) for f in (0.0, 1.0)}
    before = {f: {y: row for y, row in rows.items() if y < 2020} for f, rows in runs.items()}
    assert len(before[1.0]) == 5
    np.testing.assert_equal(before[0.0], before[1.0])  # not a number before the pandemic moves (NaN equal to NaN)
    growth = {f: rows[2020]["gdp_growth_pct"] for f, rows in runs.items()}
    assert growth[0.0] > growth[1.0] + 1.5  # the file's 3.1 percent loss gone
