"""Households: state as one array per variable, and what households do each quarter.

Each row stands for ``weight`` real households of ``members`` people. Person-level
indicators (internet users, skills, adoption among adults) weight rows by
``weight * members``. The phases below are called in order by the economy's
step; each reads the agencies' ``Conditions`` and changes only household arrays.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np
from numba import prange

from model.core.categories import AGRICULTURE, DIGITAL_CORE, FIBRE, MOBILE, OFFLINE, OLD, RURAL, URBAN, YOUNG
from model.core.conditions import Conditions
from model.core.kernels import Draws, add_partials, array_bundle, chunk_rows, compiled, fires, n_chunks, uniform
from model.core.params import Parameters


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

    def arrays(self) -> "HouseholdArrays":
        """The same arrays as one named bundle, which the compiled phases take (numba takes no dataclasses)."""
        return _bundle_households(self)


# A compiled phase takes what it uses out of its bundles by name before its parallel loop, so the loop
# reads plain names: read through a tuple, the loop runs slower (measured: 20% on a reduction over 20,000
# households). An array the loop writes is bound on a line of its own (``skill = hh.skill``): numba's
# parallel loops drop writes to an array they cannot trace back to an argument, such as one reached
# through a tuple's field or unpacked from a tuple of more than three names (numba issues #5872, #7135).
HouseholdArrays, _bundle_households = array_bundle(Households, "HouseholdArrays")


@compiled()
def _is_targeted(area, quintile, age, poor_quintiles):
    """Households that inclusive budgets aim at: rural, poorer (bottom quintiles) or headed by someone 60+."""
    return (area == RURAL) | (quintile < poor_quintiles) | (age == OLD)  # no short-circuit: no branches


@compiled()
def _age_factor(age, young, old):
    return young if age == YOUNG else (old if age == OLD else 1.0)


# ------------------------------------------------------------------ learning
@compiled()
def course_gain(s, basic_exposure, advanced_exposure, speed, basic_gain, advanced_gain, basic_threshold, basic_level):
    """Skill one household gains from courses this quarter (both engines call it).

    ``basic_exposure`` and ``advanced_exposure`` are the chances of taking each course this quarter. A mass
    literacy course closes ``basic_gain`` of the gap to its level (``basic_level``) and nothing above it; an
    advanced course, open only to people with basic skills, closes ``advanced_gain`` of the gap to full skill.
    The age factor ``speed`` scales both, at most to closing the whole gap."""
    gain = min(1.0, basic_gain * speed) * basic_exposure * max(basic_level - s, 0.0)
    if s >= basic_threshold:
        gain += min(1.0, advanced_gain * speed) * advanced_exposure * (1.0 - s)
    return gain


def basic_course_level(p: Parameters) -> float:
    """The skill a mass literacy course teaches up to: halfway between basic and advanced (a definition)."""
    return 0.5 * (p.basic_skill_threshold + p.advanced_skill_threshold)


@compiled(parallel=True)
def _learning_inputs(hh, tilt, poor_quintiles, n_provinces):
    """Per province: people and targeting-tilted people; per province-area cell: people and people x skill."""
    province, area, age, quintile, weight, members, skill = (
        hh.province, hh.area, hh.age, hh.quintile, hh.weight, hh.members, hh.skill)
    n = province.shape[0]
    per_province = np.zeros((n_chunks(n), n_provinces, 2))
    per_cell = np.zeros((n_chunks(n), 2 * n_provinces, 2))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            people = weight[i] * members[i]
            raw = tilt if _is_targeted(area[i], quintile[i], age[i], poor_quintiles) else 1.0
            per_province[c, province[i], 0] += people
            per_province[c, province[i], 1] += raw * people
            cell = 2 * province[i] + area[i]
            per_cell[c, cell, 0] += people
            per_cell[c, cell, 1] += people * skill[i]
    return add_partials(per_province), add_partials(per_cell)


class LearningRule(NamedTuple):
    """What moves skills this quarter (``learn``): (P, 2) programme exposure of households not targeted /
    targeted, (P,) exposure to advanced courses, (2P,) peers' mean skill by province-area cell, and the rates."""

    exposure: np.ndarray
    advanced: np.ndarray
    peer_mean: np.ndarray
    poor_quintiles: int
    young_speed: float
    old_speed: float
    basic_gain: float
    advanced_gain: float
    basic_level: float
    on_job: float
    use: float
    peer: float
    decay: float
    basic_threshold: float


