"""Public finance: how the levers are paid for, public debt, interest, and what borrowing crowds out.

Money is in constant 2023 prices (VND billion a quarter), so interest is real:
the nominal interest on the debt less inflation's erosion of it. Every quarter

    deficit = lever spending + other primary spending + interest - revenue
    debt(next quarter) = debt + deficit

exactly (``PublicFinance.quarter``; tests/rules/test_fiscal.py checks both).
Revenue and other primary spending are shares of GDP (``revenue_share_gdp``,
``primary_spending_share_gdp``); a scenario chooses how the digital levers
are financed (``[fiscal] financing``):

- ``borrowing`` (default): the deficit rises; the debt ratio raises the real
  rate (``debt_rate_sensitivity``), which raises interest and the user cost of
  capital, so private investment falls (``investment_interest_elasticity``);
  past ``MAX_BORROWING_DEBT_PCT`` of GDP lenders stop and the levers are paid
  by taxes;
- ``taxes``: revenue rises by the lever spending; ``tax_investment_share`` of
  it comes out of private investment;
- ``spending_cuts``: other primary spending falls by the lever spending;
  ``cut_investment_share`` of it was public investment, which is lost.

Whatever the choice, the government answers debt above the legal ceiling
(data row ``public_debt_ceiling_pct_gdp``): revenue rises by
``fiscal_debt_response`` of GDP per point over it (a one-sided Bohn rule), and
past ``MAX_BORROWING_DEBT_PCT`` lenders stop altogether, so any deficit left is
closed by taxes that quarter (a sudden stop). Taxes raised for the levers or
for consolidation take ``tax_investment_share`` out of private investment.

Private money that the levers crowd in is not free either
(``crowd_in_financing``): the foreign part (``crowd_in_foreign_share``) comes
from FDI inflows, the rest from domestic saving, displacing other investment.
"""
from __future__ import annotations

from dataclasses import dataclass

from model.core.categories import FINANCING
from model.core.data import public_debt_ceiling_pct
from model.core.params import Parameters

MAX_CROWD_OUT = 0.9  # guard: other claims never displace all of firms' planned investment


# Guard on the real rate: the highest real yields emerging markets have paid in debt crises are of the order of
# 10-20 percent, the lowest a few points below zero (assumption from crisis episodes; the model has no default).
# Without it a scenario with the most sensitive rate and much borrowing spiralled to infinite debt by 2040
# (issue 11's property tests).
REAL_RATE_BOUNDS = (-0.05, 0.15)
# Lenders' limit: past this public debt (per cent of GDP) borrowing stops: the levers are paid by taxes and any
# deficit left is closed by taxes too. Assumption: emerging markets lose market access well below advanced economies' debt levels
# ("debt intolerance", Reinhart, Rogoff and Savastano 2003), and debt above 90 percent of GDP marks overhang
# episodes (Reinhart, Reinhart and Rogoff 2012). Without it decades of borrowed budgets of 10 percent of GDP
# held the rate at its ceiling and capital fell below half of GDP (issue 11's property tests); with only the
# levers' borrowing stopped, interest at the rate's ceiling still compounded the debt to thousands of percent.
MAX_BORROWING_DEBT_PCT = 90.0


def real_rate(p: Parameters, debt_ratio_pct: float, debt_ratio0_pct: float) -> float:
    """Real interest rate on public debt (and in firms' user cost): the set-up rate plus debt_rate_sensitivity
    per point of debt over its set-up ratio (less under it), within REAL_RATE_BOUNDS."""
    rate = p.public_debt_real_rate + p.debt_rate_sensitivity * (debt_ratio_pct - debt_ratio0_pct)
    return min(max(rate, REAL_RATE_BOUNDS[0]), REAL_RATE_BOUNDS[1])


def interest_investment_factor(p: Parameters, rate: float) -> float:
    """Private investment relative to set-up from the user cost of capital: firms' required return
    (``capital_return``) plus depreciation, moved by the change in the real rate since set-up,
    ((c0) / (c0 + r - r0)) ** investment_interest_elasticity with c0 = capital_return + depreciation. A user
    cost at or below a hundredth is held there (a guard for extreme draws, not a regime the data show)."""
    user_cost0 = max(p.capital_return + p.depreciation, 0.01)
    user_cost = max(user_cost0 + rate - p.public_debt_real_rate, 0.01)
    return (user_cost0 / user_cost) ** p.investment_interest_elasticity


