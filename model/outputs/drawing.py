"""A run's figures drawn by helper processes beside it (issue 14).

Drawn one after another after the run, the six figures of ``python -m model run`` took 2.0-2.4 s of its 4.5 s,
and importing matplotlib 0.35 s more. Helpers started when the run starts import the drawing code while the
economy is simulated; once the run's tables are written, each draws its share of the figures from them. They
draw with the same code from the same tables as one process would, so the files are the same.

Run as a program (``python -m model.outputs.drawing``), this module is the helper: it imports the charts, reads
one request (a JSON line) from its standard input, draws, and prints the paths it wrote as a JSON line.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
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
        package_parent = str(Path(model.__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (package_parent,
                                                                         os.environ.get("PYTHONPATH")))))
        for _ in range(count):
            try:
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-m", "model.outputs.drawing"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, env=env, text=True, encoding="utf-8"))
            except OSError:  # no process to spare: draw here
                break

    def __enter__(self) -> FigureHelpers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop any helper still running (a run that failed or was stopped before its figures)."""
        for proc in self.processes:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None and not stream.closed:
                    stream.close()
        self.processes = []

    def write_run_figures(self, results_dir: Path, label: str, baseline: tuple[str, list[dict]] | None = None,
                          lang: str | None = None) -> list[Path]:
        """``charts.write_run_figures``, shared among the helpers (``_share``); a share whose helper fails is
        drawn here. Each helper serves one request. Returns the paths written, helper by helper."""
        helpers, self.processes = self.processes, []
        if not helpers:
            from model.outputs import charts

            return charts.write_run_figures(results_dir, label, baseline, lang=lang)
        # Helper k draws figures k, k + n, k + 2n, ... of charts.RUN_FIGURES: this process need not import the
        # charts (a third of a second) to share them out.
        written: list[list[Path]] = []
        for k, proc in enumerate(helpers):
            request = {"folder": str(results_dir), "label": label, "baseline": baseline, "lang": lang,
                       "share": [k, len(helpers)]}
            try:
                proc.stdin.write(json.dumps(request, default=float) + "\n")
                proc.stdin.close()
            except OSError:  # the helper is gone: _answer says so
                pass
        for k, proc in enumerate(helpers):
            drawn = _answer(proc)
            if drawn is None:
                from model.outputs import charts

                drawn = charts.write_run_figures(results_dir, label, baseline, lang=lang,
                                                 only=_share(k, len(helpers), len(charts.RUN_FIGURES)))
            written.append(drawn)
        self.processes = helpers
        self.close()
        return [path for drawn in written for path in drawn]


def _share(k: int, helpers: int, figures: int) -> list[int]:
    """Positions in charts.RUN_FIGURES that helper ``k`` of ``helpers`` draws (round robin, which splits the
    figures' cost about evenly)."""
    return list(range(k, figures, helpers))


def _answer(proc: subprocess.Popen | None) -> list[Path] | None:
    """The paths a helper wrote, or None where it failed or ran out of time."""
    if proc is None:
        return None
    try:
        out = proc.stdout.read() if proc.wait(timeout=HELPER_TIMEOUT_S) == 0 else ""
        return [Path(p) for p in json.loads(out.strip().splitlines()[-1])] if out.strip() else None
    except (subprocess.TimeoutExpired, OSError, ValueError):
        return None


def _serve() -> None:
    """The helper's side: import the charts first (the point of starting early), then draw one request."""
    if hasattr(os, "nice"):  # yield the cores to the run while it simulates; the figures wait for it anyway
        os.nice(HELPER_NICENESS)
    from model.outputs import charts

    line = sys.stdin.readline()
    if not line.strip():  # the run ended without figures
        return
    request = json.loads(line)
    baseline = request["baseline"]
    paths = charts.write_run_figures(Path(request["folder"]), request["label"],
                                     None if baseline is None else (baseline[0], baseline[1]),
                                     lang=request["lang"], only=_share(*request["share"], len(charts.RUN_FIGURES)))
    print(json.dumps([str(p) for p in paths]), flush=True)


if __name__ == "__main__":
    from model.core.process import exit_without_teardown

    _serve()
    exit_without_teardown(0)
