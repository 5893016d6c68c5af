"""Same scenario, seed and scale -> byte-identical results; the manifest records how a run was made."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from importlib import metadata

import numpy as np
import pytest

from conftest import read_csv
from model.engines.fast import VietnamEconomy
from model.core.params import Parameters
from model.outputs.results import write_results
from model.scenario import load_scenario

SCALE = 0.1
TABLES = ("annual.csv", "quarterly.csv", "provinces.csv", "groups.csv", "targets.csv")


def _write(folder, seed, scenario="baseline"):
    started = datetime.now(timezone.utc)
    m = VietnamEconomy(load_scenario(scenario), seed=seed, scale=SCALE)
    m.run()
    return write_results(m, folder, started, figures=False), started


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("determinism")
    # Disturb the global random states between runs: the model must not read them.
    np.random.seed(1)
    random.seed(1)
    a, started = _write(base / "a", seed=7)
    np.random.seed(99)
    random.seed(99)
    b, _ = _write(base / "b", seed=7)
    c, _ = _write(base / "c", seed=8)
    finished = datetime.now(timezone.utc)
    return {"a": a, "b": b, "c": c, "started": started, "finished": finished}


@pytest.mark.parametrize("table", TABLES)
def test_same_seed_gives_byte_identical_tables(folders, table):
    a = (folders["a"] / table).read_bytes()
    assert a  # not empty
    assert a == (folders["b"] / table).read_bytes()


def test_a_different_seed_gives_different_numbers(folders):
    a = read_csv(folders["a"] / "annual.csv")
    c = read_csv(folders["c"] / "annual.csv")
    assert [r["year"] for r in a] == [r["year"] for r in c]
    for column in ("gdp_vnd_bn", "internet_users_pct", "basic_digital_skills_pct"):
        assert [r[column] for r in a[1:]] != [r[column] for r in c[1:]], column
    assert (folders["a"] / "provinces.csv").read_bytes() != (folders["c"] / "provinces.csv").read_bytes()


def test_the_scenario_seed_is_the_default():
    s = load_scenario("baseline")
    default = VietnamEconomy(s, scale=0.05)
    explicit = VietnamEconomy(s, seed=s.seed, scale=0.05)
    assert default.seed_used == explicit.seed_used == s.seed
    for m in (default, explicit):
        for _ in range(3):
            m.step()
    assert [r.values for r in default.records] == [r.values for r in explicit.records]


def test_manifest_records_seed_scale_scenario_packages_and_times(folders):
    info = json.loads((folders["a"] / "manifest.json").read_text(encoding="utf-8"))
    assert info["seed"] == 7
    assert info["scale"] == SCALE
    assert info["scenario"] == "baseline"
    assert info["resolved_scenario"] == json.loads(json.dumps(load_scenario("baseline").resolved))
    assert info["resolved_scenario"]["start_year"] == 2015
    for package in ("numpy", "mesa", "matplotlib"):
        assert info["packages"][package] == metadata.version(package)
    assert info["packages"]["python"].count(".") == 2
    started = datetime.fromisoformat(info["started_utc"])
    finished = datetime.fromisoformat(info["finished_utc"])
    second = timedelta(seconds=1)
    assert folders["started"] - second <= started <= finished <= folders["finished"] + second
    assert info["households_simulated"] > 0 and info["firms_simulated"] > 0
    assert info["parameters"] == Parameters(load_scenario("baseline").parameters).as_dict()


def test_results_do_not_depend_on_the_number_of_threads(monkeypatch):
    """The compiled phases draw counter-based random numbers and sum in fixed chunks, so one thread
    and all threads give the same numbers bit for bit (at a size with several chunks per phase)."""
    import dataclasses

    import numba

    from model.core import kernels

    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("one core: nothing to compare")
    states = []
    for min_rows in (10**12, 0):  # one thread, then all threads
        monkeypatch.setattr(kernels, "PARALLEL_MIN_ROWS", min_rows)
        m = VietnamEconomy(load_scenario("baseline"), seed=4, scale=4.0)  # 80,000 households: 3 chunks
        for _ in range(8):
            m.step()
        assert numba.get_num_threads() == (1 if min_rows else numba.config.NUMBA_NUM_THREADS)
        states.append((m.households, m.firms, [r.values for r in m.records]))
    (h1, f1, r1), (h2, f2, r2) = states
    for a, b in ((h1, h2), (f1, f2)):
        for field in dataclasses.fields(a):
            np.testing.assert_array_equal(getattr(a, field.name), getattr(b, field.name), err_msg=field.name)
    assert r1 == r2
