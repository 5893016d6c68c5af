"""Bands sized by the backtests' misses out of sample (issue 15): the stretch, its conformal quantile, reading
no later data, the shipped file, and ensembles read through it."""
from __future__ import annotations

import csv
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
    scored = {2019: _rows(2019, [2020, 2021, 2022, 2023, 2024, 2025] * 2, [0.5, 0.8, 1.2, 1.5, 9.0, 9.0] * 2),
              2022: _rows(2022, [2023, 2024, 2025], [0.9, 2.0, 7.0]),
              2024: _rows(2024, [2025], [0.7])}
    first = bs.earlier_stretch(scored, 2022)
    assert first.factor is None and first.observations == 6 and first.origins == (2019,) and first.until == 2022
    second = bs.earlier_stretch(scored, 2024)
    # 2019's up to 2024 (10) and 2022's up to 2024 (2): the 12th of 12, not 2019's 2025 rows nor 2022's 2025 one
    assert second.observations == 12 and second.origins == (2019, 2022) and second.factor == 9.0
    changed = {**scored, 2019: [r | {"model_stretch_90": 99.0} if r["year"] > 2024 else r for r in scored[2019]],
               2024: _rows(2024, [2025], [50.0])}
    assert bs.earlier_stretch(changed, 2024) == second  # later observations and later backtests are not read
    checked = {r[bs.ORIGIN]: r for r in bs.backtest_of_backtests(scored)}
    assert checked[2019]["stretch"] is None and "inside" not in checked[2019]
    assert checked[2024]["inside"] == {"50%": (1, 1), "90%": (1, 1)}  # 1.4 and 0.7 are within 9
    every = bs.earlier_stretch(scored)
    assert every.observations == 16 and every.until == 2025 and every.factor == 9.0


def test_stretching_keeps_the_median_and_multiplies_every_distance_from_it():
    values = np.array([[1.0, np.nan], [2.0, np.nan], [4.0, np.nan], [7.0, np.nan], [3.0, np.nan]])
    stretched = bs.stretch_about_median(values, 1.5)
    assert stretched[:, 0].tolist() == [0.0, 1.5, 4.5, 9.0, 3.0] and np.isnan(stretched[:, 1]).all()
    assert np.median(stretched[:, 0]) == np.median(values[:, 0])


class _Store:
    def __init__(self, annual: np.ndarray, targets: np.ndarray, spec: dict):
        self.annual, self.targets, self.spec = annual, targets, spec
        self.done = np.ones(annual.shape[1], bool)

    def column(self, c):
        return np.array(self.annual[c])

    def target_values(self):
        return np.array(self.targets)


def test_a_stretched_store_moves_forecast_years_only_and_keeps_shares_within_0_to_100():
    years = [2024, 2025, 2026]
    growth = np.array([[5.0, 6.0, 6.0], [6.0, 6.5, 7.0], [7.0, 7.0, 9.0]])  # replications x years
    share = np.array([[50.0, 60.0, 90.0], [55.0, 65.0, 95.0], [60.0, 70.0, 99.0]])
    spec = {"years": years, "columns": ["gdp_growth_pct", "internet_users_pct"],
            "targets": [{"indicator": "gdp_growth_pct", "year": 2025}, {"indicator": "gdp_growth_pct", "year": 2026}]}
    raw = _Store(np.stack([growth, share]), np.array([[1.0, 1.0], [2.0, 2.0], [4.0, 4.0]]), spec)
    view = bs.StretchedStore(raw, 3.0, 2025)
    g, s = view.column(0), view.column(1)
    assert (g[:, :2] == growth[:, :2]).all() and g[:, 2].tolist() == [4.0, 7.0, 13.0]
    assert s[:, 2].tolist() == [80.0, 95.0, 100.0]  # 107 is not a share of people
    assert view.target_values().tolist() == [[1.0, -1.0], [2.0, 2.0], [4.0, 8.0]]
    assert (raw.column(0) == growth).all()  # the store itself is not changed


def test_the_shipped_stretch_is_sized_from_the_docs_backtests(tmp_path):
    shipped = json.loads(bs.BAND_STRETCH_FILE.read_text(encoding="utf-8"))
    scores = REPO / "docs" / bs.SCORES_NAME
    assert shipped["scores_sha256"] == __import__("hashlib").sha256(scores.read_bytes()).hexdigest()
    made = bs.made_from(scores, "test")
    assert made["factor"] == shipped["factor"] and made["observations"] == shipped["observations"]
    sized = bs.read_band_stretch()
    assert sized.factor is not None and sized.factor >= 1.0 and sized.level == bs.LEVEL
    # round trip of the scores table
    bs.write_scores(bs.read_scores(scores), tmp_path / "again.csv")
    assert bs.read_scores(tmp_path / "again.csv") == bs.read_scores(scores)