@compiled(parallel=True)
def _learn_rows(hh, rule):
    province, area, age, quintile, digital_job, connectivity = (
        hh.province, hh.area, hh.age, hh.quintile, hh.digital_job, hh.connectivity)
    skill = hh.skill  # written below: bound on its own (see HouseholdArrays)
    exposure, advanced, peer_mean, poor_quintiles = rule.exposure, rule.advanced, rule.peer_mean, rule.poor_quintiles
    young_speed, old_speed, basic_threshold = rule.young_speed, rule.old_speed, rule.basic_threshold
    basic_gain, advanced_gain, basic_level = rule.basic_gain, rule.advanced_gain, rule.basic_level
    on_job, use, peer, decay = rule.on_job, rule.use, rule.peer, rule.decay
    for i in prange(province.shape[0]):
        pr = province[i]
        s = np.float64(skill[i])
        gap = 1.0 - s
        speed = _age_factor(age[i], young_speed, old_speed)
        targeted = _is_targeted(area[i], quintile[i], age[i], poor_quintiles)
        gain = (course_gain(s, exposure[pr, np.int64(targeted)], advanced[pr], speed, basic_gain, advanced_gain,
                            basic_threshold, basic_level)
                + on_job * digital_job[i] * gap
                + use * (connectivity[i] != OFFLINE) * gap * speed
                + peer * max(peer_mean[2 * pr + area[i]] - s, 0.0))
        skill[i] = min(max(s + gain - decay * s, 0.0), 1.0)


def learn(hh: Households, cond: Conditions, p: Parameters, n_provinces: int) -> None:
    """Skill rises with courses (``course_gain``), digital work, use and peers; it decays slowly.

    Under inclusion targeting, targeted households get up to ``1 + inclusion *
    inclusion_boost`` times the programme exposure of others in their
    province, rescaled within each province so its courses (its budget) are
    unchanged. Peers are the people-weighted mean skill of the province-area
    cell before anyone learns.
    """
    tilt = 1.0 + cond.inclusion * p.inclusion_boost
    arrays = hh.arrays()
    per_province, per_cell = _learning_inputs(arrays, tilt, poor_quintiles=p.poor_quintiles, n_provinces=n_provinces)
    scale = np.divide(per_province[:, 0], per_province[:, 1], out=np.ones(n_provinces), where=per_province[:, 1] > 0)
    peer_mean = np.divide(per_cell[:, 1], per_cell[:, 0], out=np.zeros(2 * n_provinces), where=per_cell[:, 0] > 0)
    # The chance of taking a course this quarter from the places a year per adult (a second place in the same
    # year is not a second course). (P, 2) for households not targeted / targeted; (P,) for advanced courses.
    places = np.asarray(cond.programme_exposure, float)[:, None] * scale[:, None] * np.array([1.0, tilt])
    exposure = -np.expm1(-places / 4.0)
    advanced = -np.expm1(-np.asarray(cond.advanced_exposure, float) / 4.0)
    _learn_rows(arrays, LearningRule(
        exposure=exposure, advanced=advanced, peer_mean=peer_mean, poor_quintiles=p.poor_quintiles,
        young_speed=p.young_learning_factor, old_speed=p.old_learning_factor, basic_gain=p.basic_course_gain,
        advanced_gain=p.advanced_course_gain, basic_level=basic_course_level(p),
        on_job=p.learning_on_job, use=p.learning_use, peer=p.learning_peer, decay=p.skill_decay,
        basic_threshold=p.basic_skill_threshold))


# ------------------------------------------------------------------ trust
class TrustRule(NamedTuple):
    """How trust moves this quarter (``update_trust``)."""

    offline_exposure: float  # exposure to fraud of households offline, relative to those online
    fraud: float
    norm: float
    recovery: float


