"""The answer to the question, one row a scenario: does it reach 10%+ growth every year 2026-2030 and a
digital economy of 30% of GDP by 2030, and at what public cost?

``summary_row`` reads a run's annual rows and its target rows (``targets.evaluate_targets``); ``summary.csv``
holds one such row (``compare``: one a scenario; an ensemble: medians, bands and probabilities). Labels come
from the indicator catalogue (``catalogue.SUMMARY``).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from model.measure.catalogue import INDICATORS, SUMMARY, phrase
from model.measure.targets import AT_LEAST, EVERY_YEAR_GROWTH, PLAN_TARGET, PLAN_YEARS

FIRST, LAST = PLAN_YEARS
PLAN = tuple(range(FIRST, LAST + 1))
VND_100_TRILLION = 1e5  # VND billion: the unit growth per VND is quoted in


def _nan() -> float:
    return float("nan")


def summary_row(annual: list[dict], targets: list[dict]) -> dict[str, object]:
    """The plan period's answer from one run: mean and lowest growth 2026-2030, the 2030 digital share,
    which plan targets are met, the public cost of the levers 2026-2030, and the causal digital contribution
    per VND 100 trillion of that cost. NaN where the run does not cover the plan period."""
    by_year = {int(r["year"]): r for r in annual}
    covered = all(y in by_year for y in PLAN)
    growth = [float(by_year[y]["gdp_growth_pct"]) for y in PLAN] if covered else []
    row: dict[str, object] = {
        "growth_mean_2026_2030_pct": sum(growth) / len(growth) if covered else _nan(),
        "growth_min_2026_2030_pct": min(growth) if covered else _nan(),
        "digital_economy_share_2030_pct": float(by_year[LAST]["digital_economy_share_pct"]) if LAST in by_year
        else _nan(),
    }
    cost = sum(float(by_year[y]["spend_total_vnd_bn"]) for y in PLAN) if covered else _nan()
    row["public_cost_2026_2030_vnd_bn"] = cost
    row["public_cost_2026_2030_pct_gdp"] = sum(float(by_year[y]["fiscal_cost_pct_gdp"]) for y in PLAN) \
        if covered else _nan()
    causal = [float(by_year[y].get("digital_causal_contribution_pp", _nan())) for y in PLAN] if covered else []
    mean_causal = sum(causal) / len(causal) if causal else _nan()
    row["digital_causal_contribution_2026_2030_pp"] = mean_causal
    row["causal_growth_per_100tn_vnd_pp"] = mean_causal / (cost / VND_100_TRILLION) if cost > 0 else _nan()
    for t in targets:
        if t["kind"] == PLAN_TARGET and t["met"] in ("yes", "no"):
            row[met_column(t)] = t["met"]
    return row


# The annual columns summary_row reads (an ensemble keeps these of each replication).
SUMMARY_INPUTS = ("gdp_growth_pct", "digital_economy_share_pct", "spend_total_vnd_bn", "fiscal_cost_pct_gdp",
                  "digital_causal_contribution_pp")
BAND = (5, 95)  # the ensemble summary's band: percentiles over the replications


def ensemble_summary_row(replications: Iterable[tuple[list[dict], list[dict]]]) -> dict[str, object]:
    """The ensemble's answer from each replication's (annual rows, target rows): every summary figure's median
    over the replications with its 5-95% band (``<column>_p05``, ``<column>_p95``), and for each plan target
    the probability that it is met (``probability_<met column>``: the share of replications meeting it).
    ``replications`` may be a generator: only each replication's summary values are kept, by column."""
    by_column: dict[str, list] = {}  # in order of first appearance; a NaN in one replication leaves a column
    count = 0  #                      out of that replication's row only
    for annual, targets in replications:
        count += 1
        for column, value in summary_row(annual, targets).items():
            by_column.setdefault(column, []).append(value)
    out: dict[str, object] = {"replications": count}
    for column in (c for c in SUMMARY if c in by_column):
        values = np.array([float(v) for v in by_column[column]], float)
        values = values[~np.isnan(values)]
        low, mid, high = np.percentile(values, (BAND[0], 50, BAND[1])) if values.size else (_nan(),) * 3
        out |= {column: float(mid), f"{column}_p{BAND[0]:02d}": float(low), f"{column}_p{BAND[1]:02d}": float(high)}
    for column in [c for c in by_column if c.startswith("met_")]:
        known = [v for v in by_column[column] if v in ("yes", "no")]
        out[f"probability_{column}"] = sum(v == "yes" for v in known) / len(known) if known else _nan()
    return out


def summary_label(column: str, lang: str, targets: list[dict] = ()) -> str:
    """The summary column's label with its unit; a ``met_<target>`` column is labelled from the target's row
    in ``targets`` (its indicator's catalogue label, the rule, the threshold read from the data, the year)."""
    if column in SUMMARY:
        words, unit = SUMMARY[column]
        return f"{words(lang)} ({unit(lang)})"
    if column.startswith("met_") or column.startswith("probability_met_"):
        row = next((t for t in targets if met_column(t) == column.removeprefix("probability_")), None)
        if row is not None:
            return target_label(row, lang)
    raise KeyError(f"summary column {column!r} has no label in model/measure/summary.py")


def met_column(row: dict) -> str:
    """The summary column saying whether a target row (targets.csv) is met: the target and its year."""
    return f"met_{row['target']}_{int(float(row['year']))}"


def target_label(row: dict, lang: str) -> str:
    """"Target: Real GDP growth >= 10 (% a year), every year 2026-2030" from a target row (targets.csv)."""
    ind = INDICATORS[row["indicator"]]
    sign = ">=" if row["rule"] == AT_LEAST else "<="
    when = (phrase("every_year", lang, first=FIRST, last=LAST) if row["target"] == EVERY_YEAR_GROWTH
            else str(int(float(row["year"]))))
    return phrase("target_line", lang, what=ind.label(lang), sign=sign, value=float(row["threshold"]),
                  unit=ind.unit(lang), when=when)


__all__ = ["VND_100_TRILLION", "summary_row", "ensemble_summary_row", "SUMMARY_INPUTS", "BAND", "summary_label", "target_label", "met_column", "PLAN"]
