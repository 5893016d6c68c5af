"""Reading scenarios: TOML files (or plain dicts), ``extends`` chains, merging, then the schema's checks.

Reading is strict: every problem in the resolved scenario (unknown keys, wrong
types, values out of range, missing fields, bad syntax, broken ``extends``) is
collected and raised together as one :class:`ScenarioError`, so a planner can
fix a file in one pass. Each problem names the file where the bad value was
written, which matters when it was inherited from a parent file.
"""
from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

from model.core.errors import Problem, ScenarioError
from model.core.paths import SCENARIO_DIR
from model.scenario.schema import (
    BUDGET_UNITS, MISSING, _Checker, _check_merged, _check_shock, _join, _suggest,
)
from model.scenario.types import Scenario

_NAME = re.compile(r"[A-Za-z0-9_\-]+")  # a bare shipped-scenario name, not a path
_TOML_POSITION = re.compile(r"at line (\d+)")


# ------------------------------------------------------------------ public API
def load_scenario(ref: str | Path) -> Scenario:
    """Read, merge (``extends``) and check a scenario; raise ScenarioError listing every problem."""
    path = resolve_path(ref)
    problems: list[Problem] = []
    chain = _read_chain(path, problems)
    if not chain:  # the file itself could not be read
        raise ScenarioError(problems)
    return _resolve(chain, problems, name=path.stem, source=str(path))


def scenario_from_dict(table: dict, name: str = "custom", base_dir: str | Path | None = None) -> Scenario:
    """A ``Scenario`` from a plain dict with the fields a scenario file holds (what a browser form or a policy
    search produces), through the same checks and messages as a file.

    ``extends`` names a shipped scenario or a file relative to ``base_dir`` (default: the current folder).
    Problems name the source as ``<name>``; an invalid dict raises ScenarioError listing every problem.
    """
    source = f"<{name}>"
    if not isinstance(table, dict):
        raise ScenarioError([Problem(source, "(scenario)", table, "a dict of the fields a scenario file holds")])
    problems: list[Problem] = []
    chain = _extends_chain(source, _plain(table), Path(base_dir) if base_dir is not None else Path("."), [],
                           problems)
    return _resolve(chain, problems, name=name, source=source)


def _plain(value):
    """A deep copy with numpy scalars as Python numbers and tuples as lists, as TOML would give them."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and getattr(value, "shape", None) == ():  # a numpy scalar
        return value.item()
    return copy.deepcopy(value)


def _resolve(chain: list[tuple[str, dict]], problems: list[Problem], name: str, source: str) -> Scenario:
    """Merge a read chain (oldest ancestor first), check it, and build the Scenario."""
    # A broken chain leaves the merge incomplete: report only what is there,
    # not the "missing" fields the lost parent would have given.
    complete = not problems
    merged, origins, shocks = _merge_chain(chain, problems)
    checker = _Checker(origins, source, complete=complete, problems=problems)
    for file, table in chain:
        checker.in_file(file).title(table.get("title", MISSING))
    parts = _check_merged(checker, merged)
    run_years = (parts["start_year"], parts["end_year"])
    shock_list = tuple(_check_shock(checker.in_file(file), n, raw, run_years) for file, n, raw in shocks)
    if checker.problems:
        raise ScenarioError(checker.problems)
    resolved = {k: v for k, v in merged.items() if k != "extends"}
    resolved["shocks"] = [copy.deepcopy(raw) for _, _, raw in shocks]
    return Scenario(
        name=name, title=chain[-1][1]["title"].strip(), source=source,
        shocks=shock_list, resolved=resolved, **parts,
    )


def list_scenarios() -> list[tuple[str, str]]:
    """(name, title) of the shipped scenarios, sorted by name; a file that cannot be read says so."""
    out = []
    for path in sorted(SCENARIO_DIR.glob("*.toml")):
        table = _read_toml(path, [])
        title = table.get("title") if table else None
        out.append((path.stem, title.strip() if isinstance(title, str) else "(cannot read this scenario file)"))
    return out


def resolve_path(ref: str | Path) -> Path:
    """Shipped name ("baseline") -> scenarios/baseline.toml; otherwise a file path. Missing -> ScenarioError."""
    found = _locate(ref, None)
    if found is None:
        raise ScenarioError([Problem(str(ref), "scenario", str(ref), _where_to_find(ref))])
    return found


# ------------------------------------------------------------------ files and extends
def _shipped_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def _locate(ref: str | Path, base_dir: Path | None) -> Path | None:
    """First existing file among: the shipped scenario of that name, the path, the path + .toml."""
    candidates = []
    if isinstance(ref, str) and _NAME.fullmatch(ref):
        candidates.append(SCENARIO_DIR / f"{ref}.toml")
    path = Path(ref) if base_dir is None else Path(base_dir, ref)
    candidates.append(path)
    if not path.suffix:
        candidates.append(path.with_name(path.name + ".toml"))
    return next((p for p in candidates if p.exists()), None)


def _where_to_find(ref: str | Path, base_dir: Path | None = None) -> str:
    names = _shipped_names()
    relative = f" (relative to {base_dir})" if base_dir is not None else ""
    return (f"no such scenario; give the name of a shipped scenario ({', '.join(names)}) "
            f"or the path of a .toml file{relative}{_suggest(Path(ref).stem, names)}")


def _read_toml(path: Path, problems: list[Problem]) -> dict | None:
    """The file's table, or None with a problem saying why it cannot be used."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as e:
        problems.append(Problem(str(path), "(file)", str(path), f"cannot read the file: {e.strerror or e}"))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(str(path), "(file)", str(path), "cannot read the file: it is not UTF-8 text"))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        lines = text.splitlines() or [""]
        m = _TOML_POSITION.search(str(e))
        line = int(m[1]) if m else len(lines)  # tomllib says "at end of document" otherwise
        bad_line = lines[line - 1] if line <= len(lines) else ""
        problems.append(Problem(str(path), f"line {line}", bad_line.strip(), f"valid TOML syntax ({e})"))
        return None


