"""The reference implementation: the same model in plain Mesa, one agent per household and per firm.

This module states the model's rules the way a Mesa user would write them:
every sampled household is a ``HouseholdAgent`` and every sampled firm a
``FirmAgent``, each holding its own state as plain Python numbers and acting
through its own methods; the model activates them through Mesa ``AgentSet``s
(``self.agents_by_type[HouseholdAgent].shuffle_do("step")``) and, between
activations, computes the market-level facts agents react to (peers' skill and
adoption in their province and area, peers' digital maturity in their province
and sector, value added and effective labour of each cell, digital roles,
demand for the digital core) with plain loops over the agents. It is slow on
purpose and is the most readable statement of the rules; ``model.engines.fast``
(``VietnamEconomy``) is the fast engine that runs the same rules over arrays.

Shared with the fast engine, unchanged: the parameters (``Parameters``), the
scenario input, the initial economy (built by the same ``model.rules.initialise``
functions from the same random stream, so one seed gives both engines the
same 2015 economy, agent for agent), the agencies (``NationalAgency``,
``ProvincialGovernment``), the accounts (``QuarterRecord``, ``Snapshot``) and
the results folder. For measurement only, ``households`` and ``firms`` gather
the agents' attributes into the ``Households`` / ``Firms`` arrays that the
accounts read; nothing in the dynamics reads them.

A quarter runs in the fast engine's order:

1. policy and budgets               national agencies take their budgets (Mesa agents, as in the fast engine)
2. infrastructure and programmes    provincial governments build coverage, courses, online services
3. learning                         each household: ``HouseholdAgent.step`` -> learn, update trust,
4. connectivity and adoption                                               connect, adopt
5. firm digital upgrades            each firm: ``FirmAgent.step`` -> upgrade, depreciate digital capital
6. demography                       each household: ``grow``
7. labour market                    each household: ``leave_farm``, ``seek_core_job``, ``work``
8. production                       each firm: ``draw_productivity``, ``produce``, ``invest``
9. accounts                         the quarter's record (shared code)

and once a year: firm exit and entry (``FirmAgent.restart``), digital entry
(``FirmAgent.add_entrants``), income quintiles, the year-end snapshot.

What differs in the order of events, and why it does not change the economics
------------------------------------------------------------------------------
* **One at a time instead of all at once.** Within a phase the fast engine
  updates every row in one vectorised sweep from the state at the start of
  the phase. Here agents act one after another in a random order
  (``shuffle_do``). Every rule that involves other agents reads an aggregate
  that the model computed *before* the activation (the start-of-phase value,
  exactly what the fast engine reads), never another agent's half-updated
  state; each agent's update depends only on its own state, those frozen
  aggregates and its own random draws. So no agent's action can affect
  another's in the same phase, and the activation order only decides which
  random number goes to which agent, not the probabilities.
* **Phases 3 and 4 run in one household step.** The fast engine runs learning
  (skill, trust) for all households, then connecting for all, then adoption
  for all. Here each household learns, updates its trust, connects and adopts
  in one ``step``, so household B may learn after household A has already
  adopted. This is the same economics because the only cross-household inputs
  of these rules are the peers' mean skill (read by learning) and the peers'
  adoption share of each service (read by adoption); the fast engine reads
  the first before anyone learns and the second at the start of each
  service's sweep, when that service's states are still the start-of-phase
  states (learning, trust and connecting change no adoption state, and each
  service's sweep changes only its own). The model computes both at the start
  of phase 3, so they are the same numbers.
* **The firm's upgrade and the depreciation of its digital capital** run in
  one ``FirmAgent.step`` (upgrade first, as in the fast engine).
* **Shuffled or not.** Passes in which agents make random choices use
  ``shuffle_do`` (Mesa's random activation); passes without draws (``grow``,
  ``work``, ``produce``, ``invest``) and the productivity shocks (independent
  draws) use ``do``, in creation order. By the first point the order changes
  no outcome's probability in either case.
* **Random numbers.** Agents draw scalars from the model's ``self.rng`` when a
  rule needs one (a mover's destination only for movers); the fast engine
  hashes (seed, quarter, event, row) into each draw (``model.core.kernels``). Every event has the same probability
  (``1 - exp(-hazard)`` per quarter for a hazard) but the streams differ, so
  the two engines agree in distribution, not number for number. The
  activation order comes from Mesa's ``model.random``, seeded from the same
  seed. Ties in the exit ranking are broken by a uniform draw, as in the fast
  engine.
* **Number types.** Agents hold Python floats (64-bit); the fast engine keeps
  skill and trust as 32-bit floats. The rounding difference (about 1e-7) is
  far below sampling noise. Agents read the parameters from ``model.p`` (the
  same values as ``model.core.params``, as plain attributes) and the public
  conditions from ``model.public`` (a plain-number copy of
  ``model.core.conditions`` taken after the provinces have acted each quarter),
  because plain Python numbers are much faster to read one agent at a time.

Units and meanings are those of the fast engine: a household agent stands for
``weight`` real households of ``members`` people and ``workers`` workers,
income per head is VND million a year; a firm agent stands for ``weight``
real firms, each with ``value_added`` VND billion a quarter and ``capital`` VND
billion (2023 prices).
"""
from __future__ import annotations

