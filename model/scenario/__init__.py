"""Scenarios: the policy mix a planner wants to test.

``load_scenario`` reads a TOML file (or a shipped name); ``scenario_from_dict``
builds the same ``Scenario`` from a plain dict (what a browser form or a policy
search produces) through the same checks and messages. Value types live in
``types``, what is allowed in ``schema``, files and ``extends`` in ``reader``.
"""
from model.scenario.reader import SCENARIO_DIR, list_scenarios, load_scenario, resolve_path, scenario_from_dict
from model.scenario.schema import (
    BUDGET_UNITS, LEVELS, LEVERS, MISSING, SHOCK_KINDS, SWITCHES,
)
from model.scenario.types import LeverBudget, PlaceBudget, Scenario, Shock, YearPath

__all__ = ["SCENARIO_DIR", "BUDGET_UNITS", "LEVELS", "LEVERS", "MISSING", "SHOCK_KINDS", "SWITCHES",
           "LeverBudget", "PlaceBudget", "Scenario", "Shock", "YearPath", "list_scenarios", "load_scenario", "resolve_path",
           "scenario_from_dict"]
