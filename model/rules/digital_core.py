"""The core digital sector's market: demand for digital goods and services, and its output.

Core output is demand-led within capacity: each subsector's value added is its
set-up value times demand ** w times capacity ** (1 - w), with
w = ``core_demand_weight``. Demand comes from abroad (electronics exports:
the data, then the scenario's path, ``model.rules.external``; software exports,
DEPA) and from home (households online, firms' integrated tools, online
shopping and cashless payments); capacity from the subsector's
firms, their capital and the skilled workers they hire.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from model.core.categories import CORE_SUBSECTORS, ICT_MANUFACTURING, PLATFORMS, SECTORS, SOFTWARE, TELECOMS
from model.rules.firms import CELL, Firms, capacity, cell_sums
from model.core.kernels import group_sum
from model.core.params import Parameters


# A demand shock can lift ICT manufacturing's demand above its path by at most this factor over what it lifted
# it four quarters before: at once, factories run extra shifts up to full use of their capacity (in
# manufacturing, utilisation averages about 78-80 percent over the long run, US Federal Reserve G.17, so full
# use is about 1.25 times normal output); beyond that, demand waits for new capacity, assumed to add at most as
# much again each year (an assumption; no source found for how fast electronics capacity can be added). Without
# it a +219 percent electronics shock on a sector a third of GDP by the late 2030s gave 62 percent GDP growth in
# a year (issue 11's property tests). Falls in demand are not bounded.
MAX_DEMAND_SURGE = 1.25


@dataclass(frozen=True)
class DemandState:
    """The inputs of core demand that change over a run, measured on the current economy."""

    connectivity: float  # people online plus extra traffic from fibre homes
    integrated_share: float  # share of non-core value added made by firms with integrated tools or better
    online_spending: float  # VND bn a quarter
    cashless_share: float  # share of people paying cashless

    @classmethod
    def measure(cls, c: dict[str, float], cells: np.ndarray, p: Parameters) -> "DemandState":
        """From the households' census (``households.census``) and the firms' cell sums (``firms.cell_sums``)."""
        return cls(
            connectivity=(c["online_people"] / c["people"]
                          + p.fibre_traffic_weight * c["fibre_households"] / c["households"]),
            integrated_share=float(cells[:, CELL.integrated_value_added].sum()
                                   / cells[:, CELL.noncore_value_added].sum()),
            online_spending=c["online_spending_vnd_bn"],
            cashless_share=c["cashless_people"] / c["people"],
        )


def core_capacity(firms: Firms, p: Parameters, labour_per_firm: np.ndarray) -> np.ndarray:
    """Capacity of each core subsector: the sum of its firms' capacity (firms, capital, workers)."""
    rows = np.flatnonzero(firms.core)
    cap = capacity(firms, p, labour_per_firm[firms.province[rows], firms.sector[rows]], rows)
    return np.bincount(firms.subsector[rows], weights=firms.weight[rows] * cap, minlength=len(CORE_SUBSECTORS))


def _index(now: float, at_set_up: float) -> float:
    """A demand source relative to set-up. Where the source was absent at set-up (no one online, no online
    shopping, no cashless payments, no firm with integrated tools: possible at the low ends of the init_* and
    skill-gate ranges, or in a small sample) there is no level to scale from: the subsector's set-up value
    added (from core_share_*) then rests on its other sources, and this one stays at 1 (issue 10)."""
    return now / at_set_up if at_set_up > 0.0 else 1.0


class CoreMarket:
    """Demand indices and output of the four core subsectors, relative to set-up."""

    def __init__(self, p: Parameters, start_year: int, firms: Firms, household_census: dict[str, float],
                 labour_per_firm: np.ndarray, n_provinces: int):
        self.p = p
        self.start_year = start_year
        rows = np.flatnonzero(firms.core)
        self.value_added0 = group_sum(firms.weight[rows] * firms.value_added[rows], firms.subsector[rows],
                                      len(CORE_SUBSECTORS))
        self.demand0 = DemandState.measure(household_census, cell_sums(firms, p, n_provinces, len(SECTORS)), p)
        self.capacity0 = core_capacity(firms, p, labour_per_firm)
        self.shock_lifts: deque[float] = deque([1.0] * 4, maxlen=4)  # the shocks' lift in the last four quarters

    def demand(self, t: float, state: DemandState, electronics_exports: float, electronics_shock: float,
               fdi_shock: float, depa_since: float | None) -> np.ndarray:
        """Demand for each subsector relative to set-up (once a quarter: it keeps the shocks' recent lift).

        ``electronics_exports``: the real index of electronics exports (rules.external; data, then the
        scenario's path); ``electronics_shock`` and ``fdi_shock`` are multipliers (1 = none);
        ``depa_since`` the time DEPA membership began, or None.
        """
        p, d0 = self.p, self.demand0
        years = t - self.start_year
        # Value added follows exports with an elasticity: the domestic part of the exports' value changes.
        electronics = electronics_exports ** p.electronics_va_elasticity
        # Linear in the FDI change (first order); demand cannot go below nothing, which an elasticity above 1
        # with a fall in FDI near the shock's -90 per cent limit would ask (negative demand, then NaN; issue 10).
        shock = electronics_shock * max(0.0, 1.0 + p.fdi_shock_elasticity * (fdi_shock - 1.0))
        # [0]: four quarters ago. After a fall the factories are still there: recovery to the path is not held back.
        lift = min(shock, MAX_DEMAND_SURGE * max(1.0, self.shock_lifts[0]))
        self.shock_lifts.append(lift)
        electronics *= lift
        depa_years = max(0.0, t - depa_since) if depa_since is not None else 0.0
        exports = np.exp(p.software_export_growth * years + p.depa_export_boost * depa_years)
        domestic = _index(state.integrated_share, d0.integrated_share)
        w_sw, w_pay = p.software_domestic_weight, p.platform_payment_weight
        out = np.empty(len(CORE_SUBSECTORS))
        out[ICT_MANUFACTURING] = electronics
        out[TELECOMS] = _index(state.connectivity, d0.connectivity)
        out[SOFTWARE] = exports ** (1.0 - w_sw) * domestic ** w_sw
        out[PLATFORMS] = (_index(state.online_spending, d0.online_spending) ** (1.0 - w_pay)
                          * _index(state.cashless_share, d0.cashless_share) ** w_pay)
        return out

    def output(self, demand: np.ndarray, capacity: np.ndarray) -> np.ndarray:
        """Value added of each core subsector this quarter (before utilisation shocks), VND bn, from demand
        and the subsectors' capacity (``core_capacity``, or the engine's own sum over its core firms)."""
        w = self.p.core_demand_weight
        # A subsector with no firms at set-up (core_share_* = 0) has no set-up value added to scale: it stays at 0.
        cap = np.divide(capacity, self.capacity0, out=np.ones(len(CORE_SUBSECTORS)), where=self.capacity0 > 0)
        return self.value_added0 * demand ** w * cap ** (1.0 - w)
