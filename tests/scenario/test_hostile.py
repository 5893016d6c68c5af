"""Hostile scenario input (issue 10): every file, dict or value an adversary can hand the reader ends in a
clear ScenarioError (exit status 2 on the command line), quickly, without a traceback, without exhausting
memory or blocking, and without showing the content of a file that is not a scenario."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import MINIMAL_SCENARIO as MINIMAL, REPO, write_file as write
from model.core.errors import Problem, ScenarioError
from model.scenario import load_scenario, scenario_from_dict

DEEP = 5000  # the review's nesting depth (Python's recursion limit is 1,000)
MEMORY_LIMIT = 3 * 1024 ** 3  # address space of a child process that might read /dev/zero: fails, not swaps
PASSWD_LINE = "root:x:0:0:root:/root:/bin/bash"


def error_of(*args, **kw) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(*args, **kw)
    return info.value


@contextmanager
def within(seconds: int):
    """Fail (instead of hanging) if the block takes longer than ``seconds``."""
    def too_slow(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def program(*args, cwd=REPO, timeout=60) -> subprocess.CompletedProcess:
    """``python -m model ARGS`` in a child process with limited memory; a hang fails the test."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "model", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_limit_memory)


def python(code: str, timeout=60) -> subprocess.CompletedProcess:
    """Python code in a child process with limited memory; a hang fails the test."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_limit_memory)


def assert_refused_by_program(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    for word in words:
        assert word in done.stderr, done.stderr[-2000:]


# ------------------------------------------------------------------ deep nesting
NESTED = {
    "array": "x = " + "[" * DEEP + "]" * DEEP + "\n",
    "inline_table": "x = " + "{ a = " * DEEP + "1" + " }" * DEEP + "\n",
    "table_header": "[" + ".".join(["a"] * DEEP) + "]\nb = 1\n",
    "array_of_tables": "[[" + ".".join(["a"] * DEEP) + "]]\nb = 1\n",
    "dotted_key": ".".join(["a"] * DEEP) + " = 1\n",
}


@pytest.mark.parametrize("kind", NESTED)
def test_deep_nesting_in_a_file_is_a_problem_not_a_crash(tmp_path, kind):
    path = write(tmp_path, "deep.toml", MINIMAL.replace("end_year = 2030\n", "end_year = 2030\n" + NESTED[kind]))
    with within(10):
        error = error_of(path)
    (p,) = error.problems
    assert p.file == str(path) and "nest" in p.allowed and "20" in p.allowed, str(p)


def test_nesting_inside_strings_and_comments_does_not_count(tmp_path):
    deep_text = "[" * 50 + "{" * 50
    path = write(tmp_path, "ok.toml", MINIMAL.replace('title = "Minimal"', f'title = "{deep_text}" # {deep_text}'))
    assert load_scenario(path).title == deep_text


@pytest.mark.parametrize("shape", ["dict", "list", "loop"])
def test_deep_nesting_in_a_dict_is_a_problem_not_a_crash(shape):
    inner: object = 1
    for _ in range(DEEP):
        inner = {"a": inner} if shape == "dict" else [inner]
    if shape == "loop":
        inner = {}
        inner["a"] = inner  # a form's data structure that refers to itself
    with within(10), pytest.raises(ScenarioError) as info:
        scenario_from_dict({"title": "Deep", "extends": "baseline", "parameters": {"x": inner}})
    (p,) = info.value.problems
    assert p.field.startswith("parameters.x") and "nest" in p.allowed and "20" in p.allowed, str(p)


def test_a_recursion_error_while_parsing_is_a_problem(tmp_path, monkeypatch):
    """Last resort: should the text check ever miss a shape, tomllib's RecursionError is still a Problem."""
    import model.scenario.reader as reader

    def recursing(text):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(reader.tomllib, "loads", recursing)
    path = write(tmp_path, "t.toml", MINIMAL)
    (p,) = error_of(path).problems
    assert p.file == str(path) and "nest" in p.allowed


def test_deep_nesting_exits_2_on_the_command_line(tmp_path):
    path = write(tmp_path, "deep.toml", MINIMAL + NESTED["array"])
    assert_refused_by_program(program("validate", path), "deep.toml", "nest")


# ------------------------------------------------------------------ only regular files, under a size limit
def test_a_device_as_the_scenario_is_refused_without_reading_it(tmp_path):
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    assert_refused_by_program(program("validate", zero, timeout=30), "zero.toml", "not a regular file")


def test_extends_dev_zero_is_refused_fast(tmp_path):
    child = write(tmp_path, "child.toml", 'title = "Zero"\nextends = "/dev/zero"\n')
    start = time.perf_counter()
    done = program("validate", child, timeout=30)
    assert_refused_by_program(done, "child.toml", "extends")
    assert time.perf_counter() - start < 20


