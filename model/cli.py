"""Command line: ``python -m model run|compare|validate|list|calibrate|backtest|docs`` (also ``vn-digital-sim``).

The command line only parses, calls the experiments layer and prints. User
errors (a bad scenario file, a bad option, a results folder that cannot be
written or would replace other files) print a short message and exit with
status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import signal
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from model.core.errors import UserError
from model.core.text import one_line, printable

# The most replications one ensemble takes: at about 11 KB a replication its store is then some 11 GB, and
# the sampling error of a probability is below 0.001; more is better run as several ensembles with other seeds.
MAX_REPLICATIONS = 1_000_000


def _scale(text: str) -> float | str:
    """A positive number, or 'full' for one agent per real household and firm."""
    if text == "full":
        return text
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number; give a scale above 0 such as 0.5 or 2, "
                                         "or 'full'") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: the scale must be a number above 0")
    return value


def _seed(text: str) -> int:
    from model.scenario.schema import MAX_SEED

    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{text!r}: give a seed, a whole number from 0 to 2**63 - 1")
    return value


def _say(args):
    """A printer to stderr that stays silent with --quiet."""
    def say(text: str, end: str = "\n") -> None:
        if not args.quiet:
            print(text, end=end, file=sys.stderr, flush=True)
    return say


def _print_summary(out_dir: Path, lang: str | None) -> None:
    """The run's answer (summary.csv and targets.csv) in the chosen language."""
    from model.measure.catalogue import language
    from model.outputs.results import read_rows
    from model.outputs.tables import run_summary_lines

    lines = run_summary_lines(read_rows(out_dir / "summary.csv")[0], read_rows(out_dir / "targets.csv"),
                              str(out_dir), language(lang))
    print("\n".join(lines))


def _ensemble_settings(args):
    from model.experiments.ensemble import EnsembleSettings
    for flag, given in (("--no-model-error", not args.model_error), ("--no-band-stretch", not args.band_stretch)):
        if given and not args.parameter_uncertainty:
            raise UserError(f"{flag} leaves out what --parameter-uncertainty adds: give both, or neither")
    return EnsembleSettings(args.replications, args.parameter_uncertainty, args.scale, args.workers,
                            getattr(args, "scheduler", None), args.oversubscribe, args.model_error, args.band_stretch)


def cmd_ensemble(args) -> int:
    from model.experiments.ensemble import ensemble_to_folder
    from model.measure.catalogue import language
    from model.outputs.results import RESULTS_DIR
    from model.scenario import load_scenario

    if args.engine != "fast":
        raise UserError("--replications runs the fast engine only; leave out --engine reference")
    scenario = load_scenario(args.scenario, allow_any_extends=args.allow_any_extends)
    seed = scenario.seed if args.seed is None else args.seed
    out = args.out or RESULTS_DIR / f"{scenario.name}_ensemble"  # never the single run's folder
    probabilities = ensemble_to_folder(scenario, seed, _ensemble_settings(args), out, args.resume, quiet=args.quiet,
                                       figures=not args.no_figures, overwrite=args.overwrite,
                                       lang=language(args.lang))
    if not args.quiet:
        from model.outputs.results import read_rows
        from model.outputs.tables import ensemble_summary_lines

        print("\n".join(ensemble_summary_lines(read_rows(out / "summary.csv")[0], probabilities, str(out),
                                               language(args.lang))))
    return 0


def cmd_run(args) -> int:
    from model.outputs.drawing import HELPERS, FigureHelpers

    if args.replications is not None:
        return cmd_ensemble(args)
    for flag, given in (("--parameter-uncertainty", args.parameter_uncertainty), ("--resume", args.resume),
                        ("--no-model-error", not args.model_error), ("--no-band-stretch", not args.band_stretch),
                        ("--workers", args.workers is not None), ("--scheduler", args.scheduler is not None),
                        ("--oversubscribe", args.oversubscribe)):
        if given:
            raise UserError(f"{flag} applies to ensembles only: add --replications N")
    # The figure helpers start before the model's imports, which they overlap with theirs (issue 14).
    with FigureHelpers(0 if args.no_figures else HELPERS) as helpers:
        from model.experiments.run import run_to_folder
        from model.measure.catalogue import language

        out = run_to_folder(args.scenario, args.seed, args.scale, args.out, figures=not args.no_figures,
                            quiet=args.quiet, engine=args.engine, overwrite=args.overwrite,
                            allow_any_extends=args.allow_any_extends, counterfactual=not args.no_counterfactual,
                            lang=language(args.lang), figure_helpers=helpers)
    if not args.quiet:
        _print_summary(out, args.lang)
    return 0


