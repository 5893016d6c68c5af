"""What each lever buys: extra public money on one lever at a time, against the same draws without it.

For each draw (a seed; with parameter uncertainty a draw of the calibrated
parameters; with priors a draw of the lever chains' parameters from
``model.core.priors``; all from ``ensemble.replication_stream``) the base scenario and
one variant per lever run with the same seed and parameters (common random
numbers), so the differences are the lever's alone. A variant adds ``extra``
per cent of GDP a year to the lever's budget from 2026 on (the base path
shifted up, everything before 2026 as it was). For each lever it reports, per
1 percent of GDP a year of extra spending:

- the effect on GDP in 2030 (per cent) and on mean growth in 2026-2030
  (points);
- the cumulative multiplier: extra GDP over 2026-2030 divided by the extra
  public money spent over those years (VND over VND), the measure the
  public-investment literature reports, set against its figures in the data
  (``prior`` rows: World Bank 2024, IMF 2017);
- bands over the draws (5th, 50th, 95th percentiles) and, for each pair of
  levers, the share of draws in which one beats the other.

The effects are what the model says; where they sit outside the evidence, the
report says so rather than hides it.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from model.core.categories import LEVERS
from model.core.data import load_indicators
from model.core.errors import UserError
from model.core.priors import draw_priors
from model.experiments.ensemble import draw_parameters
from model.experiments.streams import model_seed, replication_stream, substream
from model.experiments.parallel import Runner
from model.experiments.run import Job, annual
from model.outputs.charts import lever_multipliers
from model.outputs.folders import staged_folder
from model.outputs.results import RESULTS_DIR, manifest_basics, write_csv
from model.scenario import load_scenario
from model.scenario.schema import MAX_BUDGET_PCT_GDP
from model.scenario.types import LeverBudget, Scenario, YearPath

FROM_YEAR, TO_YEAR = 2026, 2030  # the plan period the extra money is measured over
QUANTILES = (5, 50, 95)
# The data's evidence on public-investment multipliers (indicator -> how the report names it).
MULTIPLIER_EVIDENCE = {
    "public_investment_multiplier_emde_wb2024_1yr": "World Bank 2024, 129 EMDEs, after 1 year",
    "public_investment_multiplier_emde_wb2024_5yr": "World Bank 2024, 129 EMDEs, after 5 years",
    "public_investment_multiplier_developing_imf2017": "Furceri and Li 2017 (IMF), developing economies, short term",
}


@dataclass(frozen=True)
class LeverSettings:
    base: str = "baseline"
    extra_pct_gdp: float = 0.5  # extra budget, per cent of GDP a year, from FROM_YEAR
    draws: int = 10
    seed: int = 1
    scale: float = 1.0
    parameter_uncertainty: bool = False  # draw the uncertain parameters from the posterior (model/data/posterior.csv)
    priors: bool = False  # draw the lever chains' parameters from their priors (model.core.priors)
    workers: int | None = None


def with_extra(scenario: Scenario, lever: str, extra_pct_gdp: float) -> Scenario:
    """The scenario with ``extra_pct_gdp`` more of GDP a year on ``lever`` from FROM_YEAR (its path before
    is unchanged; its points from then on shifted up)."""
    budget = scenario.budgets[lever]
    if budget.unit != "pct_gdp" or budget.then is not None:
        unit = budget.unit if budget.then is None else f"{budget.unit} and then {budget.then.unit}"
        raise UserError(f"levers: {scenario.name}'s {lever} budget is in {unit}; the lever report adds "
                        "per cent of GDP, so give the base's budgets as budget_pct_gdp")
    path = budget.path
    highest = max([path.value(float(FROM_YEAR))] + [v for t, v in path.points if t > FROM_YEAR])
    if highest + extra_pct_gdp > MAX_BUDGET_PCT_GDP:
        raise UserError(f"levers --extra {extra_pct_gdp:g}: {scenario.name}'s {lever} budget reaches {highest:g} "
                        f"per cent of GDP, and a lever's budget may be at most {MAX_BUDGET_PCT_GDP:g}; give a "
                        "smaller --extra")
    # The path as it was up to the last quarter before FROM_YEAR (a point there, so that straight lines do
    # not carry the extra money back into earlier years), then shifted up.
    last = FROM_YEAR - 0.25
    points = [p for p in path.points if p[0] < last] + [(last, path.value(last))]
    points.append((float(FROM_YEAR), path.value(float(FROM_YEAR)) + extra_pct_gdp))
    points += [(t, v + extra_pct_gdp) for t, v in path.points if t > FROM_YEAR]
    budgets = {**scenario.budgets, lever: LeverBudget("pct_gdp", YearPath(tuple(points)))}
    return dataclasses.replace(scenario, name=f"{scenario.name}+{lever}", budgets=budgets)


def with_idle(scenario: Scenario, extra_pct_gdp: float) -> Scenario:
    """The scenario with ``extra_pct_gdp`` of GDP a year of public money from FROM_YEAR that buys nothing: the
    cost of paying for a lever (borrowing, or the scenario's [fiscal] financing) without what it buys."""
    path = YearPath(((FROM_YEAR - 0.25, 0.0), (float(FROM_YEAR), extra_pct_gdp)))
    return dataclasses.replace(scenario, name=f"{scenario.name}+idle", idle_spending=LeverBudget("pct_gdp", path))


def _outcome(job: Job) -> dict:
    """GDP, growth and lever spending over the plan years of one run (module-level for the workers)."""
    by_year = annual(job)
    years = range(FROM_YEAR, TO_YEAR + 1)
    return {
        "gdp_2030": by_year[TO_YEAR]["gdp_vnd_bn"],
        "gdp_sum": sum(by_year[y]["gdp_vnd_bn"] for y in years),
        "growth": float(np.mean([by_year[y]["gdp_growth_pct"] for y in years])),
        "spend": {lever: sum(by_year[y][f"spend_{lever}_pct_gdp"] / 100.0 * by_year[y]["gdp_vnd_bn"] for y in years)
                  for lever in LEVERS},
        "own": {column: by_year[TO_YEAR][column] for column in OWN_OUTCOMES.values()},
    }


# The outcome each lever is meant to move first (2030 values), reported beside its effect on GDP.
OWN_OUTCOMES = {"infrastructure": "fiveg_coverage_pct", "skills": "basic_digital_skills_pct",
                "institutions": "online_public_services_pct"}


def lever_jobs(settings: LeverSettings) -> tuple[Scenario, list[Job]]:
    """The base and one variant per lever for each draw: (base scenario, jobs in draw-major order)."""
    base = load_scenario(settings.base)
    if base.end_year < TO_YEAR or base.start_year > FROM_YEAR - 1:
        raise UserError(f"levers: {settings.base} runs {base.start_year}-{base.end_year}; the report needs "
                        f"{FROM_YEAR - 1}-{TO_YEAR}")
    variants = [base] + [with_extra(base, lever, settings.extra_pct_gdp) for lever in LEVERS] + [
        with_idle(base, settings.extra_pct_gdp)]
    jobs = []
    for i in range(settings.draws):
        stream = replication_stream(settings.seed, i)
        parameters = draw_parameters(stream, base.parameters) if settings.parameter_uncertainty else {}
        if settings.priors:
            # The posterior's draw, where there is one, wins: it holds the priors' parameters updated by history.
            parameters = {**draw_priors(substream(stream, 1), base.parameters), **parameters}
        jobs += [Job(s, parameters, model_seed(stream), settings.scale, end_year=TO_YEAR) for s in variants]
    return base, jobs


def effects(outcomes: list[dict], extra_pct_gdp: float) -> list[dict]:
    """One row per draw and lever: the lever's effects per 1 percent of GDP a year, against its draw's base;
    and what the same money costs when it buys nothing (the draw's idle variant), so that the effect splits
    into paying for it and what it buys."""
    per = 2 + len(LEVERS)
    rows = []
    for draw in range(len(outcomes) // per):
        base = outcomes[draw * per]
        idle = outcomes[draw * per + per - 1]
        paying = 100.0 * (idle["gdp_2030"] / base["gdp_2030"] - 1.0) / extra_pct_gdp
        for k, lever in enumerate(LEVERS, start=1):
            o = outcomes[draw * per + k]
            extra_money = o["spend"][lever] - base["spend"][lever]
            own = OWN_OUTCOMES[lever]
            effect = 100.0 * (o["gdp_2030"] / base["gdp_2030"] - 1.0) / extra_pct_gdp
            rows.append({
                "draw": draw, "lever": lever,
                "gdp_2030_pct_per_pct_gdp": effect,
                "paying_gdp_2030_pct_per_pct_gdp": paying,
                "bought_gdp_2030_pct_per_pct_gdp": effect - paying,
                "growth_pp_per_pct_gdp": (o["growth"] - base["growth"]) / extra_pct_gdp,
                "cumulative_multiplier": (o["gdp_sum"] - base["gdp_sum"]) / extra_money if extra_money > 0 else np.nan,
                "own_outcome": own,
                "own_outcome_change": o["own"][own] - base["own"][own],
            })
    return rows


SUMMARISED = ("gdp_2030_pct_per_pct_gdp", "growth_pp_per_pct_gdp", "cumulative_multiplier", "own_outcome_change",
              "paying_gdp_2030_pct_per_pct_gdp", "bought_gdp_2030_pct_per_pct_gdp")


def summary(rows: list[dict]) -> list[dict]:
    """Per lever: mean and percentiles over the draws of each effect."""
    out = []
    for lever in LEVERS:
        mine = [r for r in rows if r["lever"] == lever]
        row = {"lever": lever, "draws": len(mine), "own_outcome": OWN_OUTCOMES[lever]}
        for column in SUMMARISED:
            values = np.array([r[column] for r in mine], dtype=float)
            row[f"{column}_mean"] = float(np.nanmean(values)) if np.isfinite(values).any() else np.nan
            for q in QUANTILES:
                row[f"{column}_p{q}"] = float(np.nanpercentile(values, q)) if np.isfinite(values).any() else np.nan
        out.append(row)
    return out


def beats(rows: list[dict], column: str = "gdp_2030_pct_per_pct_gdp") -> list[dict]:
    """For each ordered pair of levers, the share of draws in which the first's effect is larger."""
    by = {lever: {r["draw"]: r[column] for r in rows if r["lever"] == lever} for lever in LEVERS}
    out = []
    for a in LEVERS:
        for b in LEVERS:
            if a != b:
                draws = sorted(by[a])
                out.append({"lever": a, "against": b, "measure": column,
                            "probability_larger": float(np.mean([by[a][d] > by[b][d] for d in draws]))})
    return out


def evidence() -> list[dict]:
    """The data's public-investment multipliers (``prior`` rows), with their sources."""
    rows = []
    for r in load_indicators():
        if r.indicator in MULTIPLIER_EVIDENCE:
            rows.append({"indicator": r.indicator, "what": MULTIPLIER_EVIDENCE[r.indicator], "value": r.value,
                         "unit": r.unit, "source": r.source})
    return rows


def verdict(row: dict, evidence_rows: list[dict]) -> str:
    """Where a lever's median cumulative multiplier sits against the evidence's range."""
    values = [e["value"] for e in evidence_rows]
    m = row["cumulative_multiplier_p50"]
    if not values or not np.isfinite(m):
        return "no comparison"
    lo, hi = min(values), max(values)
    if m < lo:
        return f"below the evidence ({m:.2f} < {lo:g})"
    if m > hi:
        return f"above the evidence ({m:.2f} > {hi:g})"
    return f"within the evidence ({lo:g}-{hi:g})"


def levers_chart(rows: list[dict], evidence_rows: list[dict], path: Path) -> Path:
    """Each lever's cumulative multiplier per draw, with the evidence's range shaded (outputs.charts)."""
    draws = {lever: [r["cumulative_multiplier"] for r in rows if r["lever"] == lever] for lever in LEVERS}
    values = [e["value"] for e in evidence_rows]
    return lever_multipliers(draws, (min(values), max(values)) if values else None, path)


def write_levers_page(out: Path, settings: LeverSettings) -> list[Path]:
    """docs/levers.md and its figure from a lever report run with ``settings``; returns the files written."""
    rows, table, pairs = lever_report(settings)
    evidence_rows = evidence()
    chart = levers_chart(rows, evidence_rows, out / "figures" / "levers.png")

    def band(row, column, digits=2):
        return (f"{row[column + '_p50']:.{digits}f} ({row[column + '_p5']:.{digits}f} to "
                f"{row[column + '_p95']:.{digits}f})")

    lines = [
        "# What each lever buys",
        "",
        "<!-- generated by `python -m model docs` (model/experiments/levers.py); do not edit by hand -->",
        "",
        f"Each lever gets {settings.extra_pct_gdp:g} percent of GDP a year more public money than in "
        f"`{settings.base}` from {FROM_YEAR}, one lever at a time. Each variant runs with the same seed and "
        f"parameters as its base ({settings.draws} draws, scale {settings.scale:g}"
        f"{', parameters drawn from the posterior (docs/posterior.md)' if settings.parameter_uncertainty else ''}"
        f"{', the lever chains drawn from their priors (model/core/priors.py)' if settings.priors else ''}), "
        "so every difference comes from the lever alone. Effects are per 1 percent of GDP a year. Each cell "
        "shows the median and, in brackets, the 5th to 95th percentile over the draws. The cumulative "
        f"multiplier is the extra GDP of {FROM_YEAR}-{TO_YEAR} divided by the extra public money spent in "
        "those years, the measure the public-investment literature reports. Run it yourself with "
        f"`python -m model levers --draws {settings.draws}{' --priors' if settings.priors else ''}"
        f"{' --parameter-uncertainty' if settings.parameter_uncertainty else ''}`.",
        "",
        "| Lever | GDP 2030, % | of which paying for it | of which what it buys | Growth 2026-2030, pp | "
        "Cumulative multiplier | Own outcome (2030) | Against the evidence |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in table:
        lines.append(f"| {row['lever']} | {band(row, 'gdp_2030_pct_per_pct_gdp')} | "
                     f"{band(row, 'paying_gdp_2030_pct_per_pct_gdp')} | {band(row, 'bought_gdp_2030_pct_per_pct_gdp')} | "
                     f"{band(row, 'growth_pp_per_pct_gdp')} | {band(row, 'cumulative_multiplier')} | "
                     f"`{row['own_outcome']}` {band(row, 'own_outcome_change')} | {row['against_evidence']} |")
    lines += ["", "*Paying for it* is the effect on 2030 GDP of the same money spent on nothing, financed the same "
              "way (by default borrowing: the debt raises the real rate, and the rate and the crowded-in money "
              "take private investment); *what it buys* is the rest. The model is supply-side: public money raises "
              "output only through what it builds or teaches, after its build lag (eight quarters for networks "
              "at a province of full capacity, four for laws and platforms, one for courses), while paying for "
              "it starts at once. The multipliers below include the demand effect of the spending itself, which "
              "the model has not (docs/model.md, section 11)."]
    lines += ["", "How often one lever raises 2030 GDP more than another, per VND, over the draws:", "",
              "| Lever | Beats | Share of draws |", "|---|---|---|"]
    lines += [f"| {p['lever']} | {p['against']} | {p['probability_larger']:.2f} |" for p in pairs]
    lines += ["", f"![Cumulative multipliers](figures/{chart.name})", "", "## The evidence", "",
              "| Multiplier | Value | Unit | Source |", "|---|---|---|---|"]
    lines += [f"| {e['what']} | {e['value']:g} | {e['unit']} | {e['source']} |" for e in evidence_rows]
    lines += ["", "A lever outside this range is not wrong by definition. Digital skills and institutions are "
              "not roads, and the studies measure average public investment. But a multiplier far outside it "
              "needs a reason that the chain from money to outcomes (docs/model.md, sections 7.2-7.7) can "
              "show. Training evaluations mostly find small effects: employment effects near zero for "
              "vocational training of the unemployed in Turkey (Hirshleifer et al.), +21 percent in Uganda "
              "(Alfonsi et al. 2017). Costs run from a few hundred to over USD 10,000 per person trained "
              "(J-PAL; data rows `training_*`).", ""]
    page = out / "levers.md"
    page.write_text("\n".join(lines), encoding="utf-8")
    return [page, chart]


def lever_report(settings: LeverSettings, runner: Runner | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """(per-draw rows, summary rows, pairwise rows) for ``settings``."""
    if not settings.extra_pct_gdp > 0:
        raise UserError(f"levers --extra {settings.extra_pct_gdp}: give a positive per cent of GDP a year")
    if settings.draws < 1:
        raise UserError(f"levers --draws {settings.draws}: give at least 1")
    _, jobs = lever_jobs(settings)
    own = runner is None
    runner = runner or Runner(settings.workers, jobs=len(jobs))
    try:
        outcomes = runner.map(jobs, _outcome)
    finally:
        if own:
            runner.close()
    rows = effects(outcomes, settings.extra_pct_gdp)
    table = summary(rows)
    evidence_rows = evidence()
    for row in table:
        row["against_evidence"] = verdict(row, evidence_rows)
    return rows, table, beats(rows)


def levers_to_folder(settings: LeverSettings, out: Path | None = None, overwrite: bool = False) -> Path:
    """Run the lever report and write its folder: levers.csv, draws.csv, beats.csv, evidence.csv, a chart
    and the manifest (last)."""
    out = Path(out) if out is not None else RESULTS_DIR / f"levers_{settings.base}"
    started = datetime.now(timezone.utc)
    rows, table, pairs = lever_report(settings)
    evidence_rows = evidence()
    with staged_folder(out, "levers", overwrite) as tmp:
        write_csv(tmp / "levers.csv", table)
        write_csv(tmp / "draws.csv", rows)
        write_csv(tmp / "beats.csv", pairs)
        write_csv(tmp / "evidence.csv", evidence_rows)
        (tmp / "figures").mkdir()
        levers_chart(rows, evidence_rows, tmp / "figures" / "levers.png")
        info = {"levers": dataclasses.asdict(settings), "from_year": FROM_YEAR, "to_year": TO_YEAR}
        info.update(manifest_basics(started))
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
