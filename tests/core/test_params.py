"""The parameter registry (model.core.params)."""
from __future__ import annotations

from model.core.params import PARAMETERS


def test_every_parameter_default_is_within_its_declared_range():
    outside = [p.name for p in PARAMETERS.values() if not p.low <= p.default <= p.high]
    assert outside == []
