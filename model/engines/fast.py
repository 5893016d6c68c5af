"""The model: one quarter of Vietnam's economy, as a pipeline of named phases.

Read ``VietnamEconomy.step`` top to bottom to see a quarter happen:

1. policy and budgets       national agencies receive the scenario's budgets
2. infrastructure and programmes  provincial governments build coverage, courses, e-services
3. learning                 households' digital skills and trust
4. connectivity and adoption  households connect and adopt e-commerce, cashless, e-government
5. firm digital upgrades    firms climb the digital-maturity ladder
6. demography               the population grows and moves to towns
7. labour market            farm exits, core digital hiring, digital roles, earnings
8. production               value added of every firm; core digital output from demand; investment
9. accounts                 GDP, the digital-economy satellite account, fiscal cost

and once a year: firm exit and entry, digital entry, income quintiles. Phases 1, 2
and 9 are the agencies' and the accounts' and live in ``model.base.Economy``,
which the plain-Mesa reference engine (``model.engines.reference``) shares.

Households and firms are large populations kept as arrays (``Households``,
``Firms``) and updated by compiled phases (``model.core.kernels``); the agencies are
Mesa agents. The set-up draws from ``self.rng``, seeded from the scenario; each
quarter's draws are a function of (seed, quarter, event, row) (``self.draws``),
so (scenario, parameters, seed) fixes every number whatever the number of threads.
"""
from __future__ import annotations

import numpy as np

from model.rules import firms as firm_phase
from model.rules import households as hh_phase
from model.rules import labour
from model.measure.accounts import Snapshot
from model.engines.shared import Economy
from model.core.categories import DIGITAL_CORE, RURAL, SECTOR_TREND, SECTORS
from model.rules.digital_core import CoreMarket, DemandState
from model.rules.firms import cell_sums
from model.rules.initialise import build_firms, build_geography, build_households, initial_conditions
from model.core.kernels import Draws, group_sum, use_threads_for, weighted_quantile_groups
from model.core.params import Parameters
from model.scenario import Scenario

DEFAULT_HOUSEHOLDS = 20_000  # rows at scale 1: enough for smooth provincial aggregates, runs in about a second
DEFAULT_FIRMS = 10_000
FULL_SCALE = "full"  # one agent per real household and per real firm


def sample_sizes(scale: float | str, p: Parameters, n_provinces: int, n_sectors: int) -> tuple[int, int, bool]:
    """Household rows, firm rows and whether firms are one row per real firm, for a scale setting."""
    if scale == FULL_SCALE:
        return int(round(p.population_2015_mn * 1e6 / p.household_size)), 0, True
    scale = float(scale)
    return (max(2 * 2 * n_provinces, int(round(DEFAULT_HOUSEHOLDS * scale))),
            max(4 * n_provinces * n_sectors, int(round(DEFAULT_FIRMS * scale))), False)
MAX_CROWD_OUT = 0.9  # guard: other spending can never displace all physical investment


