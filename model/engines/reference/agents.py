"""The reference engine's agents: one ``mesa.Agent`` per sampled household and per sampled firm.

Each agent holds its own state as plain Python numbers and acts through its own
methods; ``model.engines.reference.model.ReferenceEconomy`` activates them
through Mesa ``AgentSet``s and measures, between activations, the market-level
facts they react to. See that module for the order of events and why it
matches the fast engine's.

Units and meanings are those of the fast engine: a household agent stands for
``weight`` real households of ``members`` people and ``workers`` workers,
income per head is VND million a year; a firm agent stands for ``weight``
real firms, each with ``value_added`` VND billion a quarter and ``capital`` VND
billion (2023 prices).
"""
from __future__ import annotations

import math

from model.core.lean_imports import mesa
import numpy as np

from model.core.categories import (
    ADVANCED, AGRICULTURE, DIGITAL_CORE, FIBRE, INTEGRATED, MOBILE, NONE, OFFLINE, OLD, RURAL, SECTORS,
    YOUNG, BASIC,
)
from model.rules.households import MAX_ONLINE_SHARE, basic_course_level, course_gain
from model.rules.firms import MAX_RETURN_FACTOR
from model.rules.labour import FARM_EXIT_DESTINATIONS

SERVICES = ("ecommerce", "cashless", "egov")


def chance(rng: np.random.Generator, hazard: float) -> bool:
    """True with probability 1 - exp(-hazard): an event with a per-quarter hazard rate."""
    return rng.random() < -math.expm1(-max(hazard, 0.0))


