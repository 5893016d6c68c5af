"""What a person reads on screen after ``run`` and ``compare``: the summary (``model.measure.summary``) in
English or Vietnamese, numbers rounded for reading (the CSV files keep full precision)."""
from __future__ import annotations

import math
import textwrap

from model.measure.catalogue import SUMMARY, phrase
from model.measure.summary import BAND, met_column, summary_label

# Columns of the comparison table and how many decimals each is read with.
COMPARED = (("growth_mean_2026_2030_pct", 1), ("growth_min_2026_2030_pct", 1), ("digital_economy_share_2030_pct", 1),
            ("public_cost_2026_2030_pct_gdp", 2), ("extra_growth_per_100tn_vnd_pp", 2))


def readable(value, decimals: int = 1) -> str:
    """A number rounded for people: thousands separated, NaN as a dash."""
    if isinstance(value, str):
        return value
    if value is None or math.isnan(float(value)):
        return "-"
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{decimals}f}"


def _met_words(value: str, lang: str) -> str:
    return phrase("met", lang) if value == "yes" else phrase("not_met", lang) if value == "no" else "-"


def run_summary_lines(summary: dict, targets: list[dict], out: str, lang: str) -> list[str]:
    """The run's answer, one line an item: the summary's numbers, then each plan target met or not."""
    lines = [phrase("results_in", lang, out=out)]
    numbers = [c for c in SUMMARY if c in summary]
    width = max(len(summary_label(c, lang)) for c in numbers)
    for column in numbers:
        lines.append(f"  {summary_label(column, lang):<{width}}  {readable(summary[column], _decimals(column)):>10}")
    rows = [t for t in targets if met_column(t) in summary]
    met = sum(1 for t in rows if summary[met_column(t)] == "yes")
    lines.append("  " + phrase("targets_met", lang, met=met, checked=len(rows)))
    for t in rows:
        lines.append(f"    {_met_words(summary[met_column(t)], lang):<8} {summary_label(met_column(t), lang, targets)}")
    return lines


def _decimals(column: str) -> int:
    """How many decimals a summary figure is read with: VND billions whole, percentage points to two."""
    return 0 if column.endswith("_vnd_bn") else 2 if column.endswith("_pp") else 1


def ensemble_summary_lines(summary: dict, targets: list[dict], out: str, lang: str) -> list[str]:
    """An ensemble's answer: each summary figure's median with its 5-95% band over the replications, each plan
    target's probability, and what the replications differ in (so a probability is not read as more)."""
    lines = [phrase("ensemble_results_in", lang, out=out, n=int(summary["replications"]))]
    numbers = [c for c in SUMMARY if c in summary]
    width = max(len(summary_label(c, lang)) for c in numbers)
    lines.append(f"  {'':<{width}}  {phrase('median_band', lang)}")
    for column in numbers:
        d = _decimals(column)
        low, high = (summary[f"{column}_p{p:02d}"] for p in BAND)
        lines.append(f"  {summary_label(column, lang):<{width}}  {readable(summary[column], d):>10}  "
                     f"({readable(low, d)} - {readable(high, d)})")
    lines.append("  " + phrase("probabilities", lang))
    for t in targets:
        column = f"probability_{met_column(t)}"
        if column in summary:
            interval = f"({_percent(t.get('probability_low'))}-{_percent(t.get('probability_high'))})"
            lines.append(f"    {_percent(t.get('probability', summary[column])):>5} {interval:<11} "
                         f"{summary_label(column, lang, targets)}")
    def said(column: str) -> bool:  # a True of summary.csv, read back as text or not
        return str(summary.get(column)) in ("True", "true", "1")

    note = phrase("seeds_and_parameters" if said("parameter_uncertainty") else "seeds_only", lang)
    if said("model_error"):
        note += " " + phrase("model_error_added", lang)
    stretch = _number(summary.get("band_stretch"))  # empty (NaN) when the bands are as the replications give them
    if math.isfinite(stretch):
        note += " " + phrase("band_stretch_added", lang, factor=stretch)
    lines.append(textwrap.fill(note, width=100, initial_indent="  ", subsequent_indent="  ",
                               break_on_hyphens=False))  # an option such as --no-band-stretch stays whole
    return lines


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _percent(probability) -> str:
    return "-" if probability is None or math.isnan(float(probability)) else f"{100 * float(probability):.0f}%"


def compare_table_lines(rows: list[dict], titles: dict[str, str], lang: str) -> list[str]:
    """One row a scenario (its title), one column a summary figure; the targets met as a count."""
    headers = [phrase("scenario", lang)] + [summary_label(c, lang) for c, _ in COMPARED] + [phrase("targets_met_header", lang)]
    body = []
    for row in rows:
        met = [v for k, v in row.items() if k.startswith("met_")]
        body.append([titles.get(row["scenario"], row["scenario"])]
                    + [readable(row.get(c, float("nan")), d) for c, d in COMPARED]
                    + [f"{sum(v == 'yes' for v in met)}/{len(met)}"])
    # One line a scenario: the headers are long, so each is listed once above the table, numbered.
    lines = [f"  [{k}] {h}" for k, h in enumerate(headers[1:], start=1)]
    widths = [max(len(r[0]) for r in body + [[headers[0]]])] + [max(len(f"[{k}]"), 8) for k in range(1, len(headers))]
    lines.append("  " + "  ".join([headers[0].ljust(widths[0])] + [f"[{k}]".rjust(widths[k])
                                                                   for k in range(1, len(headers))]))
    for r in body:
        lines.append("  " + "  ".join([r[0].ljust(widths[0])] + [r[k].rjust(widths[k]) for k in range(1, len(r))]))
    return lines


__all__ = ["readable", "run_summary_lines", "ensemble_summary_lines", "compare_table_lines"]
