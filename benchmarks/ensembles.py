"""Benchmark ensembles: replications per second at 1, 2 and all workers, and peak memory as N grows.

Usage (from the repository root, after `make setup`):

    .venv/bin/python benchmarks/ensembles.py                 # N = 100 and 2,000 at scale 0.05, a few minutes
    .venv/bin/python benchmarks/ensembles.py --large 10000   # the issue's N = 10,000 (about half an hour on 2 cores)
    .venv/bin/python benchmarks/ensembles.py --parameter-uncertainty --skip-rates --large 10000   # issue 15's run

Each measurement runs `python -m model run baseline --replications N` in a fresh process and reads
that process's own peak resident set (VmHWM) and, read every half second while they live, the largest peak
among its descendants (the fork server and the workers it starts).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, threading, time
from model.cli import main
n, workers, scale, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended while we looked
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


# The workers are children of the fork server, not of this process, so getrusage(RUSAGE_CHILDREN) never sees
# them: read every descendant's own peak (VmHWM) while it lives.
peaks = {}


def watch():
    while True:
        for pid in descendants(os.getpid()):
            try:
                peaks[pid] = max(peaks.get(pid, 0.0), peak_mb(pid))
            except (OSError, StopIteration):
                pass
        time.sleep(0.5)


threading.Thread(target=watch, daemon=True).start()
t = time.perf_counter()
code = main(["run", "baseline", "--replications", n, "--workers", workers, "--scale", scale, "--out", out,
             "--no-figures", "--quiet"] + sys.argv[5:])
wall = time.perf_counter() - t
print(json.dumps({"code": code, "wall_s": wall, "coordinator_peak_mb": peak_mb("self"),
                  "worker_peak_mb": max(peaks.values(), default=float("nan")), "processes_seen": len(peaks)}))
"""


def measure(n: int, workers: int, scale: float, options: tuple[str, ...] = ()) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CHILD, str(n), str(workers), str(scale), str(Path(tmp) / "ens"),
                              *options], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--rate-replications", type=int, default=64)
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--large", type=int, default=2000)
    ap.add_argument("--parameter-uncertainty", action="store_true",
                    help="each replication also draws its parameters from the posterior (issue 15's 10,000-replication run)")
    ap.add_argument("--skip-rates", action="store_true", help="only the memory runs at --small and --large")
    args = ap.parse_args()
    options = ("--parameter-uncertainty",) if args.parameter_uncertainty else ()
    cores = os.cpu_count() or 1
    print(f"machine: {platform.platform()}, {cores} cores, Python {platform.python_version()}; scale {args.scale}"
          f"{'; parameter uncertainty' if options else ''}")
    for workers in [] if args.skip_rates else sorted({1, 2, cores}):
        r = measure(args.rate_replications, workers, args.scale, options)
        print(f"workers {workers}: {args.rate_replications / r['wall_s']:.2f} replications a second "
              f"({args.rate_replications} in {r['wall_s']:.1f} s, start-up included)", flush=True)
    for n in (args.small, args.large):
        t = time.perf_counter()
        r = measure(n, cores, args.scale, options)
        print(f"N = {n}: {time.perf_counter() - t:.0f} s ({n / r['wall_s']:.2f} replications a second); peak memory: coordinator {r['coordinator_peak_mb']:.0f} MB, "
              f"largest worker or fork server {r['worker_peak_mb']:.0f} MB (of {r['processes_seen']} processes)", flush=True)


if __name__ == "__main__":
    main()
