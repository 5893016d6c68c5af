"""Priors: what is known of an uncertain parameter before the model is fitted, as a shape over a range.

The registry (``model.core.params``) gives each parameter the range a scenario
may set, which is wide on purpose (any value in it must run soundly). A prior
is narrower: where the evidence puts the parameter, with the source that says
so, or a wide range that says no source was found. The calibrated parameters'
priors are their calibration ranges (``experiments.calibrate.ESTIMATED``); the
posterior (``experiments.posterior``) updates all of them, these and HAND_SET's,
from history, and ensembles draw from it. The sets do not overlap
(tests/core/test_priors.py).

Each lever's chain from money to outcomes is here link by link (issue 12):
what a unit costs, how much can be bought, and what it does for households
and firms; then the links every lever shares (the firm premia, the return to
skills, broadband's effect). Where no source was found the source says so and
the range is wide.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np


@dataclass(frozen=True)
class Prior:
    # "uniform"; "loguniform" (for costs and capacities known to a factor, not to a difference); or "choice": a
    # discrete structural choice between two readings of the economy, ``low`` or ``high``, each with prior
    # probability one half (the posterior then weighs the readings against history: issue 15)
    shape: str
    low: float
    high: float
    source: str

    def draw(self, rng: np.random.Generator) -> float:
        if self.shape == "loguniform":
            return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))
        if self.shape == "choice":
            return self.quantile(rng.random())  # one number from the stream, as the other shapes take
        return float(rng.uniform(self.low, self.high))

    def quantile(self, u: float) -> float:
        """The value below which a share ``u`` of the prior lies (a point of a unit-cube design, such as a
        sensitivity analysis's, placed on the prior)."""
        if self.shape == "choice":
            return float(self.low if u < 0.5 else self.high)
        if self.shape == "loguniform":
            value = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            value = self.low + u * (self.high - self.low)
        return float(min(max(value, self.low), self.high))  # exp(log(high)) can round a step past high


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
    # The infrastructure lever: money -> homes within reach (access, 5G) and national capacity (data-centre MW)
    # -> connection quality -> firms' upgrade costs and advanced tools, households' fibre.
    "cost_per_home_mobile_urban": Prior("loguniform", 0.5, 2.0, "no source found: half to twice the assumed cost"),
    "cost_per_home_mobile_rural": Prior("loguniform", 1.0, 4.0, "no source found: half to twice the assumed cost"),
    "cost_per_home_fibre_urban": Prior("loguniform", 0.4, 1.6, "no source found: half to twice the assumed cost"),
    "cost_per_home_fibre_rural": Prior("loguniform", 0.75, 3.0, "no source found: half to twice the assumed cost"),
    "cost_per_home_5g_urban": Prior(
        "loguniform", 0.3, 1.2, "a greenfield national 5G network at least USD 1 billion (VNA, Mar 2024; data): "
        "half to twice the VND 0.6 million per town home it implies"),
    "cost_per_home_5g_rural": Prior("loguniform", 0.6, 2.4, "see cost_per_home_5g_urban"),
    "data_centre_cost_per_mw": Prior(
        "loguniform", 80.0, 300.0,
        "Viettel Tan Phu Trung: VND 105 billion (USD 4.1 m) per MW with land (data); Cushman & Wakefield, Data "
        "Center Development Cost Guide 2025: USD 9.3-15 m per MW of critical load in 19 US markets, average 11.7 "
        "(about VND 280 billion), without land"),
    "national_infra_half_point_mw": Prior(
        "loguniform", 0.015, 0.11,
        "no source for where the gain from national capacity saturates: from 2025's 182 MW per GDP to twice the "
        "2030 target's 870 MW"),
    "crowd_in_infrastructure": Prior(
        "uniform", 1.0, 3.8,
        "telecoms and data-centre capex is mostly private: Decree 88/2025 pays 15 percent of a 5G station's "
        "equipment (data), at most 5.7 private VND per public VND, which the high end reaches at the highest "
        "multiplier crowd_in_base + institutions = 1.5; the low end an assumption"),
    "depreciation_infrastructure": Prior("uniform", 0.05, 0.15, "network equipment lives about 7-20 years "
                                                                "(assumption)"),
    "infra_cost_relief": Prior("uniform", 0.1, 0.7, "no source found for how much better connections cut the cost "
                                                    "of going digital"),
    "pre_5g_mobile_quality": Prior("uniform", 0.5, 0.95, "no source found"),
    "fiveg_advanced_boost": Prior("uniform", 0.0, 1.5, "no firm-level estimate of 5G's effect on adopting AI and "
                                                       "automation found"),
    # The institutions lever: money -> legal and data platforms, e-government -> compliance costs, data sharing,
    # online public services, trust and fraud.
    "institutions_half_point": Prior("loguniform", 0.001, 0.016, "no source found: a quarter to four times the "
                                                                 "assumed stock"),
    "egov_half_point": Prior("loguniform", 0.0003, 0.003, "no source found: a third to three times the assumed "
                                                          "stock"),
    "institutions_cost_relief": Prior(
        "uniform", 0.2, 0.8,
        "e-filing cuts firms' tax compliance time (Kochanova, Hasnain and Larson 2020, World Bank Economic Review); "
        "no estimate of the share of the cost of going digital that compliance is"),
    "data_sharing_premium_boost": Prior("uniform", 0.1, 0.8, "no source found: data access raises the return to "
                                                             "integrated and advanced tools"),
    "institutions_trust_gain": Prior("uniform", 0.2, 0.8, "no source found"),
    "cyber_protection": Prior("uniform", 0.3, 0.9, "no source found for the share of online fraud rules stop"),
    "crowd_in_institutions": Prior("uniform", 0.0, 0.5, "no source found: private platforms on public data"),
    "depreciation_institutions": Prior("uniform", 0.02, 0.1, "assumption: legal and data platforms last 10-50 "
                                                             "years"),
    # Coordination: what silos waste.
    "fragmentation_waste": Prior(
        "uniform", 0.15, 0.5,
        "IMF 2015 (Making Public Investment More Efficient): on average about 30 percent of public investment's "
        "potential returns are lost to inefficiency, more in low-income countries"),
    # Links every lever shares: what digital tools and skills pay, and broadband's effect.
    "premium_basic": Prior("uniform", 0.01, 0.06, "website adoption +2.2 percent TFP, email +1.6 (Cusolito, "
                                                  "Lederman and Pena 2020; data)"),
    "premium_integrated": Prior("uniform", 0.04, 0.18, "internet use and e-commerce among Vietnamese firms (World "
                                                       "Development Report 2016; data), as a level"),
    "premium_advanced": Prior("uniform", 0.10, 0.25, "AI, IoT and automation studies report 10-25 percent "
                                                     "(registry)"),
    "labour_quality_per_skill": Prior(
        "uniform", 0.2, 0.8,
        "ICT skills 8 percent per s.d. (Falck, Heimisch and Wiederhold 2016), half to twice that over a skill "
        "s.d. of 0.2"),
    "broadband_tfp_spillover": Prior("uniform", 0.05, 0.3, "the level reading: Qiang and Rossotto 2009, Katz and "
                                                           "Callorda 2018 (data)"),
    # A choice, not a range: the literature has two readings, not a continuum between them, and the issue asks
    # that the posterior weigh them. An intermediate share would be a third model no study proposes.
    "broadband_persistence": Prior("choice", 0.0, 1.0, "two readings, each with prior probability one half: 0 the "
                                                       "level effect, 1 the lasting growth effect (registry)"),
    "broadband_growth_per_penetration": Prior(
        "uniform", 0.024, 0.15, "0.24-1.5 pp of growth per 10 pp of penetration across studies (Czernich et al. "
                                "2011; Qiang and Rossotto 2009; data)"),
    # Pricing GDP per head in current USD after the data (measure only: no rule reads them). Last, so the
    # draws of the priors before them stay as they were.
    "gdp_deflator_growth": Prior("uniform", 0.02, 0.05, "data: 3.1 percent a year 2019-2025 (NSO nominal over real "
                                 "GDP); up to the 4.5 percent CPI ceiling the National Assembly sets (assumption: "
                                 "the deflator follows the CPI ceiling at most)"),
    "vnd_depreciation": Prior("uniform", 0.0, 0.04, "data: 1.4 percent a year 2019-2025 and 3.4 percent in 2025 "
                              "(NSO GDP in VND over GDP in USD); a stable VND to a fall like 2025's continued"),
})


