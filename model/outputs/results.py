"""The results folder: a contract that later tools and users read.

A run writes ``annual.csv``, ``quarterly.csv``, ``provinces.csv``,
``groups.csv``, ``targets.csv``, ``summary.csv``, ``manifest.json`` and ``figures/`` into a
temporary folder beside the destination and renames it into place only when
everything is written, so an interrupted run never leaves a folder that looks
complete (``model.outputs.folders`` says which folders may be replaced).
"""
from __future__ import annotations

import csv
import json
import math
import platform
import shlex
import subprocess
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import numpy as np

from model import __version__
from model.measure.accounts import add_causal_contribution, annual_table, group_table, province_table, quarterly_table
from model.core.data import last_data_year
from model.core.paths import REPO_DIR
from model.core.params import calibration_record
from model.measure.catalogue import INDICATORS, LANGUAGES, OTHER_COLUMNS, SUMMARY
from model.measure.summary import summary_label, summary_row
from model.measure.targets import evaluate_targets
from model.outputs.folders import staged_folder

RESULTS_DIR = Path("results")  # relative to the current folder: where runs write unless told otherwise
# Key indicators compared side by side (labels: model.measure.catalogue).
HEADLINE = ("gdp_growth_pct", "digital_economy_share_pct", "gdp_per_capita_current_usd", "basic_digital_skills_pct",
            "cumulative_fiscal_cost_pct_gdp")
# Columns every annual.csv starts with (the documented contract); the rest follow in model order.
ANNUAL_COLUMNS = (
    "year", "gdp_vnd_bn", "gdp_growth_pct", "gdp_per_capita_usd", "gdp_per_capita_current_usd",
    "digital_economy_share_pct",
    "digital_core_share_pct", "digitalisation_share_pct", "digital_accounting_contribution_pp",
    "digital_reclassification_pp", "digital_causal_contribution_pp",
    "tfp_share_of_growth_pct", "labour_productivity_growth_pct", "growth_capital_pp", "growth_digital_capital_pp",
    "growth_labour_pp", "growth_labour_quality_pp", "growth_tfp_pp", "fiscal_cost_pct_gdp",
    "cumulative_fiscal_cost_pct_gdp", "spend_infrastructure_pct_gdp", "spend_skills_pct_gdp",
    "spend_institutions_pct_gdp", "private_crowd_in_pct_gdp", "public_debt_pct_gdp", "public_deficit_pct_gdp",
    "investment_rate_pct", "current_account_pct_gdp", "electronics_domestic_va_pct", "growth_selection_pp",
    "growth_structural_change_pp", "growth_digital_pp", "growth_residual_tfp_pp",
    "internet_users_pct", "mobile_broadband_households_pct", "fibre_households_pct", "cashless_pct",
    "ecommerce_adoption_pct", "ecommerce_share_retail_pct", "online_public_services_pct",
    "basic_digital_skills_pct", "advanced_digital_skills_pct", "trust_index", "digital_firms",
    "digital_firms_share_pct", "digital_jobs_mn", "firms_basic_or_more_pct", "firms_integrated_or_more_pct",
    "firms_advanced_or_more_pct", "min_sector_digital_share_pct",
)


def _format(value) -> str:
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return ""
        return repr(value)  # full precision (the shortest text that reads back the same float); people read
        #                     the rounded printed summary (outputs.tables)
    return str(value)


def write_csv(path: Path, rows: list[dict], first: tuple[str, ...] = ()) -> list[str]:
    """Write ``rows`` (the ``first`` columns first); returns the header written."""
    if not rows:
        raise ValueError(f"no rows for {path.name}")
    names = [c for c in first if c in rows[0]] + [c for c in rows[0] if c not in first]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for row in rows:
            w.writerow([_format(row.get(c, float("nan"))) for c in names])
    return names


