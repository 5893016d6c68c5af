"""What ``calibrate`` and ``backtest`` write besides the estimates: tables, figures and calibration.md.

``calibrate_to_folder`` is the ``calibrate`` command (estimate, then write the
folder); ``report_shipped_calibration`` rewrites the report for the shipped
estimates without estimating again (``make docs``).
"""
from __future__ import annotations

import csv
import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path

from model.core.data import INDICATORS_CSV, load_indicators
from model.core.params import CALIBRATION_FILE, PARAMETERS
from model.core.priors import HAND_SET, PRIORS
from model.measure.catalogue import DEFAULT_LANGUAGE, phrase, series_title
from model.outputs.charts import HistoryPanel, history_bands, language_path
from model.experiments.calibrate import (
    ACCOUNT_RATES, ESTIMATED, MOMENTS, ONLINE_RETAIL_GROWTH, SERIES, CalibrationSettings, Fit, Moment, Objective, band_runs, bands, calibrate,
    history_moments, identification, registry_start, write_calibration,
)
from model.experiments.parallel import Runner
from model.experiments.posterior import method_name

# The panel title of a derived column that is not a results column (a catalogue phrase's key).
PANEL_TITLES = {ONLINE_RETAIL_GROWTH: "online_retail_growth"}


def history(indicator: str, data_path: Path = INDICATORS_CSV, until: int | None = None) -> dict[int, float]:
    """The data's history of ``indicator`` by year, from the first year comparable with the model."""
    first = MOMENTS[indicator].from_year if indicator in MOMENTS else 0  # rows before it: another definition
    return {r.year: r.value for r in load_indicators(Path(data_path))
            if r.kind == "history" and r.indicator == indicator and first <= r.year
            and (until is None or r.year <= until)}


def band_figure(bands: dict, path: Path, title: str, seeds: int, train_until: int | None = None,
                data_path: Path = INDICATORS_CSV, series=SERIES, lang: str | None = None, draws: bool = False) -> Path:
    """Every history series against the model's median and 5-95 percent band over seeds (the shared report
    figure, ``model.outputs.charts.history_bands``), the data read as the calibration compares them."""
    panels = []
    for indicator, column, note in series:
        rule = MOMENTS[indicator]
        data = history(indicator, data_path)
        if rule.growth:  # the data row is a level: show its growth, as the calibration compares
            data = {y: 100.0 * (v / data[y - 1] - 1.0) for y, v in data.items() if y - 1 in data}
        points = tuple((rule.years(y)[0], rule.years(y)[-1], v) for y, v in data.items())
        panels.append(HistoryPanel(PANEL_TITLES.get(column, column), bands.get(column, {}), points, note))
    return history_bands(panels, path, title, seeds, train_until=train_until, lang=lang, draws=draws)


