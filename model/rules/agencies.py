"""Government agencies: real Mesa agents, few in number.

A national agency per lever receives the scenario's budget, loses a share to
fragmentation unless coordination is high, keeps a national part (backbone and
data centres; advanced training; laws, data and cyber platforms) and passes the
rest to the 34 provincial governments, tilted towards rural, poorer and older
people by the inclusion level. Provincial governments implement with their own
capacity ("localities decide, act and take responsibility"), crowd in private
and FDI money, and build stocks with time-to-build lags and depreciation.
"""
from __future__ import annotations

import math
from collections import deque
from typing import Protocol

from model.core.lean_imports import mesa
import numpy as np

from model.core.categories import LEVERS, RURAL, URBAN
from model.core.kernels import saturating_index

from model.core.conditions import Conditions
from model.core.params import Parameters


class PolicyEconomy(Protocol):
    """What the agencies read from the economy they act in (either engine provides it)."""

    params: Parameters
    conditions: Conditions
    gdp_annual: float  # VND bn, last quarter at an annual rate
    province_gdp_annual: np.ndarray  # (P,) VND bn a year
    province_households: np.ndarray  # (P, 2) urban and rural households
    province_rural_household_share: np.ndarray  # (P,)
    province_adults: np.ndarray  # (P,) people aged 15+
    provincial_governments: list
    time: float  # year fraction of this quarter

    def lever_budget(self, lever: str) -> float: ...

    def place_lever_budgets(self, lever: str) -> np.ndarray: ...

    def allocation_weights(self, lever: str) -> np.ndarray: ...


class NationalAgency(mesa.Agent):
    """Ministry in charge of one lever (infrastructure, skills or institutions)."""

    def __init__(self, model: PolicyEconomy, lever: str):
        super().__init__(model)
        self.lever = lever
        p = model.params
        self.pipeline: deque[float] = deque([0.0] * int(getattr(p, f"build_lag_{lever}")))
        gdp = model.gdp_annual
        self.stock = {
            "infrastructure": initial_national_infra_stock(p) * gdp,
            "institutions": p.init_institutions_stock * gdp,
            "skills": 0.0,
        }[lever]
        # VND billion this quarter: the lever's public money, national (national_budget) and the provinces' own
        # budgets (a scenario's [provinces] and [regions] tables), which the fiscal accounts count alike
        self.budget = 0.0
        self.national_budget = 0.0
        self.wasted = 0.0
        self.national_delivered = 0.0  # matured national spending this quarter

    def step(self) -> None:
        m = self.model
        p = m.params
        self.national_budget = m.lever_budget(self.lever)
        # The provinces' own money goes straight to them: it is not split between the ministries' silos, so
        # fragmentation does not waste it; each province spends it with its own capacity and lag.
        own = m.place_lever_budgets(self.lever)
        self.budget = self.national_budget + float(own.sum())
        self.wasted = self.national_budget * p.fragmentation_waste * (1.0 - m.conditions.coordination)
        effective = self.national_budget - self.wasted
        provincial_share = getattr(p, f"provincial_share_{self.lever}")
        to_provinces = effective * provincial_share
        weights = m.allocation_weights(self.lever)
        for gov in m.provincial_governments:
            gov.receive(self.lever, to_provinces * weights[gov.index], float(own[gov.index]))
        self.pipeline.append(effective - to_provinces)
        self.national_delivered = self.pipeline.popleft()
        if self.lever != "skills":  # courses are a flow; networks, laws and platforms are stocks
            dep = getattr(p, f"depreciation_{self.lever}") / 4.0
            self.stock = self.stock * (1.0 - dep) + self.national_delivered


