"""Ensembles: independent spawned streams, bands and probabilities worked by hand, the same numbers
whatever the number of workers, and a killed ensemble that resumes to the same numbers."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO
from model.experiments import ensemble as ens
from model.experiments import streams
from model.cli import main

SMALL = ["--scale", "0.1", "--no-figures", "--quiet"]


def test_replication_streams_do_not_depend_on_how_many_replications_run():
    spawned = np.random.SeedSequence(42).spawn(5)
    assert [streams.model_seed(s) for s in spawned] == [streams.model_seed(streams.replication_stream(42, i)) for i in range(5)]
    a = [streams.model_seed(s) for s in streams.replication_seeds(42, 3)]
    b = [streams.model_seed(s) for s in streams.replication_seeds(42, 50)]
    assert a == b[:3] and len(set(b)) == 50
    assert a != [streams.model_seed(s) for s in streams.replication_seeds(43, 3)]


def _fake_store(tmp_path: Path) -> ens.Store:
    spec = {"replications": 4, "years": [2029, 2030], "columns": ["gdp_growth_pct"],
            "targets": [{"target": "t", "indicator": "gdp_growth_pct", "year": 2030, "threshold": 10.0,
                         "unit": "percent", "source": "s", "note": ""}]}
    store = ens.Store.open(tmp_path / "work", spec, resume=False)
    for i, (g29, g30) in enumerate([(1.0, 12.0), (2.0, 9.0), (3.0, 10.0), (4.0, 11.0)]):
        store.put(i, [{"year": 2029, "gdp_growth_pct": g29}, {"year": 2030, "gdp_growth_pct": g30}],
                  [{"value": g30}])
    return store


def test_bands_and_probabilities_by_hand(tmp_path):
    store = _fake_store(tmp_path)
    rows = {(r["year"], r["indicator"]): r for r in ens.bands(store)}
    r = rows[(2029, "gdp_growth_pct")]
    assert r["mean"] == 2.5 and r["median"] == 2.5
    assert r["p25"] == pytest.approx(1.75) and r["p75"] == pytest.approx(3.25)  # linear interpolation
    assert r["p05"] == pytest.approx(1.15) and r["p95"] == pytest.approx(3.85)
    (p,) = ens.target_probabilities(store)
    assert p["probability"] == 0.75 and p["median_value"] == 10.5 and p["replications"] == 4  # 12, 10, 11 meet 10
    # Wilson's interval for 3 of 4 at 95%: (0.3006, 0.9544), by its formula worked by hand
    assert (p["probability_low"], p["probability_high"]) == pytest.approx((0.30064, 0.95441), abs=1e-5)
    assert p["varies"] == ens.VARIES_SEEDS


def test_resume_refuses_a_store_started_with_other_settings(tmp_path):
    store = _fake_store(tmp_path)
    spec = dict(store.spec, replications=5)
    with pytest.raises(Exception, match="replications"):
        ens.Store.open(tmp_path / "work", spec, resume=True)


def test_the_same_numbers_whatever_the_number_of_workers(tmp_path):
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        assert main(["run", "baseline", "--replications", "4", "--workers", workers, "--out", str(out)] + SMALL) == 0
        outs.append(out)
    for name in ("bands.csv", "targets.csv", "replications.csv", "summary.csv", "columns.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    assert not any(p.name.endswith(".ensemble-work") for p in tmp_path.iterdir())  # cleaned up once complete


def test_a_killed_ensemble_resumes_to_the_same_numbers(tmp_path):
    n = "6"
    reference = tmp_path / "reference"
    assert main(["run", "baseline", "--replications", n, "--workers", "1", "--out", str(reference)] + SMALL) == 0

    out = tmp_path / "killed"
    work = tmp_path / ".killed.ensemble-work"
    cmd = [sys.executable, "-m", "model", "run", "baseline", "--replications", n, "--workers", "1",
           "--out", str(out)] + SMALL
    proc = subprocess.Popen(cmd, cwd=REPO, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:  # kill it once some, but not all, replications are stored
        done = work / "done.npy"
        if (work / "spec.json").exists() and 2 <= int(np.load(done, mmap_mode="r").sum()) < int(n):
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = int(np.load(work / "done.npy").sum())
    assert 2 <= stored < int(n)
    assert not out.exists()  # no results folder that looks complete

    assert main(["run", "baseline", "--replications", n, "--workers", "1", "--out", str(out), "--resume"] + SMALL) == 0
    for name in ("bands.csv", "targets.csv", "replications.csv"):
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


def test_ensemble_options_need_replications(capsys, tmp_path):
    assert main(["run", "baseline", "--resume", "--out", str(tmp_path / "x")]) == 2
    assert "--replications" in capsys.readouterr().err
    assert main(["run", "baseline", "--replications", "2", "--engine", "reference", "--out", str(tmp_path / "y")]) == 2
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_a_dask_cluster_gives_the_same_numbers(tmp_path):
    distributed = pytest.importorskip("distributed")
    reference = tmp_path / "local"
    assert main(["run", "baseline", "--replications", "3", "--workers", "1", "--out", str(reference)] + SMALL) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        assert main(["run", "baseline", "--replications", "3", "--scheduler", cluster.scheduler_address,
                     "--out", str(out)] + SMALL) == 0
    for name in ("bands.csv", "targets.csv", "replications.csv"):
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


def test_compare_sets_the_probabilities_side_by_side(tmp_path):
    out = tmp_path / "cmp"
    assert main(["compare", "baseline", "double_digit_push", "--replications", "2", "--workers", "1",
                 "--scale", "0.1", "--quiet", "--out", str(out)]) == 0
    header = (out / "probabilities_compared.csv").read_text().splitlines()[0].split(",")
    assert header[:3] == ["target", "year", "threshold"]
    assert header[3:] == [f"{name}_{column}" for name in ("baseline", "double_digit_push")
                          for column in ("probability", "probability_low", "probability_high")]
    assert (out / "baseline_ensemble" / "bands.csv").exists()
    assert json.loads((out / "manifest.json").read_text())["band_stretch"] is False  # seeds only: nothing stretched


def test_an_ensemble_prints_its_summary_with_probabilities_and_what_they_cover(tmp_path, capsys):
    out = tmp_path / "ens"
    assert main(["run", "baseline", "--replications", "3", "--workers", "1", "--out", str(out), "--scale", "0.1",
                 "--no-figures", "--lang", "vi"]) == 0
    printed = capsys.readouterr().out
    summary = next(csv.DictReader(open(out / "summary.csv", encoding="utf-8")))
    assert summary["replications"] == "3" and summary["parameter_uncertainty"] == "False"
    assert float(summary["growth_mean_2026_2030_pct_p05"]) <= float(summary["growth_mean_2026_2030_pct"]) \
        <= float(summary["growth_mean_2026_2030_pct_p95"])
    probability = float(summary["probability_met_target_gdp_growth_min_every_year_2026_2030_2030"])
    target = next(r for r in csv.DictReader(open(out / "targets.csv", encoding="utf-8"))
                  if r["target"] == "target_gdp_growth_min_every_year_2026_2030")
    interval = f"({100 * float(target['probability_low']):.0f}%-{100 * float(target['probability_high']):.0f}%)"
    assert f"{100 * probability:.0f}% {interval:<11} Mục tiêu: Tăng trưởng GDP thực tế >= 10" in printed
    assert target["replications"] == "3" and target["varies"] == "random seeds"
    assert "Xác suất đạt từng mục tiêu" in printed and "chỉ khác nhau ở seed ngẫu nhiên" in printed
    median = float(summary["growth_mean_2026_2030_pct"])
    assert f"Tăng trưởng bình quân 2026-2030 (%/năm)" in printed and f"{median:.1f}" in printed


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_printed_summary_says_what_the_replications_vary_and_what_that_is_worth(lang):
    """Seeds only: chance, not the assumptions. Parameter draws: the posterior's, with what they leave out."""
    from model.outputs.tables import ensemble_summary_lines
    summary = {"replications": 4, "growth_mean_2026_2030_pct": 6.0, "growth_mean_2026_2030_pct_p05": 5.5,
               "growth_mean_2026_2030_pct_p95": 6.5}
    seeds, drawn = (" ".join(" ".join(ensemble_summary_lines(summary | {"parameter_uncertainty": flag}, [], "out",
                                                             lang)).split()) for flag in ("False", "True"))
    assert ("--parameter-uncertainty" in seeds) and ("docs/posterior.md" not in seeds)
    # what the draws cover, what they hold fixed, and where their fit to history is shown
    assert "model/data/posterior.csv" in drawn and "docs/posterior.md" in drawn
    assert ("export path" in drawn if lang == "en" else "đường xuất khẩu" in drawn)


def test_a_new_store_is_filled_a_slab_at_a_time_with_nothing_written(tmp_path, monkeypatch):
    """Filled in pieces (so a large ensemble's store never sits in memory whole), yet every entry is set."""
    monkeypatch.setattr(ens, "FILL_BYTES", 40)  # a few values at a time: many pieces
    spec = {"replications": 7, "years": [2029, 2030, 2031], "columns": ["a", "b", "c"],
            "targets": [{"target": "t"}] * 2}
    store = ens.Store.open(tmp_path / "work", spec, resume=False)
    assert np.isnan(np.stack([store.column(c) for c in range(3)])).all()
    assert np.isnan(store.target_values()).all() and not store.done.any()
