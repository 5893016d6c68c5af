"""Calibration: moments from history rows only up to the training year, the optimiser's coordinates,
the calibration file that scenarios use, and a backtest that reads nothing after its year."""
from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import numpy as np
import pytest

from model.experiments import calibrate as cal
from model.cli import main
from model.core.data import INDICATORS_CSV
from model.core.params import PARAMETERS, Parameters, calibrated_values, calibration_record
from model.scenario import load_scenario

# 40 evaluations: well past the optimiser's first simplex (one point per estimated parameter and the start), so
# the estimate depends on the data it reads.
TINY = ["--seeds", "1", "--band-seeds", "2", "--scale", "0.1", "--max-evaluations", "40", "--workers", "1", "--quiet"]


def test_moments_stop_at_the_training_year_and_skip_years_before_the_model():
    all_moments = cal.history_moments(2022, 2015)
    assert {m.year for m in all_moments} >= {2016, 2020, 2022}
    assert all(m.year >= 2016 for m in all_moments if m.indicator == "gdp_growth_real")  # 2015 growth needs 2014
    early = cal.history_moments(2019, 2015)
    assert early and max(m.year for m in early) == 2019
    assert len(early) < len(all_moments)
    # The TFP share of 2016 is a mean over 2016-2019: a training year before 2019 must not see it.
    assert any(m.indicator == "tfp_share_of_growth" for m in early)
    assert not any(m.indicator == "tfp_share_of_growth" for m in cal.history_moments(2018, 2015))
    gmv = [m for m in all_moments if m.indicator == "ecommerce_gmv_econ_sea"]
    assert [m.year for m in gmv] == [2019, 2020, 2021, 2022]  # growth rates: 2018 has no year before
    assert gmv[0].value == pytest.approx(100 * (12 / 9 - 1))


def test_optimiser_coordinates_round_trip_and_stay_in_range():
    est = cal.ESTIMATED
    mid = np.array([(e.low + e.high) / 2 for e in est])
    np.testing.assert_allclose(cal.from_unit(cal.to_unit(mid)), mid)
    for x in (-50.0, 0.0, 50.0):
        v = cal.from_unit(np.full(len(est), x))
        assert all(e.low <= val <= e.high for e, val in zip(est, v))
    for e in est:  # calibration ranges lie within the parameters' declared ranges
        assert PARAMETERS[e.name].low <= e.low < e.high <= PARAMETERS[e.name].high, e.name


def test_scenarios_use_the_calibrated_values_unless_they_override_them():
    record = calibration_record()
    values = calibrated_values()
    # the shipped file holds every estimate and the satellite account's rates fitted with them
    assert set(values) == {e.name for e in cal.ESTIMATED} | set(cal.ACCOUNT_RATES)
    assert record["calibration"]["train_until"] == 2025  # calibrated on everything up to 2025 (issue 11)
    p = Parameters()
    for name, value in values.items():
        assert getattr(p, name) == value
        assert getattr(Parameters(calibrated=False), name) == PARAMETERS[name].default
    name = next(iter(values))
    assert getattr(Parameters({name: PARAMETERS[name].low}), name) == PARAMETERS[name].low
    assert getattr(Parameters(load_scenario("baseline").parameters), name) == values[name]


def test_calibration_file_round_trip(tmp_path):
    fit = cal.Fit({e.name: (e.low + e.high) / 2 for e in cal.ESTIMATED}, 1.5, [], [], 7)
    path = tmp_path / "calibration.toml"
    cal.write_calibration(fit, 2019, [1, 2], 0.5, path)
    record = calibration_record(path)
    assert record["parameters"] == pytest.approx(fit.values)
    assert record["calibration"]["train_until"] == 2019 and record["calibration"]["evaluations"] == 7
    bad = tmp_path / "bad.toml"
    bad.write_text("[parameters]\nconnect_hazard = 7.0\n")
    with pytest.raises(ValueError, match="connect_hazard"):
        calibration_record(bad)


def test_calibration_never_returns_worse_than_where_it_started():
    scenario = load_scenario("baseline")
    with cal.Runner(1) as runner:
        start = {e.name: getattr(Parameters(), e.name) for e in cal.ESTIMATED}
        fit, objective = cal.calibrate(scenario, 2019, [1], 0.1, 6, runner, start=start)
        before = objective.evaluate(start)[0]
    assert np.isfinite(fit.objective) and fit.objective <= before
    assert all(e.low <= fit.values[e.name] <= e.high for e in cal.ESTIMATED)


def _copy_with_history_changed(src: Path, dst: Path, when) -> Path:
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["kind"] == "history" and when(int(r["year"])):
            r["value"] = str(float(r["value"]) * 1.5 + 1.0)
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return dst


@pytest.fixture(scope="module")
def backtests(tmp_path_factory):
    base = tmp_path_factory.mktemp("backtest")
    later = _copy_with_history_changed(INDICATORS_CSV, base / "later_changed.csv", lambda y: y > 2019)
    earlier = _copy_with_history_changed(INDICATORS_CSV, base / "earlier_changed.csv", lambda y: y <= 2019)
    out = {}
    for name, data in (("original", INDICATORS_CSV), ("later", later), ("earlier", earlier)):
        assert main(["backtest", "--train-until", "2019", "--out", str(base / name), "--data", str(data)] + TINY) == 0
        out[name] = base / name
    return out


