"""Reading scenarios: TOML files (or plain dicts), ``extends`` chains, merging, then the schema's checks.

Reading is strict: every problem in the resolved scenario (unknown keys, wrong
types, values out of range, missing fields, bad syntax, broken ``extends``) is
collected and raised together as one :class:`ScenarioError`, so a planner can
fix a file in one pass. Each problem names the file where the bad value was
written, which matters when it was inherited from a parent file.

Reading is also safe against hostile or mistaken input: only regular ``.toml``
files of at most ``MAX_SCENARIO_BYTES`` are read (never a pipe, a device or a
folder, never without end); tables and arrays nest at most ``MAX_NESTING``
levels (checked before anything recurses); ``extends`` reaches only shipped
scenarios and files in the extending file's folder or below unless the caller
allows any path; and nothing of a file named by ``extends`` that is not a
scenario is ever shown.
"""
from __future__ import annotations

import copy
import os
import re
import stat
import sys
import tomllib
from pathlib import Path

from model.core.errors import NOT_SHOWN, Problem, ScenarioError
from model.core.paths import SCENARIO_DIR
from model.scenario.schema import (
    BUDGET_UNITS, FIRST_START_YEAR, MISSING, _Checker, _check_merged, _check_shock, _join, _parse_time, _suggest,
)
from model.scenario.types import Scenario

# Limits on what is read, so a hostile or mistaken file ends in a clear problem, never a hang or a crash.
MAX_SCENARIO_BYTES = 1_000_000  # the biggest shipped scenario is under 2 KB; reading stops here, so a file
#                                 that never ends (/dev/zero, /proc) cannot fill memory, and 1 MB checks fast
MAX_NESTING = 20  # levels of tables and arrays, the file's top table included; scenarios use 4 (top, levers,
#                   lever, budget path); far below Python's recursion limit, which tomllib and merging would hit
SCENARIO_SUFFIX = ".toml"  # every scenario file's name ends so (shipped ones, tests); no other file is read
ALLOW_ANY_EXTENDS_HINT = "run with --allow-any-extends to allow any path"  # the command line's option for it

_NAME = re.compile(r"[A-Za-z0-9_\-]+")  # a bare shipped-scenario name, not a path
_TOML_POSITION = re.compile(r"at line (\d+)")
_TOML_WHERE = re.compile(r"\((at line \d+, column \d+|at end of document)\)")


# ------------------------------------------------------------------ public API
def load_scenario(ref: str | Path, *, allow_any_extends: bool = False) -> Scenario:
    """Read, merge (``extends``) and check a scenario; raise ScenarioError listing every problem.

    ``ref`` is a shipped name or the path of a ``.toml`` file. Each ``extends`` may name a shipped scenario
    or a ``.toml`` file in the folder of the file that says it, or below (after symlinks and ``..``);
    ``allow_any_extends=True`` lets it name a ``.toml`` file anywhere (only regular files are ever read).
    """
    path = resolve_path(ref)
    try:
        problems: list[Problem] = []
        chain = _read_chain(path, problems, allow_any_extends)
        if not chain:  # the file itself could not be read
            raise ScenarioError(problems)
        return _resolve(chain, problems, name=path.stem, source=str(path))
    except RecursionError:  # last resort: the nesting checks should have caught it
        raise ScenarioError([_too_deep(str(path), "(file)")]) from None


def scenario_from_dict(table: dict, name: str = "custom", base_dir: str | Path | None = None, *,
                       allow_any_extends: bool = False) -> Scenario:
    """A ``Scenario`` from a plain dict with the fields a scenario file holds (what a browser form or a policy
    search produces), through the same checks and messages as a file.

    ``extends`` names a shipped scenario or a ``.toml`` file in ``base_dir`` (default: the current folder)
    or below; ``allow_any_extends=True`` lets it name a ``.toml`` file anywhere.
    Problems name the source as ``<name>``; an invalid dict raises ScenarioError listing every problem.
    """
    source = f"<{name}>"
    if not isinstance(table, dict):
        raise ScenarioError([Problem(source, "(scenario)", table, "a dict of the fields a scenario file holds")])
    if (deep := _too_deep_at(table)) is not None:  # before anything recurses (_plain, merging, deepcopy)
        raise ScenarioError([_too_deep(source, deep)])
    try:
        problems: list[Problem] = []
        chain = _extends_chain(source, _plain(table), Path(base_dir) if base_dir is not None else Path("."), [],
                               problems, allow_any_extends, from_dict=True)
        return _resolve(chain, problems, name=name, source=source)
    except RecursionError:  # last resort: _too_deep_at should have caught it
        raise ScenarioError([_too_deep(source, "(scenario)")]) from None


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
        table = _read_toml(path, [], named_by_extends=False)
        title = table.get("title") if table else None
        out.append((path.stem, title.strip() if isinstance(title, str) else "(cannot read this scenario file)"))
    return out


