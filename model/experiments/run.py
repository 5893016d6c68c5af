"""One way to run the model: a job is (scenario, parameters, seed, scale, end year, engine).

Calibration, ensembles, validation, the command line and the tests all run the
model through ``run``; ``annual`` gives a finished job's annual rows by year,
which is what most experiments compare. A job is plain, picklable data, so it
can be sent to a worker process or a Dask cluster (``model.experiments.parallel``).
"""
from __future__ import annotations

import copy
import dataclasses
import sys
from dataclasses import dataclass, field

from datetime import datetime, timezone
from pathlib import Path

from model.core.data import last_data_year
from model.core.errors import UserError
from model.core.params import Parameters
from model.engines import engine_class
from model.outputs.progress import Progress
from model.outputs.drawing import HELPERS, FigureHelpers
from model.outputs.folders import check_out_dir, destination_lock
from model.outputs.results import RESULTS_DIR, write_results
from model.rules.initialise import DEFAULT_FIRMS, DEFAULT_HOUSEHOLDS, FULL_SCALE
from model.scenario import Scenario, load_scenario
from model.experiments.counterfactual import frozen_digital, has_counterfactual

# Memory a run takes, to refuse a scale that cannot fit before allocating anything. Measured on
# 2026-12-01 as peak resident memory of `run baseline` (benchmarks/memory.py prints it again): 261 MB at
# scale 0.05, 316 MB at scale 25 and 530 MB at scale 100, that is a fixed part and about 100 bytes per
# agent row of the fast engine. The reference engine keeps a Python object of about 1.6 KB per agent.
MEMORY_FIXED_BYTES = 300 * 10**6
BYTES_PER_AGENT = {"fast": 100, "reference": 1600}
MEMORY_SAFETY = 1.5  # margin for temporaries and for other scenarios' longer runs


def agent_rows(scenario: Scenario, scale: float | str) -> int:
    """Household and firm rows a run allocates (at full scale the firm rows are bounded by the same
    firms-per-household ratio as the default sample, which is more than the real count)."""
    if scale == FULL_SCALE:
        p = Parameters(scenario.parameters)
        households = p.population_2015_mn * 1e6 / p.household_size
        return int(households * (1 + DEFAULT_FIRMS / DEFAULT_HOUSEHOLDS))
    return int(float(scale) * (DEFAULT_HOUSEHOLDS + DEFAULT_FIRMS))


def memory_needed(scenario: Scenario, scale: float | str, engine: str = "fast") -> float:
    """Bytes one run of ``scenario`` at ``scale`` is expected to take at its peak."""
    return MEMORY_SAFETY * (MEMORY_FIXED_BYTES + BYTES_PER_AGENT[engine] * agent_rows(scenario, scale))


