"""Command line: ``python -m model run|compare|validate|list|calibrate|backtest`` (also ``vn-digital-sim``).

User errors (a bad scenario file, a bad option, a results folder that cannot
be written or would replace other files) print a short message and exit with
status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timezone
from pathlib import Path

from model.core.errors import UserError

RESULTS_DIR = Path("results")
# Key indicators shown in the comparison table and on screen after a run.
HEADLINE = (
    ("gdp_growth_pct", "GDP growth, %"),
    ("digital_economy_share_pct", "Digital economy, % of GDP"),
    ("gdp_per_capita_usd", "GDP per head, USD (2023)"),
    ("basic_digital_skills_pct", "Basic digital skills, % of people"),
    ("cumulative_fiscal_cost_pct_gdp", "Cumulative lever spending, % of GDP"),
)


class Progress:
    """A one-line progress bar on stderr, shown only once a run has taken more than a second."""

    def __init__(self, label: str, enabled: bool):
        self.label, self.enabled, self.start, self.shown = label, enabled, time.perf_counter(), False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.perf_counter() - self.start < 1.0:
            return
        self.shown = True
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} quarters")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


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
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; give a seed from 0 to 2**63") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: the seed must be 0 or more")
    return value


def engine_class(name: str):
    """The model class of an engine: 'fast' (array populations) or 'reference' (one Mesa agent each)."""
    if name == "reference":
        from model.engines.reference import ReferenceEconomy

        return ReferenceEconomy
    if name == "fast":
        from model.engines.fast import VietnamEconomy

        return VietnamEconomy
    raise ValueError(f"unknown engine {name!r}: 'fast' or 'reference'")


def run_scenario(ref: str, seed: int | None, scale: float | str, out: Path | None, figures: bool = True,
                 quiet: bool = False, engine: str = "fast") -> Path:
    from model.outputs.results import check_out_dir, write_results
    from model.scenario import load_scenario

    if engine == "reference" and scale == "full":
        raise UserError("--engine reference --scale full: the reference engine keeps a Python object per "
                        "household and firm (about 1.6 KB each, some 50 GB at full scale); use it up to scale 1")
    scenario = load_scenario(ref)
    out_dir = Path(out) if out is not None else RESULTS_DIR / scenario.name
    check_out_dir(out_dir)  # before the run, so a bad --out fails at once
    started = datetime.now(timezone.utc)
    model = engine_class(engine)(scenario, seed=seed, scale=scale)
    progress = Progress(f"{scenario.name}", enabled=not quiet and sys.stderr.isatty())
    try:
        model.run(progress)
    finally:
        progress.close()
    write_results(model, out_dir, started, figures=figures)
    return out_dir


def _print_headline(out_dir: Path) -> None:
    from model.outputs.charts import read_table

    annual = read_table(out_dir / "annual.csv")
    years = list(annual["year"])
    last = len(years) - 1
    print(f"Results in {out_dir}/ (last year {int(years[last])}):")
    for column, label in HEADLINE:
        print(f"  {label:<40} {annual[column][last]:>10.2f}")
    targets = read_table(out_dir / "targets.csv")
    met = sum(1 for m in targets["met"] if m == "yes")
    checked = sum(1 for m in targets["met"] if m in ("yes", "no"))
    print(f"  Targets met: {met} of {checked} checked (see targets.csv)")


def _ensemble_folder(scenario, seed: int, args, out: Path, resume: bool) -> list[dict]:
    """Run an ensemble of the scenario into the results folder ``out``; return its target probabilities."""
    import shutil

    from model.experiments import ensemble as ens
    from model.experiments.parallel import Runner

    work = out.parent / f".{out.name}.ensemble-work"  # replications done so far (kept for --resume)
    if resume and not (work / "spec.json").exists() and not args.quiet:
        print(f"nothing to resume in {work}: starting the ensemble", file=sys.stderr)
    started = datetime.now(timezone.utc)
    with Runner(args.workers, getattr(args, "scheduler", None)) as runner:
        store = ens.run_ensemble(scenario, seed, args.replications, args.scale, args.parameter_uncertainty, runner,
                                 work, resume, quiet=args.quiet)
        workers = runner.workers
    ens.write_ensemble_results(store, out, scenario, seed, args.replications, args.scale, args.parameter_uncertainty,
                               workers, started, figures=not getattr(args, "no_figures", False))
    probabilities = ens.target_probabilities(store)
    shutil.rmtree(work)
    return probabilities


def cmd_ensemble(args) -> int:
    from model.outputs.results import check_out_dir
    from model.scenario import load_scenario

    if args.engine != "fast":
        raise UserError("--replications runs the fast engine only; leave out --engine reference")
    scenario = load_scenario(args.scenario)
    seed = scenario.seed if args.seed is None else args.seed
    out = args.out or RESULTS_DIR / scenario.name
    check_out_dir(out)
    probabilities = _ensemble_folder(scenario, seed, args, out, args.resume)
    if not args.quiet:
        every = next(r for r in probabilities if r["target"].endswith("every_year_2026_2030"))
        print(f"{scenario.name}: {args.replications} replications written to {out}/; probability of "
              f"{every['threshold']:g}%+ growth in every year 2026-2030: {every['probability']:.0%}")
    return 0


def cmd_run(args) -> int:
    if args.replications is not None:
        return cmd_ensemble(args)
    for flag, given in (("--parameter-uncertainty", args.parameter_uncertainty), ("--resume", args.resume),
                        ("--workers", args.workers is not None), ("--scheduler", args.scheduler is not None)):
        if given:
            raise UserError(f"{flag} applies to ensembles only: add --replications N")
    out = run_scenario(args.scenario, args.seed, args.scale, args.out, figures=not args.no_figures, quiet=args.quiet,
                       engine=args.engine)
    if not args.quiet:
        _print_headline(out)
    return 0


def cmd_compare(args) -> int:
    from model.outputs.charts import read_table, write_compare_figures
    from model.outputs.results import staged_folder, write_csv
    from model.scenario import load_scenario

    scenarios = [load_scenario(ref) for ref in args.scenarios]  # validate all before running any
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise UserError("compare: each scenario may be named only once")
    # One seed for all, so the scenarios differ only in policy, not in the draw of agents.
    seed = args.seed if args.seed is not None else scenarios[0].seed
    out = Path(args.out) if args.out else RESULTS_DIR / ("compare_" + "_vs_".join(names))
    started = datetime.now(timezone.utc)
    with staged_folder(out) as tmp:
        dirs = {}
        for ref, name in zip(args.scenarios, names):
            dirs[name] = run_scenario(ref, seed, args.scale, tmp / name, figures=False, quiet=args.quiet)
        tables = {name: read_table(d / "annual.csv") for name, d in dirs.items()}
        write_csv(tmp / "differences.csv", _differences(tables, names))
        write_csv(tmp / "targets_compared.csv", _targets_side_by_side({n: read_table(d / "targets.csv") for n, d in dirs.items()}))
        write_compare_figures(dirs, tmp / "figures")
        if args.replications is not None:  # ensembles from the same spawned streams: probabilities side by side
            probabilities = {s.name: _ensemble_folder(s, seed, args, tmp / f"{s.name}_ensemble", resume=False)
                             for s in scenarios}
            write_csv(tmp / "probabilities_compared.csv", _probabilities_side_by_side(probabilities))
        _write_compare_manifest(tmp, scenarios, seed, args, started)  # last: marks a complete folder
    if not args.quiet:
        print(f"Compared {', '.join(names)} (seed {seed}): see {out}/differences.csv and {out}/figures/")
    return 0


def _probabilities_side_by_side(probabilities: dict[str, list[dict]]) -> list[dict]:
    names = list(probabilities)
    rows = []
    for k, first in enumerate(probabilities[names[0]]):
        row = {"target": first["target"], "year": first["year"], "threshold": first["threshold"]}
        for name in names:
            row[f"{name}_probability"] = probabilities[name][k]["probability"]
        rows.append(row)
    return rows


def _write_compare_manifest(folder: Path, scenarios, seed: int, args, started: datetime) -> None:
    import json

    from model import __version__
    from model.outputs.results import _git_commit

    info = {
        "compare": [s.name for s in scenarios],
        "scenario_files": [s.source for s in scenarios],
        "seed": seed,
        "seed_from": "--seed" if args.seed is not None else f"the first scenario ({scenarios[0].name})",
        "scale": args.scale,
        "replications": args.replications,
        "parameter_uncertainty": args.parameter_uncertainty,
        "model_version": __version__,
        "git_commit": _git_commit(),
        "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    (folder / "manifest.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _differences(tables: dict, names: list[str]) -> list[dict]:
    """Each scenario's headline indicators, and their difference from the first scenario, by year."""
    base = tables[names[0]]
    rows = []
    for name in names:
        t = tables[name]
        for i, year in enumerate(t["year"]):
            row = {"scenario": name, "year": int(year)}
            for column, _ in HEADLINE + (("fiscal_cost_pct_gdp", ""), ("internet_users_pct", ""),
                                         ("ecommerce_share_retail_pct", ""), ("online_public_services_pct", "")):
                row[column] = float(t[column][i])
                row[f"{column}_vs_{names[0]}"] = float(t[column][i] - base[column][i])
            rows.append(row)
    return rows


