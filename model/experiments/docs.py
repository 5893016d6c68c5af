"""One command for the docs: every generated page, table and figure in ``docs/`` from fixed seeds.

``python -m model docs`` (``make docs``) runs, in order:

1. the baseline (seed 42, scale 1) for the README's figures (``figures/digital_share.png``,
   ``figures/gdp_growth.png``);
2. the parameter table of ``model.md`` from the registry;
3. the calibration report (``calibration.md``, ``calibration_fit.csv``, ``figures/calibration_fit.png``)
   for the shipped estimates, or, with ``--recalibrate`` (about 10 minutes on two cores), a new calibration
   that replaces the shipped estimates first;
4. the backtests from 2019, 2022, 2023 and 2024 (``backtest_<YEAR>.md``, ``figures/backtest_<YEAR>.png``: each the
   posterior inferred on the data up to the year and a forecast over draws of it, about 8 minutes), scored
   together in ``backtest.md`` (with the bands stretched by earlier backtests' misses), and every scored
   observation in ``backtest_scores.csv`` (what ``band-stretch --install`` sizes the shipped stretch from);
5. the validation page (``validation.md``, ``figures/validation_diffusion.png``);
6. what each lever buys (``levers.md``, ``figures/levers.png``: ``model.experiments.levers``);
7. global sensitivity (``sensitivity.md``, ``figures/sensitivity.png``: ``model.experiments.sensitivity``,
   about 8 minutes);
8. the posterior's page (``posterior.md``: the shipped sample against its priors, and a posterior predictive
   check of its draws against history: ``model.experiments.posterior``);

and writes ``manifest.json`` listing each file it made, the step and settings that made it, the code
version and the package versions. ``--quick`` does the same at a small scale with few seeds and
evaluations (for tests: the pages are then not fit to publish). ``performance.md`` is written by hand from
``benchmarks/`` (timings depend on the machine) and is not regenerated here.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from model.core.paths import DOCS_DIR
from model.experiments import band_stretch, validation
from model.experiments.backtest import backtest_to_folder
from model.measure.catalogue import DEFAULT_LANGUAGE, LANGUAGES, phrase
from model.outputs.charts import language_path, write_run_figures
from model.experiments.calibrate import DEFAULT_EVALUATIONS, CalibrationSettings, bands
from model.experiments.calibration_report import (SERIES, band_figure, backtests_markdown, calibrate_to_folder,
                                                  report_shipped_calibration)
from model.experiments.levers import LeverSettings, write_levers_page
from model.experiments.model_error import read_model_error
from model.experiments.posterior import (CheckSettings, PosteriorSettings, parameter_summary, posterior_markdown,
                                         predictive_check, read_posterior)
from model.experiments.run import run_to_folder
from model.experiments.sensitivity import SensitivitySettings, sensitivity_to_folder
from model.outputs import paramdoc
from model.outputs.results import manifest_basics

README_SEED = 42  # the baseline's own seed: the README's figure is what `make run` draws
README_FIGURES = ("digital_share.png", "gdp_growth.png")
# issue 15: before the pandemic, after it, and the last year but one; 2023 too, so that the stretched bands
# (band_stretch) are scored on more observations than 2022's and 2024's alone
BACKTEST_YEARS = (2019, 2022, 2023, 2024)


@dataclass(frozen=True)
class DocsSettings:
    """How much work the docs get: scale, seeds and evaluations (full by default, small with --quick)."""

    scale: float = 1.0
    seeds: int = 4  # calibration seeds (common random numbers) and validation seeds
    band_seeds: int = 20  # the calibration report's runs at the estimates
    # The backtests' forecast runs (draws of each year's posterior): enough that their 90% bands are not narrow
    # for want of runs, since the shipped band stretch is sized from them (band_stretch.MIN_DRAWS)
    backtest_draws: int = band_stretch.MIN_DRAWS
    backtest_evaluations: int = 150  # only for a backtest by calibration (backtest_posterior None)
    # The backtests' inference: the shipped posterior's method (rejection ABC, then the moves) with fewer
    # particles and a quarter of its simulations, so the four take about 35 minutes on two cores; the forecast
    # draws backtest_draws of each.
    backtest_posterior: PosteriorSettings | None = PosteriorSettings(population=80, simulations=4000)
    calibration_evaluations: int = DEFAULT_EVALUATIONS  # only with recalibrate
    lever_draws: int = 12
    sensitivity: SensitivitySettings = SensitivitySettings()
    posterior_check: CheckSettings = CheckSettings()

    @classmethod
    def quick(cls) -> "DocsSettings":
        return cls(scale=0.05, seeds=1, band_seeds=2, backtest_draws=2, backtest_evaluations=3,
                   calibration_evaluations=3,
                   backtest_posterior=PosteriorSettings(population=6, simulations=40, acceptance=0.5,
                                                        only=("tfp_growth_services", "broadband_tfp_spillover")),
                   lever_draws=1, sensitivity=SensitivitySettings(trajectories=2, sobol_parameters=2, sobol_samples=4,
                                                                  seeds=1, scale=0.05),
                   posterior_check=CheckSettings(draws=4, scale=0.05))


def reproduce_docs(out: Path | None = None, quick: bool = False, recalibrate: bool = False,
                   workers: int | None = None, say=print, languages: tuple[str, ...] = LANGUAGES) -> Path:
    """Regenerate every generated file of the docs into ``out`` (default: the checkout's docs/); returns the
    manifest's path. ``recalibrate`` replaces the shipped estimates (model/data/calibration.toml) first.
    ``languages``: those the README's, calibration's and backtest's figures are drawn in (figures/LANG/ for
    each but English, which the pages always need)."""
    languages = (DEFAULT_LANGUAGE,) + tuple(lang for lang in languages if lang != DEFAULT_LANGUAGE)
    out = Path(out) if out is not None else DOCS_DIR
    if out is None:
        raise FileNotFoundError("no docs/ folder: run from a checkout of the project, or give --out")
    settings = DocsSettings.quick() if quick else DocsSettings()
    started = datetime.now(timezone.utc)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    made: list[dict] = []

    def record(step: str, files: list[Path], **how) -> None:
        for f in files:
            made.append({"file": f.relative_to(out).as_posix(), "step": step, **how})

    # 1. The README's figures: the baseline as `make run` draws it.
    say(f"docs: the baseline (seed {README_SEED}, scale {settings.scale}) for the README's figures")
    with tempfile.TemporaryDirectory(prefix="docs-run-") as tmp:
        run_dir = run_to_folder("baseline", README_SEED, settings.scale, Path(tmp) / "baseline")
        figures = []
        for lang in languages:  # the same run's figures in each language (Vietnamese: docs/README.vi.md)
            if lang != DEFAULT_LANGUAGE:
                write_run_figures(run_dir, f"baseline, seed {README_SEED}", lang=lang)
            for name in README_FIGURES:
                figure = language_path(out / "figures", name, lang)
                figure.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(run_dir / "figures" / name, figure)
                figures.append(figure)
    record("run baseline", figures, seed=README_SEED, scale=settings.scale)

    # 2. The parameter table in model.md.
    page = out / "model.md"
    if page.exists():
        text = page.read_text(encoding="utf-8")
        page.write_text(paramdoc.replace_block(text, paramdoc.parameter_table_markdown()), encoding="utf-8")
        record("parameter table", [page], generated="the block between the parameters markers")

    # 3. The calibration report (and, if asked, a new calibration installed first).
    calibration = CalibrationSettings(seeds=settings.seeds, band_seeds=settings.band_seeds, scale=settings.scale,
                                      max_evaluations=settings.calibration_evaluations, workers=workers)
    if recalibrate:
        say(f"docs: recalibrating ({settings.calibration_evaluations} evaluations; this replaces "
            "model/data/calibration.toml)")
        with tempfile.TemporaryDirectory(prefix="docs-calibration-") as tmp:
            calibrate_to_folder(calibration, Path(tmp) / "calibration", install=True)
    say("docs: the calibration report at the shipped estimates")
    page = report_shipped_calibration(calibration, out, languages)
    record("calibration report", [page, out / "calibration_fit.csv"]
           + [language_path(out / "figures", "calibration_fit.png", lang) for lang in languages],
           recalibrated=recalibrate, **asdict(calibration) | {"data": str(calibration.data)})

    # 4. The backtests, each on its own page, and scored together.
    scored = {}
    inference = settings.backtest_posterior
    for year in BACKTEST_YEARS:
        say(f"docs: the backtest from {year} ("
            + (f"{settings.backtest_evaluations} evaluations)" if inference is None else
               f"posterior of {inference.population} particles at acceptance {inference.acceptance:g})"))
        backtest = CalibrationSettings(train_until=year, seeds=settings.seeds, band_seeds=settings.backtest_draws,
                                       scale=settings.scale, max_evaluations=settings.backtest_evaluations,
                                       workers=workers)
        with tempfile.TemporaryDirectory(prefix="docs-backtest-") as tmp:
            done = backtest_to_folder(backtest, Path(tmp) / f"backtest_{year}", report_dir=out, languages=languages,
                                      posterior=inference)
            scored[year] = (done.scores, done.skill)
        record("backtest", [out / f"backtest_{year}.md"]
               + [language_path(out / "figures", f"backtest_{year}.png", lang) for lang in languages],
               **asdict(backtest) | {"data": str(backtest.data)}
               | ({} if inference is None else {"posterior": asdict(inference) | {"data": str(inference.data)}}))
    page = out / "backtest.md"
    how = ({"method": "calibration", "evaluations": settings.backtest_evaluations,
            "seeds": CalibrationSettings(seeds=settings.seeds).seed_list} if inference is None else
           {"method": "posterior", "population": inference.population, "simulations": inference.simulations,
            "generations": inference.generations, "moves": inference.moves})
    page.write_text(backtests_markdown(scored, {"made": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
                                                "band_seeds": settings.backtest_draws, "scale": settings.scale, **how}),
                    encoding="utf-8")
    scores = out / band_stretch.SCORES_NAME  # what the shipped band stretch is sized from (band-stretch --install)
    band_stretch.write_scores({y: rows for y, (rows, _) in scored.items()}, settings.backtest_draws, scores)
    record("backtests scored", [page, scores], years=list(BACKTEST_YEARS))

    # 5. Validation against the literature.
    say("docs: validation against the literature")
    seeds = list(range(1, settings.seeds + 1))
    page = validation.write_validation(out, seeds, settings.scale)
    record("validation", [page, out / "figures" / "validation_diffusion.png"], seeds=seeds, scale=settings.scale)

    # 6. What each lever buys.
    lever_settings = LeverSettings(draws=settings.lever_draws, scale=settings.scale, priors=True,
                                   parameter_uncertainty=not quick, workers=workers)
    say(f"docs: what each lever buys ({settings.lever_draws} draws)")
    record("levers", write_levers_page(out, lever_settings), **asdict(lever_settings))

    # 7. Global sensitivity.
    sensitivity = dataclasses.replace(settings.sensitivity, workers=workers)
    say(f"docs: global sensitivity of {sensitivity.scenario} ({sensitivity.trajectories} Morris trajectories, "
        f"Sobol on {sensitivity.sobol_parameters})")
    with tempfile.TemporaryDirectory(prefix="docs-sensitivity-") as tmp:
        sensitivity_to_folder(sensitivity, Path(tmp) / "sensitivity", report_dir=out, languages=languages)
    record("sensitivity", [out / "sensitivity.md"]
           + [language_path(out / "figures", "sensitivity.png", lang) for lang in languages], **asdict(sensitivity))

    # 8. The posterior and its predictive check.
    check = dataclasses.replace(settings.posterior_check, workers=workers)
    say(f"docs: the posterior's predictive check ({check.draws} draws)")
    sample = read_posterior()
    checked = predictive_check(sample, check)
    year = int(sample.provenance.get("train_until", 2025))
    figures = [language_path(out / "figures", "posterior_check.png", lang) for lang in languages]
    check_bands = bands(checked.runs, [c for _, c, _ in SERIES])
    for lang, figure in zip(languages, figures):
        band_figure(check_bands, figure, phrase("posterior_check_title", lang, year=year), check.draws,
                    train_until=year, lang=lang, draws=True)
    page = out / "posterior.md"
    page.write_text(posterior_markdown(sample, parameter_summary(sample), checked.rows, check,
                                       figure="figures/posterior_check.png", error=read_model_error()),
                    encoding="utf-8")
    record("posterior", [page] + figures, **asdict(check), sample=sample.provenance.get("command"))

    manifest = out / "manifest.json"
    info = {"command": "python -m model docs" + (" --quick" if quick else "") + (" --recalibrate" if recalibrate else "")
            + f" --lang {' '.join(languages)}",
            "quick": quick, "languages": list(languages), "settings": asdict(settings), "made": made, "not_generated": ["performance.md"]}
    info.update(manifest_basics(started))
    manifest.write_text(json.dumps(info, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    say(f"docs: {len(made)} files written; see {manifest}")
    return manifest
