"""Bands sized by the backtests' misses out of sample (issue 15): the stretch, its conformal quantile, reading
no later data, the shipped file, and ensembles read through it."""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import math

import numpy as np
import pytest

from conftest import REPO
from model.cli import main
from model.core.errors import UserError
from model.experiments import band_stretch as bs
from model.experiments import forecast_skill as fs


def test_a_band_holds_an_observation_exactly_when_its_stretch_is_at_most_one():
    assert fs.stretch(4.0, 5.0, 7.0, 6.0) == 0.5  # half the upper half
    assert fs.stretch(4.0, 5.0, 7.0, 2.0) == 3.0  # three lower halves below the median
    assert fs.stretch(4.0, 5.0, 7.0, 5.0) == 0.0
    assert fs.stretch(5.0, 5.0, 7.0, 4.0) == math.inf  # no width below the median
    rng = np.random.default_rng(3)
    runs = [{2020: {"gdp_growth_pct": float(v)}} for v in rng.normal(6.0, 1.0, 25)]
    for observed in np.linspace(3.0, 9.0, 41):
        (row,) = fs.score_observations([("gdp_growth_pct", {2019: 6.0, 2020: float(observed)})], runs, 2019)
        for band in (50, 90):
            assert row[f"model_inside_{band}"] == (row[f"model_stretch_{band}"] <= 1.0)


def test_the_conformal_stretch_is_the_right_order_statistic():
    assert bs.min_observations(0.9) == 9 and bs.min_observations(0.5) == 1
    assert bs.conformal_stretch(range(1, 9)) is None  # eight are too few for a 90% band
    assert bs.conformal_stretch(range(1, 10)) == 9.0  # ceil(10 x 0.9) = 9th of 9
    assert bs.conformal_stretch(range(1, 20)) == 18.0  # ceil(20 x 0.9) = 18th of 19
    assert bs.conformal_stretch([5.0, 1.0, 3.0], 0.5) == 3.0  # ceil(4 x 0.5) = 2nd of 3


def _rows(origin: int, years: list[int], stretches: list[float]) -> list[dict]:
    return [{"indicator": "gdp_growth_pct", "year": y, "horizon": y - origin, "data": 6.0, "model_median": 6.0,
             "model_stretch_50": 2 * s, "model_stretch_90": s} for y, s in zip(years, stretches)]


def test_a_backtest_is_stretched_by_earlier_backtests_at_earlier_years_only():
    scored = {2019: _rows(2019, [2020, 2021, 2022, 2023, 2024, 2025] * 2, [0.5, 0.8, 1.2, 1.5, 3.0, 9.0] * 2),
              2022: _rows(2022, [2023, 2024, 2025], [0.9, 2.0, 7.0]),
              2024: _rows(2024, [2025], [0.7])}
    first = bs.earlier_stretch(scored, 2022)
    assert first.factor is None and first.observations == 6 and first.origins == (2019,) and first.until == 2022
    second = bs.earlier_stretch(scored, 2024)
    # 2019's up to 2024 (10) and 2022's up to 2024 (2): the 12th of 12 is 3.0, not 2019's 9.0 nor 2022's 7.0 of 2025
    assert second.observations == 12 and second.origins == (2019, 2022) and second.factor == 3.0
    assert second.columns == ("gdp_growth_pct",)
    changed = {2019: [r | {"model_stretch_90": 99.0} if r["year"] > 2024 else r for r in scored[2019]],
               2022: [r | {"model_stretch_90": 50.0} if r["year"] > 2024 else r for r in scored[2022]],
               2024: _rows(2024, [2025], [50.0])}
    assert bs.earlier_stretch(changed, 2024) == second  # later observations and later backtests are not read
    checked = {r[bs.ORIGIN]: r for r in bs.backtest_of_backtests(scored)}
    assert checked[2019]["stretch"] is None and "inside" not in checked[2019]
    assert checked[2024]["inside"] == {"50%": (1, 1), "90%": (1, 1)}  # 1.4 and 0.7 are within 3
    every = bs.earlier_stretch(scored)
    assert every.observations == 16 and every.until == 2025 and every.factor == 9.0


