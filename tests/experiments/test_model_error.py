"""The model's own error (model.experiments.model_error): its estimate from in-sample misses, its draws, what it
moves in a run, its file, and ensembles that add it."""
from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest

from model.cli import main
from model.core.errors import UserError
from model.experiments import model_error as me
from model.experiments import posterior as post
from model.experiments.calibrate import MOMENTS, Moment

YEARS = list(range(2016, 2026))


def _runs(medians: dict[str, dict[int, float]], spread: float, n: int = 201) -> list[dict]:
    """n runs whose values at each year are the median plus evenly spaced offsets of a known variance."""
    offsets = np.linspace(-1.0, 1.0, n)
    offsets *= spread / np.std(offsets, ddof=1)
    return [{y: {c: path[y] + float(o) for c, path in medians.items()} for y in YEARS} for o in offsets]


def _moments(indicator: str, data: dict[int, float]) -> list[Moment]:
    return [Moment(indicator, y, v, MOMENTS[indicator]) for y, v in data.items()]


def test_the_error_is_what_the_median_misses_beyond_the_runs_own_spread():
    medians = {"gdp_growth_pct": {y: 6.0 for y in YEARS}, "digital_economy_share_pct": {y: 12.0 for y in YEARS}}
    misses = [1.0, -1.0, 2.0, -2.0, 1.0, -1.0, 2.0, -2.0, 1.0, -1.0]
    moments = (_moments("gdp_growth_real", {y: 6.0 + e for y, e in zip(YEARS, misses)})
               + _moments("digital_economy_share_gdp", {y: 12.1 for y in (2020, 2021, 2022)})
               + _moments("internet_users_share_pop", {2017: 60.0, 2019: 70.0}))
    estimated = me.estimate(_runs(medians | {"internet_users_pct": {y: 50.0 for y in YEARS}}, 0.5), moments, 2025)
    error = {c.indicator: c for c in estimated.columns}
    # two misses: too few to size an error, so none; a column with no history is listed with 0
    assert estimated.too_few["internet_users_pct"] == 2 and estimated.too_few["fibre_households_pct"] == 0
    assert "gdp_growth_pct" not in estimated.too_few
    growth = error["gdp_growth_pct"]
    assert growth.moments == 10 and growth.runs_sd == pytest.approx(0.5)
    assert growth.rms_miss == pytest.approx(math.sqrt(np.mean(np.square(misses))))
    assert growth.sd == pytest.approx(math.sqrt(np.mean(np.square(misses)) - 0.25))
    assert growth.persistence == 0.0  # alternating misses: a negative autocorrelation, bounded at 0
    assert (growth.last_year, growth.last_miss) == (2025, -1.0)
    share = error["digital_economy_share_pct"]
    assert share.sd == 0.0 and share.persistence == 1.0  # misses of 0.1 within a spread of 0.5: no error of its own
    assert share.start() == (0.0, 0.0)


def test_growths_persistence_is_the_misses_autocorrelation_bounded_and_needs_three_pairs():
    assert me.lag_one_autocorrelation({2016: 1.0, 2017: 1.0, 2019: 1.0}) is None  # one consecutive pair
    misses = {2016: 1.0, 2017: 0.5, 2018: 0.25, 2019: 0.125}
    expected = (0.5 + 0.125 + 0.03125) / (1 + 0.25 + 0.0625 + 0.015625)
    assert me.lag_one_autocorrelation(misses) == pytest.approx(expected)
    medians = {"gdp_growth_pct": {y: 6.0 for y in YEARS}}
    steady = me.estimate(_runs(medians, 0.1), _moments("gdp_growth_real", {y: 7.0 for y in YEARS}), 2025)
    assert steady.columns[0].persistence == me.MAX_PERSISTENCE  # the same miss every year: bounded


