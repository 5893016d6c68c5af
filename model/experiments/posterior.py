"""A posterior over the model's uncertain parameters: approximate Bayesian computation (ABC) against the
history moments (issue 15).

What is inferred: every parameter with a prior that history speaks to (``history_influence``), that is the
calibrated behaviour (``calibrate.ESTIMATED``, uniform over its calibration range), the lever chains and
shared links (``core.priors.PRIORS``) and the values once set by hand against late data
(``core.priors.HAND_SET``); the rest keep their priors. The data: every history moment up to the training
year (``calibrate.history_moments``), each compared in units of its tolerance, which ``calibrate.MOMENTS``
grounds in the data's own error. The distance is the root mean square of those misses, so a distance of 1 is
a run that misses history by one tolerance on average. The satellite account's rates are accounting, not
behaviour; each simulation fits them to the digital moments by least squares
(``calibrate.fit_digitalisation``) and keeps them with its parameters.

Why ABC and pyabc: the model has no likelihood (agents' discrete events), and pyabc is the maintained
implementation of ABC (Klinger, Rickert and Hasenauer 2018; Schaelte et al. 2022). One pyabc generation, that is
rejection ABC, gives the first population; MCMC moves then lower its tolerance with equal weights (Drovandi and
Pettitt 2011; ``move_particles``; ``PosteriorSettings`` says why not pyabc's own later generations). pyabc's own
parallel samplers reseed every worker from the clock, so the inference would differ run to run; the sampler here
(``OrderedSampler``) gives each candidate its own seed from the generation and its index and accepts
candidates in index order, and every move's seed and random numbers come from the step and its index, so the
same command, data and code give the same posterior whatever the workers.

Each simulation runs on its own seed, so the posterior carries the seed noise
of the history too. A simulation whose parameters the registry refuses
together (a structural deficit too large, for one) is rejected, like a miss.

The sample is written to ``model/data/posterior.csv`` (one particle a row: its
weight, the seed it ran on, its distance, then the values) with its provenance
in ``posterior.json``; ``ensemble.draw_parameters`` draws from it.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import math
import random
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

import numpy as np

from model.core.data import INDICATORS_CSV
from model.core.errors import UserError
from model.core.params import PARAMETERS, Parameters, consistency_problems
from model.core.priors import HAND_SET, PRIORS, Prior
from model.core.paths import DATA_DIR, write_whole
from model.core.paths import record_path as provenance_path  # posterior.csv -> posterior.json
from model.experiments.calibrate import (ACCOUNT_RATES, ESTIMATED, Moment, fit_digitalisation, history_moments,
                                         last_year_read, model_moment, simulate)
from model.experiments import model_error
from model.experiments.run import Job

POSTERIOR_FILE = DATA_DIR / "posterior.csv"
FIXED_COLUMNS = ("weight", "seed", "distance")


def inferred_priors() -> dict[str, Prior]:
    """Every parameter with a prior: the calibrated ones uniform over their calibration range (the range's
    reason is the moment that pins it), then PRIORS, then HAND_SET."""
    calibrated = {e.name: Prior("uniform", e.low, e.high, f"calibration range; pinned by {e.targets}")
                  for e in ESTIMATED}
    return {**calibrated, **PRIORS, **HAND_SET}


# Which parameters history can speak to. ABC-SMC's importance weights degenerate as dimensions are added (each
# parameter history says nothing of still multiplies a weight by a noisy ratio of prior to proposal): on all 57
# at once, a trial's effective sample size fell to 1 of 8. A parameter whose whole prior moves the history
# moments by a small fraction of their tolerances has a posterior equal to its prior, to that approximation; it
# is drawn from its prior and not inferred. Measured one at a time, from the prior's 5th to its 95th percentile,
# on a common seed: below INFLUENCE_RMS tolerances in root mean square over the moments and below INFLUENCE_MAX
# on every moment. The thresholds are a judgement (a tenth of a tolerance is well inside the seed noise of
# a single run, about a quarter to a half of a tolerance on growth), recorded with the sample.
INFLUENCE_RMS = 0.1
INFLUENCE_MAX = 0.5
INFLUENCE_QUANTILES = (0.05, 0.95)
# Fewer particles than parameters leave the transition kernel's covariance singular and the weights undefined
# (pyabc stops on a population weight of NaN); twice as many is the least that ran in trials.
MIN_PARTICLES_PER_PARAMETER = 2


def history_influence(scenario, moments: list[Moment], priors: dict[str, Prior], scale: float, seed: int,
                      runner) -> dict[str, tuple[float, float]]:
    """name -> (root mean square, largest) change of the history moments, in tolerances, from the prior's 5th to
    its 95th percentile with the rest at their values (one seed, common to both runs)."""
    end = last_year_read(moments)
    registry = Parameters(scenario.parameters, calibrated=False)
    rates = tuple((n, getattr(registry, n)) for n in ACCOUNT_RATES)
    jobs = [(Job(scenario, {name: prior.quantile(q)}, seed, scale, end), tuple(moments), rates)
            for name, prior in priors.items() for q in INFLUENCE_QUANTILES]
    runs = runner.map(jobs, _moments_as_fitted)
    tolerances = np.array([m.rule.tolerance for m in moments])
    out = {}
    for k, name in enumerate(priors):
        change = np.abs(runs[2 * k + 1] - runs[2 * k]) / tolerances
        out[name] = (float(math.sqrt(float(np.mean(change * change)))), float(change.max()))
    return out


def fitted_moments(job: Job, moments, rates_start) -> tuple[np.ndarray, dict[str, float]]:
    """A run's history moments with its satellite account refitted to the digital ones, as the inference
    compares them, and the fitted account rates."""
    annual = simulate(job)
    rates = fit_digitalisation([annual], list(moments), dict(rates_start))
    return np.array([model_moment(annual, m) for m in moments]), rates


def _moments_as_fitted(task) -> np.ndarray:
    """``fitted_moments`` of (job, moments, rates) on a worker (the fit is a least-squares problem per run)."""
    return fitted_moments(*task)[0]


def speaks_to_history(influence: tuple[float, float]) -> bool:
    rms, largest = influence
    return rms >= INFLUENCE_RMS or largest >= INFLUENCE_MAX


# ------------------------------------------------------------------ the model pyabc sees
# pyabc infers each parameter on an unbounded coordinate z, with value = prior.quantile(logistic(z)), whose prior
# is the standard logistic distribution: exactly the parameter's prior carried over, but with no edges. Inferred on
# the parameters' own bounded ranges, the transition kernel's proposals in 57 dimensions almost all fell outside
# the box (pyabc redraws those: over a thousand draws per candidate, seconds each).
def to_values(coordinates, priors: tuple[tuple[str, Prior], ...]) -> dict[str, float]:
    """Unbounded coordinates (by name) -> the parameters' values."""
    out = {}
    for name, prior in priors:
        z = float(coordinates[name])
        u = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        out[name] = prior.quantile(u)
    return out


