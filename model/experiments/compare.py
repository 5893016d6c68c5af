"""Comparing scenarios: each runs with the same seed, so they differ only in policy, not in the draw of agents.

Writes one folder holding each scenario's results folder, ``differences.csv``
(each scenario's headline indicators and their difference from the first),
``targets_compared.csv``, overlay charts, and with ensembles
``probabilities_compared.csv``; the manifest goes last.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from model.core.errors import UserError
from model.experiments.ensemble import EnsembleSettings, ensemble_to_folder, stretch_made, stretches
from model.experiments.run import run_to_folder
from model.outputs.charts import read_table, write_compare_figures
from model.outputs.folders import staged_folder
from model.measure.summary import VND_100_TRILLION
from model.outputs.results import HEADLINE, RESULTS_DIR, manifest_basics, read_rows, write_csv
from model.scenario import load_scenario

# Indicators set side by side in differences.csv besides the headline ones.
COMPARED = HEADLINE + ("fiscal_cost_pct_gdp", "internet_users_pct", "ecommerce_share_retail_pct",
                       "online_public_services_pct")


def compare(refs: list[str], seed: int | None, scale: float | str, out: Path | None = None,
            ensemble: EnsembleSettings | None = None, quiet: bool = True,
            overwrite: bool = False, allow_any_extends: bool = False,
            lang: str | None = None) -> tuple[Path, list[str], int]:
    """Run each scenario (the first is the reference) into one comparison folder; returns (folder, names, seed)."""
    # validate all before running any
    scenarios = [load_scenario(ref, allow_any_extends=allow_any_extends) for ref in refs]
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise UserError("compare: each scenario may be named only once")
    seed_used = seed if seed is not None else scenarios[0].seed
    out = Path(out) if out else RESULTS_DIR / ("compare_" + "_vs_".join(names))
    stretch = stretch_made(ensemble) if ensemble is not None else None  # a bad stretch file stops it before any run
    started = datetime.now(timezone.utc)
    with staged_folder(out, "comparison", overwrite) as tmp:
        dirs = {name: run_to_folder(ref, seed_used, scale, tmp / name, figures=False, quiet=quiet,
                                    allow_any_extends=allow_any_extends, lang=lang)
                for ref, name in zip(refs, names)}
        tables = {name: read_table(d / "annual.csv") for name, d in dirs.items()}
        write_csv(tmp / "differences.csv", differences(tables, names))
        write_csv(tmp / "summary.csv", summaries_side_by_side([read_rows(d / "summary.csv")[0] for d in dirs.values()]))
        write_csv(tmp / "targets_compared.csv",
                  targets_side_by_side({n: read_table(d / "targets.csv") for n, d in dirs.items()}))
        write_compare_figures(dirs, tmp / "figures", {s.name: s.title for s in scenarios}, lang=lang)
        if ensemble is not None:  # ensembles from the same spawned streams: probabilities side by side
            probabilities = {s.name: ensemble_to_folder(s, seed_used, ensemble, tmp / f"{s.name}_ensemble",
                                                        resume=False, quiet=quiet, lang=lang)
                             for s in scenarios}
            write_csv(tmp / "probabilities_compared.csv", probabilities_side_by_side(probabilities))
        info = {"compare": names, "scenario_files": [s.source for s in scenarios], "seed": seed_used,
                "seed_from": "--seed" if seed is not None else f"the first scenario ({scenarios[0].name})",
                "scale": scale, "replications": ensemble.replications if ensemble else None,
                "parameter_uncertainty": bool(ensemble and ensemble.parameter_uncertainty),
                "model_error": bool(ensemble and ensemble.parameter_uncertainty and ensemble.model_error),
                "band_stretch": stretches(stretch)}
        info.update(manifest_basics(started))
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out, names, seed_used


def summaries_side_by_side(rows: list[dict]) -> list[dict]:
    """summary.csv of each run, one row a scenario, and each scenario's extra mean growth 2026-2030 over the
    first's per VND 100 trillion of extra public cost 2026-2030 (NaN for the first, or where it costs no more)."""
    first = rows[0]
    out = []
    for row in rows:
        extra_cost = (row["public_cost_2026_2030_vnd_bn"] - first["public_cost_2026_2030_vnd_bn"]) / VND_100_TRILLION
        extra_growth = row["growth_mean_2026_2030_pct"] - first["growth_mean_2026_2030_pct"]
        out.append(dict(row, extra_growth_per_100tn_vnd_pp=extra_growth / extra_cost if extra_cost > 0
                        else float("nan")))
    return out


def differences(tables: dict, names: list[str]) -> list[dict]:
    """Each scenario's compared indicators, and their difference from the first scenario, by year."""
    base = tables[names[0]]
    rows = []
    for name in names:
        t = tables[name]
        for i, year in enumerate(t["year"]):
            row = {"scenario": name, "year": int(year)}
            for column in COMPARED:
                row[column] = float(t[column][i])
                row[f"{column}_vs_{names[0]}"] = float(t[column][i] - base[column][i])
            rows.append(row)
    return rows


def targets_side_by_side(targets: dict) -> list[dict]:
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


def probabilities_side_by_side(probabilities: dict[str, list[dict]]) -> list[dict]:
    names = list(probabilities)
    rows = []
    for k, first in enumerate(probabilities[names[0]]):
        row = {"target": first["target"], "year": first["year"], "threshold": first["threshold"]}
        for name in names:
            for column in ("probability", "probability_low", "probability_high"):
                row[f"{name}_{column}"] = probabilities[name][k][column]
        rows.append(row)
    return rows
