"""Benchmark the fast engine against the plain-Mesa reference engine, and against memory bandwidth.

Usage (from the repository root, after `make setup`):

    .venv/bin/python benchmarks/engines.py                  # the ladder below, about 5-10 minutes
    .venv/bin/python benchmarks/engines.py --quick          # small sizes only, about a minute
    .venv/bin/python benchmarks/engines.py --full           # add the one-to-one Vietnam run (long)

For each engine and size it runs the baseline scenario 2015-2030 (64 quarters)
in a fresh subprocess and prints wall time, nanoseconds per agent-step, peak
memory (resident set size of that subprocess) and, where both engines ran the
same size, the ratio between them measured in this run. It also measures this
machine's memory bandwidth (a large numpy copy) and prints the floor for the
state layout: the bytes of agent state read and written once per agent-step
divided by that bandwidth, and how far above the floor the fast engine is.

Each subprocess first runs a tiny economy for a year, untimed: that loads every compiled phase from numba's
cache (0.3-0.5 s) and warms the reference's Python, which are start-up like the imports. Until December 2026
the timed run counted that loading in its first quarter, about 0.3 s of the 1.2 s at 100,000 agents.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GOAL_AGENTS = 100_000  # the comparison size
GOAL_SCALE = 3.33  # about 100,000 agents (20,000 households + 10,000 firms per unit of scale)
FAST_SCALES = (0.05, 0.1, 0.25, 1.0, GOAL_SCALE, 10.0, 25.0)
REFERENCE_SCALES = (0.05, 0.1, 0.25, 0.5, 1.0)
QUICK_FAST, QUICK_REFERENCE = (0.05, 1.0, GOAL_SCALE), (0.05,)
REFERENCE_TIME_LIMIT = 90.0  # seconds: stop climbing the reference ladder past this

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from model.engines import engine_class
from model.scenario import load_scenario
engine, scale = sys.argv[1], sys.argv[2]
scale = scale if scale == "full" else float(scale)
t1 = time.perf_counter()
# Start-up, not agent-steps: a tiny run of one year loads every compiled phase from numba's cache (0.3-0.5 s,
# which the timed run would otherwise count as its first quarter's) and warms the reference's Python.
warm = engine_class(engine)(load_scenario("baseline"), seed=2, scale=0.01)
while warm.quarter < 4:
    warm.step()
t1b = time.perf_counter()
model = engine_class(engine)(load_scenario("baseline"), seed=1, scale=scale)
t2 = time.perf_counter()
model.run()
t3 = time.perf_counter()
hh, firms = model.households, model.firms
print(json.dumps({
    "engine": engine, "scale": scale, "households": int(hh.n), "firms": int(firms.n),
    "quarters": model.n_quarters, "import_s": t1 - t0, "load_s": t1b - t1, "setup_s": t2 - t1b, "run_s": t3 - t2,
    "state_bytes": int(hh.nbytes() + firms.nbytes()),
    # VmHWM is this process's own peak resident set (ru_maxrss would inherit the parent's mark).
    "peak_rss_mb": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024,
}))
"""