def fit_rows(moments: list[Moment], fit: Fit) -> list[dict[str, object]]:
    return [{"moment": m.label, "data": m.value, "model_mean": fit.model[k], "model_sd_over_seeds": fit.spread[k],
             "tolerance": m.rule.tolerance,
             "miss_in_tolerances": (fit.model[k] - m.value) / m.rule.tolerance}
            for k, m in enumerate(moments)]


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def calibration_markdown(fit: Fit, moments: list[Moment], ident: list[dict], settings: dict,
                         figure: str, before: dict[str, float], before_objective: float) -> str:
    lines = [
        "# Calibration: the baseline against Vietnam's history",
        "",
        f"Written by {settings.get('written_by', '`python -m model calibrate`')} "
        f"({settings['made']}; {settings['evaluations']} evaluations of the objective; the fit below on seeds "
        f"{settings['seeds']} at scale {settings['scale']}; data up to {settings['train_until']}). "
        f"Do not edit by hand: run the command again. The estimates are in {settings['estimates_file']}; "
        "the shipped ones (`model/data/calibration.toml`) are what every scenario uses unless its `[parameters]` "
        "table overrides them.",
        "",
        "Out of sample: `docs/backtest_2019.md` (calibrated on data up to 2019, forecast after it). Against "
        "the literature and the stylised facts of adoption: `docs/validation.md`.",
        "",
        "## Method",
        "",
        "Simulated method of moments (`model/experiments/calibrate.py`): the baseline scenario runs from 2015 to the last "
        "data year for each candidate; each `history` row of `model/data/vietnam_indicators.csv` (copied from "
        "`shared/data`, sources kept) becomes a moment; the objective is the sum of squared misses of the mean "
        "over seeds, each divided by a tolerance. Every candidate runs on the same seeds (common random "
        "numbers), so the objective is deterministic; Nelder-Mead (scipy) minimises it on logit coordinates of "
        "each parameter's calibration range, which keeps candidates inside the range. The 2020-2021 "
        "pandemic enters as the scenario's historical shocks (`scenarios/baseline.toml`) at the sizes set there "
        "(`pandemic_size_factor` 1; the posterior infers the factor).",
        "",
        "Moments and tolerances (a miss of one tolerance adds 1 to the objective):",
        "",
    ]
    lines += _table(["data indicator", "model column", "tolerance", "note"],
                    [[k, f"`{r.column}`" + (" (growth)" if r.growth else ""), f"{r.tolerance:g}", r.note]
                     for k, r in MOMENTS.items()])
    lines += ["", "Left out: `tfp_share_of_growth` 2013 (an average of 2011-2015, before the model starts), "
              "GDP growth 2015 (the model starts in 2015) and e-commerce GMV 2018 (its growth needs 2017).", "",
              "## Estimates", "",
              f"Objective {before_objective:.1f} at the starting values, {fit.objective:.1f} at the estimates "
              f"({len(moments)} moments).", ""]
    ident_by = {d["parameter"]: d for d in ident}
    rows = []
    for e in ESTIMATED:
        d = ident_by[e.name]
        rows.append([f"`{e.name}`", f"{before[e.name]:.4g}", f"{fit.values[e.name]:.4g}", f"[{e.low:g}, {e.high:g}]",
                     f"{d['se']:.2g}", f"{d['own_curvature']:.2g}", d["most_sensitive_moment"], e.targets])
    lines += _table(["parameter", "start", "estimate", "calibration range", "se (approx.)", "curvature",
                     "most sensitive moment", "meant to match"], rows)
    lines += [
        "",
        "How well identified: `se` is the change in the parameter that raises the objective by about one unit "
        "when the other estimates adjust (Gauss-Newton curvature from central differences at the estimate, "
        "common random numbers); `curvature` is the objective's curvature in the parameter's own logit "
        "coordinate. A parameter whose `se` is a large part of its range, or whose curvature is near 0, is "
        "weakly identified by these data: its value is then mostly the starting value.",
        "",
        "Weakly identified here (se above a quarter of the calibration range): "
        + (", ".join(f"`{e.name}`" for e in ESTIMATED if ident_by[e.name]["se"] > 0.25 * (e.high - e.low)) or "none")
        + ".",
        "",
        "The satellite account's rates are fitted in every evaluation by least squares to the digital moments "
        "(`fit_digitalisation`; accounting, not behaviour: no run reads them): "
        + ", ".join(f"`{n}` {fit.values[n]:.4g}" for n in ACCOUNT_RATES if n in fit.values) + ".",
        "",
        "## Fit",
        "",
        f"![History against the model]({figure})",
        "",
        "The model's median and 5-95 percent band over "
        f"{settings['band_seeds']} seeds at the estimates (red: data).",
        "",
    ]
    lines += _table(["moment", "data", "model (mean over seeds)", "sd over seeds", "miss / tolerance"],
                    [[m.label, f"{m.value:.2f}", f"{fit.model[k]:.2f}", f"{fit.spread[k]:.2f}",
                      f"{(fit.model[k] - m.value) / m.rule.tolerance:+.2f}"] for k, m in enumerate(moments)])
    sources = {(r.indicator, r.year): r.source for r in load_indicators() if r.kind == "history"}
    lines += ["", "Sources of the data (the `source` column of `model/data/vietnam_indicators.csv`): "
              + "; ".join(sorted({f"{m.indicator}: {sources.get((m.indicator, m.year), 'see the data file')}"
                                  for m in moments})) + "."]
    worst = sorted(range(len(moments)), key=lambda k: -abs(fit.model[k] - moments[k].value) / moments[k].rule.tolerance)[:3]
    lines += ["", "Largest misses: " + "; ".join(
        f"{moments[k].label} (model {fit.model[k]:.2f}, data {moments[k].value:.2f})" for k in worst) + ".", ""]
    return "\n".join(lines)