def available_memory() -> float | None:
    """Memory the system can give without swapping (Linux's MemAvailable), or None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def address_space_left() -> float | None:
    """Memory this process may still map under its limit (ulimit -v, RLIMIT_AS), or None without a limit.
    Each worker process has the same limit, so it bounds one run, whatever the workers."""
    try:
        import resource
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        if limit == resource.RLIM_INFINITY:
            return None
        with open("/proc/self/status", encoding="ascii") as f:
            used = next((float(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:")), 0.0)
    except (ImportError, OSError, ValueError):
        return None
    return max(0.0, limit - used)


def check_memory(scenario: Scenario, scale: float | str, engine: str = "fast", processes: int = 1,
                 copies: int = 1) -> None:
    """Refuse, before allocating, a run (or ``processes`` runs at once) that would not fit in memory: the
    system's available memory, and the per-process limit a user or a container may set (ulimit -v).
    ``copies``: economies a run holds at once (2 while its counterfactual twin finishes, run_with_twin)."""
    each = copies * memory_needed(scenario, scale, engine)
    need, free, left = processes * each, available_memory(), address_space_left()
    if free is not None and need > free:
        at_once = f" ({processes} processes at once)" if processes > 1 else ""
        raise UserError(f"--scale {scale}: the run needs about {need / 1e9:,.1f} GB of memory{at_once} and "
                        f"{free / 1e9:,.1f} GB is available; give a smaller --scale"
                        + (" or fewer --workers" if processes > 1 else ""))
    if left is not None and each > left:
        raise UserError(f"--scale {scale}: a run needs about {each / 1e9:,.1f} GB of memory and this process may "
                        f"map only {left / 1e9:,.1f} GB more (its limit, ulimit -v); give a smaller --scale "
                        f"or raise the limit")


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


def run_with_twin(job: Job, progress=None):
    """The run, and its digital-frozen twin (experiments.counterfactual) where the scenario has one, else None.

    The twin is the run's own economy copied at the start of the first frozen year and continued under the
    frozen scenario: until then the two are the same economy (the frozen scenario differs only after
    FROZEN_AFTER, and every draw is keyed on the seed, the quarter, the event and the agent), so the copy's
    path is the twin run from the start bit for bit (tests/experiments/test_counterfactual.py), for the cost of
    its last years only. Both economies are held while the twin finishes (check_memory's ``copies``)."""
    scenario = job.resolved_scenario()
    if not has_counterfactual(scenario):
        return run(job, progress), None
    frozen = frozen_digital(scenario)
    copied = []

    def copy_at_the_first_frozen_quarter(model) -> None:
        if not copied and model.time >= frozen.digital_frozen_after + 1:
            twin = copy.deepcopy(model)
            twin.scenario = frozen
            copied.append(twin)

    model = run(job, progress, before_quarter=copy_at_the_first_frozen_quarter)
    twin = copied[0]
    twin.run()
    return model, twin


def annual(job: Job) -> dict[int, dict[str, float]]:
    """A finished job's annual rows keyed by year (module-level, so worker processes can run it)."""
    return run(job).annual_by_year()


# Below this many households, most of the 238 province-sector cells (34 provinces, 7 sectors) hold fewer
# than five households: a run is then a check that the scenario works, not an answer (issue 13).
FEW_HOUSEHOLDS = 1000


BASELINE = "baseline"  # the shipped scenario other runs' figures are drawn beside


def history_note(scenario) -> str | None:
    """A warning when [parameters] change the years the model was fitted to (to the last data year): the run
    then no longer reproduces 2015-2025 as calibrated, which a planner who means a policy from 2026 does not
    expect. None when every override starts after the data."""
    first_free = last_data_year(scenario.data_until) + 1
    names = scenario.parameters_before(first_free)
    if not names:
        return None
    example = names[0]
    return (f"note: [parameters] {', '.join(names)} hold before {first_free}, so this run no longer reproduces "
            f"{scenario.start_year}-{first_free - 1} as calibrated (docs/calibration.md); to change a parameter "
            f"from {first_free} on only, date it: {example} = {{ {first_free} = value }}")


def run_to_folder(ref: str, seed: int | None, scale: float | str, out: Path | None, figures: bool = True,
                  quiet: bool = True, engine: str = "fast", overwrite: bool = False,
                  allow_any_extends: bool = False, counterfactual: bool = True, lang: str | None = None,
                  figure_helpers: FigureHelpers | None = None) -> Path:
    """Run a scenario (a shipped name or a file) and write its results folder; returns the folder.
    ``allow_any_extends``: see ``load_scenario``. ``counterfactual``: also the twin with digital adoption and
    the levers frozen after 2025 (run_with_twin), for the causal contribution; only its quarterly records are
    kept. ``lang``: the figures' language. ``figure_helpers``: processes to draw the figures, started by the
    caller (else started here, when the run starts)."""
    if engine == "reference" and scale == "full":
        raise UserError("--engine reference --scale full: the reference engine keeps a Python object per "
                        "household and firm (about 1.6 KB each, some 50 GB at full scale); use it up to scale 1")
    scenario = load_scenario(ref, allow_any_extends=allow_any_extends)
    out_dir = Path(out) if out is not None else RESULTS_DIR / scenario.name
    check_out_dir(out_dir, "run", overwrite)  # before the run, so a bad --out fails at once
    check_memory(scenario, scale, engine, copies=2 if counterfactual and has_counterfactual(scenario) else 1)
    started = datetime.now(timezone.utc)
    # Figure helpers start now so that their imports overlap the run (model.outputs.drawing).
    with destination_lock(out_dir), figure_helpers or FigureHelpers(HELPERS if figures else 0) as helpers:
        progress = Progress(scenario.name, enabled=not quiet and sys.stderr.isatty())
        try:
            job = Job(scenario, seed=seed, scale=scale, engine=engine)
            model, economy = run_with_twin(job, progress) if counterfactual else (run(job, progress), None)
        finally:
            progress.close()
        twin = None if economy is None else (economy.scenario.digital_frozen_after, economy.records)
        del economy  # the twin's records are all the results need
        # Another scenario's figures show the baseline beside it: the baseline on the same seed, to its end year.
        baseline = None
        if figures and scenario.name != BASELINE:
            baseline = run(Job(load_scenario(BASELINE), seed=model.seed_used, scale=scale, engine=engine,
                               end_year=scenario.end_year))
        write_results(model, out_dir, started, figures=figures, overwrite=overwrite, counterfactual=twin, lang=lang,
                      baseline=baseline, figure_helpers=helpers)
    if not quiet and (note := history_note(scenario)):
        print(note, file=sys.stderr)
    if not quiet and model.households.n < FEW_HOUSEHOLDS:
        print(f"note: scale {scale} simulated {model.households.n} households, fewer than {FEW_HOUSEHOLDS}: most "
              f"province-sector cells then hold under five households and one household's move shows in the "
              f"results; read them as a test of the scenario, not as its answer (the default scale simulates "
              f"20,000)", file=sys.stderr)
    return out_dir
