"""Every behavioural number of the model, with its unit, allowed range and source.

A parameter is declared once here. Scenario files may override any of them in
their ``[parameters]`` table; the scenario validator checks names and ranges
against this registry, and ``docs/model.md`` lists it in full.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from model.core.categories import CORE_SUBSECTORS, SECTORS
from model.core.paths import DATA_DIR


@dataclass(frozen=True)
class Param:
    name: str
    default: float
    low: float
    high: float
    unit: str
    group: str
    source: str


_DECLARED: list[Param] = []


def _p(name: str, default: float, low: float, high: float, unit: str, group: str, source: str) -> None:
    _DECLARED.append(Param(name, float(default), float(low), float(high), unit, group, source))


# ---------------------------------------------------------------- declarations
# Sources marked "assumption" are modelling choices awaiting formal calibration
# (see docs/model.md); "calibrated" means tuned by hand so the baseline replays
# the history rows of data/vietnam_indicators.csv.
G = "population and set-up"
_p("population_2015_mn", 91.7, 50, 150, "million people", G, "GSO 2015 (mid-year population 91.71 m)")
_p("household_size", 3.6, 2, 6, "people per household", G, "Census 2019: 3.5; 2015 VHLSS about 3.7")
_p("urban_share_2015", 0.34, 0.1, 0.9, "share of population", G, "GSO 2015 urban population 34.1 percent (38.2 at the 2024 census)")
_p("urban_share_gain", 0.0045, 0, 0.02, "share points per year", G, "census 2019 34.4 to 2024 38.2 percent")
_p("income_dispersion", 0.66, 0.2, 1.5, "s.d. of log income", G, "log-normal matching a Gini of 0.36 (World Bank/VHLSS 2018)")
_p("urban_income_premium", 0.45, 0, 1.5, "log points", G, "VHLSS 2018: urban per-capita income about 1.6 times rural")
_p("province_income_elasticity", 0.6, 0, 1.5, "elasticity to GRDP per head", G, "assumption: household income varies less than GRDP per head (FDI profits leave)")
_p("urban_grdp_elasticity", 1.0, 0, 3, "elasticity of a province's urban share to its GRDP per head", G, "assumption: no urban shares for the merged provinces (shared/data README)")
_p("household_income_share_gdp", 0.6, 0.2, 1, "household income per head over GDP per head", G, "VHLSS 2016: income 3.1 m VND a month per head against GDP per head")
_p("skill_spread", 0.15, 0.01, 1, "skill per unit of the latent score", G, "assumption: gives a skill s.d. of about 0.2")
_p("skill_urban_gap", 0.5, 0, 3, "latent skill points", G, "assumption: urban-rural gap in digital skills (ITU, PAPI)")
_p("skill_young_gap", 0.5, 0, 3, "latent skill points", G, "assumption: young adults more skilled")
_p("skill_old_gap", 0.7, 0, 3, "latent skill points", G, "assumption: people 60+ least skilled")
_p("skill_noise", 0.8, 0, 3, "s.d. of latent skill points", G, "assumption: skills vary within groups")
_p("formal_share_farm", 0.05, 0, 1, "share of farm workers in formal jobs", G, "GSO LFS: farm work almost all informal")
_p("formal_cashless_boost", 1.5, 1, 5, "cashless adoption hazard of formal workers relative to informal", G, "assumption: formal wages are paid into bank accounts")
_p("formal_share_nonfarm", 0.45, 0, 1, "share of non-farm workers in formal jobs", G, "GSO LFS: informal employment about 64 percent overall")
_p("old_head_share", 0.25, 0, 0.6, "share of households", G, "assumption from Census 2019 age structure (heads aged 60+)")
_p("young_head_share", 0.25, 0, 0.6, "share of households", G, "assumption from Census 2019 age structure (heads under 35)")
_p("participation_rate", 0.69, 0.4, 0.9, "workers per person aged 15+", G, "NSO 2025 labour force participation 68.6 percent")
_p("adult_share", 0.75, 0.5, 0.9, "people aged 15+ per person", G, "Census 2019 (about 76 percent aged 15+)")
_p("province_capacity_min", 0.6, 0.1, 1, "efficiency of the least capable province", G, "assumption: DTI 2024 scores range 0.5-0.82; capacity ranked by the published DTI 2024 ranks, the other provinces by GRDP per head (model.rules.initialise.dti_ranks)")
_p("province_capacity_max", 1.0, 0.1, 1.5, "efficiency of the most capable province", G, "assumption (see province_capacity_min)")
# Where the digital core starts (model.rules.initialise.province_digital_shares); the DTI 2024 ranks set the order of
# province_capacity_min..max (model.rules.initialise.dti_ranks), which this block leaves as they are.
_p("province_digital_share_imputed", 5.8, 1, 30, "per cent of GRDP in 2022 (MIC/CEC definition) of a former province with no published share", G, "assumption from the data: the median of the published 2022 shares (MIC/CEC Vietnam Digital Economy Annual Report 2022, vietnam_provinces.csv digital_note) outside the five named leaders (ex-Bắc Ninh 56.83, ex-Thái Nguyên 42.92, ex-Bắc Giang 42.13, ex-Hải Phòng 29.48, ex-Vĩnh Phúc 22.87) is 5.8 percent; with it the GRDP-weighted national share is 14.6 percent, within the ministry's 14-18 percent national figure (shared/data README)")

G = "initial state 2015"
_p("init_internet_share", 0.45, 0, 1, "share of people", G, "ITU 2015: 45 percent of individuals using the internet")
_p("init_fibre_households", 0.25, 0, 1, "share of households", G, "calibrated: ITU 2015 (8 fixed broadband subscriptions per 100 people, half on fibre) implies about 15 percent; set higher so the path reaches 65 percent in 2021 (MIC)")
_p("init_basic_skill_share", 0.30, 0.01, 0.99, "share of working-age people", G, "assumption: no survey before 2019; consistent with internet use and the 2025 target gap")
_p("init_ecommerce_share", 0.15, 0, 1, "share of households", G, "assumption: VECOM 2015 e-commerce buyers about a third of internet users")
_p("init_cashless_share", 0.10, 0, 1, "share of households", G, "assumption: World Bank Findex 2014, 31 percent account ownership, few digital payments")
_p("init_egov_share", 0.005, 0, 1, "share of households", G, "assumption: the National Public Service Portal opened in 2019")
_p("init_trust", 0.6, 0.05, 1, "index 0-1", G, "assumption: normalisation point of the trust index (low end above 0: online spending and adoption scale with trust over its 2015 level, undefined at 0; the exact low end is a round choice, not an estimate; issue 10)")
_p("init_mobile_coverage_urban", 0.95, 0, 1, "share of households", G, "MIC: 3G covered nearly all cities by 2015")
_p("init_mobile_coverage_rural", 0.8, 0, 1, "share of households", G, "assumption: 3G outside cities in 2015; 4G at 99.8 percent of people by 2023 (MIC)")
_p("init_fibre_coverage_urban", 0.85, 0, 1, "share of households", G, "assumption consistent with 65 percent fibre households in 2021 (MIC)")
_p("init_fibre_coverage_rural", 0.4, 0, 1, "share of households", G, "assumption (see init_fibre_coverage_urban)")
_p("init_basic_firms", 0.45, 0, 1, "share of firms", G, "assumption: e-invoice and online sales were rare before 2018")
_p("init_integrated_firms", 0.08, 0, 1, "share of firms", G, "assumption: cloud/ERP users among enterprises")
_p("init_advanced_firms", 0.01, 0, 1, "share of firms", G, "assumption: AI/IoT/automation users")
_p("hb_maturity_discount", 0.5, 0, 1, "relative odds", G, "assumption: household businesses digitised later than enterprises")

G = "production and growth"
_p("gdp_2015_vnd_tn", 6562.0, 1000, 20000, "VND trillion at 2023 prices", G, "GSO 2023 nominal GDP 10,221.8 tn deflated by real growth 2016-2023")
_p("vnd_per_usd", 23800.0, 10000, 40000, "VND per USD (2023)", G, "SBV 2023 average central rate; converts real GDP to USD at 2023 prices")
# Current-USD GDP per head (the 8,500 USD target for 2030 is in current dollars): real GDP is priced in each year's
# dollars with the data's deflator and exchange rate to the last data year, and with these two rates after it.
_p("gdp_deflator_growth", 0.031, -0.05, 0.2, "GDP deflator growth per year after the data", G, "data: nominal GDP in VND (NSO) over the real growth rows gives a deflator rising 3.1 percent a year over 2019-2025")
_p("vnd_depreciation", 0.014, -0.1, 0.2, "the VND's fall against the USD per year after the data", G, "data: nominal GDP in VND over nominal GDP in USD (NSO) gives 23,055 VND per USD in 2019 and 24,995 in 2025, 1.4 percent a year (3.4 percent in 2025)")
_p("net_tax_share", 0.09, 0, 0.2, "share of GDP", G, "GSO 2015-2022: net product taxes 8.5-10 percent of GDP")
_p("capital_share", 0.45, 0.2, 0.7, "output elasticity", G, "GSO/VEPR growth accounting for Vietnam (capital share 0.45-0.5)")
_p("capital_share_agriculture", 0.65, 0.2, 0.9, "output elasticity (capital and land)", G, "assumption: land and surplus labour in agriculture")
_p("capital_output_ratio", 2.7, 1.5, 6, "years of value added", G, "Penn World Table 10: Vietnam capital/GDP about 2.5-3 (low end 1.5: PWT capital/GDP ratios of economies like Vietnam's lie about 1.5-5; from 1 with a low investment rate capital fell below half of GDP; issue 10)")
_p("investment_rate", 0.32, 0.15, 0.5, "share of value added invested by non-farm firms at their set-up return", G, "calibrated: total social investment 32-34 percent of GDP in 2022-2025 (GSO, data), which firms' investment, digital upgrades, crowded-in money and the levers' capital make up; GSO: gross fixed capital formation 31-33 percent of GDP 2015-2022 (low end 0.15: WDI investment rates rarely stay below 15 percent of GDP outside crises; at 0.1 with fast growth capital fell below half of GDP; issue 10)")
_p("investment_rate_agriculture", 0.10, 0.0, 0.5, "share of value added invested by farms at their set-up return", G, "assumption from GSO investment by industry: agriculture, forestry and fishing take about 5-6 percent of total social investment (about 1.8 percent of GDP) against 17 percent of GDP in value added, about a tenth of their value added (press summaries of GSO tables; the exact series is not in the data)")
_p("investment_return_elasticity", 0.5, 0.0, 2.0, "elasticity of a firm's investment rate to its return on capital relative to set-up", G, "assumption, of the order of the user-cost elasticities of investment estimated on firm data (Chirinko, Fazzari and Meyer 1999: about 0.25-0.4; Hassett and Hubbard 2002 survey: 0.5-1)")
_p("depreciation", 0.05, 0.02, 0.1, "per year", G, "PWT 10 average depreciation rate (high end 0.1: PWT 10's country-average depreciation rates lie about 0.02-0.07 (the low end); at 0.2 with a low investment rate capital fell below half of GDP; issue 10)")
_p("tfp_growth_agriculture", 0.004, -0.05, 0.05, "per year", G, "calibrated: GDP growth 2016-2025 (docs/calibration.md) (high end 0.05: a sector's TFP growing 5 percent a year for decades has no precedent in growth accounts (Vietnam's TFP about 1-3 percent a year, APO Productivity Databook); at 0.1 to 2050 agriculture alone grows 30 percent a year, issue 10)")
_p("tfp_growth_industry", -0.003, -0.05, 0.05, "per year", G, "calibrated: GDP growth 2016-2025 (docs/calibration.md) (high end 0.05: a sector's TFP growing 5 percent a year for decades has no precedent in growth accounts (Vietnam's TFP about 1-3 percent a year, APO Productivity Databook); at 0.1 to 2050 one sector alone grew 30 percent a year (agriculture), issue 10)")
_p("tfp_growth_services", -0.004, -0.05, 0.05, "per year", G, "calibrated: GDP growth 2016-2025 (docs/calibration.md) (high end 0.05: a sector's TFP growing 5 percent a year for decades has no precedent in growth accounts (Vietnam's TFP about 1-3 percent a year, APO Productivity Databook); at 0.1 to 2050 one sector alone grew 30 percent a year (agriculture), issue 10)")
_p("firm_productivity_volatility", 0.20, 0.0, 0.4, "s.d. of the yearly innovation to a firm's log productivity", G, "Cooper and Haltiwanger (2006, Review of Economic Studies): about 0.20 for US manufacturing plants (as summarised; the table was not checked here); Asker, Collard-Wexler and De Loecker (2014, JPE) find shocks of this order across countries. No Vietnamese estimate was found. With mean reversion (firm_productivity_persistence) and a stationary start (model.rules.initialise.stationary_productivity) exit selects steadily, a level effect, not a growth engine")
_p("firm_productivity_persistence", 0.885, 0.0, 0.97, "yearly autocorrelation of a firm's log productivity", G, "Cooper and Haltiwanger (2006): about 0.885 (as summarised; not checked against the table); firm-dynamics estimates lie about 0.75-0.95 (high end 0.97: with the default volatility the moving part's spread then stays within MAX_PRODUCTIVITY_SPREAD; nearer 1 shocks hardly revert and the spread explodes)")
_p("firm_size_dispersion", 1.2, 0.1, 3, "s.d. of log firm value added", G, "assumption: heavy-tailed firm sizes (enterprise census)")
_p("labour_quality_per_skill", 0.48, 0, 1, "effective labour per unit of digital skill, in any firm", G, "ICT skill wage premium 8 percent per s.d. of skill (Falck, Heimisch and Wiederhold 2016, OECD PIAAC, an average over all workers whatever their firm's tools): theta * sd / (1 + theta * mean skill) = 0.08 at the model's s.d. of about 0.2 and mean of 0.4 (the estimate includes workers sorting into digital firms, so a little of the firm premium may still be counted twice) (high end 1, about twice the default; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("broadband_tfp_spillover", 0.15, 0, 0.5, "TFP level per unit of broadband penetration", G, "assumption within the prior range (Qiang and Rossotto 2009; Katz and Callorda 2018) (high end 0.5, about three times the default: an assumption; the studies report growth effects (Czernich et al. 2011: 0.9-1.5 pp of annual growth per 10 pp of penetration), which map to a level only loosely; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("broadband_persistence", 0.0, 0, 1, "share of broadband's effect on the growth rate rather than the level", G, "a structural choice: 0 is the level reading (Qiang and Rossotto 2009; Katz and Callorda 2018, ITU: 0.8 percent of GDP per 10 percent more fixed broadband), 1 the lasting growth reading (Czernich, Falck, Kretschmer and Woessmann 2011: 0.9-1.5 pp of annual growth per 10 pp of penetration); the default keeps the calibrated baseline on the level reading; the prior (model.core.priors) chooses 0 or 1, half each, and the posterior weighs them against history")
_p("broadband_growth_per_penetration", 0.09, 0, 0.3, "annual TFP growth per unit of fixed broadband subscriptions per person above their level at the end of 2025", G, "Czernich et al. 2011: 0.9-1.5 pp of annual growth per 10 pp of broadband subscriptions per inhabitant (OECD 1996-2007); the low end of the cross-study range is 0.24 pp (Qiang and Rossotto 2009's survey); used only as far as broadband_persistence > 0")

G = "sectors"
_p("gdp_share_2015_agriculture", 0.170, 0, 1, "share of GDP", G, "GSO 2015: agriculture, forestry, fishery 17.0 percent")
_p("gdp_share_2015_manufacturing", 0.135, 0, 1, "share of GDP", G, "GSO 2015 manufacturing 13.7 percent, less ICT manufacturing")
_p("gdp_share_2015_other_industry", 0.150, 0, 1, "share of GDP", G, "GSO 2015 mining, utilities, construction")
_p("gdp_share_2015_trade_logistics", 0.150, 0, 1, "share of GDP", G, "GSO 2015 trade, transport, storage")
_p("gdp_share_2015_finance", 0.054, 0, 1, "share of GDP", G, "GSO 2015 finance, banking, insurance")
_p("gdp_share_2015_other_services", 0.196, 0, 1, "share of GDP", G, "GSO 2015 other services less telecoms and IT (rest of the 39.7 percent)")
_p("gdp_share_2015_digital_core", 0.055, 0, 1, "share of GDP", G, "calibrated: NSO core digital 7.91 percent of GDP in 2020 backed to 2015 with electronics growth")
_p("employment_share_2015_agriculture", 0.44, 0, 1, "share of workers", G, "GSO Labour Force Survey 2015 (44.0 percent)")
_p("employment_share_2015_manufacturing", 0.165, 0, 1, "share of workers", G, "GSO LFS 2015")
_p("employment_share_2015_other_industry", 0.065, 0, 1, "share of workers", G, "GSO LFS 2015 (construction, mining, utilities)")
_p("employment_share_2015_trade_logistics", 0.17, 0, 1, "share of workers", G, "GSO LFS 2015")
_p("employment_share_2015_finance", 0.01, 0, 1, "share of workers", G, "GSO LFS 2015")
_p("employment_share_2015_other_services", 0.135, 0, 1, "share of workers", G, "GSO LFS 2015")
_p("employment_share_2015_digital_core", 0.015, 0, 1, "share of workers", G, "digital-technology jobs 1.5 m in 2024 (seed document 001), fewer in 2015")
_p("rural_agriculture_share", 0.60, 0, 1, "share of rural workers", G, "GSO LFS 2015: rural agricultural employment about 60 percent")
_p("core_share_ict_manufacturing", 0.55, 0, 1, "share of core digital value added", G, "NSO 2020-2022: industry and construction hold 6.11 percent of GDP of digital value added, of which electronics is more than 30 percent of all digital value added (at least 3.9 percent of GDP of a core of 7.9), so electronics is about half to two thirds of the core; 0.55 in 2015 grows with exports to about 0.6 by 2021")
_p("core_share_telecoms", 0.22, 0, 1, "share of core digital value added", G, "GSO 2020 (telecoms), the rest of the core after electronics in the earlier proportions 16:12:4")
_p("core_share_software_services", 0.17, 0, 1, "share of core digital value added", G, "GSO 2020 (programming, information services; see core_share_telecoms)")
_p("core_share_platforms", 0.06, 0, 1, "share of core digital value added", G, "assumption: platform firms small in value added (see core_share_telecoms)")
_p("sector_wage_elasticity", 0.5, 0, 1, "wage gap per value-added-per-worker gap between sectors", G, "assumption: wages differ less than output per worker")
_p("young_mobility", 1.5, 0, 5, "relative hazard of leaving farm work, young households", G, "assumption: migrants to industrial zones are mostly young")
_p("old_mobility", 0.3, 0, 5, "relative hazard of leaving farm work, older households", G, "assumption")
_p("pandemic_size_factor", 1.0, 0, 3, "times the scenario file's pandemic shock sizes", G, "definition: 1 keeps the sizes in the scenario file ([[shocks]], fitted by hand to GDP growth in 2020 and 2021); the prior (model.core.priors, HAND_SET) lets the posterior infer it from the years it reads, so a backtest trained before 2020 does not know the sizes")
_p("structural_exit_rate", 0.045, 0, 0.2, "share of farm workers per year", G, "calibrated: agriculture 44 percent of jobs in 2015 to 25.9 in 2025 (GSO)")
_p("enterprises_2015", 442000, 1e4, 5e6, "count", G, "GSO 2015 active enterprises (735,455 in 2022)")
_p("household_businesses_2015", 4_600_000, 1e5, 2e7, "count", G, "Economic census 2017 about 5.1 m; 5.2 m in 2020")
_p("digital_enterprises_2015", 25000, 1000, 5e5, "count", G, "assumption: 51,000 digital-technology firms in 2024 (seed document 001) roughly doubled since 2015")
_p("hb_value_added_share", 0.3, 0, 0.9, "share of non-farm value added from household businesses", G, "assumption: household businesses about 30 percent of GDP (GSO)")
_p("fdi_enterprise_probability", 0.2, 0, 0.9, "chance that an enterprise row outside ICT manufacturing is foreign-owned", G, "assumption: gives an FDI share of value added of about 15-20 percent (GSO: about 20)")
_p("fdi_share_ict_manufacturing", 0.9, 0, 1, "share of ICT manufacturing value added from FDI", G, "GSO: electronics exports mostly by FDI firms (Samsung, Intel, LG)")

G = "digital core demand"
_p("electronics_va_elasticity", 0.8, 0.2, 1.5, "growth of ICT manufacturing value added per unit growth of real electronics exports", G, "calibrated: NSO core digital share 2020 and 2024 (domestic value added is a small, changing part of the exports: MIC, about USD 45.5 bn of 152 bn ICT revenue in 2024)")
_p("manufacturing_demand_weight", 0.5, 0.0, 1.0, "weight of demand against capacity in manufacturing value added", G, "calibrated: GDP growth 2016-2025 (0: supply alone, as before issue 11; 1: demand alone)")
_p("manufacturing_export_share", 0.6, 0.0, 1.0, "share of manufacturing demand that comes from exports of goods other than electronics", G, "assumption: manufacturing exports (goods other than electronics, about USD 116 bn in 2015, data) were about half of manufacturing gross output (GSO industrial statistics, not in the data); the rest follows domestic income")
_p("dollar_price_growth", 0.025, 0.0, 0.06, "per year", G, "assumption: US consumer prices rose about 2.5-3 percent a year 2015-2025 (BLS CPI-U); deflates the USD export and FDI series to a real index")
_p("external_growth_shift", 0.0, -0.1, 0.1, "added to the real growth of exports and FDI after the data, per year", G, "definition: 0 continues each series at its mean real growth over the data years; the annual growth of real electronics exports 2016-2025 had a standard deviation of about 9 points (data), the spread this shift should be drawn from")
_p("fdi_investment_elasticity", 1.0, 0.0, 2.0, "elasticity of FDI firms' investment rate to FDI inflows relative to GDP", G, "assumption: disbursed FDI is most of FDI firms' investment (GSO: FDI firms 16 percent of total social investment in 2022, close to FDI disbursed over GDP)")
_p("software_domestic_weight", 0.5, 0, 1, "weight of domestic firms' demand in software demand", G, "assumption")
_p("platform_payment_weight", 0.3, 0, 1, "weight of cashless payments in platform demand", G, "assumption")
_p("fibre_traffic_weight", 1.0, 0, 5, "extra traffic of a fibre home over a mobile user", G, "assumption")
_p("software_export_growth", 0.10, -0.2, 0.4, "per year", G, "assumption: software and IT services exports (USD 6.64 bn in 9 months 2024)")
_p("depa_export_boost", 0.04, 0, 0.2, "extra growth per year", G, "assumption: DEPA membership opens digital-services trade")
_p("core_demand_weight", 0.8, 0, 1, "weight of demand versus capacity", G, "assumption: core value added is mostly demand-led; capacity (firms, skilled workers) matters for the rest")
_p("fdi_shock_elasticity", 0.5, 0, 1, "electronics demand per unit FDI change", G, "assumption: FDI inflows build electronics capacity (high end 1, proportional: above it a fall in FDI near the shock's -90 percent limit asks for negative electronics demand, issue 10)")

G = "digital adoption by firms"
_p("premium_basic", 0.03, 0, 0.15, "productivity premium over non-digital", G, "prior: website adoption +2.2 percent TFP (Cusolito et al. 2020) (high end 15 percent, five times the default: an assumption; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("premium_integrated", 0.09, 0, 0.3, "productivity premium over non-digital", G, "prior: internet use +1.9 pp TFP growth plus e-commerce 1.7 pp (WDR 2016, Vietnam firms) (high end 30 percent, over three times the default: an assumption; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("premium_advanced", 0.18, 0, 0.5, "productivity premium over non-digital", G, "assumption: AI/IoT/automation studies report 10-25 percent (high end 50 percent, twice the 10-25 percent the studies report; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("digitalisation_rate_agriculture", 0.004, 0, 0.25, "share of value added the NSO counts as digital, firm with no digital tools", G, "fitted to the NSO's digital value added of agriculture, forestry and fisheries, 0.05 percent of GDP on average in 2020-2022 (GSO workshop, 4 Dec 2023), with the other digitalisation rates in every calibration evaluation (model.experiments.calibrate.fit_digitalisation)")
_p("digitalisation_rate_industry", 0.02, 0, 0.25, "share of value added the NSO counts as digital, firm with no digital tools", G, "fitted (see digitalisation_rate_agriculture) to industry and construction's digital value added, 6.11 percent of GDP in 2020-2022 with the core's electronics manufacturing")
_p("digitalisation_rate_services", 0.05, 0, 0.25, "share of value added the NSO counts as digital, firm with no digital tools", G, "fitted (see digitalisation_rate_agriculture) to services' digital value added, 6.59 percent of GDP in 2020-2022 with the core's telecoms, software and platforms, and to digitalisation of all non-core sectors, 4.75 percent of GDP in 2020 and 5.01 in 2024 (GSO, 6 Jan 2025)")
_p("digital_input_gradient", 1.0, 0, 3, "extra digital share at advanced maturity, relative to none", G, "fitted (see digitalisation_rate_agriculture): the slope of NSO digitalisation, 4.75 to 5.01 percent of GDP in 2020-2024, pins how much more digital input an advanced firm uses than one without tools; no firm-level source (high end: an advanced firm's digital share four times a non-adopter's)")
_p("upgrade_cost_basic", 0.2, 0, 1, "years of value added", G, "assumption: e-invoice, cashless and online sales are cheap")
_p("upgrade_cost_integrated", 0.6, 0, 2, "years of value added", G, "assumption: cloud/ERP/data projects")
_p("upgrade_cost_advanced", 1.2, 0, 3, "years of value added", G, "assumption: AI/IoT/automation")
_p("upgrade_horizon", 4.0, 0.5, 20, "years", G, "assumption: payback horizon used by firms")
_p("upgrade_hazard", 0.035, 0, 0.2, "per quarter at full attractiveness", G, "calibrated: digitalisation share 2020 (high end about six times the calibrated value; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("upgrade_imitation", 1.0, 0, 10, "hazard multiplier per share of peers ahead", G, "assumption: Bass-type imitation within sector and province")
_p("upgrade_decision_noise", 0.4, 0.05, 5, "log points", G, "assumption: dispersion of firms' valuations of the gain")
_p("digital_fit_dispersion", 0.8, 0, 3, "s.d. of log fit", G, "assumption: heterogeneous gains from digital tools")
_p("tech_cost_decline", 0.06, 0, 0.3, "per year", G, "assumption: falling prices of computing and cloud services")
_p("infra_cost_relief", 0.5, 0, 1, "cost cut at full infrastructure quality", G, "assumption")
_p("institutions_cost_relief", 0.6, 0, 1, "cost cut at full institutional quality", G, "assumption: compliance costs and legal certainty (policy brief)")
_p("data_sharing_premium_boost", 0.5, 0, 1, "relative premium gain at full data sharing", G, "assumption: data access raises returns to integrated and advanced tools (high end 1: data access at most doubles the premium; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("fiveg_advanced_boost", 0.5, 0, 3, "extra hazard of moving to advanced where every home is within reach of 5G", G, "assumption: AI, IoT and automation need fast, low-latency links (no firm-level estimate found for Vietnam)")
_p("small_firm_finance_limit", 0.15, 0, 2, "years of value added a small firm can finance", G, "assumption: finance constraint on household businesses and small firms")
_p("digital_jobs_basic", 0.01, 0, 1, "digital roles per worker", G, "assumption")
_p("digital_jobs_integrated", 0.05, 0, 1, "digital roles per worker", G, "assumption")
_p("digital_jobs_advanced", 0.12, 0, 1, "digital roles per worker", G, "assumption")
_p("exit_rate", 0.06, 0, 0.2, "share of non-core firms (by weight) exiting per year, the least productive first", G, "GSO/MPI: about 5-8 percent of active enterprises leave each year (about 8 percent counting suspensions and dissolutions against the active count, some 3 percent completed dissolutions alone); household businesses 5-6 percent (World Bank 2022) (high end 0.2, above the highest annual exit rates in firm demography data, OECD DynEmp about 10-15 percent: with the least productive half replaced each year, selection alone lifted GDP over 30 percent a year in joint draws, issue 10)")
_p("digital_entry_rate", 0.2, 0, 1, "new digital firms per existing one per year at full institutions and 2015 skills", G, "calibrated: 51,000 digital-technology firms in 2024 (seed document 001) from about 25,000 in 2015")

G = "households"
_p("skill_hazard_base", 0.5, 0, 2, "hazard multiplier at zero skill (multiplier is base + skill)", G, "assumption: connecting and leaving farm work are easier for the skilled (high end four times the default; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("online_trust_cap", 1.5, 1, 5, "highest online-spending multiplier from trust above its 2015 level", G, "assumption")
_p("connect_hazard", 0.06, 0, 0.3, "per quarter", G, "calibrated: internet users 54 percent (2017), 63 percent (2019), MIC (high end five times the calibrated value: 30 percent of the unconnected online each quarter; an assumption; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("fibre_hazard", 0.4, 0, 1, "per quarter", G, "calibrated: 65 percent fibre households in 2021 (MIC)")
_p("mobile_price_decline", 0.10, 0, 0.5, "per year", G, "assumption: mobile data prices fell fast (ITU price baskets)")
_p("affordability_income_share", 0.05, 0, 0.5, "share of income spent on data at the affordability line", G, "ITU/UN Broadband Commission 2 percent target; 5 percent used as the ceiling")
_p("mobile_cost_2015_vnd_month", 150000, 0, 1e6, "VND per month (2023 prices)", G, "assumption: smartphone plus data in 2015")
_p("fibre_cost_2015_vnd_month", 250000, 0, 2e6, "VND per month (2023 prices)", G, "assumption: entry fibre plan 2015")
_p("old_adoption_factor", 0.5, 0, 1, "relative hazard of households headed by people 60+", G, "assumption: age gradient in adoption (Findex, PAPI)")
_p("basic_course_gain", 0.3, 0.02, 0.9, "share of the gap to the basic course's level (halfway between the basic and advanced thresholds) one mass digital-literacy course closes", G, "assumption, wide: no evaluation of a short digital-literacy course's effect on measured skill was found; training evaluations mostly find small effects (Card, Kluve and Weber 2018, meta-analysis; McKenzie 2017; data rows training_effect_*: from about 0 in Turkey to +21 percent employment in Uganda). A course cannot lift anyone past its level, so mass courses alone make no one advanced")
_p("advanced_course_gain", 0.5, 0.05, 0.9, "share of the gap to full skill one advanced course (ICT, semiconductor, AI; for people with basic skills) closes", G, "assumption, wide: a degree-length programme (the semiconductor programme trains engineers over years, data row semiconductor_hr_programme_target_trainees) should close much of the gap; no effect size for Vietnam was found")
_p("learning_on_job", 0.02, 0, 0.5, "per quarter in a digital job", G, "assumption")
_p("learning_use", 0.0015, 0, 0.015, "per quarter when connected", G, "calibrated: basic skills path (high end ten times the calibrated value; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("learning_peer", 0.005, 0, 0.2, "per quarter towards the local mean", G, "assumption")
_p("skill_decay", 0.003, 0, 0.1, "per quarter", G, "assumption: skills depreciate about 1.2 percent a year")
_p("young_learning_factor", 1.5, 0, 3, "relative learning speed of young households", G, "assumption (high end 3; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("old_learning_factor", 0.5, 0, 3, "relative learning speed of older households", G, "assumption (high end 3; wider values together made GDP jump 30-55 percent in a year in joint draws (benchmarks/property_sweep.py), issue 10)")
_p("basic_skill_threshold", 0.4, 0.05, 1, "skill level", G, "definition: basic digital skills (low end above 0: a threshold of 0 counts people with no skill as skilled, and online spending scales with skill over it; the exact low end is a round choice, not an estimate; issue 10)")
_p("advanced_skill_threshold", 0.65, 0, 1, "skill level", G, "definition: skills for digital jobs")
_p("adopt_innovation", 0.02, 0, 1, "per quarter at full public supply", G, "calibrated (Bass innovation term)")
_p("adopt_imitation", 0.08, 0, 1, "per quarter at full adoption among peers", G, "calibrated (Bass imitation term)")
_p("egov_innovation", 0.006, 0, 1, "per quarter at full online supply", G, "calibrated: PAPI 2022 portal use 4.85 percent of adults")
_p("offline_fraud_exposure", 0.3, 0, 1, "fraud exposure of offline households relative to online", G, "assumption: phone scams reach people offline too")
_p("institutions_trust_gain", 0.5, 0, 1, "share of the trust gap closed at full institutional quality", G, "assumption: personal-data law and safe environment ('5 haves')")
_p("market_supply_infra_weight", 0.5, 0, 1, "weight of infrastructure (vs data sharing) in platform and payment supply", G, "assumption")
_p("skill_gate_ecommerce", 0.3, 0, 1, "skill level", G, "assumption")
_p("skill_gate_cashless", 0.25, 0, 1, "skill level", G, "assumption")
_p("skill_gate_egov", 0.35, 0, 1, "skill level", G, "assumption")
_p("pandemic_adoption_boost", 2.0, 0, 10, "hazard multiplier while a pandemic shock runs", G, "assumption: COVID-19 pushed e-commerce and cashless")
_p("disadoption_rate", 0.05, 0, 1, "per quarter when trust is below the floor", G, "assumption")
_p("trust_floor", 0.3, 0, 1, "index", G, "assumption")
_p("fraud_rate", 0.01, 0, 1, "trust lost per quarter at base fraud", G, "assumption: online fraud is a real drag (seed documents)")
_p("trust_recovery", 0.05, 0, 1, "per quarter", G, "assumption")
_p("online_spend_share", 0.16, 0, 1, "share of an adopter's retail spending made online at full trust", G, "calibrated: e-commerce 7.5 percent of retail in 2022")
_p("consumption_share", 0.65, 0, 1, "share of household income spent on consumption", G, "assumption: household consumption about 65 percent of GDP (GSO); scales retail spending, cancels out of the e-commerce share")
_p("digital_job_premium", 0.25, 0, 2, "wage premium", G, "assumption: ICT wages above average (LFS)")

G = "agencies and budgets"
_p("fragmentation_waste", 0.35, 0, 1, "share of public budgets lost at zero coordination", G, "assumption: silos and duplication (policy brief '5 no's')")
_p("crowd_in_base", 0.5, 0, 2, "crowd-in multiplier at zero institutional quality (multiplier is base + index)", G, "assumption: legal certainty draws private partners")
_p("crowd_in_infrastructure", 2.5, 0, 10, "private and FDI VND per public VND", G, "assumption: telecoms and data-centre capex is mostly private")
_p("crowd_in_skills", 0.3, 0, 5, "private VND per public VND", G, "assumption: firm training")
_p("crowd_in_institutions", 0.2, 0, 5, "private VND per public VND", G, "assumption: private platforms on public data")
_p("build_lag_infrastructure", 8, 0, 40, "quarters", G, "assumption: networks take about two years to build")
_p("build_lag_skills", 2, 0, 40, "quarters", G, "assumption: courses run within half a year")
_p("build_lag_institutions", 4, 0, 40, "quarters", G, "assumption: laws and platforms take a year")
_p("depreciation_infrastructure", 0.08, 0, 0.5, "per year", G, "assumption: network equipment lifetime about 12 years")
_p("depreciation_institutions", 0.05, 0, 0.5, "per year", G, "assumption: legal and data platforms")
_p("provincial_share_infrastructure", 0.6, 0, 1, "share of the budget spent by provinces", G, "assumption: backbone and data centres national, access local")
_p("provincial_share_skills", 0.7, 0, 1, "share of the budget spent by provinces", G, "assumption: mass literacy runs locally")
_p("provincial_share_institutions", 0.4, 0, 1, "share of the budget spent by provinces", G, "assumption: laws national, e-government local")
_p("mobile_share_of_access", 0.4, 0, 1, "share of access investment on mobile", G, "assumption")
_p("cost_per_home_mobile_urban", 1.0, 0, 100, "VND million per household covered", G, "assumption: urban cell sites")
_p("cost_per_home_mobile_rural", 2.0, 0, 100, "VND million per household covered", G, "assumption: rural cell sites")
_p("cost_per_home_5g_urban", 0.6, 0, 100, "VND million per household within reach", G, "a greenfield national 5G network costs at least USD 1 billion (VNA, Mar 2024), about VND 24 trillion for some 27 million households, 0.9 million each on average; towns cheaper than villages in the proportion of cost_per_home_mobile_urban to _rural")
_p("cost_per_home_5g_rural", 1.2, 0, 100, "VND million per household within reach", G, "see cost_per_home_5g_urban")
_p("cost_per_home_fibre_urban", 0.8, 0, 100, "VND million per household passed", G, "assumption: FTTH in cities")
_p("cost_per_home_fibre_rural", 1.5, 0, 100, "VND million per household passed", G, "assumption: FTTH in villages")
_p("advanced_training_cost_per_person", 280.0, 20, 600, "VND million per person trained (advanced course, once)", G, "semiconductor workforce programme: training VND 14,000 bn for 50,000 trainees, VND 280 m each (VND 520 m all-in with labs and scholarships; MPI draft, Jun 2024, data rows semiconductor_*); ICT and AI courses are cheaper (low end 20, an assumption)")
_p("skills_cost_per_person", 5.0, 0.5, 50, "VND million per person trained (mass digital-literacy course, once)", G, "J-PAL (vocational and skills training): a few hundred to over USD 10,000 per person trained (data row training_cost_range_vocational); a short literacy course at the low end, about USD 200 (assumption; no Vietnamese programme cost found) (low end above 0: a free course would buy unlimited places)")
_p("basic_training_capacity_mn", 5.0, 0.5, 30, "million adults a year who can take a mass digital-literacy course (in 2025)", G, "assumption, wide: no source found; about 7 percent of adults a year through community digital-technology teams, schools and online platforms. Money beyond it buys places at a rising cost: places = C (1 - exp(-wanted / C))")
_p("advanced_training_capacity_k", 60.0, 10, 300, "thousand people a year who can take an advanced course (in 2025)", G, "assumption near Vietnam's ICT graduates, about 55-60 thousand a year (TopDev IT market reports, as recalled, not checked here); the semiconductor programme adds about 7 thousand a year (50,000 by 2030, data). Money beyond it buys places at a rising cost")
_p("training_capacity_growth", 0.08, 0.0, 0.3, "growth a year of both training capacities (from 2025; before it they shrink at the same rate)", G, "assumption: new labs and faculties (the semiconductor programme's 4 national shared labs and labs at 18 universities, data) take years; no source for the rate")
_p("institutions_half_point", 0.004, 0.0004, 1, "cumulative budget (share of annual GDP) at index 0.5", G, "assumption (low end a tenth of the default: at 0 any stock puts the index at 1 at once and no stock at 0/0; issue 10)")
_p("national_infra_half_point_mw", 0.055, 0.005, 1, "national digital infrastructure, in data-centre MW per trillion VND of annual GDP, at index 0.5", G, "assumption anchored on the plan: the 2030 target of 870 MW of data centres (Ministry of Science and Technology, data) over about 16,000 trillion VND of 2030 GDP at 2023 prices puts the target at half the gain; 2025's 182 MW is about 0.015 (low end a tenth of that: at 0 any stock puts the index at 1 at once, issue 10)")
_p("data_centre_cost_per_mw", 105.0, 10, 1000, "VND billion per MW", G, "Viettel's Tan Phu Trung data centre: VND 14.7 trillion for 140 MW, with land and an R&D centre (SGGP, May 2024; Capacity Media, Apr 2025), about USD 4.1 m per MW; national backbone, bandwidth and databases are valued at what they would buy in data centres")
_p("poor_quintiles", 2, 0, 5, "bottom income quintiles counted as poor for targeting", G, "assumption: the poorest 40 percent")
_p("inclusion_boost", 2.0, 0, 10, "extra exposure of targeted groups at full inclusion", G, "assumption")
_p("cyber_protection", 0.6, 0, 1, "share of fraud stopped at full institutional quality", G, "assumption")
_p("infra_weight_mobile", 0.25, 0, 1, "weight in the infrastructure quality index", G, "assumption: backbone, data centres and cloud weigh as much as mobile and fibre access together")
_p("infra_weight_fibre", 0.25, 0, 1, "weight in the infrastructure quality index", G, "assumption (see infra_weight_mobile)")
_p("infra_weight_national", 0.5, 0, 1, "weight in the infrastructure quality index", G, "assumption (see infra_weight_mobile)")
_p("pre_5g_mobile_quality", 0.8, 0, 1, "quality of 4G relative to 5G", G, "assumption")
_p("data_weight_institutions", 0.5, 0, 1, "weight in the data-sharing index", G, "assumption: laws and platforms, coordination and the data-economy framework weighted 0.5/0.25/0.25")
_p("data_weight_coordination", 0.25, 0, 1, "weight in the data-sharing index", G, "assumption (see data_weight_institutions)")
_p("data_framework_boost", 0.25, 0, 1, "data-sharing index added by the data-economy framework", G, "assumption (see data_weight_institutions)")
_p("init_institutions_stock", 0.0025, 0, 1, "share of annual GDP", G, "assumption: e-transactions law (2005), e-government since 2015")
_p("init_national_infra_mw", 0.038, 0, 1, "data-centre-equivalent MW per trillion VND of annual GDP", G, "assumption: backbone, submarine cables and data centres in 2015 (0.4 percent of GDP at VND 105 billion per MW, as in earlier versions); set in megawatts so that a dearer megawatt changes what new money buys, not the 2015 stock")
_p("init_egov_stock", 0.0003, 0, 1, "share of provincial GDP", G, "assumption: few services fully online in 2015")
_p("egov_half_point", 0.001, 0.0001, 1, "provincial e-government stock (share of provincial GDP) at index 0.5", G, "assumption (low end a tenth of the default: at 0 any stock puts the index at 1 at once and no stock at 0/0; issue 10)")
_p("digital_capital_depreciation", 0.2, 0, 1, "per year", G, "BEA: software and ICT equipment lives of about five years")
_p("core_labour_productivity_growth", 0.04, -0.1, 0.2, "per year", G, "assumption: labour needed per unit of core digital output falls")
_p("core_hiring_rate", 0.15, 0, 1, "share of a vacancy gap filled per quarter", G, "assumption")
_p("capital_return", 0.05, 0, 0.3, "real return on capital in the user cost of digital capital", G, "assumption: PWT 10 internal rate of return for Vietnam about 5-10 percent")

G = "public finance"
_p("public_debt_2015_pct_gdp", 48.8, 0, 150, "per cent of GDP", G, "MoF: 61.3 percent of GDP at end-2015 on the old GDP base (data), divided by 1.257, the 2019 revision's rise in GDP (GSO: 2017 GDP 5,006 to 6,294 VND trillion)")
_p("revenue_share_gdp", 0.18, 0.05, 0.4, "share of GDP", G, "assumption: state budget revenue about 18-19 percent of (revised) GDP in 2021-2024 (MoF budget settlements as reported; the series is not in the data)")
_p("primary_spending_share_gdp", 0.19, 0.05, 0.5, "share of GDP, other than the digital levers", G, "calibrated: public debt 2021-2024 on the revised GDP base (data); a primary deficit of about 1 percent of GDP, with interest, gives the reported overall deficits of 2.5-3.5 percent (data, 2021 and 2023) in nominal terms")
_p("public_debt_real_rate", 0.01, -0.05, 0.1, "real interest per year on public debt at the 2015 debt ratio", G, "assumption: effective nominal interest on Vietnam's public debt about 4 percent (interest payments of about 1.5 percent of GDP on debt of about 37 percent, MoF) less inflation of about 3 percent (data, CPI 2015-2025)")
_p("debt_rate_sensitivity", 0.0004, 0.0, 0.002, "rise in the real rate per percentage point of public debt over its 2015 ratio", G, "Baldacci and Kumar (2010, IMF WP/10/184): 3-5 basis points per point of debt in emerging markets, more where deficits and debt are high; Laubach (2009): 3-4 basis points for the United States")
_p("investment_interest_elasticity", 0.5, 0.0, 1.5, "elasticity of private investment to the user cost of capital (required return plus depreciation, moved by the change in the real rate)", G, "Chirinko, Fazzari and Meyer (1999): about 0.25-0.4 on US firm data; Hassett and Hubbard (2002): 0.5-1")
_p("fiscal_debt_response", 0.035, 0.0, 0.1, "points of GDP of primary balance per point of public debt over the legal ceiling (60 percent of GDP, data row public_debt_ceiling_pct_gdp): 0.035 raises the primary balance by 0.35 percent of GDP at 70", G, "Mendoza and Ostry (2008, Journal of Monetary Economics; IMF WP/07/56): a positive conditional response of the primary balance to debt of a few hundredths in emerging markets, weaker at high debt; Bohn (1998): about 0.05 for the United States (figures as recalled, the papers' tables not checked here). Applied only above the ceiling, so the calibrated baseline (debt below it) does not read it")
_p("tax_investment_share", 0.3, 0.0, 1.0, "share of taxes raised for the levers that comes out of private investment", G, "assumption: investment is about a third of private spending (GSO: total social investment about 32 percent of GDP, non-state and FDI three quarters of it)")
_p("cut_investment_share", 0.3, 0.0, 1.0, "share of other public spending cut for the levers that was public investment", G, "assumption: development investment about 25-30 percent of state budget spending (MoF budget estimates)")
_p("crowd_in_foreign_share", 0.16, 0.0, 1.0, "share of crowded-in private money that comes from abroad (FDI)", G, "GSO: FDI 16.2 percent of total social investment in 2022 (data); the rest is domestic saving and displaces other investment")
_p("national_saving_rate", 0.33, 0.1, 0.5, "gross national saving, share of GDP", G, "assumption: IMF WEO puts Vietnam's gross national saving at about 30-35 percent of GDP in 2015-2024, above total investment in most years (current-account surpluses); the series is not in the data")


PARAMETERS: MappingProxyType[str, Param] = MappingProxyType({p.name: p for p in _DECLARED})

# Parameters read only while the start year's economy is built (its people, firms, sectors and stocks, and the
# paths of the rest of the world), or fixed then (the agencies' build pipelines), and the unit conversion to
# dollars: a scenario may not date them ([parameters] NAME = { 2026 = value }), since a later value would be
# read by nothing. tests/engines/test_parameter_changes.py checks the list.
SET_UP_PARAMETERS = frozenset(
    {p.name for p in _DECLARED if p.group in ("population and set-up", "initial state 2015")}
    | {p.name for p in _DECLARED if p.name.startswith(("gdp_share_2015_", "employment_share_2015_", "core_share_"))}
    | {"gdp_2015_vnd_tn", "vnd_per_usd", "firm_size_dispersion", "rural_agriculture_share", "sector_wage_elasticity",
       "enterprises_2015", "household_businesses_2015", "digital_enterprises_2015", "hb_value_added_share",
       "fdi_enterprise_probability", "fdi_share_ict_manufacturing", "digital_fit_dispersion",
       "init_institutions_stock", "init_national_infra_mw", "init_egov_stock", "public_debt_2015_pct_gdp",
       "dollar_price_growth", "external_growth_shift",
       "build_lag_infrastructure", "build_lag_skills", "build_lag_institutions"})
assert len(PARAMETERS) == len(_DECLARED), "a parameter is declared twice"


CALIBRATION_FILE = DATA_DIR / "calibration.toml"


@lru_cache(maxsize=None)
def calibration_record(path: Path = CALIBRATION_FILE) -> dict:
    """The calibration file as read (``{}`` if there is none): ``calibration`` (how it was made) and
    ``parameters`` (the estimates). Written by ``python -m model calibrate`` (model/experiments/calibrate.py)."""
    if not path.exists():
        return {}
    with open(path, "rb") as f:
        record = tomllib.load(f)
    for name, value in record.get("parameters", {}).items():
        spec = PARAMETERS.get(name)
        if spec is None or not spec.low <= float(value) <= spec.high:
            raise ValueError(f"{path}: parameters.{name} = {value} is not a parameter within its range")
    return record


def calibrated_values() -> dict[str, float]:
    return {k: float(v) for k, v in calibration_record().get("parameters", {}).items()}


class Parameters:
    """Resolved parameter values: defaults, then the calibrated estimates, then a scenario's overrides.

    Read-only attribute access (``params.capital_share``) keeps model code short. The values are also the
    instance's attributes, so reading one is a plain attribute lookup: a run reads parameters some 70,000
    times (issue 14), and a ``__getattr__`` call each time cost about 5% of a replication.
    """

    def __init__(self, overrides: dict[str, float] | None = None, calibrated: bool = True):
        values = {name: p.default for name, p in PARAMETERS.items()}
        if calibrated:  # the estimates of `python -m model calibrate` replace the defaults
            values.update(calibrated_values())
        for name, value in (overrides or {}).items():
            if name not in PARAMETERS:
                raise KeyError(f"unknown parameter {name!r}")
            values[name] = float(value)
        object.__setattr__(self, "_before", None)  # (time these came into force, the set in force before)
        self.__dict__.update(values)  # parameter names never start with "_" (checked below the class)

    def changed_at(self, time: float, overrides: dict[str, float], calibrated: bool = True) -> Parameters:
        """The set with ``overrides`` (all of a run's, not only the new ones) in force from ``time``; ``at``
        still gives these for earlier times (a scenario's dated [parameters], measured year by year)."""
        new = Parameters(overrides, calibrated)
        object.__setattr__(new, "_before", (time, self))
        return new

    def at(self, time: float) -> Parameters:
        """The set in force at ``time``: this one, or one it replaced (``changed_at``)."""
        p = self
        while p._before is not None and time < p._before[0]:
            p = p._before[1]
        return p

    def __getattr__(self, name: str) -> float:  # only reached for a name that is not a parameter
        if name.startswith("_"):  # attributes not yet set (copying, unpickling): not a parameter
            raise AttributeError(name)
        raise AttributeError(f"no parameter named {name!r}")

    def __deepcopy__(self, memo) -> Parameters:
        return self  # read-only: a copied economy shares its parameters

    def __setattr__(self, name, value):
        raise AttributeError("Parameters are read-only; override them in the scenario's [parameters] table")

    def as_dict(self) -> dict[str, float]:
        return {name: self.__dict__[name] for name in PARAMETERS}


# A parameter is an attribute of Parameters, so its name must not hide a method or the private slots.
_CLASHES = sorted(n for n in PARAMETERS if n.startswith("_") or hasattr(Parameters, n))
if _CLASHES:
    raise ValueError(f"parameter names that clash with Parameters' own attributes: {_CLASHES}")


def consistency_problems(values: dict[str, float]) -> list[tuple[str, str]]:
    """Combinations of parameter values that are each in range but cannot hold together.

    Returns (parameter name, what is allowed) pairs; ``values`` holds the
    resolved values (defaults with overrides applied).
    """
    v = values
    problems = []
    if v["young_head_share"] + v["old_head_share"] > 1.0:
        problems.append(("old_head_share", f"young_head_share + old_head_share at most 1 (now {v['young_head_share']} + {v['old_head_share']})"))
    firm_shares = v["init_basic_firms"] + v["init_integrated_firms"] + v["init_advanced_firms"]
    if firm_shares > 1.0:
        problems.append(("init_basic_firms", f"init_basic_firms + init_integrated_firms + init_advanced_firms at most 1 (now {firm_shares:g})"))
    if v["advanced_skill_threshold"] < v["basic_skill_threshold"]:
        problems.append(("advanced_skill_threshold", f"at least basic_skill_threshold ({v['basic_skill_threshold']})"))
    # The moving part of firms' productivity has the stationary spread volatility / sqrt(1 - persistence^2)
    # (rules.firms.productivity_process). Above MAX_PRODUCTIVITY_SPREAD it is wider than all the dispersion of
    # TFP the data show (model.rules.initialise's TFP_DISPERSION_RANGE, high end 0.95), and a few firms' luck
    # makes the aggregate (GDP grew 30-50 percent a year with 0.35 at persistence 0.99, issue 11).
    spread = v["firm_productivity_volatility"] / math.sqrt(max(1.0 - v["firm_productivity_persistence"] ** 2, 1e-12))
    if spread > MAX_PRODUCTIVITY_SPREAD:
        problems.append(("firm_productivity_volatility",
                         f"at most {MAX_PRODUCTIVITY_SPREAD:g} * sqrt(1 - firm_productivity_persistence^2) = "
                         f"{MAX_PRODUCTIVITY_SPREAD * math.sqrt(max(1.0 - v['firm_productivity_persistence'] ** 2, 0.0)):.3g}"
                         f" (the stationary spread of log productivity, now {spread:.3g}, at most {MAX_PRODUCTIVITY_SPREAD:g})"))
    # A structural primary deficit (other spending over revenue, before the levers) above MAX_PRIMARY_DEFICIT of
    # GDP every year is a fiscal collapse, not a scenario: revenue 5 and spending 23 percent of GDP drove debt to
    # the rate's ceiling and investment to a tenth (issue 11's property tests). Vietnam's is about 1 percent.
    deficit = v["primary_spending_share_gdp"] - v["revenue_share_gdp"]
    if deficit > MAX_PRIMARY_DEFICIT:
        problems.append(("primary_spending_share_gdp",
                         f"at most revenue_share_gdp + {MAX_PRIMARY_DEFICIT:g} = {v['revenue_share_gdp'] + MAX_PRIMARY_DEFICIT:.3g}"
                         f" (a structural primary deficit of at most {MAX_PRIMARY_DEFICIT:g} of GDP a year; now {deficit:.3g})"))
    # Capital's growth at set-up: firms' and farms' investment rates weighted by their value added, over the
    # capital stock, less depreciation.
    shares = sum(v[f"gdp_share_2015_{s}"] for s in _SECTOR_NAMES)
    farm = v["gdp_share_2015_agriculture"] / shares if shares > 0.0 else 0.0
    invested = v["investment_rate"] * (1.0 - farm) + v["investment_rate_agriculture"] * farm
    growth = invested / v["capital_output_ratio"] - v["depreciation"]
    if growth > MAX_CAPITAL_GROWTH:
        problems.append(("investment_rate",
                         f"an investment rate that, with investment_rate_agriculture on the farm share of "
                         f"gdp_share_2015_agriculture, capital_output_ratio and depreciation, grows capital at most "
                         f"{MAX_CAPITAL_GROWTH:g} a year at set-up (now {growth:.3g}: {invested:.3g} of value added "
                         f"invested on capital of {v['capital_output_ratio']:.3g} years of it)"))
    if v["infra_weight_mobile"] + v["infra_weight_fibre"] + v["infra_weight_national"] <= 0.0:
        problems.append(("infra_weight_national", "the three infra_weight_* parameters may not all be 0"))
    if sum(v[f"core_share_{s}"] for s in CORE_SUBSECTORS) <= 0.0:
        problems.append(("core_share_platforms", "the four core_share_* parameters may not all be 0 (the digital "
                                                 "core's value added is split by them)"))
    # Every sector exists in 2015 with a value added per worker that an economy can have. A sector with no value
    # added has firms with no output to scale from (0/0), one with no workers infinite output per worker, and a
    # wide gap sends the labour market's moves into a thin sector at once (2,786 percent growth in 2016 with
    # employment_share_2015_manufacturing = 0, issue 10). RELATIVE_PRODUCTIVITY_BOUNDS: see there.
    gdp = {s: v[f"gdp_share_2015_{s}"] for s in _SECTOR_NAMES}
    jobs = {s: v[f"employment_share_2015_{s}"] for s in _SECTOR_NAMES}
    gdp_total, jobs_total = sum(gdp.values()), sum(jobs.values())
    low, high = RELATIVE_PRODUCTIVITY_BOUNDS
    for s in _SECTOR_NAMES:
        if gdp[s] <= 0.0:
            problems.append((f"gdp_share_2015_{s}", "above 0: every sector has value added in 2015"))
        elif jobs[s] <= 0.0:
            problems.append((f"employment_share_2015_{s}", "above 0: every sector has workers in 2015"))
        else:
            # As a product, so a share of jobs below the smallest float's reach reads as infinitely productive
            # rather than dividing by an underflowed zero (hypothesis drew 5e-324, issue 11).
            denominator = gdp_total * jobs[s]
            ratio = gdp[s] * jobs_total / denominator if denominator > 0.0 else math.inf
            if not low <= ratio <= high:
                problems.append((f"employment_share_2015_{s}",
                                 f"a share of workers that puts the sector's value added per worker between {low:g} "
                                 f"and {high:g} times the average (now {ratio:.3g}, with gdp_share_2015_{s} and the "
                                 f"other sectors' shares)"))
    # Farm work: the urban farm share that the set-up derives (initialise.build_households) must be a share. With
    # urban share u, the rural areas hold at most (1 - u) * rural_agriculture_share of the farm workers, the
    # towns the rest, which may not exceed all town workers (rural_agriculture_share = 0 crashed, issue 10).
    farm = jobs["agriculture"] / jobs_total if jobs_total > 0 else 0.0
    u = v["urban_share_2015"]
    if farm - (1.0 - u) * v["rural_agriculture_share"] > u:
        need = (farm - u) / (1.0 - u)
        problems.append(("rural_agriculture_share", f"at least {need:.3g}: the farm share of employment "
                                                    f"({farm:.3g}) cannot all fit in the towns (urban_share_2015 {u:g})"))
    return problems


_SECTOR_NAMES = SECTORS  # of the gdp_share_2015_* and employment_share_2015_* parameters
MAX_PRODUCTIVITY_SPREAD = 1.0  # s.d. of log productivity's moving part (see consistency_problems)
# Most structural primary deficit (share of GDP a year). Assumption: peaks of 5-10 percent of GDP occur in crises
# (IMF Fiscal Monitor), not year after year; Vietnam's is about 1 percent (primary_spending_share_gdp).
MAX_PRIMARY_DEFICIT = 0.05
# Fastest growth of the capital stock at set-up (investment over value added / capital_output_ratio - depreciation,
# a year). Assumption: in the Penn World Table 10 national capital stocks have rarely grown faster than about 12-15
# percent a year for long (China and Korea at their peaks; Vietnam about 8-10). Property draws of issue 13 grew GDP
# 38-47 percent in 2016: investment of 0.4-0.5 of value added (farms' at 0.5) on capital of 1.5 years of output,
# 0.19-0.26 a year before the firms' response to returns and FDI.
MAX_CAPITAL_GROWTH = 0.15

# Value added per worker of a sector relative to the economy's average, in 2015 (consistency_problems). Vietnam
# 2015 (GSO, the defaults): agriculture 0.39, finance 5.4, the digital core 3.7, mining/utilities/construction 2.3.
# Assumption: 0.1-10 holds every broad sector of the GSO and ILO modelled estimates for Vietnam and its peers
# (mining alone, not a sector here, exceeds it); outside it the set-up's labour market moves workers faster than
# any economy has, and growth leaves the bounds of model.measure.soundness.
RELATIVE_PRODUCTIVITY_BOUNDS = (0.1, 10.0)