from contextlib import contextmanager
from operator import attrgetter
from types import SimpleNamespace

import numpy as np

from model.core.categories import ADVANCED, AGRICULTURE, BASIC, CORE_SUBSECTORS, DIGITAL_CORE, FIBRE, INTEGRATED, SECTORS, URBAN
from model.core.conditions import Conditions
from model.engines.reference.agents import SERVICES, FirmAgent, HouseholdAgent, _sum, _zeros
from model.engines.shared import Economy
from model.rules.digital_core import DemandState
from model.rules.firms import Firms, entry_scale, premium_table, productivity_process
from model.rules.demography import population_growth
from model.rules.households import Households, census, growth_factors
from model.rules import labour


class ReferenceEconomy(Economy):
    """Vietnam's economy under a scenario, one Mesa agent per household and per firm (slow, readable)."""

    engine = "reference"
    # Phases 3 and 4 run in one household step (see the module notes on order).
    DIGITAL_ADOPTION_PHASES = frozenset({"learning_connectivity_and_adoption", "firm_digital_upgrades"})
    PHASES = ("policy_and_budgets", "infrastructure_and_programmes", "learning_connectivity_and_adoption",
              "firm_digital_upgrades", "demography", "labour_market", "production", "accounts")

    def _parameters_changed(self) -> None:
        """The agents' plain copies of the parameters, and the tables made from them, follow a dated change."""
        super()._parameters_changed()
        self._copy_parameters()

    def _copy_parameters(self) -> None:
        p = self.params
        # The same values as plain attributes: agents read them millions of times, and this is faster.
        self.p = SimpleNamespace(**p.as_dict())
        self.premium_by_level = tuple(float(x) for x in premium_table(p))
        self.productivity_process = tuple(float(x) for x in productivity_process(p))

    def _populate(self, hh: Households, firms: Firms) -> None:
        """One agent per built row, holding plain Python numbers."""
        self._measured = None  # arrays gathered from the agents while the accounts measure
        self._copy_parameters()
        self.public = _plain(self.conditions)
        self.household_list = [HouseholdAgent(self, **row) for row in _rows(hh)]
        self.firm_list = [FirmAgent(self, **row) for row in _rows(firms)]
        self.core_firms = [f for f in self.firm_list if f.core]

    def _set_up_done(self, workers: np.ndarray) -> None:
        # What agents read, as plain Python numbers and lists.
        for h in self.household_list:
            h.labour_quality = h.quality(h.skill)
        self.labour_per_firm = self._labour_per_firm(self.effective0).tolist()
        self.sector_wage = self.sector_wage.tolist()
        self.skill_fill = self.skill_fill.tolist()

    # ------------------------------------------------------------------ phases
    def infrastructure_and_programmes(self) -> None:
        super().infrastructure_and_programmes()
        self.public = _plain(self.conditions)  # what households and firms see this quarter

    def learning_connectivity_and_adoption(self) -> None:
        """Phases 3 and 4: every household learns, updates its trust, connects and adopts."""
        self.prepare_household_quarter()
        self.agents_by_type[HouseholdAgent].shuffle_do("step")

    def prepare_household_quarter(self) -> None:
        """What households see from each other this quarter, measured before any of them acts."""
        p, P = self.p, self.geo.n
        self.fraud_multiplier = self._fraud_multiplier()
        self.pandemic = self._pandemic_active()
        # Peers: people-weighted mean skill and adoption shares in each province-area cell.
        people = [0.0] * (2 * P)
        skill = [0.0] * (2 * P)
        adopters = {service: [0.0] * (2 * P) for service in SERVICES}
        # Inclusion targeting: rescale the tilt so each province's courses (its budget) stay the same.
        province_people = [0.0] * P
        tilted_people = [0.0] * P
        tilt = 1.0 + self.conditions.inclusion * p.inclusion_boost
        for h in self.household_list:
            c, n = h.cell, h.people
            people[c] += n
            skill[c] += h.skill * n
            for service in SERVICES:
                if getattr(h, service):
                    adopters[service][c] += n
            province_people[h.province] += n
            tilted_people[h.province] += (tilt if h.targeted() else 1.0) * n
        self.peer_skill = [s / n if n > 0 else 0.0 for s, n in zip(skill, people)]
        self.peer_adoption = {service: [a / n if n > 0 else 0.0 for a, n in zip(adopters[service], people)]
                              for service in SERVICES}
        self.targeting_scale = [n / t if t > 0 else 1.0 for n, t in zip(province_people, tilted_people)]

    def firm_digital_upgrades(self) -> None:
        """Firms climb the digital-maturity ladder, imitating the firms of their province and sector."""
        S = len(SECTORS)
        n_cells = self.geo.n * S
        total = [0.0] * n_cells
        at_least = [[0.0] * (ADVANCED + 1) for _ in range(n_cells)]
        for f in self.firm_list:
            total[f.cell] += f.weight
            for level in range(BASIC, f.maturity + 1):
                at_least[f.cell][level] += f.weight
        self.peer_maturity = [[a / max(t, 1e-12) for a in row] for row, t in zip(at_least, total)]
        self.digital_investment = 0.0
        self.agents_by_type[FirmAgent].shuffle_do("step")

    def demography(self) -> None:
        """Weights grow with the population; towns grow faster (urbanisation)."""
        people = _sum(h.people for h in self.household_list)
        share = _sum(h.people for h in self.household_list if h.area == URBAN) / people
        self.growth_factor = growth_factors(share, self.params, population_growth(self.year)).tolist()  # indexed by area
        self.agents_by_type[HouseholdAgent].do("grow")  # no draws, no interaction: order is irrelevant

    def labour_market(self) -> None:
        """Farm workers leave for non-farm jobs, core firms hire skilled workers, digital roles are filled."""
        p, P, S = self.p, self.geo.n, len(SECTORS)
        households = self.agents_by_type[HouseholdAgent]
        self.cell_va = _zeros(P, S)  # value added of each province-sector cell
        for f in self.firm_list:
            self.cell_va[f.province][f.sector] += f.weight * f.value_added

        # Farm exits: mobility is normalised by its labour-weighted mean among farm households.
        farm = [h for h in self.household_list if h.sector == AGRICULTURE]
        farm_labour = _sum(h.labour for h in farm)
        farm_mobility = _sum(h.labour * h.age_factor(p.young_mobility, p.old_mobility) * (p.skill_hazard_base + h.skill)
                             for h in farm)
        # no mobility at all: nobody moves, whatever the hazard (as labour.structural_moves)
        self.farm_mobility_mean = farm_mobility / farm_labour if farm_mobility > 0 else 1.0
        self.farm_exit_pull = labour.farm_exit_pull(np.array(self.cell_va), self.jobs_per_va).tolist()
        households.shuffle_do("leave_farm")

        # Core hiring: the share of the core's desired jobs that are vacant in each province.
        self.vacancy_rate = self._core_vacancy_rate(np.array(self.cell_va)[:, DIGITAL_CORE]).tolist()
        households.shuffle_do("seek_core_job")

        # Digital roles: non-core firms offer roles by their maturity; skilled workers fill them.
        # Nobody changes sector or weight again this quarter: the accounts read these workers.
        self.workers, _ = self._employment()
        roles = self._digital_roles(self.workers)
        supply = [0.0] * P
        for h in self.household_list:
            if h.skilled_outside_core():
                supply[h.province] += h.labour
        supply = np.array(supply)
        self.role_take_up = np.divide(roles, supply, out=np.zeros(P), where=supply > 0).tolist()
        self.skill_fill = np.minimum(1.0, np.divide(supply, roles, out=np.ones(P), where=roles > 0)).tolist()
        households.do("work")  # no draws; reads only the roles' take-up measured above

    # production (shared) calls these in order
    def draw_productivity(self) -> None:
        self.agents_by_type[FirmAgent].do("draw_productivity")  # independent draws: the order does not matter

    def _production_labour(self) -> np.ndarray:
        return self._employment()[1]

    def _core_capacity(self, labour_per_firm: np.ndarray) -> np.ndarray:
        """Capacity of each core subsector: the sum of its firms' capacity. Also keeps ``labour_per_firm`` (and
        the capacities) as plain lists, which the firms read in ``capacity`` and ``produce``."""
        self.labour_per_firm = labour_per_firm.tolist()
        capacity = np.zeros(len(CORE_SUBSECTORS))
        for f in self.core_firms:
            capacity[f.subsector] += f.weight * f.capacity()
        self.core_capacity = capacity.tolist()
        return capacity

    def produce(self, trend, labour_per_firm, utilisation, spillover, core_output) -> None:
        self.trend, self.utilisation, self.spillover = trend.tolist(), utilisation, spillover
        self.core_output = core_output.tolist()
        self.agents_by_type[FirmAgent].do("produce")  # no draws; reads only the aggregates measured above

    def invest(self, common: float, fdi_multiplier: float) -> float:
        self.investment_common, self.fdi_multiplier = common, fdi_multiplier
        self.investment_made = 0.0
        self.agents_by_type[FirmAgent].do("invest")
        return self.investment_made

    # year_end (shared) calls these
    def digital_entry(self, skilled_ratio: np.ndarray, limit: float) -> float:
        self.skilled_ratio = skilled_ratio.tolist()
        self.digital_entrants = 0.0
        planned = _sum(f.planned_entrants() for f in self.core_firms)
        self.entry_scale = entry_scale(planned, _sum(f.weight for f in self.core_firms), limit)
        self.agents_by_type[FirmAgent].select(lambda f: f.core).do("add_entrants")
        return self.digital_entrants

    def exit_and_entry(self) -> None:
        """The least productive non-core firms (exit_rate of them by weight) exit; entrants take their places."""
        rng = self.rng
        noncore = [f for f in self.firm_list if not f.core]
        if not noncore:
            return
        ranked = sorted(noncore, key=lambda f: (f.productivity, rng.random()))  # ties broken at random
        total = _sum(f.weight for f in noncore)
        leaving, cum = [], 0.0
        for f in ranked:
            cum += f.weight
            if cum > self.p.exit_rate * total:
                break
            leaving.append(f)
        if not leaving:
            return
        gone = set(leaving)
        stay = [f for f in noncore if f not in gone]
        productivity = _sum(f.weight * f.productivity for f in stay) / _sum(f.weight for f in stay)
        self.agents_by_type[FirmAgent].select(lambda f: f in gone).shuffle_do("restart", productivity)

    def assign_quintiles(self) -> None:
        """National income quintiles of people: rank households by income, cut the people into fifths."""
        ranked = sorted(self.household_list, key=lambda h: h.income)
        total = _sum(h.people for h in ranked)
        cum = 0.0
        for h in ranked:
            cum += h.people
            h.quintile = min(int((cum - 0.5 * h.people) / total * 5), 4)

    # ------------------------------------------------------------------ what agencies plan with
    def _province_households_and_people(self) -> tuple[np.ndarray, np.ndarray]:
        """(P, 2) urban and rural households and (P,) people by province."""
        P = self.geo.n
        households, people = _zeros(P, 2), [0.0] * P
        for h in self.household_list:
            households[h.province][h.area] += h.weight
            people[h.province] += h.people
        return np.array(households), np.array(people)

    def _allocation_sums(self, lever: str) -> tuple[np.ndarray, np.ndarray]:
        """People by province, and need: households not yet passed by fibre (infrastructure), or people in
        the rural, poorer and older households that inclusive budgets target (skills, institutions)."""
        P = self.geo.n
        people, need = [0.0] * P, [0.0] * P
        fibre = self.conditions.fibre_coverage.tolist()
        for h in self.household_list:
            people[h.province] += h.people
            if lever == "infrastructure":
                if h.remoteness >= fibre[h.province][h.area]:
                    need[h.province] += h.weight
            elif h.targeted():
                need[h.province] += h.people
        return np.array(people), np.array(need)

    # ------------------------------------------------------------------ market aggregates (loops over agents)
    def _value_added(self) -> float:
        """All firms' value added this quarter, VND billion."""
        return _sum(f.weight * f.value_added for f in self.firm_list)

    def _value_added_by_sector(self) -> np.ndarray:
        va = [0.0] * len(SECTORS)
        for f in self.firm_list:
            va[f.sector] += f.weight * f.value_added
        return np.array(va)

    def _total_labour(self) -> float:
        return _sum(h.labour for h in self.household_list)

    def _value_added_by_province(self, core_only: bool = False) -> np.ndarray:
        out = [0.0] * self.geo.n
        for f in self.firm_list:
            if f.core or not core_only:
                out[f.province] += f.weight * f.value_added
        return np.array(out)

    def _firm_counts(self) -> np.ndarray:
        """(P, S) real firms in each province-sector cell."""
        counts = _zeros(self.geo.n, len(SECTORS))
        for f in self.firm_list:
            counts[f.province][f.sector] += f.weight
        return np.array(counts)

    def _employment(self) -> tuple[np.ndarray, np.ndarray]:
        """(P, S) workers and skill-weighted effective workers in each cell."""
        P, S = self.geo.n, len(SECTORS)
        workers, effective = _zeros(P, S), _zeros(P, S)
        for h in self.household_list:
            workers[h.province][h.sector] += h.labour
            effective[h.province][h.sector] += h.labour * h.quality(h.skill)
        return np.array(workers), np.array(effective)

    def _digital_roles(self, workers: np.ndarray) -> np.ndarray:
        """(P,) digital roles that non-core firms offer: each cell's workers times the
        value-added-weighted role intensity (digital_jobs_<level>) of its firms."""
        p, P, S = self.p, self.geo.n, len(SECTORS)
        intensity = (0.0, p.digital_jobs_basic, p.digital_jobs_integrated, p.digital_jobs_advanced)
        va, weighted = _zeros(P, S), _zeros(P, S)
        for f in self.firm_list:
            if not f.core:
                v = f.weight * f.value_added
                va[f.province][f.sector] += v
                weighted[f.province][f.sector] += v * intensity[f.maturity]
        roles = workers * np.array(weighted) / np.maximum(np.array(va), 1e-12)
        roles[:, DIGITAL_CORE] = 0.0
        return roles.sum(axis=1)

    def _core_workers(self) -> np.ndarray:
        """(P,) workers in the digital core by province."""
        workers = [0.0] * self.geo.n
        for h in self.household_list:
            if h.sector == DIGITAL_CORE:
                workers[h.province] += h.labour
        return np.array(workers)

    def _internet_share(self) -> float:
        """Share of people online."""
        people = _sum(h.people for h in self.household_list)
        return _sum(h.people for h in self.household_list if h.online) / people

    def _fixed_broadband_per_person(self) -> float:
        """Fixed broadband (fibre) subscriptions per person: households on fibre over people."""
        people = _sum(h.people for h in self.household_list)
        return _sum(h.weight for h in self.household_list if h.connectivity == FIBRE) / people

    def _province_people(self) -> np.ndarray:
        """(P,) people by province."""
        people = [0.0] * self.geo.n
        for h in self.household_list:
            people[h.province] += h.people
        return np.array(people)

    def _skilled_share(self) -> np.ndarray:
        """(P,) share of people with basic digital skills."""
        P, threshold = self.geo.n, self.p.basic_skill_threshold
        skilled, people = [0.0] * P, [0.0] * P
        for h in self.household_list:
            people[h.province] += h.people
            if h.skill >= threshold:
                skilled[h.province] += h.people
        return np.array(skilled) / np.maximum(np.array(people), 1e-12)

    def _demand_state(self) -> DemandState:
        """The inputs of demand for the digital core, measured on the agents."""
        p = self.p
        people = households = online = fibre = cashless = online_spend = 0.0
        for h in self.household_list:
            people += h.people
            households += h.weight
            if h.online:
                online += h.people
            if h.connectivity == FIBRE:
                fibre += h.weight
            if h.cashless:
                cashless += h.people
            online_spend += h.retail_spending()[0]
        noncore_va = integrated_va = 0.0
        for f in self.firm_list:
            if not f.core:
                v = f.weight * f.value_added
                noncore_va += v
                if f.maturity >= INTEGRATED:
                    integrated_va += v
        return DemandState(connectivity=online / people + p.fibre_traffic_weight * fibre / households,
                           integrated_share=integrated_va / noncore_va, online_spending=online_spend,
                           cashless_share=cashless / people)

    # ------------------------------------------------------------------ shocks
    # ------------------------------------------------------------------ measurement only
    @property
    def households(self) -> Households:
        """The household agents' state gathered into arrays, for the accounts (not used by the dynamics)."""
        if self._measured is not None:
            return self._measured["households"]
        return _gather(Households, self.household_list, _HOUSEHOLD_TYPES)

    @property
    def firms(self) -> Firms:
        """The firm agents' state gathered into arrays, for the accounts (not used by the dynamics)."""
        if self._measured is not None:
            return self._measured["firms"]
        return _gather(Firms, self.firm_list, _FIRM_TYPES)

    @property
    def labour_quality(self) -> np.ndarray:
        """Effective labour per worker of each household."""
        return np.array([h.labour_quality for h in self.household_list])

    @property
    def household_census(self) -> dict[str, float]:
        """National totals of the households' state (read by the accounts)."""
        return census(self.households, self.p)

    @property
    def mean_labour_quality(self) -> float:
        """Labour-weighted mean effective labour per worker (read by the accounts)."""
        return _sum(h.labour * h.labour_quality for h in self.household_list) / _sum(h.labour for h in self.household_list)

    @contextmanager
    def measuring(self):
        """While the accounts measure, gather the agents' arrays once, not at every read."""
        self._measured = {"households": self.households, "firms": self.firms}
        try:
            yield
        finally:
            self._measured = None