@dataclass(frozen=True)
class HistoryModel:
    """Parameters -> the history moments of one run on a seed from pyabc's stream (which the sampler seeds)."""

    scenario: object
    moments: tuple[Moment, ...]
    scale: float
    priors: tuple[tuple[str, Prior], ...]
    rates_start: tuple[tuple[str, float], ...]

    @property
    def end_year(self) -> int:
        return last_year_read(self.moments)

    def __call__(self, parameters) -> dict:
        values = to_values(parameters, self.priors)
        seed = int(np.random.randint(1, 2**31 - 1))
        if consistency_problems(Parameters().as_dict() | dict(self.scenario.parameters) | values):
            # a combination the registry refuses (as it would in a scenario file): rejected, as a miss would be
            return {"moments": np.full(len(self.moments), np.nan), "rates": np.full(len(ACCOUNT_RATES), np.nan),
                    "seed": seed}
        moments, rates = fitted_moments(Job(self.scenario, values, seed, self.scale, self.end_year), self.moments,
                                        self.rates_start)
        return {"moments": moments, "rates": np.array([rates[n] for n in ACCOUNT_RATES]), "seed": seed}


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
_UNPICKLED: dict[str, object] = {}  # a worker's last pickled function, by the digest of its pickle


def _unpickled(payload: bytes):
    """The object ``payload`` pickles, unpickled once per worker for as long as the same payload comes."""
    digest = hashlib.sha256(payload).hexdigest()
    if digest not in _UNPICKLED:
        import cloudpickle
        _UNPICKLED.clear()
        _UNPICKLED[digest] = cloudpickle.loads(payload)
    return _UNPICKLED[digest]


def _run_seeded(task) -> list:
    """On a worker: the pickled function called at each point, with numpy's and Python's global streams (pyabc's
    draws, the model's seed) seeded first from the point's seed: (payload, [(arguments, seed), ...])."""
    payload, points = task
    function = _unpickled(payload)
    out = []
    for arguments, seed in points:
        np.random.seed(seed)
        random.seed(seed)
        out.append(function(*arguments))
    return out