def test_the_estimate_reads_no_moment_after_its_training_year():
    medians = {"gdp_growth_pct": {y: 6.0 for y in YEARS}}
    data = {y: 6.0 + (0.0 if y <= 2019 else 5.0) for y in YEARS}
    error = me.estimate(_runs(medians, 0.5), _moments("gdp_growth_real", data), 2019)
    assert error.columns[0].moments == 4 and error.columns[0].sd == 0.0


def _error(sd=1.0, persistence=0.5, train_until=2025, last_miss=0.0, runs_sd=0.6) -> me.ModelError:
    return me.ModelError(train_until, (
        me.ColumnError("gdp_growth_pct", sd, persistence, 10, 1.2, runs_sd, 2025, last_miss),
        me.ColumnError("internet_users_pct", 2.0, 1.0, 3, 3.0, 2.0, 2023, 0.0)))


def test_draws_start_from_the_last_miss_then_move_by_the_columns_persistence_after_its_last_data():
    years = list(range(2016, 2031))
    paths = [me.draw_for(_error(last_miss=2.0, runs_sd=1.0), years, 5, i) for i in range(20000)]
    growth = np.array([[p["gdp_growth_pct"][y] for y in range(2026, 2031)] for p in paths])
    assert all(sorted(p["gdp_growth_pct"]) == list(range(2026, 2031)) for p in paths[:5])
    k = 1.0 / (1.0 + 1.0)  # sd^2 over sd^2 plus the runs' variance: half the miss is the model's
    start_mean, start_sd = k * 2.0, math.sqrt(1.0 - k)
    for h in range(1, 6):  # an AR(1) from the start: its mean decays, its variance rises to sd^2
        assert growth[:, h - 1].mean() == pytest.approx(0.5 ** h * start_mean, abs=0.02)
        variance = 0.25 ** h * start_sd ** 2 + (1 - 0.25 ** h)
        assert growth[:, h - 1].std() == pytest.approx(math.sqrt(variance), abs=0.02)
    held = np.array([[p["internet_users_pct"][y] for y in range(2024, 2031)] for p in paths])
    assert sorted(paths[0]["internet_users_pct"]) == list(range(2024, 2031))  # after its own last data, 2023
    # a level: held at its start, whose sd is sd (1 - k)^(1/2), k = 4 / (4 + 4) from a miss seen in a spread of 2
    assert np.all(held == held[:, :1]) and held[:, 0].std() == pytest.approx(2.0 * math.sqrt(0.5), rel=0.03)


def test_a_columns_draws_depend_on_neither_the_other_columns_nor_how_many_years_are_drawn():
    both = me.draw_for(_error(), list(range(2016, 2031)), 3, 0)
    alone = me.ModelError(2025, _error().columns[:1])
    shorter = me.draw_for(alone, list(range(2016, 2028)), 3, 0)
    assert shorter["gdp_growth_pct"] == {y: v for y, v in both["gdp_growth_pct"].items() if y < 2028}


def test_growths_error_moves_gdp_levels_productivity_and_tfp_and_a_share_stays_a_share():
    annual = {y: {"gdp_growth_pct": 5.0, "gdp_vnd_bn": 100.0 * 1.05 ** (y - 2025), "labour_productivity_growth_pct": 4.0,
                  "growth_tfp_pp": 2.0, "growth_residual_tfp_pp": 1.0, "tfp_share_of_growth_pct": 40.0,
                  "internet_users_pct": 99.0} for y in (2025, 2026, 2027)}
    before = {y: dict(r) for y, r in annual.items()}
    me.apply(annual, {"gdp_growth_pct": {2026: 1.0, 2027: -0.5}, "internet_users_pct": {2026: 3.0, 2027: -2.0}})
    assert annual[2025] == before[2025]
    assert annual[2026]["gdp_growth_pct"] == 6.0 and annual[2027]["gdp_growth_pct"] == 4.5
    assert annual[2027]["gdp_vnd_bn"] == pytest.approx(100.0 * 1.06 * 1.045)
    assert annual[2026]["labour_productivity_growth_pct"] == pytest.approx(100 * (1.04 * 1.06 / 1.05 - 1))
    assert annual[2026]["growth_tfp_pp"] == 3.0 and annual[2026]["tfp_share_of_growth_pct"] == pytest.approx(50.0)
    assert annual[2026]["internet_users_pct"] == 100.0 and annual[2027]["internet_users_pct"] == 97.0


