"""Provinces' and regions' own lever budgets in a run: the money reaches the province, counts in the public
accounts like national lever money, changes the province's own outcome more than the others', and both engines
spend it alike."""
from __future__ import annotations

import numpy as np
import pytest

from model.core.categories import LEVERS
from model.engines.fast import VietnamEconomy
from model.engines.reference import HouseholdAgent, ReferenceEconomy
from model.experiments.run import Job, run
from model.measure.accounts import province_table, quarterly_table
from model.scenario import load_scenario, scenario_from_dict
from test_reference import SCALE, _same_state

LAI_CHAU = next(i for i, p in enumerate(VietnamEconomy(load_scenario("baseline"), scale=0.02).geo.provinces)
                if p.name_ascii == "Lai Chau")


def _with_money(start: int = 2016, extra: dict | None = None):
    return scenario_from_dict({"title": "Lai Chau's own skills and networks money", "extends": "baseline", **(extra or {}),
                               "provinces": {"Lai Chau": {"levers": {"skills": {"budget_pct_grdp": {start: 1.0}},
                                                                     "infrastructure": {"budget_pct_grdp": {start: 1.0}}}}}})


def _province_rows(m, year):
    return [r for r in province_table(m, m.records, m.snapshots, m.params.vnd_per_usd) if r["year"] == year]


def test_the_money_goes_to_the_province_and_into_the_lever_spending():
    m = VietnamEconomy(_with_money(start=2015), seed=2, scale=0.1)
    m.policy_and_budgets()
    for lever in LEVERS:
        agency = m.national_agencies[lever]
        own = m.place_lever_budgets(lever)
        expected = np.zeros(m.geo.n)
        if lever != "institutions":
            expected[LAI_CHAU] = 1.0 / 100 * m.province_gdp_annual[LAI_CHAU] / 4
        np.testing.assert_allclose(own, expected)
        assert agency.national_budget == pytest.approx(m.lever_budget(lever))
        assert agency.budget == pytest.approx(agency.national_budget + own.sum())  # what spend_<lever>_vnd_bn reads
        assert m.provincial_governments[LAI_CHAU].own[lever] == pytest.approx(expected[LAI_CHAU])
    assert m.public_spending == pytest.approx(sum(a.budget for a in m.national_agencies.values()))


def test_nothing_is_spent_before_the_first_point_and_the_identities_hold():
    m = run(Job(load_scenario("lagging_provinces"), seed=3, scale=0.1, end_year=2027))
    base = run(Job(load_scenario("baseline"), seed=3, scale=0.1, end_year=2027))
    rows, base_rows = (quarterly_table(x.records, x.params, x.params.vnd_per_usd) for x in (m, base))
    debt = m.params.public_debt_2015_pct_gdp / 100.0 * m.gdp0
    for r, b in zip(rows, base_rows):
        if r["year"] < 2026:  # the region's money starts in 2026: the run is the baseline's to the bit
            assert r["spend_total_vnd_bn"] == b["spend_total_vnd_bn"] and r["gdp_vnd_bn"] == b["gdp_vnd_bn"]
        else:
            assert r["spend_skills_vnd_bn"] > b["spend_skills_vnd_bn"]
        spending = r["spend_total_vnd_bn"] + r["public_primary_spending_vnd_bn"] + r["public_interest_vnd_bn"]
        assert r["public_deficit_vnd_bn"] == pytest.approx(spending - r["public_revenue_vnd_bn"], rel=1e-12, abs=1e-6)
        assert r["public_debt_vnd_bn"] == pytest.approx(debt + r["public_deficit_vnd_bn"], rel=1e-12)
        debt = r["public_debt_vnd_bn"]
    a, b = m.annual_by_year()[2027], base.annual_by_year()[2027]
    assert a["public_deficit_pct_gdp"] > b["public_deficit_pct_gdp"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_own_money_raises_the_provinces_spending_and_outcomes_more_than_the_others(seed):
    end = 2019  # before the pandemic, when a budget set on last quarter's GRDP is near the year's share
    treated = run(Job(_with_money(), seed=seed, scale=0.2, end_year=end))
    control = run(Job(load_scenario("baseline"), seed=seed, scale=0.2, end_year=end))
    t, c = _province_rows(treated, end), _province_rows(control, end)
    others = np.arange(treated.geo.n) != LAI_CHAU

    def change(column):
        return np.array([x[column] - y[column] for x, y in zip(t, c)])

    for lever in ("skills", "infrastructure"):
        d = change(f"spend_{lever}_pct_grdp")
        assert d[LAI_CHAU] == pytest.approx(1.0, rel=0.05)  # its own 1 percent of GRDP a year
        assert np.abs(d[others]).max() < 0.05
    # Its own outcomes: fibre coverage, and skill (the mean: at this scale Lai Chau has a few dozen households,
    # so the share above the basic threshold moves in steps; courses raise everyone's skill a little)
    for column, least in (("fibre_coverage_pct", 1.0), ("mean_digital_skill", 0.005)):
        d = change(column)
        assert d[LAI_CHAU] > least and d[LAI_CHAU] > np.abs(d[others]).max(), column


def test_both_engines_spend_place_budgets_alike():
    """The phases without random draws, with a province's and a region's own money from 2015: every household,
    firm, condition, account and provincial spending column agrees (as test_reference.py's phase test)."""
    s = _with_money(start=2015, extra={
        "regions": {"Mekong River Delta": {"levers": {"institutions": {"budget_pct_grdp": {2015: 0.5}}}}},
        "parameters": {"firm_productivity_volatility": 0.0, "structural_exit_rate": 0.0, "core_hiring_rate": 0.0,
                       "exit_rate": 0.0}})
    fast, ref = VietnamEconomy(s, seed=5, scale=SCALE), ReferenceEconomy(s, seed=5, scale=SCALE)
    households = ref.agents_by_type[HouseholdAgent]
    for q in range(4):
        for phase in ("policy_and_budgets", "infrastructure_and_programmes"):
            getattr(fast, phase)()
            getattr(ref, phase)()
            _same_state(fast, ref, f"quarter {q}: {phase}")
        assert fast.provincial_governments[LAI_CHAU].own["skills"] > 0.0
        for lever in LEVERS:
            np.testing.assert_allclose([g.received_this_year[lever] for g in ref.provincial_governments],
                                       [g.received_this_year[lever] for g in fast.provincial_governments], rtol=1e-9)
        fast.learning()
        ref.prepare_household_quarter()
        households.do("learn")
        households.do("update_trust")
        for phase in ("demography", "labour_market", "production", "accounts"):
            getattr(fast, phase)()
            getattr(ref, phase)()
        _same_state(fast, ref, f"quarter {q}: accounts")
        a, b = fast.records[-1].values, ref.records[-1].values
        for key in a:
            assert b[key] == pytest.approx(a[key], rel=1e-6, abs=1e-9), (q, key)
        if q == 3:
            fast.year_end()
            ref.year_end()
            for key, values in fast.snapshots[-1].provinces.items():
                np.testing.assert_allclose(ref.snapshots[-1].provinces[key], values, rtol=1e-6, err_msg=key)
            assert fast.snapshots[-1].provinces["spend_skills_pct_grdp"][LAI_CHAU] > 1.0
        fast.quarter += 1
        ref.quarter += 1
