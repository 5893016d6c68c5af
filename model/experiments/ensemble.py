"""Ensembles: many replications of a scenario, quantile bands, and the probability of meeting each target.

Replication ``i`` runs with its own random stream, spawned from the scenario's
seed (``numpy.random.SeedSequence(seed).spawn``): its numbers depend only on
(scenario, seed, i), never on how many replications run, on how many workers
run them, or in which order they finish. With parameter uncertainty, each
replication also draws the calibrated behavioural parameters from normal
distributions around the estimates with their standard errors
(``model/data/calibration.toml``), cut to the calibration ranges, from the
same stream.

Replications are written as they finish into a store on disk (a memory-mapped
array of annual values and one of target values, with a done flag each), so
the ensemble never holds the runs in memory, and an interrupted ensemble
resumes from the replications already done (``--resume``) with the same final
numbers. The results folder (bands, probabilities, fan charts, manifest) is
written only when every replication is done.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from model.experiments.calibrate import ESTIMATED
from model.core.errors import UserError
from model.core.params import calibration_record
from model.experiments.run import Job, run
from model.measure.targets import evaluate_targets
from model.outputs.progress import ReplicationProgress

QUANTILES = (5, 25, 50, 75, 95)


def replication_stream(seed: int, i: int) -> np.random.SeedSequence:
    """Replication i's stream: child i of the seed's SeedSequence (the same as ``spawn(n)[i]`` for any n > i),
    made on demand so that nothing grows with the number of replications."""
    return np.random.SeedSequence(int(seed), spawn_key=(int(i),))


def replication_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """Independent streams, one per replication, spawned from one seed (child i does not depend on n)."""
    return [replication_stream(seed, i) for i in range(n)]


def model_seed(stream: np.random.SeedSequence) -> int:
    """The integer seed a replication's model runs with (63 bits of its stream)."""
    return int(stream.generate_state(1, np.uint64)[0] >> np.uint64(1))


def draw_parameters(stream: np.random.SeedSequence, fixed: dict | None = None) -> dict[str, float]:
    """Calibrated parameters drawn around their estimates, jointly normal on the calibration's logit
    coordinates (``model.experiments.calibrate.to_unit``) with the calibration's covariance mapped to them, so every
    draw lies inside the calibration range and collinear estimates (the sector trends) move together.
    Parameters in ``fixed`` (a scenario's own values) are not drawn."""
    from model.experiments.calibrate import from_unit, to_unit
    record = calibration_record()
    estimates, covariance = record.get("parameters", {}), record.get("covariance", {})
    names = [e.name for e in ESTIMATED]
    if set(estimates) != set(names) or set(covariance) != set(names):
        raise UserError("--parameter-uncertainty needs calibrated estimates with their covariance in "
                        "model/data/calibration.toml; run `python -m model calibrate` first")
    values = np.array([float(estimates[n]) for n in names])
    cov = np.array([[float(x) for x in covariance[n]] for n in names])
    lo, hi = np.array([e.low for e in ESTIMATED]), np.array([e.high for e in ESTIMATED])
    u = (values - lo) / (hi - lo)
    slope = (hi - lo) * u * (1.0 - u)  # d value / d logit at the estimates: undo the calibration's mapping
    cov_logit = cov / np.outer(slope, slope)
    cov_logit = (cov_logit + cov_logit.T) / 2.0
    # Cholesky (deterministic, unlike an eigenvector basis), with a tiny ridge for a semi-definite matrix.
    factor = np.linalg.cholesky(cov_logit + 1e-9 * np.eye(len(names)) * max(1.0, float(np.abs(cov_logit).max())))
    # A grandchild stream for the draws: the replication's stream itself is left as it was.
    rng = np.random.default_rng(np.random.SeedSequence(stream.entropy, spawn_key=stream.spawn_key + (0,)))
    draw = from_unit(to_unit(values) + factor @ rng.standard_normal(len(names)))
    return {n: float(v) for n, v in zip(names, draw) if n not in (fixed or {})}


