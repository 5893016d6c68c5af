"""What a scenario may say: its keys, ranges and units, and the checks that report every problem at once.

Each problem names the field, the value and what is allowed (``model.core.errors.Problem``); the reader
adds the file where the value was written, which matters when it was inherited through ``extends``.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import re
import unicodedata

from model.core.errors import Problem
from model.core.params import PARAMETERS, SET_UP_PARAMETERS, Parameters, consistency_problems
from model.core.categories import FINANCING
from model.core.data import GROWTH_KEYS, last_data_year, load_provinces
from model.scenario.types import LeverBudget, PlaceBudget, Shock, YearPath

LEVERS = ("infrastructure", "skills", "institutions")
LEVELS = ("coordination", "inclusion")  # cross-cutting levels 0-1, not budgets
SWITCHES = ("depa_membership", "data_economy_framework", "commercial_5g")

# kind -> ((lowest size, highest size), what the size means)
SHOCK_KINDS: dict[str, tuple[tuple[float, float], str]] = {
    "pandemic": ((0.0, 60.0), "per cent of output lost against the no-shock path"),
    "cyber_fraud": ((0.0, 50.0), "multiplier on fraud incidents"),
    "electronics_demand": ((-90.0, 300.0), "per cent change in export demand for ICT manufacturing"),
    "fdi_inflow": ((-90.0, 300.0), "per cent change in FDI inflows"),
}

MAX_BUDGET_PCT_GDP = 10.0  # one lever's public budget, per cent of GDP a year: several times any real
#                            digital budget (Vietnam's are well under 1%), yet rules out a typo of 100x
# budget key -> (unit code, low, high, unit words); a lever uses exactly one. budget_vnd_bn's high is the
# loosest cap (10% of the highest 2015 GDP allowed); the cap checked is 10% of the scenario's own
# 2015 GDP (vnd_budget_cap), the same share budget_pct_gdp may take.
BUDGET_UNITS: dict[str, tuple[str, float, float, str]] = {
    "budget_pct_gdp": ("pct_gdp", 0.0, MAX_BUDGET_PCT_GDP, "per cent of GDP"),
    "budget_vnd_bn": ("vnd_bn", 0.0, MAX_BUDGET_PCT_GDP / 100 * PARAMETERS["gdp_2015_vnd_tn"].high * 1000,
                      "VND billion per year"),  # checked against vnd_budget_cap
}
# A province's or a region's own budget for a lever ([provinces."NAME".levers.LEVER]), per cent of its own GRDP
# a year, on top of the national path; the same cap as a national budget's share of GDP.
PLACE_BUDGET_UNITS: dict[str, tuple[str, float, float, str]] = {
    "budget_pct_grdp": ("pct_grdp", 0.0, MAX_BUDGET_PCT_GDP, "per cent of the province's own GRDP a year (for a "
                        "region, of its provinces' GRDP together), on top of the national budget"),
}
SUGGESTING_PROBLEMS = 100  # past this many problems, no "did you mean": comparing names costs time (difflib,
#                            seconds for a 1 MB file of typos), and only a screenful of problems is shown
SUGGESTED_KEY_CHARS = 100  # a longer unknown key gets no suggestion (no known name is near it)

TOP_KEYS = ("title", "extends", "start_year", "end_year", "seed", "levers", "switches", "shocks", "external", "fiscal",
            "parameters", "provinces", "regions")
# [external]: growth paths of the rest of the world after the data (model.rules.external), and the last data year read
EXTERNAL_KEYS = tuple(GROWTH_KEYS) + ("data_until",)
EXTERNAL_GROWTH_RANGE = (-50.0, 100.0)  # per cent a year, real: from a collapse to a doubling
# [fiscal]: how the levers' public money is paid for (model.rules.fiscal.FINANCING)
FISCAL_KEYS = ("financing",)
SHOCK_KEYS = ("kind", "start", "end", "size", "persistence")
FIRST_START_YEAR = LAST_START_YEAR = 2015  # the model's initial state is built for 2015 (the data's first year)
LAST_END_YEAR = 2050
TIME_RANGE = (1990, 2100)  # any date written in a scenario
DEFAULT_SEED = 42
# Largest seed: TOML's largest integer, so a seed given on the command line can also be written in a file.
MAX_SEED = 2**63 - 1
START_YEAR_WORDS = (f"{FIRST_START_YEAR} (the year the initial state describes)" if FIRST_START_YEAR == LAST_START_YEAR
                    else f"a whole year from {FIRST_START_YEAR} to {LAST_START_YEAR}")

_TIME = re.compile(r"(\d{4})(?:Q([1-4]))?", re.IGNORECASE)
_TIME_WORDS = f'a year such as 2027 or a quarter such as "2027Q1", from {TIME_RANGE[0]} to {TIME_RANGE[1]}'


class _Missing:
    """Marks a value that is not in the file; shows as (missing) in messages."""

    def __repr__(self) -> str:
        return "(missing)"


MISSING = _Missing()



# ------------------------------------------------------------------ checks
class _Checker:
    """Typed reads of raw values; each failure adds a Problem and returns None."""

    def __init__(self, origins: dict[str, str], top_file: str, complete: bool, problems: list[Problem]):
        self.origins = origins
        self.top_file = top_file  # where missing fields should be added
        self.complete = complete
        self.problems = problems
        self.start_year: int | None = None  # the run's, once read: lever paths start there

    def in_file(self, file: str) -> _Checker:
        """A checker for values known to come from one file (shared problem list)."""
        return _Checker({}, file, True, self.problems)

    def where(self, field: str) -> str:
        while field:
            if field in self.origins:
                return self.origins[field]
            field = field.rpartition(".")[0]
        return self.top_file

    def bad(self, field: str, value: object, allowed: str) -> None:
        self.problems.append(Problem(self.where(field), field, value, allowed))

    def present(self, field: str, value: object, required: bool, allowed: str) -> bool:
        if value is not MISSING:
            return True
        if required and self.complete:
            self.problems.append(Problem(self.top_file, field, MISSING, f"required: {allowed}"))
        return False

    def table(self, field, value, keys, *, required=False, what="a table", unknown_words=None) -> dict | None:
        if not self.present(field, value, required, what):
            return None
        if not isinstance(value, dict):
            self.bad(field, value, what)
            return None
        words = unknown_words or f"unknown key; allowed: {', '.join(keys)}"
        for key, item in value.items():
            if key not in keys:
                self.bad(_join(field, key), item, words + self.suggest(key, keys))
        return value

    def suggest(self, word: object, options) -> str:
        """"; did you mean ...?" while few problems are found (see SUGGESTING_PROBLEMS)."""
        return _suggest(word, options) if len(self.problems) < SUGGESTING_PROBLEMS else ""

    def number(self, field, value, low, high, unit, *, required=False, default=None) -> float | None:
        span = "" if math.isinf(low) and math.isinf(high) else f" from {_fmt(low)} to {_fmt(high)}"
        allowed = f"a number{span} ({unit})"
        if not self.present(field, value, required, allowed):
            return default
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
              and (isinstance(value, int) or math.isfinite(value))  # TOML allows nan and inf
              and low <= value <= high)  # compared as they are: a whole number may be too big for a float
        if not ok:
            self.bad(field, value, allowed + _hint(value))
            return None
        return float(value)

    def integer(self, field, value, low, high, words, *, required=False, default=None) -> int | None:
        if not self.present(field, value, required, words):
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
            self.bad(field, value, words + _hint(value))
            return None
        return value

    def time(self, field, value, *, end=False, required=False) -> float | None:
        if not self.present(field, value, required, _TIME_WORDS):
            return None
        t = _parse_time(value, end=end)
        if t is None:
            self.bad(field, value, _TIME_WORDS)
        return t

    def year_path(self, field, value, low, high, unit, *, required=False, first_year: int | None = None
                  ) -> YearPath | None:
        """A path of dated points; ``first_year``: the run's start, before which a lever's point is refused
        (a policy point before the run starts is never in force; a typo for a later year, most likely)."""
        what = "a table of year = value, e.g. { 2015 = 0.1, 2025 = 0.15 }"
        if not self.present(field, value, required, what):
            return None
        if not isinstance(value, dict) or not value:
            self.bad(field, value, what + _hint(value))
            return None
        points: dict[float, str] = {}
        values = []
        for key, item in value.items():
            t = _parse_time(key)
            v = self.number(_join(field, key), item, low, high, unit)
            if t is None:
                self.bad(_join(field, key), key, f'a year from {TIME_RANGE[0]} to {TIME_RANGE[1]} '
                                                 f'(or a quarter such as 2025Q4) as the key')
            elif first_year is not None and t < first_year:
                self.bad(_join(field, key), key, f"a year from the run's start_year ({first_year}) on: a point "
                                                 f"before the run starts is never in force")
                t = None
            elif t in points:
                self.bad(_join(field, key), item, f"one point per time; {points[t]} is the same time, keep one")
            elif v is not None:
                points[t] = key
                values.append((t, v))
        if len(values) != len(value):
            return None
        return YearPath(tuple(sorted(values)))

    def title(self, value) -> None:
        """Each file must tell its own story, so the title is checked per file, not inherited."""
        words = "a one-line story in quotes, e.g. \"Current policies continued\""
        if self.present("title", value, True, words) and not (
                isinstance(value, str) and value.strip() and "\n" not in value.strip()):
            self.bad("title", value, words)


def _check_merged(c: _Checker, merged: dict) -> dict:
    """Check everything except shocks and titles; return the Scenario fields found."""
    c.table("", merged, TOP_KEYS)
    start = c.integer("start_year", merged.get("start_year", MISSING), FIRST_START_YEAR, LAST_START_YEAR,
                      START_YEAR_WORDS, required=True)
    c.start_year = start
    first_end = (start or FIRST_START_YEAR) + 1
    after = f"after start_year ({start})" if start else f"from {first_end}"
    end = c.integer("end_year", merged.get("end_year", MISSING), first_end, LAST_END_YEAR,
                    f"a whole year {after}, up to {LAST_END_YEAR}", required=True)
    seed = c.integer("seed", merged.get("seed", MISSING), 0, MAX_SEED, "a whole number from 0 to 2**63 - 1",
                     default=DEFAULT_SEED)

    vnd_cap, vnd_words = vnd_budget_cap(merged.get("parameters"))
    levers = c.table("levers", merged.get("levers", {}), LEVERS + LEVELS,
                     what="a [levers.NAME] table for each of: " + ", ".join(LEVERS + LEVELS)) or {}
    budgets = {}
    national_units = dict(BUDGET_UNITS)
    unit, low, _, _ = national_units["budget_vnd_bn"]
    national_units["budget_vnd_bn"] = (unit, low, vnd_cap, vnd_words)
    for lever in LEVERS:
        budget = _lever_budget(c, f"levers.{lever}", levers.get(lever, MISSING), national_units, "2015 = 0.1, 2025 = 0.15")
        if budget is not None:
            budgets[lever] = budget
    levels = {}
    for level in LEVELS:
        field = f"levers.{level}"
        table = c.table(field, levers.get(level, MISSING), ("level",), required=True,
                        what=f"a [{field}] table with level = {{ 2015 = 0.3 }}")
        if table is not None:
            levels[level] = c.year_path(f"{field}.level", table.get("level", MISSING), 0.0, 1.0,
                                        "0 = none, 1 = full", required=True, first_year=start)

    raw_switches = c.table("switches", merged.get("switches", {}), SWITCHES, what="a [switches] table") or {}
    switches = {}
    for name in SWITCHES:
        value = raw_switches.get(name, False)
        if value is False:
            switches[name] = None
        elif (t := _parse_time(value)) is not None:
            switches[name] = t
        else:
            c.bad(f"switches.{name}", value, _TIME_WORDS + ", or false (never)")

    external_growth, data_until = _check_external(c, merged.get("external", {}), start)
    fiscal = c.table("fiscal", merged.get("fiscal", {}), FISCAL_KEYS, what="a [fiscal] table") or {}
    financing = fiscal.get("financing", FINANCING[0])
    if not (isinstance(financing, str) and financing in FINANCING):
        c.bad("fiscal.financing", financing, "one of: " + ", ".join(f'"{f}"' for f in FINANCING)
              + " (how the levers' public money is paid for; default borrowing)" + c.suggest(financing, FINANCING))
        financing = FINANCING[0]

    raw_params = c.table("parameters", merged.get("parameters", {}), PARAMETERS, what="a [parameters] table",
                         unknown_words="unknown parameter; docs/model.md lists them all") or {}
    parameters, changes = _check_parameters(c, raw_params, start)

    return dict(start_year=start, end_year=end, seed=seed, budgets=budgets,
                coordination=levels.get("coordination"), inclusion=levels.get("inclusion"),
                switches=switches, parameters=parameters, parameter_changes=changes,
                external_growth=external_growth, data_until=data_until,
                financing=financing, place_budgets=_check_places(c, merged))


def _lever_budget(c: _Checker, field: str, raw: object, units: dict[str, tuple[str, float, float, str]],
                  example: str) -> LeverBudget | None:
    """One lever's budget table: exactly one of ``units`` (key -> (unit code, low, high, unit words)), a path
    over years within its range. National levers ([levers.NAME]) and the provinces' and regions' own budgets
    ([provinces."NAME".levers.LEVER]) are read by this one function."""
    keys = tuple(units)
    table = c.table(field, raw, keys, required=True, what=f"a [{field}] table with {keys[0]} = {{ {example} }}")
    if table is None:
        return None
    given = [k for k in keys if k in table]
    if len(given) > 1:
        # Both units from different files: a child switched unit (model.scenario.reader), and its path takes
        # over from its first point; from one file, which one holds would be a guess.
        if len(given) != 2 or c.where(f"{field}.{given[0]}") == c.where(f"{field}.{given[1]}"):
            c.bad(field, given, f"one budget per lever: either {' or '.join(keys)}, not both")
            return None
        budgets = [_budget_path(c, field, k, table[k], units) for k in given]
        if None in budgets:
            return None
        # the path the child switched to starts later (reader._drop_unit_switches keeps the parent's unit to
        # points before it)
        first, then = sorted(budgets, key=lambda b: b.path.points[0][0])
        return dataclasses.replace(first, then=then)
    if not given:
        others = f" (or {', '.join(keys[1:])})" if len(keys) > 1 else ""
        c.present(f"{field}.{keys[0]}", MISSING, True, f"{keys[0]} = {{ year = value, ... }}{others}")
        return None
    return _budget_path(c, field, given[0], table[given[0]], units)


def _budget_path(c: _Checker, field: str, key: str, raw: object, units: dict[str, tuple[str, float, float, str]]
                 ) -> LeverBudget | None:
    unit, low, high, words = units[key]
    path = c.year_path(f"{field}.{key}", raw, low, high, words, first_year=c.start_year)
    return None if path is None else LeverBudget(unit, path)


# ------------------------------------------------------------------ provinces' and regions' own budgets
def _fold_name(name: str) -> str:
    """A place name as compared: Unicode-normalised (NFC), case and runs of spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def province_names() -> dict[str, int]:
    """Every way a scenario may name a province -> its index in model.core.data.load_provinces(): the Vietnamese
    name ("Bắc Ninh"), the ASCII one ("Bac Ninh") and the code as in the data ("24"), case and spaces ignored."""
    names: dict[str, int] = {}
    for i, pr in enumerate(load_provinces()):
        for name in (pr.name, pr.name_ascii, pr.code):
            names[_fold_name(name)] = i
    return names


