"""The fast engine: households and firms as arrays, updated by compiled phases.

A quarter is the pipeline of ``Economy.PHASES`` (``model.engines.shared``):

1. policy and budgets       national agencies receive the scenario's budgets
2. infrastructure and programmes  provincial governments build coverage, courses, e-services
3. learning                 households' digital skills and trust
4. connectivity and adoption  households connect and adopt e-commerce, cashless, e-government
5. firm digital upgrades    firms climb the digital-maturity ladder
6. demography               the population grows and moves to towns
7. labour market            farm exits, core digital hiring, digital roles, earnings
8. production               value added of every firm; core digital output from demand; investment
9. accounts                 GDP, the digital-economy satellite account, fiscal cost

and once a year: firm exit and entry, digital entry, income quintiles. Phases
1, 2, 9 and production's economy-wide parts are the shared ``Economy``'s; this
class gives the household and firm phases (each a call into ``model.rules``)
and the counts the shared glue reads.

Households and firms are large populations kept as arrays (``Households``,
``Firms``) and updated by compiled phases (``model.core.kernels``); the agencies
are Mesa agents. The set-up draws from ``self.rng``, seeded from the scenario;
each quarter's draws are a function of (seed, quarter, event, row)
(``self.draws``), so (scenario, parameters, seed) fixes every number whatever
the number of threads.
"""
from __future__ import annotations

import numpy as np

from model.core.categories import DIGITAL_CORE, SECTORS
from model.core.kernels import Draws, group_sum, use_threads_for, weighted_quantile_groups, weighted_total
from model.engines.shared import Economy
from model.rules import firms as firm_phase
from model.rules import households as hh_phase
from model.rules import labour
from model.rules.demography import population_growth
from model.rules.digital_core import DemandState, core_capacity
from model.rules.firms import Firms, cell_sums
from model.rules.households import Households