@dataclass(frozen=True)
class Replication:
    scenario: object
    index: int
    seed: int
    parameters: dict[str, float]
    scale: float


def run_replication(job: Replication) -> tuple[int, list[dict], list[dict]]:
    """One replication: (index, annual rows, target rows)."""
    annual = run(Job(job.scenario, job.parameters, job.seed, job.scale)).annual_rows()
    return job.index, annual, evaluate_targets(annual)


# ------------------------------------------------------------------ the store on disk
class Store:
    """Annual values (column, replication, year), target values (replication, target) and done flags on disk.

    Each access maps the files briefly and unmaps them, so the process's memory does not grow with
    the number of replications; a column of every replication is one contiguous block.
    """

    def __init__(self, folder: Path, spec: dict):
        self.folder, self.spec = folder, spec
        n, years, columns, targets = spec["replications"], spec["years"], spec["columns"], spec["targets"]
        self.shapes = {"annual": (len(columns), n, len(years)), "targets": (n, len(targets)), "done": (n,)}
        self.types = {"annual": np.float64, "targets": np.float64, "done": np.bool_}

    def _map(self, name: str, mode: str = "r+"):
        return np.lib.format.open_memmap(self.folder / f"{name}.npy", mode=mode, dtype=self.types[name],
                                         shape=self.shapes[name])

    @classmethod
    def open(cls, folder: Path, spec: dict, resume: bool) -> "Store":
        spec_file = folder / "spec.json"
        if resume and spec_file.exists():
            saved = _read_spec(spec_file)
            if saved != spec:
                diff = sorted(k for k in spec if saved.get(k) != spec[k])
                raise UserError(f"cannot resume from {folder}: it was started with other settings ({', '.join(diff)}); "
                                "run without --resume to start again")
            return cls(folder, spec)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        store = cls(folder, spec)
        for name in ("annual", "targets", "done"):
            m = store._map(name, mode="w+")
            m[...] = False if name == "done" else math.nan
            m.flush()
            del m
        tmp = spec_file.with_suffix(".tmp")  # last, and whole: a store without it is not resumable
        tmp.write_text(json.dumps(spec), encoding="utf-8")
        os.replace(tmp, spec_file)
        return store

    @property
    def done(self) -> np.ndarray:
        return np.array(self._map("done", mode="r"))

    def column(self, c: int) -> np.ndarray:
        """(replications, years) values of annual column ``c``."""
        return np.array(self._map("annual", mode="r")[c])

    def target_values(self) -> np.ndarray:
        return np.array(self._map("targets", mode="r"))

    def put(self, index: int, annual: list[dict], targets: list[dict]) -> None:
        """Write one replication, then mark it done (a kill between the two leaves it not done)."""
        by_year = {int(r["year"]): r for r in annual}
        values = np.array([[by_year[y].get(c, math.nan) for y in self.spec["years"]] for c in self.spec["columns"]])
        m = self._map("annual")
        m[:, index, :] = values
        m.flush()
        del m
        m = self._map("targets")
        m[index] = [r["value"] for r in targets]
        m.flush()
        del m
        m = self._map("done")
        m[index] = True
        m.flush()
        del m


def _settings(scenario, seed: int, n: int, scale: float, uncertainty: bool) -> dict:
    """What must be the same for stored replications to be resumed: settings, calibration and code."""
    from model import __version__
    from model.outputs.results import _git_commit
    record = calibration_record()
    return {"scenario": scenario.resolved, "seed": int(seed), "replications": int(n), "scale": scale,
            "parameter_uncertainty": bool(uncertainty),
            "calibration": {"parameters": record.get("parameters"), "covariance": record.get("covariance")},
            "model_version": __version__, "git_commit": _git_commit()}


