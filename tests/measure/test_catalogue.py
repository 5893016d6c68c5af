"""The indicator catalogue describes every results column, in both languages."""
from __future__ import annotations

import pytest

from conftest import run_scenario
from model.core.data import indicators_of_kind
from model.measure.catalogue import INDICATORS, LANGUAGES, UnknownColumn, indicator, label, language


def test_every_annual_column_of_a_run_is_in_the_catalogue_and_nothing_else():
    columns = set(run_scenario("baseline").annual[2030])
    assert columns - set(INDICATORS) == set(), "describe new results columns in model/measure/catalogue.py"
    assert set(INDICATORS) - columns == set(), "the catalogue describes columns no run writes"


def test_every_indicator_has_words_in_each_language_and_vietnamese_is_not_a_copy():
    copies = []
    for ind in INDICATORS.values():
        for lang in LANGUAGES:
            assert ind.label(lang).strip() and ind.unit(lang).strip(), (ind.column, lang)
        if ind.label("vi") == ind.label("en"):
            copies.append(ind.column)
    assert copies == []


def test_targets_named_by_the_catalogue_exist_in_the_data():
    targets = {t.indicator for t in indicators_of_kind("target")}
    named = {ind.target for ind in INDICATORS.values() if ind.target}
    assert named and named <= targets


def test_an_unknown_column_says_where_to_describe_it():
    with pytest.raises(UnknownColumn, match="catalogue.py"):
        indicator("no_such_column")
    assert label("gdp_growth_pct", "vi") == "Tăng trưởng GDP thực tế"


def test_language_from_the_request_else_the_locale(monkeypatch):
    assert language("vi") == "vi"
    with pytest.raises(ValueError, match="allowed en, vi"):
        language("fr")
    monkeypatch.setenv("LC_ALL", "vi_VN.UTF-8")
    assert language() == "vi"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert language() == "en"
