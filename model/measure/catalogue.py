"""The indicator catalogue: what every results column is, in English and Vietnamese.

The output twin of the parameter registry (``model.core.params``): for each column of ``annual.csv`` its
unit, its label and description in both languages, the group it is charted and tabled with, and the data
indicator of its official target (the threshold itself is read from the data file by ``targets_of``).
Charts, the printed summaries, the calibration report and the fan charts take their words from here; column
names stay stable English identifiers.

Families of columns (one per sector, lever, maturity level or NSO group) are generated from
``model.core.categories``, so a new sector gets its columns described by adding its name below.
"""
from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from types import MappingProxyType

from model.core.categories import LEVERS, MATURITY, SECTORS
from model.core.data import indicators_of_kind
from model.measure.targets import PROBABILITY_CONFIDENCE

_CONFIDENCE = f"{PROBABILITY_CONFIDENCE:.0%}"  # "95%"

LANGUAGES = ("en", "vi")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Text:
    """One piece of text in both languages."""

    en: str
    vi: str

    def __call__(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Indicator:
    """A results column: ``label`` and ``unit`` in both languages, its chart ``group``, and ``target``: the
    data indicator (``kind = target`` rows of vietnam_indicators.csv) it is judged against, if any."""

    column: str
    label: Text
    unit: Text
    group: str
    description: Text | None = None
    target: str | None = None
    observed: str | None = None  # the data indicator (``kind = history`` rows) that observes this column

    def title(self, lang: str) -> str:
        """Label with unit, as an axis or a table header shows it."""
        return f"{self.label(lang)} ({self.unit(lang)})"


# Units, shared by many columns.
PCT_PEOPLE = Text("% of people", "% dân số")
PCT_WORKING_AGE = Text("% of working-age people", "% dân số trong độ tuổi lao động")
PCT_HOUSEHOLDS = Text("% of households", "% hộ gia đình")
PCT_GDP = Text("% of GDP", "% GDP")
PCT_YEAR = Text("% a year", "%/năm")
PCT = Text("%", "%")
PP = Text("percentage points", "điểm phần trăm")
VND_BN = Text("VND billion", "tỷ đồng")
INDEX = Text("index, 0-1", "chỉ số, 0-1")
INDEX_2015 = Text("index, 2015 = 1", "chỉ số, 2015 = 1")
MILLION_JOBS = Text("million jobs", "triệu việc làm")
PEOPLE = Text("people", "người")
WORKERS = Text("workers", "lao động")
FIRMS = Text("firms", "doanh nghiệp")
USD_HEAD = Text("USD a person", "USD/người")
MW = Text("MW of data-centre capacity", "MW công suất trung tâm dữ liệu")
YEAR = Text("year", "năm")

SECTOR_NAMES = MappingProxyType({
    "agriculture": Text("agriculture", "nông nghiệp"),
    "manufacturing": Text("manufacturing", "công nghiệp chế biến, chế tạo"),
    "other_industry": Text("other industry and construction", "công nghiệp khác và xây dựng"),
    "trade_logistics": Text("trade and logistics", "thương mại và logistics"),
    "finance": Text("finance", "tài chính"),
    "other_services": Text("other services", "dịch vụ khác"),
    "digital_core": Text("core digital industries", "công nghiệp số lõi"),
})
LEVER_NAMES = MappingProxyType({
    "infrastructure": Text("digital infrastructure", "hạ tầng số"),
    "skills": Text("digital skills", "kỹ năng số"),
    "institutions": Text("institutions and e-government", "thể chế và chính phủ điện tử"),
})
MATURITY_NAMES = MappingProxyType({
    "basic": Text("basic", "cơ bản"),
    "integrated": Text("integrated", "tích hợp"),
    "advanced": Text("advanced", "nâng cao"),
})
NSO_GROUPS = MappingProxyType({
    "agriculture": Text("agriculture, forestry and fishing", "nông, lâm nghiệp và thủy sản"),
    "industry": Text("industry and construction", "công nghiệp và xây dựng"),
    "services": Text("services", "dịch vụ"),
})
assert set(SECTOR_NAMES) == set(SECTORS) and set(LEVER_NAMES) == set(LEVERS)
assert set(MATURITY_NAMES) == set(MATURITY[1:])

_DECLARED: list[Indicator] = []


def _i(column: str, en: str, vi: str, unit: Text, group: str, target: str | None = None,
       about: tuple[str, str] | None = None) -> None:
    _DECLARED.append(Indicator(column, Text(en, vi), unit, group, Text(*about) if about else None, target,
                               OBSERVED.get(column)))


# Columns with observations in the data's history rows (as the calibration reads them; docs/calibration.md).
OBSERVED = {
    "gdp_growth_pct": "gdp_growth_real",
    "digital_economy_share_pct": "digital_economy_share_gdp",
    "digital_core_share_pct": "digital_core_share_gdp",
    "digitalisation_share_pct": "digitalisation_other_sectors_share_gdp",
    "internet_users_pct": "internet_users_share_pop",
    "fibre_households_pct": "fibre_household_coverage",
    "ecommerce_share_retail_pct": "ecommerce_share_retail",
    "online_public_services_pct": "online_public_portal_use",
    "investment_rate_pct": "total_social_investment_pct_gdp",
    "public_debt_pct_gdp": "public_debt_pct_gdp",
    "gdp_per_capita_current_usd": "gdp_per_capita_usd",  # the NSO's figure is in current USD
}


# ---------------------------------------------------------------------------------------------- growth
G = "growth"
_i("year", "Year", "Năm", YEAR, G)
_i("gdp_vnd_bn", "Real GDP", "GDP thực tế", Text("VND billion, 2023 prices", "tỷ đồng, giá năm 2023"), G)
_i("gdp_growth_pct", "Real GDP growth", "Tăng trưởng GDP thực tế", PCT_YEAR, G, "target_gdp_growth_min")
_i("gdp_per_capita_usd", "GDP per head at 2023 prices", "GDP bình quân đầu người theo giá năm 2023",
   Text("USD a person, 2023 prices and exchange rate", "USD/người, giá và tỷ giá năm 2023"), G)
_i("gdp_per_capita_current_usd", "GDP per head", "GDP bình quân đầu người",
   Text("current USD a person", "USD/người, giá hiện hành"), G, "target_gdp_per_capita_usd",
   about=("Real GDP per head priced in each year's US dollars: the data's deflator and exchange rate to the "
          "last data year, then gdp_deflator_growth and vnd_depreciation a year.",
          "GDP thực tế bình quân đầu người tính theo đô la Mỹ từng năm: chỉ số giảm phát và tỷ giá theo số liệu "
          "đến năm có số liệu cuối cùng, sau đó theo gdp_deflator_growth và vnd_depreciation mỗi năm."))
_i("labour_productivity_growth_pct", "Labour productivity growth", "Tăng năng suất lao động", PCT_YEAR, G,
   "target_labour_productivity_growth")
_i("tfp_share_of_growth_pct", "TFP share of growth", "Đóng góp của TFP vào tăng trưởng", PCT, G,
   "target_tfp_share_of_growth")
_i("value_added_vnd_bn", "Value added", "Giá trị tăng thêm", VND_BN, G)
_i("population", "Population", "Dân số", PEOPLE, G)
_i("employment", "Employment", "Số lao động có việc làm", WORKERS, G)
_i("working_age_index", "Working-age people", "Dân số trong độ tuổi lao động", INDEX_2015, G)
_i("labour_quality", "Labour quality", "Chất lượng lao động", INDEX_2015, G)
_i("capital_elasticity", "Capital's share in production", "Tỷ trọng vốn trong sản xuất", INDEX, G)
_i("capital_vnd_bn", "Physical capital", "Vốn vật chất", VND_BN, G)
_i("digital_capital_vnd_bn", "Digital capital", "Vốn số", VND_BN, G)
_i("noncore_value_added_vnd_bn", "Value added outside the digital core", "Giá trị tăng thêm ngoài khu vực số lõi",
   VND_BN, G)
_i("selection_index", "Selection (productivity of surviving firms)", "Chọn lọc (năng suất của doanh nghiệp tồn tại)",
   INDEX_2015, G)
_i("premium_index", "Digital productivity premium", "Mức tăng năng suất nhờ số hóa", INDEX_2015, G)
_i("spillover_index", "Spillovers from digital firms", "Lan tỏa từ doanh nghiệp số", INDEX_2015, G)
_i("farm_employment_pct", "Farm jobs", "Lao động nông nghiệp", Text("% of employment", "% lao động"), G)
_i("informal_employment_pct", "Informal jobs", "Lao động phi chính thức", Text("% of employment", "% lao động"), G)

# ------------------------------------------------------------------------------- growth accounting
A = "growth_accounting"
_i("growth_capital_pp", "Physical capital (non-digital)", "Vốn vật chất (không phải số)", PP, A)
_i("growth_digital_capital_pp", "Digital capital", "Vốn số", PP, A)
_i("growth_labour_pp", "Labour (hours worked)", "Lao động (giờ làm việc)", PP, A)
_i("growth_labour_quality_pp", "Labour quality (skills)", "Chất lượng lao động (kỹ năng)", PP, A)
_i("growth_tfp_pp", "Total factor productivity", "Năng suất các nhân tố tổng hợp (TFP)", PP, A)
_i("growth_selection_pp", "TFP: selection among firms", "TFP: chọn lọc doanh nghiệp", PP, A)
_i("growth_structural_change_pp", "TFP: moves between sectors", "TFP: chuyển dịch cơ cấu", PP, A)
_i("growth_digital_pp", "TFP: digital premia and spillovers", "TFP: tác động của số hóa", PP, A)
_i("growth_residual_tfp_pp", "TFP: sector trends and the rest", "TFP: xu hướng ngành và phần còn lại", PP, A)

# -------------------------------------------------------------------------------- digital economy
D = "digital_economy"
_i("digital_economy_share_pct", "Digital economy", "Kinh tế số", PCT_GDP, D, "target_digital_economy_share",
   ("core digital industries plus the digitalised value added of other sectors, as the NSO measures it",
    "công nghiệp số lõi cộng phần giá trị tăng thêm được số hóa của các ngành khác, theo cách đo của Cục Thống kê"))
_i("digital_core_share_pct", "Core digital industries", "Công nghiệp số lõi", PCT_GDP, D)
_i("digitalisation_share_pct", "Digitalisation of other sectors", "Số hóa các ngành khác", PCT_GDP, D)
_i("digital_core_vnd_bn", "Core digital industries", "Công nghiệp số lõi", VND_BN, D)
_i("digitalisation_vnd_bn", "Digitalisation of other sectors", "Số hóa các ngành khác", VND_BN, D)
_i("min_sector_digital_share_pct", "Lowest sector's digital share", "Tỷ trọng kinh tế số thấp nhất trong các ngành",
   Text("% of the sector's value added", "% giá trị tăng thêm của ngành"), D, "target_digital_share_each_sector")
_i("digital_accounting_contribution_pp", "Digital economy's accounting contribution to growth",
   "Đóng góp kế toán của kinh tế số vào tăng trưởng", PP, D, None,
   ("the digital share's change weighted into growth: accounting, not a cause",
    "phần thay đổi của tỷ trọng kinh tế số tính vào tăng trưởng: số liệu kế toán, không phải nguyên nhân"))
_i("digital_reclassification_pp", "Of which reclassification", "Trong đó: phân loại lại", PP, D, None,
   ("value added counted as digital because a firm upgraded, not because output rose",
    "giá trị tăng thêm được tính là số vì doanh nghiệp nâng cấp, không phải vì sản lượng tăng"))
_i("digital_causal_contribution_pp", "Digital economy's causal contribution to growth",
   "Đóng góp nhân quả của kinh tế số vào tăng trưởng", PP, D, None,
   ("growth less growth in a twin run on the same seed with digital adoption and lever spending held at 2025",
    "tăng trưởng trừ tăng trưởng của lần chạy đối chứng cùng seed ngẫu nhiên, giữ nguyên mức áp dụng số và chi tiêu năm 2025"))
_i("ict_manufacturing_vnd_bn", "ICT manufacturing value added", "Giá trị tăng thêm sản xuất điện tử, ICT", VND_BN, D)
_i("electronics_exports_vnd_bn", "Electronics exports", "Xuất khẩu điện tử", VND_BN, D)
_i("digital_entrants", "New digital firms", "Doanh nghiệp số mới gia nhập", FIRMS, D)
for _group, _name in NSO_GROUPS.items():
    _i(f"digital_va_{_group}_pct_gdp", f"Digital value added in {_name.en}", f"Giá trị tăng thêm số trong {_name.vi}",
       PCT_GDP, D)

# -------------------------------------------------------------------------------------- sectors
S = "sectors"
for _sector, _name in SECTOR_NAMES.items():
    _i(f"va_{_sector}_vnd_bn", f"Value added: {_name.en}", f"Giá trị tăng thêm: {_name.vi}", VND_BN, S)
    _i(f"maturity_va_{_sector}_vnd_bn", f"Value added weighted by digital maturity: {_name.en}",
       f"Giá trị tăng thêm theo mức độ trưởng thành số: {_name.vi}", VND_BN, S)
    _i(f"employment_{_sector}", f"Employment: {_name.en}", f"Lao động: {_name.vi}", WORKERS, S)
    _i(f"digital_{_sector}_vnd_bn", f"Digital value added: {_name.en}", f"Giá trị tăng thêm số: {_name.vi}", VND_BN, S)
    _i(f"digital_share_{_sector}_pct", f"Digital share: {_name.en}", f"Tỷ trọng kinh tế số: {_name.vi}",
       Text("% of the sector's value added", "% giá trị tăng thêm của ngành"), S)

# ------------------------------------------------------------------------------------ adoption
U = "adoption"
_i("internet_users_pct", "Internet users", "Người dùng Internet", PCT_PEOPLE, U)
_i("fibre_households_pct", "Households on fibre broadband", "Hộ gia đình dùng cáp quang", PCT_HOUSEHOLDS, U,
   "target_fibre_households")
_i("mobile_broadband_households_pct", "Households on mobile broadband", "Hộ gia đình dùng băng rộng di động",
   PCT_HOUSEHOLDS, U)
_i("cashless_pct", "Pay without cash", "Thanh toán không dùng tiền mặt", PCT_PEOPLE, U)
_i("ecommerce_adoption_pct", "Shop online", "Mua sắm trực tuyến", PCT_PEOPLE, U)
_i("ecommerce_share_retail_pct", "E-commerce share of retail", "Thương mại điện tử trong tổng bán lẻ",
   Text("% of retail sales", "% tổng mức bán lẻ"), U, "target_ecommerce_share_retail")
_i("online_retail_vnd_bn", "Online retail sales", "Doanh thu bán lẻ trực tuyến", VND_BN, U)
_i("online_public_services_pct", "Online public services", "Dịch vụ công trực tuyến",
   Text("% of adults using them", "% người trưởng thành sử dụng"), U, "target_online_public_service_use_adults")
_i("trust_index", "Trust in digital services", "Niềm tin vào dịch vụ số", INDEX, U)

# -------------------------------------------------------------------------------------- skills
K = "skills"
_i("basic_digital_skills_pct", "Basic digital skills", "Kỹ năng số cơ bản", PCT_WORKING_AGE, K,
   "target_basic_digital_skills_working_age",
   about=("Working members of households whose digital skill is at least the basic level, as a share of all "
          "working members (they stand for the working-age people the target counts).",
          "Số lao động trong các hộ có kỹ năng số từ mức cơ bản trở lên, trên tổng số lao động (đại diện cho "
          "dân số trong độ tuổi lao động mà mục tiêu tính)."))
_i("advanced_digital_skills_pct", "Advanced digital skills", "Kỹ năng số nâng cao", PCT_WORKING_AGE, K)
_i("mean_digital_skill", "Mean digital skill", "Kỹ năng số bình quân", INDEX, K)
_i("skill_fill_rate", "Digital roles filled by skilled workers", "Tỷ lệ vị trí số có lao động đủ kỹ năng",
   INDEX, K)
_i("digital_jobs_mn", "Digital jobs", "Việc làm số", MILLION_JOBS, K)
_i("core_digital_jobs_mn", "Jobs in core digital industries", "Việc làm trong công nghiệp số lõi", MILLION_JOBS, K)

# --------------------------------------------------------------------------------------- firms
F = "firms"
_i("digital_firms", "Digital technology firms", "Doanh nghiệp công nghệ số", FIRMS, F)
_i("digital_firms_share_pct", "Digital technology firms", "Doanh nghiệp công nghệ số",
   Text("% of firms", "% doanh nghiệp"), F)
for _level, _name in MATURITY_NAMES.items():
    _i(f"firms_{_level}_or_more_pct", f"Firms at {_name.en} digital maturity or above",
       f"Doanh nghiệp đạt mức số hóa {_name.vi} trở lên", Text("% of firms", "% doanh nghiệp"), F)

# ------------------------------------------------------------------------------ public conditions
C = "conditions"
_i("mobile_coverage_pct", "Mobile broadband coverage", "Vùng phủ băng rộng di động", PCT_HOUSEHOLDS, C)
_i("fibre_coverage_pct", "Fibre coverage", "Vùng phủ cáp quang", PCT_HOUSEHOLDS, C)
_i("fiveg_coverage_pct", "5G coverage", "Vùng phủ 5G", PCT_HOUSEHOLDS, C)
_i("national_infra_mw", "National digital infrastructure", "Hạ tầng số quốc gia", MW, C)
_i("institutions_index", "Digital institutions", "Thể chế số", INDEX, C)
_i("data_sharing_index", "Data sharing", "Chia sẻ dữ liệu", INDEX, C)
_i("online_services_supply_index", "Public services offered online", "Dịch vụ công được cung cấp trực tuyến", INDEX, C)

# ---------------------------------------------------------------------------------------- fiscal
P = "fiscal"
_i("fiscal_cost_pct_gdp", "Public spending on the digital levers", "Chi ngân sách cho các đòn bẩy số", PCT_GDP, P)
_i("cumulative_fiscal_cost_pct_gdp", "Cumulative lever spending", "Chi lũy kế cho các đòn bẩy số",
   Text("% of GDP, sum of years", "% GDP, cộng dồn các năm"), P)
for _lever, _name in LEVER_NAMES.items():
    _i(f"spend_{_lever}_pct_gdp", f"Spending on {_name.en}", f"Chi cho {_name.vi}", PCT_GDP, P)
    _i(f"spend_{_lever}_vnd_bn", f"Spending on {_name.en}", f"Chi cho {_name.vi}", VND_BN, P)
_i("spend_total_vnd_bn", "Spending on the digital levers", "Chi cho các đòn bẩy số", VND_BN, P)
_i("idle_spending_vnd_bn", "Money spent on nothing (a control)", "Kinh phí chi nhưng không tạo ra kết quả (đối chứng)",
   VND_BN, P)
_i("wasted_vnd_bn", "Lever money lost to fragmentation", "Kinh phí thất thoát do phân tán", VND_BN, P)
_i("private_crowd_in_pct_gdp", "Private investment drawn in", "Đầu tư tư nhân được thu hút", PCT_GDP, P)
_i("private_crowd_in_vnd_bn", "Private investment drawn in", "Đầu tư tư nhân được thu hút", VND_BN, P)
_i("digital_investment_vnd_bn", "Digital investment", "Đầu tư cho số hóa", VND_BN, P)
_i("public_debt_pct_gdp", "Public debt", "Nợ công", PCT_GDP, P)
_i("public_deficit_pct_gdp", "Budget deficit", "Bội chi ngân sách", PCT_GDP, P)
_i("public_interest_pct_gdp", "Interest on public debt", "Chi trả lãi nợ công", PCT_GDP, P)
_i("public_revenue_pct_gdp", "Public revenue", "Thu ngân sách", PCT_GDP, P)
_i("public_revenue_vnd_bn", "Public revenue", "Thu ngân sách", VND_BN, P)
_i("public_primary_spending_vnd_bn", "Primary public spending", "Chi ngân sách (trừ trả lãi)", VND_BN, P)
_i("public_interest_vnd_bn", "Interest on public debt", "Chi trả lãi nợ công", VND_BN, P)
_i("public_deficit_vnd_bn", "Budget deficit", "Bội chi ngân sách", VND_BN, P)
_i("public_debt_vnd_bn", "Public debt", "Nợ công", VND_BN, P)
_i("real_interest_rate_pct", "Real interest rate", "Lãi suất thực", PCT_YEAR, P)

# ----------------------------------------------------------------------------------- feasibility
B = "feasibility"
_i("investment_rate_pct", "Investment", "Tỷ lệ đầu tư", PCT_GDP, B)
_i("private_investment_vnd_bn", "Private investment", "Đầu tư tư nhân", VND_BN, B)
_i("crowd_in_foreign_vnd_bn", "Foreign investment drawn in", "Đầu tư nước ngoài được thu hút", VND_BN, B)
_i("current_account_pct_gdp", "Current account", "Cán cân vãng lai", PCT_GDP, B)
_i("electronics_domestic_va_pct", "Domestic value in electronics exports", "Giá trị trong nước của xuất khẩu điện tử",
   Text("% of exports", "% kim ngạch xuất khẩu"), B)

INDICATORS: MappingProxyType[str, Indicator] = MappingProxyType({i.column: i for i in _DECLARED})

# Words the charts and tables use around the indicators ({name} fields are filled in by the caller).
PHRASES: MappingProxyType[str, Text] = MappingProxyType({
    "year": Text("Year", "Năm"),
    "model": Text("Model: {what}", "Mô hình: {what}"),
    "data": Text("Data: {what}", "Số liệu: {what}"),
    "data_note": Text("points: data (vietnam_indicators.csv)", "điểm: số liệu (vietnam_indicators.csv)"),
    "data_projection": Text("data | projection", "số liệu | dự báo"),
    "source_run": Text("Source: model run '{label}'", "Nguồn: lần chạy mô hình '{label}'"),
    "source_runs": Text("Source: model runs {names}", "Nguồn: các lần chạy mô hình {names}"),
    "source_ensemble": Text("Source: model ensemble; {replications} replications",
                            "Nguồn: tập hợp lần chạy mô hình; {replications} lần lặp"),
    "growth_target_source": Text("target: {source}, {value:g}%+ GDP growth a year {first}-{last}",
                                 "mục tiêu: {source}, tăng trưởng GDP {value:g}%+/năm {first}-{last}"),
    "targets_source": Text("targets: {sources}", "mục tiêu: {sources}"),
    "target_source": Text("target: {source}", "mục tiêu: {source}"),
    "target_window": Text("Target window {first}-{last}", "Giai đoạn mục tiêu {first}-{last}"),
    "growth_target": Text("Target: {value:g}%+ a year {first}-{last}", "Mục tiêu: {value:g}%+/năm {first}-{last}"),
    "against_target": Text("{what} against the {value:g}% target", "{what} so với mục tiêu {value:g}%"),
    "target_year": Text("Target {year}: {value:g}%", "Mục tiêu {year}: {value:g}%"),
    "targets_share": Text("Targets (share of GDP)", "Mục tiêu (tỷ trọng trong GDP)"),
    "value_added_share": Text("Value added (% of GDP)", "Giá trị tăng thêm (% GDP)"),
    "by_area": Text("by area", "theo khu vực"),
    "by_income": Text("by income quintile", "theo nhóm thu nhập"),
    "area": Text("Area", "Khu vực"),
    "income_quintile": Text("Income quintile", "Nhóm thu nhập"),
    "quintile": Text("Q{n}", "Nhóm {n}"),
    "poorest": Text("(poorest 20%)", "(20% nghèo nhất)"),
    "richest": Text("(richest 20%)", "(20% giàu nhất)"),
    "urban": Text("Urban", "Thành thị"),
    "rural": Text("Rural", "Nông thôn"),
    "share_of_group": Text("Share of the group (%)", "Tỷ lệ trong nhóm (%)"),
    "who_is_online": Text("Who is online? Digital adoption by area and by income",
                          "Ai đang trực tuyến? Mức áp dụng số theo khu vực và thu nhập"),
    "provinces_ranked": Text("Provinces ranked by digital economy share, {year}",
                             "Xếp hạng tỉnh, thành theo tỷ trọng kinh tế số, {year}"),
    "provinces_axis": Text("Digital economy value added (% of GRDP)", "Giá trị tăng thêm kinh tế số (% GRDP)"),
    "first_year_value": Text("Value in {year} (first year)", "Giá trị năm {year} (năm đầu)"),
    "national_target": Text("National target {year}: {value:g}% of GDP", "Mục tiêu quốc gia {year}: {value:g}% GDP"),
    "gdp_growth_pct_short": Text("GDP growth (%)", "Tăng trưởng GDP (%)"),
    "growth_accounting": Text("Where growth comes from: growth accounting", "Nguồn tăng trưởng: hạch toán tăng trưởng"),
    "contribution_axis": Text("Contribution to GDP growth (percentage points)",
                              "Đóng góp vào tăng trưởng GDP (điểm phần trăm)"),
    "accounting_note": Text("growth accounting: contributions add up to GDP growth",
                            "hạch toán tăng trưởng: tổng các đóng góp bằng tăng trưởng GDP"),
    "lever_spending": Text("Public spending on the digital levers", "Chi ngân sách cho các đòn bẩy số"),
    "spending_axis": Text("Spending in the year (% of GDP)", "Chi trong năm (% GDP)"),
    "cumulative_cost": Text("Cost since {first} (right axis)", "Chi phí từ {first} (trục phải)"),
    "cumulative_axis": Text("Cost since {first} (% of GDP, sum of years)", "Chi phí từ {first} (% GDP, cộng dồn các năm)"),
    "not_in_results": Text("not in these results", "không có trong kết quả này"),
    "scenario": Text("Scenario", "Kịch bản"),
    "adoption_by_scenario": Text("Digital adoption by scenario", "Mức áp dụng số theo kịch bản"),
    "by_scenario": Text("{what} by scenario", "{what} theo kịch bản"),
    "band_90": Text("5-95% of replications", "5-95% số lần lặp"),
    "band_50": Text("25-75% of replications", "25-75% số lần lặp"),
    "median": Text("Median", "Trung vị"),
    # the reports' figures of history against the model (model.outputs.charts.history_bands)
    "band_seeds": Text("model, 5-95% over seeds", "mô hình, 5-95% theo seed ngẫu nhiên"),
    "data_points": Text("data", "số liệu"),
    "source_seeds": Text("Source: model runs of the baseline, {seeds} seeds", "Nguồn: các lần chạy kịch bản cơ sở, "
                         "{seeds} seed ngẫu nhiên"),
    "band_draws": Text("model, 5-95% over draws of the posterior", "mô hình, 5-95% theo các lần rút từ phân phối "
                       "hậu nghiệm"),
    "source_draws": Text("Source: model runs of the baseline, {seeds} draws of the posterior, each on its own seed",
                         "Nguồn: các lần chạy kịch bản cơ sở, {seeds} lần rút từ phân phối hậu nghiệm, mỗi lần một "
                         "seed riêng"),
    "trained_until": Text("dashed line: end of the data the model was fitted to ({year})",
                          "đường gạch: hết số liệu dùng để hiệu chỉnh mô hình ({year})"),
    "calibration_fit_title": Text("The baseline at the calibrated parameters against history",
                                  "Kịch bản cơ sở với các tham số đã hiệu chỉnh so với số liệu lịch sử"),
    "backtest_title": Text("Backtest: calibrated on data up to {year}, forecast after it",
                           "Kiểm định ngược: hiệu chỉnh trên số liệu đến {year}, dự báo sau đó"),
    "backtest_posterior_title": Text("Backtest: the posterior inferred on data up to {year}, forecast after it",
                                     "Kiểm định ngược: phân phối hậu nghiệm suy ra từ số liệu đến {year}, dự báo "
                                     "sau đó"),
    "posterior_check_title": Text("Draws of the posterior against history (data up to {year})",
                                  "Các lần rút từ phân phối hậu nghiệm so với số liệu lịch sử (số liệu đến {year})"),
    "sensitivity_title": Text("What moves the answer: Morris screening over the priors ({scenario})",
                              "Điều gì làm thay đổi kết quả: sàng lọc Morris trên các phân phối tiên nghiệm "
                              "({scenario})"),
    "sensitivity_axis": Text("mu*: mean absolute change of the number across a parameter's whole prior, from "
                             "steps of {step} of it (lines: 95% intervals; grey: below the noise floor)",
                             "mu*: thay đổi tuyệt đối bình quân của chỉ số trên toàn miền tiên nghiệm của một "
                             "tham số, từ các bước bằng {step} miền (vạch: khoảng 95%; màu xám: dưới ngưỡng nhiễu)"),
    "noise_floor": Text("noise floor: what seed noise alone stays below 95 times in 100",
                        "ngưỡng nhiễu: mức mà riêng nhiễu seed ngẫu nhiên không vượt quá 95 lần trong 100"),
    "source_sensitivity": Text("Source: model runs (python -m model sensitivity); priors: model/core/priors.py",
                               "Nguồn: các lần chạy mô hình (python -m model sensitivity); phân phối tiên nghiệm: "
                               "model/core/priors.py"),
    "multiplier_title": Text("Cumulative multiplier of each lever (dots: draws)",
                             "Số nhân tích lũy của từng đòn bẩy (mỗi điểm: một lần lấy mẫu)"),
    "multiplier_axis": Text("Extra GDP 2026-2030 / extra public money", "GDP tăng thêm 2026-2030 / chi ngân sách tăng thêm"),
    "multiplier_evidence": Text("public-investment multipliers (data)", "số nhân đầu tư công (số liệu)"),
    "source_levers": Text("Source: model runs (python -m model levers); shaded: World Bank 2024 and Furceri-Li 2017 "
                          "multipliers (data rows)",
                          "Nguồn: các lần chạy mô hình (python -m model levers); vùng tô: số nhân của World Bank "
                          "2024 và Furceri-Li 2017 (dòng số liệu)"),
    "baseline_line": Text("Baseline: {title} (same seed)", "Kịch bản cơ sở: {title} (cùng seed ngẫu nhiên)"),
    "debt_ceiling": Text("Legal ceiling: {value:g}% of GDP", "Trần pháp lý: {value:g}% GDP"),
    "mean_over_seeds": Text("mean over {seeds} seeds", "trung bình của {seeds} seed ngẫu nhiên"),
    "diffusion_title": Text("Diffusion in the baseline and the inclusive scenario",
                            "Lan tỏa công nghệ số trong kịch bản cơ sở và kịch bản bao trùm"),
    "online_retail_growth": Text("Growth of online retail (% a year)", "Tăng trưởng bán lẻ trực tuyến (%/năm)"),
    "data_smartphones": Text("[data: smartphones]", "[số liệu: điện thoại thông minh]"),
    "data_gmv": Text("[data: GMV in USD]", "[số liệu: GMV tính bằng USD]"),
    "data_period_means": Text("[data: period means]", "[số liệu: bình quân giai đoạn]"),
    # the printed summary (model.outputs.tables) and the summary's target labels (model.measure.summary)
    "met": Text("met", "đạt"),
    "not_met": Text("not met", "chưa đạt"),
    "target_line": Text("Target: {what} {sign} {value:g} ({unit}), {when}",
                        "Mục tiêu: {what} {sign} {value:g} ({unit}), {when}"),
    "every_year": Text("every year {first}-{last}", "mỗi năm {first}-{last}"),
    "results_in": Text("Results in {out}/", "Kết quả trong {out}/"),
    "targets_met": Text("Plan targets met: {met} of {checked}", "Số mục tiêu đạt: {met}/{checked}"),
    "targets_met_header": Text("Plan targets met", "Số mục tiêu đạt"),
    "ensemble_results_in": Text("Results in {out}/ ({n} replications)", "Kết quả trong {out}/ ({n} lần lặp)"),
    "median_band": Text("median, and 5-95% of replications", "trung vị, và 5-95% số lần lặp"),
    "probabilities": Text("Probability that each plan target is met (share of replications), with its "
                          f"{_CONFIDENCE} Monte-Carlo interval:",
                          f"Xác suất đạt từng mục tiêu (tỷ lệ số lần lặp đạt), kèm khoảng sai số Monte-Carlo "
                          f"{_CONFIDENCE}:"),
    "seeds_only": Text("The replications differ in their random seed only: the bands and probabilities show "
                       "chance, not what is unknown about the model's assumptions (add --parameter-uncertainty "
                       "to draw the uncertain parameters from their posterior too). The interval is the error from "
                       "running finitely many replications, not that uncertainty.",
                       "Các lần lặp chỉ khác nhau ở seed ngẫu nhiên: dải và xác suất chỉ phản ánh yếu tố "
                       "ngẫu nhiên, chưa phản ánh những gì chưa biết về các giả định của mô hình (thêm "
                       "--parameter-uncertainty để rút cả các tham số bất định từ phân phối hậu nghiệm). Khoảng "
                       "sai số chỉ phản ánh việc chạy hữu hạn số lần lặp, không phản ánh độ bất định đó."),
    "seeds_and_parameters": Text("The replications differ in their random seed and in the model's uncertain "
                                 "parameters: each is one draw of the posterior (model/data/posterior.csv), which "
                                 "infers the calibrated behaviour, the lever chains and the values once set by hand "
                                 "from the history up to its training year. What history cannot tell (most lever "
                                 "parameters) stays as wide as its prior. Held at their values: the export path, "
                                 "the scenario's own parameters and the model's structure beyond the broadband "
                                 "reading. How well the draws replay history: docs/posterior.md. The interval is "
                                 "the error from running finitely many replications.",
                                 "Các lần lặp khác nhau ở seed ngẫu nhiên và ở các tham số bất định của mô hình: "
                                 "mỗi lần lặp là một lần rút từ phân phối hậu nghiệm (model/data/posterior.csv), "
                                 "suy ra các tham số hành vi đã hiệu chỉnh, các tham số của chuỗi đòn bẩy và các giá "
                                 "trị trước đây đặt bằng tay từ số liệu lịch sử đến năm huấn luyện. Những gì số liệu "
                                 "lịch sử không cho biết (phần lớn tham số đòn bẩy) vẫn rộng như phân phối tiên "
                                 "nghiệm. Giữ nguyên giá trị: đường xuất khẩu, các tham số do kịch bản tự đặt và cấu "
                                 "trúc mô hình (ngoài cách đọc tác động của băng rộng). Mức khớp lịch sử của các lần "
                                 "rút: xem docs/posterior.md. Khoảng sai số chỉ phản ánh việc chạy hữu hạn số lần lặp."),
    "band_stretch_added": Text("The bands and probabilities then move each replication's values of the columns the "
                               "backtests scored (growth and the measured digital and adoption shares; GDP's levels, "
                               "labour productivity and the TFP accounting follow growth), in the years after the "
                               "posterior's last data year, {factor:.2f} times as far from the replications' median: "
                               "as far as the backtests' 90% bands had to stretch to hold 90% of the later "
                               "observations (a conformal quantile; docs/backtest.md tests it out of sample and says "
                               "where it falls short; --no-band-stretch leaves it out).",
                               "Các dải và xác suất sau đó đưa giá trị của mỗi lần lặp ở các cột mà kiểm định ngược đã "
                               "chấm (tăng trưởng và các tỷ lệ số hóa, sử dụng đo trực tiếp; các mức GDP, năng suất "
                               "lao động và phần TFP đi theo tăng trưởng), ở các năm sau năm số liệu cuối cùng của "
                               "phân phối hậu nghiệm, ra xa trung vị các lần lặp gấp {factor:.2f} lần: bằng mức mà dải "
                               "90% của các lần kiểm định ngược phải giãn để chứa 90% số quan sát về sau (một phân vị "
                               "conformal; docs/backtest.md kiểm tra ngoài mẫu và nêu chỗ còn thiếu; "
                               "--no-band-stretch để bỏ)."),
    "model_error_added": Text("Each replication also adds a draw of the model's own error to the years after each "
                              "column's last data (model/data/model_error.csv: what the draws miss of history beyond "
                              "their own spread, for growth and the shares measured directly; --no-model-error "
                              "leaves it out), so the bands are those of a forecast, not of the model alone.",
                              "Mỗi lần lặp còn cộng một lần rút sai số riêng của mô hình vào các năm sau năm có số "
                              "liệu cuối cùng của từng cột (model/data/model_error.csv: phần các lần rút sai lệch so "
                              "với lịch sử vượt quá độ phân tán của chính chúng, cho tăng trưởng và các tỷ lệ đo "
                              "trực tiếp; --no-model-error để bỏ), nên dải là dải của một dự báo, không chỉ của "
                              "riêng mô hình."),
})
# The summary's own columns (summary.csv; model.measure.summary): label and unit, as for the results columns.
_SPEND = Text("Public cost of the levers 2026-2030", "Chi ngân sách cho các đòn bẩy 2026-2030")
SUMMARY: MappingProxyType[str, tuple[Text, Text]] = MappingProxyType({
    "growth_mean_2026_2030_pct": (Text("Mean growth 2026-2030", "Tăng trưởng bình quân 2026-2030"),
                                  INDICATORS["gdp_growth_pct"].unit),
    "growth_min_2026_2030_pct": (Text("Lowest growth 2026-2030", "Tăng trưởng thấp nhất 2026-2030"),
                                 INDICATORS["gdp_growth_pct"].unit),
    "digital_economy_share_2030_pct": (Text("Digital economy 2030", "Kinh tế số năm 2030"),
                                       INDICATORS["digital_economy_share_pct"].unit),
    "public_cost_2026_2030_vnd_bn": (_SPEND, INDICATORS["spend_total_vnd_bn"].unit),
    "public_cost_2026_2030_pct_gdp": (_SPEND, Text("% of GDP, sum of years", "% GDP, cộng dồn các năm")),
    "digital_causal_contribution_2026_2030_pp": (
        Text("Digital economy's causal contribution 2026-2030", "Đóng góp nhân quả của kinh tế số 2026-2030"),
        Text("percentage points a year", "điểm phần trăm/năm")),
    "extra_growth_per_100tn_vnd_pp": (
        Text("Extra mean growth over the first scenario per VND 100 trillion of extra lever spending",
             "Tăng trưởng bình quân tăng thêm so với kịch bản đầu trên 100 nghìn tỷ đồng chi thêm"), PP),
    "causal_growth_per_100tn_vnd_pp": (
        Text("Causal contribution per VND 100 trillion of lever spending",
             "Đóng góp nhân quả trên 100 nghìn tỷ đồng chi cho các đòn bẩy"), PP),
})
REGION_NAMES: MappingProxyType[str, Text] = MappingProxyType({
    "Northern Midlands and Mountains": Text("Northern Midlands and Mountains", "Trung du và miền núi phía Bắc"),
    "Red River Delta": Text("Red River Delta", "Đồng bằng sông Hồng"),
    "North Central and Central Coast": Text("North Central and Central Coast", "Bắc Trung Bộ và duyên hải miền Trung"),
    "Central Highlands": Text("Central Highlands", "Tây Nguyên"),
    "Southeast": Text("Southeast", "Đông Nam Bộ"),
    "Mekong River Delta": Text("Mekong River Delta", "Đồng bằng sông Cửu Long"),
})


def phrase(key: str, lang: str = DEFAULT_LANGUAGE, **fields) -> str:
    """A catalogue phrase in ``lang`` with its fields filled in."""
    return PHRASES[key](lang).format(**fields)
assert len(INDICATORS) == len(_DECLARED), "an indicator is declared twice"


class UnknownColumn(KeyError):
    pass


def indicator(column: str) -> Indicator:
    """The catalogue's entry for a results column."""
    try:
        return INDICATORS[column]
    except KeyError:
        raise UnknownColumn(f"results column {column!r} is not in the indicator catalogue "
                            f"(model/measure/catalogue.py): describe it there") from None


def label(column: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return indicator(column).label(lang)


def unit(column: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return indicator(column).unit(lang)


def series_title(key: str, lang: str = DEFAULT_LANGUAGE, note: str | None = None) -> str:
    """"Label (unit)" of a results column, or a phrase for a series that is not one; ``note``: a phrase's key
    saying how the data's measure differs, appended."""
    title = phrase(key, lang) if key in PHRASES else indicator(key).title(lang)
    return f"{title} {phrase(note, lang)}" if note else title


@dataclass(frozen=True)
class TargetPoint:
    """One figure of an indicator read from the data: an official target (``kind = target`` rows) or an
    observation (``kind = history``)."""

    year: int
    value: float
    source: str
    note: str


def targets_of(column: str) -> list[TargetPoint]:
    """The official targets of a results column, by year, from vietnam_indicators.csv (none if it has none)."""
    target = indicator(column).target
    if target is None:
        return []
    rows = [t for t in indicators_of_kind("target") if t.indicator == target]
    return sorted((TargetPoint(int(t.year), float(t.value), t.source, t.note) for t in rows), key=lambda t: t.year)


# The other columns of the results files (provinces.csv, groups.csv, targets.csv, summary.csv, an ensemble's
# bands.csv): label and unit, for the folder's data dictionary (columns.csv). Indicators and summary figures
# are described above.
_TEXT = Text("text", "chữ")
_GRDP = Text("% of GRDP", "% GRDP")
OTHER_COLUMNS: MappingProxyType[str, tuple[Text, Text]] = MappingProxyType({
    "quarter": (Text("Quarter", "Quý"), Text("1-4", "1-4")),
    "province_code": (Text("Province code (NSO)", "Mã tỉnh (Cục Thống kê)"), _TEXT),
    "province": (Text("Province", "Tỉnh, thành phố"), _TEXT),
    "region": (Text("Statistical region", "Vùng kinh tế - xã hội"), _TEXT),
    "population_mn": (Text("Population", "Dân số"), Text("million people", "triệu người")),
    "grdp_vnd_bn": (Text("Real GRDP", "GRDP thực tế"), Text("VND billion, 2023 prices", "tỷ đồng, giá năm 2023")),
    "grdp_growth_pct": (Text("Real GRDP growth", "Tăng trưởng GRDP thực tế"), PCT_YEAR),
    "grdp_per_capita_usd": (Text("GRDP per head at 2023 prices", "GRDP bình quân đầu người theo giá năm 2023"),
                            Text("USD a person, 2023 prices and exchange rate", "USD/người, giá và tỷ giá năm 2023")),
    "digital_jobs_pct": (Text("Workers in digital jobs", "Lao động có việc làm số"), Text("% of workers", "% lao động")),
    "firms_digital_pct": (Text("Firms in the digital core", "Doanh nghiệp công nghiệp số lõi"),
                          Text("% of firms", "% doanh nghiệp")),
    **{f"spend_{lever}_pct_grdp": (Text(f"Public money the province received for {name.en}",
                                        f"Kinh phí công tỉnh nhận cho {name.vi}"), _GRDP)
       for lever, name in LEVER_NAMES.items()},
    "group_type": (Text("Kind of group", "Loại nhóm"), Text("area, income_quintile, region or age",
                                                           "area, income_quintile, region hoặc age")),
    "group": (Text("Group", "Nhóm"), _TEXT),
    "population_share_pct": (Text("Share of the population", "Tỷ trọng trong dân số"), PCT_PEOPLE),
    "target": (Text("Target or limit (data indicator)", "Mục tiêu hoặc giới hạn (chỉ tiêu trong số liệu)"), _TEXT),
    "kind": (Text("Plan target or limit", "Mục tiêu kế hoạch hay giới hạn"), Text("plan target, limit",
                                                                                   "plan target, limit")),
    "rule": (Text("Which way the threshold binds", "Chiều của ngưỡng"), Text("at least, at most",
                                                                            "at least (tối thiểu), at most (tối đa)")),
    "indicator": (Text("Results column", "Cột kết quả"), _TEXT),
    "value": (Text("The run's value", "Giá trị của lần chạy"), Text("the unit column's", "theo cột unit")),
    "threshold": (Text("Threshold, from the data", "Ngưỡng, theo số liệu"), Text("the unit column's", "theo cột unit")),
    "met": (Text("Met", "Đạt"), Text("yes, no, or empty when unknown", "yes (đạt), no (chưa đạt), trống nếu chưa rõ")),
    "margin": (Text("Margin (positive when met)", "Khoảng cách (dương khi đạt)"), Text("the unit column's",
                                                                                     "theo cột unit")),
    "unit": (Text("Unit of value and threshold", "Đơn vị của value và threshold"), _TEXT),
    "source": (Text("Source", "Nguồn"), _TEXT),
    "note": (Text("Note", "Ghi chú"), _TEXT),
    "scenario": (Text("Scenario (file name)", "Kịch bản (tên tệp)"), _TEXT),
    "title": (Text("Scenario title", "Tên kịch bản"), _TEXT),
    "replications": (Text("Replications", "Số lần lặp"), Text("runs", "lần chạy")),
    "parameter_uncertainty": (Text("Uncertain parameters drawn from the posterior in each replication",
                                   "Rút các tham số bất định từ phân phối hậu nghiệm ở mỗi lần lặp"),
                              Text("True, False", "True, False")),
    "model_error": (Text("The model's own error added in each replication (model/data/model_error.csv)",
                         "Cộng sai số riêng của mô hình ở mỗi lần lặp (model/data/model_error.csv)"),
                    Text("True, False", "True, False")),
    "band_stretch": (Text("How many times as far from the replications' median each forecast value of the columns "
                          "the backtests scored is moved, by their misses (model/data/band_stretch.json); empty: "
                          "not moved",
                          "Số lần giá trị dự báo của các cột mà kiểm định ngược đã chấm được đưa ra xa trung vị các "
                          "lần lặp, theo sai lệch của chúng (model/data/band_stretch.json); trống: không đưa ra"),
                     Text("times", "lần")),
    "mean": (Text("Mean over the replications", "Trung bình các lần lặp"), Text("the indicator's", "theo chỉ tiêu")),
    **{f"p{q:02d}": (Text(f"{q}th percentile over the replications", f"Phân vị thứ {q} của các lần lặp"),
                     Text("the indicator's", "theo chỉ tiêu")) for q in (5, 25, 75, 95)},
    "median": (Text("Median over the replications", "Trung vị các lần lặp"), Text("the indicator's", "theo chỉ tiêu")),
    "median_value": (Text("Median of the value over the replications", "Trung vị giá trị qua các lần lặp"),
                     Text("the unit column's", "theo cột unit")),
    "probability": (Text("Share of replications that meet it", "Tỷ lệ số lần lặp đạt"), Text("0-1", "0-1")),
    "probability_low": (Text(f"Probability: lower end of its {_CONFIDENCE} Monte-Carlo interval (Wilson)",
                             f"Xác suất: cận dưới khoảng sai số Monte-Carlo {_CONFIDENCE} (Wilson)"),
                        Text("0-1", "0-1")),
    "probability_high": (Text(f"Probability: upper end of its {_CONFIDENCE} Monte-Carlo interval (Wilson)",
                              f"Xác suất: cận trên khoảng sai số Monte-Carlo {_CONFIDENCE} (Wilson)"),
                         Text("0-1", "0-1")),
    "varies": (Text("What the replications differ in (everything else is held at its value)",
                    "Các lần lặp khác nhau ở đâu (mọi giả định khác giữ nguyên giá trị)"),
               Text("random seeds; random seeds and the posterior's parameters; random seeds, the posterior's "
                    "parameters and the model's own error",
                    "random seeds (seed ngẫu nhiên); random seeds and the posterior's parameters (seed ngẫu nhiên và "
                    "tham số hậu nghiệm); random seeds, the posterior's parameters and the model's own error (thêm "
                    "sai số riêng của mô hình)")),
})


# Data rows whose earlier years are on another definition: ratios to GDP published before the 2019 revision
# of GDP (to 2020) are on the old, smaller base (shared/data NOTES.md). The first year comparable with the model;
# charts and the calibration read them from here.
COMPARABLE_FROM = MappingProxyType({"total_social_investment_pct_gdp": 2021, "public_debt_pct_gdp": 2021})


def observed_of(column: str) -> list[TargetPoint]:
    """The data's observations of a results column (history rows comparable with it), by year; none if it has
    none."""
    name = indicator(column).observed
    if name is None:
        return []
    rows = [t for t in indicators_of_kind("history")
            if t.indicator == name and t.year >= COMPARABLE_FROM.get(name, 0)]
    return sorted((TargetPoint(int(t.year), float(t.value), t.source, t.note) for t in rows), key=lambda t: t.year)


def language(requested: str | None = None) -> str:
    """The language to write in: ``requested`` if given, else the locale's (``vi`` for a Vietnamese locale),
    else English."""
    if requested:
        if requested not in LANGUAGES:
            raise ValueError(f"language {requested!r}: allowed {', '.join(LANGUAGES)}")
        return requested
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "vi" if value.lower().startswith("vi") else DEFAULT_LANGUAGE
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "vi" if code.lower().startswith("vi") else DEFAULT_LANGUAGE


__all__ = ["Text", "Indicator", "INDICATORS", "SUMMARY", "OTHER_COLUMNS", "series_title", "LANGUAGES", "DEFAULT_LANGUAGE", "SECTOR_NAMES", "LEVER_NAMES",
           "NSO_GROUPS", "MATURITY_NAMES", "UnknownColumn", "TargetPoint", "indicator", "label", "unit", "targets_of",
           "observed_of", "OBSERVED", "language", "PHRASES", "REGION_NAMES", "phrase"]