def region_names() -> dict[str, tuple[int, ...]]:
    """Each of the six statistical regions (case and spaces ignored) -> the indices of its provinces."""
    out: dict[str, list[int]] = {}
    for i, pr in enumerate(load_provinces()):
        out.setdefault(pr.region, []).append(i)
    return {region: tuple(idx) for region, idx in sorted(out.items())}


def _quote_origins(c: _Checker, plain: str, quoted: str) -> None:
    """Let fields written with a quoted name (provinces."Bắc Ninh".levers) find the file that wrote them, which
    the merge recorded under the plain dotted name (provinces.Bắc Ninh.levers)."""
    for field, file in list(c.origins.items()):
        if field == plain or field.startswith(plain + "."):
            c.origins[quoted + field[len(plain):]] = file


def _check_places(c: _Checker, merged: dict) -> tuple[PlaceBudget, ...]:
    """The [provinces."NAME".levers.LEVER] and [regions."NAME".levers.LEVER] tables: extra lever money a
    province (or each province of a region) spends of its own, per cent of its own GRDP a year."""
    provinces = load_provinces()
    by_name = province_names()
    regions = region_names()
    region_by_name = {_fold_name(r): r for r in regions}
    province_list = "; ".join(f"{pr.name} ({pr.name_ascii}, {pr.code})" for pr in provinces)
    out: list[PlaceBudget] = []
    for key, kind in (("provinces", "province"), ("regions", "region")):
        table = merged.get(key, {})
        if not isinstance(table, dict):  # the names are checked below, not as keys of a fixed list
            c.bad(key, table, f'a [{key}."NAME".levers.LEVER] table')
            continue
        seen: dict[object, str] = {}
        for name, item in table.items():
            field = f'{key}."{name}"'  # as a planner writes it in a table header
            _quote_origins(c, _join(key, name), field)
            folded = _fold_name(name)
            if kind == "province":
                found = by_name.get(folded)
                allowed = (f"unknown province; give one of the 34 provinces by its name, its name without accents or "
                           f"its code: {province_list}")
                options = [pr.name for pr in provinces] + [pr.name_ascii for pr in provinces]
            else:
                found = region_by_name.get(folded)
                allowed = f"unknown region; give one of the six statistical regions: {', '.join(regions)}"
                options = list(regions)
            if found is None:
                c.bad(field, name, allowed + c.suggest(name, options))
                continue
            if found in seen:
                c.bad(field, name, f"the same {kind} as \"{seen[found]}\" in this scenario: write its budgets under "
                                   f"one name")
                continue
            seen[found] = name
            place = provinces[found].name if kind == "province" else found
            indices = (found,) if kind == "province" else regions[found]
            where = f'[{key}."{name}".levers.LEVER]'
            spec = c.table(field, item, ("levers",), what=f"a {where} table, LEVER one of: {', '.join(LEVERS)}")
            if spec is None:
                continue
            levers = c.table(_join(field, "levers"), spec.get("levers", MISSING), LEVERS, required=True,
                             what=f"a {where} table, LEVER one of: {', '.join(LEVERS)}") or {}
            for lever in LEVERS:
                if lever in levers:
                    budget = _lever_budget(c, _join(field, f"levers.{lever}"), levers[lever], PLACE_BUDGET_UNITS,
                                           "2026 = 0.3, 2030 = 0.5")
                    if budget is not None:
                        out.append(PlaceBudget(kind, place, lever, indices, budget))
    return tuple(out)