def backtest_markdown(train_until: int, rows: list[dict], estimates: dict[str, float], figure: str,
                      settings: dict, data_path: Path = INDICATORS_CSV, scores: list[dict] = (),
                      skill: list[dict] = (), error=None) -> str:
    """The backtest's report: the forecast after ``train_until`` against whatever data exists; ``error``: the
    model's own error added to the runs (``model_error.ModelError``)."""
    by_posterior = settings.get("method") == "posterior"
    fitted = "the posterior inferred" if by_posterior else "calibrated"
    lines = [f"# Backtest: {fitted} on data up to {train_until}, forecast after it", "",
             f"Written by `python -m model docs`, or `python -m model backtest --train-until {train_until} "
             f"{'--posterior ' if by_posterior else ''}--report docs` ({settings['made']}; {how_fitted(settings)}, "
             f"scale {settings['scale']}). The {'inference' if by_posterior else 'calibration'} read only the "
             f"history rows up to {train_until} (a test changes the later rows and checks that the forecast does "
             "not move). The scenario's historical shocks (the 2020-2021 pandemic) stay in: this is a forecast "
             "conditional on the pandemic coming when it did, not a forecast of the pandemic"
             + ("; its size is inferred with the rest, from its prior alone when the data end before 2020."
                if by_posterior else ", and on its size as fitted to 2020-2021."), "",
             f"![Backtest]({figure})", "", "## Forecast against the data that came later", ""]
    table = []
    for indicator, column, note in SERIES:
        label = series_title(PANEL_TITLES.get(column, column), DEFAULT_LANGUAGE, note)
        data = {y: v for y, v in history(indicator, data_path).items() if y > train_until}
        for y, v in sorted(data.items()):
            r = next((r for r in rows if r["indicator"] == column and r["year"] == y), None)
            if r is None:
                continue
            inside = r["p05"] <= v <= r["p95"]
            table.append([label, str(y), f"{v:.2f}", f"{r['median']:.2f}", f"{r['p05']:.2f} to {r['p95']:.2f}",
                          "yes" if inside else "no"])
    lines += _table(["indicator", "year", "data", "forecast median", "5-95% band", "data inside the band"], table)
    inside = sum(r[-1] == "yes" for r in table)
    lines += ["", f"{inside} of {len(table)} later observations fall inside the forecast's 5-95 percent band. "
              + ("The band is over draws of the posterior inferred on the data up to the year, each on its own "
                 "seed: it carries what the data then left unknown about the parameters, as well as chance"
                 if by_posterior else
                 "The band is over seeds at the calibrated parameters, not over parameter uncertainty "
                 "(`backtest --posterior` draws the parameters too)")
              + ("; and each run adds a draw of the model's own error (below)." if error is not None else "."), ""]
    lines += _skill_section(train_until, scores, skill)
    if error is not None:
        from model.experiments.model_error import markdown_section
        lines += markdown_section(error, f"Estimated from the runs' misses of the history up to {train_until}")
    lines += ["## The estimates", ""]
    ranges = ({e.name: (e.low, e.high) for e in ESTIMATED} | {n: (PARAMETERS[n].low, PARAMETERS[n].high)
                                                              for n in ACCOUNT_RATES}
              | {n: (p.low, p.high) for n, p in {**PRIORS, **HAND_SET}.items()})
    lines += _table(["parameter", "posterior median" if by_posterior else "estimate",
                     "prior range" if by_posterior else "calibration range"],
                    [[f"`{k}`", _estimate_cell(k, v, ranges[k], settings.get("choice_shares", {})),
                      f"[{ranges[k][0]:g}, {ranges[k][1]:g}]"] for k, v in estimates.items()])
    edge = [k for k, v in estimates.items()
            if min(v - ranges[k][0], ranges[k][1] - v) < 0.02 * (ranges[k][1] - ranges[k][0])]
    if edge and not by_posterior:
        lines += ["", "At the edge of the calibration range (the data up to this year do not pin them down, and "
                  "the optimiser ran to the bound): " + ", ".join(f"`{k}`" for k in edge) + "."]
    lines += ["", "## The forecast to 2030", ""]
    years = sorted({r["year"] for r in rows})
    lines += _table(["year", "GDP growth, % (5-95%)", "digital economy, % of GDP (5-95%)"],
                    [[str(y)] + [next(f"{r['median']:.1f} ({r['p05']:.1f}-{r['p95']:.1f})" for r in rows
                                      if r["indicator"] == c and r["year"] == y)
                                 for c in ("gdp_growth_pct", "digital_economy_share_pct")] for y in years])
    return "\n".join(lines) + "\n"