def test_backtest_writes_a_forecast_for_every_year_after_the_training_year(backtests):
    with open(backtests["original"] / "forecast.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert set(rows[0]) == {"year", "indicator", "median", "p05", "p95"}
    for indicator in ("gdp_growth_pct", "digital_economy_share_pct"):
        years = sorted(int(r["year"]) for r in rows if r["indicator"] == indicator)
        assert years == list(range(2020, 2031))
    for r in rows:
        assert float(r["p05"]) <= float(r["median"]) <= float(r["p95"])
    assert (backtests["original"] / "figures" / "backtest.png").stat().st_size > 10_000
    assert (backtests["original"] / "manifest.json").exists()


def test_backtest_reads_nothing_after_its_training_year(backtests):
    original = (backtests["original"] / "forecast.csv").read_bytes()
    assert (backtests["later"] / "forecast.csv").read_bytes() == original  # data after 2019 changed: no effect
    assert (backtests["earlier"] / "forecast.csv").read_bytes() != original  # data up to 2019 changed: it moves
    # the model's own error added to the forecast is estimated from the data up to the year too
    error = (backtests["original"] / "model_error.csv").read_bytes()
    assert (backtests["later"] / "model_error.csv").read_bytes() == error
    assert (backtests["earlier"] / "model_error.csv").read_bytes() != error


def test_backtest_scores_against_later_data_with_simple_forecasters_that_read_none_of_it(backtests):
    def scores(name):
        with open(backtests[name] / "scores.csv", newline="") as f:
            return {(r["indicator"], r["year"]): r for r in csv.DictReader(f)}

    original, later, earlier = scores("original"), scores("later"), scores("earlier")
    growth = [original[("gdp_growth_pct", str(y))] for y in range(2020, 2026)]
    assert [int(r["horizon"]) for r in growth] == [1, 2, 3, 4, 5, 6] and all(r["simple"] == "AR(1)" for r in growth)
    assert set(original) == set(later)
    for key, r in original.items():
        # the later data are what is scored, so the data column moves; no forecast does
        assert later[key]["data"] != r["data"]
        for column in ("model_median", "alone_median", "simple_mean", "simple_sd"):
            assert later[key][column] == r[column], (key, column)
    moved = original[("gdp_growth_pct", "2020")]
    assert earlier[("gdp_growth_pct", "2020")]["simple_mean"] != moved["simple_mean"]  # it reads up to 2019
    with open(backtests["original"] / "skill.csv", newline="") as f:
        skill = list(csv.DictReader(f))
    assert [(r["simple"], r["horizon"]) for r in skill][:4] == [("AR(1)", "1"), ("AR(1)", "2"), ("AR(1)", "3"),
                                                               ("AR(1)", "all")]


def test_backtest_refuses_a_training_year_outside_the_run(capsys, tmp_path):
    assert main(["backtest", "--train-until", "2040", "--out", str(tmp_path / "x")] + TINY) == 2
    assert "--train-until 2040" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_calibrate_refuses_a_training_year_without_data(capsys, tmp_path):
    code = main(["calibrate", "--train-until", "2014", "--out", str(tmp_path / "cal")] + TINY)
    assert code == 2 and "--train-until" in capsys.readouterr().err
    assert not (tmp_path / "cal").exists()


def test_calibrate_writes_its_folder_and_leaves_the_shipped_estimates_alone(tmp_path, monkeypatch):
    """A user's calibration goes to a results folder; only --install replaces the estimates every run uses."""
    import model.experiments.calibration_report as report
    from model.core.params import CALIBRATION_FILE
    from model.experiments.calibrate import CalibrationSettings

    shipped = CALIBRATION_FILE.read_bytes()
    settings = CalibrationSettings(seeds=1, band_seeds=1, scale=0.05, max_evaluations=2, workers=1)
    fit, _ = report.calibrate_to_folder(settings, tmp_path / "cal")
    assert CALIBRATION_FILE.read_bytes() == shipped
    written = tomllib.loads((tmp_path / "cal" / "calibration.toml").read_text(encoding="utf-8"))
    assert written["parameters"] == pytest.approx(fit.values)
    assert {"calibration.md", "calibration_fit.csv", "manifest.json"} <= {p.name for p in (tmp_path / "cal").iterdir()}
    assert (tmp_path / "cal" / "figures" / "calibration_fit.png").is_file()
    # --install writes the same estimates to the shipped file (here a stand-in for it).
    stand_in = tmp_path / "shipped.toml"
    monkeypatch.setattr(report, "CALIBRATION_FILE", stand_in)
    fit, _ = report.calibrate_to_folder(settings, tmp_path / "cal2", install=True)
    assert tomllib.loads(stand_in.read_text(encoding="utf-8"))["parameters"] == pytest.approx(fit.values)


def test_the_command_line_budget_is_the_calibration_default():
    from model.cli import build_parser
    from model.experiments.calibrate import DEFAULT_EVALUATIONS, CalibrationSettings
    args = build_parser().parse_args(["calibrate"])
    assert args.max_evaluations == DEFAULT_EVALUATIONS == CalibrationSettings().max_evaluations