def test_a_stretch_moves_each_value_from_the_median_compounds_growth_and_keeps_shares_bounded():
    rows = [{"year": 2025, "gdp_growth_pct": 7.0, "gdp_vnd_bn": 100.0, "internet_users_pct": 80.0},
            {"year": 2026, "gdp_growth_pct": 8.0, "gdp_vnd_bn": 108.0, "internet_users_pct": 97.0}]
    middle = {"gdp_growth_pct": {2026: 6.0}, "internet_users_pct": {2026: 90.0}}
    assert bs.shocks(rows, middle, 3.0) == {"gdp_growth_pct": {2026: 4.0}, "internet_users_pct": {2026: 14.0}}
    bs.stretch_rows(rows, middle, 3.0)
    assert rows[0] == {"year": 2025, "gdp_growth_pct": 7.0, "gdp_vnd_bn": 100.0, "internet_users_pct": 80.0}
    assert rows[1]["gdp_growth_pct"] == 12.0  # 6 + 3 x (8 - 6)
    assert rows[1]["gdp_vnd_bn"] == pytest.approx(108.0 * 1.12 / 1.08)  # the level follows the growth
    assert rows[1]["internet_users_pct"] == 100.0  # 90 + 3 x 7 = 111 is not a share


def test_a_missing_value_or_median_is_not_moved():
    rows = [{"year": 2026, "gdp_growth_pct": math.nan, "internet_users_pct": 50.0}]
    middle = {"gdp_growth_pct": {2026: 6.0}, "internet_users_pct": {2026: math.nan}, "fibre_households_pct": {2027: 1.0}}
    assert bs.shocks(rows, middle, 2.0) == {}


def test_scores_written_from_a_backtest_read_back_the_same(tmp_path):
    rng = np.random.default_rng(5)
    runs = [{y: {"gdp_growth_pct": float(v)} for y in (2020, 2021)} for v in rng.normal(6.0, 1.0, 30)]
    rows = fs.score_observations([("gdp_growth_pct", {2019: 6.0, 2020: 7.5, 2021: 6.1})], runs, 2019)
    bs.write_scores({2019: rows}, 30, tmp_path / "scores.csv")
    scored, draws = bs.read_scores(tmp_path / "scores.csv")
    assert draws == 30 and [r["year"] for r in scored[2019]] == [2020, 2021]
    for read, row in zip(scored[2019], rows):
        assert all(read[k] == row[k] for k in ("model_median", "model_stretch_50", "model_stretch_90", "data"))
    bs.write_scores(scored, 30, tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "scores.csv").read_bytes()
    with pytest.raises(UserError, match="from 30 forecast runs"):
        bs.made_from(tmp_path / "scores.csv", "test")  # too few runs per band to ship


def test_the_shipped_stretch_is_sized_from_the_docs_backtests():
    shipped = json.loads(bs.BAND_STRETCH_FILE.read_text(encoding="utf-8"))
    scores = REPO / "docs" / bs.SCORES_NAME
    assert shipped["scores_sha256"] == hashlib.sha256(scores.read_bytes()).hexdigest()
    made = bs.made_from(scores, "test")
    assert {k: made[k] for k in ("factor", "observations", "origins", "until", "columns", "draws")} == \
        {k: shipped[k] for k in ("factor", "observations", "origins", "until", "columns", "draws")}
    sized = bs.read_band_stretch()
    assert sized.level == bs.LEVEL and shipped["draws"] >= bs.MIN_DRAWS
    # sized on data up to the shipped posterior's year at most: the shipped forecast reads no later data
    from model.experiments.posterior import read_posterior
    assert sized.until <= read_posterior().provenance["train_until"]


GOOD = {"factor": 2.0, "level": 0.9, "observations": 30, "origins": [2019], "until": 2025,
        "columns": ["gdp_growth_pct"]}


@pytest.mark.parametrize("contents, says", [
    ("not json", "not a band stretch"),
    (json.dumps(GOOD | {"factor": -1}), "above zero"),
    (json.dumps(GOOD | {"level": 0.5}), "level is not 0.9"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "columns"}), "KeyError"),
])
def test_a_bad_stretch_file_is_named_with_what_is_allowed(tmp_path, contents, says):
    path = tmp_path / "band_stretch.json"
    path.write_text(contents, encoding="utf-8")
    with pytest.raises(UserError) as e:
        bs.read_band_stretch(path)
    assert str(path) in str(e.value) and says in str(e.value) and "band-stretch --install" in str(e.value)
    with pytest.raises(UserError, match="is missing"):
        bs.read_band_stretch(tmp_path / "none.json")