# Values set by hand against data from late in the history (issue 15 found them reading years after a
# backtest's training year). The posterior (model.experiments.posterior) infers them with the calibrated
# parameters, from the data up to its training year; a plain run keeps the registry's hand-set value. Where the
# history moments say little of one (digital_entry_rate: firm counts are not a moment, it reaches them only
# through the digital shares), its posterior stays near its prior, which is what is known.
HAND_SET: MappingProxyType[str, Prior] = MappingProxyType({
    "structural_exit_rate": Prior("uniform", 0.02, 0.08, "no source for the range: about half to twice the "
                                  "hand-set 0.045, which moved agriculture from 44 to 25.9 percent of jobs in "
                                  "2015-2025 (GSO)"),
    "digital_entry_rate": Prior("uniform", 0.05, 0.5, "no source for the range: about a quarter to two and a half "
                                "times the hand-set 0.2, which gave 51,000 digital firms in 2024 from about 25,000 "
                                "in 2015 (seed document 001)"),
    "init_fibre_households": Prior("uniform", 0.1, 0.4, "ITU 2015 implies about 15 percent of households on fibre "
                                   "(8 fixed subscriptions per 100 people, half fibre); the hand-set 0.25 was raised "
                                   "to meet MIC's 65 percent in 2021"),
    "gdp_share_2015_digital_core": Prior("uniform", 0.04, 0.07, "no source for 2015: the hand-set 0.055 backs the "
                                         "NSO's 7.91 percent of 2020 out with electronics growth"),
    "learning_use": Prior("loguniform", 0.0005, 0.005, "no source found: a third to three times the hand-set "
                          "0.0015 a quarter, set against the basic-skills path"),
    "adopt_innovation": Prior("loguniform", 0.005, 0.08, "no source found: a quarter to four times the hand-set "
                              "0.02 (Sultan, Farley and Lehmann 1990's meta-analysis of Bass models: an innovation "
                              "coefficient of 0.03 a year on average; this one is per quarter at full public "
                              "supply)"),
    "pandemic_size_factor": Prior("uniform", 0.0, 2.0, "no source found: from no loss to twice the sizes fitted "
                                  "by hand to GDP growth in 2020 and 2021 (scenarios/baseline.toml); a forecaster in "
                                  "2019 knew neither the pandemic nor its size"),
})


def draw_priors(rng: np.random.Generator, fixed: dict | None = None) -> dict[str, float]:
    """One draw of every parameter with a prior, in PRIORS order (so a draw depends only on the stream),
    except those in ``fixed`` (a scenario's own values)."""
    draw = {name: prior.draw(rng) for name, prior in PRIORS.items()}
    return {name: value for name, value in draw.items() if name not in (fixed or {})}


__all__ = ["Prior", "PRIORS", "HAND_SET", "draw_priors"]