def read_rows(path: Path) -> list[dict]:
    """A CSV this module wrote, as rows: numbers as floats (empty as NaN), words as written."""
    def value(text: str):
        try:
            return float(text) if text != "" else float("nan")
        except ValueError:
            return text
    with open(path, newline="", encoding="utf-8") as f:
        return [{k: value(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _git_commit() -> str | None:
    here = REPO_DIR
    if here is None:  # an installed package: no checkout to ask
        return None
    try:
        out = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
        # --no-optional-locks: never take .git/index.lock in the user's checkout (git would refresh its index)
        dirty = subprocess.run(["git", "--no-optional-locks", "-C", str(here), "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for pkg in ("numpy", "scipy", "mesa", "matplotlib", "numba"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:  # pragma: no cover
            versions[pkg] = "not installed"
    return versions


def rerunnable_command(argv: list[str]) -> str:
    """The command as a user can paste it back into a shell: ``python -m model ...`` (not the path of
    ``__main__.py``), each argument quoted where the shell needs it."""
    program = Path(argv[0]).name if argv else "python -m model"
    head = ["python", "-m", "model"] if program in ("__main__.py", "python -m model", "-c", "") else [program]
    return shlex.join(head + list(argv[1:]))


def manifest_basics(started: datetime) -> dict:
    """What every folder's manifest says about the code and the machine."""
    return {
        "model_version": __version__,
        "git_commit": _git_commit(),
        "packages": package_versions(),
        "platform": platform.platform(),
        "command": rerunnable_command(sys.argv),
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def manifest(model, started: datetime, finished: datetime) -> dict:
    s = model.scenario
    info = {
        "scenario": s.name,
        "title": s.title,
        "scenario_file": s.source,
        "resolved_scenario": s.resolved,
        "seed": model.seed_used,
        "scale": model.scale,
        "engine": model.engine,
        "households_simulated": model.households.n,
        "firms_simulated": model.firms.n,
        # the values the run started from (a dated change is listed in parameter_changes), so it can be rerun
        "parameters": model.params.at(-math.inf).as_dict(),
        # How the calibrated defaults were estimated (model/data/calibration.toml), if they were.
        "calibration": calibration_record().get("calibration"),
    }
    info.update(manifest_basics(started))
    info["finished_utc"] = finished.isoformat(timespec="seconds")
    info["units"] = "real values at 2023 prices; VND billion; USD at the 2023 exchange rate"
    info["parameter_changes"] = [{"from": t, "parameter": name, "value": value}
                                 for t, name, value in s.parameter_changes]
    fitted_until = last_data_year(s.data_until)
    undone = s.parameters_before(fitted_until + 1)
    info["history_fit"] = (f"undone: [parameters] {', '.join(undone)} hold before {fitted_until + 1}" if undone
                           else f"as calibrated: no [parameters] override holds before {fitted_until + 1}")
    return info


def data_dictionary(columns_by_file: dict[str, list[str]], targets: list[dict]) -> list[dict]:
    """columns.csv: every column of the folder's CSV files with its label and unit in English and Vietnamese
    (and a description where the catalogue has one), so the files keep stable English column names and a
    reader of either language can read them. ``targets``: the target rows that label the met_ columns."""
    rows = []
    for file, columns in columns_by_file.items():
        for column in columns:
            entry = {"file": file, "column": column}
            for lang in LANGUAGES:
                label, unit, about = _describe(column, targets, lang)
                entry |= {f"label_{lang}": label, f"unit_{lang}": unit, f"description_{lang}": about}
            rows.append(entry)
    return rows


def _describe(column: str, targets: list[dict], lang: str) -> tuple[str, str, str]:
    """(label, unit, description) of a results column in ``lang``; KeyError names a column no one described."""
    if column in INDICATORS:
        i = INDICATORS[column]
        return i.label(lang), i.unit(lang), i.description(lang) if i.description else ""
    if column in SUMMARY:
        words, unit = SUMMARY[column]
        return words(lang), unit(lang), ""
    if column in OTHER_COLUMNS:
        words, unit = OTHER_COLUMNS[column]
        return words(lang), unit(lang), ""
    base, _, percentile = column.rpartition("_")
    if base in SUMMARY and percentile in OTHER_COLUMNS:  # an ensemble's band of a summary figure
        words, unit = SUMMARY[base]
        return f"{words(lang)}: {OTHER_COLUMNS[percentile][0](lang)}", unit(lang), ""
    if column.startswith(("met_", "probability_met_")):  # a yes/no, or an ensemble's share of replications
        unit = OTHER_COLUMNS["met" if column.startswith("met_") else "probability"][1]
        return summary_label(column, lang, targets), unit(lang), ""
    raise KeyError(f"results column {column!r} has no description: add it to model/measure/catalogue.py")


def budget_conversion(scenario, annual: list[dict]) -> dict[str, dict]:
    """For each lever whose budget switches unit down the extends chain (VND over a parent's per cent of GDP,
    or the reverse): the unit the scenario gives in each year and what the run spent in both units, converted
    with the run's own GDP path, so a planner sees what a VND budget was as a share of GDP and back."""
    out = {}
    for lever, budget in scenario.budgets.items():
        if budget.then is None:
            continue
        out[lever] = {
            "given": f"{budget.unit} before {budget.then.path.points[0][0]:g}, {budget.then.unit} from then on",
            "national_spending_by_year": {
                int(r["year"]): {"unit_given": _units_in(budget, int(r["year"])),
                                 "vnd_bn": r[f"spend_{lever}_vnd_bn"], "pct_gdp": r[f"spend_{lever}_pct_gdp"]}
                for r in annual},
        }
    return out


def _units_in(budget, year: int) -> str:
    """The budget unit(s) a scenario gives in ``year``'s quarters: "pct_gdp", or "pct_gdp, then vnd_bn" in the
    year of a switch."""
    return ", then ".join(dict.fromkeys(budget.in_force(year + q / 4.0).unit for q in range(4)))


def write_results(model, out_dir: Path, started: datetime, figures: bool = True, overwrite: bool = False,
                  counterfactual: tuple[int, list] | None = None, lang: str | None = None,
                  baseline=None, figure_helpers=None) -> Path:
    """Write a finished model's results folder atomically; returns the folder. ``counterfactual``: (the year
    after which digital adoption was frozen, the quarterly records of the same run with it frozen;
    experiments.counterfactual), for the causal digital contribution. ``baseline``: the finished baseline
    on the same seed, which the figures show beside another scenario. ``figure_helpers``: processes started
    with the run that draw the figures (model.outputs.drawing); without them they are drawn here."""
    p = model.params
    annual = annual_table(model.records, p, p.vnd_per_usd)
    quarterly = quarterly_table(model.records, p, p.vnd_per_usd)
    if counterfactual is not None:
        after, records = counterfactual
        add_causal_contribution(annual, annual_table(records, p, p.vnd_per_usd), after)
        add_causal_contribution(quarterly, quarterly_table(records, p, p.vnd_per_usd), after)
    with staged_folder(out_dir, "run", overwrite) as tmp:
        targets = evaluate_targets(annual)
        written = {
            "annual.csv": write_csv(tmp / "annual.csv", annual, ANNUAL_COLUMNS),
            "quarterly.csv": write_csv(tmp / "quarterly.csv", quarterly, ("year", "quarter") + ANNUAL_COLUMNS[1:]),
            "provinces.csv": write_csv(tmp / "provinces.csv",
                                       province_table(model, model.records, model.snapshots, p.vnd_per_usd)),
            "groups.csv": write_csv(tmp / "groups.csv", group_table(model.snapshots)),
            "targets.csv": write_csv(tmp / "targets.csv", targets),
            "summary.csv": write_csv(tmp / "summary.csv", [{"scenario": model.scenario.name,
                                                            "title": model.scenario.title}
                                                           | summary_row(annual, targets)]),
        }
        write_csv(tmp / "columns.csv", data_dictionary(written, targets))
        if figures:
            from model.outputs.drawing import FigureHelpers

            beside = None if baseline is None else (
                baseline.scenario.title, annual_table(baseline.records, baseline.params, baseline.params.vnd_per_usd))
            (figure_helpers or FigureHelpers(0)).write_run_figures(
                tmp, f"{model.scenario.name}, seed {model.seed_used}", beside, lang=lang)
        info = manifest(model, started, datetime.now(timezone.utc))
        info["budget_conversion"] = budget_conversion(model.scenario, annual)
        info["baseline_in_figures"] = (None if baseline is None or not figures else
                                       f"{baseline.scenario.name}, seed {baseline.seed_used}, scale {baseline.scale}")
        info["counterfactual"] = (None if counterfactual is None else
                                  f"the same seed with digital adoption and the levers held after "
                                  f"{counterfactual[0]} (digital_causal_contribution_pp)")
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Path(out_dir)
