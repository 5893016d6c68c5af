"""One test per unsound economy the property tests found while building issue 11's macro core (each failed
before its fix)."""
from __future__ import annotations

from model.experiments.run import Job, run
from model.measure.soundness import soundness_problems
from model.rules.fiscal import MAX_BORROWING_DEBT_PCT
from model.scenario import scenario_from_dict

SCALE = 0.02


def _run(table: dict):
    model = run(Job(scenario_from_dict({"title": "finding", "extends": "baseline", **table}), scale=SCALE))
    problems = soundness_problems(model)
    assert not problems, "\n".join(problems[:10])
    return model


def test_decades_of_borrowed_budgets_stop_at_the_lenders_limit():
    """Budgets of 10 percent of GDP each, borrowed from 2015 to 2050, with the highest rate, the most
    sensitive rate and investment and the largest primary deficit: only the levers' borrowing stopped at the
    limit, so interest at the rate's 15 percent ceiling compounded the debt to thousands of percent of GDP and
    capital fell below half of GDP (a property-test draw alike). Now lenders stop for any deficit, and the
    debt ratio stays near the limit."""
    budget = {"budget_pct_gdp": {"2015": 10.0}}
    model = _run({"end_year": 2050,
                  "parameters": {"public_debt_real_rate": 0.1, "debt_rate_sensitivity": 0.002,
                                 "revenue_share_gdp": 0.1, "primary_spending_share_gdp": 0.15,
                                 "investment_interest_elasticity": 1.5, "depreciation": 0.1, "capital_return": 0.0},
                  "levers": {"infrastructure": budget, "skills": budget, "institutions": budget}})
    debt = [r["public_debt_pct_gdp"] for r in model.annual_rows()]
    assert max(debt) > MAX_BORROWING_DEBT_PCT  # the case does reach the limit
    assert max(debt) < MAX_BORROWING_DEBT_PCT + 15.0


def test_an_electronics_boom_cannot_triple_output_in_a_quarter():
    """A +219 percent electronics demand shock in 2037-2038, with ICT manufacturing's value added at the top
    of its elasticity range, gave 62 percent GDP growth in 2037: demand beyond full capacity now goes unmet."""
    shock = {"kind": "electronics_demand", "start": "2037Q2", "end": "2038Q4", "size": 219.0, "persistence": 0.0}
    model = _run({"end_year": 2040, "parameters": {"electronics_va_elasticity": 1.5}, "shocks": [shock]})
    growth = {r["year"]: r["gdp_growth_pct"] for r in model.annual_rows()}
    assert growth[2037] > growth[2035]  # the boom still lifts growth


def test_the_surge_bound_holds_back_booms_not_recoveries():
    """The shocks' lift on ICT-manufacturing demand rises at most MAX_DEMAND_SURGE over its level four quarters
    before (never held below 1: after a fall the factories are still there)."""
    from model.core.categories import ICT_MANUFACTURING
    from model.engines.fast import VietnamEconomy
    from model.rules.digital_core import MAX_DEMAND_SURGE
    from model.scenario import load_scenario
    market = VietnamEconomy(load_scenario("baseline"), seed=1, scale=SCALE).core_market

    def lift(shock: float) -> float:
        return market.demand(2030.0, market.demand0, 1.0, shock, 1.0, None)[ICT_MANUFACTURING]

    assert [lift(0.1) for _ in range(4)] == [0.1] * 4  # falls pass at once
    assert lift(1.0) == 1.0  # and so does the recovery
    boom = [lift(3.0) for _ in range(17)]
    assert boom[:4] == [MAX_DEMAND_SURGE] * 4  # the first year: full use of capacity
    assert boom[4] == MAX_DEMAND_SURGE ** 2 and boom[-1] == 3.0  # a year later new capacity, and met in the end