def _targets_side_by_side(targets: dict) -> list[dict]:
    names = list(targets)
    first = targets[names[0]]
    rows = []
    for i, target in enumerate(first["target"]):
        row = {"target": target, "year": int(first["year"][i]), "threshold": float(first["threshold"][i])}
        for name in names:
            row[f"{name}_value"] = float(targets[name]["value"][i])
            row[f"{name}_met"] = targets[name]["met"][i]
        rows.append(row)
    return rows


def cmd_validate(args) -> int:
    from model.scenario import load_scenario

    failed = 0
    for ref in args.scenarios:
        try:
            s = load_scenario(ref)
        except UserError as e:
            failed += 1
            print(f"{ref}: INVALID\n{e}", file=sys.stderr)
        else:
            print(f"{ref}: ok ({s.title}; {s.start_year}-{s.end_year})")
    return 2 if failed else 0


def cmd_list(args) -> int:
    from model.scenario import list_scenarios

    items = list_scenarios()
    width = max(len(name) for name, _ in items)
    for name, title in items:
        print(f"{name:<{width}}  {title}")
    return 0


FORECAST_COLUMNS = ("gdp_growth_pct", "digital_economy_share_pct", "digital_core_share_pct", "digitalisation_share_pct",
                    "internet_users_pct", "fibre_households_pct", "ecommerce_share_retail_pct",
                    "online_public_services_pct", "basic_digital_skills_pct")


