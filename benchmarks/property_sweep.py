"""Joint random draws of everything a scenario may say: does every valid scenario run to a sound economy?

Usage (from the repository root):

    .venv/bin/python benchmarks/property_sweep.py                 # 1,000 draws at scale 0.02
    .venv/bin/python benchmarks/property_sweep.py --draws 200 --seed 7 --workers 2

Each draw is a self-contained scenario from ``tests/properties/strategies.py: scenario_table`` (the same drawing
code as the property tests, so both cover the same space): any subset of the parameters anywhere in their ranges
(repaired to pass the consistency rules), budgets, levels, switches and shocks across their ranges, an end year up
to 2050. Each run is checked with ``model.measure.soundness.soundness_problems``. Prints draws, crashes and unsound
runs with examples (the scenario dict to replay); exits 1 if any.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "properties"))


def draw(index: int, seed: int) -> dict:
    import numpy as np
    from strategies import NumpyPick, scenario_table
    return scenario_table(NumpyPick(np.random.default_rng([seed, index])))


def check(args) -> tuple[int, str, list[str], dict]:
    index, seed, scale = args
    from model.experiments.run import Job, run
    from model.measure.soundness import soundness_problems
    from model.scenario import scenario_from_dict
    table = draw(index, seed)
    try:
        model = run(Job(scenario_from_dict(table, name=f"draw{index}"), scale=scale))
    except Exception as e:  # noqa: BLE001 - crashes are what this sweep counts
        frame = traceback.extract_tb(e.__traceback__)[-1]
        return index, "crash", [f"{type(e).__name__}: {e} ({Path(frame.filename).name}:{frame.lineno})"], table
    problems = soundness_problems(model)
    return index, ("unsound" if problems else "ok"), problems, table


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--scale", type=float, default=0.02)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--examples", type=int, default=5)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with mp.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(check, [(i, args.seed, args.scale) for i in range(args.draws)], chunksize=4)
    bad = {"crash": [r for r in results if r[1] == "crash"], "unsound": [r for r in results if r[1] == "unsound"]}
    for status, items in bad.items():
        for index, _, details, table in items[:args.examples]:
            print(f"{status.upper()} draw {index}: " + "; ".join(details[:3]))
            print("  " + json.dumps(table, default=str)[:4000])
    print(f"\ndraws {len(results)}, passed {len(results) - len(bad['crash']) - len(bad['unsound'])}, "
          f"crashes {len(bad['crash'])}, unsound {len(bad['unsound'])} "
          f"(seed {args.seed}, scale {args.scale}, {time.perf_counter() - t0:.0f} s on {args.workers} workers)")
    return 1 if bad["crash"] or bad["unsound"] else 0


if __name__ == "__main__":
    sys.exit(main())
