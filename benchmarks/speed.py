"""Issue 14's figures in one run: the default command, warm replications and the compile, with where the time goes.

Usage (from the repository root, after `make setup`):

    .venv/bin/python benchmarks/speed.py            # about eight minutes on two cores
    .venv/bin/python benchmarks/speed.py --quick    # fewer repeats and replications, about a minute

Every measurement is a fresh process (`python -m model ...`), so start-up is included as a user meets it:

* the default command, `python -m model run baseline` (figures and the counterfactual twin included): the
  median of ``--repeats`` runs, against the goal of 2 s, and its parts, by difference: the same run without
  figures (the part the figure helpers add), without the twin too, and the model's imports alone;
* warm replications: `run baseline --replications N --workers 2` at default scale, replications a second with
  start-up included once (goal: 8);
* the compile: the same small run with an empty numba cache against one with a warm cache (goal: 60 s).

The per-agent-step ratio and the one-to-one Vietnam are measured by `benchmarks/engines.py`.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COMMAND_GOAL_S = 2.0
REPLICATIONS_GOAL_PER_S = 8.0
COMPILE_GOAL_S = 60.0
# What the command imports before it runs (the figure helpers import the charts in their own processes); it
# exits as the command does, without the interpreter's tear-down (model.core.process), which is not an import.
IMPORTS = ("import model.cli, model.experiments.run, model.outputs.results\n"
           "from model.core.process import exit_without_teardown\nexit_without_teardown(0)")


def seconds(args: list[str], cwd: Path, env: dict | None = None) -> float:
    """Wall time of one fresh process (it must succeed)."""
    t = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def median_of(n: int, args_for, cwd: Path) -> float:
    return statistics.median(seconds(args_for(i), cwd) for i in range(n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 repeats and 40 replications")
    ap.add_argument("--repeats", type=int, default=None, help="runs of each command (default 5)")
    ap.add_argument("--replications", type=int, default=None, help="replications of the ensemble (default 200)")
    args = ap.parse_args()
    repeats = args.repeats or (3 if args.quick else 5)
    replications = args.replications or (40 if args.quick else 200)
    python = [sys.executable]
    model = python + ["-m", "model"]
    import numba
    import numpy
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {numpy.__version__}, numba {numba.__version__}", flush=True)

    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        work = Path(tmp)
        # Warm the cache once, so every timed run below starts from compiled code (the compile is timed apart).
        seconds(model + ["run", "baseline", "--scale", "0.05", "--out", str(work / "warm"), "--quiet"], ROOT)

        def run(extra: list[str]):
            return lambda i: model + ["run", "baseline", "--out", str(work / f"r{i}"), "--overwrite", "--quiet"] + extra

        full = median_of(repeats, run([]), ROOT)
        no_figures = median_of(repeats, run(["--no-figures"]), ROOT)
        bare = median_of(repeats, run(["--no-figures", "--no-counterfactual"]), ROOT)
        imports = median_of(repeats, lambda i: python + ["-c", IMPORTS], ROOT)
        interpreter = median_of(repeats, lambda i: python + ["-c", "pass"], ROOT)
        print(f"default command (python -m model run baseline): median {full:.2f} s of {repeats} "
              f"(goal {DEFAULT_COMMAND_GOAL_S:g} s: {'met' if full <= DEFAULT_COMMAND_GOAL_S else 'not met'})")
        print(f"  the interpreter {interpreter:.2f} s; the model's imports {imports - interpreter:.2f} s; "
              f"set-up and 64 quarters, accounts and files {bare - imports:.2f} s; "
              f"the counterfactual twin {no_figures - bare:.2f} s; six figures {full - no_figures:.2f} s", flush=True)

        rates = {}
        for workers in (1, 2):
            t = seconds(model + ["run", "baseline", "--replications", str(replications), "--workers", str(workers),
                                 "--out", str(work / f"ensemble{workers}"), "--no-figures", "--quiet"], ROOT)
            rates[workers] = replications / t
            print(f"warm replications: {replications} at default scale on {workers} worker(s) in {t:.1f} s, "
                  f"{rates[workers]:.2f} a second with start-up", flush=True)
        print(f"  goal {REPLICATIONS_GOAL_PER_S:g} a second on 2 workers: "
              f"{'met' if rates[2] >= REPLICATIONS_GOAL_PER_S else 'not met'}; 2 workers give "
              f"{rates[2] / rates[1]:.2f} times the rate of 1 on this machine", flush=True)
        # Whether two processes slow each other down: the same CPU-bound loop alone and two at once, in pure
        # Python (integer work) and vectorised (numpy's exp over 30,000 numbers, which fit in a core's cache:
        # the kind of work the compiled phases do).
        loops = {"a pure-Python loop": "x = 0\nfor i in range(10_000_000): x += i",
                 "a vectorised loop": ("import numpy as np\nx = np.linspace(-1, 1, 30_000)\n"
                                       "for _ in range(20_000): np.exp(x)")}
        for name, code in loops.items():
            loop = python + ["-c", code]
            alone = seconds(loop, ROOT)
            t = time.perf_counter()
            pair = [subprocess.Popen(loop, cwd=ROOT) for _ in range(2)]
            for proc in pair:
                proc.wait()
            together = time.perf_counter() - t
            print(f"  {name} takes {alone:.2f} s alone and {together:.2f} s as two at once (two cores that scale "
                  f"would give about the same)", flush=True)

        small = ["run", "baseline", "--scale", "0.05", "--no-figures", "--no-counterfactual", "--quiet"]
        cold_env = dict(os.environ, NUMBA_CACHE_DIR=str(work / "empty-cache"), XDG_CACHE_HOME=str(work / "xdg"))
        cold = seconds(model + small + ["--out", str(work / "cold")], ROOT, cold_env)
        warm = seconds(model + small + ["--out", str(work / "warm2")], ROOT)
        print(f"compile: a small run takes {cold:.1f} s with an empty numba cache and {warm:.1f} s warm, so the compile "
              f"costs about {cold - warm:.0f} s (goal {COMPILE_GOAL_S:g} s: "
              f"{'met' if cold - warm <= COMPILE_GOAL_S else 'not met'})", flush=True)


if __name__ == "__main__":
    main()
