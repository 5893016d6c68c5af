"""Ensembles that cannot mix runs, resume from a damaged store, fill the disk, or leave processes behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import model.experiments.ensemble as ens
from conftest import REPO
from model.cli import main
from model.core.errors import UserError
from model.experiments.parallel import Runner, cores

SMALL = ["--scale", "0.05", "--no-figures", "--quiet"]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _start(args, cwd) -> subprocess.Popen:
    """``python -m model ARGS`` in its own process group, as a user starts it from a terminal: with Ctrl-C's
    signal at its default even when the tests themselves run as a background job, which starts with it
    ignored and passes that on (the command then rightly ignores it, and finished with status 0)."""
    return subprocess.Popen([sys.executable, "-m", "model", *args], cwd=cwd, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_stored(work: Path, at_least: int, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if (work / "spec.json").exists() and int(np.load(work / "done.npy", mmap_mode="r").sum()) >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError(f"no {at_least} replications stored in {work}")


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":  # a zombie has ended
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids) -> set[int]:
    live = set()
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            live.add(p)
    return live


def test_an_ensemble_never_replaces_the_single_runs_folder(tmp_path):
    assert main(["run", "baseline", *SMALL]) == 0
    single = tmp_path / "results" / "baseline"
    before = (single / "annual.csv").read_bytes()
    assert main(["run", "baseline", "--replications", "2", "--workers", "1", *SMALL]) == 0
    assert (single / "annual.csv").read_bytes() == before
    assert (tmp_path / "results" / "baseline_ensemble" / "bands.csv").is_file()
    # and an explicit --out onto the single run's folder is refused: it holds another kind of results
    assert main(["run", "baseline", "--replications", "2", "--workers", "1", "--out", str(single), *SMALL]) == 2
    assert (single / "annual.csv").read_bytes() == before


def test_a_second_ensemble_on_the_same_folder_is_refused_and_the_first_is_whole(tmp_path):
    out = tmp_path / "same"
    # enough replications that the first is still running while the second starts, even on a cold cache
    first = _start(["run", "baseline", "--replications", "24", "--workers", "1", "--out", str(out), *SMALL], tmp_path)
    _wait_for_stored(tmp_path / ".same.ensemble-work", 1)
    second = subprocess.run([sys.executable, "-m", "model", "run", "baseline", "--replications", "6", "--workers",
                             "1", "--out", str(out), *SMALL], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert second.returncode == 2 and "another run is writing there" in second.stderr
    assert first.wait(timeout=300) == 0, first.stderr.read()
    alone = tmp_path / "alone"
    assert main(["run", "baseline", "--replications", "24", "--workers", "1", "--out", str(alone), *SMALL]) == 0
    for name in ("bands.csv", "targets.csv"):
        assert (out / name).read_bytes() == (alone / name).read_bytes(), name


def _interrupted_store(tmp_path, n: int) -> Path:
    """An ensemble killed after some replications: its work folder."""
    proc = _start(["run", "baseline", "--replications", str(n), "--workers", "1", "--out", "killed", *SMALL], tmp_path)
    work = tmp_path / ".killed.ensemble-work"
    _wait_for_stored(work, 2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (tmp_path / "killed").exists()
    return work


def test_a_truncated_store_is_not_resumed(tmp_path, capsys):
    work = _interrupted_store(tmp_path, 40)
    annual = work / "annual.npy"
    os.truncate(annual, annual.stat().st_size // 2)  # numpy's r+ memory map would zero-extend it
    args = ["run", "baseline", "--replications", "40", "--workers", "1", "--out", "killed", "--resume", *SMALL]
    assert main(args) == 2
    assert "damaged" in capsys.readouterr().err
    assert not (tmp_path / "killed").exists()


def test_a_corrupted_replication_runs_again_on_resume(tmp_path):
    n = 6
    work = _interrupted_store(tmp_path, n)
    done = np.flatnonzero(np.load(work / "done.npy"))
    values = np.load(work / "annual.npy", mmap_mode="r+")
    values[0, done[0], 3] += 1.0  # a bit flipped on disk
    values.flush()
    del values
    assert main(["run", "baseline", "--replications", str(n), "--workers", "1", "--out", "killed", "--resume",
                 *SMALL]) == 0
    assert main(["run", "baseline", "--replications", str(n), "--workers", "1", "--out", "whole", *SMALL]) == 0
    for name in ("bands.csv", "targets.csv"):
        assert (tmp_path / "killed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name


def test_an_ensemble_that_would_fill_the_disk_is_refused_before_its_store(tmp_path, monkeypatch, capsys):
    real = ens.shutil.disk_usage
    monkeypatch.setattr(ens.shutil, "disk_usage", lambda p: real(p)._replace(free=50 * 10**6))
    assert main(["run", "baseline", "--replications", "1000", "--out", "full", *SMALL[:2]]) == 2
    err = capsys.readouterr().err
    assert "GB of disk" in err and "free" in err
    assert not (tmp_path / ".full.ensemble-work").exists() and not (tmp_path / "full").exists()


def test_workers_are_capped_at_the_cores_and_the_jobs():
    said = []
    assert Runner(1000, say=said.append).workers == cores()
    assert said and "--oversubscribe" in said[0]
    assert Runner(1000, jobs=1).workers == 1
    assert Runner(cores() + 1, oversubscribe=True).workers == cores() + 1


def test_killing_the_main_process_ends_its_workers(tmp_path):
    proc = _start(["run", "baseline", "--replications", "200", "--workers", "2", "--out", "k", *SMALL], tmp_path)
    _wait_for_stored(tmp_path / ".k.ensemble-work", 3)
    helpers = _children(proc.pid)
    assert len(helpers) >= 3  # two workers, the fork server, the resource tracker
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, as a task manager or the OOM killer does
    proc.wait()
    deadline = time.time() + 10
    while _alive(helpers) and time.time() < deadline:
        time.sleep(0.1)
    assert not _alive(helpers), [Path(f"/proc/{p}/cmdline").read_text()[:80] for p in _alive(helpers)]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_an_ensemble_without_a_traceback(tmp_path, signum):
    proc = _start(["run", "baseline", "--replications", "200", "--workers", "2", "--out", "s",
                   "--scale", "0.05", "--no-figures"], tmp_path)
    _wait_for_stored(tmp_path / ".s.ensemble-work", 3)
    helpers = _children(proc.pid)
    os.killpg(proc.pid, signum)  # Ctrl-C reaches every process of the terminal's group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum
    assert "Traceback" not in err and "interrupted" in err and "--resume" in err
    assert not (tmp_path / "s").exists()
    deadline = time.time() + 10
    while _alive(helpers) and time.time() < deadline:
        time.sleep(0.1)
    assert not _alive(helpers)


def test_a_mathtext_title_does_not_break_the_fan_charts(tmp_path):
    scenario = tmp_path / "dollars.toml"
    scenario.write_text('title = "Costs in $\\\\nosuchcmd$ and $5"\nextends = "baseline"\n', encoding="utf-8")
    assert main(["run", str(scenario), "--replications", "2", "--workers", "1", "--out", "fan", "--scale", "0.05",
                 "--quiet"]) == 0
    assert (tmp_path / "fan" / "figures" / "fan_gdp_growth.png").stat().st_size > 1000


def test_replications_store_bytes_match_what_is_written(tmp_path):
    """The disk check's estimate is the store's real size (headers aside)."""
    assert main(["run", "baseline", "--replications", "3", "--workers", "1", "--out", "x", "--resume", *SMALL]) == 0
    spec = {"replications": 3, "columns": ["a"] * 5, "years": [1, 2], "targets": [{}] * 4}
    store = ens.Store.open(tmp_path / "w", spec, resume=False)
    payload = sum(store.sizes().values())
    assert 0 < payload - ens.Store.bytes_needed(spec) < 4 * 200  # four files, each with a short header
    with pytest.raises(UserError, match="damaged"):
        os.truncate(tmp_path / "w" / "done.npy", 10)
        ens.Store.open(tmp_path / "w", spec, resume=True)


def test_a_store_saved_before_a_setting_existed_resumes_and_another_setting_is_named(tmp_path):
    """A setting added later (model_error, None when unused) reads as None in an older store's record; a
    setting that truly differs is named in the refusal."""
    spec = {"replications": 3, "columns": ["a"] * 5, "years": [1, 2], "targets": [{}] * 4}
    ens.Store.open(tmp_path / "w", spec, resume=False)
    assert ens.Store.open(tmp_path / "w", {**spec, "model_error": None}, resume=True).spec["replications"] == 3
    with pytest.raises(UserError, match=r"other settings \(model_error\)"):
        ens.Store.open(tmp_path / "w", {**spec, "model_error": {"sha256": "x"}}, resume=True)
