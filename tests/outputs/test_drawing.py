"""Figures drawn by helper processes (model.outputs.drawing) are the files one process draws."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from model.outputs import charts
from model.outputs.drawing import FigureHelpers, _share
from tests.outputs.test_charts import RUN_FIGURES, make_results

BASELINE = ("Baseline", [{"year": 2015 + i, "gdp_growth_pct": 6.0 + 0.1 * i} for i in range(16)])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "figures").iterdir())}


def test_helpers_draw_the_files_one_process_draws(tmp_path):
    alone, shared = make_results(tmp_path / "alone"), make_results(tmp_path / "shared")
    charts.write_run_figures(alone, "three_breakthroughs, seed 42", BASELINE, lang="vi")
    with FigureHelpers(2) as helpers:
        processes = list(helpers.processes)
        assert len(processes) == 2
        paths = helpers.write_run_figures(shared, "three_breakthroughs, seed 42", BASELINE, lang="vi")
        assert helpers.processes == []  # each helper serves one request and is then stopped
    assert [proc.returncode for proc in processes] == [0, 0]  # the helpers drew, not this process
    assert sorted(p.name for p in paths) == sorted(RUN_FIGURES)
    assert _files(shared) == _files(alone)


def test_a_failed_helper_leaves_its_share_to_this_process(tmp_path):
    results = make_results(tmp_path / "run")
    with FigureHelpers(2) as helpers:
        helpers.processes[1].kill()  # the helper is gone before the figures are asked for
        helpers.processes[1].wait()
        paths = helpers.write_run_figures(results, "baseline, seed 42")
    assert sorted(p.name for p in paths) == sorted(RUN_FIGURES)
    assert sorted(_files(results)) == sorted(RUN_FIGURES)


def test_stopping_helpers_before_the_figures_writes_nothing(tmp_path):
    results = make_results(tmp_path / "run")
    helpers = FigureHelpers(2)
    processes = list(helpers.processes)
    helpers.close()  # a run that failed or was stopped
    assert all(proc.poll() is not None for proc in processes)
    assert not (results / "figures").exists()


def test_shares_cover_every_figure_once():
    for helpers in (1, 2, 3, 7):
        drawn = sorted(i for k in range(helpers) for i in _share(k, helpers, len(charts.RUN_FIGURES)))
        assert drawn == list(range(len(charts.RUN_FIGURES)))


def test_the_command_exits_quickly_with_its_status_and_output():
    """``python -m model`` ends through exit_without_teardown: its output is flushed and its status kept."""
    ok = subprocess.run([sys.executable, "-m", "model", "list"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "baseline" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "model", "run", "no_such_scenario", "--quiet"], capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 2 and "no_such_scenario" in bad.stderr and "Traceback" not in bad.stderr


def test_helpers_given_up_are_stopped_before_their_share_is_drawn_again(tmp_path, monkeypatch):
    """With no time to answer, each helper is stopped first (it cannot write while this process draws its
    share): every figure is whole, the files one process draws."""
    from model.outputs import drawing

    alone, shared = make_results(tmp_path / "alone"), make_results(tmp_path / "shared")
    charts.write_run_figures(alone, "baseline, seed 42")
    monkeypatch.setattr(drawing, "HELPER_TIMEOUT_S", 0.0)
    with FigureHelpers(2) as helpers:
        processes = list(helpers.processes)
        helpers.write_run_figures(shared, "baseline, seed 42")
    assert all(proc.poll() is not None for proc in processes)
    assert _files(shared) == _files(alone)


def test_an_interruption_while_helpers_draw_stops_them(tmp_path, monkeypatch):
    """Ctrl-C or a stop (cli._stop) while waiting for the helpers: none is left running, no request file left."""
    import pytest

    from model.outputs import drawing

    def interrupted(proc, deadline):
        raise KeyboardInterrupt

    results = make_results(tmp_path / "run")
    monkeypatch.setattr(drawing, "_answer", interrupted)
    monkeypatch.setattr(drawing.tempfile, "tempdir", str(tmp_path))  # where mkstemp puts the request
    helpers = FigureHelpers(2)
    processes = list(helpers.processes)
    with pytest.raises(KeyboardInterrupt):
        helpers.write_run_figures(results, "baseline, seed 42")
    assert all(proc.poll() is not None for proc in processes)
    assert list(tmp_path.glob("vn-digital-sim-figures-*")) == []
