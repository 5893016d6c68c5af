"""Benchmark the band stretch's pass over an ensemble's store: seconds per replication and peak memory as N grows.

Usage (from the repository root, after `make setup`):

    .venv/bin/python benchmarks/band_stretch.py                 # N = 100 and 10,000, about two minutes

An ensemble with parameter uncertainty, the model's own error and the band stretch reads its results from a
stretched copy of its store (``model.experiments.ensemble.stretched``): one pass over every replication after
they have all run. This measures that pass alone, so that its cost is not lost in the replications' own: a
store of N replications is filled with copies of a few real ones (baseline, scale 0.05, the shipped
posterior and model error), and a fresh process opens it, stretches it by the shipped factor and reports its
time and its own peak resident set (VmHWM).
"""
from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = 20  # real replications the store is filled with, in turn

CHILD = r"""
import json, sys, time
from pathlib import Path
from model.experiments import ensemble
from model.experiments.ensemble import EnsembleSettings, Store, stretch_made, stretched

folder = Path(sys.argv[1])
spec = json.loads((folder / "store" / "spec.json").read_text())
store = Store.open(folder / "store", {k: v for k, v in spec.items() if k != "sizes"}, resume=True)
stretch = stretch_made(EnsembleSettings(spec["replications"], parameter_uncertainty=True))
started = time.perf_counter()
copy = stretched(store, stretch, folder)
seconds = time.perf_counter() - started
ensemble.bands(copy), ensemble.target_probabilities(copy)
with open("/proc/self/status") as f:
    peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
print(json.dumps({"replications": spec["replications"], "seconds": seconds, "peak_mb": peak,
                  "factor": stretch["factor"]}))
"""


def filled_store(folder: Path, n: int, real: list) -> None:
    """A store of ``n`` replications, replication i a copy of real replication i mod len(real)."""
    from model.experiments.ensemble import Store
    spec = {k: v for k, v in real[0][0].spec.items() if k != "sizes"} | {"replications": n}
    store = Store.open(folder / "store", spec, resume=False)
    for i in range(n):
        _, annual, targets = real[i % len(real)][1]
        store.put(i, annual, targets)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    args = ap.parse_args()
    from model.experiments.ensemble import run_ensemble, stretch_made, EnsembleSettings
    from model.experiments.parallel import Runner
    from model.scenario import load_scenario

    stretch_made(EnsembleSettings(1, parameter_uncertainty=True))  # the shipped stretch must be there
    scenario = load_scenario("baseline")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        with Runner(1) as runner:
            store = run_ensemble(scenario, 1, REAL, 0.05, True, runner, Path(tmp) / "real", resume=False,
                                 with_error=True)
        real = [(store, (i, store.annual_rows(i), [{"value": v} for v in store.target_values()[i]]))
                for i in range(REAL)]
        for n in args.sizes:
            folder = Path(tmp) / f"n{n}"
            filled_store(folder, n, real)
            out = subprocess.run([sys.executable, "-c", CHILD, str(folder)], cwd=ROOT, capture_output=True,
                                 text=True, check=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            row["ms_per_replication"] = 1000 * row["seconds"] / n
            results.append(row)
            print(f"N = {n:>6,}: {row['seconds']:.1f} s ({row['ms_per_replication']:.2f} ms a replication), "
                  f"peak {row['peak_mb']:.0f} MB (stretch {row['factor']:.2f})", flush=True)
    print(json.dumps({"machine": platform.platform(), "python": platform.python_version(),
                      "when": time.strftime("%Y-%m-%d"), "results": results}, indent=1))


if __name__ == "__main__":
    main()
