"""Tests for model.outputs.charts on a small synthetic results folder."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from model.outputs.charts import read_table, write_compare_figures, write_run_figures

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

RUN_FIGURES = [
    "gdp_growth.png",
    "digital_share.png",
    "adoption_groups.png",
    "provinces_ranked.png",
    "growth_accounting.png",
    "fiscal_cost.png",
]
COMPARE_FIGURES = [
    "compare_gdp_growth.png",
    "compare_digital_share.png",
    "compare_adoption.png",
    "compare_fiscal_cost.png",
]

PROVINCES = [
    ("01", "Hà Nội", "Red River Delta"),
    ("04", "Cao Bằng", "Northern Midlands and Mountains"),
    ("96", "Cà Mau", "Mekong River Delta"),
]


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if (isinstance(v, float) and math.isnan(v)) else v
                             for v in row])


def make_results(folder: Path, years=range(2025, 2031), boost: float = 0.0,
                 drop: tuple[str, ...] = ()) -> Path:
    """Write annual.csv, groups.csv and provinces.csv; columns in ``drop`` are left out."""
    folder.mkdir(parents=True, exist_ok=True)
    years = list(years)
    n = len(years)
    t = np.arange(n, dtype=float)
    nan = float("nan")
    growth = 6.5 + boost + 0.3 * t
    annual = {
        "year": years,
        "gdp_vnd_bn": 12_000_000 * np.cumprod(1 + growth / 100),
        "gdp_growth_pct": np.r_[nan, growth[1:]],
        "digital_economy_share_pct": 18 + (2 + boost) * t,
        "digital_core_share_pct": 10 + t,
        "digitalisation_share_pct": 8 + (1 + boost) * t,
        "growth_capital_pp": np.r_[nan, np.full(n - 1, 3.0)],
        "growth_digital_capital_pp": np.r_[nan, np.full(n - 1, 0.8)],
        "growth_labour_pp": np.r_[nan, np.full(n - 1, 0.5)],
        "growth_labour_quality_pp": np.r_[nan, np.full(n - 1, -0.2)],  # negative on purpose
        "growth_tfp_pp": np.r_[nan, growth[1:] - 4.1],
        "fiscal_cost_pct_gdp": np.full(n, 0.6 + boost / 10),
        "cumulative_fiscal_cost_pct_gdp": np.cumsum(np.full(n, 0.6 + boost / 10)),
        "spend_infrastructure_pct_gdp": np.full(n, 0.3),
        "spend_skills_pct_gdp": np.full(n, 0.2 + boost / 10),
        "spend_institutions_pct_gdp": np.full(n, 0.1),
        "internet_users_pct": 79 + 2 * t,
        "basic_digital_skills_pct": 50 + 3 * t + boost,
        "ecommerce_adoption_pct": 40 + 3 * t,
        "ecommerce_share_retail_pct": 10 + t,
        "online_public_services_pct": 20 + 4 * t,
        "trust_index": 0.6 + 0.01 * t,
    }
    for name in drop:
        annual.pop(name, None)
    names = list(annual)
    _write_csv(folder / "annual.csv", names,
               [[annual[c][i] for c in names] for i in range(n)])

    group_cols = ["population_share_pct", "internet_users_pct", "fibre_households_pct",
                  "basic_digital_skills_pct", "ecommerce_adoption_pct", "cashless_pct",
                  "online_public_services_pct", "digital_jobs_pct"]
    groups = [("area", "urban", 38, 12), ("area", "rural", 62, -8),
              ("age", "young", 30, 15), ("age", "old", 20, -25)]
    groups += [("income_quintile", str(q), 20, 6 * (q - 3)) for q in range(1, 6)]
    rows = []
    for gtype, group, share, shift in groups:
        for i, year in enumerate(years):
            base = 60 + shift + 2 * i
            rows.append([gtype, group, year, share] + [min(99.0, base)] * len(group_cols))
    _write_csv(folder / "groups.csv", ["group_type", "group", "year"] + group_cols, rows)

    prov_header = ["province_code", "province", "region", "year", "population_mn",
                   "grdp_vnd_bn", "grdp_growth_pct", "digital_economy_share_pct",
                   "internet_users_pct"]
    rows = []
    for k, (code, name, region) in enumerate(PROVINCES):
        for i, year in enumerate(years):
            rows.append([code, name, region, year, 1.5 + k, 100_000 * (k + 1),
                         nan if i == 0 else 7.0, 10 + 5 * k + i, 70 + i])
    _write_csv(folder / "provinces.csv", prov_header, rows)
    return folder


def _assert_pngs(paths: list[Path], folder: Path, names: list[str]) -> None:
    assert sorted(p.name for p in paths) == sorted(names)
    for name in names:
        path = folder / name
        assert path in paths
        data = path.read_bytes()
        assert data[:8] == PNG_MAGIC
        assert len(data) > 10_000, f"{name} is suspiciously small"


def test_read_table_numbers_empties_and_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "year,value,name,empty,mixed\n"
        "2025,1.5,Hà Nội,,1\n"
        "2026,,Đà Nẵng,,urban\n"
        "2027,-2e-1,Cà Mau,,3\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert list(table) == ["year", "value", "name", "empty", "mixed"]
    assert isinstance(table["year"], np.ndarray)
    np.testing.assert_array_equal(table["year"], [2025, 2026, 2027])
    np.testing.assert_allclose(table["value"], [1.5, np.nan, -0.2])
    assert table["name"] == ["Hà Nội", "Đà Nẵng", "Cà Mau"]
    assert isinstance(table["empty"], np.ndarray) and np.isnan(table["empty"]).all()
    assert table["mixed"] == ["1", "urban", "3"]


def test_read_table_header_only_and_bom(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes("\ufeffyear,x\n".encode("utf-8"))
    table = read_table(path)
    assert list(table) == ["year", "x"]
    assert len(table["year"]) == 0


def test_write_run_figures(tmp_path):
    results = make_results(tmp_path / "baseline")
    paths = write_run_figures(results, "baseline, seed 42")
    _assert_pngs(paths, results / "figures", RUN_FIGURES)


def test_run_figures_survive_missing_columns_and_files(tmp_path):
    results = make_results(
        tmp_path / "sparse",
        drop=("digital_core_share_pct", "growth_tfp_pp", "spend_skills_pct_gdp",
              "cumulative_fiscal_cost_pct_gdp", "ecommerce_share_retail_pct"),
    )
    (results / "provinces.csv").unlink()
    paths = write_run_figures(results, "sparse")
    names = {p.name for p in paths}
    assert names == set(RUN_FIGURES) - {"provinces_ranked.png"}


def test_run_figures_skip_what_cannot_be_drawn(tmp_path):
    results = make_results(tmp_path / "bare", drop=(
        "gdp_growth_pct", "growth_capital_pp", "growth_digital_capital_pp",
        "growth_labour_pp", "growth_labour_quality_pp", "growth_tfp_pp"))
    (results / "groups.csv").unlink()
    names = {p.name for p in write_run_figures(results, "bare")}
    assert "gdp_growth.png" not in names
    assert "growth_accounting.png" not in names
    assert "adoption_groups.png" not in names
    assert "digital_share.png" in names


def test_write_compare_figures(tmp_path):
    runs = {
        "baseline": make_results(tmp_path / "baseline"),
        "skills_push": make_results(tmp_path / "skills_push", boost=1.0),
        "all_levers": make_results(tmp_path / "all_levers", boost=2.0,
                                   drop=("ecommerce_share_retail_pct",)),
    }
    out = tmp_path / "compare"
    paths = write_compare_figures(runs, out)
    _assert_pngs(paths, out, COMPARE_FIGURES)


@pytest.mark.parametrize("label", [r"$\nosuchcmd$, seed 42", "$x^{$", "Clear \x1b[2J screen"])
def test_run_figures_draw_a_hostile_label_literally(tmp_path, label):
    """A scenario's name reaches the figures' source line: mathtext in it must not break them."""
    results = make_results(tmp_path / "run")
    _assert_pngs(write_run_figures(results, label), results / "figures", RUN_FIGURES)


def test_compare_figures_draw_hostile_scenario_names_literally(tmp_path):
    runs = {r"$\nosuchcmd$": make_results(tmp_path / "a"), "50$ and $": make_results(tmp_path / "b", boost=1.0)}
    out = tmp_path / "compare"
    _assert_pngs(write_compare_figures(runs, out), out, COMPARE_FIGURES)


def test_compare_ignores_folders_without_results(tmp_path):
    runs = {"empty": tmp_path / "nothing_here"}
    assert write_compare_figures(runs, tmp_path / "out") == []


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(pytest.main([__file__, "-q"]))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_source_line_and_title_stays_inside_its_figure(tmp_path, monkeypatch, lang):
    """Issue 13: the growth chart's source line ran past the right edge; long source lines now wrap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    outside = []
    original = Figure.savefig

    def checked(fig, *args, **kwargs):
        FigureCanvasAgg(fig)
        fig.draw_without_rendering()
        box = fig.bbox
        legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
        for legend in legends:  # a legend is a box: check its whole frame
            extent = legend.get_window_extent()
            if extent.x0 < box.x0 - 1 or extent.x1 > box.x1 + 1:
                outside.append(" | ".join(t.get_text() for t in legend.get_texts()))
        for text in (fig._supxlabel, fig._suptitle, *[ax.title for ax in fig.axes]):
            if text is not None and text.get_text():
                extent = text.get_window_extent()
                if extent.x0 < box.x0 - 1 or extent.x1 > box.x1 + 1:
                    outside.append(text.get_text())
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", checked)
    results = make_results(tmp_path / "baseline")
    label = "baseline with a long label that a planner might give to a run, seed 42"
    write_run_figures(results, label, lang=lang)
    write_compare_figures({"baseline": results, "again": results}, tmp_path / "compare",
                          {"baseline": "Current policies continued", "again": "A much longer title that a planner "
                           "wrote for the same run, to see it wrap in the legend"}, lang=lang)
    assert outside == []


