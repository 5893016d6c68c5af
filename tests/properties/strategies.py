"""Random valid scenarios: the one drawing code that the property tests and benchmarks/property_sweep.py share.

``scenario_table(pick)`` draws the plain dict of a scenario (what ``model.scenario.scenario_from_dict``
reads) covering everything a scenario may say: any subset of the parameters, each anywhere in its
documented range (often exactly at an end), lever budgets for all three levers in either unit across their full ranges with
1-3 points each, coordination and inclusion levels, switches on at any quarter or off, 0-3 shocks of any
kind, size and persistence, and an end year up to 2050. The draws go through ``pick``, which has
``uniform(lo, hi)``, ``integer(lo, hi)`` (inclusive) and ``chance(p)``: ``HypothesisPick`` (the property
tests: hypothesis shrinks failures) or ``NumpyPick`` (the sweep: fast, seeded). Drawing the logic once here
means the tests and the sweep cover the same space.

Parameter combinations the consistency rules refuse are repaired, not rejected (``consistent``): the
overrides the rule names are dropped (back to their defaults) until none remains, so every draw is a
valid scenario and hypothesis does not discard most examples.

This file lives with the tests (tests/ is on sys.path through conftest.py); the sweep adds this folder to
its path.
"""
from __future__ import annotations

from model.core.params import Parameters, PARAMETERS, consistency_problems
from model.scenario.schema import (
    BUDGET_UNITS, LAST_END_YEAR, LEVELS, LEVERS, SHOCK_KINDS, SWITCHES, vnd_budget_cap,
)

START = 2015
NAMES = tuple(PARAMETERS)
# Parameters whose consistency rules involve others: dropped together when a rule names one not overridden.
COUPLED_PREFIXES = ("gdp_share_2015_", "core_share_", "employment_share_2015_", "urban_share_2015", "rural_agriculture_share",
                    "init_basic_firms", "init_integrated_firms", "init_advanced_firms", "basic_skill_threshold",
                    "advanced_skill_threshold", "infra_weight_", "young_head_share", "old_head_share",
                    "firm_productivity_", "revenue_share_gdp", "primary_spending_share_gdp")


class NumpyPick:
    """Draws from a numpy Generator."""

    def __init__(self, rng):
        self.rng = rng

    def uniform(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi)) if hi > lo else float(lo)

    def integer(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(lo, hi + 1))

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)


class HypothesisPick:
    """Draws through hypothesis's ``data.draw`` (so failures shrink)."""

    def __init__(self, draw):
        from hypothesis import strategies as st
        self.draw, self.st = draw, st

    def uniform(self, lo: float, hi: float) -> float:
        return float(self.draw(self.st.floats(lo, hi, allow_nan=False, allow_infinity=False))) if hi > lo else float(lo)

    def integer(self, lo: int, hi: int) -> int:
        return int(self.draw(self.st.integers(lo, hi)))

    def chance(self, p: float) -> bool:
        return bool(self.draw(self.st.floats(0.0, 1.0)) < p)


def _value(pick, lo: float, hi: float) -> float:
    """Anywhere in [lo, hi], at an end a quarter of the time (edges are where models break)."""
    if pick.chance(0.25):
        return lo if pick.chance(0.5) else hi
    return pick.uniform(lo, hi)


def _quarter(pick, first: int, last: int) -> str:
    return f"{pick.integer(first, last)}Q{pick.integer(1, 4)}"


def consistent(overrides: dict[str, float]) -> dict[str, float]:
    """``overrides`` with the values the consistency rules refuse dropped (back to their defaults)."""
    out = dict(overrides)
    resolved = Parameters().as_dict()  # the values a run starts from: defaults and the calibrated estimates
    while problems := consistency_problems({**resolved, **out}):
        named = [name for name, _ in problems if name in out]
        # a rule naming a parameter the draw left alone: drop the drawn ones its words name
        named = named or [k for k in out if any(k in allowed for _, allowed in problems)]
        if named:
            for name in named:
                out.pop(name, None)
        else:
            kept = {k: v for k, v in out.items() if not k.startswith(COUPLED_PREFIXES)}
            assert kept != out, f"no drawn parameter to drop for {problems}"
            out = kept
    return out


def parameters(pick, max_overrides: int | None = None) -> dict[str, float]:
    """Any subset of the parameters (all of them a fifth of the time), each anywhere in its range."""
    if pick.chance(0.2) and max_overrides is None:
        names = NAMES
    else:
        k = pick.integer(0, min(len(NAMES), max_overrides or 30))
        names = sorted({NAMES[pick.integer(0, len(NAMES) - 1)] for _ in range(k)})
    return consistent({n: _value(pick, PARAMETERS[n].low, PARAMETERS[n].high) for n in names})


def scenario_table(pick, max_overrides: int | None = None, last_year: int = LAST_END_YEAR) -> dict:
    """A valid, self-contained scenario as a plain dict (``scenario_from_dict``)."""
    end = pick.integer(START + 1, last_year)
    table: dict = {"title": "property draw", "start_year": START, "end_year": end, "seed": pick.integer(0, 10_000)}
    table["parameters"] = parameters(pick, max_overrides)
    gdp_2015 = table["parameters"].get("gdp_2015_vnd_tn", PARAMETERS["gdp_2015_vnd_tn"].default)
    levers: dict = {}
    for lever in LEVERS:
        key = "budget_pct_gdp" if pick.chance(0.7) else "budget_vnd_bn"
        _, lo, hi, _ = BUDGET_UNITS[key]
        if key == "budget_vnd_bn":  # the schema caps VND budgets at the pct_gdp cap of 2015 GDP
            hi = min(hi, vnd_budget_cap(table["parameters"])[0])
        levers[lever] = {key: {_quarter(pick, START, LAST_END_YEAR): _value(pick, lo, hi)
                               for _ in range(pick.integer(1, 3))}}
    for level in LEVELS:
        levers[level] = {"level": {_quarter(pick, START, LAST_END_YEAR): _value(pick, 0.0, 1.0)
                                   for _ in range(pick.integer(1, 3))}}
    table["levers"] = levers
    table["switches"] = {name: (_quarter(pick, START, LAST_END_YEAR) if pick.chance(0.6) else False)
                         for name in SWITCHES}
    shocks = []
    for _ in range(pick.integer(0, 3)):
        kind = sorted(SHOCK_KINDS)[pick.integer(0, len(SHOCK_KINDS) - 1)]
        (lo, hi), _ = SHOCK_KINDS[kind]
        start = pick.integer(START, end)
        stop = pick.integer(start, min(end, start + 5))
        shocks.append({"kind": kind, "start": f"{start}Q{pick.integer(1, 4)}", "end": f"{stop}Q4",
                       "size": _value(pick, lo, hi), "persistence": _value(pick, 0.0, 1.0)})
    if shocks:
        table["shocks"] = shocks
    return table