def cmd_compare(args) -> int:
    from model.experiments.compare import compare
    from model.outputs.results import read_rows
    from model.measure.catalogue import language
    from model.outputs.tables import compare_table_lines

    if len(args.scenarios) < 2:
        raise UserError("compare needs two scenarios or more: the first is the reference the others are "
                        "compared with (one scenario: use 'run')")
    if args.replications is None and (args.parameter_uncertainty or not args.model_error or not args.band_stretch):
        raise UserError("--parameter-uncertainty, --no-model-error and --no-band-stretch apply to ensembles only: add "
                        "--replications N")
    ensemble = _ensemble_settings(args) if args.replications is not None else None
    out, names, seed = compare(args.scenarios, args.seed, args.scale, args.out, ensemble, quiet=args.quiet,
                               overwrite=args.overwrite, allow_any_extends=args.allow_any_extends,
                               lang=language(args.lang))
    if not args.quiet:
        print(f"Compared {', '.join(names)} (seed {seed}): see {out}/summary.csv, {out}/differences.csv and "
              f"{out}/figures/")
        rows = read_rows(out / "summary.csv")
        print("\n".join(compare_table_lines(rows, {r["scenario"]: r["title"] for r in rows}, language(args.lang))))
    return 0


def cmd_validate(args) -> int:
    from model.scenario import load_scenario

    failed = 0
    for ref in args.scenarios:
        try:
            s = load_scenario(ref, allow_any_extends=args.allow_any_extends)
        except UserError as e:
            failed += 1
            print(f"{one_line(ref)}: INVALID\n{printable(e)}", file=sys.stderr)
        else:
            print(f"{one_line(ref)}: ok ({one_line(s.title)}; {s.start_year}-{s.end_year})")
    return 2 if failed else 0


def cmd_list(args) -> int:
    from model.scenario import list_scenarios

    items = list_scenarios()
    width = max(len(name) for name, _ in items)
    for name, title in items:
        print(f"{name:<{width}}  {one_line(title)}")
    return 0


def _calibration_settings(args):
    from model.experiments.calibrate import CalibrationSettings
    return CalibrationSettings(args.scenario, args.train_until, args.seeds, args.band_seeds, args.scale,
                               args.max_evaluations, args.workers, args.data)


def _calibration_progress(args):
    say = _say(args)

    def show(evaluations: int, value: float) -> None:
        say(f"\r  {evaluations} evaluations, objective {value:.2f}", end="")
    return show


def cmd_calibrate(args) -> int:
    from model.experiments.calibration_report import calibrate_to_folder
    from model.outputs.results import RESULTS_DIR

    out = args.out or RESULTS_DIR / "calibration"
    fit, before = calibrate_to_folder(_calibration_settings(args), out, install=args.install,
                                      progress=_calibration_progress(args), say=_say(args))
    installed = " and installed in model/data/calibration.toml (every later run uses them)" if args.install else (
        "; to make every later run use them, run again with --install")
    _say(args)(f"\nobjective {before:.2f} -> {fit.objective:.2f}; estimates and report written to {out}/{installed}")
    return 0


def cmd_backtest(args) -> int:
    from model.experiments.backtest import backtest_to_folder

    posterior = None
    inference = {"population": args.population, "simulations": args.simulations, "acceptance": args.acceptance,
                 "moves": args.moves, "seed": args.inference_seed}
    if args.posterior:
        from model.experiments.posterior import PosteriorSettings
        _require_pyabc()
        posterior = PosteriorSettings(**{k: v for k, v in inference.items() if v is not None})
        posterior.check()
        _quiet_pyabc(args)
    else:
        given = [k for k, v in inference.items() if v is not None]
        if given:
            raise UserError(f"--{given[0].replace('seed', 'inference-seed')} applies with --posterior only")
    out = backtest_to_folder(_calibration_settings(args), args.out, args.report,
                             progress=_calibration_progress(args), posterior=posterior).folder
    _say(args)(f"\nforecast written to {out / 'forecast.csv'}")
    return 0


def cmd_sensitivity(args) -> int:
    from model.experiments.sensitivity import SensitivitySettings, ranked, sensitivity_to_folder

    settings = SensitivitySettings(scenario=args.scenario, trajectories=args.trajectories, levels=args.levels,
                                   sobol_parameters=args.sobol_parameters, sobol_samples=args.sobol_samples,
                                   seeds=args.seeds, scale=args.scale, shapley=args.shapley,
                                   workers=args.workers)
    out, found = sensitivity_to_folder(settings, args.out, args.report, overwrite=args.overwrite)
    say = _say(args)
    written = sorted(p.name for p in out.glob("*.csv")) + ["figures/sensitivity.png"]
    say(f"sensitivity written to {out} ({', '.join(written)})"
        + ("" if found.sobol else "; no Sobol indices: fewer than two parameters stood out from the seed noise"))
    for output in dict.fromkeys(r["output"] for r in found.morris):
        say(f"  {output}: " + ", ".join(f"{r['parameter']} (mu* {r['mu_star']:.3f}"
                                        f"{'' if r['above_noise'] else ', below noise'})"
                                        for r in ranked(found.morris, output)[:3]))
    return 0