def _calibration_setup(args):
    from model.experiments.calibrate import Runner
    from model.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    seeds = list(range(1, args.seeds + 1))
    return scenario, seeds, Runner(args.workers)


def _band_runs(scenario, values: dict, args, runner, end_year: int):
    from model.experiments.calibrate import Job
    band_seeds = [1000 + k for k in range(args.band_seeds)]  # not the calibration's seeds
    return runner.map([Job(scenario, values, s, args.scale, end_year) for s in band_seeds])


def _calibration_progress(args):
    def show(evaluations: int, value: float) -> None:
        if not args.quiet:
            print(f"\r  {evaluations} evaluations, objective {value:.2f}", end="", file=sys.stderr, flush=True)
    return show


def cmd_calibrate(args) -> int:
    from model.experiments import calibrate as cal
    from model.experiments import calibration_report as report
    from model.core.params import Parameters

    scenario, seeds, runner = _calibration_setup(args)
    with runner:
        # Start from the registry's documented values, not from an earlier calibration: the same
        # command, data and code give the same estimates.
        start = {e.name: getattr(Parameters(scenario.parameters, calibrated=False), e.name) for e in cal.ESTIMATED}
        moments = cal.history_moments(args.train_until, scenario.start_year, args.data)
        before = cal.Objective(scenario, moments, seeds, args.scale, runner).evaluate(start)[0]
        if not args.quiet:
            print(f"calibrating {len(cal.ESTIMATED)} parameters on {len(moments)} moments "
                  f"(seeds {seeds}, scale {args.scale}); objective at the start {before:.2f}", file=sys.stderr)
        fit, objective = cal.calibrate(scenario, args.train_until, seeds, args.scale, args.max_evaluations, runner,
                                       args.data, start, progress=_calibration_progress(args))
        ident = cal.identification(objective, fit)
        end_year = max(max(m.rule.years(m.year)) for m in moments)
        runs = _band_runs(scenario, fit.values, args, runner, end_year)
    cal.write_calibration(fit, args.train_until, seeds, args.scale, args.parameters_out,
                          covariance={d["parameter"]: d["covariance"] for d in ident})
    report_dir = args.report
    figure = report.band_figure(cal.bands(runs, [c for _, c, _ in report.SERIES]),
                                report_dir / "figures" / "calibration_fit.png",
                                "The baseline at the calibrated parameters against history", data_path=args.data)
    settings = {"made": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "evaluations": fit.evaluations,
                "seeds": seeds, "scale": args.scale, "train_until": args.train_until, "band_seeds": args.band_seeds}
    text = report.calibration_markdown(fit, moments, ident, settings, str(figure.relative_to(report_dir)), start, before)
    (report_dir / "calibration.md").write_text(text, encoding="utf-8")
    report.write_csv(report_dir / "calibration_fit.csv", report.fit_rows(moments, fit))
    if not args.quiet:
        print(f"\nobjective {before:.2f} -> {fit.objective:.2f}; estimates written to {args.parameters_out}, "
              f"report to {report_dir / 'calibration.md'}", file=sys.stderr)
    return 0