def _read_chain(path: Path, problems: list[Problem]) -> list[tuple[str, dict]]:
    """The file and its ``extends`` ancestors as (file, table), oldest ancestor first."""
    table = _read_toml(path, problems)
    if table is None:
        return []
    return _extends_chain(str(path), table, path.parent, [path.resolve()], problems)


def _extends_chain(source: str, table: dict, base_dir: Path, seen: list[Path],
                   problems: list[Problem]) -> list[tuple[str, dict]]:
    """``table`` (read from ``source``) and its ``extends`` ancestors, oldest first; ``seen``: files on the way."""
    chain: list[tuple[str, dict]] = [(source, table)]
    while True:
        ref = table.get("extends")
        if ref is None:
            break
        if not isinstance(ref, str) or not ref.strip():
            problems.append(Problem(source, "extends", ref,
                                    "the name of a shipped scenario or the path of a .toml file, in quotes"))
            break
        parent = _locate(ref.strip(), base_dir)
        if parent is None:
            problems.append(Problem(source, "extends", ref, _where_to_find(ref.strip(), base_dir)))
            break
        if parent.resolve() in seen:
            loop = " -> ".join(p.name for p in [*seen, parent.resolve()])
            problems.append(Problem(source, "extends", ref,
                                    f"a scenario that does not extend itself; this loops: {loop}"))
            break
        table = _read_toml(parent, problems)
        if table is None:
            break
        source, base_dir = str(parent), parent.parent
        seen.append(parent.resolve())
        chain.append((source, table))
    chain.reverse()
    return chain


def _merge_chain(chain: list[tuple[str, dict]], problems: list[Problem]):
    """Deep-merge the files, child over parent; collect shocks in order.

    Returns (merged table without shocks, origins: dotted field -> file that
    wrote it, shocks as (file, number within that file from 1, raw table);
    the number is None when the file's ``shocks`` is not a list of tables).
    A child that gives a lever's budget in another unit than its parent adds
    a problem to ``problems`` (its path is not merged).
    """
    merged: dict = {}
    origins: dict[str, str] = {}
    shocks: list[tuple[str, int | None, object]] = []
    for file, table in chain:
        own = {k: v for k, v in table.items() if k != "shocks"}
        own = _drop_unit_switches(merged, own, file, problems)
        _merge(merged, own, file, origins, "")
        raw = table.get("shocks")
        if isinstance(raw, list):
            shocks += [(file, n, item) for n, item in enumerate(raw, 1)]
        elif raw is not None:  # e.g. [shocks] instead of [[shocks]]; _check_shock reports it
            shocks.append((file, None, raw))
    return merged, origins, shocks


def _drop_unit_switches(merged: dict, own: dict, file: str, problems: list[Problem]) -> dict:
    """A lever's budget keeps the unit of the scenario it extends: a path in the
    other unit would silently drop the parent's whole path (history included).
    Report it at the child's field and leave it out of the merge."""
    inherited_levers, levers = merged.get("levers"), own.get("levers")
    if not isinstance(inherited_levers, dict) or not isinstance(levers, dict):
        return own
    kept = dict(levers)
    for lever, table in levers.items():
        inherited = inherited_levers.get(lever)
        if not isinstance(table, dict) or not isinstance(inherited, dict):
            continue
        parent_units = [k for k in BUDGET_UNITS if k in inherited]
        given = [k for k in BUDGET_UNITS if k in table]
        if len(parent_units) != 1 or len(given) != 1 or given == parent_units:
            continue  # no parent budget, or both units at once (reported as "not both")
        unit = parent_units[0]
        problems.append(Problem(file, f"levers.{lever}.{given[0]}", table[given[0]],
                                f"the same unit as the scenario it extends ({unit}, {BUDGET_UNITS[unit][3]}); "
                                f"a file that does not extend another may use either"))
        kept[lever] = {k: v for k, v in table.items() if k != given[0]}
    return {**own, "levers": kept}


def _merge(into: dict, table: dict, file: str, origins: dict[str, str], prefix: str) -> None:
    for key, value in table.items():
        field = _join(prefix, key)
        origins[field] = file
        if isinstance(value, dict):
            if not isinstance(into.get(key), dict):
                into[key] = {}  # a new table, or one replacing a parent's plain value
            _merge(into[key], value, file, origins, field)  # tables merge key by key (paths year by year)
        else:
            into[key] = copy.deepcopy(value)