class VietnamEconomy(Economy):
    """Vietnam's economy under a digital-investment scenario, quarter by quarter."""

    engine = "fast"

    def __init__(self, scenario: Scenario, seed: int | None = None, scale: float | str = 1.0):
        self.seed_used = scenario.seed if seed is None else int(seed)
        super().__init__(rng=self.seed_used)
        self.scenario = scenario
        self.params = p = Parameters(scenario.parameters)
        self.scale = scale
        self.quarter = 0
        self.n_quarters = 4 * (scenario.end_year - scenario.start_year + 1)

        self.geo = build_geography(p)
        P, S = self.geo.n, len(SECTORS)
        self.conditions = initial_conditions(self.geo, p, scenario.coordination.value(self.time),
                                             scenario.inclusion.value(self.time))
        self._set_national_indices(p.init_institutions_stock, p.init_national_infra_stock)
        n_households, n_firms, one_row_per_firm = sample_sizes(scale, p, P, S)
        self.households = hh = build_households(n_households, self.geo, p, self.rng, self.conditions)
        self.firms = firms = build_firms(n_firms, self.geo, hh, p, self.rng, self.conditions, one_row_per_firm)

        # Set-up references that indices are measured against.
        self.gdp_annual = 4.0 * firms.weight @ firms.value_added / (1.0 - p.net_tax_share)
        self.province_gdp_annual = 4.0 * group_sum(firms.weight * firms.value_added, firms.province, P) / (1.0 - p.net_tax_share)
        self.skill_use = labour.skill_use(cell_sums(firms, p, P, S), p, P, S)
        workers, self.effective0 = labour.employment(hh, P, S, p, self.skill_use)
        self.mean_labour_quality = self.effective0.sum() / workers.sum()
        self._count_firms()
        self.firm_count0 = self._firm_counts()
        self.core_province_va0 = group_sum(firms.weight * firms.value_added * firms.core, firms.province, P)
        self.core_workers0 = workers[:, DIGITAL_CORE].copy()
        self.output_per_worker0 = self.gdp_annual / 4.0 / hh.labour.sum()
        self.household_census = hh_phase.census(hh, p)
        self.broadband0 = self._internet_share()
        self.province_totals = self._province_sums()
        self.skilled_share0 = self._skilled_share()
        self.province_people0 = group_sum(hh.people, hh.province, P)
        self.core_market = CoreMarket(p, scenario.start_year, firms, self.household_census, self._labour_per_firm(self.effective0), P)
        va_s = group_sum(firms.weight * firms.value_added, firms.sector, S)
        per_worker = va_s / np.maximum(workers.sum(axis=0), 1e-12)
        self.sector_wage = (per_worker / (va_s.sum() / workers.sum())) ** p.sector_wage_elasticity
        self.skill_fill = np.ones(P)
        self.wage_index = 1.0
        self._refresh_province_facts()

        self._start_agencies_and_accounts()

    # ------------------------------------------------------------------ the quarter
    def step(self) -> None:
        use_threads_for(self.households.n + self.firms.n)
        self.policy_and_budgets()
        self.infrastructure_and_programmes()
        self.learning()
        self.connectivity_and_adoption()
        self.firm_digital_upgrades()
        self.demography()
        self.labour_market()
        self.production()
        self.accounts()
        if self.quarter % 4 == 3:
            self.year_end()
        self.quarter += 1

    @property
    def draws(self) -> Draws:
        """This quarter's random draws (keys by event name)."""
        return Draws(self.seed_used, self.quarter)

    # ------------------------------------------------------------------ phases
    def policy_and_budgets(self) -> None:
        # The households' state at the start of the quarter, which the agencies plan with (phases 1-2).
        self.province_totals = self._province_sums()
        super().policy_and_budgets()

    def learning(self) -> None:
        hh_phase.learn(self.households, self.conditions, self.params, self.geo.n)
        hh_phase.update_trust(self.households, self.conditions, self.params, self._fraud_multiplier())

    def connectivity_and_adoption(self) -> None:
        hh_phase.connect(self.households, self.conditions, self.params, self.draws, self.years_since_start)
        hh_phase.adopt(self.households, self.conditions, self.params, self.draws, self.geo.n, self._pandemic_active())

    def firm_digital_upgrades(self) -> None:
        self.digital_investment = firm_phase.upgrade(
            self.firms, self.conditions, self.params, self.draws, self.years_since_start, self.skill_fill,
            self.geo.n, len(SECTORS))
        firm_phase.depreciate_digital_capital(self.firms, self.params)

    def demography(self) -> None:
        """Weights grow with the population; towns grow faster (urbanisation)."""
        hh_phase.grow(self.households, self.params)

    def labour_market(self) -> None:
        """Farm workers leave for non-farm jobs, core firms hire skilled workers, digital roles are filled."""
        p, hh, firms = self.params, self.households, self.firms
        P, S = self.geo.n, len(SECTORS)
        # Firms' value added, maturity and weights do not change again until production: core demand reuses these.
        self.cells = cells = cell_sums(firms, p, P, S)
        cell_va = cells[:, 1].reshape(P, S)
        labour.structural_moves(hh, p, self.draws, cell_va)
        labour.core_hiring(hh, p, self.draws, self._core_vacancy_rate(cell_va[:, DIGITAL_CORE]))
        self.skill_use = labour.skill_use(cells, p, P, S)
        # Nobody changes sector, skill or weight again this quarter: production reuses these.
        self.workers, self.effective = labour.employment(hh, P, S, p, self.skill_use)
        workers = self.workers
        roles = labour.digital_roles(cells, workers, P, S)
        self.skill_fill = labour.assign_digital_roles(hh, p, roles, P)
        hh_phase.earn(hh, p, self.wage_index, self.sector_wage, self.skill_use)

    def production(self) -> None:
        """Every firm's value added; then investment, net of what other spending displaces."""
        p, firms, hh = self.params, self.firms, self.households
        firm_phase.evolve_productivity(firms, p, self.draws)
        workers, effective = self.workers, self.effective  # measured in the labour market
        self.mean_labour_quality = effective.sum() / workers.sum()
        labour_per_firm = self._labour_per_firm(effective)
        trend = np.array([1.0 if g is None else np.exp(getattr(p, f"tfp_growth_{g}") * self.years_since_start)
                          for g in SECTOR_TREND])
        utilisation = self._pandemic_utilisation()
        # Households do not change again this quarter: one census serves demand, spillovers and the accounts.
        self.household_census = hh_phase.census(hh, p)
        spill = (1.0 + p.broadband_tfp_spillover * self._internet_share()) / (1.0 + p.broadband_tfp_spillover * self.broadband0)
        demand = self.core_market.demand(
            self.time, DemandState.measure(self.household_census, self.cells, p), self._shock_factor("electronics_demand"),
            self._shock_factor("fdi_inflow"),
            self.scenario.switches["depa_membership"] if self.conditions.depa else None)
        core_output = self.core_market.output(demand, firms, labour_per_firm) * utilisation
        firm_phase.produce(firms, p, self.conditions, trend, labour_per_firm,
                           self.skill_fill, utilisation, spill, core_output)
        # Public budgets crowd out part of private investment, and firms pay for their digital
        # upgrades out of it. Money crowded in by the levers is additional: it is the private
        # and FDI investment that public projects mobilise (policy brief), not a reallocation.
        public = sum(a.budget for a in self.national_agencies.values())
        investment = p.investment_rate * (firms.weight @ firms.value_added)
        displaced = min(MAX_CROWD_OUT, (p.crowd_out * public + self.digital_investment) / max(investment, 1e-12))
        firm_phase.invest(firms, p, displaced, self._shock_factor("fdi_inflow"))

    def year_end(self) -> None:
        """Once a year: firms exit and enter, digital firms enter, quintiles and province facts refresh."""
        p, hh = self.params, self.households
        firm_phase.exit_and_entry(self.firms, self.conditions, p, self.draws)
        self.province_totals = self._province_sums()
        ratio = labour.skilled_ratio(self._skilled_share(), self.skilled_share0, self.province_totals["people"],
                                     self.province_people0)
        self.digital_entrants = firm_phase.digital_entry(self.firms, self.conditions, p, ratio)
        self._count_firms()
        self._refresh_province_facts()
        hh.quintile[:] = weighted_quantile_groups(hh.income, hh.people, 5)
        self.snapshots.append(Snapshot.measure(self))

    # ------------------------------------------------------------------ helpers
    def _province_sums(self) -> dict[str, np.ndarray]:
        return hh_phase.province_sums(self.households, self.params, self.conditions.fibre_coverage, self.geo.n)

    def _refresh_province_facts(self) -> None:
        """Households, adults and rural shares by province, which the agencies plan with."""
        sums = self.province_totals
        self.province_households = np.stack([sums["urban_households"], sums["rural_households"]], axis=1)
        self.province_rural_household_share = self.province_households[:, RURAL] / self.province_households.sum(axis=1)
        self.province_adults = sums["people"] * self.params.adult_share
        self.adult_share_of_nation = self.province_adults / self.province_adults.sum()

    def _skilled_share(self) -> np.ndarray:
        """(P,) share of people with basic digital skills (at the last ``province_totals``)."""
        sums = self.province_totals
        return sums["basic_skill_people"] / np.maximum(sums["people"], 1e-12)

    def allocation_weights(self, lever: str) -> np.ndarray:
        """How a national agency splits its provincial money: by people, tilted to need by inclusion."""
        sums = self.province_totals
        people = sums["people"]
        # Need: households not yet passed by fibre; for skills and institutions, rural, poorer and older people.
        need = sums["unpassed_households"] if lever == "infrastructure" else sums["targeted_people"]
        incl = self.conditions.inclusion
        w = (1.0 - incl) * people / people.sum() + incl * need / max(need.sum(), 1e-12)
        return w / w.sum()

    def _count_firms(self) -> None:
        """Real firms by cell: they change only at the year end (digital entry)."""
        S = len(SECTORS)
        self.firm_counts = cell_sums(self.firms, self.params, self.geo.n, S)[:, 0].reshape(self.geo.n, S)

    def _firm_counts(self) -> np.ndarray:
        return self.firm_counts

    def _core_workers(self) -> np.ndarray:
        return self._province_sums()["core_labour"]

    def _internet_share(self) -> float:
        c = self.household_census
        return c["online_people"] / c["people"]