@compiled(parallel=True)
def _update_trust(hh, rule):
    connectivity, ecommerce, cashless = hh.connectivity, hh.ecommerce, hh.cashless
    trust = hh.trust  # written below: bound on its own (see HouseholdArrays)
    offline_exposure, fraud, norm, recovery = rule.offline_exposure, rule.fraud, rule.norm, rule.recovery
    for i in prange(trust.shape[0]):
        exposure = (1.0 if connectivity[i] != OFFLINE else offline_exposure) * (1.0 + ecommerce[i] + cashless[i]) / 3.0
        t = np.float64(trust[i])
        trust[i] = min(max(t + recovery * (norm - t) - fraud * exposure, 0.0), 1.0)


def update_trust(hh: Households, cond: Conditions, p: Parameters, fraud_multiplier: float) -> None:
    """Fraud and data leaks cut trust (more for those online); trust recovers towards its norm."""
    fraud = p.fraud_rate * fraud_multiplier * (1.0 - cond.cyber_protection)
    norm = p.init_trust + (1.0 - p.init_trust) * p.institutions_trust_gain * cond.institutions
    _update_trust(hh.arrays(), TrustRule(offline_exposure=p.offline_fraud_exposure, fraud=fraud, norm=norm,
                                         recovery=p.trust_recovery))


# ------------------------------------------------------------------ connecting
class ConnectRule(NamedTuple):
    """Who can connect this quarter and how fast (``connect``): (P, 2) coverage by province and area,
    plan costs (VND a month) and the budget a household gives them, hazards, and the draws' keys."""

    mobile_coverage: np.ndarray
    fibre_coverage: np.ndarray
    join_key: np.uint64
    fibre_key: np.uint64
    budget_per_income: float  # VND a month per VND million a year of income
    mobile_cost: float
    fibre_cost: float
    old_factor: float
    connect_hazard: float
    skill_base: float
    fibre_hazard: float


@compiled(parallel=True)
def _connect(hh, rule):
    province, area, age, members, income, remoteness, skill = (
        hh.province, hh.area, hh.age, hh.members, hh.income, hh.remoteness, hh.skill)
    connectivity = hh.connectivity  # written below: bound on its own (see HouseholdArrays)
    mobile_coverage, fibre_coverage, key_join, key_fibre = (
        rule.mobile_coverage, rule.fibre_coverage, rule.join_key, rule.fibre_key)
    budget_per_income, mobile_cost, fibre_cost, old_factor = (
        rule.budget_per_income, rule.mobile_cost, rule.fibre_cost, rule.old_factor)
    connect_hazard, skill_base, fibre_hazard = rule.connect_hazard, rule.skill_base, rule.fibre_hazard
    for i in prange(province.shape[0]):
        pr, a = province[i], area[i]
        budget = income[i] * members[i] * budget_per_income
        age_factor = old_factor if age[i] == OLD else 1.0
        c = connectivity[i]
        if c == OFFLINE and remoteness[i] < mobile_coverage[pr, a]:
            affordable = min(max(budget / mobile_cost, 0.0), 1.0)
            if fires(key_join, i, connect_hazard * affordable * age_factor * (skill_base + skill[i])):
                c = MOBILE
        if c == MOBILE and remoteness[i] < fibre_coverage[pr, a]:
            affordable = min(max(budget / fibre_cost, 0.0), 1.0)
            if fires(key_fibre, i, fibre_hazard * affordable * age_factor):
                c = FIBRE
        connectivity[i] = c


def connect(hh: Households, cond: Conditions, p: Parameters, draws: Draws, years: float) -> None:
    """Connect when coverage reaches the household and the plan is affordable; upgrade to fibre likewise."""
    price_fall = np.exp(-p.mobile_price_decline * years)
    _connect(hh.arrays(), ConnectRule(
        mobile_coverage=np.asarray(cond.mobile_coverage, float), fibre_coverage=np.asarray(cond.fibre_coverage, float),
        join_key=draws.key("connect"), fibre_key=draws.key("fibre"),
        budget_per_income=p.affordability_income_share / 12.0 * 1e6,
        mobile_cost=p.mobile_cost_2015_vnd_month * price_fall, fibre_cost=p.fibre_cost_2015_vnd_month * price_fall,
        old_factor=p.old_adoption_factor, connect_hazard=p.connect_hazard, skill_base=p.skill_hazard_base,
        fibre_hazard=p.fibre_hazard))


