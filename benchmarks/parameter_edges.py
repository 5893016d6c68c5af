"""Every parameter at the edges of its documented range: does the model still run, and is the economy sound?

Usage (from the repository root):

    .venv/bin/python benchmarks/parameter_edges.py               # every parameter, a few minutes on 2 cores
    .venv/bin/python benchmarks/parameter_edges.py --only online_spend_share skill_gate_ecommerce
    .venv/bin/python benchmarks/parameter_edges.py --workers 4 --scale 0.05

Runs, for each parameter of ``model.core.params.PARAMETERS`` (all others at their defaults):

* the baseline scenario to 2030 with the parameter at its low end, midpoint and high end;
* the three_breakthroughs scenario extended to 2050 with the parameter at its low and high end
  (the longest run a scenario may ask for, with the largest shipped budgets).

A value the consistency rules (``consistency_problems``) refuse with the other parameters at their defaults is
skipped and counted, since no scenario can ask for it. Each run is checked with
``model.measure.soundness.soundness_problems``. Prints the counts (runs, crashes, unsound, skipped) and every
crash (parameter, value, exception) and unsound run (parameter, value, its first problems); exits 1 if any.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.core.params import PARAMETERS, consistency_problems  # noqa: E402

# (scenario, end year, which points of the range)
PLANS = (("baseline", 2030, ("low", "mid", "high")),
         ("three_breakthroughs", 2050, ("low", "high")))


@dataclass(frozen=True)
class Case:
    scenario: str
    end_year: int
    name: str
    point: str
    value: float


def cases(names) -> tuple[list[Case], list[Case]]:
    """(cases to run, cases skipped because the consistency rules refuse the value)."""
    todo, skipped = [], []
    defaults = {n: p.default for n, p in PARAMETERS.items()}
    for scenario, end_year, points in PLANS:
        for name in names:
            p = PARAMETERS[name]
            values = {"low": p.low, "mid": (p.low + p.high) / 2.0, "high": p.high}
            for point in points:
                case = Case(scenario, end_year, name, point, values[point])
                (skipped if consistency_problems({**defaults, name: case.value}) else todo).append(case)
    return todo, skipped


def run_case(case: Case, scale: float) -> tuple[Case, str, list[str]]:
    """(case, "ok" / "crash" / "unsound", details)."""
    from model.experiments.run import Job, run
    from model.measure.soundness import soundness_problems
    from model.scenario import scenario_from_dict
    try:
        scenario = scenario_from_dict({"title": "edge", "extends": case.scenario, "end_year": case.end_year,
                                       "parameters": {case.name: case.value}})
        model = run(Job(scenario, scale=scale))
    except Exception as e:  # noqa: BLE001 - a crash is what this benchmark counts
        frame = traceback.extract_tb(e.__traceback__)[-1]
        return case, "crash", [f"{type(e).__name__}: {e} ({Path(frame.filename).name}:{frame.lineno})"]
    problems = soundness_problems(model)
    return case, ("unsound" if problems else "ok"), problems


def _work(args):
    return run_case(*args)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="parameter names (default: all)")
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=3, help="problems shown per unsound run")
    args = ap.parse_args(argv)
    names = args.only or list(PARAMETERS)
    todo, skipped = cases(names)
    t0 = time.perf_counter()
    with mp.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(_work, [(c, args.scale) for c in todo], chunksize=4)
    crashes = [(c, d) for c, status, d in results if status == "crash"]
    unsound = [(c, d) for c, status, d in results if status == "unsound"]
    for label, items in (("CRASH", crashes), ("UNSOUND", unsound)):
        for c, details in items:
            print(f"{label} {c.scenario}->{c.end_year} {c.name}={c.value:g} ({c.point}): "
                  + "; ".join(details[:args.show]) + (f" (+{len(details) - args.show} more)"
                                                     if len(details) > args.show else ""))
    for c in skipped:
        print(f"skipped {c.scenario}->{c.end_year} {c.name}={c.value:g} ({c.point}): refused by consistency rules")
    print(f"\nparameters {len(names)}, runs {len(results)}, crashes {len(crashes)}, unsound {len(unsound)}, "
          f"skipped {len(skipped)} (scale {args.scale}, {time.perf_counter() - t0:.0f} s on {args.workers} workers)")
    return 1 if crashes or unsound else 0


if __name__ == "__main__":
    sys.exit(main())
