"""Peak memory of a run by scale, against the estimate the command line checks before it allocates.

    python benchmarks/memory.py [--scales 0.05 25 100] [--engine fast]

Each scale runs ``python -m model run baseline`` in its own process and reads
its peak resident memory; a line through the points gives the fixed part and
the bytes per agent row, which ``model/experiments/run.py`` records as
``MEMORY_FIXED_BYTES`` and ``BYTES_PER_AGENT``. The estimate (with its safety
margin) should lie above every measured peak.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from model.experiments.run import (  # noqa: E402
    BYTES_PER_AGENT, MEMORY_FIXED_BYTES, agent_rows, memory_needed,
)
from model.scenario import load_scenario  # noqa: E402


def peak_bytes(scale: float, engine: str) -> int:
    """Peak resident memory of one run in a child process (Linux reports kilobytes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "model", "run", "baseline", "--scale", str(scale), "--engine", engine,
                        "--no-figures", "--quiet", "--out", str(Path(tmp) / "out")], cwd=REPO, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if after <= before:
        raise SystemExit("run the scales in increasing order: the children's peak is a running maximum")
    return after * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[0.05, 25.0, 100.0])
    parser.add_argument("--engine", choices=("fast", "reference"), default="fast")
    args = parser.parse_args()
    scenario = load_scenario("baseline")
    rows, peaks = [], []
    print(f"{'scale':>8} {'agent rows':>12} {'peak MB':>9} {'estimate MB':>12}")
    for scale in sorted(args.scales):
        peak = peak_bytes(scale, args.engine)
        n = agent_rows(scenario, scale)
        rows.append(n)
        peaks.append(peak)
        print(f"{scale:>8g} {n:>12,} {peak / 1e6:>9.0f} {memory_needed(scenario, scale, args.engine) / 1e6:>12.0f}")
    if len(rows) >= 2:
        slope, fixed = np.polyfit(rows, peaks, 1)
        print(f"fitted: fixed {fixed / 1e6:.0f} MB, {slope:.0f} bytes per agent row "
              f"(recorded: {MEMORY_FIXED_BYTES / 1e6:.0f} MB, {BYTES_PER_AGENT[args.engine]} bytes)")


if __name__ == "__main__":
    main()