def _check_external(c: _Checker, raw: object, start: int | None) -> tuple[dict[str, YearPath], int | None]:
    """The [external] table: growth paths (per cent a year, real) of exports and FDI after the data, and the
    last data year a run reads (``data_until``; default the last year with data for every series)."""
    table = c.table("external", raw, EXTERNAL_KEYS, what="an [external] table") or {}
    paths = {}
    low, high = EXTERNAL_GROWTH_RANGE
    for key, name in GROWTH_KEYS.items():
        path = c.year_path(f"external.{key}", table.get(key, MISSING), low, high,
                           "per cent a year, real growth after the data")
        if path is not None:
            paths[name] = path
    last = last_data_year()
    first = (start or FIRST_START_YEAR) + 1
    data_until = c.integer("external.data_until", table.get("data_until", MISSING), first, last,
                           f"a whole year from {first} to {last} (the last data year the run reads; default {last})")
    return paths, data_until


def _check_parameters(c: _Checker, raw: dict, start: int | None
                      ) -> tuple[dict[str, float | None], tuple[tuple[float, str, float], ...]]:
    """[parameters]: each a number (from the start) or a table { year = value } (from each year on; a point
    at the start year is the value from the start). Parameters read only while the start year's economy is
    built (SET_UP_PARAMETERS) take a number. Returns (from the start, dated changes sorted by time)."""
    parameters: dict[str, float | None] = {}
    changes: list[tuple[float, str, float]] = []
    for name, value in raw.items():
        if (p := PARAMETERS.get(name)) is None:
            continue
        field = f"parameters.{name}"
        if not isinstance(value, dict):
            parameters[name] = c.number(field, value, p.low, p.high, p.unit)
        elif name in SET_UP_PARAMETERS:
            c.bad(field, value, f"a number: {name} is read only while the {start or FIRST_START_YEAR} economy is "
                                f"built, so it cannot change from a later year")
            parameters[name] = None
        elif (path := c.year_path(field, value, p.low, p.high, p.unit, first_year=start)) is None:
            parameters[name] = None
        else:
            for t, v in path.points:
                if start is not None and t <= start:
                    parameters[name] = v
                else:
                    changes.append((t, name, v))
    changes.sort()
    if None not in parameters.values():  # combinations are checked only once each value is in range
        values = Parameters().as_dict() | parameters  # the values a run starts from, calibrated estimates included
        checked = [dict(values)]
        for _, name, v in changes:  # and as each dated value comes into force
            values[name] = v
            checked.append(dict(values))
        reported = set()
        for values in checked:
            for name, allowed in consistency_problems(values):
                field = f"parameters.{name}"
                if field not in reported:
                    reported.add(field)
                    c.problems.append(Problem(c.origins.get(field, c.top_file), field, values[name], allowed))
    return parameters, tuple(changes)


