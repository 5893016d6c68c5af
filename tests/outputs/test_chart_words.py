"""Every word on a chart comes from the indicator catalogue, the data file or the user.

The catalogue's texts are replaced by markers that keep only their {fields}; after drawing every run,
comparison and ensemble figure, no text may be left that is neither a marker, a number, nor a name the
user or the data gave (scenario names and titles, the run's label, province names, target sources)."""
from __future__ import annotations

import re
import textwrap

import pytest
from matplotlib.text import Text as MplText

from conftest import read_csv
from model import cli
from model.core.data import indicators_of_kind, load_provinces
from model.measure import catalogue
from model.outputs import charts

MARK = "\u00a7"
ALLOWED_REST = re.compile(r"^[\d\s.,:;%+\-\u2212()|'/=<>\[\]" + MARK + "]*$")


def _marked(self, lang):
    return re.sub(r"(\{[^}]*\})|[^{}]+", lambda m: m.group(1) or MARK, self.en)


@pytest.fixture
def drawn_texts(monkeypatch):
    texts: list[str] = []

    def collect(fig, *args, **kwargs):
        texts.extend(t.get_text() for t in fig.findobj(MplText) if t.get_text())
        return original_savefig(fig, *args, **kwargs)

    from matplotlib.figure import Figure
    original_savefig = Figure.savefig
    monkeypatch.setattr(Figure, "savefig", collect)
    monkeypatch.setattr(catalogue.Text, "__call__", _marked)
    return texts


def _users_and_datas_words(names):
    words = set(names)
    words |= {p.name for p in load_provinces()} | {p.code for p in load_provinces()}
    words |= {t.source for t in indicators_of_kind("target")}
    return sorted(words, key=len, reverse=True)


def test_no_chart_word_escapes_the_catalogue(tmp_path, drawn_texts):
    runs = {}
    for name in ("baseline", "three_breakthroughs"):
        out = tmp_path / name
        assert cli.main(["run", name, "--out", str(out), "--no-figures", "--no-counterfactual", "--scale", "0.05",
                         "--quiet"]) == 0
        runs[name] = out
    from model.scenario import load_scenario
    titles = [load_scenario(n).title for n in runs]
    label = "baseline, seed 42"
    baseline_rows = [{k: float(v) for k, v in r.items() if v != ""} for r in read_csv(runs["baseline"] / "annual.csv")]
    written = charts.write_run_figures(runs["three_breakthroughs"], label, (titles[0], baseline_rows))
    written += charts.write_compare_figures(runs, tmp_path / "compare", dict(zip(runs, titles)))
    annual = read_csv(runs["baseline"] / "annual.csv")
    bands = [{"year": int(r["year"]), "indicator": c, **{q: float(r[c]) for q in ("p05", "p25", "median", "p75", "p95")}}
             for r in annual[1:] for c in ("gdp_growth_pct", "digital_economy_share_pct")]
    for column in ("gdp_growth_pct", "digital_economy_share_pct"):
        written.append(charts.fan_chart(bands, column, titles[0], 3, tmp_path / f"fan_{column}.png"))
    # the calibration and backtest reports' figure of history against the model (bands over seeds)
    from model.experiments.calibration_report import SERIES, band_figure
    report_bands = {c: {int(r["year"]): (float(r[c]) - 1, float(r[c]), float(r[c]) + 1) for r in annual if r[c]}
                    for _, c, _ in SERIES if c in annual[0]}
    written.append(band_figure(report_bands, tmp_path / "calibration_fit.png", "§", 4, train_until=2019))
    # the validation page's diffusion curves
    paths = {name: {int(r["year"]): {c: float(r[c]) for c in ("internet_users_pct", "ecommerce_adoption_pct")}
                    for r in read_csv(folder / "annual.csv")} for name, folder in runs.items()}
    written.append(charts.scenario_panels(paths, ("internet_users_pct", "ecommerce_adoption_pct"),
                                          tmp_path / "diffusion.png", "§", 4))
    written.append(charts.lever_multipliers({"skills": [0.1, 0.2], "institutions": [0.3]}, (0.2, 1.1),
                                            tmp_path / "levers.png"))
    assert len(written) >= 12 and drawn_texts
    wrapped = [line for t in titles for line in textwrap.wrap(t, charts.LEGEND_LABEL_CHARS)]  # legends wrap titles
    allowed = _users_and_datas_words(list(runs) + titles + wrapped + [label])
    strays = []
    for text in drawn_texts:
        rest = text
        for word in allowed:
            rest = rest.replace(word, "")
        if not ALLOWED_REST.match(rest):
            strays.append(text)
    assert strays == [], f"chart text not from the catalogue: {sorted(set(strays))[:10]}"
    assert any(MARK in t for t in drawn_texts)