class ProvincialGovernment(mesa.Agent):
    """One of the 34 provincial people's committees."""

    def __init__(self, model: PolicyEconomy, index: int, capacity: float):
        super().__init__(model)
        self.index = index
        self.capacity = capacity  # implementation efficiency: pioneer provinces deliver more per VND
        p = model.params
        self.inbox = {lever: 0.0 for lever in LEVERS}  # public money to spend this quarter, VND billion
        self.own = {lever: 0.0 for lever in LEVERS}  # of which the province's own budget
        # public money received since the year began (national and own), for provinces.csv
        self.received_this_year = {lever: 0.0 for lever in LEVERS}
        # Pioneer provinces implement faster: a province at capacity c takes lag / c quarters.
        # float(): round() of a numpy number took 70 microseconds, a tenth of a replication's set-up (issue 14);
        # both round half to even.
        self.pipelines = {lever: deque([0.0] * round(float(getattr(p, f"build_lag_{lever}") / capacity)))
                          for lever in LEVERS}
        self.egov_stock = p.init_egov_stock * model.province_gdp_annual[index]
        self.private_money = 0.0  # crowded-in private and FDI money this quarter

    def receive(self, lever: str, amount: float, own: float = 0.0) -> None:
        """Take this quarter's money for a lever: ``amount`` from the national agency, ``own`` from the province's
        own budget (VND billion)."""
        self.inbox[lever] += amount + own
        self.own[lever] = own
        self.received_this_year[lever] += amount + own

    def step(self) -> None:
        m = self.model
        p = m.params
        inst = m.conditions.institutions
        delivered = {}
        self.private_money = 0.0
        for lever in LEVERS:  # three levers
            public = self.inbox[lever] * self.capacity
            # Legal certainty (institutions) makes private partners more willing to co-invest; operators
            # co-invest in networks only where homes remain to be reached.
            private = public * getattr(p, f"crowd_in_{lever}") * (p.crowd_in_base + inst)
            if lever == "infrastructure":
                private *= unreached_share(m.conditions, p, self.index, self._rural_share())
            self.private_money += private
            self.pipelines[lever].append(public + private)
            delivered[lever] = self.pipelines[lever].popleft()
            self.inbox[lever] = 0.0
        self._build_access(delivered["infrastructure"])
        self.egov_stock = self.egov_stock * (1.0 - p.depreciation_institutions / 4.0) + delivered["institutions"]
        cond = m.conditions
        i = self.index
        # Courses are a flow: this quarter's money, at an annual rate, buys places for the year, within the
        # province's share (by adults) of the national capacity for mass courses.
        wanted = 4.0 * delivered["skills"] * 1e3 / p.skills_cost_per_person  # VND bn / (VND mn per place)
        adults = max(m.province_adults[i], 1.0)
        capacity = (p.basic_training_capacity_mn * 1e6 * training_capacity_factor(p, m.time)
                    * adults / max(float(np.sum(m.province_adults)), 1.0))
        cond.programme_exposure[i] = places_within(wanted, capacity) / adults
        cond.egov_supply[i] = saturating_index(self.egov_stock / m.province_gdp_annual[i], p.egov_half_point)

    def _rural_share(self) -> float:
        """Share of this province's access money spent on rural homes: their share of households, tilted to
        them by inclusion."""
        m = self.model
        inclusion = m.conditions.inclusion
        return (1.0 - inclusion) * m.province_rural_household_share[self.index] + inclusion

    def _build_access(self, money: float) -> None:
        """Spend access-network money on mobile and fibre coverage, urban and rural (``access_networks``).

        Households newly reached = money / cost per home; returns diminish as
        coverage nears one (the last homes are the hardest).
        """
        if money <= 0.0:
            return
        m = self.model
        p = m.params
        cond = m.conditions
        i = self.index
        rural_share = self._rural_share()
        for area, area_share in ((URBAN, 1.0 - rural_share), (RURAL, rural_share)):
            households = m.province_households[i, area]
            if households <= 0:
                continue
            for network, coverage, share in access_networks(cond, p, i, area):
                cost = getattr(p, f"cost_per_home_{network}_{'urban' if area == URBAN else 'rural'}")  # VND mn
                if cost <= 0.0:  # free networks (cost_per_home_* = 0): any money reaches every home
                    coverage[i, area] = 1.0 if money * share * area_share > 0.0 else coverage[i, area]
                    continue
                homes = money * share * area_share * 1e3 / cost  # VND bn / (VND mn per home) = homes
                coverage[i, area] += (1.0 - coverage[i, area]) * -np.expm1(-homes / households)