def _estimate_cell(name: str, value: float, bounds: tuple[float, float], choice_shares: dict[str, float]) -> str:
    """An estimate as the backtest page prints it; a choice of two readings as the posterior's share of each."""
    if name in choice_shares:
        share = choice_shares[name]
        return f"{bounds[0]:g} in {1 - share:.0%}, {bounds[1]:g} in {share:.0%} of the particles"
    return f"{value:.4g}"


def how_fitted(settings: dict) -> str:
    """How a backtest's forecast was made, for its pages: the calibration's evaluations and seeds, or the
    posterior's simulations, particles and tolerance."""
    if settings.get("method") == "posterior":
        made = settings["posterior"]
        distinct = (f"{made['distinct_particles']} distinct" if "distinct_particles" in made
                    else f"effective {settings['effective_sample_size']:.0f}")
        return (f"{made.get('method_name', made['method'].split(' (')[0])} in {made['simulations']} simulations, "
                f"{made['population']} particles ({distinct}), last tolerance {made['final_distance']:.2f}; forecast "
                f"over {settings['band_seeds']} draws of the posterior")
    return (f"{settings['evaluations']} evaluations on seeds {settings['seeds']}, forecast over "
            f"{settings['band_seeds']} other seeds")


def _skill_section(train_until: int, scores: list[dict], skill: list[dict]) -> list[str]:
    """The backtest page's scores: band coverage of the model and of the simple forecasters, and the ratio of
    the model's errors to theirs by years ahead (model.experiments.forecast_skill)."""
    if not scores:
        return []
    from model.experiments.forecast_skill import ALONE, coverage
    lines = ["## Scored, and against simple forecasters", "",
             "Each later observation is scored against the model's runs (inside their central 50% and 90% "
             "bands; the absolute error of their median; the CRPS, in the indicator's unit, lower is better) and "
             f"against a simple forecaster fitted on the same data up to {train_until}: an AR(1) for GDP growth, "
             "a random walk with drift for the shares (scores.csv, skill.csv; `model/experiments/forecast_skill.py`)."
             " A ratio below one means the model did better.", ""]
    for who, label in (("model", "the model"), (ALONE, "the model's runs alone, without its own error"),
                       ("simple", "the simple forecasters")):
        held = coverage(scores, who)
        if not any(n for _, n in held.values()):
            continue
        lines.append(f"- Coverage of {label}: " + "; ".join(
            f"{inside} of {n} inside the {band} band" for band, (inside, n) in held.items()) + ".")
    lacking = sorted({r["indicator"] for r in scores if r["simple_crps"] is None})
    if lacking:
        lines.append("- No simple forecast (too few observations up to the year): "
                     + ", ".join(f"`{column}`" for column in lacking) + ".")
    lines += ["", "| simple forecaster | years ahead | observations | error of the median: model / simple | "
              "CRPS: model / simple |", "|---|---|---|---|---|"]
    for r in skill:
        lines.append(f"| {r['simple']} | {r['horizon']} | {r['observations']} | "
                     f"{r['model_abs_error']:.2f} / {r['simple_abs_error']:.2f} = {r['abs_error_ratio']:.2f} | "
                     f"{r['model_crps']:.2f} / {r['simple_crps']:.2f} = {r['crps_ratio']:.2f} |")
    return lines + [""]