def test_extends_a_device_is_refused_even_when_any_path_is_allowed(tmp_path):
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    child = write(tmp_path, "child.toml", 'title = "Zero"\nextends = "zero.toml"\n')
    done = python(f"""
        from model.core.errors import ScenarioError
        from model.scenario import load_scenario
        try:
            load_scenario({str(child)!r}, allow_any_extends=True)
        except ScenarioError as e:
            print(e)
        """, timeout=30)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "zero.toml" in done.stdout and "not a regular file" in done.stdout, done.stdout


def test_a_named_pipe_never_blocks(tmp_path):
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    assert_refused_by_program(program("validate", pipe, timeout=30), "pipe.toml", "not a regular file")
    child = write(tmp_path, "child.toml", 'title = "Pipe"\nextends = "pipe.toml"\n')
    assert_refused_by_program(program("validate", child, timeout=30), "pipe.toml", "not a regular file")


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    (p,) = error_of(folder).problems
    assert p.file == str(folder) and "not a regular file" in p.allowed and "folder" in p.allowed


def _with_unknown_keys(n: int, section: str = "") -> str:
    """MINIMAL with ``n`` unknown keys at the top level, or in a table such as "[parameters]"."""
    keys = "".join(f"unknown_key_number_{i:07d} = {i}\n" for i in range(n))
    return MINIMAL + section + "\n" + keys if section else keys + MINIMAL


def test_a_10_mb_file_is_refused_fast(tmp_path):
    path = write(tmp_path, "huge.toml", _with_unknown_keys(300_000))
    assert path.stat().st_size > 10_000_000
    with within(20):
        start = time.perf_counter()
        error = error_of(path)
        took = time.perf_counter() - start
    (p,) = error.problems
    assert took < 1.0 and p.file == str(path) and "1,000,000 bytes" in p.allowed, (took, str(p))
    done = program("validate", path, timeout=60)
    assert_refused_by_program(done, "huge.toml", "1,000,000 bytes")
    assert len(done.stderr.splitlines()) < 5


@pytest.mark.parametrize("section", ["", "[parameters]\n"])
def test_a_file_full_of_unknown_keys_is_quick_and_shows_a_screenful(tmp_path, section):
    path = write(tmp_path, "noisy.toml", _with_unknown_keys(25_000, section))
    assert 800_000 < path.stat().st_size < 1_000_000
    with within(30):
        start = time.perf_counter()
        error = error_of(path)
        took = time.perf_counter() - start
        text = str(error)
    assert len(error.problems) == 25_000
    assert took < 3.0, took
    lines = text.splitlines()
    assert len(lines) <= 25 and lines[-1].strip() == "... and 24,980 more problems", lines[-3:]
    assert lines[0] == "25,000 problems in the scenario:"


def test_a_file_full_of_unknown_keys_prints_a_screenful_on_the_command_line(tmp_path):
    path = write(tmp_path, "noisy.toml", _with_unknown_keys(25_000))
    start = time.perf_counter()
    done = program("validate", path, timeout=60)
    assert_refused_by_program(done, "noisy.toml", "more problems")
    assert len(done.stderr.splitlines()) <= 25 and time.perf_counter() - start < 20


def test_a_screenful_of_problems_then_a_count():
    problems = [Problem("f.toml", f"key{i}", i, "allowed") for i in range(100)]
    lines = str(ScenarioError(problems)).splitlines()
    assert lines[0] == "100 problems in the scenario:"
    assert lines[1:21] == [f"  - f.toml: key{i} = {i}: allowed" for i in range(20)]
    assert lines[21:] == ["  ... and 80 more problems"]
    assert len(ScenarioError(problems[:20]).problems) == 20 and "more" not in str(ScenarioError(problems[:20]))


# ------------------------------------------------------------------ where extends may point
def _outside(tmp_path: Path) -> Path:
    """A valid scenario outside the folder of the files that extend it."""
    return write(tmp_path, "parent.toml", MINIMAL)


@pytest.mark.parametrize("how", ["dot-dot", "absolute", "symlink"])
def test_extends_outside_the_folder_is_refused_unless_allowed(tmp_path, how):
    parent = _outside(tmp_path)
    folder = tmp_path / "mine"
    folder.mkdir()
    if how == "symlink":
        (folder / "link.toml").symlink_to(parent)
    ref = {"dot-dot": "../parent.toml", "absolute": str(parent), "symlink": "link.toml"}[how]
    child = write(folder, "child.toml", f'title = "Child"\nextends = "{ref}"\n')
    (p,) = error_of(child).problems
    assert (p.file, p.field, p.value) == (str(child), "extends", ref)
    assert p.allowed.startswith("a shipped scenario or a .toml file in this file's folder or below"), p.allowed
    assert str(folder) in p.allowed
    assert load_scenario(child, allow_any_extends=True).title == "Child"


