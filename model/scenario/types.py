"""The scenario's value types: what a run reads from a scenario, apart from how it was written.

A ``Scenario`` is plain, frozen data (paths over years, budgets, switches,
shocks, parameter overrides); ``model.scenario.reader`` builds one from a TOML
file or a plain dict through ``model.scenario.schema``'s checks.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class YearPath:
    """A value that changes over time: straight lines between dated points."""

    points: tuple[tuple[float, float], ...]  # (time as year fraction, value), sorted by time

    def __post_init__(self):
        if not self.points or any(a[0] >= b[0] for a, b in zip(self.points, self.points[1:])):
            raise ValueError("a YearPath needs at least one point and strictly increasing times")

    def value(self, t: float) -> float:
        """Value at time t (2020.25 = 2020Q2); flat before the first and after the last point."""
        pts = self.points
        if t <= pts[0][0]:
            return pts[0][1]
        if t >= pts[-1][0]:
            return pts[-1][1]
        i = bisect.bisect_right(pts, t, key=lambda p: p[0])
        (t0, v0), (t1, v1) = pts[i - 1], pts[i]
        return v0 + (v1 - v0) * (t - t0) / (t1 - t0)


@dataclass(frozen=True)
class LeverBudget:
    # "pct_gdp" (per cent of GDP per year), "vnd_bn" (VND billion per year) or, for a province's or a region's
    # own budget, "pct_grdp" (per cent of its own GRDP per year)
    unit: str
    path: YearPath
    # A path in the other unit that takes over from its first point: a scenario giving VND over a parent written
    # in per cent of GDP (finance ministries plan in VND), or the reverse. None: this path all along.
    then: LeverBudget | None = None

    def in_force(self, t: float) -> LeverBudget:
        """The budget whose path applies at time t (``then`` from its first point on)."""
        if self.then is not None and t >= self.then.path.points[0][0]:
            return self.then.in_force(t)
        return self

    def quarterly_vnd_bn(self, t: float, gdp_annual: float) -> float:
        """VND billion spent in the quarter at time t, with ``gdp_annual`` the GDP (or GRDP) a per-cent budget is
        a share of (VND billion a year)."""
        if (budget := self.in_force(t)) is not self:
            return budget.quarterly_vnd_bn(t, gdp_annual)
        value = self.path.value(t)
        if self.unit in ("pct_gdp", "pct_grdp"):
            return value / 100.0 * gdp_annual / 4.0
        return value / 4.0


@dataclass(frozen=True)
class PlaceBudget:
    """Extra money for one lever that a province, or the provinces of a region, spend of their own on top of the
    national path (a scenario's [provinces."NAME".levers.LEVER] and [regions."NAME".levers.LEVER] tables)."""

    kind: str  # "province" or "region"
    place: str  # the province's or the region's name (Vietnamese, as in the data)
    lever: str  # a key of LEVERS
    provinces: tuple[int, ...]  # the provinces it is spent in: indices into model.core.data.load_provinces()
    budget: LeverBudget  # unit "pct_grdp": per cent of the place's own GRDP (a region's: its provinces' sum)

    def quarterly_vnd_bn(self, t: float, grdp_annual: float) -> float:
        """VND billion spent in the quarter at time t (``grdp_annual``: the place's GRDP, VND billion a year).
        Extra money starts at the path's first point: nothing before it (a national path is flat before its
        first point, but it starts in 2015 and a child scenario changes it only from its own points); the last
        value after the last point, as for every path."""
        if t < self.budget.path.points[0][0]:
            return 0.0
        return self.budget.quarterly_vnd_bn(t, grdp_annual)


@dataclass(frozen=True)
class Shock:
    kind: str  # a key of SHOCK_KINDS
    start: float  # first quarter it is active (year fraction)
    end: float  # last quarter it is active (year fraction)
    size: float  # in the unit of SHOCK_KINDS[kind]
    persistence: float = 0.0  # share of the size that stays after the end

    def active(self, t: float) -> bool:
        return self.start <= t <= self.end

    def weight(self, t: float) -> float:
        """Share of the size in force at time t: 1 while active, `persistence` after the end, 0 before the start."""
        if t < self.start:
            return 0.0
        return 1.0 if t <= self.end else self.persistence

    def intensity(self, t: float) -> float:
        """Size while active, the persistent share of it afterwards, 0 before it starts."""
        return self.size * self.weight(t)


@dataclass(frozen=True)
class Scenario:
    name: str  # file stem
    title: str
    source: str  # path of the scenario file as found
    start_year: int
    end_year: int
    seed: int
    budgets: dict[str, LeverBudget]  # keys: LEVERS
    coordination: YearPath  # 0-1
    inclusion: YearPath  # 0-1
    switches: dict[str, float | None]  # keys: SWITCHES; time it turns on, None = never
    shocks: tuple[Shock, ...]
    parameters: dict[str, float]  # overrides of model.params.PARAMETERS
    resolved: dict  # merged TOML table after `extends` (for the run manifest)
    # [external]: series name -> growth path (per cent a year) after the data; missing = the trend continues
    external_growth: dict[str, YearPath] = field(default_factory=dict)
    data_until: int | None = None  # last data year the run reads (None: every year there is)
    financing: str = "borrowing"  # [fiscal] financing: borrowing, taxes or spending_cuts
    # A counterfactual's last year of digital change (experiments.counterfactual): after it no one learns,
    # connects, adopts or upgrades and no digital firm enters. None: an ordinary run.
    digital_frozen_after: int | None = None
    # Public money spent on nothing (experiments.levers' control for what paying for a lever costs): it is
    # financed like lever money and buys nothing. None: none.
    idle_spending: LeverBudget | None = None
    place_budgets: tuple[PlaceBudget, ...] = ()  # [provinces] and [regions]: provinces' own lever money
    # Dated [parameters] overrides, (time, name, value) sorted by time: the value holds from that quarter on
    # (``parameters`` holds from the start). A policy that starts in 2026 leaves 2015-2025 as calibrated.
    parameter_changes: tuple[tuple[float, str, float], ...] = ()

    def parameters_before(self, year: int) -> tuple[str, ...]:
        """The overridden parameters that hold before ``year``: every undated one (from the start) and each
        dated one whose first change comes before it; with the last data year + 1, those that undo the fit to
        history."""
        dated = {name for t, name, _ in self.parameter_changes if t < year}
        return tuple(sorted(set(self.parameters) | dated))

    def switch_on(self, name: str, t: float) -> bool:
        when = self.switches[name]
        return when is not None and t >= when