def vnd_budget_cap(parameters: object) -> tuple[float, str]:
    """Highest budget_vnd_bn (VND billion a year) and the words that say why: MAX_BUDGET_PCT_GDP per cent
    of the scenario's 2015 GDP (``gdp_2015_vnd_tn``, its default unless the scenario sets a valid one).

    The same share as budget_pct_gdp's cap, of the one GDP known before the run (later GDP depends on the
    run); a bigger budget in a later year, when GDP has grown, can be given as budget_pct_gdp.
    """
    p = PARAMETERS["gdp_2015_vnd_tn"]
    gdp = parameters.get("gdp_2015_vnd_tn") if isinstance(parameters, dict) else None
    if not (isinstance(gdp, (int, float)) and not isinstance(gdp, bool) and p.low <= gdp <= p.high):  # nan: False
        gdp = p.default  # a bad value is reported by the parameters' own check
    cap = gdp * 1000 * MAX_BUDGET_PCT_GDP / 100  # VND trillion -> billion (in this order: exact)
    words = (f"VND billion per year: {_fmt(MAX_BUDGET_PCT_GDP)} per cent of 2015 GDP (gdp_2015_vnd_tn = "
             f"{_fmt(gdp)} VND trillion), the cap budget_pct_gdp has; for more in later years, when GDP has "
             f"grown, use budget_pct_gdp")
    return cap, words