# Array types of the measured state: small integers for categories, bool flags, 64-bit floats.
_HOUSEHOLD_TYPES = {
    "province": np.int16, "area": np.int8, "age": np.int8, "members": np.int8, "workers": np.int8,
    "weight": float, "income0": float, "income": float, "quintile": np.int8, "remoteness": float,
    "job_draw": float, "skill": float, "skill0": float, "connectivity": np.int8, "ecommerce": bool,
    "cashless": bool, "egov": bool, "trust": float, "sector": np.int8, "sector0": np.int8, "formal": bool,
    "digital_job": bool,
}
_FIRM_TYPES = {
    "sector": np.int8, "subsector": np.int8, "province": np.int16, "household_business": bool, "fdi": bool,
    "weight": float, "scale": float, "productivity": float, "fit": float, "maturity": np.int8,
    "capital": float, "digital_capital": float, "value_added": float,
}


def _plain(cond: Conditions) -> SimpleNamespace:
    """The public conditions as plain Python numbers and lists (fast to read one agent at a time)."""
    return SimpleNamespace(**{k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in vars(cond).items()})


def _rows(population) -> list[dict]:
    """The rows of a Households / Firms set of arrays as dicts of Python scalars."""
    names = list(_HOUSEHOLD_TYPES if isinstance(population, Households) else _FIRM_TYPES)
    columns = [getattr(population, name).tolist() for name in names]
    return [dict(zip(names, values)) for values in zip(*columns)]


def _gather(cls, agents: list, types: dict):
    columns = zip(*map(attrgetter(*types), agents))
    return cls(**{name: np.array(values, dtype=dtype) for (name, dtype), values in zip(types.items(), columns)})


__all__ = ["ReferenceEconomy", "HouseholdAgent", "FirmAgent"]