# ------------------------------------------------------------------ adoption
SERVICES = ("ecommerce", "cashless", "egov")


@compiled(parallel=True)
def _adoption_peers(hh, n_provinces):
    """Per province-area cell: people and adopters of each service (people)."""
    province, area, weight, members, ecommerce, cashless, egov = (
        hh.province, hh.area, hh.weight, hh.members, hh.ecommerce, hh.cashless, hh.egov)
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), 2 * n_provinces, 4))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            people = weight[i] * members[i]
            cell = 2 * province[i] + area[i]
            partials[c, cell, 0] += people
            partials[c, cell, 1] += people * ecommerce[i]
            partials[c, cell, 2] += people * cashless[i]
            partials[c, cell, 3] += people * egov[i]
    return add_partials(partials)


@compiled()
def _uniform_below(key, i, probability):
    return uniform(key, i) < probability


@compiled()
def _adopt_one(state, eligible, hazard, key_adopt, key_lapse, i, lapse_possible, disadoption_rate):
    """One service for one household: adopt with the hazard if eligible; lapse when trust is below the floor."""
    if eligible and not state and fires(key_adopt, i, hazard):
        state = True
    if state and lapse_possible and _uniform_below(key_lapse, i, disadoption_rate):
        state = False
    return state


class AdoptionRule(NamedTuple):
    """How services spread this quarter (``adopt``): (P,) supply of platforms and payments and of online
    public services, the draws' keys and skill gates of each of ``SERVICES`` in turn, and the rates."""

    market_supply: np.ndarray
    egov_supply: np.ndarray
    keys: np.ndarray  # (adopt, lapse) keys of each service in turn
    gates: np.ndarray  # skill needed for each service
    innovation: float
    egov_innovation: float
    formal_boost: float
    imitation: float
    init_trust: float
    old_factor: float
    trust_floor: float
    disadoption_rate: float


@compiled(parallel=True)
def _adopt(hh, peers, rule):
    province, area, age, formal, connectivity, skill, trust = (
        hh.province, hh.area, hh.age, hh.formal, hh.connectivity, hh.skill, hh.trust)
    # Written below, so each bound on its own (see HouseholdArrays).
    ecommerce = hh.ecommerce
    cashless = hh.cashless
    egov = hh.egov
    market_supply, egov_supply, keys, gates = rule.market_supply, rule.egov_supply, rule.keys, rule.gates
    innovation, egov_innovation, formal_boost, imitation = (
        rule.innovation, rule.egov_innovation, rule.formal_boost, rule.imitation)
    init_trust, old_factor, trust_floor, disadoption_rate = (
        rule.init_trust, rule.old_factor, rule.trust_floor, rule.disadoption_rate)
    for i in prange(province.shape[0]):
        pr = province[i]
        cell = 2 * pr + area[i]
        online = connectivity[i] != OFFLINE
        s = skill[i]
        scale = trust[i] / init_trust * (old_factor if age[i] == OLD else 1.0)
        lapse_possible = trust[i] < trust_floor
        ecommerce[i] = _adopt_one(ecommerce[i], online and s >= gates[0],
                                  (innovation * market_supply[pr] + imitation * peers[cell, 0]) * scale,
                                  keys[0], keys[1], i, lapse_possible, disadoption_rate)
        cash_innovation = innovation * market_supply[pr] * (formal_boost if formal[i] else 1.0)
        cashless[i] = _adopt_one(cashless[i], online and s >= gates[1],
                                 (cash_innovation + imitation * peers[cell, 1]) * scale,
                                 keys[2], keys[3], i, lapse_possible, disadoption_rate)
        egov[i] = _adopt_one(egov[i], online and s >= gates[2],
                             (egov_innovation * egov_supply[pr] + imitation * peers[cell, 2]) * scale,
                             keys[4], keys[5], i, lapse_possible, disadoption_rate)