def _read_spec(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserError(f"cannot resume from {path.parent}: its record of settings is damaged; "
                        "run without --resume to start again") from None


def _spec(scenario, seed: int, n: int, scale: float, uncertainty: bool, first: tuple[list[dict], list[dict]]) -> dict:
    annual, targets = first
    columns = [k for k in annual[0] if k != "year"]
    return {**_settings(scenario, seed, n, scale, uncertainty),
            "years": [int(r["year"]) for r in annual], "columns": columns,
            "targets": [{k: r[k] for k in ("target", "indicator", "year", "threshold", "unit", "source", "note")}
                        for r in targets]}


# ------------------------------------------------------------------ running
def run_ensemble(scenario, seed: int, n: int, scale: float, uncertainty: bool, runner, work: Path,
                 resume: bool, quiet: bool = True) -> Store:
    """Run the replications not yet done into the store at ``work``; return the complete store."""
    def job(i: int) -> Replication:
        stream = replication_stream(seed, i)
        return Replication(scenario, i, model_seed(stream),
                           draw_parameters(stream, scenario.parameters) if uncertainty else {}, scale)

    # The shape of the store comes from replication 0, which is run first (and stored) unless resuming.
    spec_file = work / "spec.json"
    if resume and spec_file.exists():
        spec = _read_spec(spec_file)
        store = Store.open(work, {**spec, **_settings(scenario, seed, n, scale, uncertainty)}, resume=True)
    else:
        index, annual, targets = run_replication(job(0))
        store = Store.open(work, _spec(scenario, seed, n, scale, uncertainty, (annual, targets)), resume=False)
        store.put(index, annual, targets)
    todo = np.flatnonzero(~store.done).tolist()
    progress = ReplicationProgress(n, n - len(todo), not quiet)
    done = n - len(todo)
    for index, annual, targets in runner.imap((job(i) for i in todo), run_replication):
        store.put(index, annual, targets)
        done += 1
        progress(done)
    progress.close()
    return store


# ------------------------------------------------------------------ summaries
def bands(store: Store) -> list[dict]:
    """Long table: year, indicator, mean, p05, p25, median, p75, p95 over the replications."""
    rows = []
    years, columns = store.spec["years"], store.spec["columns"]
    for c, column in enumerate(columns):  # one column at a time: memory stays flat as N grows
        values = store.column(c)
        for y, year in enumerate(years):
            v = values[:, y]
            v = v[~np.isnan(v)]
            if v.size == 0:
                continue
            q = np.percentile(v, QUANTILES)
            rows.append({"year": year, "indicator": column, "mean": float(v.mean()),
                         **{f"p{p:02d}" if p != 50 else "median": float(x) for p, x in zip(QUANTILES, q)}})
    return rows


def target_probabilities(store: Store) -> list[dict]:
    """Each target with the share of replications that meet it and the median value."""
    values = store.target_values()
    rows = []
    for k, t in enumerate(store.spec["targets"]):
        v = values[:, k]
        known = ~np.isnan(v)
        rows.append({"target": t["target"], "indicator": t["indicator"], "year": t["year"],
                     "threshold": t["threshold"],
                     "median_value": float(np.median(v[known])) if known.any() else math.nan,
                     "probability": float((v[known] >= t["threshold"]).mean()) if known.any() else math.nan,
                     "replications": int(known.sum()), "unit": t["unit"], "source": t["source"], "note": t["note"]})
    return rows


def write_replications(path: Path, scenario, seed: int, n: int, uncertainty: bool) -> None:
    """Which seed (and, with parameter uncertainty, which parameters) each replication ran with,
    written row by row."""
    import csv
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = None
        for i in range(n):
            stream = replication_stream(seed, i)
            row = {"replication": i, "seed": model_seed(stream)}
            if uncertainty:
                row.update({k: repr(v) for k, v in draw_parameters(stream, scenario.parameters).items()})
            if w is None:
                w = csv.DictWriter(f, fieldnames=list(row), lineterminator="\n")
                w.writeheader()
            w.writerow(row)


def fan_chart(bands_rows: list[dict], column: str, title: str, ylabel: str, path: Path, lines=()) -> Path:
    """Median with the 25-75 and 5-95 percent bands over replications; ``lines``: (value, label) targets."""
    from matplotlib.figure import Figure
    rows = sorted((r for r in bands_rows if r["indicator"] == column), key=lambda r: r["year"])
    years = [r["year"] for r in rows]
    fig = Figure(figsize=(7.5, 4.2), dpi=110, layout="constrained")
    ax = fig.subplots()
    ax.fill_between(years, [r["p05"] for r in rows], [r["p95"] for r in rows], color="#c6dbef", label="5-95%")
    ax.fill_between(years, [r["p25"] for r in rows], [r["p75"] for r in rows], color="#6baed6", label="25-75%")
    ax.plot(years, [r["median"] for r in rows], color="#08306b", label="median")
    for value, label in lines:
        ax.axhline(value, color="#d62728", linestyle="--", linewidth=1)
        ax.annotate(label, (years[0], value), xytext=(2, 3), textcoords="offset points", fontsize=8, color="#d62728")
    ax.set_title(title, fontsize=11)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", facecolor="white")
    return path


def write_ensemble_results(store: Store, out: Path, scenario, seed: int, n: int, scale: float, uncertainty: bool,
                           workers: int, started: datetime, figures: bool = True) -> Path:
    """The ensemble's results folder, written whole (staged, manifest last) once every replication is done."""
    from model.outputs.results import manifest_basics, staged_folder, write_csv
    b = bands(store)
    probabilities = target_probabilities(store)
    with staged_folder(out) as tmp:
        write_csv(tmp / "bands.csv", b)
        write_csv(tmp / "targets.csv", probabilities)
        write_replications(tmp / "replications.csv", scenario, seed, n, uncertainty)
        if figures:
            fan_chart(b, "gdp_growth_pct", f"GDP growth: {scenario.title}", "percent a year",
                      tmp / "figures" / "fan_gdp_growth.png", lines=((10.0, "10% target"),))
            fan_chart(b, "digital_economy_share_pct", f"Digital economy: {scenario.title}", "percent of GDP",
                      tmp / "figures" / "fan_digital_share.png", lines=((20.0, "2025 target"), (30.0, "2030 target")))
        info = {"kind": "ensemble", "scenario": scenario.name, "title": scenario.title,
                "scenario_file": scenario.source, "resolved_scenario": scenario.resolved, "seed": int(seed),
                "replications": int(n), "parameter_uncertainty": bool(uncertainty), "scale": scale,
                "workers": int(workers), "engine": "fast", "calibration": calibration_record().get("calibration"),
                "quantiles": list(QUANTILES)}
        info.update(manifest_basics(started))
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    return out


@dataclass(frozen=True)
class EnsembleSettings:
    """How an ensemble runs: replications, parameter uncertainty, scale, workers (None: all cores) and
    an optional Dask scheduler address."""

    replications: int
    parameter_uncertainty: bool = False
    scale: float | str = 1.0
    workers: int | None = None
    scheduler: str | None = None


def ensemble_to_folder(scenario, seed: int, settings: EnsembleSettings, out: Path, resume: bool,
                       quiet: bool = True, figures: bool = True) -> list[dict]:
    """Run an ensemble of the scenario into the results folder ``out``; return its target probabilities.

    Replications done so far are kept beside ``out`` in ``.NAME.ensemble-work/`` until the folder is
    written, so an interrupted ensemble continues with ``resume``.
    """
    from model.experiments.parallel import Runner

    work = out.parent / f".{out.name}.ensemble-work"
    if resume and not (work / "spec.json").exists() and not quiet:
        print(f"nothing to resume in {work}: starting the ensemble", file=sys.stderr)
    started = datetime.now(timezone.utc)
    with Runner(settings.workers, settings.scheduler) as runner:
        store = run_ensemble(scenario, seed, settings.replications, settings.scale, settings.parameter_uncertainty,
                             runner, work, resume, quiet=quiet)
        workers = runner.workers
    write_ensemble_results(store, out, scenario, seed, settings.replications, settings.scale,
                           settings.parameter_uncertainty, workers, started, figures=figures)
    probabilities = target_probabilities(store)
    shutil.rmtree(work)
    return probabilities