def resolve_path(ref: str | Path) -> Path:
    """Shipped name ("baseline") -> scenarios/baseline.toml; otherwise a file path. Missing -> ScenarioError.

    The path is not checked here for being a ``.toml`` regular file: reading it is (see ``_read_toml``).
    """
    found = _locate(ref, None)
    if found is None:
        raise ScenarioError([Problem(str(ref), "scenario", str(ref), _where_to_find(ref))])
    return found


# ------------------------------------------------------------------ files and extends
def _shipped_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def _locate(ref: str | Path, base_dir: Path | None) -> Path | None:
    """First existing file among: the shipped scenario of that name, the path + .toml (unless it ends so),
    the path."""
    candidates = []
    if isinstance(ref, str) and _NAME.fullmatch(ref):
        candidates.append(SCENARIO_DIR / f"{ref}.toml")
    path = Path(ref) if base_dir is None else Path(base_dir, ref)
    if (named := _as_toml(path)) is not None:
        candidates.append(named)  # before the path: "base" -> base.toml
    candidates.append(path)  # read only if it is a .toml file; otherwise refused with a clear problem
    return next((p for p in candidates if os.path.lexists(p)), None)


def _where_to_find(ref: str | Path, base_dir: Path | None = None) -> str:
    names = _shipped_names()
    relative = f" (relative to {base_dir})" if base_dir is not None else ""
    not_toml = (f"; a scenario file's name ends in {SCENARIO_SUFFIX}" if Path(ref).suffix and not _is_toml(ref)
                else "")
    return (f"no such scenario; give the name of a shipped scenario ({', '.join(names)}) "
            f"or the path of a .toml file{relative}{not_toml}{_suggest(Path(ref).stem, names)}")


def _is_toml(path: str | Path) -> bool:
    return Path(path).name.lower().endswith(SCENARIO_SUFFIX)


def _as_toml(path: Path) -> Path | None:
    """``path`` with .toml added, or None if its name already ends so or it has no name ("/", "."; those are
    then refused as not .toml files)."""
    return path.with_name(path.name + SCENARIO_SUFFIX) if path.name and not _is_toml(path) else None


def _locate_parent(ref: str, base_dir: Path, allow_any: bool, from_dict: bool) -> tuple[Path | None, str]:
    """The file an ``extends`` names, or None and what is allowed instead.

    A shipped name, or a ``.toml`` file (``.toml`` is added to a name without it) in ``base_dir`` or below
    after resolving symlinks and ``..``; anywhere if ``allow_any``. Where it is is checked before the file
    is looked for, so a refused ``extends`` learns nothing about files outside the folder.
    """
    shipped = SCENARIO_DIR / f"{ref}.toml"
    if _NAME.fullmatch(ref) and shipped.is_file():
        return shipped, ""
    path = Path(base_dir, ref)
    path = _as_toml(path) or path  # "base" -> base.toml; never a file of another kind
    try:
        folder, real = base_dir.resolve(), path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL character
        return None, _where_to_find(ref, base_dir)
    if not allow_any and not real.is_relative_to(folder):
        shown = base_dir if base_dir.is_absolute() else folder
        where = "base_dir" if from_dict else "this file's folder"
        hint = "pass allow_any_extends=True to allow any path" if from_dict else ALLOW_ANY_EXTENDS_HINT
        return None, (f"a shipped scenario or a .toml file in {where} or below ({shown}); this is outside it. "
                      f"Copy the file there, or {hint}")
    if not os.path.lexists(path):
        return None, _where_to_find(ref, base_dir)
    return path, ""