def _run_on_workers(payload: bytes, points: list, pool, workers: int) -> list:
    """``_run_seeded`` of every (arguments, seed) with the function ``payload`` pickles (cloudpickle, once per
    caller's loop): one share a worker, the results back in the points' order, so they do not depend on the
    number of workers; in this process without a pool."""
    if pool is None:
        return _run_seeded((payload, points))
    done = list(pool.map(_run_seeded, [(payload, points[i::workers]) for i in range(workers)]))
    return [done[k % workers][k // workers] for k in range(len(points))]


# Candidate seeds come in blocks: candidate k of a call takes entry k mod SEED_BLOCK of the block that starts at
# k - k mod SEED_BLOCK, so a candidate's seed depends on its index alone, not on how many run at once.
SEED_BLOCK = 8


def candidate_seeds(seed: int, call: int, first: int, count: int) -> list[int]:
    """The seeds of candidates ``first`` to ``first + count - 1`` of sampler call ``call``."""
    blocks: dict[int, np.ndarray] = {}
    out = []
    for k in range(first, first + count):
        start = k - k % SEED_BLOCK
        if start not in blocks:
            blocks[start] = np.random.SeedSequence([seed, call, start]).generate_state(SEED_BLOCK)
        out.append(int(blocks[start][k % SEED_BLOCK]))
    return out


def _ordered_sampler(seed: int, pool=None, workers: int = 1, batch: int | None = None, budget: float = np.inf):
    """A pyabc sampler: candidates in batches, candidate k of call c seeded from (seed, c, k), results taken in
    index order until ``n`` are accepted, and never more than ``budget`` simulations over all calls (pyabc checks
    its own total only between generations, so a generation could otherwise run without end). Defined in a
    function, so pyabc is imported only when it runs."""
    from pyabc.sampler import Sampler

    class OrderedSampler(Sampler):
        def __init__(self):
            super().__init__()
            self.calls = 0
            self.used = 0

        def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False,
                                    ana_vars=None):
            import cloudpickle
            payload = cloudpickle.dumps(simulate_one)
            call, self.calls = self.calls, self.calls + 1
            max_eval = min(max_eval, budget - self.used)
            sample, evaluated = self._create_empty_sample(), 0
            size = batch or max(4 * workers, SEED_BLOCK)
            while sample.n_accepted < n and evaluated < max_eval:
                results = _run_on_workers(payload, [((), s) for s in candidate_seeds(seed, call, evaluated, size)],
                                          pool, workers)
                for particle in results:
                    if sample.n_accepted >= n or evaluated >= max_eval:
                        break
                    sample.append(particle)
                    evaluated += 1
            self.nr_evaluations_ = evaluated
            self.used += evaluated
            if sample.n_accepted < n:
                sample.ok = False
            return sample

    return OrderedSampler()


# ------------------------------------------------------------------ sharpening: ABC-SMC by MCMC moves
# Rejection ABC is loose with 30 parameters (the shipped sample at the 4% quantile missed history by 2.6
# tolerances), and pyabc's ABC-SMC weights collapse (``PosteriorSettings``). Drovandi and Pettitt (2011,
# Biometrics 67: 225-233) keep every particle's weight equal instead: at each step drop the worst share
# ``drop`` of the particles, set the tolerance to the largest distance kept, refill the population with copies
# of kept particles and move each copy by Metropolis-Hastings steps whose proposal is accepted only if its own
# run is within the tolerance (ABC-MCMC, Marjoram et al. 2003, PNAS 100: 15324). No importance weight enters.
# Each copy makes enough steps that it moves at least once with probability 1 - MOVE_MISS (their rule:
# steps = log(MOVE_MISS) / log(1 - acceptance), the acceptance measured on the step's first round).
MOVE_MISS = 0.01  # Drovandi and Pettitt's c
# The random-walk proposal's covariance: the kept particles' own, scaled by 2.38^2 / dimensions, the scale
# that is optimal for a random-walk Metropolis on a near-normal target (Roberts, Gelman and Gilks 1997).
PROPOSAL_SCALE = 2.38 ** 2
MOVE_STREAM = 15  # a tag that keeps the moves' random numbers apart from the candidates' seeds
MOVE_CALLS = 10 ** 6  # candidate_seeds calls of the moves start here, far from pyabc's generations


def log_logistic(z: np.ndarray) -> float:
    """Log density of independent standard logistic coordinates (the prior in ``to_values``'s coordinates)."""
    a = np.abs(z)
    return float(-np.sum(a + 2.0 * np.log1p(np.exp(-a))))


@dataclass
class Particles:
    """Equal-weight particles in the inference's coordinates, with each one's run: distance, seed, rates."""

    z: np.ndarray  # (particles, parameters)
    distances: np.ndarray
    seeds: list[int]
    rates: np.ndarray  # (particles, account rates)

    def take(self, rows) -> "Particles":
        rows = list(rows)
        return Particles(self.z[rows].copy(), self.distances[rows].copy(), [self.seeds[k] for k in rows],
                         self.rates[rows].copy())


def _log_step(step: int, epsilon: float, accepted: int, proposed: int, run: int) -> None:
    """A line per step on pyabc's logger, which ``--quiet`` silences."""
    import logging
    logging.getLogger("ABC").info(f"moves step {step + 1}: tolerance {epsilon:.3f}, {accepted} of {proposed} "
                                  f"moves accepted ({run} run, the rest failed the prior's test)")


def dropped_per_step(population: int, drop: float, parameters: int) -> int:
    """Particles dropped and moved at each step: the share ``drop``, but never so many that fewer than
    ``parameters`` + 1 survive (the survivors' covariance, the proposal's, would be singular and the moves
    confined to the plane through them). Zero: too few particles for the moves."""
    return max(0, min(max(1, int(round(drop * population))), population - parameters - 1))


def _proposal_root(survivors: np.ndarray) -> np.ndarray:
    """Cholesky factor of the random walk's covariance: the survivors' own, scaled (PROPOSAL_SCALE). Where
    duplicates leave fewer distinct survivors than dimensions + 1, a tenth of it is moved to its diagonal, so
    the moves can leave the plane the survivors span."""
    d = survivors.shape[1]
    spread = np.cov(survivors, rowvar=False).reshape(d, d)
    if len(np.unique(survivors, axis=0)) <= d:
        spread = 0.9 * spread + 0.1 * np.diag(np.maximum(np.diag(spread), 1e-8))
    return np.linalg.cholesky(spread * PROPOSAL_SCALE / d + 1e-12 * np.eye(d))


def move_particles(particles: Particles, names: tuple[str, ...], model, distance, runner, settings,
                   budget: int) -> tuple[Particles, list[dict]]:
    """Drovandi and Pettitt's steps until the tolerance reaches ``settings.minimum_distance`` (the last step's
    tolerance is the minimum itself, its survivors every particle within it), the moves' acceptance falls below
    ``settings.stop_acceptance`` or none is accepted, or the budget of simulations cannot pay for another round.
    A population is kept whole after every round (its particles are all within the step's tolerance), so a
    budget that ends mid-step still leaves a sample of that tolerance, with fewer distinct particles."""
    import cloudpickle
    payload = cloudpickle.dumps(model)  # once: each worker unpickles it once (_unpickled)
    n = len(particles.distances)
    n_drop = dropped_per_step(n, settings.drop, len(names))
    used, steps, step = 0, [], 0
    while n_drop >= 1 and used + n_drop <= budget:
        order = np.argsort(particles.distances, kind="stable")
        kept = order[:n - n_drop]
        epsilon = float(particles.distances[kept[-1]])
        last = epsilon <= settings.minimum_distance
        if last:  # the target is within reach: every particle within it survives, the rest are moved
            epsilon = settings.minimum_distance
            kept = order[:int(np.sum(particles.distances <= epsilon))]
            if len(kept) == n:
                break
        moving = n - len(kept)
        # the step's own stream (MOVE_STREAM keeps it apart from pyabc's two candidate calls, 0 and 1)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([settings.seed, MOVE_STREAM, step])))
        survivors = particles.take(kept)
        copies = particles.take(kept[rng.integers(0, len(kept), moving)])
        root = _proposal_root(survivors.z)
        rounds, done, accepted, proposed, first_rate, used_before = 1, 0, 0, 0, None, used
        while done < rounds and used + moving <= budget:
            proposals = copies.z + rng.standard_normal(copies.z.shape) @ root.T
            uniforms = rng.random(moving)
            seeds = candidate_seeds(settings.seed, MOVE_CALLS + step, done * moving, moving)
            # Early rejection: a move needs both the prior's test (symmetric proposal) and its run within the
            # tolerance, so a proposal that fails the prior's is not run at all (Picchini and Forman 2016,
            # J. Stat. Comput. Simul. 86: 2297). Measured on the full model's particles: 65% of the proposals.
            passing = [k for k in range(moving)
                       if uniforms[k] < math.exp(min(log_logistic(proposals[k]) - log_logistic(copies.z[k]), 0.0))]
            runs = _run_on_workers(payload, [((dict(zip(names, map(float, proposals[k]))),), seeds[k])
                                             for k in passing], runner.pool, runner.workers)
            used += len(passing)
            moved = 0
            for k, run in zip(passing, runs):
                d = distance(run)
                if d <= epsilon:
                    copies.z[k], copies.distances[k] = proposals[k], d
                    copies.seeds[k], copies.rates[k] = int(run["seed"]), np.asarray(run["rates"], dtype=float)
                    moved += 1
            accepted, proposed, done = accepted + moved, proposed + moving, done + 1
            if first_rate is None:
                first_rate = moved / moving
                rounds = (1 if first_rate >= 1 else
                          math.ceil(math.log(MOVE_MISS) / math.log(1 - first_rate)) if first_rate > 0 else 1)
        if done == 0:
            break
        particles = Particles(np.vstack([survivors.z, copies.z]), np.concatenate([survivors.distances,
                                                                                   copies.distances]),
                              survivors.seeds + copies.seeds, np.vstack([survivors.rates, copies.rates]))
        rate = accepted / proposed
        _log_step(step, epsilon, accepted, proposed, used - used_before)
        steps.append({"generation": step, "kind": "moves", "epsilon": epsilon, "simulations": used - used_before,
                      "proposed": proposed, "move_acceptance": rate, "rounds": done, "rounds_planned": rounds})
        step += 1
        if last or accepted == 0 or rate < settings.stop_acceptance:
            break
    return particles, steps


# ------------------------------------------------------------------ the inference
@dataclass(frozen=True)
class PosteriorSettings:
    """What ``posterior`` runs: the scenario replayed, the last data year read, the particles kept per
    generation, the budget of simulations, the generations, the share of a generation's candidates accepted
    (its tolerance is that quantile of the distances: pyabc's QuantileEpsilon), the tolerance at which to stop
    (a root mean square miss in tolerances), agents' scale, workers and the seed every candidate's seed comes
    from.

    By default one pyabc generation, rejection ABC at the ``acceptance`` quantile (every particle weighs the
    same), then Drovandi and Pettitt's steps (``move_particles``) lower the tolerance, each dropping the worst
    share ``drop`` and moving copies of the rest, until the tolerance reaches ``minimum_distance``, the moves'
    acceptance falls below ``stop_acceptance`` or the budget ends. Measured on the shipped sample's command (2
    cores, 56 minutes): tolerance 5.31 after the first generation, 1.26 after 18 steps in 15,924 simulations
    (particles' median distance 1.22, best 1.07; 175 distinct of 200), against rejection ABC's 2.89 (median
    2.61) in 7,229 simulations with 300 particles, and the moves without early rejection's 2.78 in 7,988.
    ``moves=False`` is rejection ABC alone (give a small ``acceptance``, such as 0.04). Later generations of
    pyabc's own ABC-SMC (``generations`` above 1, without the moves) weigh each particle by its prior density
    over the proposal's, and with 30 parameters those weights collapsed (measured: an effective sample of 5.6
    of 300 particles after the second generation; 2 of 60 in a trial from 2019 with 26): the log density of a
    30-dimensional kernel at its own draws varies by about sqrt(30 / 2), about 4 nats, so a few particles
    take all the weight. The moves keep the weights equal."""

    scenario: str = "baseline"
    train_until: int = 2025
    population: int = 200
    simulations: int = 16000
    generations: int = 1
    acceptance: float = 0.5
    minimum_distance: float = 1.0
    moves: bool = True
    # Half the particles dropped and moved a step, Drovandi and Pettitt's (2011) own choice of alpha.
    drop: float = 0.5
    # Below 2% accepted, a copy needs over 200 rounds to move with probability 0.99: a judgement that the
    # tolerance has gone as low as this budget can carry it.
    stop_acceptance: float = 0.02
    scale: float = 1.0
    workers: int | None = None
    seed: int = 1
    data: Path = INDICATORS_CSV
    only: tuple[str, ...] = ()  # infer just these (the rest at their values); empty: every parameter with a prior

    def check(self) -> None:
        unknown = sorted(set(self.only) - set(inferred_priors()))
        if unknown:
            raise UserError(f"--only {' '.join(unknown)}: not a parameter with a prior; allowed: "
                            f"{', '.join(inferred_priors())}")
        if self.population < 4:
            raise UserError(f"--population {self.population}: give at least 4 particles")
        if not 0.0 < self.acceptance <= 1.0:
            raise UserError(f"--acceptance {self.acceptance}: give a share above 0 and at most 1")
        if self.simulations < self.population:
            raise UserError(f"--simulations {self.simulations}: give at least the population ({self.population})")
        if self.moves and self.generations != 1:
            raise UserError(f"--generations {self.generations}: the moves start from one generation of rejection "
                            "ABC (equal weights); give --generations 1, or --no-moves")
        if not 0.0 < self.drop < 1.0:
            raise UserError(f"--drop {self.drop}: give a share above 0 and below 1")
        if not 0.0 < self.stop_acceptance < 1.0:
            raise UserError(f"--stop-acceptance {self.stop_acceptance}: give a share above 0 and below 1")


@dataclass
class Posterior:
    names: list[str]  # inferred parameters, then the satellite account's fitted rates
    values: np.ndarray  # (particles, names)
    weights: np.ndarray  # normalised
    seeds: list[int]
    distances: list[float]
    provenance: dict


def method_name(generations: int = 1, moves: bool = True) -> str:
    """The inference's short name, as reports print it."""
    first = "rejection ABC" if generations == 1 else "ABC-SMC"
    return "ABC-SMC by MCMC moves" if moves else first


def command_line(settings: PosteriorSettings) -> str:
    """The command that makes this sample again (every setting but the workers, which change nothing)."""
    return (f"python -m model posterior --scenario {settings.scenario} --train-until {settings.train_until} "
            f"--population {settings.population} --simulations {settings.simulations} "
            f"--generations {settings.generations} --acceptance {settings.acceptance} "
            f"--minimum-distance {settings.minimum_distance} "
            + (f"--moves --drop {settings.drop} --stop-acceptance {settings.stop_acceptance} "
               if settings.moves else "--no-moves ")
            + f"--scale {settings.scale} --seed {settings.seed}"
            + (f" --only {' '.join(settings.only)}" if settings.only else ""))


def infer(settings: PosteriorSettings, scenario=None) -> Posterior:
    """Run the ABC (rejection ABC, then the moves, by default); the last population's particles with their
    weights and how they were made. The runs read the external data (exports, FDI) only up to the training year, as the moments read
    history only up to it."""
    import pyabc
    from model.experiments.parallel import Runner
    from model.scenario import load_scenario

    settings.check()
    if scenario is None:
        scenario = dataclasses.replace(load_scenario(settings.scenario), data_until=settings.train_until)
    moments = history_moments(settings.train_until, scenario.start_year, settings.data)
    if not moments:
        raise UserError(f"no history rows after {scenario.start_year} up to {settings.train_until} to infer from; "
                        f"give --train-until {scenario.start_year + 2} or later")
    candidates = {n: p for n, p in inferred_priors().items()
                  if n not in scenario.parameters and (not settings.only or n in settings.only)}
    calibrated = {e.name for e in ESTIMATED}
    registry = Parameters(scenario.parameters, calibrated=False)
    distance = ToleranceDistance(tuple(m.value for m in moments), tuple(m.rule.tolerance for m in moments))
    np.random.seed(settings.seed)  # pyabc's own draws in this process (transitions' fits take none, but be sure)
    random.seed(settings.seed)
    with Runner(settings.workers) as runner, tempfile.TemporaryDirectory() as tmp:
        screened = {n: p for n, p in candidates.items() if n not in calibrated}
        influence = history_influence(scenario, moments, screened, settings.scale, settings.seed, runner)
        priors = {n: p for n, p in candidates.items() if n in calibrated or speaks_to_history(influence[n])}
        names = tuple(priors)
        if not names:
            raise UserError(f"--only {' '.join(settings.only)}: none of these is a parameter the scenario leaves free "
                            f"and history speaks to (screen: {INFLUENCE_RMS:g} tolerance in root mean square or "
                            f"{INFLUENCE_MAX:g} on one moment); nothing to infer")
        if settings.population < MIN_PARTICLES_PER_PARAMETER * len(names):
            raise UserError(f"--population {settings.population}: too few particles for the {len(names)} parameters "
                            f"history speaks to here; give at least {MIN_PARTICLES_PER_PARAMETER * len(names)}, or "
                            "infer fewer with --only")
        if settings.moves and dropped_per_step(settings.population, settings.drop, len(names)) < 1:
            raise UserError(f"--population {settings.population}: too few particles for the moves with the "
                            f"{len(names)} parameters history speaks to here (each step must keep more particles "
                            f"than parameters and move at least one); give at least {len(names) + 2}")
        model = HistoryModel(scenario, tuple(moments), settings.scale, tuple(priors.items()),
                             tuple((n, getattr(registry, n)) for n in ACCOUNT_RATES))
        prior = pyabc.Distribution(**{n: pyabc.RV("logistic", 0.0, 1.0) for n in names})  # see to_values
        sampler = _ordered_sampler(settings.seed, runner.pool, runner.workers, budget=settings.simulations)
        abc = pyabc.ABCSMC(model, prior, distance, population_size=settings.population, sampler=sampler,
                           eps=pyabc.QuantileEpsilon(alpha=settings.acceptance))
        abc.new(f"sqlite:///{Path(tmp) / 'abc.db'}", {"moments": np.array([m.value for m in moments])})
        history = abc.run(minimum_epsilon=settings.minimum_distance, max_nr_populations=settings.generations,
                          max_total_nr_simulations=settings.simulations)
        if history.max_t < 0:
            raise UserError(f"--simulations {settings.simulations}: no generation of {settings.population} particles "
                            f"was complete within it at --acceptance {settings.acceptance}; give more simulations "
                            "or a larger acceptance")
        population = history.get_population(history.max_t)
        generations = history.get_all_populations()
        pyabc_particles = population.particles
        sample = Particles(np.array([[float(p.parameter[n]) for n in names] for p in pyabc_particles]),
                           np.array([float(p.distance) for p in pyabc_particles]),
                           [int(p.sum_stat["seed"]) for p in pyabc_particles],
                           np.array([[float(x) for x in p.sum_stat["rates"]] for p in pyabc_particles]))
        weights = np.array([float(p.weight) for p in pyabc_particles])
        moved = []
        if settings.moves:
            sample, moved = move_particles(sample, names, model, distance, runner, settings,
                                           settings.simulations - sampler.used)
    values = np.array([list(to_values(dict(zip(names, z)), model.priors).values()) + list(r)
                       for z, r in zip(sample.z, sample.rates)])
    # Generation -1 is the prior sample that sets the first tolerance (pyabc's calibration sample).
    steps = [{"generation": int(row.t), "kind": "pyabc", "epsilon": float(row.epsilon),
              "simulations": int(row.samples)} for row in generations.itertuples()] + moved
    provenance = {
        "made": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command_line(settings),
        "method": (("rejection ABC" if settings.generations == 1 else "ABC-SMC") + " (pyabc), each generation's "
                   f"tolerance the {settings.acceptance:g} quantile of its distances"
                   + (f", then ABC-SMC by MCMC moves (Drovandi and Pettitt 2011; drop {settings.drop:g}, stop below "
                      f"{settings.stop_acceptance:g} of moves accepted)" if settings.moves else "")
                   + "; distance: root mean square miss in tolerances"),
        "method_name": method_name(settings.generations, settings.moves),
        "pyabc": pyabc.__version__,
        "data_sha256": hashlib.sha256(Path(settings.data).read_bytes()).hexdigest(),
        "scenario": settings.scenario, "train_until": settings.train_until, "scale": settings.scale,
        "seed": settings.seed,
        "population": settings.population, "generations": steps,
        "simulations": int(sum(s["simulations"] for s in steps)),
        "final_distance": steps[-1]["epsilon"],
        "distinct_particles": len(set(sample.seeds)),
        "kept": ("the population after the last round of moves within the budget" if settings.moves
                 else "the last generation pyabc completed within the budget"),
        "moments": [m.label for m in moments],
        "priors": {n: {"shape": p.shape, "low": p.low, "high": p.high, "source": p.source} for n, p in priors.items()},
        # Parameters with a prior history does not speak to (see INFLUENCE_RMS): drawn from their prior.
        "drawn_from_prior": [n for n in screened if n not in priors],
        "influence": {n: {"rms": v[0], "max": v[1]} for n, v in influence.items()},
        "influence_thresholds": {"rms": INFLUENCE_RMS, "max": INFLUENCE_MAX,
                                 "quantiles": list(INFLUENCE_QUANTILES)},
        "fitted_per_particle": list(ACCOUNT_RATES),
    }
    return Posterior(list(names) + list(ACCOUNT_RATES), values, weights / weights.sum(),
                     sample.seeds, [float(d) for d in sample.distances], provenance)


# ------------------------------------------------------------------ the file
def write_posterior(posterior: Posterior, path: Path = POSTERIOR_FILE) -> None:
    """Both files, each written whole and then moved into place."""
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(list(FIXED_COLUMNS) + posterior.names)
    for k in range(len(posterior.weights)):
        w.writerow([repr(float(posterior.weights[k])), posterior.seeds[k], repr(posterior.distances[k])]
                   + [repr(float(x)) for x in posterior.values[k]])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, text.getvalue())
    write_whole(provenance_path(path), json.dumps(posterior.provenance, indent=1) + "\n")


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
        if any(len(row) != len(header) for row in body):
            raise ValueError(f"every row needs {len(header)} values, one per column")
        names = header[len(FIXED_COLUMNS):]
        numbers = np.array([[float(x) for x in row] for row in body])
        if not np.all(np.isfinite(numbers[:, :2])):
            raise ValueError("weights and seeds must be finite numbers")
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
    try:
        provenance = json.loads(provenance_file.read_text(encoding="utf-8"))
        drawn = provenance.get("drawn_from_prior", [])
        unknown = sorted(set(drawn) - set(inferred_priors()))
        if unknown:
            raise ValueError(f"drawn_from_prior names {', '.join(unknown)}, which have no prior")
    except (OSError, ValueError, AttributeError) as e:
        raise UserError(f"{provenance_file}: the posterior sample's record of how it was made (which parameters "
                        f"it leaves to their priors among them) is missing or damaged ({e}); make both files again "
                        "with `python -m model posterior`") from None
    return Posterior(names, numbers[:, len(FIXED_COLUMNS):], weights / weights.sum(),
                     [int(x) for x in numbers[:, 1]], numbers[:, 2].tolist(), provenance)


