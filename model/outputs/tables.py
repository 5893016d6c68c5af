"""What a person reads on screen after ``run`` and ``compare``: the summary (``model.measure.summary``) in
English or Vietnamese, numbers rounded for reading (the CSV files keep full precision)."""
from __future__ import annotations

import math

from model.measure.catalogue import Text, phrase
from model.measure.summary import MET, NOT_MET, SUMMARY, met_column, summary_label

RESULTS_IN = Text("Results in {out}/", "Kết quả trong {out}/")
TARGETS_MET = Text("Plan targets met: {met} of {checked}", "Số mục tiêu đạt: {met}/{checked}")
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
    return MET(lang) if value == "yes" else NOT_MET(lang) if value == "no" else "-"


def run_summary_lines(summary: dict, targets: list[dict], out: str, lang: str) -> list[str]:
    """The run's answer, one line an item: the summary's numbers, then each plan target met or not."""
    lines = [RESULTS_IN(lang).format(out=out)]
    numbers = [c for c in SUMMARY if c in summary]
    width = max(len(summary_label(c, lang)) for c in numbers)
    for column in numbers:
        decimals = 0 if column.endswith("_vnd_bn") else 2 if column.endswith("_pp") else 1
        lines.append(f"  {summary_label(column, lang):<{width}}  {readable(summary[column], decimals):>10}")
    rows = [t for t in targets if met_column(t) in summary]
    met = sum(1 for t in rows if summary[met_column(t)] == "yes")
    lines.append("  " + TARGETS_MET(lang).format(met=met, checked=len(rows)))
    for t in rows:
        lines.append(f"    {_met_words(summary[met_column(t)], lang):<8} {summary_label(met_column(t), lang, targets)}")
    return lines


def compare_table_lines(rows: list[dict], titles: dict[str, str], lang: str) -> list[str]:
    """One row a scenario (its title), one column a summary figure; the targets met as a count."""
    headers = [phrase("scenario", lang)] + [summary_label(c, lang) for c, _ in COMPARED] + [TARGETS_MET(lang).split(":")[0]]
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


__all__ = ["readable", "run_summary_lines", "compare_table_lines"]