def test_the_file_reads_back_and_a_damaged_one_is_refused_with_its_name(tmp_path):
    path = tmp_path / "model_error.csv"
    me.write_model_error(me.ModelError(2025, _error().columns, {"made": "test"}, {"fibre_households_pct": 1}), path)
    back = me.read_model_error(path)
    assert back == _error() and back.provenance["made"] == "test"
    assert back.too_few == {"fibre_households_pct": 1}
    assert not list(tmp_path.glob("*.tmp"))
    with pytest.raises(UserError, match="missing.*--no-model-error"):
        me.read_model_error(tmp_path / "none.csv")
    empty = tmp_path / "empty.csv"  # no column had enough history: allowed, and nothing is added
    me.write_model_error(me.ModelError(2019, (), {}, {"gdp_growth_pct": 2}), empty)
    assert me.read_model_error(empty).columns == () and me.read_model_error(empty).too_few == {"gdp_growth_pct": 2}


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace(",0.5,", ",0.95,"), "outside what is allowed"),  # growth's persistence above 0.9
    (lambda t: t + t.splitlines()[1] + "\n", "more than one row"),
    (lambda t: t.replace("internet_users_pct", "no_such_column"), "outside what is allowed"),
    (lambda t: t.replace(",10,", ",1,"), "outside what is allowed"),  # fewer moments than an error needs
    (lambda t: t.replace("indicator,", "name,"), "header"),
    (lambda t: t.replace(",2023,", ",2099,"), "outside what is allowed"),  # last data after the training year
    (lambda t: t.replace("\ninternet_users_pct,", "\ninternet_users_pct,9,"), "more or fewer values"),
])
def test_a_damaged_file_is_refused_with_its_name_and_what_is_allowed(tmp_path, change, message):
    path = tmp_path / "model_error.csv"
    me.write_model_error(me.ModelError(2025, _error().columns, {"made": "test"}), path)
    path.write_text(change(path.read_text()))
    with pytest.raises(UserError, match=f"model_error.csv: .*{message}.*allowed: columns indicator"):
        me.read_model_error(path)


@pytest.mark.parametrize("record", ['{"train_until": true}', '{"train_until": 2025.5}', "{not json", "[1]",
                                    '{"train_until": 2025, "too_few_moments": [1, 2]}'])
def test_a_damaged_record_is_refused_under_its_own_name(tmp_path, record):
    path = tmp_path / "model_error.csv"
    me.write_model_error(me.ModelError(2025, _error().columns, {"made": "test"}), path)
    path.with_suffix(".json").write_text(record)
    with pytest.raises(UserError, match="model_error.json: not the record.*train_until is a whole year"):
        me.read_model_error(path)


def test_the_shipped_estimate_was_made_from_the_shipped_posterior():
    """A new posterior installed without a new estimate would add the old sample's error: the digest ties them."""
    made = me.read_model_error().provenance
    assert made["posterior_sha256"] == me.file_digest(post.POSTERIOR_FILE, post.provenance_path(post.POSTERIOR_FILE))
    assert made["train_until"] == post.read_posterior().provenance["train_until"]


def test_the_model_error_command_writes_an_estimate_and_refuses_a_bad_out(tmp_path, capsys):
    assert main(["model-error", "--posterior", str(post.POSTERIOR_FILE), "--install"]) == 2
    assert "--install replaces the shipped error" in capsys.readouterr().err
    out = tmp_path / "me.csv"
    assert main(["model-error", "--draws", "3", "--scale", "0.05", "--workers", "1", "--out", str(out),
                 "--quiet"]) == 0
    error = me.read_model_error(out)
    assert {c.indicator for c in error.columns} >= {"gdp_growth_pct", "digital_economy_share_pct"}
    assert error.provenance["command"].startswith("python -m model model-error --draws 3")
    assert main(["model-error", "--out", str(tmp_path / "me.txt")]) == 2
    assert "give a .csv file" in capsys.readouterr().err


