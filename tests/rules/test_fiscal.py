"""Public finance (model.rules.fiscal): the identities every quarter, what financing does, and crowding out."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from conftest import params
from model.experiments.run import Job, run
from model.measure.accounts import quarterly_table
from model.rules.fiscal import PublicFinance, displaced_share, interest_investment_factor, real_rate
from model.scenario import load_scenario
from model.scenario.types import LeverBudget, YearPath


def _quarters(scenario, end_year=2020, scale=0.2, seed=3):
    m = run(Job(scenario, seed=seed, scale=scale, end_year=end_year))
    return m, quarterly_table(m.records, m.params, m.params.vnd_per_usd)


@pytest.mark.parametrize("idle", [False, True])
def test_deficit_and_debt_identities_hold_every_quarter(idle):
    """Also with the lever report's idle money (spent on nothing from 2017 here), which is in the deficit and its
    own column, not in the levers' spending."""
    scenario = load_scenario("three_breakthroughs")
    if idle:
        scenario = dataclasses.replace(scenario, idle_spending=LeverBudget("pct_gdp", YearPath(((2016.75, 0.0), (2017.0, 1.0)))))
    m, rows = _quarters(scenario)
    debt0 = m.params.public_debt_2015_pct_gdp / 100.0 * m.gdp0
    previous = debt0
    assert (max(r["idle_spending_vnd_bn"] for r in rows) > 0) == idle
    for r in rows:
        spending = (r["spend_total_vnd_bn"] + r["idle_spending_vnd_bn"] + r["public_primary_spending_vnd_bn"]
                    + r["public_interest_vnd_bn"])
        assert r["public_deficit_vnd_bn"] == pytest.approx(spending - r["public_revenue_vnd_bn"], rel=1e-12, abs=1e-6)
        assert r["public_debt_vnd_bn"] == pytest.approx(previous + r["public_deficit_vnd_bn"], rel=1e-12)
        previous = r["public_debt_vnd_bn"]


def _with_budgets(scenario, factor: float, financing: str = "borrowing"):
    budgets = {lever: LeverBudget(b.unit, YearPath(tuple((t, v * factor) for t, v in b.path.points)))
               for lever, b in scenario.budgets.items()}
    return dataclasses.replace(scenario, budgets=budgets, financing=financing)


def test_more_lever_spending_under_borrowing_raises_debt_and_the_rate():
    base = load_scenario("baseline")
    m_low, low = _quarters(_with_budgets(base, 1.0))
    m_high, high = _quarters(_with_budgets(base, 20.0))
    assert high[-1]["public_debt_pct_gdp"] > low[-1]["public_debt_pct_gdp"] + 1.0
    assert high[-1]["real_interest_rate_pct"] > low[-1]["real_interest_rate_pct"]
    assert m_high.interest_factor < m_low.interest_factor  # the higher rate holds investment back


def test_financing_choices_move_debt_as_they_should():
    base = load_scenario("baseline")
    debt = {f: _quarters(_with_budgets(base, 20.0, f))[1][-1]["public_debt_pct_gdp"]
            for f in ("borrowing", "taxes", "spending_cuts")}
    assert debt["borrowing"] > debt["taxes"] + 1.0
    assert debt["borrowing"] > debt["spending_cuts"] + 1.0


def test_higher_debt_raises_the_rate_and_crowds_out_more():
    p = params()
    ratios = np.linspace(20, 120, 11)
    rates = [real_rate(p, d, 48.8) for d in ratios]
    factors = [interest_investment_factor(p, r) for r in rates]
    assert all(np.diff(rates) > 0) and all(np.diff(factors) < 0)
    assert real_rate(p, 48.8, 48.8) == pytest.approx(p.public_debt_real_rate)
    assert interest_investment_factor(p, p.public_debt_real_rate) == pytest.approx(1.0)
    # 10 points more debt at 4 basis points a point: 0.4 points on the rate
    assert real_rate(p, 58.8, 48.8) - real_rate(p, 48.8, 48.8) == pytest.approx(10 * p.debt_rate_sensitivity)


def test_quarter_books_taxes_and_cuts():
    p = params(revenue_share_gdp=0.2, primary_spending_share_gdp=0.2, public_debt_real_rate=0.04,
               debt_rate_sensitivity=0.0, public_debt_2015_pct_gdp=50.0)
    for financing, deficit in (("borrowing", 10.0 + 5.0), ("taxes", 5.0), ("spending_cuts", 5.0)):
        f = PublicFinance.at_set_up(p, 1000.0, financing)  # debt 500
        f.quarter(p, 250.0, 10.0)  # revenue 50, other spending 50, interest 500 * 0.04 / 4 = 5
        assert f.deficit == pytest.approx(deficit)
        assert f.debt == pytest.approx(500.0 + deficit)
    assert PublicFinance.at_set_up(p, 1000.0, "taxes").displaced_by_financing(p, 10.0, 1000.0) == pytest.approx(
        p.tax_investment_share * 10.0)
    assert PublicFinance.at_set_up(p, 1000.0, "borrowing").displaced_by_financing(p, 10.0, 1000.0) == 0.0
    assert displaced_share(5.0, 10.0) == 0.5 and displaced_share(50.0, 10.0) == 0.9


