"""The counterfactual behind the causal digital contribution.

The satellite account's contribution of digital value added to growth is accounting: it counts value added
that was counted elsewhere before, and digital value added that would have grown anyway. What digital
transformation causes is growth less growth in a world where it stopped: ``frozen_digital`` is the scenario
with digital adoption (skills, connections, online use, firms' maturity and digital capital, digital-firm
entry) held where it was at the end of ``FROZEN_AFTER`` and the levers (budgets, coordination, inclusion,
policy switches) held at that year's levels (their stocks keep building at that pace: institutions, data
sharing and networks still move); ``causal_contribution`` compares a run with the same run of it on the same seed (common random
numbers), so the column is zero when nothing digital changes.
"""
from __future__ import annotations

import dataclasses

from model.scenario.types import LeverBudget, Scenario, YearPath

FROZEN_AFTER = 2025  # the last year of data: from 2026 the plan's years


def last_quarter(year: int) -> float:
    """The time of a year's last quarter (2025.75 = 2025Q4)."""
    return year + 0.75


def held_after(path: YearPath, year: int) -> YearPath:
    """The path as it is up to the end of ``year`` (its last quarter), flat from then on."""
    last = last_quarter(year)
    return YearPath(tuple(p for p in path.points if p[0] < last) + ((last, path.value(last)),))


def held_budget(budget: LeverBudget, year: int) -> LeverBudget:
    """A lever's budget held after ``year``; a path in another unit that takes over later is dropped, one that
    took over by then is held in its own unit."""
    then = budget.then
    if then is None or then.path.points[0][0] > last_quarter(year):
        return LeverBudget(budget.unit, held_after(budget.path, year))
    return dataclasses.replace(budget, then=held_budget(then, year))


def frozen_digital(scenario: Scenario, year: int = FROZEN_AFTER) -> Scenario:
    """``scenario`` with digital adoption and the levers held at their ``year`` levels from the year after."""
    budgets = {lever: held_budget(b, year) for lever, b in scenario.budgets.items()}
    # Provinces' own money: held where it was spending by the end of the year, dropped where it starts later.
    last = last_quarter(year)
    places = tuple(dataclasses.replace(b, budget=held_budget(b.budget, year))
                   for b in scenario.place_budgets if b.budget.path.points[0][0] <= last)
    switches = {name: (when if when is not None and when < year + 1 else None)
                for name, when in scenario.switches.items()}
    return dataclasses.replace(scenario, name=f"{scenario.name} (digital frozen after {year})", budgets=budgets,
                               coordination=held_after(scenario.coordination, year),
                               inclusion=held_after(scenario.inclusion, year), switches=switches, place_budgets=places,
                               digital_frozen_after=year)


def has_counterfactual(scenario: Scenario, year: int = FROZEN_AFTER) -> bool:
    """Whether the scenario runs past ``year`` from before it (else there is nothing to compare)."""
    return scenario.start_year <= year < scenario.end_year


__all__ = ["FROZEN_AFTER", "frozen_digital", "has_counterfactual", "held_after", "last_quarter"]