def adopt(hh: Households, cond: Conditions, p: Parameters, draws: Draws, n_provinces: int, pandemic: bool) -> None:
    """Bass diffusion of each digital service, gated by connectivity, skill and trust.

    Innovation comes from public supply (platforms and payments ride on
    infrastructure and institutions; e-government on the province's online
    services); imitation from adopters among peers in the same province and
    area, measured before anyone adopts this quarter (no service's adoption
    changes another's). Adopters whose trust is below the floor may lapse.
    """
    arrays = hh.arrays()
    sums = _adoption_peers(arrays, n_provinces)
    peers = np.divide(sums[:, 1:], sums[:, :1], out=np.zeros((2 * n_provinces, 3)), where=sums[:, :1] > 0)
    boost = p.pandemic_adoption_boost if pandemic else 1.0
    w = p.market_supply_infra_weight
    market_supply = w * np.asarray(cond.infra_quality, float) + (1.0 - w) * cond.data_sharing
    keys = np.array([draws.key(f"{service}_{what}") for service in SERVICES for what in ("adopt", "lapse")], np.uint64)
    _adopt(arrays, peers, AdoptionRule(
        market_supply=market_supply, egov_supply=np.asarray(cond.egov_supply, float), keys=keys,
        gates=np.array([p.skill_gate_ecommerce, p.skill_gate_cashless, p.skill_gate_egov]),
        innovation=p.adopt_innovation * boost, egov_innovation=p.egov_innovation,
        formal_boost=p.formal_cashless_boost, imitation=p.adopt_imitation, init_trust=p.init_trust,
        old_factor=p.old_adoption_factor, trust_floor=p.trust_floor, disadoption_rate=p.disadoption_rate))


# ------------------------------------------------------------------ demography
@compiled(parallel=True)
def _urban_people(area, weight, members):
    n = area.shape[0]
    partials = np.zeros((n_chunks(n), 2))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            partials[c, area[i]] += weight[i] * members[i]
    return add_partials(partials)


@compiled(parallel=True)
def _scale_weights(area, weight, factors):
    for i in prange(area.shape[0]):
        weight[i] *= factors[area[i]]


# Highest national urban share the population moves towards. Assumption: above the large economies with the
# most urban people (World Bank WDI 2023: Japan and Argentina about 92 percent); only city states are higher.
URBAN_SHARE_CEILING = 0.95

# Highest share of an adopter's retail spending made online: all of it. online_spend_share (up to 1) times the
# trust multiplier (up to online_trust_cap, 1.5 by default) could exceed it (e-commerce above 100 percent of
# retail in 2 of 200 ensemble draws, issue 10); the defaults stay far below (0.16 x 1.5).
MAX_ONLINE_SHARE = 1.0


def growth_factors(urban_share: float, p: Parameters, population_growth: float) -> np.ndarray:
    """(2,) factors on urban and rural households' weights this quarter: the population grows at
    ``population_growth`` a year (rules.demography, from UN WPP 2024) and the urban share gains
    ``urban_share_gain`` a year."""
    g = population_growth / 4.0
    # Towns stop gaining at URBAN_SHARE_CEILING, so the rural factor stays positive (a gain above the rural
    # share made rural weights negative by 2050 with urban_share_2015 = 0.9, issue 10).
    gain = min(p.urban_share_gain / 4.0, max(0.0, URBAN_SHARE_CEILING - urban_share))
    factors = np.empty(2)
    factors[URBAN] = 1.0 + g + gain / urban_share
    factors[RURAL] = 1.0 + g - gain / (1.0 - urban_share)
    return factors


def grow(hh: Households, p: Parameters, population_growth: float) -> None:
    """Weights grow with the population (``population_growth`` a year); towns grow faster (urbanisation)."""
    people = _urban_people(hh.area, hh.weight, hh.members)
    _scale_weights(hh.area, hh.weight, growth_factors(people[URBAN] / people.sum(), p, population_growth))


