"""The simulation calls no BLAS routine: its numbers must not depend on the machine's cores or CPU.

OpenBLAS splits a long dot product among its threads (as many as the machine has cores) and picks its kernel
by CPU, so a ``weights @ values`` in the model made its results depend on the machine, and its idle threads
spun and slowed every other process (issue 14). Sums go through numpy's reductions or the compiled kernels
(core.kernels.weighted_total), which give the same bits anywhere.
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import model

PACKAGE = Path(model.__file__).parent
# What a run or a replication executes (the calibration's and validation's statistics are not in a run).
SIMULATION = ("core", "scenario", "rules", "measure", "engines", "experiments/run.py", "experiments/ensemble.py",
              "experiments/counterfactual.py")
BLAS_CALLS = {"dot", "matmul", "inner", "vdot", "tensordot", "einsum", "linalg"}


def test_no_matrix_products_in_the_simulation():
    found = []
    for part in SIMULATION:
        paths = [PACKAGE / part] if part.endswith(".py") else sorted((PACKAGE / part).rglob("*.py"))
        for path in paths:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} @")
                elif isinstance(node, ast.Attribute) and node.attr in BLAS_CALLS:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}")
    assert found == []


RUN = """
import hashlib, json
from model.experiments.run import Job, run
from model.scenario import load_scenario
rows = run(Job(load_scenario("baseline"), scale=1.0, end_year=2016)).annual_rows()
print(hashlib.sha256(json.dumps(rows, sort_keys=True, default=repr).encode()).hexdigest())
"""


def test_results_do_not_depend_on_blas_threads():
    """At default scale the firms (over 10,000 rows) are past OpenBLAS's threshold for splitting a dot product."""
    digests = set()
    for threads in ("1", "2"):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads)
        out = subprocess.run([sys.executable, "-c", RUN], env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        digests.add(out.stdout.strip())
    assert len(digests) == 1

