"""A run's figures drawn by helper processes beside it (issue 14).

Drawn one after another after the run, the six figures of ``python -m model run`` took 2.0-2.4 s of its 4.5 s,
and importing matplotlib 0.35 s more. Helpers started when the run starts import the drawing code while the
economy is simulated; once the run's tables are written, each draws its share of the figures from them. They
draw with the same code from the same tables as one process would, so the files are the same.

A helper (``serve``) imports the charts, reads one request from its standard input (a JSON line naming the
request file and its share of the figures), draws, and prints the paths it wrote as a JSON line.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import model

# Figure helpers: two, as this machine has two cores (on one core they still overlap their imports with the
# run). The six figures split between two cost about 0.75 s each (benchmarks/speed.py).
HELPERS = 2
# Scheduling priority below the run's (Unix niceness): helpers import while the run's own imports leave a core
# idle, and must not slow the simulation, whose end they wait for (measured: 0.6 s runs took 1.3 s beside them).
HELPER_NICENESS = 10
# A share of the figures takes about a second; past this the helper is given up and its share drawn here.
HELPER_TIMEOUT_S = 300.0


class FigureHelpers:
    """Helper processes that draw a run's figures (``write_run_figures``); a context manager that stops them.

    ``count`` 0 starts none: figures are then drawn in this process, as they are without helpers anywhere a
    helper cannot start or fails (a helper is an optimisation, never the only way a figure gets drawn)."""

    def __init__(self, count: int = HELPERS):
        self.processes: list[subprocess.Popen] = []
        # -P and an explicit path: the helper imports this package, whatever the current folder holds.
        code = (f"import sys; sys.path.insert(0, {str(Path(model.__file__).resolve().parent.parent)!r}); "
                f"from model.outputs.drawing import serve; serve()")
        for _ in range(count):
            try:
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-P", "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, text=True, encoding="utf-8"))
            except OSError:  # no process to spare: draw here
                break

    def __enter__(self) -> FigureHelpers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop any helper still running (a run that failed or was stopped, or a helper given up), and wait
        for it: no helper writes after this returns."""
        for proc in self.processes:
            _stop(proc)
        self.processes = []

    def write_run_figures(self, results_dir: Path, label: str, baseline: tuple[str, list[dict]] | None = None,
                          lang: str | None = None) -> list[Path]:
        """``charts.write_run_figures``, shared among the helpers (``_share``); a share whose helper fails or
        takes longer than HELPER_TIMEOUT_S is drawn here, once that helper is stopped. Each helper serves one
        request. Returns the paths written, helper by helper. However it ends (an error, Ctrl-C, a stop),
        every helper is stopped before it returns."""
        if not self.processes:
            from model.outputs import charts

            return charts.write_run_figures(results_dir, label, baseline, lang=lang)
        helpers = len(self.processes)
        # The request goes through a file (the baseline's table can exceed a pipe's buffer); each helper is
        # told the file and its share. Helper k draws figures k, k + n, ... of charts.RUN_FIGURES, so this
        # process need not import the charts (a third of a second) to share them out.
        fd, request_path = tempfile.mkstemp(prefix="vn-digital-sim-figures-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"folder": str(results_dir), "label": label, "baseline": baseline, "lang": lang}, f,
                          default=float)
            for k, proc in enumerate(self.processes):
                try:
                    proc.stdin.write(json.dumps({"request": request_path, "share": [k, helpers]}) + "\n")
                    proc.stdin.close()
                except OSError:  # the helper is gone: _answer says so
                    pass
            deadline = time.monotonic() + HELPER_TIMEOUT_S
            written: list[list[Path]] = []
            for k, proc in enumerate(self.processes):
                drawn = _answer(proc, deadline)
                if drawn is None:
                    from model.outputs import charts

                    drawn = charts.write_run_figures(results_dir, label, baseline, lang=lang,
                                                     only=_share(k, helpers, len(charts.RUN_FIGURES)))
                written.append(drawn)
            return [path for drawn in written for path in drawn]
        finally:
            self.close()
            os.unlink(request_path)


def _stop(proc: subprocess.Popen) -> None:
    """Kill ``proc`` if it still runs, wait for it, and close its pipes."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None and not stream.closed:
            stream.close()


def _answer(proc: subprocess.Popen, deadline: float) -> list[Path] | None:
    """The paths a helper wrote, or None where it failed or is not done by ``deadline`` (then it is stopped
    first, so that it cannot write while its share is drawn again). Its answer is one short line."""
    try:
        if proc.wait(timeout=max(0.0, deadline - time.monotonic())) != 0:
            return None
        out = proc.stdout.read().strip()
        return [Path(p) for p in json.loads(out.splitlines()[-1])] if out else None
    except subprocess.TimeoutExpired:
        _stop(proc)
        return None
    except (OSError, ValueError):
        return None


def _share(k: int, helpers: int, figures: int) -> list[int]:
    """Positions in charts.RUN_FIGURES that helper ``k`` of ``helpers`` draws (round robin, which splits the
    figures' cost about evenly)."""
    return list(range(k, figures, helpers))


def serve() -> None:
    """The helper's side: import the charts first (the point of starting early), then draw one request and
    exit (without the interpreter's tear-down, as the command does)."""
    from model.core.process import exit_without_teardown

    if hasattr(os, "nice"):  # Unix: yield the cores to the run while it simulates; the figures wait for it anyway
        os.nice(HELPER_NICENESS)
    from model.outputs import charts

    line = sys.stdin.readline()
    if line.strip():  # else the run ended without figures
        told = json.loads(line)
        with open(told["request"], encoding="utf-8") as f:
            request = json.load(f)
        baseline = request["baseline"]
        paths = charts.write_run_figures(Path(request["folder"]), request["label"],
                                         None if baseline is None else (baseline[0], baseline[1]),
                                         lang=request["lang"], only=_share(*told["share"], len(charts.RUN_FIGURES)))
        print(json.dumps([str(p) for p in paths]), flush=True)
    exit_without_teardown(0)