def backtests_markdown(by_year: dict[int, tuple[list[dict], list[dict]]], settings: dict) -> str:
    """docs/backtest.md: the backtests from each year (its held-out observations' scores and its skill against
    the simple forecasters, ``model.experiments.forecast_skill``) on one page, pooled coverage first."""
    from model.experiments.forecast_skill import ALONE, BANDS, coverage
    years = sorted(by_year)
    pooled = [r for y in years for r in by_year[y][0]]
    by_posterior = settings.get("method") == "posterior"
    if by_posterior:
        method = method_name(settings.get("generations", 1), settings.get("moves", False))
        how = (f"each backtest infers the posterior on the data up to its year ({method}, {settings['population']} "
               f"particles, at most {settings['simulations']} simulations) and forecasts over "
               f"{settings['band_seeds']} draws of it, scale {settings['scale']}")
        caveats = [
            "- The bands are over draws of each year's posterior, each on its own seed, with a draw of the model's "
            "own error added after the year: they carry what the data up to the year left unknown about the "
            "parameters the posterior infers, chance, and the model's error as large as its misses of the "
            "history up to the year (`model/experiments/model_error.py`); not the export path after the data. "
            "The runs alone, without that error, are scored beside them.",
            "- The inference reads no history row after the year, the runs read exports and FDI only up to it, and "
            "the values once set by hand against later data (`model/core/priors.py`, HAND_SET: structural change, "
            "digital entry, the fibre start, the 2015 digital core, learning, adoption, the pandemic's size) are "
            "inferred with the rest from the data up to the year; trained before 2020, the pandemic's size is "
            "drawn from its prior (no loss to twice the size fitted to 2020-2021).",
        ]
    else:
        how = (f"each backtest {settings['evaluations']} evaluations on seeds {settings['seeds']}, forecast over "
               f"{settings['band_seeds']} other seeds, scale {settings['scale']}")
        caveats = [
            "- The bands are over seeds only, at the calibrated values: they carry chance, not what is unknown "
            "about the parameters, so they are too narrow for a forecast (`backtest --posterior` widens them).",
            "- The calibration reads no history row after the year, and the runs read exports and FDI only up to "
            "it, but some values set by hand used later information (the fibre start fitted to 2021, the "
            "pandemic's size, structural-change and digital-entry rates fitted to 2024-2025). These backtests are "
            "therefore not free of the future.",
        ]
    lines = [f"# Backtests: {'the posterior inferred' if by_posterior else 'calibrated'} on the data up to a "
             "year, scored on the years after", "",
             f"Written by `python -m model docs` ({settings['made']}; {how}). Each year's page: "
             + ", ".join(f"[{y}](backtest_{y}.md)" for y in years)
             + ". Every later observation of a series the data measure directly is scored: inside the model's "
             "central 50% and 90% bands or not, the error of the median, and the CRPS; and the same for a simple "
             "forecaster fitted on the same data up to the year (an AR(1) for GDP growth, a random walk with drift "
             "for the shares). Ratios below one mean the model did better.", "",
             "**Read these with three caveats.**", ""] + caveats + [
             "- The runs are conditional on the scenario's historical shocks (the 2020-2021 pandemic: its timing "
             + ("always; its size only where the data up to the year show it" if by_posterior else
                "and its size") + "); the simple forecasters know nothing of them, so where those years are held "
             "out the comparison favours the model.", "", "## Coverage", "",
             "The last columns compare like with like: the model and the simple forecaster on the observations "
             "both forecast. An observation can appear in more than one backtest (growth in 2024 is held out from "
             "2019 and from 2022).", "",
             "| trained until | observations | model: inside 50% band | model: inside 90% band | runs alone, without "
             "the model's own error: inside 50% / 90% | both forecast | model there: inside 50% / 90% | simple: "
             "inside 50% / 90% |", "|---|---|---|---|---|---|---|---|"]

    def held(rows: list[dict], who: str) -> list[str]:
        return [f"{inside} of {n}" + (f" ({inside / n:.0%})" if n else "")
                for inside, n in coverage(rows, who).values()]

    def both(rows: list[dict]) -> str:
        shared = [r for r in rows if r["simple_crps"] is not None]
        return (f"{len(shared)} | " + " / ".join(str(c[0]) for c in coverage(shared, "model").values()) + " | "
                + " / ".join(str(c[0]) for c in coverage(shared, "simple").values()))

    def alone(rows: list[dict]) -> str:
        return " / ".join(held(rows, ALONE)) if any(n for _, n in coverage(rows, ALONE).values()) else ""

    for y in years:
        rows = by_year[y][0]
        lines.append(f"| {y} | {len(rows)} | " + " | ".join(held(rows, "model")) + f" | {alone(rows)} | {both(rows)} |")
    lines.append(f"| all | {len(pooled)} | " + " | ".join(held(pooled, "model")) + f" | {alone(pooled)} | "
                 f"{both(pooled)} |")
    bands = " and ".join(f"{b:.0%}" for b in BANDS)
    lines += ["", f"The goal is bands that cover about their share ({bands}) of what came later; the table says "
              "how far the model is from it.", "", "## Against the simple forecasters", "",
              "Years ahead *all* pools every horizon, those beyond three years included; a random walk's row pools "
              "shares in their own units. The AR(1) from 2019 is fitted on five years (four pairs): a weak "
              "benchmark, and the model's runs know the pandemic is coming"
              + (" (not its size)" if by_posterior else " and its size") + ", which the AR(1) does not.", "",
              "| trained until | simple forecaster | years ahead | observations | error of the median: model / "
              "simple | CRPS: model / simple |", "|---|---|---|---|---|---|"]
    for y in years:
        for r in by_year[y][1]:
            lines.append(f"| {y} | {r['simple']} | {r['horizon']} | {r['observations']} | "
                         f"{r['abs_error_ratio']:.2f} | {r['crps_ratio']:.2f} |")
    lacking = sorted({(y, r["indicator"]) for y in years for r in by_year[y][0] if r["simple_crps"] is None})
    if lacking:
        lines += ["", "Not compared (too few observations up to the year for the simple forecaster): "
                  + "; ".join(f"{y} `{c}`" for y, c in lacking) + "."]
    lines += stretch_markdown({y: by_year[y][0] for y in years})
    return "\n".join(lines) + "\n"