class VietnamEconomy(Economy):
    """Vietnam's economy under a digital-investment scenario, quarter by quarter (array populations)."""

    engine = "fast"

    def _populate(self, hh: Households, firms: Firms) -> None:
        self.households, self.firms = hh, firms
        self._count_firms()

    def _keep_census(self, households_census: dict[str, float]) -> None:
        self.household_census = households_census

    def _set_up_done(self, workers: np.ndarray) -> None:
        self.mean_labour_quality = self.effective0.sum() / workers.sum()

    @property
    def draws(self) -> Draws:
        """This quarter's random draws (keys by event name)."""
        return Draws(self.seed_used, self.quarter)

    # ------------------------------------------------------------------ phases
    def policy_and_budgets(self) -> None:
        use_threads_for(self.households.n + self.firms.n)
        # The households' state at the start of the quarter, which the agencies plan with (phases 1-2).
        self._refresh_household_totals()
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
        hh_phase.grow(self.households, self.params, population_growth(self.year))

    def labour_market(self) -> None:
        """Farm workers leave for non-farm jobs, core firms hire skilled workers, digital roles are filled."""
        p, hh, firms = self.params, self.households, self.firms
        P, S = self.geo.n, len(SECTORS)
        # Firms' value added, maturity and weights do not change again until production: core demand reuses these.
        self.cells = cells = cell_sums(firms, p, P, S)
        cell_va = cells[:, firm_phase.CELL.value_added].reshape(P, S)
        labour.structural_moves(hh, p, self.draws, labour.farm_exit_pull(cell_va, self.jobs_per_va))
        labour.core_hiring(hh, p, self.draws, self._core_vacancy_rate(cell_va[:, DIGITAL_CORE]))
        # Nobody changes sector, skill or weight again this quarter: production reuses these.
        self.workers, self.effective = labour.employment(hh, P, S, p)
        roles = labour.digital_roles(cells, self.workers, P, S)
        self.skill_fill = labour.assign_digital_roles(hh, p, roles, P)
        hh_phase.earn(hh, p, self.wage_index, self.sector_wage)

    # production (shared) calls these in order
    def draw_productivity(self) -> None:
        firm_phase.evolve_productivity(self.firms, self.params, self.draws)

    def _production_labour(self) -> np.ndarray:
        """(P, S) effective labour, as measured in the labour market this quarter."""
        self.mean_labour_quality = self.effective.sum() / self.workers.sum()
        return self.effective

    def _measure_households(self) -> None:
        # Households do not change again this quarter: one census serves demand, spillovers and the accounts.
        self.household_census = hh_phase.census(self.households, self.params)

    def _demand_state(self) -> DemandState:
        return DemandState.measure(self.household_census, self.cells, self.params)

    def _core_capacity(self, labour_per_firm: np.ndarray) -> np.ndarray:
        return core_capacity(self.firms, self.params, labour_per_firm)

    def produce(self, trend, labour_per_firm, utilisation, spillover, core_output) -> None:
        firm_phase.produce(self.firms, self.params, self.conditions, trend, labour_per_firm, self.skill_fill,
                           utilisation, spillover, core_output)

    def invest(self, common: float, fdi_multiplier: float) -> float:
        return firm_phase.invest(self.firms, self.params, common, fdi_multiplier)

    # year_end (shared) calls these
    def exit_and_entry(self) -> None:
        firm_phase.exit_and_entry(self.firms, self.conditions, self.params, self.draws, self.digital_frozen)

    def digital_entry(self, skilled_ratio: np.ndarray, limit: float) -> float:
        entrants = firm_phase.digital_entry(self.firms, self.conditions, self.params, skilled_ratio, limit)
        self._count_firms()
        return entrants

    def assign_quintiles(self) -> None:
        hh = self.households
        hh.quintile[:] = weighted_quantile_groups(hh.income, hh.people, 5)

    # ------------------------------------------------------------------ counts the shared glue reads
    def _refresh_household_totals(self) -> None:
        self.province_totals = hh_phase.province_sums(self.households, self.params, self.conditions.fibre_coverage,
                                                      self.geo.n)

    def _value_added(self) -> float:
        return weighted_total(self.firms.weight, self.firms.value_added)

    def _value_added_by_province(self, core_only: bool = False) -> np.ndarray:
        f = self.firms
        va = f.weight * f.value_added * f.core if core_only else f.weight * f.value_added
        return group_sum(va, f.province, self.geo.n)

    def _value_added_by_sector(self) -> np.ndarray:
        f = self.firms
        return group_sum(f.weight * f.value_added, f.sector, len(SECTORS))

    def _total_labour(self) -> float:
        return self.households.labour.sum()

    def _employment(self) -> tuple[np.ndarray, np.ndarray]:
        return labour.employment(self.households, self.geo.n, len(SECTORS), self.params)

    def _province_people(self) -> np.ndarray:
        return self.province_totals["people"]

    def _province_households_and_people(self) -> tuple[np.ndarray, np.ndarray]:
        sums = self.province_totals
        return np.stack([sums["urban_households"], sums["rural_households"]], axis=1), sums["people"]

    def _allocation_sums(self, lever: str) -> tuple[np.ndarray, np.ndarray]:
        """People by province, and need: households not yet passed by fibre (infrastructure), or people in
        the rural, poorer and older households that inclusive budgets target (skills, institutions)."""
        sums = self.province_totals
        return sums["people"], sums["unpassed_households"] if lever == "infrastructure" else sums["targeted_people"]

    def _skilled_share(self) -> np.ndarray:
        """(P,) share of people with basic digital skills (at the last ``province_totals``)."""
        sums = self.province_totals
        return sums["basic_skill_people"] / np.maximum(sums["people"], 1e-12)

    def _count_firms(self) -> None:
        """Real firms by cell: they change only at the year end (digital entry)."""
        P, S = self.geo.n, len(SECTORS)
        self.firm_counts = cell_sums(self.firms, self.params, P, S)[:, firm_phase.CELL.firms].reshape(P, S)

    def _firm_counts(self) -> np.ndarray:
        return self.firm_counts

    def _core_workers(self) -> np.ndarray:
        return hh_phase.core_labour(self.households, self.geo.n)

    def _internet_share(self) -> float:
        c = self.household_census
        return c["online_people"] / c["people"]

    def _fixed_broadband_per_person(self) -> float:
        c = self.household_census
        return c["fibre_households"] / c["people"]