def draw_values(posterior: Posterior, particle_rng: np.random.Generator,
                prior_rng: np.random.Generator) -> dict[str, float]:
    """One draw: a particle, and the parameters the sample leaves to their priors (``drawn_from_prior``, those
    history does not speak to) drawn from them, in the sample's order."""
    everything = inferred_priors()
    rest = {n: everything[n].draw(prior_rng) for n in posterior.provenance.get("drawn_from_prior", [])}
    return {**rest, **draw_particle(posterior, particle_rng)}


def draw_particle(posterior: Posterior, rng: np.random.Generator) -> dict[str, float]:
    """One particle, chosen with probability its weight (a uniform number against the cumulative weights)."""
    cumulative = np.cumsum(posterior.weights)
    k = min(int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right")), len(cumulative) - 1)
    return {n: float(v) for n, v in zip(posterior.names, posterior.values[k])}


# ------------------------------------------------------------------ what the posterior says
def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """Quantiles of a weighted sample: the smallest value whose cumulative weight reaches each q."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return [float(values[order][min(int(np.searchsorted(cumulative, q, side="left")), len(values) - 1)])
            for q in qs]


def parameter_summary(posterior: Posterior) -> list[dict]:
    """Each inferred parameter: its prior's range, the posterior's 5th, 50th and 95th percentiles, and how much
    history narrowed it (the posterior's 90% width over the prior's; about 1: history says nothing of it). For a
    choice of two readings, the posterior's share of the second (``share_high``) and, as the width, its variance
    over the prior's: 4 s (1 - s), 1 at even odds, 0 where history settles the choice."""
    priors = posterior.provenance.get("priors", {})
    rows = []
    for j, name in enumerate(posterior.names):
        if name not in priors:
            continue
        p = priors[name]
        p05, p50, p95 = weighted_quantiles(posterior.values[:, j], posterior.weights, (0.05, 0.5, 0.95))
        share_high = math.nan
        if p["shape"] == "choice":  # two readings: how far history moved the odds from the prior's one half
            share_high = float(np.sum(posterior.weights[posterior.values[:, j] == p["high"]]))
            prior_width, width = 0.25, share_high * (1.0 - share_high)  # the variance of the choice over its prior's
        elif p["shape"] == "loguniform":  # widths on the scale the prior is flat on
            prior_width = 0.9 * math.log(p["high"] / p["low"])
            width = math.log(p95 / p05) if p05 > 0 else math.inf
        else:
            prior_width, width = 0.9 * (p["high"] - p["low"]), p95 - p05
        rows.append({"parameter": name, "prior": p["shape"], "prior_low": p["low"], "prior_high": p["high"],
                     "p05": p05, "median": p50, "p95": p95, "width_ratio": width / prior_width,
                     "share_high": share_high})
    return rows


@dataclass(frozen=True)
class CheckSettings:
    """The posterior predictive check: draws of the posterior, each run once on its own seed to the last year
    of the history the posterior read."""

    draws: int = 100
    seed: int = 1
    scale: float = 1.0
    workers: int | None = None


def posterior_runs(scenario, posterior: Posterior, draws: int, seed: int, scale: float, end_year: int,
                   runner) -> list[dict[int, dict[str, float]]]:
    """``draws`` runs of ``scenario`` to ``end_year``, each on its own draw of the posterior and seed (the
    replication streams an ensemble spawns from ``seed``)."""
    from model.experiments.streams import model_seed, replication_stream, substream
    jobs = []
    for i in range(draws):
        stream = replication_stream(seed, i)
        drawn = draw_values(posterior, substream(stream, 0), substream(stream, 1))
        jobs.append(Job(scenario, {n: v for n, v in drawn.items() if n not in scenario.parameters},
                        model_seed(stream), scale, end_year))
    return runner.map(jobs, simulate)


def effective_sample_size(posterior: Posterior) -> float:
    """Kish's effective number of particles: 1 / sum of squared normalised weights."""
    return float(1.0 / np.sum(posterior.weights ** 2))


def posterior_medians(posterior: Posterior) -> dict[str, float]:
    """Each column's weighted median over the particles."""
    return {n: weighted_quantiles(posterior.values[:, j], posterior.weights, (0.5,))[0]
            for j, n in enumerate(posterior.names)}


class Check(NamedTuple):
    """A posterior predictive check: one row per history moment, the draws' runs (for a figure and the model's
    own error, ``model_error.estimate``) and the moments."""

    rows: list[dict]
    runs: list[dict[int, dict[str, float]]]
    moments: list[Moment]


def predictive_check(posterior: Posterior, settings: CheckSettings, scenario_name: str | None = None,
                     data: Path = INDICATORS_CSV) -> Check:
    """For every history moment the posterior was fitted to: the data, and the 5th, 25th, 50th, 75th and 95th
    percentiles over the posterior's draws of the model's value, and whether the data fall inside the 50% and
    90% bands. In sample: the moments are those the sample was fitted to, so this says whether the draws
    replay history, not whether their bands are calibrated out of sample (the backtests say that).
    ``scenario_name``: default the one the sample replayed."""
    from model.experiments.parallel import Runner
    from model.scenario import load_scenario

    train_until = int(posterior.provenance.get("train_until", 2025))
    scenario_name = scenario_name or posterior.provenance.get("scenario", "baseline")
    scenario = dataclasses.replace(load_scenario(scenario_name), data_until=train_until)
    moments = history_moments(train_until, scenario.start_year, data)
    end = last_year_read(moments)
    with Runner(settings.workers, jobs=settings.draws) as runner:
        runs = posterior_runs(scenario, posterior, settings.draws, settings.seed, settings.scale, end, runner)
    rows = []
    for m in moments:
        values = np.array([model_moment(a, m) for a in runs])
        p05, p25, p50, p75, p95 = (float(x) for x in np.percentile(values, (5, 25, 50, 75, 95)))
        rows.append({"moment": m.label, "indicator": m.indicator, "year": m.year, "data": m.value,
                     "tolerance": m.rule.tolerance, "p05": p05, "p25": p25, "median": p50, "p75": p75, "p95": p95,
                     "inside_50": p25 <= m.value <= p75, "inside_90": p05 <= m.value <= p95})
    return Check(rows, runs, moments)


def model_error_from(settings: CheckSettings, path: Path | None = None, data: Path = INDICATORS_CSV,
                     installing: bool = False) -> tuple[model_error.ModelError, Check]:
    """The model's own error estimated from a posterior sample's predictive check on the data it read
    (``model_error.estimate``): the estimate with its record (the sample's digest among it), and the check.
    ``installing``: the sample at ``path`` is about to be installed as the shipped one, and is recorded so."""
    path = Path(path) if path is not None else POSTERIOR_FILE
    sample = read_posterior(path)
    checked = predictive_check(sample, settings, data=data)
    shipped = installing or path.resolve() == POSTERIOR_FILE.resolve()
    command = (f"python -m model model-error --draws {settings.draws} --seed {settings.seed} --scale {settings.scale:g}"
               + ("" if shipped else f" --posterior {path}") + ("" if data == INDICATORS_CSV else f" --data {data}"))
    record = dict(
        made=datetime.now(timezone.utc).strftime("%Y-%m-%d"), command=command, posterior="shipped" if shipped else str(path),
        posterior_sha256=model_error.file_digest(path, provenance_path(path)),
        data_sha256=model_error.file_digest(data),
        posterior_command=sample.provenance.get("command"), draws=settings.draws, seed=settings.seed,
        scale=settings.scale, method="Kennedy-O'Hagan discrepancy by the method of moments on the predictive "
                                     "check's in-sample misses (model/experiments/model_error.py)")
    return model_error.estimate(checked.runs, checked.moments, int(sample.provenance["train_until"]),
                                record), checked


def coverage(rows: list[dict]) -> tuple[float, float]:
    """Shares of the moments inside the 50% and the 90% bands."""
    return (sum(r["inside_50"] for r in rows) / len(rows), sum(r["inside_90"] for r in rows) / len(rows))


def _error_lines(error: model_error.ModelError) -> list[str]:
    made = error.provenance
    source = (f"What the draws miss of history beyond their spread is the model's own error. "
              f"`--parameter-uncertainty` adds a draw of it to each replication (`--no-model-error` leaves "
              f"it out), from `model/data/model_error.csv`, made by `{made.get('command', '?')}` on "
              f"{made.get('made', '?')} from this sample's predictive check")
    return model_error.markdown_section(error, source) + [
        "The estimate is in sample: the parameters were chosen to make these misses small, which biases it "
        "down for what comes after; the backtests (docs/backtest.md) show how far the bands with it fall short.",
        ""]


def _summary_row(r: dict) -> str:
    """A row of the posterior-against-prior table; a choice's percentiles are its readings' shares."""
    if r["prior"] == "choice":
        return (f"| `{r['parameter']}` | choice | {r['prior_low']:g} or {r['prior_high']:g} | "
                f"{r['prior_low']:g}: {1 - r['share_high']:.0%} | | {r['prior_high']:g}: {r['share_high']:.0%} | "
                f"{r['width_ratio']:.2f} |")
    return (f"| `{r['parameter']}` | {r['prior']} | {r['prior_low']:g} to {r['prior_high']:g} | {r['p05']:.4g} | "
            f"{r['median']:.4g} | {r['p95']:.4g} | {r['width_ratio']:.2f} |")


def _step_name(step: dict) -> str:
    if step.get("kind") == "moves":
        return f"moves {step['generation'] + 1} ({step['rounds']} rounds)"
    return f"generation {step['generation']}" if step["generation"] >= 0 else "prior sample (sets the first tolerance)"


def posterior_markdown(posterior: Posterior, summary: list[dict], check: list[dict], settings: CheckSettings,
                       figure: str | None = None, error=None) -> str:
    """docs/posterior.md; ``error``: the shipped model error (``model_error.ModelError``), estimated from this
    sample's misses."""
    made = posterior.provenance
    c50, c90 = coverage(check)
    ess = effective_sample_size(posterior)
    taught = [r for r in summary if r["width_ratio"] < 0.7]
    lines = [
        "# The posterior: what history says about the model's uncertain parameters",
        "",
        "<!-- generated by `python -m model docs` (model/experiments/posterior.py); do not edit by hand -->",
        "",
        f"`--parameter-uncertainty` draws each replication's parameters from this sample "
        f"(`model/data/posterior.csv`, {len(posterior.weights)} particles, effective sample size {ess:.0f}). "
        f"It was made by `{made.get('command', '?')}` on {made.get('made', '?')}: "
        f"{made.get('method_name', made.get('method', 'ABC').split(' (')[0])} (pyabc {made.get('pyabc', '?')}"
        f"{', then moves of its own' if 'moves' in made.get('method_name', '') else ''}) over "
        f"{sum(1 for n in posterior.names if n in made.get('priors', {}))} "
        f"parameters, each from its prior (`model/core/priors.py`; the calibrated ones uniform over their "
        f"calibration ranges), against {len(made.get('moments', []))} history moments up to "
        f"{made.get('train_until', '?')}, in {made.get('simulations', '?')} simulations. The distance is the root "
        "mean square of the misses, each in units of its moment's tolerance (`calibrate.MOMENTS`: about the "
        "data's own error); every simulation runs on its own seed, so the posterior carries seed noise too. "
        + ("Each step of the moves drops the worse half of the particles, takes the largest distance kept as "
           "its tolerance and moves copies of the rest by Metropolis-Hastings, a move accepted only if its own "
           "run is within the tolerance; a proposal that fails the prior's part of the test is not run, so a "
           "step's simulations are fewer than its proposals." if "moves" in made.get("method_name", "") else ""),
        "",
        "| step | tolerance (root mean square miss) | simulations | moves accepted (of those proposed) |",
        "|---|---:|---:|---:|",
    ] + [f"| {_step_name(g)} | {g['epsilon']:.2f} | {g['simulations']} | "
         f"{'' if 'move_acceptance' not in g else format(g['move_acceptance'], '.0%')} |"
         for g in made.get("generations", [])] + [
        "",
        f"The last tolerance is {made.get('final_distance', math.nan):.2f}: a kept particle misses history by "
        f"up to {made.get('final_distance', math.nan):.2f} tolerances on average (the kept particles' own runs: "
        f"median {float(np.median(posterior.distances)):.2f}, best {min(posterior.distances):.2f}; "
        f"{len(set(posterior.seeds))} distinct particles of {len(posterior.seeds)})"
        + (", more than the data's own error: the model with these priors cannot replay history closer within "
           "this budget, and the posterior is wider than one that could." if made.get("final_distance", 0) > 1
           else ", within the data's own error."),
        "",
        "## Does a draw replay history? (posterior predictive check)",
        "",
        f"{settings.draws} draws of the posterior, each run once on its own seed (scale {settings.scale:g}). "
        f"Of the {len(check)} history moments, **{100 * c90:.0f}%** fall inside the draws' 90% band and "
        f"**{100 * c50:.0f}%** inside their 50% band. This is in sample, on the moments the sample was fitted "
        "to: it says whether the draws replay history, not whether their bands are calibrated for what comes "
        "after (the backtests, docs/backtest.md, test that).",
        "",
    ] + ([f"![Draws of the posterior against history]({figure})", ""] if figure else []) + [
        "| moment | data | 5% | median | 95% | inside 50% | inside 90% |",
        "|---|---:|---:|---:|---:|:-:|:-:|",
    ] + [f"| {r['moment']} | {r['data']:.3g} | {r['p05']:.3g} | {r['median']:.3g} | {r['p95']:.3g} | "
         f"{'yes' if r['inside_50'] else 'no'} | {'yes' if r['inside_90'] else 'no'} |" for r in check] + [
        "",
        "## What history taught (posterior against prior)",
        "",
        f"Width: the posterior's 5-95% range over the prior's (on the log scale for log-uniform priors). About 1: "
        f"history does not narrow the parameter's own range; {len(taught)} of {len(summary)} "
        f"parameters come out below 0.7. From {len(posterior.weights)} particles a width ratio is itself "
        f"uncertain by roughly 1/sqrt({len(posterior.weights)}) = {1 / math.sqrt(len(posterior.weights)):.2f}. "
        "History may still pin it jointly with others (the sector productivity trends, which move growth "
        "together), which a marginal width does not show. A structural choice (prior `choice`: one of two "
        "readings, half each) shows the posterior's share of each reading; its width is 4 s (1 - s), s the "
        "second reading's share: 1 at even odds, 0 where history settles it.",
        "",
        "| parameter | prior | prior range | posterior 5% | median | 95% | width |",
        "|---|---|---|---:|---:|---:|---:|",
    ] + [_summary_row(r) for r in sorted(summary, key=lambda r: r["width_ratio"])] + [
        "",
    ] + (_error_lines(error) if error is not None else []) + [
        "## What this sample leaves out",
        "",
        "- The export path, the scenario's own parameters and the model's structure beyond the broadband "
        "reading (`broadband_persistence`, level or lasting growth, is a choice inferred here) are held fixed.",
        "- The satellite account's rates are fitted to each particle's run (least squares on the digital "
        "moments), not drawn: they are accounting, given the run.",
        "- ABC's tolerance widens the posterior; the table above says how far the kept particles miss.",
        "",
    ]
    return "\n".join(lines)
