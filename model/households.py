"""Households: state as one array per variable, and what households do each quarter.

Each row stands for ``weight`` real households of ``members`` people. Person-level
indicators (internet users, skills, adoption among adults) weight rows by
``weight * members``. The phases below are called in order by the economy's
step; each reads the agencies' ``Conditions`` and changes only household arrays.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from model.categories import FIBRE, MOBILE, OFFLINE, OLD, RURAL, URBAN, YOUNG
from model.conditions import Conditions
from model.kernels import group_mean, group_sum, hazard_draw
from model.params import Parameters


@dataclass
class Households:
    province: np.ndarray  # int16
    area: np.ndarray  # int8: URBAN / RURAL
    age: np.ndarray  # int8: age group of the head
    members: np.ndarray  # int8
    workers: np.ndarray  # int8
    weight: np.ndarray  # float64: real households represented
    income0: np.ndarray  # float64: base income per head, VND million a year (2015)
    income: np.ndarray  # float64: current income per head, VND million a year (2023 prices)
    quintile: np.ndarray  # int8: national income quintile 0 (poorest) .. 4
    remoteness: np.ndarray  # float32: position 0-1 in the province's roll-out order
    job_draw: np.ndarray  # float32: fixed uniform draw that ranks workers for digital roles
    skill: np.ndarray  # float32 0-1 digital skill of the working members
    skill0: np.ndarray  # float32 skill at set-up (wage normalisation)
    connectivity: np.ndarray  # int8: OFFLINE / MOBILE / FIBRE
    ecommerce: np.ndarray  # bool
    cashless: np.ndarray  # bool
    egov: np.ndarray  # bool: uses online public services / digital ID
    trust: np.ndarray  # float32 0-1 trust in the digital environment
    sector: np.ndarray  # int8 sector of the main earner
    sector0: np.ndarray  # int8 sector at set-up (wage normalisation)
    formal: np.ndarray  # bool formal employment
    digital_job: np.ndarray  # bool works in a digital role

    @property
    def n(self) -> int:
        return self.province.shape[0]

    @property
    def people(self) -> np.ndarray:
        return self.weight * self.members

    @property
    def labour(self) -> np.ndarray:
        """Real workers each row stands for."""
        return self.weight * self.workers

    def nbytes(self) -> int:
        return sum(getattr(self, f.name).nbytes for f in fields(self))


def targeted(hh: Households, p: Parameters) -> np.ndarray:
    """Households that inclusive budgets aim at: rural, poorer (bottom quintiles) or headed by someone 60+."""
    return (hh.area == RURAL) | (hh.quintile < p.poor_quintiles) | (hh.age == OLD)


def _targeting(hh: Households, inclusion: float, p: Parameters, n_provinces: int) -> np.ndarray:
    """Per-household multiplier of programme exposure under inclusion targeting.

    Targeted households get up to ``1 + inclusion * inclusion_boost`` times the
    exposure of others in their province; the multiplier is rescaled within
    each province so the province's courses (its budget) are unchanged.
    """
    raw = np.where(targeted(hh, p), 1.0 + inclusion * p.inclusion_boost, 1.0)
    people = hh.people
    weighted = group_sum(raw * people, hh.province, n_provinces)
    scale = np.divide(group_sum(people, hh.province, n_provinces), weighted, out=np.ones(n_provinces), where=weighted > 0)
    return raw * scale[hh.province]


def _age_factor(hh: Households, young: float, old: float) -> np.ndarray:
    return np.where(hh.age == YOUNG, young, np.where(hh.age == OLD, old, 1.0))


def connect(hh: Households, cond: Conditions, p: Parameters, rng: np.random.Generator, years: float) -> None:
    """Connect when coverage reaches the household and the plan is affordable; upgrade to fibre likewise."""
    rows = hh.province
    mobile_reach = hh.remoteness < cond.mobile_coverage[rows, hh.area]
    fibre_reach = hh.remoteness < cond.fibre_coverage[rows, hh.area]
    price_fall = np.exp(-p.mobile_price_decline * years)
    budget = hh.income * hh.members * p.affordability_income_share / 12.0 * 1e6  # VND a month
    age = _age_factor(hh, 1.0, p.old_adoption_factor)
    affordable_mobile = np.clip(budget / (p.mobile_cost_2015_vnd_month * price_fall), 0.0, 1.0)
    affordable_fibre = np.clip(budget / (p.fibre_cost_2015_vnd_month * price_fall), 0.0, 1.0)

    offline = hh.connectivity == OFFLINE
    hazard = p.connect_hazard * affordable_mobile * age * (p.skill_hazard_base + hh.skill)
    joins = offline & mobile_reach & hazard_draw(rng, hazard)
    hh.connectivity[joins] = MOBILE

    upgrades = (hh.connectivity == MOBILE) & fibre_reach & hazard_draw(rng, p.fibre_hazard * affordable_fibre * age)
    hh.connectivity[upgrades] = FIBRE


def learn(hh: Households, cond: Conditions, p: Parameters, n_provinces: int) -> None:
    """Skill rises with programme exposure, digital work, use and peers; it decays slowly."""
    gap = 1.0 - hh.skill
    # Places per adult saturate: a second course in the same year teaches less than the first.
    exposure = -np.expm1(-cond.programme_exposure[hh.province] * _targeting(hh, cond.inclusion, p, n_provinces))
    speed = _age_factor(hh, p.young_learning_factor, p.old_learning_factor)
    cell = hh.province * 2 + hh.area
    peer_mean = group_mean(hh.skill.astype(float), cell, 2 * n_provinces, hh.people)[cell]
    gain = (
        p.learning_programme * exposure * gap * speed
        + p.learning_on_job * hh.digital_job * gap
        + p.learning_use * (hh.connectivity != OFFLINE) * gap * speed
        + p.learning_peer * np.maximum(peer_mean - hh.skill, 0.0)
        # Advanced courses (ICT, semiconductors, AI) take people who already have basic skills.
        + p.learning_programme * -np.expm1(-cond.advanced_exposure[hh.province]) * gap * speed
        * (hh.skill >= p.basic_skill_threshold)
    )
    hh.skill[:] = np.clip(hh.skill + gain - p.skill_decay * hh.skill, 0.0, 1.0)


def update_trust(hh: Households, cond: Conditions, p: Parameters, fraud_multiplier: float) -> None:
    """Fraud and data leaks cut trust (more for those online); trust recovers towards its norm."""
    exposure = np.where(hh.connectivity != OFFLINE, 1.0, p.offline_fraud_exposure) * (1.0 + hh.ecommerce + hh.cashless) / 3.0
    fraud = p.fraud_rate * fraud_multiplier * (1.0 - cond.cyber_protection)
    norm = p.init_trust + (1.0 - p.init_trust) * p.institutions_trust_gain * cond.institutions
    hh.trust[:] = np.clip(hh.trust + p.trust_recovery * (norm - hh.trust) - fraud * exposure, 0.0, 1.0)


SERVICES = ("ecommerce", "cashless", "egov")


def adopt(hh: Households, cond: Conditions, p: Parameters, rng: np.random.Generator,
          n_provinces: int, pandemic: bool) -> None:
    """Bass diffusion of each digital service, gated by connectivity, skill and trust.

    Innovation comes from public supply (platforms and payments ride on
    infrastructure and institutions; e-government on the province's online
    services); imitation from adopters among peers in the same province and area.
    """
    online = hh.connectivity != OFFLINE
    cell = hh.province * 2 + hh.area
    people = hh.people
    age = _age_factor(hh, 1.0, p.old_adoption_factor)
    boost = p.pandemic_adoption_boost if pandemic else 1.0
    w = p.market_supply_infra_weight
    market_supply = w * cond.infra_quality[hh.province] + (1.0 - w) * cond.data_sharing
    settings = {
        "ecommerce": (p.skill_gate_ecommerce, p.adopt_innovation * market_supply * boost),
        "cashless": (p.skill_gate_cashless,
                     p.adopt_innovation * market_supply * boost * np.where(hh.formal, p.formal_cashless_boost, 1.0)),
        "egov": (p.skill_gate_egov, p.egov_innovation * cond.egov_supply[hh.province]),
    }
    trust_factor = hh.trust / p.init_trust
    for name in SERVICES:  # three services, not agents: the loop is over columns
        state = getattr(hh, name)
        gate, innovation = settings[name]
        peers = group_mean(state.astype(float), cell, 2 * n_provinces, people)[cell]
        hazard = (innovation + p.adopt_imitation * peers) * trust_factor * age
        eligible = online & (hh.skill >= gate) & ~state
        state |= eligible & hazard_draw(rng, hazard)
        lapse = state & (hh.trust < p.trust_floor) & (rng.random(hh.n) < p.disadoption_rate)
        state &= ~lapse


def earn(hh: Households, p: Parameters, wage_index: float, sector_wage: np.ndarray,
         quality_now: np.ndarray, quality_at_setup: np.ndarray) -> None:
    """Income per head follows economy-wide labour productivity, the worker's sector, skill and digital role.

    ``quality_now`` / ``quality_at_setup``: effective labour per worker now and with the set-up skill
    (see labour.quality), so skills earn where they are used.
    """
    skill_premium = quality_now / quality_at_setup
    sector_move = sector_wage[hh.sector] / sector_wage[hh.sector0]
    hh.income[:] = hh.income0 * wage_index * skill_premium * sector_move * (1.0 + p.digital_job_premium * hh.digital_job)


def online_spending(hh: Households, p: Parameters) -> tuple[float, float]:
    """Retail spending made online and in total, VND billion a quarter."""
    spend = hh.income * hh.people * p.consumption_share / 4.0 * 1e-3
    online_share = p.online_spend_share * np.clip(hh.trust / p.init_trust, 0.0, p.online_trust_cap) * np.minimum(hh.skill / p.basic_skill_threshold, 1.0)
    return float((spend * hh.ecommerce * online_share).sum()), float(spend.sum())


__all__ = ["Households", "targeted", "connect", "learn", "update_trust", "adopt", "earn", "online_spending",
           "SERVICES", "URBAN", "RURAL", "MOBILE", "FIBRE"]
