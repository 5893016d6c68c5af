"""The summary answers the plan period's question from a run's rows."""
from __future__ import annotations

import math

import pytest

from model.measure.summary import met_column, summary_label, summary_row
from model.measure.targets import evaluate_targets


def _annual(growth: dict[int, float], spend: float = 1000.0) -> list[dict]:
    rows = []
    for year in range(2015, 2031):
        rows.append({"year": year, "gdp_growth_pct": growth.get(year, 6.0), "digital_economy_share_pct": 12.0 + year - 2015,
                     "spend_total_vnd_bn": spend, "fiscal_cost_pct_gdp": 0.1, "digital_causal_contribution_pp": 0.3,
                     "min_sector_digital_share_pct": 5.0, "ecommerce_share_retail_pct": 8.0,
                     "basic_digital_skills_pct": 60.0, "fibre_households_pct": 85.0, "online_public_services_pct": 40.0,
                     "tfp_share_of_growth_pct": 50.0, "labour_productivity_growth_pct": 6.0,
                     "gdp_per_capita_usd": 5000.0, "gdp_per_capita_current_usd": 6000.0,
                     "public_debt_pct_gdp": 40.0, "investment_rate_pct": 33.0,
                     "current_account_pct_gdp": 1.0, "electronics_domestic_va_pct": 20.0})
    return rows


def test_mean_and_lowest_growth_over_the_plan_years_and_the_2030_share():
    annual = _annual({2026: 11.0, 2027: 12.0, 2028: 9.5, 2029: 10.0, 2030: 10.5})
    row = summary_row(annual, evaluate_targets(annual))
    assert row["growth_mean_2026_2030_pct"] == pytest.approx(10.6)
    assert row["growth_min_2026_2030_pct"] == pytest.approx(9.5)
    assert row["digital_economy_share_2030_pct"] == pytest.approx(27.0)
    assert row["public_cost_2026_2030_vnd_bn"] == pytest.approx(5000.0)
    assert row["public_cost_2026_2030_pct_gdp"] == pytest.approx(0.5)
    # 0.3 pp a year for VND 5,000 bn = 0.05 of VND 100 trillion
    assert row["causal_growth_per_100tn_vnd_pp"] == pytest.approx(0.3 / 0.05)
    assert row["met_target_gdp_growth_min_every_year_2026_2030_2030"] == "no"  # 2028 is below 10
    assert row["met_target_fibre_households_2025"] == "yes"


def test_a_run_that_stops_before_the_plan_ends_has_no_plan_answer():
    annual = [r for r in _annual({}) if r["year"] <= 2027]
    row = summary_row(annual, evaluate_targets(annual))
    assert math.isnan(row["growth_mean_2026_2030_pct"]) and math.isnan(row["public_cost_2026_2030_vnd_bn"])


def test_each_target_is_labelled_from_the_catalogue_and_its_threshold_from_the_data():
    annual = _annual({})
    targets = evaluate_targets(annual)
    share = next(t for t in targets if t["target"] == "target_digital_economy_share" and int(t["year"]) == 2030)
    assert summary_label(met_column(share), "en", targets) == \
        f"Target: Digital economy >= {share['threshold']:g} (% of GDP), 2030"
    assert summary_label(met_column(share), "vi", targets).startswith("Mục tiêu: Kinh tế số >= ")
    with pytest.raises(KeyError):
        summary_label("no_such", "en", targets)


def test_an_ensemble_summary_gives_medians_bands_and_the_probability_of_each_target():
    from model.measure.summary import ensemble_summary_row

    replications = []
    for growth in (9.0, 10.0, 11.0, 12.0):  # every plan year at this growth: three of four meet 10% every year
        annual = _annual({y: growth for y in range(2026, 2031)}, spend=1000.0 * growth)
        replications.append((annual, evaluate_targets(annual)))
    row = ensemble_summary_row(replications)
    assert row["replications"] == 4
    assert row["growth_mean_2026_2030_pct"] == pytest.approx(10.5)
    assert row["growth_mean_2026_2030_pct_p05"] == pytest.approx(9.15)  # numpy's linear percentiles
    assert row["growth_mean_2026_2030_pct_p95"] == pytest.approx(11.85)
    assert row["public_cost_2026_2030_vnd_bn_p95"] > row["public_cost_2026_2030_vnd_bn"]
    assert row["probability_met_target_gdp_growth_min_every_year_2026_2030_2030"] == 0.75
    assert row["probability_met_target_digital_economy_share_2030"] == 0.0  # 27% in 2030 in these rows
    label = summary_label("probability_met_target_gdp_growth_min_every_year_2026_2030_2030", "vi",
                          evaluate_targets(replications[0][0]))
    assert label.startswith("Mục tiêu: Tăng trưởng GDP thực tế >= 10") and label.endswith("mỗi năm 2026-2030")


def test_an_ensemble_summary_keeps_a_target_the_first_replication_cannot_judge():
    # found in review: columns were taken from the first replication only
    from model.measure.summary import ensemble_summary_row

    replications = []
    for growth in (9.0, 11.0, 12.0):
        annual = _annual({y: growth for y in range(2026, 2031)})
        replications.append((annual, evaluate_targets(annual)))
    for row in replications[0][0]:
        row["digital_economy_share_pct"] = math.nan  # the first replication cannot judge the digital targets
    replications[0] = (replications[0][0], evaluate_targets(replications[0][0]))
    row = ensemble_summary_row(replications)
    assert row["probability_met_target_digital_economy_share_2030"] == 0.0  # judged on the two that can
    assert row["digital_economy_share_2030_pct"] == pytest.approx(27.0)
