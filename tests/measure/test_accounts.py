"""Accounting identities on a real short run (baseline at scale 0.1).

Firm-level totals are measured independently of ``QuarterRecord`` by a spy
that runs just before the accounts phase each quarter, so the records are
checked against the agents' state, not against themselves.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

import numpy as np
import pytest

from conftest import header, read_csv
from model.core.categories import DIGITAL_CORE, SECTORS
from model.core.data import PROVINCES_CSV
from model.engines.fast import VietnamEconomy
from model.rules.demography import population_growth
from model.measure.accounts import digital_account, digital_growth_split, digitalised_table, quarterly_table
from model.outputs.results import write_results
from model.scenario import load_scenario

SCALE = 0.1
GROWTH_PARTS = ("growth_capital_pp", "growth_digital_capital_pp", "growth_labour_pp", "growth_labour_quality_pp",
                "growth_tfp_pp")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Baseline at scale 0.1 with a spy on the accounts phase; its results folder written once."""
    m = VietnamEconomy(load_scenario("baseline"), scale=SCALE)
    seen = []
    accounts = m.accounts

    def spy():
        f, hh, p = m.firms, m.households, m.params
        va = f.weight * f.value_added
        digital = digitalised_table(p)[f.sector, f.maturity]  # each firm's own share, from its sector and maturity
        seen.append({
            "va": float(va.sum()),
            "core": float(va[f.sector == DIGITAL_CORE].sum()),
            "digitalised": float((va * digital)[f.sector != DIGITAL_CORE].sum()),
            "people": float((hh.weight * hh.members).sum()),
            "province_digital": np.bincount(f.province, weights=va * digital, minlength=m.geo.n),
        })
        accounts()

    m.accounts = spy
    m.run()
    out = write_results(m, tmp_path_factory.mktemp("accounts") / "baseline", datetime.now(timezone.utc),
                        figures=False)
    return m, seen, out


def _annual(out):
    return read_csv(out / "annual.csv")


def test_every_quarter_was_measured(run):
    m, seen, _ = run
    assert len(seen) == len(m.records) == m.n_quarters == 4 * 16


def test_gdp_is_value_added_grossed_up_for_net_taxes_every_quarter(run):
    m, seen, _ = run
    rows = quarterly_table(m.records, m.params, m.params.vnd_per_usd)
    for s, r, row in zip(seen, m.records, rows):
        assert r.gdp == pytest.approx(s["va"] / (1 - m.params.net_tax_share), rel=1e-12)
        # The account from sector sums (digital_value_added) is the firms' own shares summed.
        assert row["digital_core_vnd_bn"] == pytest.approx(s["core"], rel=1e-12)
        assert row["digitalisation_vnd_bn"] == pytest.approx(s["digitalised"], rel=1e-12)
        np.testing.assert_allclose(r.province_digital, s["province_digital"], rtol=1e-10)


def test_the_satellite_account_adds_up_by_sector_and_by_nso_group(run):
    """Digital value added: core plus digitalisation = the sum over sectors = the NSO's three groups = the
    provinces' sum; each sector's digital part is within its value added; growth of digital value added is
    its reclassification plus its output part."""
    m, _, out = run
    rows = _annual(out)
    for row in rows:
        gdp = float(row["gdp_vnd_bn"])
        by_sector = [float(row[f"digital_{n}_vnd_bn"]) for n in SECTORS]
        for n, d in zip(SECTORS, by_sector):
            assert 0.0 <= d <= float(row[f"va_{n}_vnd_bn"]) * (1 + 1e-6), n
        total = float(row["digital_core_vnd_bn"]) + float(row["digitalisation_vnd_bn"])
        assert sum(by_sector) == pytest.approx(total, rel=1e-6)
        groups = sum(float(row[f"digital_va_{g}_pct_gdp"]) for g in ("agriculture", "industry", "services"))
        assert groups == pytest.approx(100 * total / gdp, abs=1e-5)  # the files keep every digit
        assert float(row["digital_va_agriculture_pct_gdp"]) == pytest.approx(
            100 * float(row["digital_agriculture_vnd_bn"]) / gdp, abs=1e-5)
    provinces = defaultdict(float)
    for r in m.records:
        provinces[r.year] += float(r.province_digital.sum())
    for row in rows:
        total = float(row["digital_core_vnd_bn"]) + float(row["digitalisation_vnd_bn"])
        assert provinces[int(row["year"])] == pytest.approx(total, rel=1e-6)
    for before, now in zip(rows, rows[1:]):
        change = 100 * ((float(now["digital_core_vnd_bn"]) + float(now["digitalisation_vnd_bn"]))
                        - (float(before["digital_core_vnd_bn"]) + float(before["digitalisation_vnd_bn"]))) / float(before["gdp_vnd_bn"])
        assert float(now["digital_accounting_contribution_pp"]) == pytest.approx(change, abs=1e-4)


def test_reclassification_is_zero_when_no_sector_share_changes_and_all_of_a_share_change_otherwise():
    """By hand: two rows with the same digital shares give no reclassification; doubling one sector's share
    at the same value added is all reclassification."""
    def row(va_trade, digital_trade):
        r = {"gdp_vnd_bn": 100.0}
        for n in SECTORS:
            r[f"va_{n}_vnd_bn"], r[f"digital_{n}_vnd_bn"] = 10.0, 1.0
        r["va_trade_logistics_vnd_bn"], r["digital_trade_logistics_vnd_bn"] = va_trade, digital_trade
        return r
    grown = digital_growth_split(row(20.0, 2.0), row(10.0, 1.0))
    assert grown["digital_reclassification_pp"] == pytest.approx(0.0, abs=1e-12)
    assert grown["digital_accounting_contribution_pp"] == pytest.approx(1.0)
    relabelled = digital_growth_split(row(10.0, 2.0), row(10.0, 1.0))
    assert relabelled["digital_reclassification_pp"] == pytest.approx(relabelled["digital_accounting_contribution_pp"])
    assert relabelled["digital_reclassification_pp"] == pytest.approx(1.0)


