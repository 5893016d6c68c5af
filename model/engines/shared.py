"""What both engines share: set-up, time, the quarter's pipeline, the agencies' phases, shocks and accounts.

``VietnamEconomy`` (``engines.fast``: arrays, compiled phases) and
``ReferenceEconomy`` (``engines.reference``: one Mesa agent per household and
firm) differ only in how households and firms are stored, stepped and counted.
The agent rules are written independently in each engine on purpose (the
reference is the fast engine's test oracle); the glue around them is written
once, here: the 2015 set-up and the references measured on it, the phase list,
the policy and accounts phases, production's economy-wide parts (trend,
broadband spillover, core demand, crowding out), the year end, and public
spending as one quantity.

An engine provides the household and firm phases named in ``PHASES`` and the
year-end actions, and the measurements the glue reads (``_value_added``,
``_value_added_by_province``, ``_value_added_by_sector``, ``_total_labour``,
``_employment``, ``_firm_counts``, ``_core_workers``,
``_internet_share``, ``_fixed_broadband_per_person``, ``_skilled_share``, ``_province_people``,
``_province_households_and_people``, ``_allocation_sums``, ``_demand_state``,
``_core_capacity``). Each is a plain count over the engine's agents.
"""
from __future__ import annotations

from contextlib import nullcontext

from model.core.lean_imports import mesa
import numpy as np

from model.core.categories import DIGITAL_CORE, ICT_MANUFACTURING, LEVERS, MANUFACTURING, RURAL, SECTORS
from model.core.params import Parameters
from model.measure.accounts import QuarterRecord, Snapshot, annual_table
from model.rules import labour
from model.rules.agencies import (
    NationalAgency, ProvincialGovernment, advanced_exposure, allocation_weights, fiveg_reach, initial_national_infra_stock,
    infrastructure_quality, set_national_indices,
)
from model.rules.digital_core import CoreMarket
from model.rules.demography import working_age_index
from model.rules.external import build_paths
from model.rules.firms import (
    BROADBAND_GROWTH_FROM, broadband_growth_step, broadband_spillover, pandemic_utilisation, demand_factor, digital_firm_limit, manufacturing_demand, planned_investment_at_set_up,
    sector_trend,
)
from model.rules.fiscal import PublicFinance, crowd_in_financing, displaced_share, interest_investment_factor
from model.rules.households import census
from model.rules.initialise import build_firms, build_geography, build_households, initial_conditions, sample_sizes
from model.scenario import Scenario