def stretch_markdown(scored: dict[int, list[dict]]) -> list[str]:
    """backtest.md's section on bands stretched by earlier backtests' misses (``band_stretch``): the backtest of
    the backtests, by backtest and by indicator, and the stretch every observation gives (the shipped one)."""
    from model.experiments import band_stretch as bs
    from model.experiments.forecast_skill import coverage
    checked = bs.backtest_of_backtests(scored)

    def counts(rows: list[dict], factor: float | None = None) -> str:
        return " / ".join(f"{inside} ({inside / n:.0%})" if n else "0"
                          for inside, n in coverage(rows, "model", stretched_by=factor).values())

    lines = ["", "## Bands stretched by the earlier backtests' misses", "",
             "Each held-out observation says how far its band would have had to stretch about the median to hold it "
             "(`model_stretch_50`, `model_stretch_90` in backtest_scores.csv; at most 1 when the band held it). A "
             f"forecast's stretch is the conformal quantile (the ceil((n+1) x {bs.LEVEL:g})-th smallest of n) of the "
             "90% band's stretches of the backtests trained before it, at their observations up to its year, so it "
             f"reads no later data; with fewer than {bs.min_observations()} there is none "
             "(`model/experiments/band_stretch.py`). The table scores the bands so stretched, the 50% band by the "
             "same factor: a backtest of the backtests.", "",
             "| trained until | stretch (from observations of the backtests from) | observations | stretched: "
             "inside 50% / 90% | as forecast: inside 50% / 90% |", "|---|---|---|---|---|"]
    pooled, by_origin = [], {}
    for row in checked:
        year = row[bs.ORIGIN]
        if row["stretch"] is None:
            lines.append(f"| {year} | none ({row['sized_from']} earlier observations) | {row['observations']} | "
                         f"not scored | {counts(scored[year])} |")
            continue
        by_origin[year] = row["stretch"]
        pooled += [(r, row["stretch"]) for r in scored[year]]
        origins = ", ".join(str(y) for y in row["from_backtests"])
        lines.append(f"| {year} | {row['stretch']:.2f} ({row['sized_from']} of {origins}) | {row['observations']} | "
                     f"{counts(scored[year], row['stretch'])} | {counts(scored[year])} |")
    if pooled:
        def inside(rows):  # each observation against its own backtest's stretch
            held = {b: 0 for b in ("50%", "90%")}
            for r, factor in rows:
                for band, (n_in, _) in coverage([r], "model", stretched_by=factor).items():
                    held[band] += n_in
            return " / ".join(f"{held[b]} ({held[b] / len(rows):.0%})" for b in held)
        rows_only = [r for r, _ in pooled]
        lines.append(f"| scored | | {len(pooled)} | {inside(pooled)} | {counts(rows_only)} |")
        lines += ["", "By indicator, over the backtests scored above:", "",
                  "| indicator | observations | stretched: inside 50% / 90% | as forecast: inside 50% / 90% |",
                  "|---|---|---|---|"]
        for indicator in sorted({r["indicator"] for r in rows_only}):
            mine = [(r, f) for r, f in pooled if r["indicator"] == indicator]
            lines.append(f"| `{indicator}` | {len(mine)} | {inside(mine)} | {counts([r for r, _ in mine])} |")
    every = bs.earlier_stretch(scored)
    horizons = sorted({r["horizon"] for r, _ in pooled})
    lines += ["", (f"All {every.observations} observations give a stretch of {every.factor:.2f} for the "
                   f"{every.level:.0%} band (by construction it holds at least {every.level:.0%} of those same "
                   "observations; the table above is the out-of-sample test)" if every.factor is not None else
                   f"All {every.observations} observations are too few for a {every.level:.0%} stretch")
              + f" ({bs.SCORES_NAME}; `python -m model band-stretch --install` ships it, and ensembles with "
              "parameter uncertainty and the model's own error move each replication's value of every column scored "
              "here, in each year after the posterior's last data year, that many times as far from the "
              "replications' median, reading every target again from the moved years). Read it with its limits: "
              "conformal's guarantee needs "
              "exchangeable misses, and these are few and correlated across a forecast's years and columns, and a "
              "data year is scored by several backtests (the scored row counts it each time); the test scores "
              + (f"{horizons[0]} to {horizons[-1]} years ahead" if horizons else "no horizon")
              + " while ensembles run five; one factor widens every column and both bands alike (too much where a "
              "column's bands were right, too little where they were worst: see the indicators above), and a "
              "stretch about the median does not remove a bias; the backtests' posteriors are smaller than the "
              "shipped one (fewer particles and simulations). In an ensemble, growth's move carries GDP's levels, "
              "labour productivity and the TFP accounting with it; nothing else moves (the causal contribution, the "
              "public cost, the digital economy's VND levels), and each share moves about its own median, so within "
              "a replication the digital economy's share no longer equals its two parts' sum exactly."]
    return lines


