"""What both engines share: time, the scenario's policy path, the agencies' phases, shocks and accounts.

``VietnamEconomy`` (arrays, fast) and ``ReferenceEconomy`` (one Mesa agent per
household and firm) differ only in how households and firms are stored and
stepped; everything here is engine-independent. A subclass provides the
households' and firms' phases, ``_skilled_share()`` (people with basic skills
by province), ``_firm_counts()`` and ``_core_workers()``, the province facts (``province_adults``,
``adult_share_of_nation``), and the measurement hooks used by the accounts.
"""
from __future__ import annotations

from contextlib import nullcontext

import mesa
import numpy as np

from model.measure.accounts import QuarterRecord, Snapshot
from model.rules.agencies import NationalAgency, ProvincialGovernment
from model.core.categories import LEVERS
from model.core.kernels import saturating_index
from model.rules.labour import labour_index


class Economy(mesa.Model):
    """Engine-independent parts of the quarterly model."""

    engine = "abstract"

    def _start_agencies_and_accounts(self) -> None:
        """Create the agencies (once the economy is set up) and empty accounts."""
        self.national_agencies = {lever: NationalAgency(self, lever) for lever in LEVERS}
        self.provincial_governments = [ProvincialGovernment(self, i, self.geo.capacity[i]) for i in range(self.geo.n)]
        self.digital_investment = 0.0  # VND bn this quarter (firms' upgrades)
        self.digital_entrants = 0.0  # real digital firms that entered this year
        self.lever_debt = 0.0  # VND bn: lever budgets financed by borrowing, with interest
        self.records: list[QuarterRecord] = []
        self.snapshots: list[Snapshot] = []

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

    def run(self, progress=None) -> None:
        while not self.finished:
            self.step()
            if progress is not None:
                progress(self.quarter, self.n_quarters)

    # ------------------------------------------------------------------ phases run by the agencies
    def policy_and_budgets(self) -> None:
        """Scenario levels and switches for this quarter; national agencies take their budgets."""
        s, t, cond = self.scenario, self.time, self.conditions
        cond.coordination = s.coordination.value(t)
        cond.inclusion = s.inclusion.value(t)
        cond.fiveg = s.switch_on("commercial_5g", t)
        cond.data_framework = s.switch_on("data_economy_framework", t)
        cond.depa = s.switch_on("depa_membership", t)
        self.agents_by_type[NationalAgency].do("step")
        self._set_national_indices(self.national_agencies["institutions"].stock / self.gdp_annual,
                                   self.national_agencies["infrastructure"].stock / self.gdp_annual)

    def infrastructure_and_programmes(self) -> None:
        """Provinces build access networks, run literacy courses and put services online."""
        self.agents_by_type[ProvincialGovernment].do("step")
        p, cond = self.params, self.conditions
        # The national skills budget runs advanced courses for adults who already have basic skills.
        places = 4.0 * self.national_agencies["skills"].national_delivered * 1e3 / p.advanced_training_cost_per_person
        skilled_adults = self._skilled_share() * self.province_adults
        cond.advanced_exposure[:] = np.divide(places * self.adult_share_of_nation, skilled_adults,
                                              out=np.zeros(self.geo.n), where=skilled_adults > 0)
        weights = np.array([p.infra_weight_mobile, p.infra_weight_fibre, p.infra_weight_national])
        w_mobile, w_fibre, w_national = weights / weights.sum()
        mobile_quality = 1.0 if cond.fiveg else p.pre_5g_mobile_quality
        cond.infra_quality = (w_mobile * cond.mobile_coverage.mean(axis=1) * mobile_quality
                              + w_fibre * cond.fibre_coverage.mean(axis=1)
                              + w_national * cond.national_infra)

    def accounts(self) -> None:
        """Record the quarter; carry GDP, lever debt and the wage index into the next one."""
        spending = sum(a.budget for a in self.national_agencies.values())
        self.lever_debt = self.lever_debt * (1.0 + self.params.interest_rate / 4.0) + spending
        with self.measuring():
            record = QuarterRecord.measure(self)
        self.records.append(record)
        self.gdp_annual = 4.0 * record.gdp
        self.province_gdp_annual = 4.0 * record.province_gdp
        self.wage_index = (record.gdp / max(record.employment, 1e-12)) / self.output_per_worker0

    def measuring(self):
        """Context in which the accounts read ``households`` and ``firms`` (engines may assemble them)."""
        return nullcontext()

    # ------------------------------------------------------------------ policy helpers
    def lever_budget(self, lever: str) -> float:
        """Public budget of a lever this quarter, VND billion."""
        budget = self.scenario.budgets[lever]
        value = budget.path.value(self.time)
        if budget.unit == "pct_gdp":
            return value / 100.0 * self.gdp_annual / 4.0
        return value / 4.0

    def _set_national_indices(self, institutions_stock: float, infra_stock: float) -> None:
        p, cond = self.params, self.conditions
        cond.institutions = float(saturating_index(institutions_stock, p.institutions_half_point))
        cond.national_infra = float(saturating_index(infra_stock, p.national_infra_half_point))
        cond.cyber_protection = p.cyber_protection * cond.institutions
        cond.data_sharing = min(1.0, p.data_weight_institutions * cond.institutions
                                + p.data_weight_coordination * cond.coordination
                                + (p.data_framework_boost if cond.data_framework else 0.0))

    # ------------------------------------------------------------------ markets shared by both engines
    def _labour_per_firm(self, effective: np.ndarray) -> np.ndarray:
        """(P, S) effective labour per firm relative to set-up: cells share their workers among their firms."""
        counts = self._firm_counts()
        per_firm = labour_index(effective, self.effective0) * np.divide(
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
        u = 1.0
        for s in self._shocks("pandemic"):
            u *= 1.0 - s.size / 100.0 * s.weight(self.time)
        return u

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