def cmd_backtest(args) -> int:
    import json

    from model.experiments import calibrate as cal
    from model.experiments import calibration_report as report
    from model.core.params import Parameters
    from model.outputs.results import check_out_dir, manifest_basics, staged_folder

    scenario, seeds, runner = _calibration_setup(args)
    if not scenario.start_year < args.train_until < scenario.end_year:
        raise UserError(f"--train-until {args.train_until}: give a year after {scenario.start_year} "
                        f"and before {scenario.end_year} (the scenario's years)")
    out = args.out or RESULTS_DIR / f"backtest_{args.train_until}"
    check_out_dir(out)
    started = datetime.now(timezone.utc)
    with runner:
        start = {e.name: getattr(Parameters(scenario.parameters, calibrated=False), e.name) for e in cal.ESTIMATED}
        fit, _ = cal.calibrate(scenario, args.train_until, seeds, args.scale, args.max_evaluations, runner,
                               args.data, start, progress=_calibration_progress(args))
        runs = _band_runs(scenario, fit.values, args, runner, scenario.end_year)
    b = cal.bands(runs, list(FORECAST_COLUMNS) + [c for _, c, _ in report.SERIES])
    rows = [{"year": y, "indicator": c, "median": b[c][y][1], "p05": b[c][y][0], "p95": b[c][y][2]}
            for c in FORECAST_COLUMNS for y in sorted(b[c]) if y > args.train_until]
    with staged_folder(out) as tmp:
        report.write_csv(tmp / "forecast.csv", rows)
        report.write_csv(tmp / "estimates.csv", [{"parameter": k, "value": v} for k, v in fit.values.items()])
        report.band_figure(b, tmp / "figures" / "backtest.png",
                           f"Backtest: calibrated on data up to {args.train_until}, forecast after it",
                           train_until=args.train_until, data_path=args.data)
        info = manifest_basics(started)
        info.update({"command_kind": "backtest", "scenario": scenario.name, "scenario_file": scenario.source,
                     "train_until": args.train_until, "calibration_seeds": seeds, "forecast_seeds": args.band_seeds,
                     "scale": args.scale, "objective": fit.objective, "evaluations": fit.evaluations,
                     "data": str(args.data), "estimates": fit.values})
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    if args.report is not None:  # the report for the docs, with a copy of the figure beside the other docs figures
        import shutil
        figure = args.report / "figures" / f"backtest_{args.train_until}.png"
        figure.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / "figures" / "backtest.png", figure)
        settings = {"made": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "evaluations": fit.evaluations,
                    "seeds": seeds, "scale": args.scale, "band_seeds": args.band_seeds}
        text = report.backtest_markdown(args.train_until, rows, fit.values, str(figure.relative_to(args.report)),
                                        settings, args.data)
        (args.report / f"backtest_{args.train_until}.md").write_text(text, encoding="utf-8")
    if not args.quiet:
        print(f"\nforecast written to {out / 'forecast.csv'}", file=sys.stderr)
    return 0


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such file")
    return path


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 or more")
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

    def common(p, seed_help="random seed (default: the scenario's seed)"):
        p.add_argument("--seed", type=_seed, default=None, help=seed_help)
        p.add_argument("--scale", type=_scale, default=1.0,
                       help="agents simulated relative to the default (20,000 households, 10,000 firms), "
                            "or 'full': one agent per real household and firm (about 25 m and 6 m; "
                            "farm units stand for 10 farm households each)")
        p.add_argument("--quiet", action="store_true", help="print nothing but errors")

    p = sub.add_parser("run", help="run one scenario and write its results folder")
    p.add_argument("scenario", help="a shipped scenario name (see 'list') or a path to a .toml file")
    p.add_argument("--out", type=Path, default=None, help="results folder (default: results/<scenario name>/)")
    p.add_argument("--no-figures", action="store_true", help="write tables only")
    p.add_argument("--engine", choices=("fast", "reference"), default="fast",
                   help="fast: array populations (default); reference: one plain Mesa agent per household "
                        "and firm (slow; for checking and teaching)")
    p.add_argument("--replications", type=_positive_int, default=None,
                   help="run an ensemble of N replications with independent random streams spawned from the seed; "
                        "writes quantile bands, target probabilities and fan charts")
    p.add_argument("--parameter-uncertainty", action="store_true",
                   help="with --replications: also draw the calibrated parameters around their estimates")
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="with --replications: processes (default: all cores); results do not depend on it")
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
    p.add_argument("--replications", type=_positive_int, default=None,
                   help="also run an ensemble of N replications of each scenario and write the probabilities "
                        "of meeting each target side by side")
    p.add_argument("--parameter-uncertainty", action="store_true",
                   help="with --replications: also draw the calibrated parameters around their estimates")
    p.add_argument("--workers", type=_positive_int, default=None, help="with --replications: processes")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("validate", help="check scenario files and report every problem")
    p.add_argument("scenarios", nargs="+")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="list the shipped scenarios with their one-line story")
    p.set_defaults(func=cmd_list)

    from model.core.data import INDICATORS_CSV
    from model.core.params import CALIBRATION_FILE

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
    p.add_argument("--train-until", type=_year, default=2022, help="last data year used (default 2022)")
    p.add_argument("--parameters-out", type=Path, default=CALIBRATION_FILE,
                   help="where the estimates go (default: model/data/calibration.toml, which scenarios use)")
    p.add_argument("--report", type=Path, default=Path("docs"),
                   help="folder for calibration.md and its figure (default: docs)")
    calibration_options(p, 300)
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("backtest", help="calibrate on data up to a year and forecast the years after it")
    p.add_argument("--train-until", type=_year, required=True, help="last data year the calibration may read")
    p.add_argument("--out", type=Path, default=None, help="folder (default: results/backtest_<YEAR>/)")
    p.add_argument("--report", type=Path, default=None,
                   help="also write backtest_<YEAR>.md and its figure into this folder (such as docs)")
    calibration_options(p, 150)
    p.set_defaults(func=cmd_backtest)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenProcessPool:
        print("error: a worker process died (often: out of memory); run with fewer --workers or a smaller --scale; "
              "an ensemble continues with --resume", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        resume = " (run the same command with --resume to continue it)" if getattr(args, "replications", None) else ""
        print(f"\ninterrupted: no results folder was written{resume}", file=sys.stderr)
        return 130
    except OSError as e:  # e.g. --out under a read-only folder or below a file
        path = e.filename or getattr(args, "out", None) or "the results folder"
        print(f"error: cannot write {path}: {e.strerror or e}", file=sys.stderr)
        return 2