def _require_pyabc() -> None:
    try:
        import pyabc  # noqa: F401
    except ImportError:
        raise UserError("the posterior needs pyabc: pip install -e '.[inference]' "
                        "(or pip install 'pyabc>=0.13')") from None


def _quiet_pyabc(args) -> None:
    if args.quiet:
        import logging
        logging.getLogger("ABC").setLevel(logging.WARNING)  # pyabc's per-generation lines


def cmd_posterior(args) -> int:
    from model.experiments.posterior import POSTERIOR_FILE, PosteriorSettings, infer, write_posterior
    from model.outputs.results import RESULTS_DIR

    _require_pyabc()
    settings = PosteriorSettings(scenario=args.scenario, train_until=args.train_until, population=args.population,
                                 simulations=args.simulations, generations=args.generations,
                                 acceptance=args.acceptance,
                                 minimum_distance=args.minimum_distance, moves=args.moves, drop=args.drop,
                                 stop_acceptance=args.stop_acceptance, scale=args.scale, workers=args.workers,
                                 seed=args.seed, data=args.data, only=tuple(args.only or ()))
    settings.check()
    _quiet_pyabc(args)
    out = args.out or RESULTS_DIR / "posterior" / "posterior.csv"
    if out.suffix != ".csv":
        raise UserError(f"--out {out}: give a .csv file (its record of how it was made goes beside it as .json)")
    posterior = infer(settings)
    write_posterior(posterior, out)
    if args.install:
        # the model's own error is estimated from the new sample's misses first, then both are installed, so the
        # shipped pair never mixes two samples (ensembles also check their digests)
        from model.experiments.model_error import MODEL_ERROR_FILE, write_model_error
        from model.experiments.posterior import CheckSettings, model_error_from
        error, _ = model_error_from(CheckSettings(scale=args.scale, workers=args.workers), out, args.data,
                                    installing=True)
        write_posterior(posterior, POSTERIOR_FILE)
        write_model_error(error, MODEL_ERROR_FILE)
    made = posterior.provenance
    _say(args)(f"{len(posterior.weights)} particles after {made['simulations']} simulations, last tolerance "
               f"{made['final_distance']:.2f} (root mean square miss in tolerances) written to {out}"
               + (f" and installed in {POSTERIOR_FILE} (run --parameter-uncertainty draws from it), with the model's "
                  "own error estimated from its misses (model/data/model_error.csv)" if args.install
                  else "; to make --parameter-uncertainty draw from it, run again with --install"))
    return 0


def cmd_model_error(args) -> int:
    from model.experiments.model_error import MODEL_ERROR_FILE, write_model_error
    from model.experiments.posterior import CheckSettings, model_error_from
    from model.outputs.results import RESULTS_DIR

    out = args.out or RESULTS_DIR / "model_error" / "model_error.csv"
    if args.install and args.posterior is not None:
        raise UserError("--install replaces the shipped error, which must come from the shipped sample: leave out "
                        "--posterior (or install that sample with `python -m model posterior --install`)")
    if args.install:
        from model.experiments.model_error import file_digest
        from model.experiments.posterior import POSTERIOR_FILE, read_posterior
        if read_posterior(POSTERIOR_FILE).provenance.get("data_sha256") != file_digest(args.data):
            raise UserError(f"--data {args.data}: the shipped posterior read another indicators file; the shipped "
                            "error must be estimated against the history the sample read (give that file, or "
                            "leave out --install)")
    if out.suffix != ".csv":
        raise UserError(f"--out {out}: give a .csv file (its record of how it was made goes beside it as .json)")
    error, _ = model_error_from(CheckSettings(draws=args.draws, seed=args.seed, scale=args.scale, workers=args.workers),
                                args.posterior, args.data)
    write_model_error(error, out)
    if args.install:
        write_model_error(error, MODEL_ERROR_FILE)
    say = _say(args)
    for c in error.columns:
        mean, sd = c.start()
        say(f"  {c.indicator:32s} sd {c.sd:.3g} (persistence {c.persistence:.2f}; {c.moments} moments, median's "
            f"root mean square miss {c.rms_miss:.3g}, runs' own sd {c.runs_sd:.3g}; starts after {c.last_year} at "
            f"{mean:+.3g}, sd {sd:.3g})")
    if error.too_few:
        say("  none for " + ", ".join(f"{c} ({n} moments)" for c, n in error.too_few.items()))
    say(f"written to {out}" + (f" and installed in {MODEL_ERROR_FILE} (--parameter-uncertainty adds it)"
                               if args.install else "; --install makes --parameter-uncertainty add it"))
    return 0


