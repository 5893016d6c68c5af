"""The answer to the question, one row a scenario: does it reach 10%+ growth every year 2026-2030 and a
digital economy of 30% of GDP by 2030, and at what public cost?

``summary_row`` reads a run's annual rows and its target rows (``targets.evaluate_targets``); ``summary.csv``
holds one such row (``compare``: one a scenario). Labels come from the indicator catalogue (``SUMMARY``).
"""
from __future__ import annotations


from model.measure.catalogue import INDICATORS, PP, Text
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


# The summary's own columns, described as the catalogue describes the results columns.
SUMMARY = {
    "growth_mean_2026_2030_pct": (Text("Mean growth 2026-2030", "Tăng trưởng bình quân 2026-2030"),
                                  INDICATORS["gdp_growth_pct"].unit),
    "growth_min_2026_2030_pct": (Text("Lowest growth 2026-2030", "Tăng trưởng thấp nhất 2026-2030"),
                                 INDICATORS["gdp_growth_pct"].unit),
    "digital_economy_share_2030_pct": (Text("Digital economy 2030", "Kinh tế số năm 2030"),
                                       INDICATORS["digital_economy_share_pct"].unit),
    "public_cost_2026_2030_vnd_bn": (Text("Public cost of the levers 2026-2030", "Chi ngân sách cho các đòn bẩy 2026-2030"),
                                     INDICATORS["spend_total_vnd_bn"].unit),
    "public_cost_2026_2030_pct_gdp": (Text("Public cost of the levers 2026-2030", "Chi ngân sách cho các đòn bẩy 2026-2030"),
                                      Text("% of GDP, sum of years", "% GDP, cộng dồn các năm")),
    "digital_causal_contribution_2026_2030_pp": (
        Text("Digital economy's causal contribution 2026-2030", "Đóng góp nhân quả của kinh tế số 2026-2030"),
        Text("percentage points a year", "điểm phần trăm/năm")),
    "extra_growth_per_100tn_vnd_pp": (
        Text("Extra mean growth over the first scenario per VND 100 trillion of extra lever spending",
             "Tăng trưởng bình quân tăng thêm so với kịch bản đầu trên 100 nghìn tỷ đồng chi thêm"), PP),
    "causal_growth_per_100tn_vnd_pp": (
        Text("Causal contribution per VND 100 trillion of lever spending",
             "Đóng góp nhân quả trên 100 nghìn tỷ đồng chi cho các đòn bẩy"), PP),
}
MET = Text("met", "đạt")
NOT_MET = Text("not met", "chưa đạt")


def summary_label(column: str, lang: str, targets: list[dict] = ()) -> str:
    """The summary column's label with its unit; a ``met_<target>`` column is labelled from the target's row
    in ``targets`` (its indicator's catalogue label, the rule, the threshold read from the data, the year)."""
    if column in SUMMARY:
        words, unit = SUMMARY[column]
        return f"{words(lang)} ({unit(lang)})"
    if column.startswith("met_"):
        row = next((t for t in targets if met_column(t) == column), None)
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
    when = (EVERY_YEAR(lang).format(first=FIRST, last=LAST) if row["target"] == EVERY_YEAR_GROWTH
            else str(int(float(row["year"]))))
    return f"{TARGET(lang)}: {ind.label(lang)} {sign} {float(row['threshold']):g} ({ind.unit(lang)}), {when}"


TARGET = Text("Target", "Mục tiêu")
EVERY_YEAR = Text("every year {first}-{last}", "mỗi năm {first}-{last}")


__all__ = ["VND_100_TRILLION", "summary_row", "summary_label", "target_label", "met_column", "SUMMARY", "MET", "NOT_MET", "PLAN"]
