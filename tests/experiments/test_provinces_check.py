"""The provinces' check of docs/validation.md (model.experiments.validation.provincial_digital_check): the model's
2022 provincial digital-economy shares against the data's."""
from __future__ import annotations

import numpy as np
import pytest

from model.experiments.validation import provinces_section, provincial_digital_check, spearman


@pytest.fixture(scope="module")
def check(runner):
    return provincial_digital_check([runner("baseline", seed).model for seed in (1, 2, 3)])


def test_provincial_digital_shares_follow_the_data(check):
    assert check["units_with_data"] == 12
    assert check["rank_correlation"] > 0.5
    assert check["bac_ninh_unit"] == "Bắc Ninh" and check["bac_ninh_model_rank"] <= 3
    # the unit is well above the national share, as in the data (49.5 against 14.6 percent)
    assert check["bac_ninh_model_pct"] > 1.5 * check["national_model_pct"]
    assert check["bac_ninh_data_pct"] == pytest.approx(49.48)


def test_the_section_reports_the_numbers(check, runner):
    text = "\n".join(provinces_section([runner("baseline", seed).model for seed in (1, 2, 3)]))
    assert f"{check['rank_correlation']:.2f}" in text and "Bắc Ninh" in text


def test_spearman_is_rank_correlation_with_ties():
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(np.corrcoef([1, 2.5, 2.5, 4], [1, 2, 3, 4])[0, 1])
