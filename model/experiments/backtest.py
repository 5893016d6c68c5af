"""Backtest: calibrate on the data up to a year only, then forecast the years after it.

The calibration reads no ``history`` row after ``train_until``
(``calibrate.history_moments``) and the runs read the export and FDI data only
up to it (the scenario's ``data_until``, ``model.rules.external``), so the
forecast cannot have seen what it is compared with (the UN WPP 2024 population
path, an input, is the one later vintage it reads); a test changes the later rows and checks the forecast stays
byte-identical. The bands are over seeds at the estimates, or, with a posterior inferred on the data up to
the year, over draws of it; each run then adds a draw of the model's own error, estimated from the runs' misses
of the history up to the year (``model_error``), and the scores say what the runs alone would have scored.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from model.core.errors import UserError
from model.experiments import calibration_report as report
from model.experiments import forecast_skill, model_error
from model.experiments.calibrate import (CalibrationSettings, band_runs, bands, calibrate, history_moments,
                                         registry_start)
from model.experiments.parallel import Runner
from model.experiments.posterior import (PosteriorSettings, effective_sample_size, infer, parameter_summary,
                                         posterior_medians, posterior_runs)
from model.measure.catalogue import DEFAULT_LANGUAGE, phrase
from model.outputs.charts import language_path
from model.outputs.folders import check_out_dir, staged_folder
from model.outputs.results import RESULTS_DIR, manifest_basics
from model.scenario import load_scenario

# Indicators written to forecast.csv for every year after the training year.
FORECAST_COLUMNS = ("gdp_growth_pct", "digital_economy_share_pct", "digital_core_share_pct", "digitalisation_share_pct",
                    "internet_users_pct", "fibre_households_pct", "ecommerce_share_retail_pct",
                    "online_public_services_pct", "basic_digital_skills_pct")


FORECAST_DRAW_SEED = 1000  # the posterior forecast's draws: streams apart from the inference's own seeds


class Backtest(NamedTuple):
    """A backtest's folder, and its scores against the later data (``forecast_skill``: one row per held-out
    observation, and the skill against the simple forecasters by years ahead)."""

    folder: Path
    scores: list[dict]
    skill: list[dict]


def backtest_to_folder(settings: CalibrationSettings, out: Path | None = None, report_dir: Path | None = None,
                       progress=None, languages: tuple[str, ...] = (DEFAULT_LANGUAGE,),
                       posterior: PosteriorSettings | None = None) -> Backtest:
    """Calibrate on data up to ``settings.train_until``, forecast to the scenario's end, score the forecast
    against the later data and the simple forecasters, and write the folder (forecast.csv, scores.csv,
    skill.csv, estimates.csv, figure, manifest). With ``report_dir`` also write ``backtest_<YEAR>.md`` and
    its figure there (such as docs/), the figure in each of ``languages``.

    With ``posterior`` the whole inference runs on the data up to the year instead (ABC at those settings,
    ``model.experiments.posterior``; its scenario, year, data, scale and workers are this backtest's), and the
    forecast's runs each draw their parameters from that posterior (``settings.band_seeds`` draws), so the
    bands carry parameter uncertainty as well as chance; the estimates reported are the posterior medians."""
    year = settings.train_until
    # The runs read the external data (exports, FDI) only up to the training year too (rules.external).
    scenario = dataclasses.replace(load_scenario(settings.scenario), data_until=year)
    if not scenario.start_year < year < scenario.end_year:
        raise UserError(f"--train-until {year}: give a year after {scenario.start_year} "
                        f"and before {scenario.end_year} (the scenario's years)")
    out = Path(out) if out is not None else RESULTS_DIR / f"backtest_{year}"
    check_out_dir(out, "backtest")
    started = datetime.now(timezone.utc)
    seeds = settings.seed_list
    if posterior is None:
        with Runner(settings.workers) as runner:
            fit, _ = calibrate(scenario, year, seeds, settings.scale, settings.max_evaluations, runner, settings.data,
                               registry_start(scenario), progress=progress)
            runs = band_runs(scenario, fit.values, settings, runner, scenario.end_year)
        estimates, how = fit.values, {"method": "calibration", "objective": fit.objective,
                                      "evaluations": fit.evaluations, "calibration_seeds": seeds}
    else:
        inference = dataclasses.replace(posterior, scenario=settings.scenario, train_until=year, data=settings.data,
                                        scale=settings.scale, workers=settings.workers)
        sample = infer(inference, scenario)
        with Runner(settings.workers) as runner:
            runs = posterior_runs(scenario, sample, settings.band_seeds, FORECAST_DRAW_SEED, settings.scale,
                                  scenario.end_year, runner)
        estimates = posterior_medians(sample)
        how = {"method": "posterior", "posterior": {k: v for k, v in sample.provenance.items()
                                                    if k not in ("priors", "influence", "moments")},
               "effective_sample_size": effective_sample_size(sample),
               # a choice's median is one reading; its page gives the share of the second reading instead
               "choice_shares": {r["parameter"]: r["share_high"] for r in parameter_summary(sample)
                                 if r["prior"] == "choice"}}
    # The model's own error, from the same runs' misses of the history up to the year (model_error.py), added
    # to each run's years after it; the scores keep what the runs alone would have scored beside them.
    error = model_error.estimate(runs, history_moments(year, scenario.start_year, settings.data), year)
    alone, runs = runs, model_error.add_to_runs(runs, error, FORECAST_DRAW_SEED)
    b = bands(runs, list(FORECAST_COLUMNS) + [c for _, c, _ in report.SERIES])
    title = "backtest_title" if posterior is None else "backtest_posterior_title"
    rows = [{"year": y, "indicator": c, "median": b[c][y][1], "p05": b[c][y][0], "p95": b[c][y][2]}
            for c in FORECAST_COLUMNS for y in sorted(b[c]) if y > year]
    # Scored against the later data, and against the simple forecasters on the data up to the year
    scores = forecast_skill.score_observations(scored_series(settings.data), runs, year)
    alone_scores = {(r["indicator"], r["year"]): r
                    for r in forecast_skill.score_observations(scored_series(settings.data), alone, year)}
    for row in scores:  # the same observations: the error moves values, never which runs have one
        without = alone_scores[(row["indicator"], row["year"])]
        row |= {k.replace("model_", f"{forecast_skill.ALONE}_", 1): v for k, v in without.items()
                if k.startswith("model_")}
    skill = forecast_skill.skill_by_horizon(scores)
    with staged_folder(out, "backtest") as tmp:
        report.write_csv(tmp / "forecast.csv", rows)
        if scores:
            report.write_csv(tmp / "scores.csv", scores)
        if skill:
            report.write_csv(tmp / "skill.csv", skill)
        report.write_csv(tmp / "estimates.csv", [{"parameter": k, "value": v} for k, v in estimates.items()])
        model_error.write_model_error(error, tmp / "model_error.csv")  # with its record, as the shipped one
        report.band_figure(b, tmp / "figures" / "backtest.png", phrase(title, DEFAULT_LANGUAGE, year=year), len(runs),
                           train_until=year, data_path=settings.data, draws=posterior is not None)
        info = manifest_basics(started)
        info.update({"command_kind": "backtest", "scenario": scenario.name, "scenario_file": scenario.source,
                     "train_until": year, "forecast_runs": settings.band_seeds,
                     "scale": settings.scale, "data": str(settings.data), "estimates": estimates,
                     "model_error": [dataclasses.asdict(c) for c in error.columns], **how})
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    if report_dir is not None:  # the report for the docs, with a copy of the figure beside the other docs figures
        figure = report_dir / "figures" / f"backtest_{year}.png"
        figure.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / "figures" / "backtest.png", figure)
        for lang in (lang for lang in languages if lang != DEFAULT_LANGUAGE):
            report.band_figure(b, language_path(report_dir / "figures", figure.name, lang),
                               phrase(title, lang, year=year), len(runs), train_until=year,
                               data_path=settings.data, lang=lang, draws=posterior is not None)
        made = {"made": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "seeds": seeds, "scale": settings.scale,
                "band_seeds": settings.band_seeds, **how}
        text = report.backtest_markdown(year, rows, estimates, str(figure.relative_to(report_dir)), made,
                                        settings.data, scores, skill, error)
        (report_dir / f"backtest_{year}.md").write_text(text, encoding="utf-8")
    return Backtest(out, scores, skill)


def scored_series(data_path: Path) -> list[tuple[str, dict[int, float]]]:
    """(results column, its history by year) for each forecast column the data measure directly (the report's
    series without a note: not a proxy such as smartphones for mobile broadband, nor a period mean)."""
    return [(column, report.history(indicator, data_path)) for indicator, column, note in report.SERIES
            if column in FORECAST_COLUMNS and note is None]