# ------------------------------------------------------------------ the calibrate command's folder and the docs' page
def write_report(out_dir: Path, fit: Fit, objective: Objective, ident: list[dict], runs: list, start: dict,
                 before: float, settings: dict, data_path: Path, languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)
                 ) -> Path:
    """calibration.md, calibration_fit.csv and figures/calibration_fit.png into ``out_dir`` (the figure also in
    each other of ``languages``, under figures/LANG/); returns the page."""
    b = bands(runs, [c for _, c, _ in SERIES])
    for lang in languages:
        band_figure(b, language_path(out_dir / "figures", "calibration_fit.png", lang),
                    phrase("calibration_fit_title", lang), len(runs), data_path=data_path, lang=lang)
    figure = out_dir / "figures" / "calibration_fit.png"
    text = calibration_markdown(fit, objective.moments, ident, settings, str(figure.relative_to(out_dir)),
                                       start, before)
    page = out_dir / "calibration.md"
    page.write_text(text, encoding="utf-8")
    write_csv(out_dir / "calibration_fit.csv", fit_rows(objective.moments, fit))
    return page


def calibrate_to_folder(settings: CalibrationSettings, out: Path, install: bool = False, progress=None,
                        say=None) -> tuple[Fit, float]:
    """Estimate the parameters and write the results folder ``out``: ``calibration.toml`` (estimates and
    their covariance), the report and a manifest. With ``install`` the estimates also replace the shipped
    ``model/data/calibration.toml`` that every later run uses. Returns (fit, objective at the start)."""
    from model.outputs.folders import staged_folder
    from model.outputs.results import manifest_basics
    from model.scenario import load_scenario

    scenario = load_scenario(settings.scenario)
    seeds = settings.seed_list
    started = datetime.now(timezone.utc)
    with staged_folder(out, "calibration") as tmp, Runner(settings.workers) as runner:
        start = registry_start(scenario)
        moments = history_moments(settings.train_until, scenario.start_year, settings.data)
        before = Objective(scenario, moments, seeds, settings.scale, runner).evaluate(start)[0]
        if say is not None:
            say(f"calibrating {len(ESTIMATED)} parameters on {len(moments)} moments "
                f"(seeds {seeds}, scale {settings.scale}); objective at the start {before:.2f}")
        fit, objective = calibrate(scenario, settings.train_until, seeds, settings.scale, settings.max_evaluations,
                                   runner, settings.data, start, progress=progress)
        ident = identification(objective, fit)
        runs = band_runs(scenario, fit.values, settings, runner, objective.end_year)
        covariance = {d["parameter"]: d["covariance"] for d in ident}
        write_calibration(fit, settings.train_until, seeds, settings.scale, tmp / "calibration.toml", covariance)
        made = {"made": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "evaluations": fit.evaluations,
                "seeds": seeds, "scale": settings.scale, "train_until": settings.train_until,
                "band_seeds": settings.band_seeds, "estimates_file": "calibration.toml (beside this page)"
                + (" and model/data/calibration.toml" if install else "")}
        write_report(tmp, fit, objective, ident, runs, start, before, made, settings.data)
        info = manifest_basics(started)
        info.update({"command_kind": "calibrate", "scenario": scenario.name, "scenario_file": scenario.source,
                     "settings": {k: str(v) if isinstance(v, Path) else v
                                  for k, v in dataclasses.asdict(settings).items()},
                     "objective_start": before, "objective": fit.objective, "estimates": fit.values,
                     "installed": install})
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    if install:  # only when asked: every later run of every scenario uses the shipped estimates
        write_calibration(fit, settings.train_until, seeds, settings.scale, CALIBRATION_FILE, covariance)
    return fit, before