def test_compare_legends_show_scenario_titles(tmp_path, monkeypatch):
    """Issue 13: the legends showed file ids (three_breakthroughs), not titles."""
    from matplotlib.figure import Figure

    labels = []
    original = Figure.savefig

    def collect(fig, *args, **kwargs):
        for ax in fig.axes:
            labels.extend(t.get_text() for legend in [ax.get_legend()] if legend for t in legend.get_texts())
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", collect)
    results = make_results(tmp_path / "baseline")
    write_compare_figures({"baseline": results, "push": results}, tmp_path / "compare",
                          {"baseline": "Current policies continued", "push": "Double-digit push"})
    assert "Current policies continued" in labels and "Double-digit push" in labels
    assert "push" not in labels and "baseline" not in labels


def test_a_scenario_s_figures_show_the_baseline_beside_it(tmp_path, monkeypatch):
    """Issue 13: the growth and digital-share figures show the baseline beside another scenario."""
    from matplotlib.figure import Figure

    labels = {}
    original = Figure.savefig

    def collect(fig, path, *args, **kwargs):
        texts = [t.get_text() for ax in fig.axes for legend in [ax.get_legend()] if legend for t in legend.get_texts()]
        labels[Path(path).name] = texts
        return original(fig, path, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", collect)
    results = make_results(tmp_path / "push")
    rows = [dict(zip(["year", "gdp_growth_pct", "digital_economy_share_pct"], (y, 6.0, 14.0))) for y in range(2015, 2031)]
    write_run_figures(results, "push, seed 42", ("Current policies continued", rows))
    for figure in ("gdp_growth.png", "digital_share.png"):
        assert "Baseline: Current policies continued (same seed)" in labels[figure]
    labels.clear()
    write_run_figures(results, "baseline, seed 42")
    assert not any("Baseline:" in t for texts in labels.values() for t in texts)