def access_networks(cond: Conditions, p: Parameters, province: int, area: int) -> list[tuple[str, np.ndarray, float]]:
    """The networks a province's access money builds in one area, as (name, coverage array, share of the money):
    fibre with 1 - mobile_share_of_access; mobile_share_of_access on 4G, and once commercial 5G is on on 4G and
    5G in proportion to the homes each has still to reach there (operators extend both where homes are
    unreached; the shares are taken before this quarter's building)."""
    mobile = p.mobile_share_of_access
    fibre = ("fibre", cond.fibre_coverage, 1.0 - mobile)
    if not cond.fiveg:
        return [("mobile", cond.mobile_coverage, mobile), fibre]
    gap_4g = 1.0 - float(cond.mobile_coverage[province, area])
    gap_5g = 1.0 - float(cond.fiveg_coverage[province, area])
    to_4g = gap_4g / (gap_4g + gap_5g) if gap_4g + gap_5g > 0.0 else 0.5
    return [("mobile", cond.mobile_coverage, mobile * to_4g), ("5g", cond.fiveg_coverage, mobile * (1.0 - to_4g)),
            fibre]


def unreached_share(cond: Conditions, p: Parameters, province: int, rural_share: float) -> float:
    """Share of a province's homes the access money would still reach: each network's unreached homes weighted
    by the money it gets (``access_networks``) and by how the money is split between urban and rural homes
    (``rural_share``, tilted by inclusion): what is left for private operators to co-invest in."""
    return sum(area_share * share * (1.0 - float(coverage[province, area]))
               for area, area_share in ((URBAN, 1.0 - rural_share), (RURAL, rural_share))
               for _, coverage, share in access_networks(cond, p, province, area))


# ------------------------------------------------------------------ economy-wide rules of the public side
def set_national_indices(cond: Conditions, p: Parameters, institutions_stock: float, infra_stock: float) -> None:
    """The national indices from the national stocks (shares of annual GDP): institutions and national
    infrastructure saturate at their half points; cyber protection and data sharing follow institutions,
    coordination and the data-economy framework."""
    cond.institutions = float(saturating_index(institutions_stock, p.institutions_half_point))
    cond.national_infra = float(saturating_index(national_capacity_mw(infra_stock, p), p.national_infra_half_point_mw))
    cond.cyber_protection = p.cyber_protection * cond.institutions
    cond.data_sharing = min(1.0, p.data_weight_institutions * cond.institutions
                            + p.data_weight_coordination * cond.coordination
                            + (p.data_framework_boost if cond.data_framework else 0.0))


def national_capacity_mw(infra_stock: float, p: Parameters) -> float:
    """National digital infrastructure (backbone, data centres, national databases; a share of annual GDP)
    valued in megawatts of data centres per trillion VND of annual GDP, at data_centre_cost_per_mw."""
    return infra_stock * 1e3 / p.data_centre_cost_per_mw


def initial_national_infra_stock(p: Parameters) -> float:
    """The national infrastructure stock at set-up, a share of annual GDP: init_national_infra_mw valued at
    data_centre_cost_per_mw (the inverse of national_capacity_mw)."""
    return p.init_national_infra_mw * p.data_centre_cost_per_mw / 1e3