def report_shipped_calibration(settings: CalibrationSettings, out_dir: Path,
                               languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)) -> Path:
    """Rewrite the calibration report for the shipped estimates (``model/data/calibration.toml``) without
    estimating again: the fit, identification and bands at those estimates. Returns the page."""
    from model.core.params import calibrated_values, calibration_record
    from model.scenario import load_scenario

    record = calibration_record().get("calibration", {})
    scenario = load_scenario(settings.scenario)
    estimates = {e.name: calibrated_values()[e.name] for e in ESTIMATED}
    with Runner(settings.workers) as runner:
        start = registry_start(scenario)
        train_until = int(record.get("train_until", settings.train_until))
        moments = history_moments(train_until, scenario.start_year, settings.data)
        objective = Objective(scenario, moments, settings.seed_list, settings.scale, runner)
        before = objective.evaluate(start)[0]
        value, mean, spread = objective.evaluate(estimates)
        fitted = objective.account_rates[tuple(sorted(estimates.items()))]  # the satellite account's, refitted
        fit = Fit(estimates | fitted, value, mean.tolist(), spread.tolist(), int(record.get("evaluations", 0)))
        ident = identification(objective, fit)
        runs = band_runs(scenario, estimates, settings, runner, objective.end_year)
    made = {"made": str(record.get("made", "unknown"))[:10], "evaluations": fit.evaluations,
            "seeds": settings.seed_list, "scale": settings.scale, "train_until": train_until,
            "band_seeds": settings.band_seeds, "estimates_file": "the shipped file",
            "written_by": "`python -m model docs` from the shipped estimates, which `python -m model calibrate "
                          "--install` made"}
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_report(out_dir, fit, objective, ident, runs, start, before, made, settings.data, languages)