def test_unknown_financing_is_refused():
    with pytest.raises(ValueError, match="financing"):
        PublicFinance.at_set_up(params(), 1000.0, "printing")


def test_past_the_lenders_limit_borrowing_turns_into_taxes():
    from model.rules.fiscal import MAX_BORROWING_DEBT_PCT
    p = params(revenue_share_gdp=0.2, primary_spending_share_gdp=0.2, public_debt_real_rate=0.0,
               debt_rate_sensitivity=0.0, fiscal_debt_response=0.0, public_debt_2015_pct_gdp=MAX_BORROWING_DEBT_PCT + 1.0)
    f = PublicFinance.at_set_up(p, 1000.0, "borrowing")
    f.quarter(p, 250.0, 10.0)
    assert f.paid_by == "taxes" and f.deficit == pytest.approx(0.0)
    assert f.displaced_by_financing(p, 10.0, 1000.0) == pytest.approx(p.tax_investment_share * 10.0)
    below = PublicFinance.at_set_up(params(public_debt_2015_pct_gdp=MAX_BORROWING_DEBT_PCT - 1.0), 1000.0, "borrowing")
    below.quarter(params(public_debt_2015_pct_gdp=MAX_BORROWING_DEBT_PCT - 1.0), 250.0, 10.0)
    assert below.paid_by == "borrowing"


def test_past_the_lenders_limit_no_deficit_is_borrowed_whatever_the_choice():
    """Interest at a high rate on debt past the limit: taxes close the whole gap (a sudden stop), and the
    taxes take their share of private investment the next quarter."""
    from model.rules.fiscal import MAX_BORROWING_DEBT_PCT
    p = params(revenue_share_gdp=0.2, primary_spending_share_gdp=0.22, public_debt_real_rate=0.08,
               debt_rate_sensitivity=0.0, fiscal_debt_response=0.0, public_debt_2015_pct_gdp=MAX_BORROWING_DEBT_PCT + 10.0)
    for financing in ("borrowing", "taxes", "spending_cuts"):
        f = PublicFinance.at_set_up(p, 1000.0, financing)
        debt = f.debt
        f.quarter(p, 250.0, 10.0)
        assert f.deficit == pytest.approx(0.0) and f.debt == pytest.approx(debt)
        gap = 250.0 * 0.02 + 0.08 * debt / 4.0  # the levers themselves are paid by taxes or cuts already
        assert f.consolidation == pytest.approx(gap)
        assert f.revenue - f.primary_spending - f.lever_spending - f.interest == pytest.approx(0.0)
        assert f.displaced_by_financing(p, 0.0, 1000.0) == pytest.approx(p.tax_investment_share * gap)


def test_debt_over_the_ceiling_raises_the_primary_balance():
    """A one-sided Bohn rule: nothing at or under the legal ceiling, fiscal_debt_response of GDP per point over it."""
    from model.core.data import public_debt_ceiling_pct
    ceiling = public_debt_ceiling_pct()
    assert ceiling == 60.0  # Public Debt Strategy to 2030 (data)
    base = dict(revenue_share_gdp=0.2, primary_spending_share_gdp=0.2, public_debt_real_rate=0.0,
                debt_rate_sensitivity=0.0, fiscal_debt_response=0.04)
    at = params(**base, public_debt_2015_pct_gdp=ceiling)
    f = PublicFinance.at_set_up(at, 1000.0, "borrowing")
    f.quarter(at, 250.0, 0.0)
    assert f.consolidation == 0.0 and f.deficit == pytest.approx(0.0)
    over = params(**base, public_debt_2015_pct_gdp=ceiling + 10.0)
    f = PublicFinance.at_set_up(over, 1000.0, "borrowing")
    f.quarter(over, 250.0, 0.0)
    assert f.consolidation == pytest.approx(0.04 * 10.0 / 100.0 * 250.0)
    assert f.deficit == pytest.approx(-f.consolidation)


def test_identities_hold_across_the_ceiling_and_the_lenders_limit():
    """Quarter after quarter from 55 to past 90 percent of GDP: both identities exact, and the levers paid by
    taxes in the very quarter the debt passes the limit (firms' investment and the books agree)."""
    from model.rules.fiscal import MAX_BORROWING_DEBT_PCT
    p = params(revenue_share_gdp=0.15, primary_spending_share_gdp=0.2, public_debt_real_rate=0.06,
               debt_rate_sensitivity=0.001, fiscal_debt_response=0.03, public_debt_2015_pct_gdp=55.0)
    f = PublicFinance.at_set_up(p, 1000.0, "borrowing")
    seen = set()
    for _ in range(80):
        debt, paying = f.debt, f.paying(1000.0)
        taxed = f.displaced_by_financing(p, 20.0, 1000.0) > p.tax_investment_share * f.consolidation
        f.quarter(p, 250.0, 20.0, 1000.0)
        assert f.deficit == pytest.approx(f.lever_spending + f.primary_spending + f.interest - f.revenue)
        assert f.debt == pytest.approx(debt + f.deficit)
        assert f.paid_by == paying and taxed == (paying == "taxes")
        seen.add(paying)
        if 100.0 * debt / 1000.0 > MAX_BORROWING_DEBT_PCT:
            assert f.deficit <= 1e-9
    assert seen == {"borrowing", "taxes"}