@pytest.mark.parametrize("ref", ["a\\u0000b", "sub/\\u0000", "\\u0000"])
def test_extends_with_a_nul_character_is_a_problem_not_a_crash(tmp_path, ref):
    child = write(tmp_path, "child.toml", f'title = "Nul"\nextends = "{ref}"\n')
    for allow in (False, True):
        (p,) = error_of(child, allow_any_extends=allow).problems
        assert p.field == "extends" and "no such scenario" in p.allowed and "\\x00" in str(p)


def test_extends_inside_the_folder_and_shipped_names_still_work(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "base.toml", MINIMAL)
    write(tmp_path / "sub", "middle.toml", 'title = "Middle"\nextends = "./base.toml"\n')
    child = write(tmp_path, "child.toml", 'title = "Child"\nextends = "sub/middle.toml"\n')
    assert load_scenario(child).title == "Child"
    shipped = write(tmp_path, "shipped.toml", 'title = "From baseline"\nextends = "baseline"\n')
    assert load_scenario(shipped).start_year == 2015


def test_extends_from_a_dict_stays_in_base_dir_unless_allowed(tmp_path):
    parent = _outside(tmp_path)
    folder = tmp_path / "forms"
    folder.mkdir()
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({"title": "Form", "extends": str(parent)}, base_dir=folder)
    (p,) = info.value.problems
    assert p.field == "extends" and p.allowed.startswith("a shipped scenario or a .toml file in")
    s = scenario_from_dict({"title": "Form", "extends": str(parent)}, base_dir=folder, allow_any_extends=True)
    assert s.title == "Form"


# ------------------------------------------------------------------ content of other files is never shown
def test_extends_a_file_that_is_not_toml_shows_none_of_it(tmp_path):
    write(tmp_path, "passwd", PASSWD_LINE + "\n")
    child = write(tmp_path, "child.toml", 'title = "Peek"\nextends = "passwd"\n')
    error = error_of(child)
    assert "root:x" not in str(error) and ".toml" in str(error)
    assert all("root:x" not in repr(p.value) for p in error.problems)


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="no /etc/passwd here")
def test_extends_etc_passwd_shows_none_of_it_even_when_any_path_is_allowed(tmp_path):
    first = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    child = write(tmp_path, "child.toml", 'title = "Peek"\nextends = "/etc/passwd"\n')
    for allow in (False, True):
        text = str(error_of(child, allow_any_extends=allow))
        assert first not in text and first.split(":")[0] + ":" not in text, text


def test_the_scenario_itself_must_be_a_toml_file(tmp_path):
    path = write(tmp_path, "passwd", PASSWD_LINE + "\n")
    (p,) = error_of(path).problems
    assert p.file == str(path) and ".toml" in p.allowed and "root:x" not in str(p)


@pytest.mark.parametrize("text", [
    "password = hunter2\n",  # not valid TOML: the bad line would show the secret
    'password = "hunter2"\n',  # valid TOML but not a scenario: an unknown-key problem would show it
    'title = "T"\n[[hunter2]]\n[hunter2]\n',  # tomllib's own message names keys
])
def test_extends_a_toml_file_that_is_not_a_scenario_shows_none_of_it(tmp_path, text):
    write(tmp_path, "secret.toml", text)
    child = write(tmp_path, "child.toml", 'title = "Peek"\nextends = "secret.toml"\n')
    error = error_of(child)
    assert "hunter2" not in str(error) and "secret.toml" in str(error)
    assert all("hunter2" not in repr(p.value) + p.allowed for p in error.problems)


def test_a_file_that_is_not_utf8_shows_none_of_it(tmp_path):
    (tmp_path / "latin.toml").write_bytes(b'title = "caf\xe9 hunter2"\n')
    child = write(tmp_path, "child.toml", 'title = "Peek"\nextends = "latin.toml"\n')
    assert "hunter2" not in str(error_of(child))
    assert "hunter2" not in str(error_of(tmp_path / "latin.toml"))


def test_a_syntax_error_in_the_users_own_file_still_shows_the_line_safely(tmp_path):
    path = write(tmp_path, "syntax.toml", 'title = "Broken"\nstart_year = = 2015 # \u202e\n')
    (p,) = error_of(path).problems
    assert p.field == "line 2" and "start_year = = 2015" in str(p)
    assert "\u202e" not in str(p) and "\\u202e" in str(p)


