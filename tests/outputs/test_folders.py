"""Results folders never cost a user a file: the marker, --overwrite, the lock and stale staging folders."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO
from model import cli
from model.core.errors import UserError
from model.outputs.folders import (
    MARKER, PARTIAL_MARKER, check_out_dir, destination_lock, lock_path, read_marker, staged_folder, write_marker,
)

SMALL = ["--scale", "0.05", "--no-figures", "--quiet"]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _digest(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _web_app(folder):
    """A user's folder that happens to hold a manifest.json (a web app's), which the model once took for its own."""
    (folder / "data").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"name": "my app"}', encoding="utf-8")
    (folder / "thesis.docx").write_bytes(b"two years of work")
    (folder / "data" / "survey.csv").write_text("id,answer\n1,yes\n", encoding="utf-8")
    return folder


def test_a_folder_with_a_manifest_json_of_its_own_is_not_replaced(tmp_path, capsys):
    app = _web_app(tmp_path / "app")
    before = _digest(app)
    assert cli.main(["run", "baseline", "--out", str(app), *SMALL]) == 2
    assert "has no .vn-digital-sim.json" in capsys.readouterr().err
    assert _digest(app) == before
    # --overwrite replaces only folders the model wrote
    assert cli.main(["run", "baseline", "--out", str(app), "--overwrite", *SMALL]) == 2
    assert _digest(app) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app"]  # no staging or lock files left beside it


def test_a_file_added_to_a_results_folder_stops_the_next_run_and_overwrite_keeps_it(tmp_path, capsys):
    out = tmp_path / "base"
    assert cli.main(["run", "baseline", "--out", str(out), "--seed", "1", *SMALL]) == 0
    assert read_marker(out)["kind"] == "run"
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "annual.csv").write_text("edited", encoding="utf-8")
    before = _digest(out)
    assert cli.main(["run", "baseline", "--out", str(out), "--seed", "2", *SMALL]) == 2
    err = capsys.readouterr().err
    assert "notes.txt" in err and "annual.csv" in err and "--overwrite" in err
    assert _digest(out) == before
    assert cli.main(["run", "baseline", "--out", str(out), "--seed", "2", "--overwrite", *SMALL]) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # the user's file moved into the new folder
    assert (out / "annual.csv").read_text(encoding="utf-8") != "edited"
    # the edited model file is the user's work too: the old folder holding it is kept and reported, not removed
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".base.old-")]
    assert len(kept) == 1 and (kept[0] / "annual.csv").read_text(encoding="utf-8") == "edited"
    assert "kept" in capsys.readouterr().err


def test_a_marked_folder_of_another_kind_needs_overwrite(tmp_path):
    out = tmp_path / "cmp"
    out.mkdir()
    (out / "bands.csv").write_text("x", encoding="utf-8")
    write_marker(out, "ensemble")
    with pytest.raises(UserError, match="results of a ensemble|results of an ensemble|ensemble"):
        check_out_dir(out, "run")
    check_out_dir(out, "run", overwrite=True)


def test_staged_folder_writes_the_marker_last_and_lists_every_file(tmp_path):
    out = tmp_path / "out"
    with staged_folder(out, "run") as tmp:
        assert (tmp / PARTIAL_MARKER).exists() and not (tmp / MARKER).exists()
        (tmp / "figures").mkdir()
        (tmp / "figures" / "a.png").write_bytes(b"png")
        (tmp / "annual.csv").write_text("year\n2015\n", encoding="utf-8")
    info = read_marker(out)
    assert set(info["files"]) == {"figures/a.png", "annual.csv"} and info["kind"] == "run"
    assert not (out / PARTIAL_MARKER).exists()
    check_out_dir(out, "run")  # unchanged: replaceable without --overwrite


def test_stale_staging_folders_of_a_killed_run_are_removed_but_not_a_users(tmp_path, capsys):
    out = tmp_path / "res"
    stale = tmp_path / ".res.partial-abc123"
    stale.mkdir()
    (stale / PARTIAL_MARKER).touch()
    (stale / "annual.csv").write_text("half", encoding="utf-8")
    users = tmp_path / ".res.partial-mine"  # same pattern, no partial marker: not ours
    users.mkdir()
    (users / "keep.txt").write_text("keep", encoding="utf-8")
    assert cli.main(["run", "baseline", "--out", str(out), *SMALL]) == 0
    assert not stale.exists()
    assert (users / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert (out / "annual.csv").is_file()


def test_a_killed_run_leaves_a_partial_folder_that_the_next_run_cleans(tmp_path):
    """SIGKILL in the middle of writing: nothing complete-looking is left, and the next run tidies up."""
    script = textwrap.dedent(f"""
        import os, signal
        import model.outputs.results as results
        write_csv = results.write_csv
        def write_then_die(path, rows, first=()):
            write_csv(path, rows, first)
            if path.name == "provinces.csv":
                os.kill(os.getpid(), signal.SIGKILL)
        results.write_csv = write_then_die
        from model import cli
        cli.main(["run", "baseline", "--out", "killed", "--scale", "0.05", "--no-figures", "--quiet"])
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == -9, done.stderr
    left = sorted(p.name for p in tmp_path.iterdir())
    assert not (tmp_path / "killed").exists() and any(".killed.partial-" in n for n in left), left
    assert cli.main(["run", "baseline", "--out", "killed", *SMALL]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["killed"]


def test_a_second_writer_to_the_same_folder_is_refused_at_once(tmp_path):
    out = tmp_path / "busy"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from model.outputs.folders import destination_lock\n"
         f"with destination_lock({str(out)!r}):\n    print('held', flush=True); time.sleep(60)"],
        cwd=tmp_path, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(UserError, match="another run is writing there"):
            with destination_lock(out):
                pass
        assert cli.main(["run", "baseline", "--out", str(out), *SMALL]) == 2
    finally:
        holder.kill()
        holder.wait()
    with destination_lock(out):  # the holder's death released it
        assert lock_path(out).exists()
    assert not lock_path(out).exists()  # and the lock file goes with the last holder