def cmd_band_stretch(args) -> int:
    from model.experiments import band_stretch as bs

    if args.scores is None:
        from model.core.paths import DOCS_DIR
        if DOCS_DIR is None:
            raise UserError("--scores: give the backtests' scores (backtest_scores.csv, written by `python -m model "
                            "docs`); an installed copy has no docs/ to read them from")
        args.scores = DOCS_DIR / bs.SCORES_NAME
    contents = bs.made_from(args.scores, "python -m model band-stretch" + (" --install" if args.install else ""))
    say = _say(args)
    for row in bs.backtest_of_backtests(bs.read_scores(args.scores)[0]):  # a small table: read twice, checked once
        if row["stretch"] is None:
            say(f"  from {row[bs.ORIGIN]}: no stretch ({row['sized_from']} earlier observations; "
                f"{bs.min_observations()} needed)")
        else:
            inside = ", ".join(f"{b} band {i} of {n}" for b, (i, n) in row["inside"].items())
            say(f"  from {row[bs.ORIGIN]}: stretch {row['stretch']:.3g} from {row['sized_from']} earlier "
                f"observations; stretched, it holds: {inside}")
    factor = contents["factor"]
    say(f"all {contents['observations']} observations: "
        + (f"stretch {factor:.3g} for the {contents['level']:.0%} band" if factor is not None else
           f"too few for a {contents['level']:.0%} stretch"))
    if args.install:
        bs.write_band_stretch(contents)
        say(f"installed in {bs.BAND_STRETCH_FILE} (ensembles with --parameter-uncertainty and the model's own error "
            "stretch their bands by it)")
    else:
        say("--install makes ensembles with --parameter-uncertainty and the model's own error stretch their bands by it")
    return 0


def cmd_levers(args) -> int:
    from model.experiments.levers import LeverSettings, levers_to_folder

    settings = LeverSettings(base=args.base, extra_pct_gdp=args.extra, draws=args.draws,
                             seed=args.seed if args.seed is not None else 1, scale=args.scale,
                             parameter_uncertainty=args.parameter_uncertainty, priors=args.priors,
                             workers=args.workers)
    out = levers_to_folder(settings, args.out, overwrite=args.overwrite)
    if not args.quiet:  # the report goes to standard output, like a run's headline
        _print_levers(out, settings.draws)
    return 0


def _print_levers(out: Path, draws: int) -> None:
    from model.outputs.charts import read_table
    table = read_table(out / "levers.csv")
    print(f"Per 1 percent of GDP a year of extra public money from 2026 ({draws} draws; "
          "median [5th to 95th percentile]):")
    for i, lever in enumerate(table["lever"]):
        def band(column):
            return (f"{table[column + '_p50'][i]:.2f} [{table[column + '_p5'][i]:.2f} to "
                    f"{table[column + '_p95'][i]:.2f}]")
        print(f"  {lever:15s} GDP 2030 {band('gdp_2030_pct_per_pct_gdp')} % (paying for it "
              f"{table['paying_gdp_2030_pct_per_pct_gdp_p50'][i]:.2f}, what it buys "
              f"{table['bought_gdp_2030_pct_per_pct_gdp_p50'][i]:.2f}); growth 2026-2030 "
              f"{band('growth_pp_per_pct_gdp')} pp; cumulative multiplier {band('cumulative_multiplier')}: "
              f"{table['against_evidence'][i]}")
    print(f"written to {out}/")


def cmd_docs(args) -> int:
    from model.experiments.docs import reproduce_docs

    say = _say(args)
    if not args.recalibrate:
        say("docs: using the shipped calibration; --recalibrate estimates it again first (about 10 minutes)")
    reproduce_docs(args.out, quick=args.quick, recalibrate=args.recalibrate, workers=args.workers, say=say,
                   languages=tuple(args.lang))
    return 0


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such file")
    return path


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number above 0, such as 0.5")
    return value


def _sobol_samples(text: str) -> int:
    """Saltelli's N: a power of two, and 32 or more (below it the estimators are far off: S1 came out 1.6-2.0
    for a parameter that explains all of the variance at N = 1-4)."""
    value = _positive_int(text)
    if value < 32 or value & (value - 1):
        raise argparse.ArgumentTypeError(f"{text}: give a power of two from 32 (such as 64 or 128)")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 or more")
    return value


