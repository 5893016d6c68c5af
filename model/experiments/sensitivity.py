"""Global sensitivity of the answer to the parameters with priors (issue 15): Morris screening, then Sobol.

Which uncertain assumptions move the answer, and which do not? The answer is read as three numbers of a
scenario: mean real growth 2026-2030, the lowest year's growth in 2026-2030 (the plan's "10% in every year"
is a threshold on it, so whatever moves it moves the probability of meeting that target) and the digital
economy's share of GDP in 2030.

1. **Morris screening** of every parameter in the prior registry (``model.core.priors``) that the scenario
   does not set itself: ``trajectories`` one-at-a-time paths through the unit cube of the priors, each
   parameter moved over its prior by quantile (``Prior.quantile``). For each parameter and number, mu* (the
   mean absolute elementary effect, Campolongo, Cariboni and Saltelli 2007, Environmental Modelling &
   Software 22(10)) ranks its influence, with a bootstrap 95% interval, and sigma says whether its effect
   depends on the other parameters (Morris 1991, Technometrics 33(2)).
2. **Sobol indices** of the ``sobol_parameters`` most influential parameters (by mu*, relative to each
   number's largest), the others at the registry's values: first order S1 (what the parameter explains alone)
   and total order ST (with its interactions), from Saltelli's sampling with SALib's estimators (Saltelli et
   al. 2010, Computer Physics Communications 181(2); Jansen 1999) and bootstrap 95% intervals.

Every design point runs on the same ``seeds`` (common random numbers) and its numbers are averaged over
them, so that differences between points come from the parameters. What chance still adds is measured by
running the first Morris trajectory again on other seeds (``noise``): the difference between its elementary
effects on the two seed sets gives the noise of an effect, and so the mu* that chance alone would give (the
noise floor: mu* below it cannot be told from chance), and the difference between its points gives the
noise of a design point, reported as a share of the Sobol sample's variance.

3. **Shapley effects** of the same parameters (``model.experiments.surrogate``): each number's variance shared
   among them with every interaction split equally, on a Gaussian-process surrogate fitted to the Sobol
   design's runs, whose held-out error is reported against the seed noise of a design point.

The calibrated parameters are not here: their uncertainty is the posterior's (``--parameter-uncertainty``).
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from model.core.errors import UserError
from model.core.priors import PRIORS
from model.experiments.parallel import Runner
from model.experiments.run import Job, check_memory, run
from model.experiments.surrogate import MAX_SHAPLEY_PARAMETERS, fit_surrogate, shapley_effects
from model.measure.summary import summary_row
from model.outputs.folders import check_out_dir, staged_folder
from model.outputs.results import RESULTS_DIR, manifest_basics, write_csv
from model.scenario import load_scenario

# The numbers the answer is read as (summary.csv's columns, model.measure.summary).
OUTPUTS = ("growth_mean_2026_2030_pct", "growth_min_2026_2030_pct", "digital_economy_share_2030_pct")
# The Resolution 57 scenario: every lever funded, so the lever chains' parameters are exercised.
DEFAULT_SCENARIO = "three_breakthroughs"
# Mean absolute value of a normal variable over its standard deviation, sqrt(2 / pi): the mean mu* that pure
# noise of a given spread gives.
_ABS_NORMAL = math.sqrt(2.0 / math.pi)
# The noise floor is the 95th percentile of mu* for an effect of zero (one-sided normal quantile), not its
# mean: with the mean, about half of the parameters that do nothing came out above it (a review's simulation).
NOISE_FLOOR_Z = 1.645


@dataclass(frozen=True)
class SensitivitySettings:
    scenario: str = DEFAULT_SCENARIO
    trajectories: int = 10  # Morris paths r: r (D + 1) design points
    levels: int = 4  # Morris grid levels p; a step moves a parameter p / (2 (p - 1)) of its prior (2/3 at 4)
    sobol_parameters: int = 6  # the most influential parameters by mu* that get Sobol indices
    sobol_samples: int = 128  # Saltelli's N (a power of two): N (k + 2) design points
    seeds: int = 2  # common random numbers: every design point runs on seeds 1..seeds
    scale: float = 1.0
    design_seed: int = 1  # the designs' and bootstraps' random numbers
    shapley: bool = True  # Shapley effects on a surrogate of the Sobol design (model.experiments.surrogate)
    workers: int | None = None

    @property
    def step(self) -> float:
        """A Morris step in the unit cube (SALib's delta)."""
        return self.levels / (2.0 * (self.levels - 1))


def point_outputs(job: Job) -> list[float]:
    """The OUTPUTS of one run (module level: worker processes run it)."""
    row = summary_row(run(job).annual_rows(), [])
    return [float(row[name]) for name in OUTPUTS]


def _unit_cube(names: list[str]) -> dict:
    """SALib's problem for ``names`` on the unit cube: designs are placed on the priors by ``_on_priors``."""
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def _on_priors(names: list[str], unit: np.ndarray) -> dict[str, float]:
    return {name: PRIORS[name].quantile(float(u)) for name, u in zip(names, unit)}


def _evaluate(scenario, points: list[dict[str, float]], settings: SensitivitySettings, runner: Runner,
              first_seed: int = 1) -> np.ndarray:
    """(points, OUTPUTS): each point's numbers averaged over the common seeds (``settings.seeds`` of them
    from ``first_seed``)."""
    seeds = range(first_seed, first_seed + settings.seeds)
    jobs = [Job(scenario, point, seed, settings.scale) for point in points for seed in seeds]
    values = np.array(runner.map(jobs, point_outputs), dtype=float).reshape(len(points), settings.seeds, len(OUTPUTS))
    return values.mean(axis=1)


def noise(design: np.ndarray, outputs: np.ndarray, again: np.ndarray, trajectories: int) -> list[dict]:
    """Chance in the numbers, from the first Morris trajectory (``design``'s first D + 1 points) run on the
    common seeds (``outputs``) and again on other seeds (``again``), for each output: the standard deviation
    of a design point's noise, of an elementary effect's (pooled over the parameters: under common random
    numbers it differs between them, so this is a typical effect's), and the noise floor: the 95th percentile
    of mu* over ``trajectories`` effects of zero with that noise (mu* of pure noise is a mean of half-normals:
    mean sqrt(2/pi) sd, spread sqrt(1 - 2/pi) sd, over the root of the number of effects). Each
    seed set's noise is taken as independent of the other's: half the variance of their difference. A
    point's noise is taken about the two sets' mean difference: a seed set moves every point alike (common
    random numbers), which shifts a number but leaves its differences and its variance over the points, all
    Morris and Sobol read, as they are."""
    points = design.shape[1] + 1
    steps = np.abs(np.diff(design[:points], axis=0)).sum(axis=1)  # one parameter moves a step at a time
    rows = []
    for k, name in enumerate(OUTPUTS):
        a, b = outputs[:points, k], again[:, k]
        point_sd = math.sqrt(float(np.var(a - b)) / 2.0)
        effect_sd = math.sqrt(float(np.mean(((np.diff(a) - np.diff(b)) / steps) ** 2)) / 2.0)
        floor = effect_sd * (_ABS_NORMAL + NOISE_FLOOR_Z * math.sqrt(1.0 - 2.0 / math.pi) / math.sqrt(trajectories))
        rows.append({"output": name, "point_sd": point_sd, "effect_sd": effect_sd, "morris_noise_floor": floor})
    return rows


def morris(scenario, names: list[str], settings: SensitivitySettings, runner: Runner) -> tuple[list[dict], list[dict]]:
    """Morris screening of ``names``: one row per parameter and output, and the noise rows (``noise``)."""
    from SALib.analyze import morris as analyse
    from SALib.sample import morris as sample

    problem = _unit_cube(names)
    design = sample.sample(problem, settings.trajectories, num_levels=settings.levels, seed=settings.design_seed)
    points = [_on_priors(names, u) for u in design]
    outputs = _evaluate(scenario, points, settings, runner)
    # the first trajectory again, on as many other seeds
    again = _evaluate(scenario, points[:len(names) + 1], settings, runner, first_seed=settings.seeds + 1)
    measured = noise(design, outputs, again, settings.trajectories)
    rows = []
    for k, name in enumerate(OUTPUTS):
        found = analyse.analyze(problem, design, outputs[:, k], num_levels=settings.levels, seed=settings.design_seed)
        floor = measured[k]["morris_noise_floor"]
        for i, parameter in enumerate(names):
            # Every Morris step (over half the cube) crosses a choice's switch at one half, so its effect is its
            # whole swing over the step; times the step it is the whole swing, as a linear parameter's effect
            # is its swing over the prior. Its noise scales alike, so the test against the floor is unscaled.
            per = settings.step if PRIORS[parameter].shape == "choice" else 1.0
            rows.append({"parameter": parameter, "output": name, "mu_star": per * float(found["mu_star"][i]),
                         "mu_star_conf": per * float(found["mu_star_conf"][i]), "mu": per * float(found["mu"][i]),
                         "sigma": per * float(found["sigma"][i]), "noise_floor": per * floor,
                         "above_noise": bool(found["mu_star"][i] > floor)})
    return rows, measured


def ranked(rows: list[dict], output: str) -> list[dict]:
    """The Morris rows of ``output``, the largest mu* first."""
    return sorted((r for r in rows if r["output"] == output), key=lambda r: -r["mu_star"])


def most_influential(rows: list[dict], count: int) -> list[str]:
    """The ``count`` parameters with the largest mu* relative to each output's largest (their best output),
    among those above the noise floor for some output."""
    top = {o: max((r["mu_star"] for r in rows if r["output"] == o), default=0.0) for o in OUTPUTS}
    score: dict[str, float] = {}
    for r in rows:
        if r["above_noise"] and top[r["output"]] > 0:
            score[r["parameter"]] = max(score.get(r["parameter"], 0.0), r["mu_star"] / top[r["output"]])
    return sorted(score, key=lambda p: -score[p])[:count]


def sobol(scenario, names: list[str], settings: SensitivitySettings, runner: Runner, noise: list[dict]
          ) -> tuple[list[dict], list[dict]]:
    """Sobol indices of ``names`` (the rest at the registry's values): one row per parameter and output, and
    per output the sample's variance and the share of it that is seed noise."""
    from SALib.analyze import sobol as analyse
    from SALib.sample import sobol as sample

    problem = _unit_cube(names)
    design = sample.sample(problem, settings.sobol_samples, calc_second_order=False, seed=settings.design_seed)
    outputs = _evaluate(scenario, [_on_priors(names, u) for u in design], settings, runner)
    rows, spread = [], []
    for k, name in enumerate(OUTPUTS):
        variance = float(np.var(outputs[:, k], ddof=1))
        row = {"output": name, "variance": variance,
               "noise_share": noise[k]["point_sd"] ** 2 / variance if variance > 0 else math.nan,
               "surrogate_held_out_rmse": math.nan, "surrogate_own_error": math.nan, "surrogate_r_squared": math.nan,
               "surrogate_below_noise": math.nan}
        if np.ptp(outputs[:, k]) == 0.0:  # a number no parameter moves: nothing to share out (SALib divides by 0)
            found = {key: np.zeros(len(names)) for key in ("S1", "S1_conf", "ST", "ST_conf", "Sh", "Sh_conf")}
        else:
            found = analyse.analyze(problem, outputs[:, k], calc_second_order=False, seed=settings.design_seed)
            found = dict(found) | {"Sh": np.full(len(names), math.nan), "Sh_conf": np.full(len(names), math.nan)}
            if settings.shapley:
                fitted = fit_surrogate(design, outputs[:, k], noise[k]["point_sd"], settings.design_seed)
                found["Sh"], found["Sh_conf"] = shapley_effects(fitted.predict, len(names), settings.design_seed)
                row |= {"surrogate_held_out_rmse": fitted.held_out_rmse, "surrogate_own_error": fitted.own_error,
                        "surrogate_r_squared": fitted.r_squared, "surrogate_below_noise": fitted.below_noise}
        for i, parameter in enumerate(names):
            rows.append({"parameter": parameter, "output": name, "S1": float(found["S1"][i]),
                         "S1_conf": float(found["S1_conf"][i]), "ST": float(found["ST"][i]),
                         "ST_conf": float(found["ST_conf"][i]), "shapley": float(found["Sh"][i]),
                         "shapley_conf": float(found["Sh_conf"][i])})
        spread.append(row)
    return rows, spread


@dataclass(frozen=True)
class Sensitivity:
    settings: SensitivitySettings
    varied: list[str]
    noise: list[dict]
    morris: list[dict]
    sobol_parameters: list[str]
    sobol: list[dict]
    sobol_spread: list[dict]


def check_settings(settings: SensitivitySettings) -> None:
    """A clear message (exit status 2) for settings the methods cannot use."""
    if settings.trajectories < 2 or settings.seeds < 1 or settings.sobol_parameters < 2:
        raise UserError("sensitivity: --trajectories and --sobol-parameters must be at least 2, --seeds at least 1")
    if settings.levels < 2 or settings.levels % 2:
        raise UserError(f"sensitivity: --levels {settings.levels}: give an even number, 2 or more (with an odd "
                        "number Morris's grid leaves part of every prior unvisited)")
    if settings.shapley and settings.sobol_parameters > MAX_SHAPLEY_PARAMETERS:
        raise UserError(f"sensitivity: --sobol-parameters {settings.sobol_parameters}: Shapley effects are exact over "
                        f"every subset, up to {MAX_SHAPLEY_PARAMETERS} parameters; give fewer, or --no-shapley")
    if settings.sobol_samples & (settings.sobol_samples - 1):
        raise UserError(f"sensitivity: --sobol-samples {settings.sobol_samples}: give a power of two (such as 64 or "
                        "128; Saltelli's sequence is balanced only then)")


def analyse(settings: SensitivitySettings) -> Sensitivity:
    """Morris over every prior the scenario does not set, then Sobol over the most influential."""
    check_settings(settings)
    scenario = load_scenario(settings.scenario)
    varied = [name for name in PRIORS if name not in scenario.parameters]
    with Runner(settings.workers) as runner:
        check_memory(scenario, settings.scale, "fast", processes=runner.workers)
        screened, measured = morris(scenario, varied, settings, runner)
        chosen = most_influential(screened, settings.sobol_parameters)
        indices, spread = sobol(scenario, chosen, settings, runner, measured) if len(chosen) >= 2 else ([], [])
    return Sensitivity(settings, varied, measured, screened, chosen, indices, spread)


def require_salib(shapley: bool = False) -> None:
    try:
        import SALib  # noqa: F401
        if shapley:
            import sklearn  # noqa: F401
    except ImportError as e:
        raise UserError(f"sensitivity needs {'SALib' if e.name == 'SALib' else 'scikit-learn (or --no-shapley)'}: "
                        "pip install -e '.[analysis]'") from None


def sensitivity_to_folder(settings: SensitivitySettings, out: Path | None = None, report_dir: Path | None = None,
                          languages: tuple[str, ...] = ("en",), overwrite: bool = False) -> tuple[Path, Sensitivity]:
    """Run the analysis and write its folder (morris.csv, sobol.csv, noise.csv, the figure, manifest); with
    ``report_dir`` also sensitivity.md and its figure there (such as docs/), the figure in each language."""
    require_salib(settings.shapley)
    from model.outputs.charts import language_path, sensitivity_bars

    out = Path(out) if out is not None else RESULTS_DIR / f"sensitivity_{settings.scenario}"
    check_out_dir(out, "sensitivity", overwrite)
    if report_dir is not None and not Path(report_dir).is_dir():  # before hours of runs, not after
        raise UserError(f"--report {report_dir}: not a folder; give an existing folder (such as docs)")
    started = datetime.now(timezone.utc)
    found = analyse(settings)
    with staged_folder(out, "sensitivity", overwrite) as tmp:
        write_csv(tmp / "noise.csv", found.noise)
        write_csv(tmp / "morris.csv", found.morris)
        if found.sobol:
            write_csv(tmp / "sobol.csv", found.sobol)
            write_csv(tmp / "sobol_variance.csv", found.sobol_spread)
        sensitivity_bars(found.morris, OUTPUTS, tmp / "figures" / "sensitivity.png", found.settings.scenario,
                         settings.step)
        info = {"kind": "sensitivity", **asdict(settings), "varied": found.varied,
                "sobol_parameters": found.sobol_parameters}
        info.update(manifest_basics(started))
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    if report_dir is not None:
        for lang in languages:
            sensitivity_bars(found.morris, OUTPUTS, language_path(report_dir / "figures", "sensitivity.png", lang),
                             found.settings.scenario, settings.step, lang=lang)
        (report_dir / "sensitivity.md").write_text(sensitivity_markdown(found), encoding="utf-8")
    return out, found


def sensitivity_markdown(found: Sensitivity) -> str:
    """docs/sensitivity.md: the figure, Morris's ranking, the Sobol indices and what drives the answer."""
    from model.measure.catalogue import DEFAULT_LANGUAGE, SUMMARY

    s = found.settings
    label = {o: SUMMARY[o][0](DEFAULT_LANGUAGE) for o in OUTPUTS}
    noise = {r["output"]: r for r in found.noise}
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    lines = ["# Global sensitivity: what drives the answer", "",
             "<!-- generated by `python -m model docs` (model/experiments/sensitivity.py); do not edit by hand -->",
             "",
             f"Scenario `{s.scenario}`, scale {s.scale}, {made}. Every parameter with a prior "
             f"(`model/core/priors.py`; {len(found.varied)} of them) is moved over its prior: Morris screening with "
             f"{s.trajectories} trajectories on {s.levels} levels ({s.trajectories * (len(found.varied) + 1)} design "
             "points), then "
             + (f"Sobol indices of the {len(found.sobol_parameters)} most influential ({s.sobol_samples} Saltelli "
                f"samples, {s.sobol_samples * (len(found.sobol_parameters) + 2)} design points), the others at the "
                "registry's values" if found.sobol else
                "no Sobol indices: fewer than two parameters stood out from the seed noise")
             + f". Every design point is the mean of seeds 1 to {s.seeds} "
             "(the same seeds at every point). The calibrated parameters are not varied here (their uncertainty "
             "is the posterior's, docs/posterior.md). Run it yourself with "
             f"`python -m model sensitivity --scenario {s.scenario}`.", "",
             "![Morris screening](figures/sensitivity.png)", "", "## Seed noise", "",
             f"The first Morris trajectory ({len(found.varied) + 1} points) run again on seeds {s.seeds + 1} to "
             f"{2 * s.seeds}: what chance adds to a design point (apart from a shift that a seed set gives every "
             "point alike, which neither method reads) and to an elementary effect (pooled over the parameters: "
             "under common random numbers it differs between them, so this is a typical effect's), and the noise "
             f"floor, the mu* that an effect of zero with that noise stays below 95 times in 100 over "
             f"{s.trajectories} trajectories.", "",
             "| number | sd of a design point | sd of an elementary effect | mu* that noise alone gives |",
             "|---|---|---|---|"]
    for o in OUTPUTS:
        n = noise[o]
        lines.append(f"| {label[o]} | {n['point_sd']:.3f} | {n['effect_sd']:.3f} | {n['morris_noise_floor']:.3f} |")
    lines += ["", "## Morris screening: mu*", "",
              "mu* is the mean absolute change of the number across a parameter's whole prior (its quantiles 0 to "
              f"1), estimated from steps of {s.step:.2g} of it, in the number's unit, with its 95% bootstrap "
              "interval; sigma "
              "is the spread of those effects (large against mu*: the effect depends on the other parameters).",
              "",
              "Parameters in order of their largest mu* relative to each number's largest; *italic*: below the "
              "noise floor, so too small to rank against chance at these settings (a small effect may still be "
              "real: a parameter whose effect is tiny but steady has a tiny noise of its own).", "",
              "| parameter | " + " | ".join(label[o] for o in OUTPUTS) + " |", "|---|" + "---|" * len(OUTPUTS)]
    by = {(r["parameter"], r["output"]): r for r in found.morris}
    top = {o: max(r["mu_star"] for r in found.morris if r["output"] == o) or 1.0 for o in OUTPUTS}
    order = sorted(found.varied, key=lambda p: -max(by[p, o]["mu_star"] / top[o] for o in OUTPUTS))

    def cell(r):
        text = f"{r['mu_star']:.3f} ± {r['mu_star_conf']:.3f} (sigma {r['sigma']:.3f})"
        return text if r["above_noise"] else f"*{text}*"

    for p in order:
        lines.append(f"| `{p}` | " + " | ".join(cell(by[p, o]) for o in OUTPUTS) + " |")
    if found.sobol:
        fitted = [r for r in found.sobol_spread if math.isfinite(r["surrogate_held_out_rmse"])]
        shapley = bool(fitted)
        lines += ["", "## Sobol indices and Shapley effects of the most influential", "",
                  "S1: the share of the number's variance the parameter explains alone; ST: with its interactions "
                  "(95% bootstrap intervals)"
                  + ("; Sh: its Shapley effect, the variance shared with every interaction split equally among the "
                     "parameters in it, as a share of the surrogate's variance, which leaves the seed noise out "
                     "(they add up to one, and each lies between S1 and ST up to that difference and the "
                     "estimates' error; 95% intervals of the Monte Carlo on the surrogate only, not of its fit)."
                     if shapley else "."), "",
                  "| parameter | " + " | ".join(f"{label[o]}: S1 / ST" + (" / Sh" if shapley else "")
                                                for o in OUTPUTS) + " |",
                  "|---|" + "---|" * len(OUTPUTS)]
        sob = {(r["parameter"], r["output"]): r for r in found.sobol}

        def indices(r):
            text = f"{r['S1']:.2f} ± {r['S1_conf']:.2f} / {r['ST']:.2f} ± {r['ST_conf']:.2f}"
            return text + (f" / {r['shapley']:.2f} ± {r['shapley_conf']:.2f}" if shapley and
                           math.isfinite(r["shapley"]) else "")

        for p in found.sobol_parameters:
            lines.append(f"| `{p}` | " + " | ".join(indices(sob[p, o]) for o in OUTPUTS) + " |")
        lines += ["", "Seed noise as a share of each number's variance over the Sobol sample: " + "; ".join(
            f"{label[r['output']]} {r['noise_share']:.1%}" for r in found.sobol_spread) + "."]
        if shapley:
            lines += ["", "The surrogate (a Gaussian process fitted to four fifths of the Sobol design's points) "
                      "against the fifth held out: its error with the held-out points' own seed noise taken out, "
                      "against that noise (the surrogate is trusted where its own error is below it)."
                      " " + "; ".join(
                          f"{label[r['output']]}: held-out error {r['surrogate_held_out_rmse']:.3f}, own error "
                          f"{r['surrogate_own_error']:.3f} against seed noise {noise[r['output']]['point_sd']:.3f} "
                          f"({'below' if r['surrogate_below_noise'] else '**not below**'}; the surrogate gets "
                          f"{r['surrogate_r_squared']:.1%} of the variance right)"
                          for r in fitted) + "."]
    lines += ["", "## What drives the answer, and what does not", ""]
    for o in OUTPUTS:
        order = ranked(found.morris, o)
        drivers = [f"`{r['parameter']}` ({r['mu_star']:.2f})" for r in order[:3] if r["above_noise"]]
        lines.append(f"- **{label[o]}**: " + (", ".join(drivers) if drivers else "no parameter above the noise floor")
                     + f"; {sum(not r['above_noise'] for r in order)} of {len(order)} parameters below the noise "
                     "floor.")
    quiet = [p for p in found.varied if not any(by[p, o]["above_noise"] for o in OUTPUTS)]
    if quiet:
        lines += ["", "Below the noise floor for every number (at these settings their effects, if any, are too "
                  "small to rank against chance): " + ", ".join(f"`{p}`" for p in quiet) + "."]
    return "\n".join(lines) + "\n"
