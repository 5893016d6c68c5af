"""A posterior over the model's uncertain parameters: ABC-SMC against the history moments (issue 15).

What is inferred: every parameter with a prior, that is the calibrated behaviour
(``calibrate.ESTIMATED``, uniform over its calibration range), the lever chains
and shared links (``core.priors.PRIORS``) and the values once set by hand
against late data (``core.priors.HAND_SET``). The data: every history moment up
to the training year (``calibrate.history_moments``), each compared in units of
its tolerance, which ``calibrate.MOMENTS`` grounds in the data's own error. The
distance is the root mean square of those misses, so a distance of 1 is a run
that misses history by one tolerance on average. The satellite account's
rates are accounting, not behaviour; each simulation fits them to the digital
moments by least squares (``calibrate.fit_digitalisation``) and keeps them with
its parameters.

Why ABC-SMC and pyabc: the model has no likelihood (agents' discrete events),
and pyabc is the maintained implementation of sequential Monte Carlo ABC
(Klinger, Rickert and Hasenauer 2018; Schaelte et al. 2022) with adaptive
tolerances and transition kernels. Its own parallel samplers reseed every
worker from the clock, so the inference would differ run to run; the sampler
here (``OrderedSampler``) gives each candidate its own seed from the
generation and its index and accepts candidates in index order, so the same
command, data and code give the same posterior whatever the workers.

Each simulation runs on its own seed, so the posterior carries the seed noise
of the history too. A simulation whose parameters the registry refuses
together (a structural deficit too large, for one) is rejected, like a miss.

The sample is written to ``model/data/posterior.csv`` (one particle a row: its
weight, the seed it ran on, its distance, then the values) with its provenance
in ``posterior.json``; ``ensemble.draw_parameters`` draws from it.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import random
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from model.core.data import INDICATORS_CSV
from model.core.errors import UserError
from model.core.params import PARAMETERS, Parameters, consistency_problems
from model.core.priors import HAND_SET, PRIORS, Prior
from model.core.paths import DATA_DIR
from model.experiments.calibrate import (ACCOUNT_RATES, ESTIMATED, Moment, fit_digitalisation, history_moments,
                                         model_moment, simulate)
from model.experiments.run import Job

POSTERIOR_FILE = DATA_DIR / "posterior.csv"
PROVENANCE_SUFFIX = ".json"  # posterior.csv -> posterior.json
FIXED_COLUMNS = ("weight", "seed", "distance")


def inferred_priors() -> dict[str, Prior]:
    """Every parameter the posterior infers, with its prior: the calibrated ones uniform over their calibration
    range (the range's reason is the moment that pins it), then PRIORS, then HAND_SET."""
    calibrated = {e.name: Prior("uniform", e.low, e.high, f"calibration range; pinned by {e.targets}")
                  for e in ESTIMATED}
    return {**calibrated, **PRIORS, **HAND_SET}


# ------------------------------------------------------------------ the model pyabc sees
@dataclass(frozen=True)
class HistoryModel:
    """Parameters -> the history moments of one run on a seed from pyabc's stream (which the sampler seeds)."""

    scenario: object
    moments: tuple[Moment, ...]
    scale: float
    names: tuple[str, ...]
    rates_start: tuple[tuple[str, float], ...]

    @property
    def end_year(self) -> int:
        return max(max(m.rule.years(m.year)) for m in self.moments)

    def __call__(self, parameters) -> dict:
        values = {n: float(parameters[n]) for n in self.names}
        seed = int(np.random.randint(1, 2**31 - 1))
        if consistency_problems(Parameters().as_dict() | dict(self.scenario.parameters) | values):
            # a combination the registry refuses (as it would in a scenario file): rejected, as a miss would be
            return {"moments": np.full(len(self.moments), np.nan), "rates": np.full(len(ACCOUNT_RATES), np.nan),
                    "seed": seed}
        annual = simulate(Job(self.scenario, values, seed, self.scale, self.end_year))
        rates = fit_digitalisation([annual], list(self.moments), dict(self.rates_start))
        return {"moments": np.array([model_moment(annual, m) for m in self.moments]),
                "rates": np.array([rates[n] for n in ACCOUNT_RATES]), "seed": seed}


@dataclass(frozen=True)
class ToleranceDistance:
    """Root mean square of the misses, each in units of its moment's tolerance; a run that failed is infinitely
    far."""

    data: tuple[float, ...]
    tolerances: tuple[float, ...]

    def __call__(self, simulated: dict, observed: dict | None = None) -> float:
        misses = (np.asarray(simulated["moments"]) - np.asarray(self.data)) / np.asarray(self.tolerances)
        if not np.all(np.isfinite(misses)):
            return math.inf
        return float(math.sqrt(float(np.mean(misses * misses))))


# ------------------------------------------------------------------ a sampler that does not depend on timing
_UNPICKLED: dict[str, object] = {}  # a worker's last simulate_one, by the digest of its pickle


def _simulate_batch(payload: bytes, seeds: list[int]) -> list:
    """Candidates, each drawn and simulated on pyabc's global stream seeded from ``seeds``."""
    import cloudpickle
    digest = hashlib.sha256(payload).hexdigest()
    if digest not in _UNPICKLED:
        _UNPICKLED.clear()
        _UNPICKLED[digest] = cloudpickle.loads(payload)
    simulate_one = _UNPICKLED[digest]
    out = []
    for seed in seeds:
        np.random.seed(seed)
        random.seed(seed)
        out.append(simulate_one())
    return out


def _ordered_sampler(seed: int, pool=None, workers: int = 1, batch: int | None = None):
    """A pyabc sampler: candidates in batches, candidate k of call c seeded from (seed, c, k), results taken in
    index order until ``n`` are accepted. Defined in a function, so pyabc is imported only when it runs."""
    from pyabc.sampler import Sampler

    class OrderedSampler(Sampler):
        def __init__(self):
            super().__init__()
            self.calls = 0

        def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False,
                                    ana_vars=None):
            import cloudpickle
            payload = cloudpickle.dumps(simulate_one)
            call, self.calls = self.calls, self.calls + 1
            sample, evaluated = self._create_empty_sample(), 0
            size = batch or max(4 * workers, 8)
            while sample.n_accepted < n and evaluated < max_eval:
                seeds = [int(s) for s in np.random.SeedSequence([seed, call, evaluated]).generate_state(size)]
                chunks = [seeds[i::workers] for i in range(workers)]  # one task per worker
                if pool is None:
                    results = _simulate_batch(payload, seeds)
                else:
                    done = list(pool.map(_simulate_batch, [payload] * workers, chunks))
                    results = [done[k % workers][k // workers] for k in range(size)]  # back in index order
                for particle in results:
                    if sample.n_accepted >= n or evaluated >= max_eval:
                        break
                    sample.append(particle)
                    evaluated += 1
            self.nr_evaluations_ = evaluated
            if sample.n_accepted < n:
                sample.ok = False
            return sample

    return OrderedSampler()


# ------------------------------------------------------------------ the inference
@dataclass(frozen=True)
class PosteriorSettings:
    """What ``posterior`` runs: the scenario replayed, the last data year read, the particles kept per
    generation, the budget of simulations and generations, the tolerance at which to stop (a root mean square
    miss in tolerances), agents' scale, workers and the seed every candidate's seed comes from."""

    scenario: str = "baseline"
    train_until: int = 2025
    population: int = 200
    simulations: int = 8000
    generations: int = 12
    minimum_distance: float = 1.0
    scale: float = 1.0
    workers: int | None = None
    seed: int = 1
    data: Path = INDICATORS_CSV

    def check(self) -> None:
        if self.population < 4:
            raise UserError(f"--population {self.population}: give at least 4 particles")
        if self.simulations < self.population:
            raise UserError(f"--simulations {self.simulations}: give at least the population ({self.population})")


@dataclass
class Posterior:
    names: list[str]  # inferred parameters, then the satellite account's fitted rates
    values: np.ndarray  # (particles, names)
    weights: np.ndarray  # normalised
    seeds: list[int]
    distances: list[float]
    provenance: dict


def infer(settings: PosteriorSettings, say=None) -> Posterior:
    """Run ABC-SMC; the last generation's particles with their weights and how they were made."""
    import pyabc
    from model.experiments.parallel import Runner
    from model.scenario import load_scenario

    settings.check()
    scenario = load_scenario(settings.scenario)
    moments = history_moments(settings.train_until, scenario.start_year, settings.data)
    if not moments:
        raise UserError(f"no history rows after {scenario.start_year} up to {settings.train_until} to infer from; "
                        f"give --train-until {scenario.start_year + 2} or later")
    priors = {n: p for n, p in inferred_priors().items() if n not in scenario.parameters}
    names = tuple(priors)
    registry = Parameters(scenario.parameters, calibrated=False)
    model = HistoryModel(scenario, tuple(moments), settings.scale, names,
                         tuple((n, getattr(registry, n)) for n in ACCOUNT_RATES))
    distance = ToleranceDistance(tuple(m.value for m in moments), tuple(m.rule.tolerance for m in moments))
    prior = pyabc.Distribution(**{n: (pyabc.RV("loguniform", p.low, p.high) if p.shape == "loguniform"
                                      else pyabc.RV("uniform", p.low, p.high - p.low)) for n, p in priors.items()})
    np.random.seed(settings.seed)  # pyabc's own draws in this process (transitions' fits take none, but be sure)
    random.seed(settings.seed)
    with Runner(settings.workers) as runner, tempfile.TemporaryDirectory() as tmp:
        sampler = _ordered_sampler(settings.seed, runner.pool, runner.workers)
        abc = pyabc.ABCSMC(model, prior, distance, population_size=settings.population, sampler=sampler,
                           eps=pyabc.MedianEpsilon())
        abc.new(f"sqlite:///{Path(tmp) / 'abc.db'}", {"moments": np.array([m.value for m in moments])})
        history = abc.run(minimum_epsilon=settings.minimum_distance, max_nr_populations=settings.generations,
                          max_total_nr_simulations=settings.simulations)
        population = history.get_population(history.max_t)
        generations = history.get_all_populations()
    particles = population.particles
    values = np.array([[float(p.parameter[n]) for n in names] + [float(x) for x in p.sum_stat["rates"]]
                       for p in particles])
    weights = np.array([float(p.weight) for p in particles])
    # Generation -1 is the prior sample that sets the first tolerance (pyabc's calibration sample).
    steps = [{"generation": int(row.t), "epsilon": float(row.epsilon), "simulations": int(row.samples)}
             for row in generations.itertuples()]
    provenance = {
        "made": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": (f"python -m model posterior --scenario {settings.scenario} --train-until {settings.train_until} "
                    f"--population {settings.population} --simulations {settings.simulations} "
                    f"--generations {settings.generations} --minimum-distance {settings.minimum_distance} "
                    f"--scale {settings.scale} --seed {settings.seed}"),
        "method": "ABC-SMC (pyabc), median epsilon schedule, distance: root mean square miss in tolerances",
        "pyabc": pyabc.__version__,
        "data_sha256": hashlib.sha256(Path(settings.data).read_bytes()).hexdigest(),
        "train_until": settings.train_until, "scale": settings.scale, "seed": settings.seed,
        "population": settings.population, "generations": steps,
        "simulations": int(sum(s["simulations"] for s in steps)),
        "final_distance": steps[-1]["epsilon"],
        "kept": "the last generation pyabc completed within the budget",
        "moments": [m.label for m in moments],
        "priors": {n: {"shape": p.shape, "low": p.low, "high": p.high, "source": p.source} for n, p in priors.items()},
        "fitted_per_particle": list(ACCOUNT_RATES),
    }
    return Posterior(list(names) + list(ACCOUNT_RATES), values, weights / weights.sum(),
                     [int(p.sum_stat["seed"]) for p in particles], [float(p.distance) for p in particles], provenance)


# ------------------------------------------------------------------ the file
def provenance_path(path: Path) -> Path:
    return path.with_suffix(PROVENANCE_SUFFIX)


def write_posterior(posterior: Posterior, path: Path = POSTERIOR_FILE) -> None:
    """Both files, each written whole and then moved into place."""
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(list(FIXED_COLUMNS) + posterior.names)
    for k in range(len(posterior.weights)):
        w.writerow([repr(float(posterior.weights[k])), posterior.seeds[k], repr(posterior.distances[k])]
                   + [repr(float(x)) for x in posterior.values[k]])
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, content in ((path, text.getvalue()),
                            (provenance_path(path), json.dumps(posterior.provenance, indent=1) + "\n")):
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, target)