def _check_shock(c: _Checker, number: int | None, raw: object,
                 run_years: tuple[int | None, int | None] = (None, None)) -> Shock | None:
    """Check one shock of one file; `number` counts that file's [[shocks]] from 1.

    `run_years` (start_year, end_year) of the scenario, None where unknown,
    catches a shock that starts after the run ends and so would do nothing.
    """
    if number is None:
        c.bad("shocks", raw, "shocks written as [[shocks]] tables (double brackets, one per shock)")
        return None
    field = f"shocks[{number}]"
    table = c.table(field, raw, SHOCK_KEYS, what="a [[shocks]] table")
    if table is None:
        return None
    kind = table.get("kind", MISSING)
    known = isinstance(kind, str) and kind in SHOCK_KINDS
    kind_words = "one of: " + ", ".join(SHOCK_KINDS)
    if c.present(f"{field}.kind", kind, True, kind_words) and not known:
        c.bad(f"{field}.kind", kind, kind_words + c.suggest(kind, SHOCK_KINDS))
    start = c.time(f"{field}.start", table.get("start", MISSING), required=True)
    end = c.time(f"{field}.end", table.get("end", MISSING), end=True, required=True)
    if start is not None and end is not None and end < start:
        c.bad(f"{field}.end", table["end"], f"a time no earlier than start ({table['start']})")
    first_year, last_year = run_years
    if start is not None and last_year is not None and start > last_year + 0.75:
        span = f"{first_year} to {last_year}" if first_year is not None else f"up to {last_year}"
        c.bad(f"{field}.start", table["start"], f"a time within the run ({span}, i.e. by {last_year}Q4); "
                                                f"this shock would start after the run ends")
    (low, high), unit = SHOCK_KINDS[kind] if known else ((-math.inf, math.inf), "its range depends on kind")
    size = c.number(f"{field}.size", table.get("size", MISSING), low, high, unit, required=True)
    persistence = c.number(f"{field}.persistence", table.get("persistence", MISSING), 0.0, 1.0,
                           "share of the shock that stays after it ends", default=0.0)
    if None in (start, end, size, persistence) or not known:
        return None
    return Shock(kind, start, end, size, persistence)




# ------------------------------------------------------------------ small helpers
def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _parse_time(value: object, *, end: bool = False) -> float | None:
    """Year fraction of 2020 / "2020" / "2020Q3"; a plain year as an end means its last quarter."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        year, quarter = value, None
    elif isinstance(value, str) and (m := _TIME.fullmatch(value.strip())):
        year, quarter = int(m[1]), (int(m[2]) if m[2] else None)
    else:
        return None
    if not TIME_RANGE[0] <= year <= TIME_RANGE[1]:
        return None
    if quarter is None:
        quarter = 4 if end else 1
    return year + (quarter - 1) / 4


def _suggest(word: object, options) -> str:
    if len(str(word)) > SUGGESTED_KEY_CHARS:
        return ""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _hint(value: object) -> str:
    """Explain the two type slips planners make most."""
    if isinstance(value, bool):
        return " (true/false is not a number)"
    if isinstance(value, str):
        try:
            float(value)
            return " (remove the quotes)"
        except ValueError:
            pass
    return ""


def _fmt(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"