# ------------------------------------------------------------------ income
@compiled()
def effective_labour(skill, quality_per_skill):
    """Effective labour per worker: 1 + theta * skill. The return to skill is the same in every firm: the
    estimate it comes from (Falck et al. 2016) is an average over all workers, and what digital tools add
    on top is the firm's own premium (rules.firms.premium), paid once (issue 12: the firm's upgrade used to
    raise the labour quality of its whole province-sector cell as well)."""
    return 1.0 + quality_per_skill * skill


class EarningsRule(NamedTuple):
    """What pays this quarter (``earn``): (S,) sector wages, the wage index."""

    sector_wage: np.ndarray
    wage_index: float
    quality_per_skill: float
    job_premium: float


@compiled(parallel=True)
def _earn(hh, rule):
    province, sector, sector0, skill, skill0, digital_job, income0 = (
        hh.province, hh.sector, hh.sector0, hh.skill, hh.skill0, hh.digital_job, hh.income0)
    income = hh.income  # written below: bound on its own (see HouseholdArrays)
    sector_wage, wage_index = rule.sector_wage, rule.wage_index
    quality_per_skill, job_premium = rule.quality_per_skill, rule.job_premium
    for i in prange(province.shape[0]):
        # Skills earn: effective labour per worker now over that with the set-up skill.
        skill_premium = effective_labour(skill[i], quality_per_skill) / effective_labour(skill0[i], quality_per_skill)
        sector_move = sector_wage[sector[i]] / sector_wage[sector0[i]]
        income[i] = income0[i] * wage_index * skill_premium * sector_move * (1.0 + job_premium * digital_job[i])


def earn(hh: Households, p: Parameters, wage_index: float, sector_wage: np.ndarray) -> None:
    """Income per head follows economy-wide labour productivity, the worker's sector, skill and digital role.

    The skill premium is effective labour per worker now over that with the set-up skill (``effective_labour``).
    """
    _earn(hh.arrays(), EarningsRule(sector_wage=np.asarray(sector_wage, float),
                                    wage_index=float(wage_index), quality_per_skill=p.labour_quality_per_skill,
                                    job_premium=p.digital_job_premium))


# ------------------------------------------------------------------ measurement
PROVINCE_SUMS = ("people", "basic_skill_people", "targeted_people", "unpassed_households", "core_labour",
                 "urban_households", "rural_households")


@compiled(parallel=True)
def _province_sums(hh, fibre_coverage, basic, poor_quintiles, n_provinces):
    province, area, age, quintile, members, workers, weight, skill, remoteness, sector = (
        hh.province, hh.area, hh.age, hh.quintile, hh.members, hh.workers, hh.weight, hh.skill, hh.remoteness,
        hh.sector)
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), n_provinces, 7))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            pr, a, w = province[i], area[i], weight[i]
            people = w * members[i]
            # Branch-free sums (multiplying by a condition): branches on random states mispredict.
            partials[c, pr, 0] += people
            partials[c, pr, 1] += people * (skill[i] >= basic)
            partials[c, pr, 2] += people * _is_targeted(a, quintile[i], age[i], poor_quintiles)
            partials[c, pr, 3] += w * (remoteness[i] >= fibre_coverage[pr, a])
            partials[c, pr, 4] += w * workers[i] * (sector[i] == DIGITAL_CORE)
            partials[c, pr, 5 + a] += w
    return add_partials(partials)


def province_sums(hh: Households, p: Parameters, fibre_coverage: np.ndarray, n_provinces: int) -> dict[str, np.ndarray]:
    """(P,) totals by province in one pass (names in ``PROVINCE_SUMS``).

    People; people with basic digital skills; people in households that
    inclusive budgets target; households not yet passed by fibre; core
    digital workers; urban and rural households.
    """
    sums = _province_sums(hh.arrays(), np.asarray(fibre_coverage, float), p.basic_skill_threshold,
                          poor_quintiles=p.poor_quintiles, n_provinces=n_provinces)
    return {name: sums[:, k] for k, name in enumerate(PROVINCE_SUMS)}


@compiled(parallel=True)
def _core_labour(hh, n_provinces):
    province, workers, weight, sector = hh.province, hh.workers, hh.weight, hh.sector
    n = province.shape[0]
    partials = np.zeros((n_chunks(n), n_provinces))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        for i in range(lo, hi):
            partials[c, province[i]] += weight[i] * workers[i] * (sector[i] == DIGITAL_CORE)
    return add_partials(partials)