def _replications(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_REPLICATIONS:
        raise argparse.ArgumentTypeError(f"{text!r}: give at most {MAX_REPLICATIONS:,} replications (run several "
                                         "ensembles with other --seed values for more)")
    return value


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year such as 2019") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vn-digital-sim",
        description="Simulate how digital infrastructure, skills and institutions change Vietnam's growth.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def extends_option(p):
        p.add_argument("--allow-any-extends", action="store_true",
                       help="let a scenario's extends name a .toml file anywhere (default: a shipped scenario or a "
                            "file in the scenario file's folder or below)")

    def common(p, seed_help="random seed (default: the scenario's seed)"):
        p.add_argument("--seed", type=_seed, default=None, help=seed_help)
        p.add_argument("--scale", type=_scale, default=1.0,
                       help="agents simulated relative to the default (20,000 households, 10,000 firms), "
                            "or 'full': one agent per real household and firm (about 25 m and 6 m; "
                            "farm units stand for 10 farm households each)")
        p.add_argument("--quiet", action="store_true", help="print nothing but errors")
        p.add_argument("--lang", choices=("en", "vi"), default=None,
                       help="language of the printed summary (default: Vietnamese for a Vietnamese locale, "
                            "else English)")
        p.add_argument("--overwrite", action="store_true",
                       help="replace a results folder this model wrote even if files were added to it or changed "
                            "(added files are kept) or it holds another kind of results")
        extends_option(p)

    def uncertainty_options(p):  # what an ensemble's replications draw (run and compare)
        p.add_argument("--parameter-uncertainty", action="store_true",
                       help="with --replications: also draw the uncertain parameters from the posterior "
                            "(model/data/posterior.csv) and add the model's own error (model/data/model_error.csv)")
        p.add_argument("--model-error", action=argparse.BooleanOptionalAction, default=True,
                       help="with --parameter-uncertainty: add the model's own error, estimated from its misses of "
                            "history (default); --no-model-error: the posterior's parameters and chance only")
        p.add_argument("--band-stretch", action=argparse.BooleanOptionalAction, default=True,
                       help="with --parameter-uncertainty and the model's own error: stretch the bands and "
                            "probabilities by how far the backtests' bands had to stretch to hold 90%% of later data "
                            "(default; model/data/band_stretch.json); --no-band-stretch: as the replications give them")

    p = sub.add_parser("run", help="run one scenario and write its results folder")
    p.add_argument("scenario", help="a shipped scenario name (see 'list') or a path to a .toml file")
    p.add_argument("--out", type=Path, default=None, help="results folder (default: results/<scenario name>/)")
    p.add_argument("--no-figures", action="store_true", help="write tables only")
    p.add_argument("--no-counterfactual", action="store_true",
                   help="skip the twin run with digital adoption frozen after 2025 (half the time; "
                        "digital_causal_contribution_pp is then empty)")
    p.add_argument("--engine", choices=("fast", "reference"), default="fast",
                   help="fast: array populations (default); reference: one plain Mesa agent per household "
                        "and firm (slow; for checking and teaching)")
    p.add_argument("--replications", type=_replications, default=None,
                   help="run an ensemble of N replications with independent random streams spawned from the seed; "
                        "writes quantile bands, target probabilities and fan charts (default folder: "
                        "results/<scenario name>_ensemble/)")
    uncertainty_options(p)
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="with --replications: processes (default and most: the cores); results do not depend on it")
    p.add_argument("--oversubscribe", action="store_true",
                   help="with --replications: allow more --workers than cores")
    p.add_argument("--resume", action="store_true",
                   help="with --replications: continue an interrupted ensemble from the replications already done")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --replications: run on a Dask cluster at this address (such as tcp://host:8786); "
                        "needs the 'cluster' extra")
    common(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="run several scenarios and chart them against the first")
    p.add_argument("scenarios", nargs="+", help="scenario names or files; the first is the reference")
    p.add_argument("--out", type=Path, default=None, help="folder (default: results/compare_<a>_vs_<b>/)")
    common(p, seed_help="random seed for every scenario (default: the first scenario's seed, "
                        "so all run with the same seed)")
    p.add_argument("--replications", type=_replications, default=None,
                   help="also run an ensemble of N replications of each scenario and write the probabilities "
                        "of meeting each target side by side")
    uncertainty_options(p)
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="with --replications: processes (default and most: the cores)")
    p.add_argument("--oversubscribe", action="store_true",
                   help="with --replications: allow more --workers than cores")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("validate", help="check scenario files and report every problem")
    p.add_argument("scenarios", nargs="+")
    extends_option(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="list the shipped scenarios with their one-line story")
    p.set_defaults(func=cmd_list)

    from model.core.data import INDICATORS_CSV

    def calibration_options(p, evaluations: int):
        p.add_argument("--scenario", default="baseline", help="the scenario to fit (default: baseline)")
        p.add_argument("--seeds", type=_positive_int, default=4,
                       help="seeds every candidate runs on (common random numbers; default 4)")
        p.add_argument("--band-seeds", type=_positive_int, default=20,
                       help="seeds for the bands at the estimates (default 20)")
        p.add_argument("--scale", type=_scale, default=1.0, help="agents simulated relative to the default")
        p.add_argument("--max-evaluations", type=_positive_int, default=evaluations,
                       help=f"most evaluations of the objective (default {evaluations})")
        p.add_argument("--workers", type=_positive_int, default=None, help="processes (default: all cores)")
        p.add_argument("--data", type=_existing_file, default=INDICATORS_CSV,
                       help="indicators file (default: the model's copy of shared/data)")
        p.add_argument("--quiet", action="store_true", help="print nothing but errors")

    p = sub.add_parser("calibrate", help="estimate the behavioural parameters from the history rows")
    p.add_argument("--train-until", type=_year, default=2025, help="last data year used (default 2025)")
    p.add_argument("--out", type=Path, default=None,
                   help="folder for the estimates (calibration.toml) and the report (default: results/calibration/)")
    p.add_argument("--install", action="store_true",
                   help="also replace the shipped estimates (model/data/calibration.toml) that every later run "
                        "of every scenario uses")
    calibration_options(p, 420)  # calibrate.DEFAULT_EVALUATIONS (not imported here: scipy slows every command)
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("backtest", help="calibrate on data up to a year and forecast the years after it")
    p.add_argument("--train-until", type=_year, required=True, help="last data year the calibration may read")
    p.add_argument("--out", type=Path, default=None, help="folder (default: results/backtest_<YEAR>/)")
    p.add_argument("--report", type=Path, default=None,
                   help="also write backtest_<YEAR>.md and its figure into this folder (such as docs)")
    p.add_argument("--posterior", action="store_true",
                   help="infer the posterior on the data up to the year (ABC, needs pyabc) and forecast over "
                        "--band-seeds draws of it, instead of calibrating and forecasting over seeds (--seeds and "
                        "--max-evaluations are the calibration's and do not apply)")
    p.add_argument("--population", type=_positive_int, default=None, help="with --posterior: particles (default 200)")
    p.add_argument("--simulations", type=_positive_int, default=None,
                   help="with --posterior: most simulations (default 16000)")
    p.add_argument("--acceptance", type=_positive_float, default=None,
                   help="with --posterior: share of the first generation's candidates accepted (default 0.5)")
    p.add_argument("--moves", action=argparse.BooleanOptionalAction, default=None,
                   help="with --posterior: lower the tolerance by MCMC moves after the first generation (default); "
                        "--no-moves: rejection ABC")
    p.add_argument("--inference-seed", type=_seed, default=None,
                   help="with --posterior: the inference's seed (default 1)")
    calibration_options(p, 150)
    p.set_defaults(func=cmd_backtest)

    p = sub.add_parser("posterior", help="infer every uncertain parameter from the history rows (ABC; needs "
                                         "pyabc): the sample --parameter-uncertainty draws from")
    p.add_argument("--scenario", default="baseline", help="the scenario replayed (default: baseline)")
    p.add_argument("--train-until", type=_year, default=2025, help="last data year read (default 2025)")
    # The defaults are PosteriorSettings' (not imported here: scipy slows every command; a test compares them).
    p.add_argument("--population", type=_positive_int, default=200, help="particles kept (default 200)")
    p.add_argument("--simulations", type=_positive_int, default=16000, help="most simulations in all (default 16000)")
    p.add_argument("--generations", type=_positive_int, default=1,
                   help="pyabc generations (default 1: rejection ABC, which the moves start from; more, with "
                        "--no-moves: pyabc's ABC-SMC, whose weights collapse with many parameters)")
    p.add_argument("--acceptance", type=_positive_float, default=0.5,
                   help="share of the first generation's candidates accepted (default 0.5; without the moves, "
                        "rejection ABC, give a small share such as 0.04)")
    p.add_argument("--moves", action=argparse.BooleanOptionalAction, default=True,
                   help="after the first generation, lower the tolerance by MCMC moves with equal weights (Drovandi "
                        "and Pettitt 2011; default); --no-moves: rejection ABC, or pyabc's ABC-SMC with --generations")
    p.add_argument("--drop", type=_positive_float, default=0.5,
                   help="with --moves: share of the particles dropped and moved at each step (default 0.5)")
    p.add_argument("--stop-acceptance", type=float, default=0.02,
                   help="with --moves: stop once fewer than this share of the moves is accepted (default 0.02)")
    p.add_argument("--minimum-distance", type=_positive_float, default=1.0,
                   help="stop at this root mean square miss, in tolerances (default 1)")
    p.add_argument("--scale", type=_scale, default=1.0, help="agents simulated relative to the default")
    p.add_argument("--workers", type=_positive_int, default=None, help="processes (default: all cores)")
    p.add_argument("--seed", type=_seed, default=1, help="seed every candidate's seed comes from (default 1)")
    p.add_argument("--data", type=_existing_file, default=INDICATORS_CSV,
                   help="indicators file (default: the model's copy of shared/data)")
    p.add_argument("--only", nargs="+", default=None, metavar="PARAMETER",
                   help="infer just these parameters, the rest at their values (default: every one with a prior)")
    p.add_argument("--out", type=Path, default=None,
                   help="file for the sample, with its provenance beside it as .json (default: "
                        "results/posterior/posterior.csv)")
    p.add_argument("--install", action="store_true",
                   help="also replace the shipped sample (model/data/posterior.csv) that --parameter-uncertainty "
                        "draws from")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_posterior)

    p = sub.add_parser("model-error", help="estimate the model's own error from the posterior's in-sample misses: "
                                           "what --parameter-uncertainty adds to forecasts")
    p.add_argument("--posterior", type=_existing_file, default=None,
                   help="the posterior sample whose draws are checked (default: the shipped model/data/posterior.csv)")
    p.add_argument("--draws", type=_positive_int, default=100, help="draws of the posterior run (default 100)")
    p.add_argument("--data", type=_existing_file, default=INDICATORS_CSV,
                   help="indicators file whose history the draws are compared with (default: the model's copy)")
    p.add_argument("--seed", type=_seed, default=1, help="seed the draws' streams come from (default 1)")
    p.add_argument("--scale", type=_scale, default=1.0, help="agents simulated relative to the default")
    p.add_argument("--workers", type=_positive_int, default=None, help="processes (default: all cores)")
    p.add_argument("--out", type=Path, default=None,
                   help="file for the estimate, its record beside it as .json (default: results/model_error/"
                        "model_error.csv)")
    p.add_argument("--install", action="store_true",
                   help="also replace the shipped estimate (model/data/model_error.csv) --parameter-uncertainty adds")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_model_error)

    p = sub.add_parser("band-stretch", help="size the bands by the backtests' misses out of sample (conformal): "
                                            "how far ensembles with --parameter-uncertainty stretch their bands")
    p.add_argument("--scores", type=_existing_file, default=None,
                   help="the backtests' scores (default: docs/backtest_scores.csv, written by `python -m model docs`)")
    p.add_argument("--install", action="store_true",
                   help="also replace the shipped stretch (model/data/band_stretch.json) ensembles use")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_band_stretch)

    p = sub.add_parser("levers", help="what each lever buys: extra money on one lever at a time, with bands")
    p.add_argument("--base", default="baseline", help="the scenario the extra money is added to (default baseline)")
    p.add_argument("--extra", type=_positive_float, default=0.5,
                   help="extra budget on each lever, per cent of GDP a year from 2026 (default 0.5); effects are "
                        "reported per 1 percent")
    p.add_argument("--draws", type=_positive_int, default=10, help="draws (seeds, and parameters with "
                   "--parameter-uncertainty) each lever is run on (default 10)")
    p.add_argument("--seed", type=_seed, default=None, help="seed the draws are spawned from (default 1)")
    p.add_argument("--scale", type=_scale, default=1.0, help="agents relative to the default")
    p.add_argument("--parameter-uncertainty", action="store_true",
                   help="also draw the uncertain parameters from the posterior in each draw (model/data/posterior.csv)")
    p.add_argument("--priors", action="store_true",
                   help="also draw the lever chains' parameters from their priors (model/core/priors.py)")
    p.add_argument("--workers", type=_positive_int, default=None, help="processes (default: all cores)")
    p.add_argument("--out", type=Path, default=None, help="folder (default: results/levers_<base>/)")
    p.add_argument("--overwrite", action="store_true", help="replace a levers folder this model wrote")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_levers)

    p = sub.add_parser("sensitivity", help="which uncertain parameters move the answer: Morris screening of "
                                           "every prior, then Sobol indices and Shapley effects of the most "
                                           "influential (needs SALib)")
    p.add_argument("--scenario", default="three_breakthroughs",
                   help="the scenario analysed (default three_breakthroughs: every lever funded)")
    p.add_argument("--trajectories", type=_positive_int, default=10, help="Morris trajectories (default 10)")
    p.add_argument("--levels", type=_positive_int, default=4, help="Morris grid levels (default 4)")
    p.add_argument("--sobol-parameters", type=_positive_int, default=6,
                   help="the most influential parameters that get Sobol indices (default 6)")
    p.add_argument("--sobol-samples", type=_sobol_samples, default=128,
                   help="Saltelli's N, a power of two from 32: N (k + 2) design points (default 128)")
    p.add_argument("--seeds", type=_positive_int, default=2,
                   help="seeds every design point runs on, averaged (common random numbers; default 2)")
    p.add_argument("--scale", type=_scale, default=1.0, help="agents relative to the default")
    p.add_argument("--workers", type=_positive_int, default=None, help="processes (default: all cores)")
    p.add_argument("--out", type=Path, default=None, help="folder (default: results/sensitivity_<scenario>/)")
    p.add_argument("--report", type=Path, default=None,
                   help="also write sensitivity.md and its figure into this folder (such as docs)")
    p.add_argument("--no-shapley", dest="shapley", action="store_false",
                   help="skip the Shapley effects (computed on a Gaussian-process surrogate of the Sobol design)")
    p.add_argument("--overwrite", action="store_true", help="replace a sensitivity folder this model wrote")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("docs", help="regenerate every generated page, table and figure in docs/ from fixed seeds")
    p.add_argument("--out", type=Path, default=None, help="folder to write (default: the checkout's docs/)")
    p.add_argument("--quick", action="store_true",
                   help="small scale, few seeds and evaluations: checks the command, pages not fit to publish")
    p.add_argument("--recalibrate", action="store_true",
                   help="estimate the calibrated parameters again first and install them in "
                        "model/data/calibration.toml (about 10 minutes on two cores)")
    p.add_argument("--workers", type=_positive_int, default=None, help="processes (default: all cores)")
    p.add_argument("--lang", choices=("en", "vi"), nargs="+", default=["en", "vi"],
                   help="languages of the README's, calibration's and backtest's figures (default: both; the pages "
                        "are in English, so English is always drawn; others go to docs/figures/LANG/)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_docs)
    return parser


# Commands that run the model (and so may compile its phases the first time).
RUNS_THE_MODEL = ("run", "compare", "calibrate", "backtest", "posterior", "model-error", "levers", "sensitivity", "docs")


class Stopped(KeyboardInterrupt):
    """A termination signal, handled like Ctrl-C: staged folders are removed and workers stopped."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    raise Stopped(signum)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _stop) if _main_thread() else None
    try:
        return _main(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def entry() -> None:
    """The command's entry point (``python -m model``, ``vn-digital-sim``): ``main``, then a quick exit."""
    from model.core.process import exit_without_teardown

    exit_without_teardown(main())


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


# The compile notice waits this long: a command that stops at once (a bad --out, a bad scenario) says only why,
# and one that compiles for a minute says so two seconds in.
NOTICE_AFTER_S = 2.0


def _later(seconds: float, text: str):
    """Print ``text`` to stderr after ``seconds`` unless cancelled first (returns the timer)."""
    import threading
    timer = threading.Timer(seconds, lambda: print(text, file=sys.stderr, flush=True))
    timer.daemon = True
    timer.start()
    return timer


# What a command that runs the model imports (pyproject.toml's core dependencies, by import name).
DEPENDENCIES = ("numpy", "scipy", "numba", "mesa", "matplotlib")


def _require(modules: tuple[str, ...]) -> None:
    """Raise ModuleNotFoundError for the first of ``modules`` this Python cannot import (without importing)."""
    import importlib.util
    for name in modules:
        if importlib.util.find_spec(name) is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def _main(args) -> int:
    try:
        compiles = args.command in RUNS_THE_MODEL
        notice = None
        if compiles:
            _require(DEPENDENCIES)  # a missing package is said first, not after the compile notice
            from model.core import compile_cache
            if not compile_cache.is_warm() and not args.quiet:
                notice = _later(NOTICE_AFTER_S, compile_cache.COLD_NOTICE)
        try:
            status = args.func(args)
        finally:
            if notice is not None:
                notice.cancel()
        if compiles and status == 0:
            compile_cache.mark_warm()
        return status
    except UserError as e:
        print(f"error: {printable(e)}", file=sys.stderr)
        return 2
    except BrokenProcessPool:
        print("error: a worker process died (often: out of memory); run with fewer --workers or a smaller --scale; "
              "an ensemble continues with --resume", file=sys.stderr)
        return 2
    except KeyboardInterrupt as e:
        resume = " (run the same command with --resume to continue it)" if getattr(args, "replications", None) else ""
        print(f"\ninterrupted: no results folder was written{resume}", file=sys.stderr)
        return 128 + (e.signum if isinstance(e, Stopped) else signal.SIGINT)
    except ModuleNotFoundError as e:  # a Python without the dependencies: say how to get them, not a traceback
        if not e.name or e.name.split(".")[0] == "model":
            raise
        print(f"error: this Python ({one_line(sys.executable)}) lacks the package '{one_line(e.name)}' the model "
              f"needs: run `make setup` once and then `.venv/bin/python -m model ...` (or `make run`), or "
              f"`pip install -e .` into this Python", file=sys.stderr)
        return 2
    except OSError as e:  # e.g. --out under a read-only folder or below a file
        path = e.filename or getattr(args, "out", None) or "the results folder"
        print(f"error: cannot write {one_line(path)}: {printable(e.strerror or e)}", file=sys.stderr)
        return 2