def test_bad_scores_are_named(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("trained_until,indicator\n2019,x\n", encoding="utf-8")
    with pytest.raises(UserError, match="the header is not"):
        bs.read_scores(path)
    header = ",".join(bs.SCORE_FIELDS) + "\n"
    for row in ([2019, "gdp_growth_pct", 2018, -1, 100, 6.0, 6.0, 0.5, 1.0],  # a year before its backtest's
                [2019, "gdp_growth_pct", 2021, 1, 100, 6.0, 6.0, 0.5, 1.0],  # horizon not the years between
                [2019, "gdp_growth_pct", 2021, 2, 100, 6.0, 6.0, -0.5, 1.0]):  # a negative stretch
        path.write_text(header + ",".join(map(str, row)) + "\n", encoding="utf-8")
        with pytest.raises(UserError, match="line 2 is outside"):
            bs.read_scores(path)
    twice = ",".join(map(str, [2019, "gdp_growth_pct", 2021, 2, 100, 6.0, 6.0, 0.5, 1.0])) + "\n"
    path.write_text(header + twice + twice, encoding="utf-8")
    with pytest.raises(UserError, match="line 3 is outside"):
        bs.read_scores(path)
    path.write_text(header + "2019," + "x" * 200_000 + "\n", encoding="utf-8")  # a field over csv's limit
    with pytest.raises(UserError, match="not the backtests' scores"):
        bs.read_scores(path)
    assert main(["band-stretch", "--scores", str(path), "--quiet"]) == 2


def test_an_infinite_stretch_is_refused(tmp_path):
    rows = _rows(2019, list(range(2020, 2030)), [math.inf] * 5 + [0.5] * 5)
    bs.write_scores({2019: rows}, bs.MIN_DRAWS, tmp_path / "scores.csv")
    with pytest.raises(UserError, match="infinite"):
        bs.made_from(tmp_path / "scores.csv", "test")


def test_no_band_stretch_needs_the_parameter_uncertainty_it_leaves_out(capsys):
    assert main(["run", "baseline", "--replications", "2", "--no-band-stretch", "--quiet"]) == 2
    assert "--no-band-stretch" in capsys.readouterr().err
    assert main(["run", "baseline", "--no-band-stretch", "--quiet"]) == 2


COMMON = ["--replications", "4", "--parameter-uncertainty", "--workers", "1", "--scale", "0.05", "--no-figures",
          "--quiet"]


def _table(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_an_ensemble_stretches_its_forecast_bands_reads_its_targets_again_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "band_stretch.json"
    bs.write_band_stretch(GOOD | {"factor": 2.5, "columns": ["gdp_growth_pct", "internet_users_pct",
                                                             "ecommerce_share_retail_pct"]}, path)
    monkeypatch.setattr(bs, "BAND_STRETCH_FILE", path)

    def bands(out, *more):
        assert main(["run", "baseline", "--out", str(out)] + COMMON + list(more)) == 0
        return {(r["indicator"], int(r["year"])): {k: float(v) for k, v in r.items() if k != "indicator"}
                for r in _table(out / "bands.csv")}

    stretched, plain = bands(tmp_path / "stretched"), bands(tmp_path / "plain", "--no-band-stretch")
    assert stretched.keys() == plain.keys()
    assert all(stretched[k] == plain[k] for k in plain if k[1] <= 2025)  # every column up to the data's last year
    for year in range(2026, 2031):
        a, b = stretched[("gdp_growth_pct", year)], plain[("gdp_growth_pct", year)]
        assert a["median"] == pytest.approx(b["median"])
        assert a["p95"] - a["median"] == pytest.approx(2.5 * (b["p95"] - b["median"]))
        assert a["median"] - a["p05"] == pytest.approx(2.5 * (b["median"] - b["p05"]))
        share, as_run = stretched[("internet_users_pct", year)], plain[("internet_users_pct", year)]
        assert share["p05"] < as_run["p05"] and share["p95"] <= 100.0
        # a column the backtests did not score is as run
        assert stretched[("fiscal_cost_pct_gdp", year)] == plain[("fiscal_cost_pct_gdp", year)]
    assert stretched[("gdp_vnd_bn", 2030)] != plain[("gdp_vnd_bn", 2030)]  # GDP's level follows its growth
    # the targets are read again from the stretched years: the summary's lowest growth and targets.csv agree
    summary = _table(tmp_path / "stretched" / "summary.csv")[0]
    lowest = next(r for r in _table(tmp_path / "stretched" / "targets.csv")
                  if r["target"] == "target_gdp_growth_min_every_year_2026_2030")
    assert float(summary["growth_min_2026_2030_pct"]) == pytest.approx(float(lowest["median_value"]))
    assert float(summary["band_stretch"]) == 2.5 and "stretched 2.50 times" in lowest["varies"]
    # a target whose column does not move is as run, and not said to be stretched
    targets = {(r["target"], r["year"]): r for r in _table(tmp_path / "stretched" / "targets.csv")}
    as_run = {(r["target"], r["year"]): r for r in _table(tmp_path / "plain" / "targets.csv")}
    unmoved = [t for t, r in targets.items() if r["indicator"] in ("public_debt_pct_gdp", "basic_digital_skills_pct")]
    assert unmoved and all(targets[t] == as_run[t] for t in unmoved)
    # nor is one in a year before the stretch starts (e-commerce's 2025 target)
    ecommerce = [r for r in targets.values() if r["indicator"] == "ecommerce_share_retail_pct"]
    assert {int(r["year"]) <= 2025 for r in ecommerce} == {True, False}
    assert all(("stretched" in r["varies"]) == (int(r["year"]) > 2025) for r in ecommerce)
    manifest = json.loads((tmp_path / "stretched" / "manifest.json").read_text())
    assert manifest["band_stretch"]["factor"] == 2.5 and manifest["band_stretch"]["after"] == 2025
    assert json.loads((tmp_path / "plain" / "manifest.json").read_text())["band_stretch"] is None
    assert _table(tmp_path / "plain" / "summary.csv")[0]["band_stretch"] == ""
    # with no finite factor (too few observations) nothing is moved, and the manifest says why
    bs.write_band_stretch(GOOD | {"factor": None}, path)
    assert bands(tmp_path / "none") == plain
    assert json.loads((tmp_path / "none" / "manifest.json").read_text())["band_stretch"]["factor"] is None


def test_an_ensemble_refuses_a_missing_or_later_stretch_before_running(tmp_path, monkeypatch, capsys):
    path = tmp_path / "band_stretch.json"
    monkeypatch.setattr(bs, "BAND_STRETCH_FILE", path)
    assert main(["run", "baseline", "--out", str(tmp_path / "a")] + COMMON) == 2
    assert "band_stretch.json is missing" in capsys.readouterr().err and not (tmp_path / "a").exists()
    bs.write_band_stretch(GOOD | {"until": 2026}, path)
    assert main(["run", "baseline", "--out", str(tmp_path / "b")] + COMMON) == 2
    assert "after the posterior's data" in capsys.readouterr().err and not (tmp_path / "b").exists()


@pytest.mark.parametrize("lang, says", [("en", "2.50 times"), ("vi", "2.50 lần")])
def test_the_printed_summary_says_the_bands_are_stretched(lang, says):
    from model.outputs.tables import ensemble_summary_lines
    summary = {"replications": 4, "growth_mean_2026_2030_pct": 6.0, "growth_mean_2026_2030_pct_p05": 5.5,
               "growth_mean_2026_2030_pct_p95": 6.5, "parameter_uncertainty": "True", "model_error": "True"}
    plain = " ".join(" ".join(ensemble_summary_lines(summary | {"band_stretch": ""}, [], "out", lang)).split())
    stretched = " ".join(" ".join(ensemble_summary_lines(summary | {"band_stretch": "2.5"}, [], "out", lang)).split())
    assert says in stretched and "--no-band-stretch" in stretched
    assert says not in plain and "--no-band-stretch" not in plain


def test_an_ensemble_refuses_a_posterior_with_no_data_year(tmp_path, monkeypatch, capsys):
    from model.experiments import ensemble
    path = tmp_path / "band_stretch.json"
    bs.write_band_stretch(GOOD, path)
    monkeypatch.setattr(bs, "BAND_STRETCH_FILE", path)
    sample = ensemble.posterior_sample()
    blind = dataclasses.replace(sample, provenance={k: v for k, v in sample.provenance.items() if k != "train_until"})
    monkeypatch.setattr(ensemble, "posterior_sample", lambda: blind)
    with pytest.raises(UserError, match="no train_until"):
        ensemble.stretch_made(ensemble.EnsembleSettings(2, parameter_uncertainty=True))
    assert ensemble.stretch_made(ensemble.EnsembleSettings(2, parameter_uncertainty=True, band_stretch=False)) is None
