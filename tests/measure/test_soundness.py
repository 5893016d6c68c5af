"""model.measure.soundness: passes a shipped run, and each check fires on a table broken on purpose."""
from __future__ import annotations

import copy
import math

import pytest

from conftest import run_scenario
from model.measure.soundness import GROWTH_BOUNDS_PCT, column_kind, soundness_problems, table_problems


@pytest.fixture(scope="module")
def baseline():
    return run_scenario("baseline", scale=0.5)


def test_shipped_baseline_is_sound(baseline):
    assert soundness_problems(baseline.model) == []


def test_every_column_is_classed(baseline):
    assert all(column_kind(k) is not None for k in baseline.model.annual_rows()[0])


@pytest.mark.parametrize("column, value, words", [
    ("ecommerce_share_retail_pct", 100.5, "a share"), ("trust_index", 1.2, "an index"),
    ("capital_vnd_bn", -1.0, "may not be negative"), ("internet_users_pct", math.nan, "not a finite"),
])
def test_each_bound_fires(baseline, column, value, words):
    rows = copy.deepcopy(baseline.model.annual_rows())
    rows[3][column] = value
    problems = table_problems(rows, baseline.model.params.net_tax_share)
    assert any(column in p and words in p for p in problems)


def test_accounts_growth_and_capital_checks_fire(baseline):
    p = baseline.model.params
    rows = copy.deepcopy(baseline.model.annual_rows())
    rows[2]["va_finance_vnd_bn"] *= 1.01
    assert any("sum of the sectors" in x for x in table_problems(rows, p.net_tax_share))
    rows = copy.deepcopy(baseline.model.annual_rows())
    factor = 1.0 + (GROWTH_BOUNDS_PCT[1] + 5.0) / 100.0
    for r in rows[4:]:
        for k in ("gdp_vnd_bn", "value_added_vnd_bn") + tuple(x for x in r if x.startswith("va_")):
            r[k] *= factor
    problems = table_problems(rows, p.net_tax_share)
    assert any("GDP growth" in x for x in problems)
    rows = copy.deepcopy(baseline.model.annual_rows())
    rows[5]["capital_vnd_bn"] = 20 * rows[5]["gdp_vnd_bn"]
    assert any("capital/output" in x for x in table_problems(rows, p.net_tax_share))


def test_float_noise_below_zero_is_not_a_negative_value(baseline):
    # a property draw of issue 13: the NSO services group's digital value added, core less electronics when the
    # whole core is electronics, came out at -4e-16 per cent of GDP
    rows = copy.deepcopy(baseline.model.annual_rows())
    rows[3]["digital_va_services_pct_gdp"] = -3.6e-16
    assert not table_problems(rows, baseline.model.params.net_tax_share)
    rows[3]["digital_va_services_pct_gdp"] = -1e-6
    assert any("digital_va_services_pct_gdp" in p for p in table_problems(rows, baseline.model.params.net_tax_share))