def core_labour(hh: Households, n_provinces: int) -> np.ndarray:
    """(P,) core digital workers by province: ``province_sums``' core_labour, bit for bit, from the four arrays
    it needs (the labour market reads it each quarter; the whole pass of province_sums read ten, issue 14)."""
    return _core_labour(hh.arrays(), n_provinces=n_provinces)


CENSUS = ("people", "households", "labour", "online_people", "online_households", "fibre_households",
          "ecommerce_people", "cashless_people", "egov_people", "basic_skill_labour", "advanced_skill_labour",
          "skill_people", "trust_people", "digital_job_labour", "core_labour", "farm_labour", "informal_labour",
          "online_spending_vnd_bn", "spending_vnd_bn")


class CensusRule(NamedTuple):
    """The thresholds and spending shares that ``census`` measures with."""

    basic: float  # skill thresholds
    advanced: float
    consumption_share: float
    online_share: float
    init_trust: float
    trust_cap: float


@compiled(parallel=True)
def _census(hh, rule):
    sector, members, workers, weight, income, skill, trust = (
        hh.sector, hh.members, hh.workers, hh.weight, hh.income, hh.skill, hh.trust)
    connectivity, ecommerce, cashless, egov, formal, digital_job = (
        hh.connectivity, hh.ecommerce, hh.cashless, hh.egov, hh.formal, hh.digital_job)
    basic, advanced, consumption_share = rule.basic, rule.advanced, rule.consumption_share
    online_share, init_trust, trust_cap = rule.online_share, rule.init_trust, rule.trust_cap
    n = sector.shape[0]
    partials = np.zeros((n_chunks(n), 19))
    for c in prange(n_chunks(n)):
        lo, hi = chunk_rows(c, n)
        acc = partials[c]
        for i in range(lo, hi):
            w = weight[i]
            people = w * members[i]
            labour = w * workers[i]
            online = connectivity[i] != OFFLINE
            s = np.float64(skill[i])
            acc[0] += people
            acc[1] += w
            acc[2] += labour
            acc[3] += people * online
            acc[4] += w * online
            acc[5] += w * (connectivity[i] == FIBRE)
            acc[6] += people * ecommerce[i]
            acc[7] += people * cashless[i]
            acc[8] += people * egov[i]
            acc[9] += labour * (s >= basic)
            acc[10] += labour * (s >= advanced)
            acc[11] += people * s
            acc[12] += people * trust[i]
            acc[13] += labour * digital_job[i]
            acc[14] += labour * (sector[i] == DIGITAL_CORE)
            acc[15] += labour * (sector[i] == AGRICULTURE)
            acc[16] += labour * (not formal[i])
            spend = income[i] * people * consumption_share / 4.0 * 1e-3
            share = min(online_share * min(max(trust[i] / init_trust, 0.0), trust_cap) * min(s / basic, 1.0),
                        MAX_ONLINE_SHARE)
            acc[17] += spend * share * ecommerce[i]
            acc[18] += spend
    return add_partials(partials)


def census(hh: Households, p: Parameters) -> dict[str, float]:
    """National totals of the households' state in one pass (names in ``CENSUS``).

    People-, household- and labour-weighted counts; spending is retail spending per quarter, VND billion, and the part made
    online (e-commerce adopters spend a share that rises with trust and skill).
    """
    sums = _census(hh.arrays(), CensusRule(basic=p.basic_skill_threshold, advanced=p.advanced_skill_threshold,
                                           consumption_share=p.consumption_share, online_share=p.online_spend_share,
                                           init_trust=p.init_trust, trust_cap=p.online_trust_cap))
    return dict(zip(CENSUS, sums.tolist()))


__all__ = ["Households", "growth_factors", "effective_labour", "province_sums", "connect", "learn", "update_trust", "adopt", "grow", "earn", "census",
           "SERVICES", "CENSUS", "URBAN", "RURAL", "MOBILE", "FIBRE"]