class Economy(mesa.Model):
    """Engine-independent parts of the quarterly model."""

    engine = "abstract"
    # The quarter, in order (``step``); an engine that merges phases lists its own.
    PHASES = ("policy_and_budgets", "infrastructure_and_programmes", "learning", "connectivity_and_adoption",
              "firm_digital_upgrades", "demography", "labour_market", "production", "accounts")

    def __init__(self, scenario: Scenario, seed: int | None = None, scale: float | str = 1.0):
        self.seed_used = scenario.seed if seed is None else int(seed)
        super().__init__(rng=self.seed_used)
        self.scenario = scenario
        self.params = p = Parameters(scenario.parameters)
        self._next_change, self._changed_parameters = 0, {}  # dated overrides in force (_change_parameters)
        self.scale = scale
        self.quarter = 0
        # The rest of the world: data to data_until, then the scenario's paths (rules.external).
        self.external = build_paths(p, scenario.start_year, scenario.data_until, scenario.external_growth)
        self.working_age = 1.0  # labour supply per person relative to set-up (rules.demography)
        self.n_quarters = 4 * (scenario.end_year - scenario.start_year + 1)

        # The 2015 economy: both engines build it with the same functions from the same random stream,
        # so one seed gives both the same economy, agent for agent.
        self.geo = build_geography(p)
        P, S = self.geo.n, len(SECTORS)
        self.conditions = initial_conditions(self.geo, p, scenario.coordination.value(self.time),
                                             scenario.inclusion.value(self.time))
        set_national_indices(self.conditions, p, p.init_institutions_stock, initial_national_infra_stock(p))
        n_households, n_firms, one_row_per_firm = sample_sizes(scale, p, P, S)
        hh = build_households(n_households, self.geo, p, self.rng, self.conditions)
        firms = build_firms(n_firms, self.geo, hh, p, self.rng, self.conditions, one_row_per_firm)
        self._populate(hh, firms)
        self._measure_set_up(hh, firms)
        self._start_agencies_and_accounts()

    def _measure_set_up(self, hh, firms) -> None:
        """The set-up references that later indices are measured against (``hh``, ``firms``: the built
        arrays, which the engine's agents hold as they were built)."""
        p, P = self.params, self.geo.n
        households_census = census(hh, p)
        self._keep_census(households_census)
        self._refresh_household_totals()
        self.gdp_annual = 4.0 * self._value_added() / (1.0 - p.net_tax_share)
        self.province_gdp_annual = 4.0 * self._value_added_by_province() / (1.0 - p.net_tax_share)
        workers, self.effective0 = self._employment()
        self.firm_count0 = self._firm_counts()
        self.core_province_va0 = self._value_added_by_province(core_only=True)
        self.core_workers0 = workers[:, DIGITAL_CORE].copy()
        self.output_per_worker0 = self.gdp_annual / 4.0 / self._total_labour()
        self.broadband0 = self._internet_share()
        self.fixed_broadband_from = None  # fibre per person when broadband's growth reading starts (rules.firms)
        self.broadband_growth = 0.0  # log TFP from broadband's growth reading so far
        self.skilled_share0 = self._skilled_share()
        self.province_people0 = self._province_people()
        self.gdp0 = self.gdp_annual
        va_by_sector = self._value_added_by_sector()  # firms do not change before the first quarter
        self.manufacturing_va0 = float(va_by_sector[MANUFACTURING])
        self.manufacturing_capacity = 1.0  # relative to set-up (production measures it each quarter)
        self.manufacturing_demand_factor = 1.0
        self.planned_investment = planned_investment_at_set_up(firms, p)  # VND bn a quarter, before displacement
        self.private_investment = self.planned_investment  # made by firms, VND bn a quarter
        self.finance = PublicFinance.at_set_up(p, self.gdp_annual, self.scenario.financing)
        self.ict_manufacturing_va = 0.0  # VND bn this quarter
        self.spillover = 1.0
        self.displaced_share = 0.0
        self.interest_factor = 1.0
        self.core_market = CoreMarket(p, self.scenario.start_year, firms, households_census,
                                      self._labour_per_firm(self.effective0), P)
        self.sector_wage = labour.sector_wage(va_by_sector, workers, p.sector_wage_elasticity)
        self.jobs_per_va = labour.jobs_per_value_added(workers, va_by_sector)
        self.skill_fill = np.ones(P)
        self.wage_index = 1.0
        self._refresh_province_facts()
        self._set_up_done(workers)

    def _start_agencies_and_accounts(self) -> None:
        """Create the agencies (once the economy is set up) and empty accounts."""
        self.national_agencies = {lever: NationalAgency(self, lever) for lever in LEVERS}
        self.provincial_governments = [ProvincialGovernment(self, i, self.geo.capacity[i]) for i in range(self.geo.n)]
        self.digital_investment = 0.0  # VND bn this quarter (firms' upgrades)
        self.digital_entrants = 0.0  # real digital firms that entered this year
        self.records: list[QuarterRecord] = []
        self.snapshots: list[Snapshot] = []

    # ------------------------------------------------------------------ the quarter
    # The phases that change digital adoption: a counterfactual (scenario.digital_frozen_after) skips them.
    DIGITAL_ADOPTION_PHASES = frozenset({"learning", "connectivity_and_adoption", "firm_digital_upgrades"})

    @property
    def digital_frozen(self) -> bool:
        """Whether digital adoption is held where it was (a counterfactual past its last year of change)."""
        after = self.scenario.digital_frozen_after
        return after is not None and self.year > after

    def step(self) -> None:
        """One quarter: the phases in order, then the year-end events after the fourth quarter."""
        self._change_parameters()
        frozen = self.digital_frozen
        if frozen:
            self.digital_investment = 0.0  # the upgrade phase sets it otherwise
        for phase in self.PHASES:
            if frozen and phase in self.DIGITAL_ADOPTION_PHASES:
                continue
            getattr(self, phase)()
        if self.quarter % 4 == 3:
            self.year_end()
        self.quarter += 1

    def _change_parameters(self) -> None:
        """Dated [parameters] overrides that come into force this quarter (scenario.parameter_changes)."""
        changes = self.scenario.parameter_changes
        due = {}
        while self._next_change < len(changes) and changes[self._next_change][0] <= self.time:
            _, name, value = changes[self._next_change]
            due[name] = value
            self._next_change += 1
        if due:
            self._changed_parameters.update(due)
            self.params = self.params.changed_at(self.time, self.scenario.parameters | self._changed_parameters)
            self._parameters_changed()

    def _parameters_changed(self) -> None:
        """Point everything that keeps the parameters at the new ones (an engine adds its own copies)."""
        self.core_market.p = self.params

    # ------------------------------------------------------------------ time
    @property
    def time(self) -> float:
        """Calendar time of the current quarter as a year fraction (2020.25 = 2020Q2)."""
        return self.scenario.start_year + self.quarter / 4.0

    @property
    def years_since_start(self) -> float:
        return self.quarter / 4.0

    @property
    def year(self) -> int:
        return self.scenario.start_year + self.quarter // 4

    @property
    def finished(self) -> bool:
        return self.quarter >= self.n_quarters

    def run(self, progress=None, before_quarter=None) -> None:
        """Step to the end. ``before_quarter(model)`` may change the economy before each quarter (an
        experiment's intervention); ``progress(done, total)`` is called after each."""
        while not self.finished:
            if before_quarter is not None:
                before_quarter(self)
            self.step()
            if progress is not None:
                progress(self.quarter, self.n_quarters)

    # ------------------------------------------------------------------ phases run by the agencies
    def policy_and_budgets(self) -> None:
        """Scenario levels and switches for this quarter; national agencies take their budgets."""
        s, t, cond = self.scenario, self.time, self.conditions
        self.working_age = working_age_index(t, s.start_year)
        cond.coordination = s.coordination.value(t)
        cond.inclusion = s.inclusion.value(t)
        cond.fiveg = s.switch_on("commercial_5g", t)
        cond.data_framework = s.switch_on("data_economy_framework", t)
        cond.depa = s.switch_on("depa_membership", t)
        self.agents_by_type[NationalAgency].do("step")
        set_national_indices(cond, self.params, self.national_agencies["institutions"].stock / self.gdp_annual,
                             self.national_agencies["infrastructure"].stock / self.gdp_annual)

    def infrastructure_and_programmes(self) -> None:
        """Provinces build access networks, run literacy courses and put services online; the national
        skills budget runs advanced courses for adults who already have basic skills."""
        self.agents_by_type[ProvincialGovernment].do("step")
        cond = self.conditions
        cond.fiveg_reach[:] = fiveg_reach(cond, self.province_households)
        cond.advanced_exposure[:] = advanced_exposure(self.national_agencies["skills"].national_delivered, self.params,
                                                      self.adult_share_of_nation,
                                                      self._skilled_share() * self.province_adults, self.time)
        cond.infra_quality = infrastructure_quality(cond, self.params)

    def accounts(self) -> None:
        """Book the public accounts, record the quarter; carry GDP and the wage index into the next one."""
        p = self.params
        self.finance.quarter(p, self._value_added() / (1.0 - p.net_tax_share), self.public_spending, self.gdp_annual)
        with self.measuring():
            record = QuarterRecord.measure(self)
        self.records.append(record)
        self.gdp_annual = 4.0 * record.gdp
        self.province_gdp_annual = 4.0 * record.province_gdp
        self.wage_index = labour.wage_index(record.gdp, record.employment, self.output_per_worker0)

    # ------------------------------------------------------------------ production's economy-wide parts
    def production(self) -> None:
        """Every firm's value added; then investment, net of what other claims on saving displace."""
        p = self.params
        self.draw_productivity()
        labour_per_firm = self._labour_per_firm(self._production_labour())
        trend = sector_trend(p, self.years_since_start) * self._demand_factors()
        utilisation = self._pandemic_utilisation()
        self._measure_households()
        if self.time >= BROADBAND_GROWTH_FROM:
            fixed = self._fixed_broadband_per_person()
            if self.fixed_broadband_from is None:
                self.fixed_broadband_from = fixed
            self.broadband_growth += broadband_growth_step(p, fixed, self.fixed_broadband_from)
        spill = broadband_spillover(p, self._internet_share(), self.broadband0, self.broadband_growth)
        demand = self.core_market.demand(
            self.time, self._demand_state(), self.external["electronics_exports"].index(self.time),
            self._shock_factor("electronics_demand"), self._shock_factor("fdi_inflow"),
            self.scenario.switches["depa_membership"] if self.conditions.depa else None)
        core_output = self.core_market.output(demand, self._core_capacity(labour_per_firm)) * utilisation
        self.ict_manufacturing_va = float(core_output[ICT_MANUFACTURING])
        self.spillover = spill
        self.produce(trend, labour_per_firm, utilisation, spill, core_output)
        self._measure_manufacturing_capacity()
        self._invest()

    def _demand_factors(self) -> np.ndarray:
        """(S,) demand's pull on each sector's output this quarter; 1 except manufacturing
        (``manufacturing_demand``)."""
        factors = np.ones(len(SECTORS))
        demand = manufacturing_demand(self.params, self.external["other_exports"].index(self.time),
                                      self.gdp_annual / self.gdp0)
        self.manufacturing_demand_factor = demand_factor(self.params, demand, self.manufacturing_capacity)
        factors[MANUFACTURING] = self.manufacturing_demand_factor
        return factors

    def _measure_manufacturing_capacity(self) -> None:
        """Manufacturing capacity relative to set-up: this quarter's value added without demand's pull."""
        va = self._value_added_by_sector()[MANUFACTURING]
        self.manufacturing_capacity = va / self.manufacturing_demand_factor / self.manufacturing_va0

    def _invest(self) -> None:
        """Firms invest: planned investment times the user cost of capital (which public debt raises), less
        what other claims on saving take (firms' digital upgrades, the domestic part of crowded-in money, and
        taxes or cut public investment when the levers are so financed); FDI firms follow FDI inflows."""
        p, finance = self.params, self.finance
        domestic_crowd_in, _ = crowd_in_financing(p, self.crowd_in)
        displaced = (self.digital_investment + domestic_crowd_in
                     + finance.displaced_by_financing(p, self.public_spending, self.gdp_annual))
        self.displaced_share = displaced_share(displaced, self.planned_investment)
        self.interest_factor = interest_investment_factor(p, finance.rate(p, self.gdp_annual))
        fdi_per_gdp = self.external["fdi"].index(self.time) / (self.gdp_annual / self.gdp0)
        fdi_multiplier = self._shock_factor("fdi_inflow") * fdi_per_gdp ** p.fdi_investment_elasticity
        made = self.invest(self.interest_factor * (1.0 - self.displaced_share), fdi_multiplier)
        self.private_investment = made
        self.planned_investment = made / (1.0 - self.displaced_share)

    @property
    def crowd_in(self) -> float:
        """Private and FDI money the provinces crowded in this quarter, VND billion."""
        return sum(g.private_money for g in self.provincial_governments)

    @property
    def idle_spending(self) -> float:
        """Public money spent on nothing this quarter (an experiment's control; scenario.idle_spending), VND bn."""
        idle = self.scenario.idle_spending
        return idle.quarterly_vnd_bn(self.time, self.gdp_annual) if idle is not None else 0.0

    @property
    def public_spending(self) -> float:
        """Public money the three levers spend this quarter, and an experiment's idle money, VND billion."""
        return sum(a.budget for a in self.national_agencies.values()) + self.idle_spending

    # ------------------------------------------------------------------ once a year
    def year_end(self) -> None:
        """Once a year: firms exit and enter, digital firms enter, quintiles and province facts refresh."""
        self.exit_and_entry()
        self._refresh_household_totals()
        ratio = labour.skilled_ratio(self._skilled_share(), self.skilled_share0, self._province_people(),
                                     self.province_people0)
        limit = digital_firm_limit(float(self._province_people().sum()), float(self.firm_count0[:, DIGITAL_CORE].sum()))
        self.digital_entrants = 0.0 if self.digital_frozen else self.digital_entry(ratio, limit)
        self._refresh_province_facts()
        self.assign_quintiles()
        with self.measuring():
            snapshot = Snapshot.measure(self)
        snapshot.provinces.update(self._provincial_spending())
        self.snapshots.append(snapshot)

    def _provincial_spending(self) -> dict[str, np.ndarray]:
        """(P,) public money each provincial government received for each lever this year (its share of the
        national budget and its own budget), per cent of its GRDP this year: ``spend_<lever>_pct_grdp`` in
        provinces.csv. Starts the next year's count."""
        grdp = sum(r.province_gdp for r in self.records if r.year == self.year)
        out = {}
        for lever in LEVERS:
            money = np.array([g.received_this_year[lever] for g in self.provincial_governments])
            out[f"spend_{lever}_pct_grdp"] = 100.0 * np.divide(money, grdp, out=np.zeros_like(money), where=grdp > 0)
            for g in self.provincial_governments:
                g.received_this_year[lever] = 0.0
        return out

    # ------------------------------------------------------------------ what agencies plan with
    def _refresh_province_facts(self) -> None:
        """Households, adults and rural shares by province, which the agencies plan with."""
        households, people = self._province_households_and_people()
        self.province_households = households
        self.province_rural_household_share = households[:, RURAL] / households.sum(axis=1)
        self.province_adults = people * self.params.adult_share
        self.adult_share_of_nation = self.province_adults / self.province_adults.sum()

    def allocation_weights(self, lever: str) -> np.ndarray:
        """How a national agency splits its provincial money: by people, tilted to need by inclusion."""
        people, need = self._allocation_sums(lever)
        return allocation_weights(people, need, self.conditions.inclusion)

    # ------------------------------------------------------------------ policy helpers
    def lever_budget(self, lever: str) -> float:
        """National public budget of a lever this quarter, VND billion."""
        return self.scenario.budgets[lever].quarterly_vnd_bn(self.time, self.gdp_annual)

    def place_lever_budgets(self, lever: str) -> np.ndarray:
        """(P,) VND billion each provincial government spends of its own on a lever this quarter, on top of the
        national budget (a scenario's [provinces] and [regions] tables): a share of the province's GRDP, or of
        the region's, split among the region's provinces as a national agency splits its money (by people,
        tilted to need by inclusion; ``allocation_weights``)."""
        out = np.zeros(self.geo.n)
        for place in self.scenario.place_budgets:
            if place.lever != lever:
                continue
            idx = np.array(place.provinces)
            money = place.quarterly_vnd_bn(self.time, float(self.province_gdp_annual[idx].sum()))
            if idx.size == 1:
                out[idx] += money
            else:
                people, need = self._allocation_sums(lever)
                out[idx] += money * allocation_weights(people[idx], need[idx], self.conditions.inclusion)
        return out

    # ------------------------------------------------------------------ markets shared by both engines
    def _labour_per_firm(self, effective: np.ndarray) -> np.ndarray:
        """(P, S) effective labour per firm relative to set-up: cells share their workers among their firms."""
        counts = self._firm_counts()
        per_firm = labour.labour_index(effective, self.effective0) * self.working_age * np.divide(
            self.firm_count0, counts, out=np.zeros_like(counts), where=counts > 0)
        return np.maximum(per_firm, 1e-6)

    def _core_vacancy_rate(self, core_va_by_province: np.ndarray) -> np.ndarray:
        """Share of desired core digital jobs that are unfilled, by province (``_core_workers`` from the engine)."""
        P, p = self.geo.n, self.params
        workers = self._core_workers()
        growth = np.divide(core_va_by_province, self.core_province_va0, out=np.ones(P), where=self.core_province_va0 > 0)
        desired = self.core_workers0 * growth * np.exp(-p.core_labour_productivity_growth * self.years_since_start)
        return np.divide(desired - workers, desired, out=np.zeros(P), where=desired > 0)

    # ------------------------------------------------------------------ shocks
    def _shocks(self, kind: str):
        return [s for s in self.scenario.shocks if s.kind == kind]

    def _pandemic_active(self) -> bool:
        return any(s.active(self.time) for s in self._shocks("pandemic"))

    def _pandemic_utilisation(self) -> float:
        """Share of normal output produced while pandemic shocks (and their scars) last."""
        return pandemic_utilisation(self.scenario.shocks, self.time, self.params.pandemic_size_factor)

    def _shock_factor(self, kind: str) -> float:
        """Multiplier from percentage-change shocks (electronics demand, FDI inflows)."""
        f = 1.0
        for s in self._shocks(kind):
            f *= 1.0 + s.size / 100.0 * s.weight(self.time)
        return f

    def _fraud_multiplier(self) -> float:
        """Times the usual fraud incidents: size while a wave lasts, fading to its persistence."""
        f = 1.0
        for s in self._shocks("cyber_fraud"):
            f *= 1.0 + (s.size - 1.0) * s.weight(self.time)
        return max(f, 0.0)

    # ------------------------------------------------------------------ what a run gives
    def annual_rows(self) -> list[dict]:
        """The run's annual table so far: one dict a year with the columns of ``annual.csv``."""
        return annual_table(self.records, self.params, self.params.vnd_per_usd)

    def annual_by_year(self) -> dict[int, dict]:
        """``annual_rows`` keyed by year."""
        return {int(r["year"]): r for r in self.annual_rows()}

    def measuring(self):
        """Context in which the accounts read ``households`` and ``firms`` (engines may assemble them)."""
        return nullcontext()

    # ------------------------------------------------------------------ hooks with a default
    def _refresh_household_totals(self) -> None:
        """Engines that cache province totals of their households refresh them here (start of the set-up,
        each year end)."""

    def _keep_census(self, households_census: dict[str, float]) -> None:
        """Engines that cache a census of their households keep the set-up's here (one pass, not two)."""

    def _measure_households(self) -> None:
        """Engines that cache a census of their households refresh it here (before production reads it)."""

    def _set_up_done(self, workers: np.ndarray) -> None:
        """Engine-specific state once the set-up references are measured (``workers``: (P, S) at set-up)."""
