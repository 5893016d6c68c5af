"""model.core.lean_imports: a run executes none of the modules it leaves out, and each works as usual when read
(the same classes, its exceptions caught, its submodules imported directly, from threads, after a failure)."""
import json
import subprocess
import sys

from model.core.lean_imports import PRELOADED, STAND_INS

# Each module left out, and whether it ran, read from sys.modules (a stand-in is there only while mesa imports).
LEFT_OUT = [name for name, _ in STAND_INS] + [name.rpartition(".")[0] for name, _ in PRELOADED]


def _python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_every_module_left_out_is_checked():
    assert LEFT_OUT == ["mesa.discrete_space", "mesa.experimental", "mesa.space", "pandas", "scipy.linalg"]


def test_a_run_executes_none_of_them():
    report = json.loads(_python(f"""
import json, sys
from model.experiments.run import Job, run
from model.scenario import load_scenario
model = run(Job(load_scenario("baseline"), scale=0.1, end_year=2016))
print(json.dumps({{"ran": [m for m in {LEFT_OUT!r} if m in sys.modules], "years": len(model.annual_by_year()),
                   "blas": "scipy.linalg.cython_blas" in sys.modules}}))
"""))
    assert report == {"ran": [], "years": 2, "blas": True}


def test_each_works_as_usual_when_read():
    """The same classes whichever way they are reached, exceptions that their own classes catch, a scipy.linalg
    submodule imported directly, mesa's data collector with pandas."""
    assert _python("""
import io
import model.engines.fast
import mesa
from mesa.discrete_space.grid import OrthogonalMooreGrid
from mesa.space import MultiGrid
import mesa.space
import pandas
from pandas.errors import EmptyDataError
from scipy.linalg.lapack import get_lapack_funcs
import scipy.linalg
checks = [OrthogonalMooreGrid is mesa.discrete_space.OrthogonalMooreGrid, MultiGrid is mesa.space.MultiGrid,
          float(scipy.linalg.inv([[4.0]])[0, 0]) == 0.25, callable(get_lapack_funcs),
          "continuous_space" in dir(mesa.experimental), mesa.space.__doc__ is not None]
try:
    pandas.read_csv(io.StringIO(""))
except EmptyDataError:
    checks.append(True)


class Counted(mesa.Model):
    def __init__(self):
        super().__init__(rng=1)
        self.collector = mesa.DataCollector(model_reporters={"steps": lambda m: m.steps})


m = Counted()
m.collector.collect(m)
checks.append(list(m.collector.get_model_vars_dataframe()["steps"]) == [0])
print(all(checks), len(checks))
""") == "True 8"


def test_threads_reading_a_stand_in_at_once_all_get_the_module():
    assert _python("""
import threading
import model.engines.fast
import mesa.datacollection as dc  # binds pandas' stand-in as dc.pd
results = []
def use():
    results.append(dc.pd.DataFrame({"a": [1]}).shape == (1, 1))
threads = [threading.Thread(target=use) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(results == [True] * 4)
""") == "True"


def test_a_failed_first_import_can_be_retried():
    """A stand-in imports the ordinary way each time it is read, so a failure leaves nothing half-made."""
    assert _python("""
import sys
import model.engines.fast
import mesa.datacollection as dc

class Fails:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas.core.frame":
            raise ImportError("simulated")
        return None

sys.meta_path.insert(0, Fails())
try:
    dc.pd.DataFrame
    failed = False
except ImportError:
    failed = True
sys.meta_path.pop(0)
print(failed, dc.pd.DataFrame({"a": [1, 2]})["a"].sum() == 3)
""") == "True True"