def read_posterior(path: Path = POSTERIOR_FILE) -> Posterior:
    """The posterior sample, checked: every column a parameter, every value in its range, weights positive."""
    if not path.exists():
        raise UserError(f"{path}: no posterior sample; make one with `python -m model posterior`")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        if tuple(header[:len(FIXED_COLUMNS)]) != FIXED_COLUMNS or not body:
            raise ValueError(f"the first columns must be {', '.join(FIXED_COLUMNS)}, then one row per particle")
        names = header[len(FIXED_COLUMNS):]
        numbers = np.array([[float(x) for x in row] for row in body])
    except (OSError, IndexError, ValueError) as e:
        raise UserError(f"{path}: not a posterior sample like model/data/posterior.csv ({e})") from None
    for j, name in enumerate(names):
        spec = PARAMETERS.get(name)
        column = numbers[:, len(FIXED_COLUMNS) + j]
        if spec is None or not (np.all(column >= spec.low) and np.all(column <= spec.high)):
            raise UserError(f"{path}: column {name} is not a parameter with all values in its range "
                            f"{'' if spec is None else f'[{spec.low:g}, {spec.high:g}]'}")
    weights = numbers[:, 0]
    if not (np.all(weights >= 0) and weights.sum() > 0):
        raise UserError(f"{path}: weights must be zero or more and not all zero")
    provenance_file = provenance_path(path)
    provenance = json.loads(provenance_file.read_text(encoding="utf-8")) if provenance_file.exists() else {}
    return Posterior(names, numbers[:, len(FIXED_COLUMNS):], weights / weights.sum(),
                     [int(x) for x in numbers[:, 1]], numbers[:, 2].tolist(), provenance)


def draw_particle(posterior: Posterior, rng: np.random.Generator) -> dict[str, float]:
    """One particle, chosen with probability its weight (a uniform number against the cumulative weights)."""
    cumulative = np.cumsum(posterior.weights)
    k = min(int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right")), len(cumulative) - 1)
    return {n: float(v) for n, v in zip(posterior.names, posterior.values[k])}
