"""Calibration by the simulated method of moments, identification, and the backtest.

The baseline scenario is run, 2015 to the last data year, for every candidate
set of behavioural parameters; the annual results are reduced to the same
moments as the ``history`` rows of the data (GDP growth, the digital-economy
share and its split, internet, fibre, mobile broadband, e-commerce, online
public services, the TFP share of growth). The objective is the sum of squared
misses, each divided by a tolerance (the size of a miss that counts as one
unit; see ``MOMENTS``). Every candidate is run on the same seeds (common random
numbers), so the objective is a deterministic function of the parameters and
differences between candidates are not sampling noise; it is still rough
(agents' discrete events), so the optimiser is Nelder-Mead, which needs no
gradient, on coordinates mapped from each parameter's calibration range onto
the real line (a logistic), so every candidate stays inside the range.

The 2020-2021 pandemic is in the scenario as historical shocks
(``[[shocks]]`` in scenarios/baseline.toml); the calibration keeps their sizes
(``pandemic_size_factor`` 1), which the posterior infers.

Only ``history`` rows up to ``train_until`` are read (``history_moments``),
which the backtest relies on and a test checks.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from scipy import optimize

from model.measure.catalogue import COMPARABLE_FROM
from model.measure.accounts import GROWTH_COLUMNS, digital_account, digital_growth_split
from model.core.data import INDICATORS_CSV, load_indicators
from model.core.errors import UserError
from model.core.params import CALIBRATION_FILE, PARAMETERS, Parameters
from model.core.paths import write_whole
from model.experiments.parallel import Runner
from model.experiments.run import Job, annual as run_annual


# Nelder-Mead's budget for the full calibration. The budget decides the estimates, as the data pin only some
# directions (measured on the baseline, 13 parameters and 43 moments, issue 12): at 300 evaluations the
# objective was 54.8 and still falling (replay miss 0.71 pp); at 420, 48.4 with every estimate inside its
# range (replay miss 0.66 pp); at 700, 39.7, but only by moving seven estimates onto their range bounds, where
# the logit curvature vanishes and the normal approximation's parameter draws jump between the ends of the
# ranges (a 2030 growth band of 0.7-7.3 percent). 420; the posterior (experiments.posterior) now carries the
# uncertainty the budget left.
DEFAULT_EVALUATIONS = 420


@dataclass(frozen=True)
class MomentRule:
    """How a data indicator is compared with the model."""

    column: str  # model annual column
    tolerance: float  # a miss of this size counts as one unit of the objective (squared)
    growth: bool = False  # compare year-on-year growth rates (percent) instead of levels
    # Rows that stand for the mean over several years: the row's year -> (first, last) year averaged.
    periods: dict[int, tuple[int, int]] = dataclasses.field(default_factory=dict)
    note: str = ""
    from_year: int = 0  # rows before it are on another definition (the GDP base before the 2019 revision)

    def years(self, year: int) -> tuple[int, ...]:
        first, last = self.periods.get(year, (year, year))
        return tuple(range(first, last + 1))


# Data indicator -> rule. Tolerances: about the data's own uncertainty (revisions between vintages,
# survey error) or, for proxies, wider; they weigh the moments against each other.
MOMENTS: dict[str, MomentRule] = {
    "gdp_growth_real": MomentRule("gdp_growth_pct", 0.5, note="GSO revisions move growth by 0.1-0.3 pp"),
    "digital_economy_share_gdp": MomentRule("digital_economy_share_pct", 0.5, note="NSO vintages differ by about 0.5 pp"),
    "digital_core_share_gdp": MomentRule("digital_core_share_pct", 0.5),
    "internet_users_share_pop": MomentRule("internet_users_pct", 3.0, note="ITU, MIC and e-Conomy figures differ by 3-5 pp"),
    "smartphone_share_mobile_subs": MomentRule(
        "mobile_broadband_households_pct", 8.0,
        note="proxy: the model has households on mobile broadband, not smartphones per subscription"),
    "fibre_household_coverage": MomentRule("fibre_households_pct", 3.0),
    "ecommerce_share_retail": MomentRule("ecommerce_share_retail_pct", 1.0),
    "ecommerce_gmv_econ_sea": MomentRule(
        "online_retail_vnd_bn", 10.0, growth=True,
        note="growth of GMV in current USD against real online retail: a wide tolerance"),
    "online_public_portal_use": MomentRule("online_public_services_pct", 1.5),
    "digitalisation_other_sectors_share_gdp": MomentRule("digitalisation_share_pct", 0.5),
    # The NSO's digital value added by broad sector, averages over 2020-2022 (GSO workshop, 4 Dec 2023).
    "digital_va_agriculture_share_gdp_avg": MomentRule("digital_va_agriculture_pct_gdp", 0.05, periods={2021: (2020, 2022)},
                                                       note="a small number: a tenth of a point would be double it"),
    "digital_va_industry_construction_share_gdp_avg": MomentRule("digital_va_industry_pct_gdp", 0.5,
                                                                 periods={2021: (2020, 2022)}),
    "digital_va_services_share_gdp_avg": MomentRule("digital_va_services_pct_gdp", 0.5, periods={2021: (2020, 2022)}),
    # Ratios to GDP published before 2021 are on the old, smaller GDP base (shared/data NOTES.md).
    "total_social_investment_pct_gdp": MomentRule(
        "investment_rate_pct", 2.0, from_year=COMPARABLE_FROM["total_social_investment_pct_gdp"],
        note="GSO's investment is wider than fixed capital formation; ratios before 2021 on the old GDP base"),
    "public_debt_pct_gdp": MomentRule("public_debt_pct_gdp", 2.0, from_year=COMPARABLE_FROM["public_debt_pct_gdp"],
                                      note="MoF; before 2021 on the old GDP base"),
    "tfp_share_of_growth": MomentRule("tfp_share_of_growth_pct", 15.0, periods={2013: (2011, 2015), 2016: (2016, 2019)},
                                      note="GSO averages (2016: of 2016-2019); growth accounting is sensitive to the shares"),
}


@dataclass(frozen=True)
class Estimated:
    """A behavioural parameter the calibration estimates, with its calibration range and why."""

    name: str
    low: float
    high: float
    targets: str  # the moments that pin it down


ESTIMATED: tuple[Estimated, ...] = (
    Estimated("tfp_growth_agriculture", -0.02, 0.03, "GDP growth 2016-2025"),
    Estimated("tfp_growth_industry", -0.03, 0.03, "GDP growth 2016-2025"),
    Estimated("tfp_growth_services", -0.03, 0.03, "GDP growth 2016-2025, TFP share of growth"),
    Estimated("electronics_va_elasticity", 0.2, 1.5, "digital core share 2020, 2024"),
    Estimated("manufacturing_demand_weight", 0.0, 1.0, "GDP growth 2016-2025 (its swings with exports)"),
    Estimated("investment_rate", 0.2, 0.5, "total social investment 2022-2025"),
    Estimated("primary_spending_share_gdp", 0.15, 0.25, "public debt 2021-2024"),
    Estimated("upgrade_hazard", 0.005, 0.2, "GDP growth (the digital premia); weakly: the digitalisation slope"),
    Estimated("connect_hazard", 0.01, 0.3, "internet users 2017, 2019; mobile broadband 2018-2021"),
    Estimated("fibre_hazard", 0.05, 1.0, "fibre households 2021"),
    Estimated("adopt_imitation", 0.0, 0.4, "e-commerce growth 2019-2022"),
    Estimated("online_spend_share", 0.02, 0.5, "e-commerce share of retail 2022"),
    Estimated("egov_innovation", 0.0005, 0.05, "online public services 2022"),
)


# The satellite account's rates are accounting, not behaviour: nothing in a run reads them, and the digital
# columns are cheap to restate from a run's value added (measure.accounts.digital_account: bilinear in a
# sector's rate and the maturity gradient). So each evaluation fits them to the digital
# moments by bounded least squares on the run's own value added (``fit_digitalisation``), rather than leaving
# four more directions to Nelder-Mead.
ACCOUNT_RATES = ("digitalisation_rate_agriculture", "digitalisation_rate_industry", "digitalisation_rate_services",
                 "digital_input_gradient")


@dataclass(frozen=True)
class Moment:
    indicator: str
    year: int
    value: float
    rule: MomentRule

    @property
    def label(self) -> str:
        return f"{self.indicator} {self.year}"


# ------------------------------------------------------------------ data
def last_year_read(moments) -> int:
    """The last model year the moments read (a run to compare with them must reach it)."""
    return max(max(m.rule.years(m.year)) for m in moments)


def history_moments(train_until: int, start_year: int, data_path: Path = INDICATORS_CSV) -> list[Moment]:
    """The history rows the model can be compared with, up to ``train_until`` (nothing later is read).

    Rows before the model's first year, growth rows whose previous year is before it, and means over
    years that reach past ``train_until`` are left out.
    """
    try:
        indicators = load_indicators(Path(data_path))
    except (KeyError, ValueError) as e:
        raise UserError(f"{data_path}: not an indicators file like model/data/vietnam_indicators.csv "
                        f"(columns indicator, year, value, unit, kind, source, note): {e}") from None
    rows = [r for r in indicators if r.kind == "history" and r.year <= train_until]
    by_indicator: dict[str, dict[int, float]] = {}
    for r in rows:
        by_indicator.setdefault(r.indicator, {})[r.year] = r.value
    moments = []
    for r in rows:
        rule = MOMENTS.get(r.indicator)
        if rule is None or r.year < rule.from_year:
            continue
        years = rule.years(r.year)
        # Growth rates (the model's or the data's) need the year before; the model has none before its start.
        needs_year_before = rule.growth or rule.column in GROWTH_COLUMNS
        if min(years) - (1 if needs_year_before else 0) < start_year:
            continue
        if max(years) > train_until:  # a mean over years that reach past the training year: not known then
            continue
        if rule.growth:
            before = by_indicator[r.indicator].get(r.year - 1)
            if before is None:
                continue
            moments.append(Moment(r.indicator, r.year, 100.0 * (r.value / before - 1.0), rule))
        else:
            moments.append(Moment(r.indicator, r.year, r.value, rule))
    return moments


def model_moment(annual: dict[int, dict[str, float]], m: Moment) -> float:
    rule = m.rule
    years = rule.years(m.year)
    if rule.growth:
        return 100.0 * (annual[m.year][rule.column] / annual[m.year - 1][rule.column] - 1.0)
    return float(np.mean([annual[y][rule.column] for y in years]))


# ------------------------------------------------------------------ simulation
ONLINE_RETAIL_GROWTH = "online_retail_growth_pct"  # derived for the bands: growth of online retail

# Series shown against the model's band: (data indicator, model column, how the data's measure differs: a
# catalogue phrase's key or None). Labels come from the indicator catalogue.
SERIES = (
    ("gdp_growth_real", "gdp_growth_pct", None),
    ("digital_economy_share_gdp", "digital_economy_share_pct", None),
    ("digital_core_share_gdp", "digital_core_share_pct", None),
    ("digitalisation_other_sectors_share_gdp", "digitalisation_share_pct", None),
    ("internet_users_share_pop", "internet_users_pct", None),
    ("smartphone_share_mobile_subs", "mobile_broadband_households_pct", "data_smartphones"),
    ("fibre_household_coverage", "fibre_households_pct", None),
    ("ecommerce_share_retail", "ecommerce_share_retail_pct", None),
    ("online_public_portal_use", "online_public_services_pct", None),
    ("ecommerce_gmv_econ_sea", ONLINE_RETAIL_GROWTH, "data_gmv"),
    ("tfp_share_of_growth", "tfp_share_of_growth_pct", "data_period_means"),
    ("total_social_investment_pct_gdp", "investment_rate_pct", None),
    ("public_debt_pct_gdp", "public_debt_pct_gdp", None),
)


def simulate(job: Job) -> dict[int, dict[str, float]]:
    """Run one job (``model.experiments.run``); year -> annual row, with ``ONLINE_RETAIL_GROWTH`` added."""
    annual = run_annual(job)
    for y, r in annual.items():
        before = annual.get(y - 1)
        r[ONLINE_RETAIL_GROWTH] = (100.0 * (r["online_retail_vnd_bn"] / before["online_retail_vnd_bn"] - 1.0)
                                   if before else float("nan"))
    return annual


def fit_digitalisation(runs: list[dict[int, dict[str, float]]], moments: list["Moment"],
                       start: dict[str, float]) -> dict[str, float]:
    """The ``ACCOUNT_RATES`` that fit the moments the satellite account makes, over the runs (their mean, as
    the objective compares); the rows are restated in place at them. No such moment: ``start`` unchanged."""
    columns = set(digital_account(next(iter(runs[0].values())), SimpleNamespace(**start)))
    used = [m for m in moments if m.rule.column in columns and not m.rule.growth]
    if used:
        lo = np.array([PARAMETERS[n].low for n in ACCOUNT_RATES])
        hi = np.array([PARAMETERS[n].high for n in ACCOUNT_RATES])
        data = np.array([m.value for m in used])
        tol = np.array([m.rule.tolerance for m in used])

        def residuals(x):
            rates = SimpleNamespace(**dict(zip(ACCOUNT_RATES, x)))
            model = [np.mean([digital_account(a[y], rates)[m.rule.column] for a in runs for y in m.rule.years(m.year)])
                     for m in used]
            return (np.array(model) - data) / tol

        x0 = np.clip([start[n] for n in ACCOUNT_RATES], lo, hi)
        start = dict(zip(ACCOUNT_RATES, optimize.least_squares(residuals, x0, bounds=(lo, hi)).x.tolist()))
    rates = SimpleNamespace(**start)
    for a in runs:
        for row in a.values():
            row.update(digital_account(row, rates))
        years = sorted(a)
        for before, now in zip(years, years[1:]):  # the growth split reads the restated account
            a[now].update(digital_growth_split(a[now], a[before]))
    return dict(start)


# ------------------------------------------------------------------ the objective
def to_unit(values: np.ndarray, est: tuple[Estimated, ...] = ESTIMATED) -> np.ndarray:
    """Parameter values -> unbounded optimiser coordinates (logit of the position in the range)."""
    lo, hi = np.array([e.low for e in est]), np.array([e.high for e in est])
    u = np.clip((np.asarray(values) - lo) / (hi - lo), 1e-6, 1 - 1e-6)
    return np.log(u / (1 - u))


def from_unit(x: np.ndarray, est: tuple[Estimated, ...] = ESTIMATED) -> np.ndarray:
    lo, hi = np.array([e.low for e in est]), np.array([e.high for e in est])
    # Clip x where exp would overflow (the optimiser can stray far out; the value is then the range's end):
    # unchanged elsewhere, so earlier calibrations still reproduce.
    x = np.clip(np.asarray(x, float), -700.0, 700.0)
    return np.clip(lo + (hi - lo) / (1.0 + np.exp(-x)), lo, hi)  # clip: rounding at the ends


@dataclass
class Fit:
    values: dict[str, float]
    objective: float
    model: list[float]  # mean over seeds, per moment
    spread: list[float]  # standard deviation over seeds, per moment
    evaluations: int


class Objective:
    """Sum over moments of ((mean over seeds of the model - data) / tolerance) squared."""

    def __init__(self, scenario, moments: list[Moment], seeds: list[int], scale: float, runner: Runner):
        if not moments:
            raise UserError(f"no history rows after {scenario.start_year} up to the training year to calibrate on; "
                            f"give --train-until {scenario.start_year + 2} or later, and a data file with history rows")
        self.scenario, self.moments, self.seeds, self.scale, self.runner = scenario, moments, seeds, scale, runner
        self.end_year = last_year_read(moments)
        self.evaluations = 0
        self.cache: dict[tuple, tuple[float, np.ndarray, np.ndarray]] = {}
        self.account_rates: dict[tuple, dict[str, float]] = {}  # parameter set -> its fitted ACCOUNT_RATES
        registry = Parameters(scenario.parameters, calibrated=False)  # the same start whatever was calibrated before
        self.rates_start = {n: getattr(registry, n) for n in ACCOUNT_RATES}

    def simulate_moments(self, values: dict[str, float]) -> np.ndarray:
        """(seeds, moments) model moments for one parameter set (common random numbers: the same seeds)."""
        jobs = [Job(self.scenario, values, s, self.scale, self.end_year) for s in self.seeds]
        runs = self.runner.map(jobs, simulate)
        self.evaluations += 1
        self.account_rates[tuple(sorted(values.items()))] = fit_digitalisation(runs, self.moments, self.rates_start)
        return np.array([[model_moment(a, m) for m in self.moments] for a in runs])

    def evaluate(self, values: dict[str, float]) -> tuple[float, np.ndarray, np.ndarray]:
        key = tuple(sorted(values.items()))
        if key not in self.cache:
            sims = self.simulate_moments(values)
            mean = sims.mean(axis=0)
            data = np.array([m.value for m in self.moments])
            tol = np.array([m.rule.tolerance for m in self.moments])
            self.cache[key] = (float((((mean - data) / tol) ** 2).sum()), mean, sims.std(axis=0))
        return self.cache[key]

    def __call__(self, x: np.ndarray) -> float:
        return self.evaluate(dict(zip([e.name for e in ESTIMATED], from_unit(x).tolist())))[0]


def calibrate(scenario, train_until: int, seeds: list[int], scale: float, max_evaluations: int,
              runner: Runner, data_path: Path = INDICATORS_CSV, start: dict[str, float] | None = None,
              progress=None) -> tuple[Fit, Objective]:
    """Estimate ``ESTIMATED`` by Nelder-Mead on the SMM objective; start from ``start`` (default: the
    current values, calibrated file included)."""
    moments = history_moments(train_until, scenario.start_year, data_path)
    objective = Objective(scenario, moments, seeds, scale, runner)
    current = Parameters(scenario.parameters)
    x0 = to_unit([(start or {}).get(e.name, getattr(current, e.name)) for e in ESTIMATED])

    def callback(xk):
        if progress is not None:
            progress(objective.evaluations, objective(xk))

    # An initial simplex of half a logit unit each way: big enough to leave a rough local minimum.
    simplex = np.vstack([x0] + [x0 + 0.5 * np.eye(len(x0))[i] for i in range(len(x0))])
    result = optimize.minimize(objective, x0, method="Nelder-Mead", callback=callback,
                               options={"maxfev": max_evaluations, "initial_simplex": simplex,
                                        "xatol": 1e-3, "fatol": 1e-3})
    values = dict(zip([e.name for e in ESTIMATED], from_unit(result.x).tolist()))
    value, mean, spread = objective.evaluate(values)
    values |= objective.account_rates[tuple(sorted(values.items()))]
    return Fit(values, value, mean.tolist(), spread.tolist(), objective.evaluations), objective


def identification(objective: Objective, fit: Fit, step: float = 0.1) -> list[dict[str, float]]:
    """How well the moments pin down each estimate, from the moments' sensitivity at the estimate.

    J[k, j]: change of moment k (in tolerances) per unit change of parameter j's logit coordinate
    (central differences, common random numbers). With H = J'J (the objective's curvature,
    Gauss-Newton), ``se`` is sqrt(diag(H^-1)) mapped back to the parameter's units: the change
    that raises the objective by about one unit when the others adjust. A large ``se`` relative to
    the range, or a small ``own_curvature`` (diag H), means the data say little about the parameter.
    """
    names = [e.name for e in ESTIMATED]
    x = to_unit([fit.values[n] for n in names])
    tol = np.array([m.rule.tolerance for m in objective.moments])
    cols = []
    for j in range(len(names)):
        up, down = x.copy(), x.copy()
        up[j] += step
        down[j] -= step
        mu = objective.evaluate(dict(zip(names, from_unit(up).tolist())))[1]
        md = objective.evaluate(dict(zip(names, from_unit(down).tolist())))[1]
        cols.append((mu - md) / (2 * step) / tol)
    J = np.array(cols).T  # (moments, parameters)
    H = J.T @ J
    cov = np.linalg.pinv(H)
    est = ESTIMATED
    lo, hi = np.array([e.low for e in est]), np.array([e.high for e in est])
    u = (np.array([fit.values[n] for n in names]) - lo) / (hi - lo)
    dvalue_dx = (hi - lo) * u * (1 - u)  # derivative of the logistic map
    cov_values = cov * np.outer(dvalue_dx, dvalue_dx)  # in the parameters' own units
    out = []
    for j, e in enumerate(est):
        strongest = int(np.argmax(np.abs(J[:, j])))
        out.append({
            "parameter": e.name, "value": fit.values[e.name], "low": e.low, "high": e.high,
            "se": float(math.sqrt(max(cov_values[j, j], 0.0))),
            "own_curvature": float(H[j, j]),
            "most_sensitive_moment": objective.moments[strongest].label,
            "covariance": [float(x) for x in cov_values[j]],  # with each estimate, in ESTIMATED order
        })
    return out


# ------------------------------------------------------------------ the calibration file
def write_calibration(fit: Fit, train_until: int, seeds: list[int], scale: float, path: Path = CALIBRATION_FILE,
                      covariance: dict[str, list[float]] | None = None) -> None:
    """Write the estimates, with how they were made and their approximate covariance, atomically."""
    lines = [
        "# Behavioural parameters estimated by `python -m model calibrate` (docs/calibration.md).",
        "# Every scenario uses these values unless its [parameters] table overrides them.",
        "[calibration]",
        f'made = "{datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}"',
        f"train_until = {train_until}",
        f"seeds = {list(seeds)}",
        f"scale = {json.dumps(scale)}",
        f"objective = {fit.objective:.6g}",
        f"evaluations = {fit.evaluations}",
        "",
        "[parameters]",
    ] + [f"{name} = {value!r}" for name, value in fit.values.items()]
    if covariance:  # for reading the identification; ensembles draw from the posterior (experiments.posterior)
        lines += ["", "# Approximate covariance of the estimates (docs/calibration.md, identification): each",
                  "# estimated parameter's row, in the order of [parameters] (the satellite account's fitted",
                  "# rates, after them, have none). Collinear estimates (the sector trends)",
                  "# have large variances but strongly correlated errors.",
                  "[covariance]"] + [f"{name} = {[float(x) for x in row]!r}" for name, row in covariance.items()]
    write_whole(path, "\n".join(lines) + "\n")


# ------------------------------------------------------------------ bands over seeds
QUANTILES = (5, 50, 95)


def bands(runs: list[dict[int, dict[str, float]]], columns: list[str]) -> dict[str, dict[int, tuple[float, float, float]]]:
    """column -> year -> (p05, median, p95) over the runs."""
    years = sorted(runs[0])
    out = {}
    for c in columns:
        out[c] = {}
        for y in years:
            vals = np.array([r[y][c] for r in runs], dtype=float)
            if np.isnan(vals).all():
                continue
            p05, med, p95 = np.nanpercentile(vals, QUANTILES)
            out[c][y] = (float(p05), float(med), float(p95))
    return out


# ------------------------------------------------------------------ the command's workflow
@dataclass(frozen=True)
class CalibrationSettings:
    """What ``calibrate`` and ``backtest`` run: the scenario fitted, the data year they may read up to, seeds
    (common random numbers for every candidate), band seeds (others, for the bands at the estimates), scale,
    the optimiser's budget, workers (None: all cores) and the indicators file."""

    scenario: str = "baseline"
    train_until: int = 2025
    seeds: int = 4
    band_seeds: int = 20
    scale: float = 1.0
    max_evaluations: int = DEFAULT_EVALUATIONS
    workers: int | None = None
    data: Path = INDICATORS_CSV

    @property
    def seed_list(self) -> list[int]:
        return list(range(1, self.seeds + 1))

    @property
    def band_seed_list(self) -> list[int]:
        return [1000 + k for k in range(self.band_seeds)]  # not the calibration's seeds


def registry_start(scenario) -> dict[str, float]:
    """The registry's documented values of the estimated parameters (not an earlier calibration's), so the
    same command, data and code give the same estimates."""
    registry = Parameters(scenario.parameters, calibrated=False)
    return {e.name: getattr(registry, e.name) for e in ESTIMATED}


def band_runs(scenario, values: dict[str, float], settings: CalibrationSettings, runner: Runner,
              end_year: int) -> list[dict[int, dict[str, float]]]:
    """The scenario at ``values`` on the band seeds, to ``end_year``."""
    jobs = [Job(scenario, values, s, settings.scale, end_year) for s in settings.band_seed_list]
    return runner.map(jobs, simulate)
