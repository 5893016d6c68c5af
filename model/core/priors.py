"""Priors: what is known of an uncertain parameter before the model is fitted, as a shape over a range.

The registry (``model.core.params``) gives each parameter the range a scenario
may set, which is wide on purpose (any value in it must run soundly). A prior
is narrower: where the evidence puts the parameter, with the source that says
so, or a wide range that says no source was found. Calibrated parameters get
their uncertainty from the calibration instead (``experiments.ensemble.
draw_parameters``); the two sets do not overlap (tests/core/test_priors.py).

Issue 12 starts this file with the skills lever's chain; the other levers'
links join it as they are sourced.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np


@dataclass(frozen=True)
class Prior:
    shape: str  # "uniform" or "loguniform" (for costs and capacities known to a factor, not to a difference)
    low: float
    high: float
    source: str

    def draw(self, rng: np.random.Generator) -> float:
        if self.shape == "loguniform":
            return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))
        return float(rng.uniform(self.low, self.high))


PRIORS: MappingProxyType[str, Prior] = MappingProxyType({
    # The skills lever: money -> places (cost, capacity) -> skill (course gains).
    "skills_cost_per_person": Prior(
        "loguniform", 1.5, 25.0,
        "J-PAL: a few hundred to over USD 10,000 per person trained in vocational programmes (data); a short "
        "digital-literacy course is at or below the low end: about USD 60-1,000"),
    "advanced_training_cost_per_person": Prior(
        "loguniform", 100.0, 520.0,
        "semiconductor workforce programme: VND 280 m training, VND 520 m all-in per trainee (data); shorter ICT "
        "and AI courses cheaper (low end an assumption)"),
    "basic_training_capacity_mn": Prior(
        "loguniform", 1.0, 15.0, "no source found: from about 1 to 20 percent of adults a year"),
    "advanced_training_capacity_k": Prior(
        "loguniform", 30.0, 150.0,
        "about 55-60 thousand ICT graduates a year (TopDev, as recalled) plus the semiconductor programme's 7 "
        "thousand, from half to two and a half times that"),
    "training_capacity_growth": Prior("uniform", 0.0, 0.15, "no source found: new labs and faculties take years"),
    "basic_course_gain": Prior(
        "uniform", 0.05, 0.6,
        "no evaluation of a digital-literacy course's effect on measured skill found; training effects are "
        "mostly small (Card, Kluve and Weber 2018; McKenzie 2017)"),
    "advanced_course_gain": Prior("uniform", 0.2, 0.8, "no effect size for Vietnam found; a long course closes much "
                                                       "of the gap"),
})


def draw_priors(rng: np.random.Generator, fixed: dict | None = None) -> dict[str, float]:
    """One draw of every parameter with a prior, in PRIORS order (so a draw depends only on the stream),
    except those in ``fixed`` (a scenario's own values)."""
    draw = {name: prior.draw(rng) for name, prior in PRIORS.items()}
    return {name: value for name, value in draw.items() if name not in (fixed or {})}


__all__ = ["Prior", "PRIORS", "draw_priors"]