def _file_kind(mode: int) -> str:
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                        (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return "a special file"


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    """The text of a regular file of at most MAX_SCENARIO_BYTES; else None and a problem saying why.

    Never blocks or reads without end: the file is checked before it is opened (a named pipe, a device or
    a folder is refused unopened), opened without waiting, checked again, and read only up to the limit.
    """
    def refuse(why: str) -> None:
        problems.append(Problem(str(path), "(file)", NOT_SHOWN, f"cannot read the file: {why}"))

    def not_regular(mode: int) -> None:
        refuse(f"it is {_file_kind(mode)}, not a regular file; a scenario is a .toml text file")

    too_big = (f"a scenario file is at most {MAX_SCENARIO_BYTES:,} bytes (shipped ones are under 2 KB); "
               f"this one is bigger")
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return not_regular(info.st_mode)
        if info.st_size > MAX_SCENARIO_BYTES:
            return refuse(too_big)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):  # replaced between the check and the opening
                return not_regular(mode)
            chunks, size = [], 0
            while size <= MAX_SCENARIO_BYTES and (chunk := os.read(fd, MAX_SCENARIO_BYTES + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as e:
        return refuse(e.strerror or type(e).__name__)
    if size > MAX_SCENARIO_BYTES:  # it said it was smaller (a /proc file, or it grew)
        return refuse(too_big)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        return refuse("it is not UTF-8 text")


def _read_toml(path: Path, problems: list[Problem], named_by_extends: bool) -> dict | None:
    """The file's table, or None with a problem saying why it cannot be used.

    Only a regular ``.toml`` file is read (see _read_text). A syntax error in the user's own file shows the
    bad line (safely, through Problem); of a file named by ``extends``, which may not be a scenario at all,
    no content is shown, and it must have a title to count as a scenario.
    """
    if not _is_toml(path):
        problems.append(Problem(str(path), "(file)", NOT_SHOWN,
                                f"a scenario file, whose name ends in {SCENARIO_SUFFIX}; this file is not read"))
        return None
    text = _read_text(path, problems)
    if text is None:
        return None
    if (line := _nesting_line(text)) is not None:  # before tomllib, which recurses once per bracket
        problems.append(_too_deep(str(path), f"line {line}"))
        return None
    try:
        table = tomllib.loads(text)
    except RecursionError:  # last resort: _nesting_line should have caught it
        problems.append(_too_deep(str(path), "(file)"))
        return None
    except tomllib.TOMLDecodeError as e:
        lines = text.splitlines() or [""]
        m = _TOML_POSITION.search(str(e))
        line = int(m[1]) if m else len(lines)  # tomllib says "at end of document" otherwise
        if named_by_extends:  # tomllib's message may quote keys and characters: give only the position
            where = _TOML_WHERE.search(str(e))
            problems.append(Problem(str(path), f"line {line}", NOT_SHOWN,
                                    f"a valid scenario file: this file, named by extends, is not valid TOML"
                                    f"{f' ({where[1]})' if where else ''}; none of it is shown"))
            return None
        bad_line = lines[line - 1] if line <= len(lines) else ""
        problems.append(Problem(str(path), f"line {line}", bad_line.strip(), f"valid TOML syntax ({e})"))
        return None
    except ValueError:  # not a TOMLDecodeError: a whole number Python will not convert (sys.get_int_max_str_digits)
        problems.append(Problem(str(path), "(file)", NOT_SHOWN,
                                f"numbers a scenario can hold: a whole number in this file has more than "
                                f"{sys.get_int_max_str_digits():,} digits"))
        return None
    if (deep := _too_deep_at(table)) is not None:  # defence in depth: the text check is the guard
        problems.append(_too_deep(str(path), deep))
        return None
    if named_by_extends and not isinstance(table.get("title"), str):
        problems.append(Problem(str(path), "(file)", NOT_SHOWN,
                                'a scenario file, with a title = "..." line; this file, named by extends, has '
                                'none, so it is not a scenario and none of it is used or shown'))
        return None
    return table


def _read_chain(path: Path, problems: list[Problem], allow_any_extends: bool = False) -> list[tuple[str, dict]]:
    """The file and its ``extends`` ancestors as (file, table), oldest ancestor first."""
    table = _read_toml(path, problems, named_by_extends=False)
    if table is None:
        return []
    return _extends_chain(str(path), table, path.parent, [path.resolve()], problems, allow_any_extends)


def _extends_chain(source: str, table: dict, base_dir: Path, seen: list[Path], problems: list[Problem],
                   allow_any_extends: bool = False, from_dict: bool = False) -> list[tuple[str, dict]]:
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
        parent, allowed = _locate_parent(ref.strip(), base_dir, allow_any_extends, from_dict and len(chain) == 1)
        if parent is None:
            problems.append(Problem(source, "extends", ref, allowed))
            break
        if parent.resolve() in seen:
            loop = " -> ".join(p.name for p in [*seen, parent.resolve()])
            problems.append(Problem(source, "extends", ref,
                                    f"a scenario that does not extend itself; this loops: {loop}"))
            break
        table = _read_toml(parent, problems, named_by_extends=True)
        if table is None:
            break
        source, base_dir = str(parent), parent.parent
        seen.append(parent.resolve())
        chain.append((source, table))
    chain.reverse()
    return chain


# ------------------------------------------------------------------ nesting depth
# A string left open ends at the end of its line (one line) or of the file (multi-line), so each is one match:
# a pattern that failed at the end would be retried from every quote, n**2 steps (minutes for 1 MB of \").
_TOKEN = re.compile(r'''
    """(?:[^\\]|\\.)*?(?:"{3,5}|\Z)    # multi-line basic string (its closing run may hold 1-2 more quotes)
  | \'\'\'.*?(?:\'{3,5}|\Z)            # multi-line literal string
  | "(?:[^"\\\n]|\\.)*(?:"|(?=\n)|\Z)  # basic string
  | '[^'\n]*(?:'|(?=\n)|\Z)           # literal string
  | \#[^\n]*                    # comment
  | [\[\]{}.,=\n]               # what nests, or ends a key
''', re.VERBOSE | re.DOTALL)


def _nesting_line(text: str) -> int | None:
    """The line where the TOML ``text`` first nests tables and arrays deeper than MAX_NESTING, or None.

    A cheap scan before tomllib (which recurses once per bracket) counts the levels a value sits at: the
    top table, a table header's keys (``[a.b]``: 2, ``[[a.b]]``: 3), a dotted key's parts and the
    brackets and braces open around it. Strings and comments do not count.
    """
    def line_of(m: re.Match) -> int:
        return text.count("\n", 0, m.start()) + 1

    header = 0  # levels the current [table] header adds below the top table
    stack: list[tuple[str, int]] = []  # open "[" / "{" with the level of the array or table they make
    key_dots, in_value, header_open, header_dots = 0, False, 0, 0
    for m in _TOKEN.finditer(text):
        tok = m[0]
        if len(tok) != 1 or tok in "\"'#":
            continue  # a string or a comment
        if header_open:  # inside [a.b] or [[a.b]]
            if tok == ".":
                header_dots += 1
                if 1 + header_dots + header_open > MAX_NESTING:
                    return line_of(m)
            elif tok == "[":
                header_open += 1
            elif tok == "]":
                header = header_dots + header_open  # [a.b]: a, b; [[a.b]]: a, the array b, its table
                header_open = 0
            elif tok == "\n":
                header_open = 0  # a broken header; tomllib reports it
            continue
        base = stack[-1][1] if stack else 1 + header  # level of the table or array that holds this
        keys_here = not stack or stack[-1][0] == "{"  # key = value pairs here (else array items)
        if tok in "[{":
            if not stack and not in_value and tok == "[":
                header_open, header_dots = 1, 0
                continue
            level = base + (key_dots if keys_here else 0) + 1
            if level > MAX_NESTING:
                return line_of(m)
            stack.append((tok, level))
            key_dots, in_value = 0, False
        elif tok in "]}":
            if stack:
                stack.pop()
            in_value = True  # the rest of a value, up to "," or the end of the line
        elif tok == "." and keys_here and not in_value:
            key_dots += 1
            if base + key_dots > MAX_NESTING:
                return line_of(m)
        elif tok == "=" and keys_here:
            in_value = True
        elif tok == "," and keys_here:
            key_dots, in_value = 0, False
        elif tok == "\n" and not stack:
            key_dots, in_value = 0, False
    return None


def _too_deep_at(value: object) -> str | None:
    """The field where a table (dict) nests tables and arrays deeper than MAX_NESTING, or None.

    Walks with its own stack, not recursion, so any depth (or a dict that contains itself) is safe.
    """
    todo: list[tuple[object, int, str]] = [(value, 1, "")]
    while todo:
        item, level, field = todo.pop()
        if isinstance(item, dict):
            children = [(v, _join(field, str(k))) for k, v in item.items()]
        elif isinstance(item, (list, tuple)):
            children = [(v, f"{field}[{i}]") for i, v in enumerate(item)]
        else:
            continue
        if level > MAX_NESTING:
            return field or "(scenario)"
        todo.extend((v, level + 1, f) for v, f in children)
    return None


def _too_deep(source: str, field: str) -> Problem:
    return Problem(source, field, NOT_SHOWN,
                   f"tables and arrays nested at most {MAX_NESTING} levels deep (a scenario needs about 4); "
                   f"this nests deeper")


# ------------------------------------------------------------------ merging
def _merge_chain(chain: list[tuple[str, dict]], problems: list[Problem]):
    """Deep-merge the files, child over parent; collect shocks in order.

    Returns (merged table without shocks, origins: dotted field -> file that
    wrote it, shocks as (file, number within that file from 1, raw table);
    the number is None when the file's ``shocks`` is not a list of tables).
    A child may give a lever's budget in the other unit than its parent (both
    paths are kept; the schema joins them); switching back adds a problem.
    """
    merged: dict = {}
    origins: dict[str, str] = {}
    shocks: list[tuple[str, int | None, object]] = []
    switched: dict[str, tuple[str, float]] = {}
    for file, table in chain:
        own = {k: v for k, v in table.items() if k != "shocks"}
        own = _drop_unit_switches(merged, own, file, problems, switched)
        _date_inherited_parameters(merged, own, origins)
        _merge(merged, own, file, origins, "")
        raw = table.get("shocks")
        if isinstance(raw, list):
            shocks += [(file, n, item) for n, item in enumerate(raw, 1)]
        elif raw is not None:  # e.g. [shocks] instead of [[shocks]]; _check_shock reports it
            shocks.append((file, None, raw))
    return merged, origins, shocks


def _date_inherited_parameters(merged: dict, own: dict, origins: dict[str, str]) -> None:
    """A child's dated [parameters] value ({ 2028 = v }) over a parent's plain number keeps the number as the
    value from the start year, rather than dropping it (the table would replace it whole)."""
    inherited, given = merged.get("parameters"), own.get("parameters")
    if not isinstance(inherited, dict) or not isinstance(given, dict):
        return
    start = merged.get("start_year", FIRST_START_YEAR)
    for name, value in given.items():
        plain = inherited.get(name)
        if isinstance(value, dict) and isinstance(plain, (int, float)) and not isinstance(plain, bool):
            inherited[name] = {str(start): plain}
            origins[f"parameters.{name}.{start}"] = origins.get(f"parameters.{name}", "")


def _drop_unit_switches(merged: dict, own: dict, file: str, problems: list[Problem],
                        switched: dict[str, tuple[str, float]]) -> dict:
    """A lever's budget may switch unit once down a chain: a child giving VND over a parent's per cent of GDP
    (or the reverse) keeps the parent's path until its own first year (the schema joins the two: the path
    that starts later takes over). ``switched``: lever -> (the unit it switched to, from when), filled here. After a switch, points in
    the unit switched from at or after that time would be hidden by the newer path: report them at the child's
    field and leave the path out (points before it still change the years before the switch)."""
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
        if len(given) != 1 or not parent_units or given[0] in parent_units and lever not in switched:
            continue  # no budget here, both units at once (reported as "not both"), or the parent's own unit
        times = [_parse_time(k) for k in table[given[0]]] if isinstance(table[given[0]], dict) else []
        if lever not in switched:
            known = [t for t in times if t is not None]
            switched[lever] = (given[0], min(known) if known else float("-inf"))
            continue
        unit, since = switched[lever]
        if given[0] == unit or all(t is not None and t < since for t in times):
            continue
        problems.append(Problem(file, f"levers.{lever}.{given[0]}", table[given[0]],
                                f"{unit} ({BUDGET_UNITS[unit][3]}) from {since:g} on: a scenario this file extends "
                                f"switched the lever's budget to it, and points in {given[0]} from then on would be "
                                f"hidden (points before {since:g} are fine)"))
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