@dataclass
class PublicFinance:
    """The government's accounts, quarter by quarter (VND billion, 2023 prices)."""

    financing: str
    debt: float  # at the start of the quarter
    debt_ratio0_pct: float  # public debt, per cent of annual GDP, at set-up
    ceiling_pct: float  # the legal ceiling the government answers (per cent of GDP)
    revenue: float = 0.0
    primary_spending: float = 0.0  # other than the levers
    lever_spending: float = 0.0
    interest: float = 0.0
    deficit: float = 0.0
    consolidation: float = 0.0  # taxes raised against the debt: the response over the ceiling and a sudden stop
    paid_by: str = ""  # how the levers were paid for this quarter: the choice, or taxes past the lenders' limit

    @classmethod
    def at_set_up(cls, p: Parameters, gdp_annual: float, financing: str) -> "PublicFinance":
        if financing not in FINANCING:
            raise ValueError(f"financing {financing!r}: one of {', '.join(FINANCING)}")
        return cls(financing, p.public_debt_2015_pct_gdp / 100.0 * gdp_annual, p.public_debt_2015_pct_gdp,
                   public_debt_ceiling_pct())

    def debt_ratio_pct(self, gdp_annual: float) -> float:
        return 100.0 * self.debt / gdp_annual

    def rate(self, p: Parameters, gdp_annual: float) -> float:
        return real_rate(p, self.debt_ratio_pct(gdp_annual), self.debt_ratio0_pct)

    def lenders_stopped(self, gdp_annual: float) -> bool:
        """Whether the debt, against ``gdp_annual``, is past the lenders' limit."""
        return self.debt_ratio_pct(gdp_annual) > MAX_BORROWING_DEBT_PCT

    def paying(self, gdp_annual: float) -> str:
        """How the levers are paid for while the debt is as it is now against ``gdp_annual``: the choice, or
        taxes past the lenders' limit."""
        return "taxes" if self.financing == "borrowing" and self.lenders_stopped(gdp_annual) else self.financing

    def quarter(self, p: Parameters, gdp_quarter: float, lever_spending: float,
                gdp_annual_before: float | None = None) -> None:
        """Book one quarter: revenue, spending and interest; the deficit adds to the debt. Whether lenders
        still lend is judged on ``gdp_annual_before`` (last quarter's GDP at an annual rate, which firms'
        investment also read this quarter; default: this quarter's)."""
        ratio = self.debt_ratio_pct(4.0 * gdp_quarter)
        before = gdp_annual_before if gdp_annual_before is not None else 4.0 * gdp_quarter
        self.lever_spending = lever_spending
        self.paid_by = self.paying(before)
        response = p.fiscal_debt_response * max(0.0, ratio - self.ceiling_pct) / 100.0 * gdp_quarter
        self.revenue = (p.revenue_share_gdp * gdp_quarter + response
                        + (lever_spending if self.paid_by == "taxes" else 0.0))
        self.primary_spending = (p.primary_spending_share_gdp * gdp_quarter
                                 - (lever_spending if self.paid_by == "spending_cuts" else 0.0))
        self.interest = self.rate(p, 4.0 * gdp_quarter) * self.debt / 4.0
        self.deficit = self.lever_spending + self.primary_spending + self.interest - self.revenue
        sudden_stop = max(self.deficit, 0.0) if self.lenders_stopped(before) else 0.0  # taxes close the gap
        self.revenue += sudden_stop
        self.deficit -= sudden_stop
        self.consolidation = response + sudden_stop
        self.debt = self.debt + self.deficit

    def displaced_by_financing(self, p: Parameters, lever_spending: float, gdp_annual: float) -> float:
        """Private investment (VND bn this quarter) that paying for the levers and the debt takes directly: the
        taxes' share that investment pays (taxes for this quarter's levers, and last quarter's consolidation),
        or the public investment cut. Borrowing acts through the rate instead. ``gdp_annual``: last quarter's
        GDP at an annual rate, as ``quarter`` is told."""
        paid_by = self.paying(gdp_annual)
        taxes = self.consolidation + (lever_spending if paid_by == "taxes" else 0.0)
        cuts = lever_spending if paid_by == "spending_cuts" else 0.0
        return p.tax_investment_share * taxes + p.cut_investment_share * cuts


def crowd_in_financing(p: Parameters, crowd_in: float) -> tuple[float, float]:
    """(domestic, foreign) parts of crowded-in private money (VND bn): the domestic part is paid from domestic
    saving and displaces other investment; the foreign part arrives as FDI."""
    foreign = p.crowd_in_foreign_share * crowd_in
    return crowd_in - foreign, foreign


def displaced_share(displaced: float, planned_investment: float) -> float:
    """Share of firms' planned investment that other claims on saving displace (at most MAX_CROWD_OUT)."""
    return min(MAX_CROWD_OUT, max(0.0, displaced) / max(planned_investment, 1e-12))


__all__ = ["FINANCING", "MAX_CROWD_OUT", "MAX_BORROWING_DEBT_PCT", "REAL_RATE_BOUNDS", "PublicFinance", "real_rate", "interest_investment_factor",
           "crowd_in_financing", "displaced_share"]