def test_quarterly_csv_matches_the_records(run):
    m, _, out = run
    rows = read_csv(out / "quarterly.csv")
    assert [(int(r["year"]), int(r["quarter"])) for r in rows] == [(r.year, r.quarter) for r in m.records]
    for row, r in zip(rows, m.records):
        assert float(row["gdp_vnd_bn"]) == pytest.approx(r.gdp, rel=1e-9)


def test_annual_flows_are_sums_of_their_quarters(run):
    _, _, out = run
    quarters = defaultdict(list)
    for row in read_csv(out / "quarterly.csv"):
        quarters[int(row["year"])].append(row)
    for row in _annual(out):
        qs = quarters[int(row["year"])]
        assert len(qs) == 4
        for column in ("gdp_vnd_bn", "digital_core_vnd_bn", "digitalisation_vnd_bn", "spend_total_vnd_bn"):
            assert float(row[column]) == pytest.approx(sum(float(q[column]) for q in qs), rel=1e-9), column


def test_gdp_growth_is_the_change_in_annual_gdp(run):
    rows = _annual(run[2])
    assert rows[0]["gdp_growth_pct"] == ""  # no year before the first
    for before, now in zip(rows, rows[1:]):
        expected = 100 * (float(now["gdp_vnd_bn"]) / float(before["gdp_vnd_bn"]) - 1)
        assert float(now["gdp_growth_pct"]) == pytest.approx(expected, abs=1e-5)


def test_digital_economy_is_core_plus_digitalisation(run):
    for row in _annual(run[2]):
        total = float(row["digital_economy_share_pct"])
        assert total == pytest.approx(float(row["digital_core_share_pct"]) + float(row["digitalisation_share_pct"]),
                                      abs=1e-5)
        by_hand = 100 * (float(row["digital_core_vnd_bn"]) + float(row["digitalisation_vnd_bn"])) / float(row["gdp_vnd_bn"])
        assert total == pytest.approx(by_hand, abs=1e-5)


def test_share_and_adoption_columns_are_percentages(run):
    out = run[2]
    columns = [c for c in header(out / "annual.csv") if c.endswith("_pct") and "growth" not in c]
    assert {"internet_users_pct", "basic_digital_skills_pct", "digital_economy_share_pct",
            "firms_advanced_or_more_pct"} <= set(columns)
    for row in _annual(out):
        for c in columns:
            assert 0.0 <= float(row[c]) <= 100.0, (row["year"], c, row[c])


def test_sector_digital_shares_are_percentages_and_the_core_is_all_digital(run):
    for row in _annual(run[2]):
        for name in SECTORS:
            share = float(row[f"digital_share_{name}_pct"])
            assert 0.0 <= share <= 100.0
        assert float(row["digital_share_digital_core_pct"]) == pytest.approx(100.0)
        assert float(row["min_sector_digital_share_pct"]) == pytest.approx(
            min(float(row[f"digital_share_{n}_pct"]) for n in SECTORS if n != "digital_core"))


def test_household_weights_add_up_to_a_population_growing_at_its_rate(run):
    m, seen, _ = run
    p = m.params
    start = p.population_2015_mn * 1e6
    for q, (s, r) in enumerate(zip(seen, m.records)):
        assert r.values["population"] == pytest.approx(s["people"], rel=1e-12)
        # weights grow once a quarter (labour phase) before the quarter is measured
        growth = np.prod([1 + population_growth(2015 + k // 4) / 4 for k in range(q + 1)])
        assert s["people"] == pytest.approx(start * growth, rel=1e-9)


def test_growth_accounting_adds_up_to_gdp_growth(run):
    rows = _annual(run[2])
    checked = 0
    for row in rows[1:]:
        parts = sum(float(row[c]) for c in GROWTH_PARTS)
        assert parts == pytest.approx(float(row["gdp_growth_pct"]), abs=1e-5)  # the CSV keeps every digit
        checked += 1
    assert checked == len(rows) - 1 > 10


def test_growth_accounting_adds_up_exactly_in_memory(run):
    from model.measure.accounts import annual_table

    m = run[0]
    for row in annual_table(m.records, m.params, m.params.vnd_per_usd)[1:]:
        assert sum(row[c] for c in GROWTH_PARTS) == pytest.approx(row["gdp_growth_pct"], abs=1e-6)


def test_province_grdp_adds_up_to_national_gdp(run):
    out = run[2]
    national = {int(r["year"]): float(r["gdp_vnd_bn"]) for r in _annual(out)}
    grdp = defaultdict(float)
    count = defaultdict(int)
    for r in read_csv(out / "provinces.csv"):
        grdp[int(r["year"])] += float(r["grdp_vnd_bn"])
        count[int(r["year"])] += 1
    assert set(grdp) == set(national)
    n_provinces = len(read_csv(PROVINCES_CSV))
    for year, gdp in national.items():
        assert count[year] == n_provinces
        assert grdp[year] == pytest.approx(gdp, rel=1e-9)


def test_group_population_shares_add_up_to_100(run):
    totals = defaultdict(float)
    for r in read_csv(run[2] / "groups.csv"):
        totals[(r["group_type"], int(r["year"]))] += float(r["population_share_pct"])
    assert {t for t, _ in totals} == {"area", "income_quintile", "region", "age"}
    for key, total in totals.items():
        assert total == pytest.approx(100.0, abs=1e-4), key
