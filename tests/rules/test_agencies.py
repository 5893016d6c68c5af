"""The agencies (model.rules.agencies): budgets, fragmentation waste and what passes to the provinces."""
from __future__ import annotations

import dataclasses

import pytest

from model.engines.fast import VietnamEconomy
from model.scenario import YearPath, load_scenario


def _model_with_coordination(level: float) -> VietnamEconomy:
    s = load_scenario("baseline")
    s = dataclasses.replace(s, coordination=YearPath(((2015.0, level),)))
    return VietnamEconomy(s, seed=1, scale=0.05)


@pytest.mark.parametrize("level", [0.0, 0.5, 1.0])
def test_fragmentation_waste_depends_on_coordination(level):
    m = _model_with_coordination(level)
    p = m.params
    gdp = m.gdp_annual
    m.policy_and_budgets()
    for lever, agency in m.national_agencies.items():
        assert m.scenario.budgets[lever].unit == "pct_gdp"
        budget = m.scenario.budgets[lever].path.value(2015.0) / 100 * gdp / 4
        assert agency.budget == pytest.approx(budget)
        assert agency.wasted == pytest.approx(budget * p.fragmentation_waste * (1 - level))
        # what is not wasted goes to the provinces in the lever's provincial share
        passed = sum(g.inbox[lever] for g in m.provincial_governments)
        share = getattr(p, f"provincial_share_{lever}")
        assert passed == pytest.approx((budget - agency.wasted) * share)

    m = _model_with_coordination(level)  # a fresh model, stepped the usual way
    for _ in range(4):
        m.step()
    assert len(m.records) == 4
    for r in m.records:
        assert r.values["wasted_vnd_bn"] / r.values["spend_total_vnd_bn"] == pytest.approx(
            p.fragmentation_waste * (1 - level))
    if level == 1.0:
        assert all(r.values["wasted_vnd_bn"] == 0.0 for r in m.records)
