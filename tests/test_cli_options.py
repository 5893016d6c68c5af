"""Options checked before any work: memory for the scale, replications, the output folder, workers; and what
is printed from users' files is safe on a terminal."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import model.experiments.run as run_module
from conftest import REPO
from model import cli


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _program(*args, cwd, timeout=120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "model", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _no_model_runs(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the model ran although an option was bad")
    monkeypatch.setattr(run_module, "run", refuse)


@pytest.mark.parametrize("scale", ["1e5", "1e9"])
def test_a_scale_that_cannot_fit_in_memory_is_refused_before_allocating(tmp_path, scale):
    done = _program("run", "baseline", "--scale", scale, "--no-figures", "--out", "big", cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "GB of memory" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "big").exists()


def test_the_memory_estimate_grows_with_the_scale_and_the_engine():
    from model.scenario import load_scenario
    s = load_scenario("baseline")
    assert run_module.memory_needed(s, 2.0) > run_module.memory_needed(s, 1.0)
    assert run_module.memory_needed(s, 1.0, "reference") > run_module.memory_needed(s, 1.0)
    assert run_module.memory_needed(s, "full") > run_module.memory_needed(s, 100.0)


def test_too_many_replications_are_refused_before_any_run(tmp_path, monkeypatch, capsys):
    _no_model_runs(monkeypatch)
    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "baseline", "--replications", str(10**12), "--out", "many"])
    assert stop.value.code == 2
    assert "at most 1,000,000" in capsys.readouterr().err


@pytest.mark.parametrize("out", ["/proc/x", "/proc/self/results", "/dev/null/x"])
def test_an_unwritable_out_fails_before_the_run(tmp_path, monkeypatch, capsys, out):
    _no_model_runs(monkeypatch)
    assert cli.main(["run", "baseline", "--out", out, "--no-figures", "--scale", "0.05"]) == 2
    err = capsys.readouterr().err
    # (the first line may be the notice that the engine compiles, on a cold cache)
    assert f"error: cannot write results to {out}" in err and ".partial-" not in err and "probe" not in err


def test_the_manifest_does_not_take_the_git_index_lock(tmp_path, monkeypatch):
    """``git status`` refreshes a stale index and takes .git/index.lock to do it; a run may not."""
    import model.outputs.results as results
    repo = tmp_path / "checkout"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "f.txt").write_text("x", encoding="utf-8")
    subprocess.run([*git, "add", "f.txt"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    os.utime(repo / "f.txt", (1, 1))  # stat data out of date: a plain git status would rewrite the index
    index = repo / ".git" / "index"
    before = index.stat().st_mtime_ns, index.read_bytes()
    monkeypatch.setattr(results, "REPO_DIR", repo)
    assert results._git_commit().endswith("-dirty") is False
    assert (index.stat().st_mtime_ns, index.read_bytes()) == before


def test_validate_shows_terminal_codes_as_escapes(tmp_path):
    scenario = tmp_path / "esc.toml"
    scenario.write_text('title = "Red \\u001b[31malert\\u001b[0m \\u202e"\nextends = "baseline"\n', encoding="utf-8")
    done = _program("validate", scenario, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    assert "\\x1b[31malert" in done.stdout


def test_a_seed_beyond_what_a_file_can_hold_is_refused(tmp_path, monkeypatch, capsys):
    _no_model_runs(monkeypatch)
    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "baseline", "--seed", str(2**64), "--out", str(tmp_path / "r")])
    assert stop.value.code == 2
    assert "2**63 - 1" in capsys.readouterr().err


def test_a_per_process_memory_limit_is_respected(tmp_path):
    """ulimit -v below what --scale full needs: refused with a message, not a MemoryError after minutes."""
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30)); "
    code = limit + "import sys; from model import cli; sys.exit(cli.main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "run", "baseline", "--scale", "full", "--no-figures",
                           "--out", "full"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "ulimit -v" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "full").exists()


def test_allow_any_extends_reaches_the_command_line(tmp_path):
    (tmp_path / "parent.toml").write_text('title = "Parent"\nextends = "baseline"\nend_year = 2026\n',
                                          encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "child.toml").write_text('title = "Child"\nextends = "../parent.toml"\n', encoding="utf-8")
    refused = _program("validate", "sub/child.toml", cwd=tmp_path)
    assert refused.returncode == 2 and "--allow-any-extends" in refused.stderr
    allowed = _program("validate", "--allow-any-extends", "sub/child.toml", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert "Child" in allowed.stdout