@pytest.mark.parametrize("contents, says", [
    ("not json", "not a band stretch"),
    (json.dumps({"factor": -1, "level": 0.9, "observations": 3, "origins": [], "until": None}), "above zero"),
    (json.dumps({"factor": 2, "level": 9, "observations": 3, "origins": [], "until": None}), "level"),
    (json.dumps({"factor": 2, "level": 0.9}), "KeyError"),
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
    row = [2019, "gdp_growth_pct", 2018, 1, 6.0, 6.0, 0.5, 1.0]  # a year before its backtest's
    path.write_text(",".join(bs.SCORE_FIELDS) + "\n" + ",".join(map(str, row)) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="line 2 is outside"):
        bs.read_scores(path)
    assert main(["band-stretch", "--scores", str(path), "--quiet"]) == 2


def test_no_band_stretch_needs_the_parameter_uncertainty_it_leaves_out(capsys):
    assert main(["run", "baseline", "--replications", "2", "--no-band-stretch", "--quiet"]) == 2
    assert "--no-band-stretch" in capsys.readouterr().err
    assert main(["run", "baseline", "--no-band-stretch", "--quiet"]) == 2


def test_an_ensemble_stretches_its_forecast_bands_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "band_stretch.json"
    bs.write_band_stretch({"factor": 2.5, "level": 0.9, "observations": 30, "origins": [2019], "until": 2025,
                           "made": "test"}, path)
    monkeypatch.setattr(bs, "BAND_STRETCH_FILE", path)
    common = ["--replications", "4", "--parameter-uncertainty", "--workers", "1", "--scale", "0.05",
              "--no-figures", "--quiet"]

    def bands(out, *more):
        assert main(["run", "baseline", "--out", str(out)] + common + list(more)) == 0
        with open(out / "bands.csv", newline="") as f:
            return {(r["indicator"], int(r["year"])): {k: float(v) for k, v in r.items() if k not in ("indicator",)}
                    for r in csv.DictReader(f)}

    stretched, plain = bands(tmp_path / "stretched"), bands(tmp_path / "plain", "--no-band-stretch")
    assert stretched[("gdp_growth_pct", 2025)] == plain[("gdp_growth_pct", 2025)]
    for year in range(2026, 2031):
        a, b = stretched[("gdp_growth_pct", year)], plain[("gdp_growth_pct", year)]
        assert a["median"] == pytest.approx(b["median"])
        assert a["p95"] - a["median"] == pytest.approx(2.5 * (b["p95"] - b["median"]))
        assert a["median"] - a["p05"] == pytest.approx(2.5 * (b["median"] - b["p05"]))
    manifest = json.loads((tmp_path / "stretched" / "manifest.json").read_text())
    assert manifest["band_stretch"]["factor"] == 2.5 and manifest["band_stretch"]["after"] == 2025
    with open(tmp_path / "stretched" / "targets.csv", newline="") as f:
        assert all("stretched 2.50 times" in r["varies"] for r in csv.DictReader(f))
    summary = next(csv.DictReader(open(tmp_path / "stretched" / "summary.csv", encoding="utf-8")))
    assert float(summary["band_stretch"]) == 2.5
    assert json.loads((tmp_path / "plain" / "manifest.json").read_text())["band_stretch"] is None


@pytest.mark.parametrize("lang, says", [("en", "2.50 times"), ("vi", "2.50 lần")])
def test_the_printed_summary_says_the_bands_are_stretched(lang, says):
    from model.outputs.tables import ensemble_summary_lines
    summary = {"replications": 4, "growth_mean_2026_2030_pct": 6.0, "growth_mean_2026_2030_pct_p05": 5.5,
               "growth_mean_2026_2030_pct_p95": 6.5, "parameter_uncertainty": "True", "model_error": "True"}
    plain = " ".join(" ".join(ensemble_summary_lines(summary | {"band_stretch": ""}, [], "out", lang)).split())
    stretched = " ".join(" ".join(ensemble_summary_lines(summary | {"band_stretch": "2.5"}, [], "out", lang)).split())
    assert says in stretched and "--no-band-stretch" in stretched and "band_stretch.json" not in plain
