"""model.core.lean_imports: a run executes none of the deferred modules, and each still works when read."""
import json
import subprocess
import sys

from model.core.lean_imports import DEFERRED

# Modules each deferred one would have executed: present in sys.modules only if its code ran.
EXECUTED_BY = {
    "mesa.discrete_space": "mesa.discrete_space.grid",
    "mesa.experimental": "mesa.experimental.continuous_space",
    "mesa.space": "mesa.space.MultiGrid",  # not a module: mesa.space's code ran if the class exists
    "pandas": "pandas.core.frame",
    "scipy.linalg": "scipy.linalg._basic",
}

RUN_THEN_REPORT = """
import json, sys
from model.experiments.run import Job, run
from model.scenario import load_scenario
model = run(Job(load_scenario("baseline"), scale=0.1, end_year=2016))
space = sys.modules["mesa.space"]
executed = {name: (EXECUTED_BY[name] in sys.modules if name != "mesa.space" else "MultiGrid" in vars(space))
            for name in EXECUTED_BY}
import mesa, pandas, scipy.linalg
from mesa.space import MultiGrid
works = {
    "mesa.space": MultiGrid.__name__ == "MultiGrid",
    "mesa.discrete_space": mesa.discrete_space.OrthogonalMooreGrid.__name__ == "OrthogonalMooreGrid",
    "mesa.experimental": hasattr(mesa.experimental, "continuous_space"),
    "mesa.DataCollector": mesa.DataCollector.__name__ == "DataCollector",
    "pandas": bool(pandas.DataFrame({"a": [1, 2]})["a"].sum() == 3),
    "scipy.linalg": float(scipy.linalg.inv([[4.0]])[0, 0]) == 0.25,
}
print(json.dumps({"executed": executed, "works": works, "gdp": len(model.annual_by_year())}))
"""


def _report() -> dict:
    code = f"EXECUTED_BY = {EXECUTED_BY!r}\n{RUN_THEN_REPORT}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_deferred_module_is_checked():
    assert set(EXECUTED_BY) == {name for name, _, _ in DEFERRED}


def test_a_run_executes_no_deferred_module_and_each_works_when_read():
    report = _report()
    assert report["gdp"] == 2  # 2015 and 2016 were run
    assert report["executed"] == {name: False for name in EXECUTED_BY}, "a run executed a deferred module"
    assert all(report["works"].values()), report["works"]


SUBMODULE_FIRST = """
import sys
import model.engines.fast
from pandas.core.frame import DataFrame  # a submodule before any name of the package is read
from mesa.discrete_space.grid import OrthogonalMooreGrid
import pandas
print(pandas.get_option("display.max_rows") > 0, "pandas.core.config_init" in sys.modules,
      OrthogonalMooreGrid.__name__, type(DataFrame({"a": [1]})).__name__)
"""


def test_importing_a_submodule_first_runs_its_deferred_package_first():
    """``from pandas.core.frame import DataFrame`` after the model's import gets pandas set up as usual (its
    __init__ registers the options), not a submodule of a package that never ran."""
    out = subprocess.run([sys.executable, "-c", SUBMODULE_FIRST], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "OrthogonalMooreGrid", "DataFrame"]