def run_child(engine: str, scale) -> dict | None:
    out = subprocess.run([sys.executable, "-c", CHILD, engine, str(scale)], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{engine} at scale {scale} failed (exit {out.returncode}):\n{out.stderr[-2000:]}", file=sys.stderr)
        return None
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["agents"] = result["households"] + result["firms"]
    result["ns_per_agent_step"] = result["run_s"] / (result["agents"] * result["quarters"]) * 1e9
    return result


def memory_bandwidth_gb_s(megabytes: int = 512, repeats: int = 5) -> float:
    """Copy bandwidth (bytes read plus bytes written per second), best of several copies."""
    src = np.ones(megabytes * 2**20 // 8)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t)
    return 2 * src.nbytes / best / 1e9


def compile_seconds() -> tuple[float, float]:
    """Set-up plus run at a tiny scale with an empty numba cache (compiling every phase) and then warm.

    The difference is the one-off compile time; numba caches the machine code on disk
    (``cache=True``), so only the first run on a machine (or after a code change) pays it.
    """
    import tempfile
    times = []
    with tempfile.TemporaryDirectory() as cache:
        for _ in range(2):
            out = subprocess.run([sys.executable, "-c", CHILD, "fast", "0.05"], cwd=ROOT, capture_output=True, text=True,
                                 env={**os.environ, "NUMBA_CACHE_DIR": cache}, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            times.append(r["load_s"] + r["setup_s"] + r["run_s"])
    return times[0], times[1]


def whole_command_seconds() -> tuple[float, float]:
    """Wall time of `python -m model run baseline` at the default scale, with and without figures."""
    times = []
    for extra in (["--no-figures"], []):
        out = ROOT / "results" / ".benchmark-run"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "model", "run", "baseline", "--quiet", "--out", str(out), *extra],
                       cwd=ROOT, check=True)
        times.append(time.perf_counter() - t)
    return times[0], times[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--full", action="store_true", help="also run the fast engine at one agent per real household and firm")
    args = ap.parse_args()
    fast_scales = QUICK_FAST if args.quick else FAST_SCALES
    reference_scales = QUICK_REFERENCE if args.quick else REFERENCE_SCALES
    if args.full:
        fast_scales = fast_scales + ("full",)

    import numba
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, numba {numba.__version__} ({numba.config.NUMBA_NUM_THREADS} threads)")
    cold, warm = compile_seconds()
    print(f"compiling the fast engine's phases (first run on a machine, then cached): {cold - warm:.1f} s "
          f"(tiny run {cold:.1f} s cold, {warm:.1f} s warm)")
    no_fig, with_fig = whole_command_seconds()
    print(f"whole command, default scale: {no_fig:.2f} s without figures, {with_fig:.2f} s with figures")

    bandwidth = memory_bandwidth_gb_s()
    print(f"memory bandwidth (numpy copy, read+write): {bandwidth:.1f} GB/s\n")
    header = f"{'engine':<10}{'scale':>7}{'agents':>12}{'setup s':>9}{'run s':>9}{'ns/agent-step':>15}{'peak MB':>9}{'x floor':>9}{'ref/fast':>10}"
    print(header)
    print("-" * len(header), flush=True)
    rows, fast = [], {}
    plan = [("fast", s) for s in fast_scales] + [("reference", s) for s in reference_scales]
    for engine, scale in plan:
        r = run_child(engine, scale)
        if r is None:
            continue
        rows.append(r)
        if engine == "fast":
            fast[scale] = r
        # The floor is for the fast engine's state layout (bytes of array state read and written once a
        # step); the reference keeps Python objects, for which no such floor is meaningful.
        floor = ""
        if engine == "fast":
            floor_ns = 2 * r["state_bytes"] / r["agents"] / bandwidth  # GB/s = bytes per ns
            floor = f"{r['ns_per_agent_step'] / floor_ns:.0f}"
        ratio = ""
        if engine == "reference" and scale in fast:
            ratio = f"{r['ns_per_agent_step'] / fast[scale]['ns_per_agent_step']:.0f}x"
        print(f"{engine:<10}{str(scale):>7}{r['agents']:>12,}{r['setup_s']:>9.2f}{r['run_s']:>9.2f}"
              f"{r['ns_per_agent_step']:>15.1f}{r['peak_rss_mb']:>9.0f}{floor:>9}{ratio:>10}", flush=True)
        if engine == "reference" and r["run_s"] > REFERENCE_TIME_LIMIT:
            break

    reference = [r for r in rows if r["engine"] == "reference"]
    if GOAL_SCALE in fast and reference:
        goal, ref = fast[GOAL_SCALE], reference[-1]
        print(f"\nat about {GOAL_AGENTS:,} agents the fast engine takes {goal['ns_per_agent_step']:.0f} ns per agent-step; "
              f"the reference at its largest size ({ref['agents']:,} agents) {ref['ns_per_agent_step']:.0f} ns: "
              f"{ref['ns_per_agent_step'] / goal['ns_per_agent_step']:.0f}x (goal: at least 100x)")
    print("\nx floor: ns per agent-step over the bandwidth floor (state bytes read and written once a step / bandwidth)")
    print("ref/fast: reference ns per agent-step over fast ns per agent-step at the same scale, in this run")


if __name__ == "__main__":
    main()