def logistic(x: float) -> float:
    """1 / (1 + exp(-x)), without overflow for very negative x."""
    if x < -700.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def clip01(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def _sum(values) -> float:
    return float(math.fsum(values))


def _zeros(rows: int, columns: int) -> list[list[float]]:
    """A table of zeros as nested lists (fast to add to one agent at a time)."""
    return [[0.0] * columns for _ in range(rows)]


# ====================================================================== households
class HouseholdAgent(mesa.Agent):
    """A household: ``weight`` real households of ``members`` people, ``workers`` of them at work."""

    def __init__(self, model: mesa.Model, **state):  # model: the ReferenceEconomy
        super().__init__(model)
        self.province: int = state["province"]
        self.area: int = state["area"]  # URBAN / RURAL
        self.age: int = state["age"]  # age group of the head: YOUNG / MIDDLE / OLD
        self.members: int = state["members"]
        self.workers: int = state["workers"]
        self.weight: float = state["weight"]  # real households this agent stands for
        self.income0: float = state["income0"]  # base income per head, VND million a year
        self.income: float = state["income"]  # current income per head, VND million a year
        self.quintile: int = state["quintile"]  # national income quintile, 0 = poorest
        self.remoteness: float = state["remoteness"]  # 0-1 place in the province's network roll-out
        self.job_draw: float = state["job_draw"]  # fixed 0-1 draw that ranks the household for digital roles
        self.skill: float = state["skill"]  # 0-1 digital skill of the working members
        self.skill0: float = state["skill0"]  # skill at set-up
        self.connectivity: int = state["connectivity"]  # OFFLINE / MOBILE / FIBRE
        self.ecommerce: bool = state["ecommerce"]
        self.cashless: bool = state["cashless"]
        self.egov: bool = state["egov"]  # uses online public services
        self.trust: float = state["trust"]  # 0-1 trust in the digital environment
        self.sector: int = state["sector"]  # sector of the main earner
        self.sector0: int = state["sector0"]  # sector at set-up
        self.formal: bool = state["formal"]
        self.digital_job: bool = state["digital_job"]
        self.labour_quality: float = 1.0  # effective labour per worker (set by the model, then by work())

    # ------------------------------------------------------------ who I am
    @property
    def people(self) -> float:
        """Real people this agent stands for."""
        return self.weight * self.members

    @property
    def labour(self) -> float:
        """Real workers this agent stands for."""
        return self.weight * self.workers

    @property
    def cell(self) -> int:
        """Province-area cell: where the household's peers live."""
        return self.province * 2 + self.area

    @property
    def online(self) -> bool:
        return self.connectivity != OFFLINE

    def targeted(self) -> bool:
        """Inclusive budgets aim at rural, poorer (bottom quintiles) or older (head 60+) households."""
        p = self.model.p
        return self.area == RURAL or self.quintile < p.poor_quintiles or self.age == OLD

    def age_factor(self, young: float, old: float) -> float:
        return young if self.age == YOUNG else old if self.age == OLD else 1.0

    def quality(self, skill: float) -> float:
        """Effective labour per worker: 1 + labour_quality_per_skill * skill, in any firm (see
        rules.households.effective_labour)."""
        return 1.0 + self.model.p.labour_quality_per_skill * skill

    def retail_spending(self) -> tuple[float, float]:
        """(online, all) retail spending of the real households I stand for, VND billion a quarter."""
        p = self.model.p
        spend = self.income * self.people * p.consumption_share / 4.0 * 1e-3
        # Online share of an adopter's spending: online_spend_share at set-up trust, capped
        # at online_trust_cap times that by trust, and lower below basic skill.
        online_share = min(p.online_spend_share * min(max(self.trust / p.init_trust, 0.0), p.online_trust_cap)
                           * min(self.skill / p.basic_skill_threshold, 1.0), MAX_ONLINE_SHARE)
        return (spend * online_share if self.ecommerce else 0.0), spend

    # ------------------------------------------------------------ phases 3-4: the digital quarter
    def step(self) -> None:
        """My digital quarter: learn, update trust, connect, adopt services (see the module notes on order)."""
        self.learn()
        self.update_trust()
        self.connect()
        self.adopt()

    def learn(self) -> None:
        """Skill rises with courses, digital work, use and peers; it decays slowly."""
        m = self.model
        p, cond = m.p, m.public
        gap = 1.0 - self.skill
        speed = self.age_factor(p.young_learning_factor, p.old_learning_factor)
        # Course places per adult, tilted to targeted households by inclusion (inclusion_boost) and
        # rescaled so the province's budget buys the same places; saturating in places.
        tilt = (1.0 + cond.inclusion * p.inclusion_boost) if self.targeted() else 1.0
        # The chance of a course this quarter from the places a year per adult.
        exposure = -math.expm1(-cond.programme_exposure[self.province] * tilt * m.targeting_scale[self.province] / 4.0)
        advanced = -math.expm1(-cond.advanced_exposure[self.province] / 4.0)
        peer_mean = m.peer_skill[self.cell]  # people-weighted mean skill in my province and area
        gain = (
            course_gain(self.skill, exposure, advanced, speed, p.basic_course_gain, p.advanced_course_gain,
                        p.basic_skill_threshold, basic_course_level(p))
            + p.learning_on_job * self.digital_job * gap
            + p.learning_use * self.online * gap * speed
            + p.learning_peer * max(peer_mean - self.skill, 0.0)
        )
        self.skill = clip01(self.skill + gain - p.skill_decay * self.skill)

    def update_trust(self) -> None:
        """Fraud and data leaks cut trust (more for those online and using services); trust recovers to its norm."""
        m = self.model
        p, cond = m.p, m.public
        exposure = (1.0 if self.online else p.offline_fraud_exposure) * (1.0 + self.ecommerce + self.cashless) / 3.0
        fraud = p.fraud_rate * m.fraud_multiplier * (1.0 - cond.cyber_protection)
        norm = p.init_trust + (1.0 - p.init_trust) * p.institutions_trust_gain * cond.institutions
        self.trust = clip01(self.trust + p.trust_recovery * (norm - self.trust) - fraud * exposure)

    def connect(self) -> None:
        """Go online once mobile coverage reaches me and a plan is affordable; move up to fibre likewise."""
        m = self.model
        p, cond, rng = m.p, m.public, m.rng
        price_fall = math.exp(-p.mobile_price_decline * m.years_since_start)
        budget = self.income * self.members * p.affordability_income_share / 12.0 * 1e6  # VND a month
        age = self.age_factor(1.0, p.old_adoption_factor)
        if self.connectivity == OFFLINE and self.remoteness < cond.mobile_coverage[self.province][self.area]:
            affordable = clip01(budget / (p.mobile_cost_2015_vnd_month * price_fall))
            if chance(rng, p.connect_hazard * affordable * age * (p.skill_hazard_base + self.skill)):
                self.connectivity = MOBILE
        if self.connectivity == MOBILE and self.remoteness < cond.fibre_coverage[self.province][self.area]:
            affordable = clip01(budget / (p.fibre_cost_2015_vnd_month * price_fall))
            if chance(rng, p.fibre_hazard * affordable * age):
                self.connectivity = FIBRE

    def adopt(self) -> None:
        """Bass diffusion of e-commerce, cashless payments and e-government, gated by connection, skill and trust.

        Innovation comes from public supply (platforms and payments ride on infrastructure and
        institutions; e-government on my province's online services); imitation from the share
        of adopters among my peers (same province and area).
        """
        m = self.model
        p, cond, rng = m.p, m.public, m.rng
        age = self.age_factor(1.0, p.old_adoption_factor)
        boost = p.pandemic_adoption_boost if m.pandemic else 1.0
        w = p.market_supply_infra_weight
        market_supply = w * cond.infra_quality[self.province] + (1.0 - w) * cond.data_sharing
        innovation = {
            "ecommerce": p.adopt_innovation * market_supply * boost,
            "cashless": p.adopt_innovation * market_supply * boost * (p.formal_cashless_boost if self.formal else 1.0),
            "egov": p.egov_innovation * cond.egov_supply[self.province],
        }
        gate = {"ecommerce": p.skill_gate_ecommerce, "cashless": p.skill_gate_cashless, "egov": p.skill_gate_egov}
        trust_factor = self.trust / p.init_trust
        for service in SERVICES:
            uses = getattr(self, service)
            if not uses and self.online and self.skill >= gate[service]:
                peers = m.peer_adoption[service][self.cell]
                if chance(rng, (innovation[service] + p.adopt_imitation * peers) * trust_factor * age):
                    uses = True
            # Below the trust floor users give up at disadoption_rate a quarter.
            if uses and self.trust < p.trust_floor and rng.random() < p.disadoption_rate:
                uses = False
            setattr(self, service, uses)

    # ------------------------------------------------------------ phase 6: demography
    def grow(self) -> None:
        """My weight grows with the population; urban households faster (urbanisation)."""
        self.weight *= self.model.growth_factor[self.area]

    # ------------------------------------------------------------ phase 7: labour market
    def leave_farm(self) -> None:
        """A farm worker may leave for a non-farm job where the province's jobs are."""
        if self.sector != AGRICULTURE:
            return
        m = self.model
        p, rng = m.p, m.rng
        # The young and skilled move more, the old less; mobility is normalised so the
        # (labour-weighted) average farm household leaves at structural_exit_rate a year.
        mobility = self.age_factor(p.young_mobility, p.old_mobility) * (p.skill_hazard_base + self.skill)
        if not chance(rng, p.structural_exit_rate / 4.0 * mobility / m.farm_mobility_mean):
            return
        pull = m.farm_exit_pull[self.province]
        u = rng.random() * sum(pull)  # destinations drawn in proportion to their jobs (labour.farm_exit_pull)
        choice = len(pull) - 1
        for k, share in enumerate(pull):
            if u <= share:
                choice = k
                break
            u -= share
        self.sector = FARM_EXIT_DESTINATIONS[choice]
        self.formal = rng.random() < p.formal_share_nonfarm

    def skilled_outside_core(self) -> bool:
        """Advanced skills, at work, outside the digital core: can fill a digital role or a core vacancy."""
        return (self.skill >= self.model.p.advanced_skill_threshold and self.sector != DIGITAL_CORE
                and self.workers > 0)

    def seek_core_job(self) -> None:
        """Skilled workers fill vacancies of the province's core digital firms (core_hiring_rate x vacancy rate)."""
        m = self.model
        if self.skilled_outside_core() and chance(m.rng, m.p.core_hiring_rate * max(m.vacancy_rate[self.province], 0.0)):
            self.sector = DIGITAL_CORE
            self.formal = True

    def work(self) -> None:
        """Hold a digital role or not; earn this quarter's income per head."""
        m = self.model
        p = m.p
        # Core workers hold digital jobs; skilled workers elsewhere take the province's digital roles
        # in the order of their fixed job_draw (no churn from re-drawing each quarter).
        self.digital_job = self.sector == DIGITAL_CORE or (
            self.skilled_outside_core() and self.job_draw < m.role_take_up[self.province])
        self.labour_quality = self.quality(self.skill)
        # Income follows economy-wide labour productivity (wage_index), my skill (relative to set-up skill), my sector's wage and the digital_job_premium.
        skill_premium = self.labour_quality / self.quality(self.skill0)
        sector_move = m.sector_wage[self.sector] / m.sector_wage[self.sector0]
        self.income = (self.income0 * m.wage_index * skill_premium * sector_move
                       * (1.0 + p.digital_job_premium * self.digital_job))


# ====================================================================== firms
class FirmAgent(mesa.Agent):
    """A firm: ``weight`` real enterprises, household businesses or farms of one sector and province."""

    def __init__(self, model: mesa.Model, **state):  # model: the ReferenceEconomy
        super().__init__(model)
        self.sector: int = state["sector"]
        self.subsector: int = state["subsector"]  # core subsector, NO_SUBSECTOR outside the core
        self.province: int = state["province"]
        self.household_business: bool = state["household_business"]
        self.fdi: bool = state["fdi"]
        self.weight: float = state["weight"]  # real firms this agent stands for
        self.scale: float = state["scale"]  # normalises value added to the set-up year
        self.productivity: float = state["productivity"]  # idiosyncratic, mean one
        self.fit: float = state["fit"]  # how much this firm gains from digital tools (mean 1)
        self.maturity: int = state["maturity"]  # NONE / BASIC / INTEGRATED / ADVANCED
        self.capital: float = state["capital"]  # per real firm, VND billion
        self.digital_capital: float = state["digital_capital"]  # per real firm, VND billion
        self.value_added: float = state["value_added"]  # per real firm this quarter, VND billion

    @property
    def core(self) -> bool:
        return self.sector == DIGITAL_CORE

    @property
    def cell(self) -> int:
        """Province-sector cell: the firm's peers and its local labour market."""
        return self.province * len(SECTORS) + self.sector

    def capital_share(self) -> float:
        p = self.model.p
        return p.capital_share_agriculture if self.sector == AGRICULTURE else p.capital_share

    def premium(self, level: int) -> float:
        """Productivity premium of a maturity level as realised here: integrated and advanced tools pay
        more with data sharing (data_sharing_premium_boost) and only as far as the province fills its
        digital roles (skill fill rate)."""
        m = self.model
        base = m.premium_by_level[level]
        if level >= INTEGRATED:
            return base * (1.0 + m.p.data_sharing_premium_boost * m.public.data_sharing) * m.skill_fill[self.province]
        return base

    def capacity(self) -> float:
        """Output capacity per real firm before premium, trend and demand: scale * A * K^a * L^(1-a)."""
        alpha = self.capital_share()
        labour = self.model.labour_per_firm[self.province][self.sector]
        return self.scale * self.productivity * self.capital ** alpha * labour ** (1.0 - alpha)

    # ------------------------------------------------------------ phase 5: digital upgrades
    def step(self) -> None:
        """My digital quarter: perhaps move up one maturity level; digital capital depreciates."""
        self.upgrade()
        self.depreciate_digital_capital()

    def upgrade(self) -> None:
        """Move up one level when the expected gain beats the cost (noisy choice, finance and staff limits)."""
        if self.core or self.maturity >= ADVANCED:
            return
        m = self.model
        p, cond = m.p, m.public
        nxt = self.maturity + 1
        annual_va = 4.0 * self.value_added
        gain = self.fit * max(self.premium(nxt) - self.premium(self.maturity), 0.0) * annual_va * p.upgrade_horizon
        cost_rate = (0.0, p.upgrade_cost_basic, p.upgrade_cost_integrated, p.upgrade_cost_advanced)[nxt]
        # Costs fall with technology (tech_cost_decline) and with good infrastructure and institutions.
        relief = ((1.0 - p.infra_cost_relief * cond.infra_quality[self.province])
                  * (1.0 - p.institutions_cost_relief * cond.institutions))
        cost = cost_rate * annual_va * math.exp(-p.tech_cost_decline * m.years_since_start) * relief
        safe_cost = max(cost, 1e-12)
        attractiveness = logistic(math.log(max(gain, 1e-12) / safe_cost) / p.upgrade_decision_noise)
        # Household businesses can finance at most small_firm_finance_limit x annual value added.
        finance = min(1.0, p.small_firm_finance_limit * annual_va / safe_cost) if self.household_business else 1.0
        ahead = m.peer_maturity[self.cell][nxt]  # share of my cell's firms (by weight) already at nxt or above
        staff = m.skill_fill[self.province] if nxt >= INTEGRATED else 1.0
        fiveg = 1.0 + p.fiveg_advanced_boost * cond.fiveg_reach[self.province] if nxt == ADVANCED else 1.0
        hazard = p.upgrade_hazard * attractiveness * finance * (1.0 + p.upgrade_imitation * ahead) * staff * fiveg
        if chance(m.rng, hazard):
            self.maturity = nxt
            self.digital_capital += cost
            m.digital_investment += self.weight * cost

    def depreciate_digital_capital(self) -> None:
        self.digital_capital *= 1.0 - self.model.p.digital_capital_depreciation / 4.0

    # ------------------------------------------------------------ phase 8: production
    def draw_productivity(self) -> None:
        """Idiosyncratic log productivity follows an AR(1) around a constant (rules.firms.productivity_process:
        the yearly persistence and innovation s.d. of the parameters, per quarter)."""
        rho, sigma, mu = self.model.productivity_process
        x = math.log(self.productivity)
        self.productivity = math.exp(rho * x + (1.0 - rho) * mu + sigma * self.model.rng.standard_normal())

    def produce(self) -> None:
        """This quarter's value added per real firm.

        A non-core firm makes capacity x (1 + premium of its maturity) x its sector's trend,
        times pandemic utilisation and the broadband spillover. A core digital firm takes
        its share (by capacity) of its subsector's demand-led output.
        """
        m = self.model
        cap = self.capacity()
        if self.core:
            self.value_added = m.core_output[self.subsector] * cap / max(m.core_capacity[self.subsector], 1e-12)
        else:
            self.value_added = (cap * (1.0 + self.premium(self.maturity)) * m.trend[self.sector]
                                * m.utilisation * m.spillover)

    def invest(self) -> None:
        """Capital depreciates and grows by investment: my base rate of value added (farms invest less than
        factories), raised or lowered by my return on capital against set-up (investment_return_elasticity,
        the factor capped at MAX_RETURN_FACTOR), times the economy-wide factor (the user cost of capital and
        what other claims on saving leave) and, if I am foreign-owned, FDI inflows relative to GDP."""
        m = self.model
        p = m.p
        base = p.investment_rate_agriculture if self.sector == AGRICULTURE else p.investment_rate
        # My return on capital relative to set-up, when capital was capital_output_ratio years of value added.
        ratio = 4.0 * p.capital_output_ratio * self.value_added / max(self.capital, 1e-12)
        factor = min(ratio ** p.investment_return_elasticity, MAX_RETURN_FACTOR)
        rate = base * factor * m.investment_common * (m.fdi_multiplier if self.fdi else 1.0)
        invested = rate * self.value_added
        self.capital = self.capital * (1.0 - p.depreciation / 4.0) + invested
        m.investment_made += self.weight * invested

    # ------------------------------------------------------------ once a year
    def restart(self, productivity: float) -> None:
        """I exited; an entrant of the same sector, province and kind takes my place.

        It brings the survivors' average productivity and is born digital (basic) with a
        probability equal to the institutions index (online registration, e-invoices); in a counterfactual
        with digital adoption frozen it keeps my maturity and digital capital (rules.firms.exit_and_entry).
        """
        m = self.model
        self.productivity = productivity
        if m.digital_frozen:
            return
        self.maturity = BASIC if m.rng.random() < m.public.institutions else NONE
        self.digital_capital = 0.0

    def planned_entrants(self) -> float:
        """Core digital firms: new ones would enter at digital_entry_rate x institutions x (skilled share vs
        set-up)."""
        m = self.model
        return self.weight * m.p.digital_entry_rate * m.public.institutions * m.skilled_ratio[self.province]

    def add_entrants(self) -> None:
        m = self.model
        added = self.planned_entrants()
        added *= m.entry_scale  # 1 until the digital firms reach rules.firms.digital_firm_limit (entry_scale)
        self.weight += added
        m.digital_entrants += added


