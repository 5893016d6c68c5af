"""Ensembles: many replications of a scenario, quantile bands, and the probability of meeting each target.

Replication ``i`` runs with its own random stream, spawned from the scenario's
seed (``numpy.random.SeedSequence(seed).spawn``): its numbers depend only on
(scenario, seed, i), never on how many replications run, on how many workers
run them, or in which order they finish. With parameter uncertainty, each
replication also draws the calibrated behavioural parameters from normal
distributions around the estimates with their standard errors
(``model/data/calibration.toml``), cut to the calibration ranges, from the
same stream, and (unless left out) adds a draw of the model's own error to the years after each column's
last data (``model_error``), from substreams of its stream keyed 2 and the column. Its bands, summary and
probabilities are then read from a copy of the store in which each replication's values of the columns the
backtests scored, after the posterior's data, are moved away from the replications' median by how far the
backtests' 90% bands had to stretch to hold what came later, with its targets read again (``band_stretch``;
the replications themselves, and replications.csv, are as run).

Replications are written as they finish into a store on disk (a memory-mapped
array of annual values and one of target values, with a done flag and a
checksum each), so the ensemble never holds the runs in memory, and an
interrupted ensemble resumes from the replications already done (``--resume``)
with the same final numbers: a resume checks every store file's size and every
stored replication's checksum first, and runs again any that fail. The store's
size is checked against the free disk space before it is made. The results
folder (bands, probabilities, fan charts, manifest) is written only when every
replication is done; the destination's lock is held throughout, so a second
ensemble on the same folder is refused.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import math
import shutil
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from model.core.errors import UserError
from model.core.params import calibration_record
from model.core.paths import record_path, write_whole
from model.experiments import band_stretch, model_error
from model.experiments import posterior as inference
from model.experiments.run import Job, check_memory, history_note, run, run_with_twin
from model.experiments.streams import model_seed, replication_stream, substream
from model.experiments.counterfactual import has_counterfactual
from model.measure.accounts import add_causal_contribution
from model.measure.summary import SUMMARY_INPUTS, ensemble_summary_row
from model.measure.targets import AT_LEAST, PLAN_TARGET, evaluate_targets, meets, met_word, probability_interval
from model.outputs.progress import ReplicationProgress

QUANTILES = (5, 25, 50, 75, 95)
# Disk kept free beyond the store for the results folder (bands, probabilities, the replications table and
# two figures: under 50 MB even for 10^6 replications) and for the rest of the system.
RESULTS_ALLOWANCE = 200 * 10**6


@functools.lru_cache(maxsize=8)
def _read_once(read, path: Path, stamp: tuple | None):
    """``read(path)``, once per process while the file and its record stay the same (``stamp``: their
    modification times and sizes), not once per replication."""
    return read(path)


def _stamp(path: Path) -> tuple | None:
    """The modification times and sizes of a shipped file and its record; None if one is missing."""
    try:
        return tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in (path, record_path(path)))
    except OSError:
        return None


def posterior_sample():
    """The shipped posterior (model/data/posterior.csv and its .json, made by ``python -m model posterior``)."""
    stamp = _stamp(inference.POSTERIOR_FILE)
    if stamp is None:
        raise UserError(f"--parameter-uncertainty draws from the posterior sample {inference.POSTERIOR_FILE} and "
                        f"its record {record_path(inference.POSTERIOR_FILE).name}, and one is missing; make them "
                        "with `python -m model posterior --install`")
    return _read_once(inference.read_posterior, inference.POSTERIOR_FILE, stamp)


def posterior_made() -> dict:
    """How the shipped posterior was made (its provenance) and the digest of both its files (the draws read the
    sample and which parameters it leaves to their priors), for a result folder's record and for refusing to
    resume replications drawn from another sample."""
    provenance = posterior_sample().provenance
    digest = model_error.file_digest(inference.POSTERIOR_FILE, record_path(inference.POSTERIOR_FILE))
    return {"sample_sha256": digest,
            **{k: provenance.get(k) for k in ("made", "command", "train_until", "final_distance", "simulations")}}


def draw_parameters(stream: np.random.SeedSequence, fixed: dict | None = None) -> dict[str, float]:
    """One particle of the posterior, chosen with probability its weight on the replication's parameter
    stream: every inferred parameter (calibrated, lever chains, hand-set) and the satellite account's rates
    fitted with it, so a draw replays history within the posterior's tolerance; with the parameters history
    does not speak to drawn from their priors. Parameters in ``fixed`` (a scenario's own values) are not drawn;
    the rest keep the particle's values (not conditioned on them)."""
    drawn = inference.draw_values(posterior_sample(), substream(stream, 0), substream(stream, 1))
    return {n: v for n, v in drawn.items() if n not in (fixed or {})}


def shipped_model_error() -> model_error.ModelError:
    """The shipped estimate of the model's own error (model/data/model_error.csv, made by ``python -m model
    model-error --install``), read once per process while its files stay the same (if one is missing,
    read_model_error says which)."""
    path = model_error.MODEL_ERROR_FILE
    return _read_once(model_error.read_model_error, path, _stamp(path))


def check_model_error_matches() -> None:
    """Refuse to add an error estimated from another sample than the posterior the draws come from (a sample
    installed by hand, or an install stopped between the two files)."""
    made = shipped_model_error().provenance
    sample = posterior_sample().provenance
    if made.get("posterior_sha256") != posterior_made()["sample_sha256"] or made.get("data_sha256") != sample.get(
            "data_sha256"):
        raise UserError(f"{model_error.MODEL_ERROR_FILE} was estimated from another posterior sample than "
                        f"{inference.POSTERIOR_FILE}, or against other data (their digests differ): make it again "
                        "from this sample with `python -m model model-error --install`, or leave it out with "
                        "--no-model-error")


def model_error_made() -> dict:
    """How the shipped model error was made, with the digest of its files (a folder's record, and what a
    resumed ensemble must share)."""
    path = model_error.MODEL_ERROR_FILE
    provenance = shipped_model_error().provenance
    return {"sha256": model_error.file_digest(path, record_path(path)),
            **{k: provenance.get(k) for k in ("made", "command", "train_until", "posterior_sha256")}}


@dataclass(frozen=True)
class Replication:
    scenario: object
    index: int
    seed: int
    parameters: dict[str, float]
    scale: float
    model_error: dict[str, dict[int, float]] | None = None  # a drawn discrepancy path (model_error.draw)


def run_replication(job: Replication) -> tuple[int, list[dict], list[dict]]:
    """One replication: (index, annual rows, target rows), with the causal digital contribution from the same
    replication with digital adoption frozen after 2025 (experiments.counterfactual)."""
    model, twin = run_with_twin(Job(job.scenario, job.parameters, job.seed, job.scale))
    annual = model.annual_rows()
    if twin is not None:
        add_causal_contribution(annual, twin.annual_rows(), twin.scenario.digital_frozen_after)
    if job.model_error:  # after the twin's difference: both would carry the same error, so it cancels
        model_error.apply_to_rows(annual, job.model_error)
    return job.index, annual, evaluate_targets(annual)


# ------------------------------------------------------------------ the store on disk
FILL_BYTES = 8 * 2**20  # how much of a new store file is set at a time (Store._fill)


class Store:
    """Annual values (column, replication, year), target values (replication, target) and done flags on disk.

    Each access maps the files briefly and unmaps them, so the process's memory does not grow with
    the number of replications; a column of every replication is one contiguous block.
    """

    NAMES = ("annual", "targets", "check", "done")

    def __init__(self, folder: Path, spec: dict):
        self.folder, self.spec = folder, spec
        n, years, columns, targets = spec["replications"], spec["years"], spec["columns"], spec["targets"]
        self.shapes = {"annual": (len(columns), n, len(years)), "targets": (n, len(targets)), "check": (n,),
                       "done": (n,)}
        self.types = {"annual": np.float64, "targets": np.float64, "check": np.uint32, "done": np.bool_}

    @staticmethod
    def bytes_needed(spec: dict) -> int:
        """Disk the store takes (headers aside): it is preallocated whole."""
        n, per = spec["replications"], len(spec["columns"]) * len(spec["years"]) + len(spec["targets"])
        return n * (8 * per + 4 + 1)

    def _fill(self, name: str) -> None:
        """Set every entry of a new store file to "not yet written" (NaN, not done, no checksum), a few MB at a
        time: filled through one map, the whole file stayed resident and the process's peak memory grew with
        the replications (264 MB at 100, 467 MB at 10,000, issue 15's run)."""
        value = {"done": False, "check": 0}.get(name, math.nan)
        shape = self.shapes[name]
        slab = max(1, int(np.prod(shape[1:], dtype=np.int64)) * np.dtype(self.types[name]).itemsize)
        step = max(1, FILL_BYTES // slab)
        for start in range(0, shape[0], step):
            m = self._map(name)
            m[start:start + step] = value
            m.flush()
            del m

    def sizes(self) -> dict[str, int]:
        return {name: (self.folder / f"{name}.npy").stat().st_size for name in self.NAMES}

    def _map(self, name: str, mode: str = "r+"):
        return np.lib.format.open_memmap(self.folder / f"{name}.npy", mode=mode, dtype=self.types[name],
                                         shape=self.shapes[name])

    @classmethod
    def open(cls, folder: Path, spec: dict, resume: bool) -> "Store":
        spec_file = folder / "spec.json"
        if resume and spec_file.exists():
            saved = _read_spec(spec_file)
            # a setting a store saved before it existed (None in the spec) reads as None, so an older store resumes
            diff = sorted(k for k in (set(saved) | set(spec)) - {"sizes"} if saved.get(k) != spec.get(k))
            if diff:
                raise UserError(f"cannot resume from {folder}: it was started with other settings ({', '.join(diff)}); "
                                "run without --resume to start again")
            store = cls(folder, saved)
            try:
                sizes = store.sizes()
            except OSError:
                sizes = None
            if sizes != saved.get("sizes"):  # truncated or replaced files: a memory map would zero-extend them
                raise UserError(f"cannot resume from {folder}: its store files are damaged (sizes {sizes}, "
                                f"expected {saved.get('sizes')}); run without --resume to start again")
            return store
        if folder.exists():
            if any(folder.iterdir()) and not (spec_file.exists() or (folder / "annual.npy").exists()):
                raise UserError(f"cannot use {folder} for an ensemble's replications: it holds files this model "
                                "did not write; move them elsewhere")
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        store = cls(folder, spec)
        for name in cls.NAMES:
            m = store._map(name, mode="w+")  # the file at its full size, nothing touched yet
            del m
            store._fill(name)
        store.spec = {**spec, "sizes": store.sizes()}
        write_whole(spec_file, json.dumps(store.spec))  # last, and whole: a store without it is not resumable
        return store

    def _checksum(self, annual: np.ndarray, targets: np.ndarray) -> int:
        return zlib.crc32(np.ascontiguousarray(targets, dtype=np.float64).tobytes(),
                          zlib.crc32(np.ascontiguousarray(annual, dtype=np.float64).tobytes()))

    def failed_checks(self) -> list[int]:
        """Stored replications whose values no longer match their checksum (a damaged store)."""
        done = np.flatnonzero(self.done)
        a, t, c = self._map("annual", mode="r"), self._map("targets", mode="r"), self._map("check", mode="r")
        bad = [int(i) for i in done if self._checksum(a[:, i, :], t[i]) != int(c[i])]
        del a, t, c
        return bad

    def forget(self, indices: list[int]) -> None:
        """Mark replications not done, so they run again."""
        m = self._map("done")
        m[indices] = False
        m.flush()
        del m

    @property
    def done(self) -> np.ndarray:
        return np.array(self._map("done", mode="r"))

    def column(self, c: int) -> np.ndarray:
        """(replications, years) values of annual column ``c``."""
        return np.array(self._map("annual", mode="r")[c])

    def target_values(self) -> np.ndarray:
        return np.array(self._map("targets", mode="r"))

    def annual_rows(self, index: int) -> list[dict]:
        """Replication ``index``'s annual rows (year and every column), as a run gives them."""
        m = self._map("annual", mode="r")
        values = np.array(m[:, index, :])
        del m
        return [{"year": year} | {c: float(values[k, y]) for k, c in enumerate(self.spec["columns"])}
                for y, year in enumerate(self.spec["years"])]

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
        target_values = np.array(m[index])
        del m
        m = self._map("check")
        m[index] = self._checksum(values, target_values)
        m.flush()
        del m
        m = self._map("done")
        m[index] = True
        m.flush()
        del m


def _settings(scenario, seed: int, n: int, scale: float, uncertainty: bool, with_error: bool = False) -> dict:
    """What must be the same for stored replications to be resumed: settings, calibration and code."""
    from model import __version__
    from model.outputs.results import _git_commit
    record = calibration_record()
    return {"scenario": scenario.resolved, "seed": int(seed), "replications": int(n), "scale": scale,
            "parameter_uncertainty": bool(uncertainty),
            "calibration": {"parameters": record.get("parameters"), "covariance": record.get("covariance")},
            "posterior": posterior_made() if uncertainty else None,
            "model_error": model_error_made() if with_error else None,
            "model_version": __version__, "git_commit": _git_commit()}


def _read_spec(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserError(f"cannot resume from {path.parent}: its record of settings is damaged; "
                        "run without --resume to start again") from None


def _spec(scenario, seed: int, n: int, scale: float, uncertainty: bool, first: tuple[list[dict], list[dict]],
          with_error: bool = False) -> dict:
    annual, targets = first
    columns = [k for k in annual[0] if k != "year"]
    return {**_settings(scenario, seed, n, scale, uncertainty, with_error),
            "years": [int(r["year"]) for r in annual], "columns": columns,
            "targets": [{k: r[k] for k in ("target", "kind", "rule", "indicator", "year", "threshold", "unit", "source",
                                           "note")}
                        for r in targets]}


# ------------------------------------------------------------------ running
def check_disk(spec: dict, folder: Path, copies: int = 1) -> None:
    """Refuse an ensemble whose store (``copies`` of it: two when its bands are stretched) and results would
    not fit on the disk (a memory map that runs out of disk kills the process with a bus error, with no
    message)."""
    need = copies * Store.bytes_needed(spec) + RESULTS_ALLOWANCE
    free = shutil.disk_usage(folder).free
    if need > free:
        raise UserError(f"an ensemble of {spec['replications']:,} replications needs about {need / 1e9:.2f} GB of "
                        f"disk in {folder} (its store of every replication's annual values), but "
                        f"{free / 1e9:.2f} GB is free; free some space or run fewer --replications")


def run_ensemble(scenario, seed: int, n: int, scale: float, uncertainty: bool, runner, work: Path,
                 resume: bool, quiet: bool = True, with_error: bool = False, copies: int = 1) -> Store:
    """Run the replications not yet done into the store at ``work``; return the complete store. With
    ``with_error`` (and ``uncertainty``) each replication adds a draw of the model's own error."""
    error = shipped_model_error() if uncertainty and with_error else None
    if error is not None:
        check_model_error_matches()
    years = list(range(scenario.start_year, scenario.end_year + 1))

    def job(i: int) -> Replication:
        stream = replication_stream(seed, i)
        shocks = model_error.draw_for(error, years, seed, i) if error else None
        return Replication(scenario, i, model_seed(stream),
                           draw_parameters(stream, scenario.parameters) if uncertainty else {}, scale, shocks)

    # The shape of the store comes from replication 0, which is run first (and stored) unless resuming.
    spec_file = work / "spec.json"
    if resume and spec_file.exists():
        spec = {k: v for k, v in _read_spec(spec_file).items() if k != "sizes"}
        store = Store.open(work, {**spec, **_settings(scenario, seed, n, scale, uncertainty, error is not None)},
                           resume=True)
        damaged = store.failed_checks()
        if damaged:
            store.forget(damaged)
            if not quiet:
                print(f"{len(damaged)} stored replication(s) failed their checksum and run again", file=sys.stderr)
    else:
        index, annual, targets = run_replication(job(0))
        spec = _spec(scenario, seed, n, scale, uncertainty, (annual, targets), error is not None)
        work.parent.mkdir(parents=True, exist_ok=True)
        check_disk(spec, work.parent, copies)
        store = Store.open(work, spec, resume=False)
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


def ensemble_summary(store: Store) -> dict:
    """summary.csv of an ensemble (``measure.summary.ensemble_summary_row``) from the stored replications: the
    few annual columns the summary reads, one at a time, and each replication's target values."""
    years, columns = store.spec["years"], store.spec["columns"]
    kept = {c: store.column(columns.index(c)) for c in SUMMARY_INPUTS if c in columns}
    values = store.target_values()

    def replications():  # one at a time: a list of every replication's rows grew with N (issue 15's run)
        for i in np.flatnonzero(store.done):
            annual = [{"year": year} | {c: float(v[i, k]) for c, v in kept.items()} for k, year in enumerate(years)]
            targets = [{**t, "value": float(values[i, j]),
                        "met": met_word(float(values[i, j]), t["threshold"], t.get("rule", AT_LEAST))}
                       for j, t in enumerate(store.spec["targets"])]
            yield annual, targets
    return ensemble_summary_row(replications())


# What an ensemble's replications differ in (targets.csv's ``varies``), so that a probability is read as no
# more than that: the other assumptions are held at their values in every replication.
VARIES_SEEDS, VARIES_SEEDS_AND_PARAMETERS = "random seeds", "random seeds and the posterior's parameters"
VARIES_ALL = "random seeds, the posterior's parameters and the model's own error"


def what_varies(spec: dict, stretch: float | None = None) -> str:
    if stretch is not None:
        return VARIES_ALL + f", with the bands stretched {stretch:.2f} times by the backtests' misses"
    if spec.get("model_error"):
        return VARIES_ALL
    return VARIES_SEEDS_AND_PARAMETERS if spec.get("parameter_uncertainty") else VARIES_SEEDS


def target_probabilities(store: Store) -> list[dict]:
    """Each target with the share of replications that meet it, its Monte-Carlo error (a Wilson interval,
    ``probability_low`` to ``probability_high``), what the replications vary, and the median value."""
    values = store.target_values()
    moved = set(store.spec.get("stretched_columns", ()))
    rows = []
    for k, t in enumerate(store.spec["targets"]):
        # the stretch is said only of a target whose column it moved, in a year it moved
        stretched = t["indicator"] in moved and int(t["year"]) > store.spec.get("stretched_after", math.inf)
        varies = what_varies(store.spec, store.spec.get("stretched_by") if stretched else None)
        v = values[:, k]
        known = v[~np.isnan(v)]
        rule = t.get("rule", AT_LEAST)  # an ensemble resumed from before issue 11 has only "at least" targets
        met = int(meets(known, t["threshold"], rule).sum())
        low, high = probability_interval(met, known.size)
        rows.append({"target": t["target"], "kind": t.get("kind", PLAN_TARGET), "rule": rule,
                     "indicator": t["indicator"], "year": t["year"], "threshold": t["threshold"],
                     "median_value": float(np.median(known)) if known.size else math.nan,
                     "probability": met / known.size if known.size else math.nan,
                     "probability_low": low, "probability_high": high,
                     "replications": known.size, "varies": varies,
                     "unit": t["unit"], "source": t["source"], "note": t["note"]})
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


def write_ensemble_results(store: Store, out: Path, scenario, seed: int, n: int, scale: float, uncertainty: bool,
                           workers: int, started: datetime, figures: bool = True, overwrite: bool = False,
                           lang: str | None = None, stretch: dict | None = None) -> Path:
    """The ensemble's results folder, written whole (staged, marker last) once every replication is done, from
    ``store`` (``stretched`` already, when ``stretch`` says how)."""
    from model.outputs.folders import staged_folder
    from model.outputs.results import data_dictionary, manifest_basics, write_csv
    b = bands(store)
    probabilities = target_probabilities(store)
    with staged_folder(out, "ensemble", overwrite) as tmp:
        written = {"bands.csv": write_csv(tmp / "bands.csv", b),
                   "targets.csv": write_csv(tmp / "targets.csv", probabilities)}
        written["summary.csv"] = write_csv(tmp / "summary.csv", [{"scenario": scenario.name, "title": scenario.title,
                                                                  "parameter_uncertainty": bool(uncertainty),
                                                                  "model_error": bool(store.spec.get("model_error")),
                                                                  "band_stretch": store.spec.get("stretched_by", math.nan)}
                                                                 | ensemble_summary(store)])
        write_csv(tmp / "columns.csv", data_dictionary(written, probabilities))
        write_replications(tmp / "replications.csv", scenario, seed, n, uncertainty)
        if figures:
            from model.outputs.charts import fan_chart
            fan_chart(b, "gdp_growth_pct", scenario.title, n, tmp / "figures" / "fan_gdp_growth.png", lang=lang)
            fan_chart(b, "digital_economy_share_pct", scenario.title, n, tmp / "figures" / "fan_digital_share.png",
                      lang=lang)
        info = {"kind": "ensemble", "scenario": scenario.name, "title": scenario.title,
                "scenario_file": scenario.source, "resolved_scenario": scenario.resolved, "seed": int(seed),
                "replications": int(n), "parameter_uncertainty": bool(uncertainty), "scale": scale,
                "workers": int(workers), "engine": "fast", "calibration": calibration_record().get("calibration"),
                "posterior": posterior_made() if uncertainty else None,
                "model_error": store.spec.get("model_error"), "band_stretch": stretch,
                "quantiles": list(QUANTILES)}
        info.update(manifest_basics(started))
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    return out


@dataclass(frozen=True)
class EnsembleSettings:
    """How an ensemble runs: replications, parameter uncertainty, scale, workers (None: all cores; more
    than the cores only with ``oversubscribe``) and an optional Dask scheduler address."""

    replications: int
    parameter_uncertainty: bool = False
    scale: float | str = 1.0
    workers: int | None = None
    scheduler: str | None = None
    oversubscribe: bool = False
    model_error: bool = True  # with parameter_uncertainty: add the model's own error too (model_error.py)
    band_stretch: bool = True  # with both: stretch the bands by the backtests' misses (band_stretch.py)


def stretch_made(settings: EnsembleSettings) -> dict | None:
    """The shipped band stretch (model/data/band_stretch.json) when the ensemble's settings apply it (with
    parameter uncertainty and the model's own error, as the backtests it was sized on had): its contents, the
    year after which it applies (the posterior's data year) and its digest, for the manifest. None when the
    settings leave it out; a factor of None (too few backtest observations) is recorded and stretches nothing."""
    if not (settings.parameter_uncertainty and settings.model_error and settings.band_stretch):
        return None
    sized = band_stretch.read_band_stretch(band_stretch.BAND_STRETCH_FILE)
    after = posterior_sample().provenance.get("train_until")
    if not isinstance(after, int):
        raise UserError(f"{inference.POSTERIOR_FILE}'s record gives no train_until (the last data year it read), "
                        "so the years to stretch are unknown; install the sample again with `python -m model "
                        "posterior --install`, or leave the stretch out with --no-band-stretch")
    if sized.until is not None and sized.until > after:
        raise UserError(f"{band_stretch.BAND_STRETCH_FILE} was sized on observations up to {sized.until}, after the "
                        f"posterior's data ({after}): make it again from backtests that end there (`python -m model "
                        "band-stretch --install`), or leave it out with --no-band-stretch")
    return {**dataclasses.asdict(sized), "after": after,
            "sha256": model_error.file_digest(band_stretch.BAND_STRETCH_FILE)}


def stretches(stretch: dict | None) -> bool:
    """Whether a stretch (``stretch_made``) moves anything: one the settings apply, with a factor."""
    return stretch is not None and stretch["factor"] is not None


def stretched(store: Store, stretch: dict | None, work: Path) -> Store:
    """The store as the results read it: with ``stretch`` (``stretch_made``), a copy in ``work``/stretched in
    which each replication's columns the backtests scored are moved away from the replications' median by the
    factor in every year after the posterior's data (``band_stretch.stretch_rows``), and its targets read again
    from the moved years; else the store as run. The replications' own store is not changed."""
    if not stretches(stretch):
        return store
    years, columns = store.spec["years"], store.spec["columns"]
    later = [k for k, year in enumerate(years) if year > stretch["after"]]
    middle = {}
    for column in (c for c in stretch["columns"] if c in columns):  # one column at a time: memory stays flat
        m = band_stretch.medians(store.column(columns.index(column))[:, later])
        middle[column] = {years[k]: float(v) for k, v in zip(later, m)}
    spec = {k: v for k, v in store.spec.items() if k != "sizes"} | {
        "stretched_by": stretch["factor"], "stretched_after": stretch["after"],
        "stretched_columns": list(band_stretch.moved_columns(stretch["columns"]))}
    shutil.rmtree(work / "stretched", ignore_errors=True)  # a copy an interrupted write left: made again whole
    check_disk(spec, work)  # also on --resume, whose store was checked for itself only
    copy = Store.open(work / "stretched", spec, resume=False)
    for i in np.flatnonzero(store.done):
        rows = band_stretch.stretch_rows(store.annual_rows(int(i)), middle, stretch["factor"])
        copy.put(int(i), rows, evaluate_targets(rows))
    return copy


def ensemble_to_folder(scenario, seed: int, settings: EnsembleSettings, out: Path, resume: bool,
                       quiet: bool = True, figures: bool = True, overwrite: bool = False,
                       lang: str | None = None) -> list[dict]:
    """Run an ensemble of the scenario into the results folder ``out``; return its target probabilities.

    Replications done so far are kept beside ``out`` in ``.NAME.ensemble-work/`` until the folder is
    written, so an interrupted ensemble continues with ``resume``. The destination's lock is held from
    the first replication to the results folder: a second ensemble on the same ``out`` is refused.
    """
    from model.experiments.parallel import Runner
    from model.outputs.folders import check_out_dir, destination_lock

    out = Path(out)
    check_out_dir(out, "ensemble", overwrite)
    if not quiet and (note := history_note(scenario)):
        print(note, file=sys.stderr)
    work = out.parent / f".{out.name}.ensemble-work"
    with destination_lock(out):
        if not quiet and (work / "spec.json").exists() and not resume:
            print(f"starting again: the replications an interrupted run kept in {work} are discarded "
                  f"(--resume continues them)", file=sys.stderr)
        if resume and not (work / "spec.json").exists() and not quiet:
            print(f"nothing to resume in {work}: starting the ensemble", file=sys.stderr)
        started = datetime.now(timezone.utc)
        stretch = stretch_made(settings)  # read before the replications: a bad file stops the ensemble at once
        with Runner(settings.workers, settings.scheduler, jobs=settings.replications,
                    oversubscribe=settings.oversubscribe, say=None if quiet else _note) as runner:
            check_memory(scenario, settings.scale, "fast", processes=runner.workers,
                         copies=2 if has_counterfactual(scenario) else 1)
            store = run_ensemble(scenario, seed, settings.replications, settings.scale,
                                 settings.parameter_uncertainty, runner, work, resume, quiet=quiet,
                                 with_error=settings.model_error,
                                 copies=2 if stretches(stretch) else 1)
            workers = runner.workers
        store = stretched(store, stretch, work)
        write_ensemble_results(store, out, scenario, seed, settings.replications, settings.scale,
                               settings.parameter_uncertainty, workers, started, figures=figures, overwrite=overwrite,
                               lang=lang, stretch=stretch)
        probabilities = target_probabilities(store)
        shutil.rmtree(work)
    return probabilities


def _note(text: str) -> None:
    print(text, file=sys.stderr)