def household_weighted(coverage: np.ndarray, province_households: np.ndarray) -> np.ndarray:
    """(P,) a province's coverage across its urban and rural parts ((P, 2)), weighted by their households
    (``province_households``, (P, 2)); zero where a sample left a province without households."""
    households = np.asarray(province_households, float)
    return (np.asarray(coverage, float) * households).sum(axis=1) / np.maximum(households.sum(axis=1), 1e-12)


def fiveg_reach(cond: Conditions, province_households: np.ndarray) -> np.ndarray:
    """(P,) share of a province's households within reach of 5G, as fiveg_coverage_pct reports it."""
    return household_weighted(cond.fiveg_coverage, province_households)


def infrastructure_quality(cond: Conditions, p: Parameters) -> np.ndarray:
    """(P,) connectivity quality firms see: mobile coverage (4G at pre_5g_mobile_quality of 5G, rising with
    the province's 5G reach), fibre coverage and the national backbone, weighted by the infra_weight_*
    parameters."""
    weights = np.array([p.infra_weight_mobile, p.infra_weight_fibre, p.infra_weight_national])
    w_mobile, w_fibre, w_national = weights / weights.sum()
    mobile_quality = p.pre_5g_mobile_quality + (1.0 - p.pre_5g_mobile_quality) * np.asarray(cond.fiveg_reach, float)
    return (w_mobile * cond.mobile_coverage.mean(axis=1) * mobile_quality
            + w_fibre * cond.fibre_coverage.mean(axis=1)
            + w_national * cond.national_infra)


# The year the training capacities (basic_training_capacity_mn, advanced_training_capacity_k) describe.
TRAINING_CAPACITY_YEAR = 2025


def training_capacity_factor(p: Parameters, t: float) -> float:
    """Training capacity at time t relative to TRAINING_CAPACITY_YEAR: training_capacity_growth a year."""
    return (1.0 + p.training_capacity_growth) ** (t - TRAINING_CAPACITY_YEAR)


def places_within(wanted: float, capacity: float) -> float:
    """Places a year that money for ``wanted`` places buys where ``capacity`` places a year can be run: about
    ``wanted`` well below capacity, never more than capacity (dearer places as it fills; all money is spent)."""
    if capacity <= 0.0:
        return 0.0
    return capacity * -math.expm1(-wanted / capacity)


def advanced_exposure(national_skills_money: float, p: Parameters, adult_share_of_nation: np.ndarray,
                      skilled_adults: np.ndarray, t: float) -> np.ndarray:
    """(P,) advanced-course places a year per adult with basic skills: the national skills money this quarter
    (at an annual rate) buys places at advanced_training_cost_per_person within the national capacity
    (advanced_training_capacity_k), shared among provinces by adults."""
    wanted = 4.0 * national_skills_money * 1e3 / p.advanced_training_cost_per_person
    places = places_within(wanted, p.advanced_training_capacity_k * 1e3 * training_capacity_factor(p, t))
    return np.divide(places * adult_share_of_nation, skilled_adults, out=np.zeros(skilled_adults.shape[0]),
                     where=skilled_adults > 0)


def allocation_weights(people: np.ndarray, need: np.ndarray, inclusion: float) -> np.ndarray:
    """(P,) how a national agency splits its provincial money: by people, tilted to need by inclusion."""
    # With no need left (every home passed by fibre) there is nothing to tilt to: the money goes by people
    # (an inclusion of 1 then divided 0 by 0, issue 10).
    by_people = people / people.sum()
    tilt = need / need.sum() if need.sum() > 0.0 else by_people
    w = (1.0 - inclusion) * by_people + inclusion * tilt
    return w / w.sum()


__all__ = ["NationalAgency", "ProvincialGovernment", "PolicyEconomy", "set_national_indices", "infrastructure_quality",
           "household_weighted",
           "national_capacity_mw", "initial_national_infra_stock", "fiveg_reach", "unreached_share", "access_networks",
           "advanced_exposure", "allocation_weights", "places_within", "training_capacity_factor",
           "TRAINING_CAPACITY_YEAR"]