def test_no_model_error_needs_the_parameter_uncertainty_it_leaves_out(capsys):
    assert main(["run", "baseline", "--replications", "2", "--no-model-error", "--quiet"]) == 2
    assert "--no-model-error" in capsys.readouterr().err


def _install(tmp_path, monkeypatch, posterior_sha256, data_sha256=None) -> None:
    error_file = tmp_path / "model_error.csv"
    data_sha256 = data_sha256 or post.read_posterior().provenance["data_sha256"]
    me.write_model_error(me.ModelError(2025, _error(sd=2.0).columns, {
        "made": "test", "posterior_sha256": posterior_sha256, "data_sha256": data_sha256}), error_file)
    monkeypatch.setattr(me, "MODEL_ERROR_FILE", error_file)


SHIPPED_SAMPLE = me.file_digest(post.POSTERIOR_FILE, post.provenance_path(post.POSTERIOR_FILE))


@pytest.mark.parametrize("sample, data", [("0" * 64, None), (SHIPPED_SAMPLE, "0" * 64)])
def test_an_error_estimated_from_another_sample_or_data_is_refused(tmp_path, monkeypatch, capsys, sample, data):
    _install(tmp_path, monkeypatch, sample, data)
    assert main(["run", "baseline", "--replications", "2", "--parameter-uncertainty", "--scale", "0.05",
                 "--quiet", "--no-band-stretch", "--out", str(tmp_path / "e")]) == 2
    assert "another posterior sample" in capsys.readouterr().err and not (tmp_path / "e").exists()


def test_an_ensemble_adds_the_error_after_the_data_only_and_says_so(tmp_path, monkeypatch):
    _install(tmp_path, monkeypatch, SHIPPED_SAMPLE)
    common = ["--replications", "4", "--parameter-uncertainty", "--workers", "1", "--scale", "0.05",
              "--no-figures", "--quiet", "--no-band-stretch"]  # the error alone (test_band_stretch: the stretch)

    def bands(out):
        leave_out = ["--no-model-error"] if out.name == "without" else []
        assert main(["run", "baseline", "--out", str(out)] + common + leave_out) == 0
        with open(out / "bands.csv", newline="") as f:
            return {(r["indicator"], int(r["year"])): r for r in csv.DictReader(f)}

    with_error, without = bands(tmp_path / "with"), bands(tmp_path / "without")
    for year in (2020, 2025):
        assert with_error[("gdp_growth_pct", year)] == without[("gdp_growth_pct", year)]
    later = [with_error[("gdp_growth_pct", y)]["median"] != without[("gdp_growth_pct", y)]["median"]
             for y in range(2026, 2031)]
    assert all(later)
    assert with_error[("digital_economy_share_pct", 2030)] == without[("digital_economy_share_pct", 2030)]
    # internet use's last data are 2023 here: its error starts in 2024, inside the posterior's years
    assert with_error[("internet_users_pct", 2023)] == without[("internet_users_pct", 2023)]
    assert with_error[("internet_users_pct", 2024)] != without[("internet_users_pct", 2024)]
    manifest = json.loads((tmp_path / "with" / "manifest.json").read_text())
    assert manifest["model_error"]["made"] == "test" and len(manifest["model_error"]["sha256"]) == 64
    with open(tmp_path / "with" / "targets.csv", newline="") as f:
        assert {r["varies"] for r in csv.DictReader(f)} == {
            "random seeds, the posterior's parameters and the model's own error"}
    assert bands(tmp_path / "with_again") == with_error  # the draws come from the replications' streams