# ------------------------------------------------------------------ terminal escapes shown, not sent
def test_terminal_escapes_in_keys_values_and_file_names_are_shown_as_escapes(tmp_path):
    text = MINIMAL.replace('title = "Minimal"', 'title = "Clear \\u001b[2J screen"') + \
        '"\\u001b[31mred\\u202e" = "\\u001b]0;pwned\\u0007"\n'
    path = write(tmp_path, "esc\x1b[1mape.toml", text)
    message = str(error_of(path))
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message, message
    assert "\\x1b[31mred\\u202e" in message and "esc\\x1b[1mape.toml" in message


def test_problem_text_is_one_line_and_bounded():
    p = Problem("f.toml", "key\nwith newline", "x" * 100_000, "allowed")
    shown = str(p)
    assert "\n" not in shown and len(shown) < 1000


# ------------------------------------------------------------------ numbers too big for a float or a string
def test_a_huge_whole_number_is_a_problem_not_a_crash(tmp_path):
    huge = "9" * 400  # more than a float holds
    path = write(tmp_path, "t.toml", MINIMAL + f"[parameters]\nupgrade_hazard = {huge}\n")
    (p,) = error_of(path).problems
    assert p.field == "parameters.upgrade_hazard" and "a number from" in p.allowed
    path = write(tmp_path, "t.toml", MINIMAL + f"[parameters]\ngdp_2015_vnd_tn = {huge}\n")  # sets the VND cap
    (p,) = error_of(path).problems
    assert p.field == "parameters.gdp_2015_vnd_tn"
    path = write(tmp_path, "t.toml", f"seed = {'9' * 5000}\n" + MINIMAL)  # more digits than Python converts
    (p,) = error_of(path).problems
    assert p.file == str(path) and "digits" in p.allowed
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({"title": "Big", "extends": "baseline", "parameters": {"upgrade_hazard": 10 ** 5000}})
    (p,) = info.value.problems
    assert p.field == "parameters.upgrade_hazard" and len(str(p)) < 1000


# ------------------------------------------------------------------ budget_vnd_bn capped like budget_pct_gdp
def _vnd(tmp_path, value, extra: str = "") -> Path:
    return write(tmp_path, "vnd.toml", MINIMAL.replace("budget_pct_gdp = { 2015 = 0.1 }",
                                                       f"budget_vnd_bn = {{ 2015 = 9000, 2030 = {value} }}") + extra)


def test_vnd_budget_is_capped_at_the_same_share_of_gdp_as_a_pct_budget(tmp_path):
    (p,) = error_of(_vnd(tmp_path, 1e7)).problems  # about 150% of 2015 GDP
    assert p.field == "levers.infrastructure.budget_vnd_bn.2030" and p.value == 1e7
    assert "656,200" in p.allowed and "10 per cent of" in p.allowed and "gdp_2015_vnd_tn" in p.allowed, p.allowed
    assert load_scenario(_vnd(tmp_path, 656_200)).budgets["infrastructure"].path.value(2030) == 656_200
    # the cap follows the 2015 GDP the scenario itself sets
    bigger = _vnd(tmp_path, 900_000, "[parameters]\ngdp_2015_vnd_tn = 10000\n")
    assert load_scenario(bigger).budgets["infrastructure"].path.value(2030) == 900_000
    (p,) = error_of(_vnd(tmp_path, 1_100_000, "[parameters]\ngdp_2015_vnd_tn = 10000\n")).problems
    assert "1,000,000" in p.allowed


def test_a_string_left_open_does_not_take_quadratic_time(tmp_path):
    """200 KB of escaped quotes in an unclosed string: the nesting scan retried from every quote (minutes)."""
    for name, text in (("basic.toml", 'title = "' + '\\"' * 100_000 + "\n"),
                       ("multi.toml", 'title = """' + '\\"' * 100_000)):
        path = write(tmp_path, name, text)
        with within(20):
            problem = error_of(path).problems[0]
        assert problem.file == str(path)


@pytest.mark.parametrize("ref", ["/", ".", "./"])
def test_extends_naming_a_folder_without_a_name_is_a_problem_not_a_crash(tmp_path, monkeypatch, ref):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "child.toml", f'title = "Child"\nextends = "{ref}"\n')
    for allow in (False, True):
        (p,) = error_of("child.toml", allow_any_extends=allow).problems
        assert p.field in ("extends", "(file)")
    with pytest.raises(ScenarioError):
        scenario_from_dict({"title": "Form", "extends": ref}, allow_any_extends=True)
