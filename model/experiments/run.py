"""One way to run the model: a job is (scenario, parameters, seed, scale, end year, engine).

Calibration, ensembles, validation, the command line and the tests all run the
model through ``run``; ``annual`` gives a finished job's annual rows by year,
which is what most experiments compare. A job is plain, picklable data, so it
can be sent to a worker process or a Dask cluster (``model.experiments.parallel``).
"""
from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field

from datetime import datetime, timezone
from pathlib import Path

from model.core.errors import UserError
from model.engines import engine_class
from model.outputs.progress import Progress
from model.outputs.results import RESULTS_DIR, check_out_dir, write_results
from model.scenario import Scenario, load_scenario


@dataclass(frozen=True)
class Job:
    """Everything that fixes a run's numbers (with the package versions)."""

    scenario: Scenario
    parameters: dict[str, float] = field(default_factory=dict)  # on top of the scenario's own [parameters]
    seed: int | None = None  # None: the scenario's seed
    scale: float | str = 1.0  # agents relative to the default, or "full"
    end_year: int | None = None  # None: the scenario's end year
    engine: str = "fast"

    def resolved_scenario(self) -> Scenario:
        """The scenario with this job's end year and parameters applied."""
        changes = {}
        if self.end_year is not None:
            changes["end_year"] = self.end_year
        if self.parameters:
            changes["parameters"] = {**self.scenario.parameters, **self.parameters}
        return dataclasses.replace(self.scenario, **changes) if changes else self.scenario


def run(job: Job, progress=None, before_quarter=None):
    """Build the economy for ``job`` and run it to the end; returns the finished model (records, snapshots,
    final state). ``progress(done, total)`` is called after each quarter; ``before_quarter(model)`` before
    each (an experiment's intervention, such as bringing people online)."""
    model = engine_class(job.engine)(job.resolved_scenario(), seed=job.seed, scale=job.scale)
    model.run(progress, before_quarter)
    return model


def annual(job: Job) -> dict[int, dict[str, float]]:
    """A finished job's annual rows keyed by year (module-level, so worker processes can run it)."""
    return run(job).annual_by_year()


def run_to_folder(ref: str, seed: int | None, scale: float | str, out: Path | None, figures: bool = True,
                  quiet: bool = True, engine: str = "fast") -> Path:
    """Run a scenario (a shipped name or a file) and write its results folder; returns the folder."""
    if engine == "reference" and scale == "full":
        raise UserError("--engine reference --scale full: the reference engine keeps a Python object per "
                        "household and firm (about 1.6 KB each, some 50 GB at full scale); use it up to scale 1")
    scenario = load_scenario(ref)
    out_dir = Path(out) if out is not None else RESULTS_DIR / scenario.name
    check_out_dir(out_dir)  # before the run, so a bad --out fails at once
    started = datetime.now(timezone.utc)
    progress = Progress(scenario.name, enabled=not quiet and sys.stderr.isatty())
    try:
        model = run(Job(scenario, seed=seed, scale=scale, engine=engine), progress)
    finally:
        progress.close()
    write_results(model, out_dir, started, figures=figures)
    return out_dir
