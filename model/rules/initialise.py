"""Building the 2015 economy: provinces, households, firms and the public conditions.

Sizes and shares come from the ``structure`` rows and named parameters; the
sample is stratified (every province-area cell has households, every
province-sector cell has firms) and weighted so that weights add up to the
real population, households and value added.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.core.categories import (
    ADVANCED, AGES, AGRICULTURE, BASIC, CORE_SUBSECTORS, DIGITAL_CORE, FIBRE, ICT_MANUFACTURING, INTEGRATED,
    MOBILE, NO_SUBSECTOR, NONE, OFFLINE, OLD, RURAL, SECTORS, URBAN, YOUNG,
)
from model.core.conditions import Conditions
from model.core.data import Province, load_provinces
from model.rules.firms import Firms, capital_share, premium, productivity_process
from model.rules.households import Households
from model.core.kernels import leading_rows, weighted_quantile_groups, weighted_value_at
from model.core.params import Parameters

DEFAULT_HOUSEHOLDS = 20_000  # rows at scale 1: enough for smooth provincial aggregates, runs in about a second
DEFAULT_FIRMS = 10_000
FULL_SCALE = "full"  # one agent per real household and per real firm
MIN_PER_CELL = 2  # smallest sample in a stratum, so every cell has someone in it
URBAN_SHARE_BOUNDS = (0.05, 0.95)  # no province is wholly urban or wholly rural
MIN_URBAN_FARM_SHARE = 0.02  # some town dwellers farm (peri-urban agriculture)
MAX_MEMBERS = 9  # household size cap for the Poisson draw
FULL_FARM_WEIGHT = 10  # at full scale a farm production unit stands for 10 farm households (each is an agent already)
# The pre-2015 history of firms' productivity (stationary_productivity): long enough that the start is forgotten
# (persistence 0.885 a year: 0.885^40 < 0.01), on a sample large enough that its quantiles are smooth.
BURN_IN_YEARS = 40
BURN_IN_SAMPLE = 20_000
# What the data say about the dispersion of firms' log TFP within industries (tests/rules/test_initialise.py
# checks the 2015 economy against it): Hsieh and Klenow (2009, QJE, Table I) report standard deviations of
# log TFPR of 0.41-0.49 in the United States, 0.63-0.74 in China and 0.67-0.69 in India; Ha, Kiyota and
# Yamanouchi (2016, Asian Development Review) find Vietnamese manufacturing comparable to China and India.
# The high end is wider than any of them (0.95): the model's TFP within a broad sector mixes industries.
TFP_DISPERSION_RANGE = (0.41, 0.95)


@dataclass(frozen=True)
class Geography:
    provinces: tuple[Province, ...]
    regions: tuple[str, ...]
    region_of: np.ndarray  # (P,) index into regions
    population: np.ndarray  # (P,) people in 2015 (scaled to the national total)
    grdp_share: np.ndarray  # (P,) share of national GDP
    urban_share: np.ndarray  # (P,) share of people who are urban
    capacity: np.ndarray  # (P,) implementation capacity of the provincial government
    digital_share: np.ndarray  # (P,) 2022 digital-economy share of GRDP, per cent (MIC/CEC; imputed where unknown)
    digital_share_known: np.ndarray  # (P,) whether digital_share is published (else imputed)
    dti_rank: np.ndarray  # (P,) rank in the 2024 digital-transformation index, 1 = first (imputed where unknown)

    @property
    def n(self) -> int:
        return len(self.provinces)


def build_geography(p: Parameters) -> Geography:
    provinces = load_provinces()
    pop_raw = np.array([pr.population for pr in provinces])
    grdp = np.array([pr.grdp_vnd_bn for pr in provinces])
    population = pop_raw / pop_raw.sum() * p.population_2015_mn * 1e6
    grdp_share = grdp / grdp.sum()
    per_head = grdp_share / (population / population.sum())
    # More productive provinces are more urban; rescale to the national urban share.
    raw = np.clip(p.urban_share_2015 * per_head ** p.urban_grdp_elasticity, *URBAN_SHARE_BOUNDS)
    for _ in range(20):
        raw = np.clip(raw * p.urban_share_2015 / np.average(raw, weights=population), *URBAN_SHARE_BOUNDS)
    ranks = dti_ranks(provinces, per_head)
    # The first in the DTI gets province_capacity_max, the last province_capacity_min, evenly spaced between:
    # the same capacities as before the DTI was read (then ranked by GRDP per head), now in the DTI's order.
    capacity = p.province_capacity_max - (p.province_capacity_max - p.province_capacity_min) * (ranks - 1) / (len(provinces) - 1)
    regions = tuple(sorted({pr.region for pr in provinces}))
    region_of = np.array([regions.index(pr.region) for pr in provinces], dtype=np.int8)
    digital_share, known = province_digital_shares(provinces, p)
    return Geography(provinces, regions, region_of, population, grdp_share, raw, capacity, digital_share, known, ranks)


def dti_ranks(provinces: tuple[Province, ...], per_head: np.ndarray) -> np.ndarray:
    """(P,) ranks 1..P in the 2024 digital-transformation index (DTI, vietnam_provinces.csv digital_note).

    A unit with a published rank keeps it (Hà Nội 1st, Huế 2nd, Hải Phòng 3rd, Hồ Chí Minh 4th, Thanh Hóa 5th,
    Đà Nẵng 17th); the "bottom 3" (Cao Bằng, Quảng Trị, Hưng Yên) take the last ranks, in order of GRDP per head
    (their order among themselves is not published). The others, whose rank is not in the data, fill the ranks
    left in order of GRDP per head, the rule the model used for every province before (richer provinces have
    the staff and the budgets to digitalise; DTI 2024 puts Hà Nội, Hải Phòng and Hồ Chí Minh at the top)."""
    n = len(provinces)
    ranks = np.zeros(n, dtype=np.int64)
    for i, pr in enumerate(provinces):
        if pr.digital.dti_2024_rank is not None:
            ranks[i] = pr.digital.dti_2024_rank
    richest_first = [int(i) for i in np.argsort(-per_head, kind="stable")]
    bottom = [i for i in richest_first if provinces[i].digital.dti_2024_bottom is not None]
    for k, i in enumerate(bottom):
        ranks[i] = n - len(bottom) + 1 + k
    free = iter(sorted(set(range(1, n + 1)) - set(ranks.tolist())))
    for i in richest_first:
        if ranks[i] == 0:
            ranks[i] = next(free)
    return ranks


def province_digital_shares(provinces: tuple[Province, ...], p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """(P,) 2022 digital-economy shares of GRDP (per cent, the MIC/CEC definition) and whether each is published.

    A unit's share is the plain mean of its former provinces' published shares (``Province.digital_share_2022``:
    no pre-merger GRDP is in the data to weight them); a unit with none published gets
    province_digital_share_imputed, the typical share of the provinces outside the electronics hubs. These shares
    are on a broader definition than the NSO's, so the model uses only their pattern across provinces
    (``core_location``)."""
    shares = [pr.digital_share_2022 for pr in provinces]
    known = np.array([s is not None for s in shares])
    return np.array([s if s is not None else p.province_digital_share_imputed for s in shares]), known


# Guard: outside the digital core each province keeps at least this share of the non-farm value added GRDP
# gives it, whatever the core takes (never binds with the data: Bắc Ninh's core is about a quarter of it).
MIN_NONCORE_SHARE = 0.1


def core_location(geo: Geography, p: Parameters) -> np.ndarray:
    """(P, n_sub) where each core subsector's 2015 value added is: each column adds up to 1.

    The core as a whole follows the data: province p holds a share of it proportional to GRDP_p times its 2022
    digital-economy share (``digital_share``), so the core's share of each province's GRDP has the data's
    pattern and the GRDP-weighted mean the model's national core share (the MIC/CEC level is not used). Within
    that, the core services (telecoms, software, platforms) are placed by GRDP times the urban share (they sell
    to firms and households in towns), and ICT manufacturing takes what the province's core holds beyond them
    (none where the services already fill it): the electronics plants in Bắc Ninh, Bắc Giang, Thái Nguyên, Hải
    Phòng and Vĩnh Phúc are most of those provinces' core, software and platforms sit in the big cities."""
    sub = core_subsector_shares(p)
    total = geo.grdp_share * geo.digital_share
    total = total / total.sum()
    services = geo.grdp_share * geo.urban_share
    services = services / services.sum()
    location = np.empty((geo.n, len(CORE_SUBSECTORS)))
    location[:, :] = services[:, None]
    manufacturing = np.maximum(total - (1.0 - sub[ICT_MANUFACTURING]) * services, 0.0)
    location[:, ICT_MANUFACTURING] = manufacturing / manufacturing.sum()
    return location


def sector_location(geo: Geography, p: Parameters, farm_people: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(P, S) where each sector's 2015 value added is (each column adds up to 1), and (P, n_sub) each province's
    core split by subsector (each row adds up to 1).

    Farming follows farm people, the core ``core_location``; the other sectors fill what GRDP leaves each
    province of its non-farm value added once the core is placed, so a province's GRDP keeps its data share."""
    sigma = sector_value_added_shares(p)
    sub = core_subsector_shares(p)
    location = core_location(geo, p)
    # (P,) the core's share in each province; numpy's sum, not a BLAS product (see kernels.weighted_total)
    core = (location * sub).sum(axis=1)
    nonfarm = (1.0 - sigma[AGRICULTURE]) * geo.grdp_share
    rest = np.maximum(nonfarm - sigma[DIGITAL_CORE] * core, MIN_NONCORE_SHARE * nonfarm)
    where = np.tile((rest / rest.sum())[:, None], (1, len(SECTORS)))
    where[:, AGRICULTURE] = farm_people / farm_people.sum()
    where[:, DIGITAL_CORE] = core
    mix = location * sub[None, :]
    return where, mix / mix.sum(axis=1, keepdims=True)


def sample_sizes(scale: float | str, p: Parameters, n_provinces: int, n_sectors: int) -> tuple[int, int, bool]:
    """Household rows, firm rows and whether firms are one row per real firm, for a scale setting."""
    if scale == FULL_SCALE:
        return int(round(p.population_2015_mn * 1e6 / p.household_size)), 0, True
    scale = float(scale)
    return (max(2 * 2 * n_provinces, int(round(DEFAULT_HOUSEHOLDS * scale))),
            max(4 * n_provinces * n_sectors, int(round(DEFAULT_FIRMS * scale))), False)


def _allocate(n: int, shares: np.ndarray) -> np.ndarray:
    """Sample sizes per stratum proportional to ``shares``, at least MIN_PER_CELL each."""
    counts = np.maximum(MIN_PER_CELL, np.round(n * shares / shares.sum())).astype(np.int64)
    return counts


def _top_share(score: np.ndarray, weights: np.ndarray, eligible: np.ndarray, share_of_all: float) -> np.ndarray:
    """Mark the highest-scoring eligible rows until they hold ``share_of_all`` of total weight."""
    chosen = np.zeros(score.shape[0], dtype=bool)
    idx = np.flatnonzero(eligible)
    chosen[idx[leading_rows(-score[idx], weights[idx], share_of_all * weights.sum())]] = True
    return chosen


def build_households(n: int, geo: Geography, p: Parameters, rng: np.random.Generator,
                     cond: Conditions) -> Households:
    P = geo.n
    people_cell = np.stack([geo.population * geo.urban_share, geo.population * (1 - geo.urban_share)], axis=1)
    counts = _allocate(n, people_cell.ravel())
    cell = np.repeat(np.arange(2 * P), counts)
    province = (cell // 2).astype(np.int16)
    area = (cell % 2).astype(np.int8)
    N = cell.shape[0]

    members = np.clip(1 + rng.poisson(p.household_size - 1.0, N), 1, MAX_MEMBERS).astype(np.int8)
    members_in_cell = np.bincount(cell, weights=members, minlength=2 * P)
    weight = people_cell.ravel()[cell] / members_in_cell[cell]
    age = rng.choice(len(AGES), size=N, p=[p.young_head_share, 1 - p.young_head_share - p.old_head_share,
                                            p.old_head_share]).astype(np.int8)
    workers = rng.binomial(members, p.adult_share * p.participation_rate).astype(np.int8)

    # Income per head: log-normal around the province's level, higher in towns.
    per_head = geo.grdp_share / (geo.population / geo.population.sum())
    log_mean = p.province_income_elasticity * np.log(per_head)[province] + p.urban_income_premium * (area == URBAN)
    income = np.exp(log_mean + p.income_dispersion * rng.standard_normal(N))
    people = weight * members
    gdp_per_head = p.gdp_2015_vnd_tn * 1e6 / p.population_2015_mn / 1e6  # VND million
    income *= p.household_income_share_gdp * gdp_per_head / np.average(income, weights=people)
    quintile = weighted_quantile_groups(income, people, 5)

    # Digital skill: a latent score from income, town, age; the top init_basic_skill_share are above the line.
    latent = (np.log(income) - np.log(income).mean() + p.skill_urban_gap * (area == URBAN)
              + p.skill_young_gap * (age == YOUNG) - p.skill_old_gap * (age == OLD)
              + p.skill_noise * rng.standard_normal(N))
    cut = weighted_value_at(latent, people, (1.0 - p.init_basic_skill_share) * people.sum())
    skill = np.clip(p.basic_skill_threshold + p.skill_spread * (latent - cut), 0.0, 1.0).astype(np.float32)

    remoteness = rng.random(N).astype(np.float32)
    mobile_cov = cond.mobile_coverage[province, area]
    fibre_cov = cond.fibre_coverage[province, area]
    score = latent + p.skill_noise * rng.standard_normal(N)
    connected = _top_share(score, people, remoteness < mobile_cov, p.init_internet_share)
    fibre = _top_share(np.log(income), weight, connected & (remoteness < fibre_cov), p.init_fibre_households)
    connectivity = np.where(fibre, FIBRE, np.where(connected, MOBILE, OFFLINE)).astype(np.int8)
    adoption = {}
    for name, gate in (("ecommerce", p.skill_gate_ecommerce), ("cashless", p.skill_gate_cashless),
                       ("egov", p.skill_gate_egov)):
        share = getattr(p, f"init_{name}_share")
        adoption[name] = _top_share(score + p.skill_noise * rng.standard_normal(N), weight, connected & (skill >= gate), share)

    # Main earner's sector: farm work is mostly rural.
    shares = np.array([getattr(p, f"employment_share_2015_{s}") for s in SECTORS])
    shares = shares / shares.sum()
    urban_people = np.average(geo.urban_share, weights=geo.population)
    rural_farm = p.rural_agriculture_share
    # A share, whatever the parameters (params.consistency_problems refuses values that would need more than 1).
    urban_farm = min(1.0, max(MIN_URBAN_FARM_SHARE,
                              (shares[AGRICULTURE] - (1 - urban_people) * rural_farm) / urban_people))
    sector = np.empty(N, dtype=np.int8)
    for a, farm_share in ((URBAN, urban_farm), (RURAL, rural_farm)):  # two areas
        rows = np.flatnonzero(area == a)
        probs = shares.copy()
        probs[AGRICULTURE] = 0.0
        probs = probs / probs.sum() * (1 - farm_share)
        probs[AGRICULTURE] = farm_share
        sector[rows] = rng.choice(len(SECTORS), size=rows.size, p=probs)
    # Core digital workers have the skills their jobs need.
    core = sector == DIGITAL_CORE
    skill[core] = np.maximum(skill[core], p.advanced_skill_threshold)
    formal = np.where(sector == AGRICULTURE, rng.random(N) < p.formal_share_farm, rng.random(N) < p.formal_share_nonfarm)

    return Households(
        province=province, area=area, age=age, members=members, workers=workers, weight=weight,
        income0=income.copy(), income=income, quintile=quintile, remoteness=remoteness,
        job_draw=rng.random(N).astype(np.float32), skill=skill, skill0=skill.copy(), connectivity=connectivity,
        ecommerce=adoption["ecommerce"], cashless=adoption["cashless"], egov=adoption["egov"],
        trust=np.full(N, p.init_trust, dtype=np.float32), sector=sector, sector0=sector.copy(), formal=formal,
        digital_job=core.copy(),
    )


def sector_value_added_shares(p: Parameters) -> np.ndarray:
    shares = np.array([getattr(p, f"gdp_share_2015_{s}") for s in SECTORS])
    return shares / shares.sum()


def core_subsector_shares(p: Parameters) -> np.ndarray:
    shares = np.array([getattr(p, f"core_share_{s}") for s in CORE_SUBSECTORS])
    return shares / shares.sum()


def build_firms(n: int, geo: Geography, hh: Households, p: Parameters, rng: np.random.Generator,
                conditions: Conditions, one_row_per_firm: bool = False) -> Firms:
    P, S = geo.n, len(SECTORS)
    va_total = p.gdp_2015_vnd_tn * 1e3 * (1.0 - p.net_tax_share) / 4.0  # VND bn a quarter
    farm_people = np.bincount(hh.province, weights=hh.people * (hh.sector == AGRICULTURE), minlength=P)
    where, core_mix = sector_location(geo, p, farm_people)
    cell_va = va_total * where * sector_value_added_shares(p)[None, :]  # (P, S)

    # Each non-farm, non-core cell has a household-business stratum and an enterprise stratum.
    hb_cell = np.zeros((P, S), dtype=bool)
    hb_cell[:, [s for s in range(S) if s not in (AGRICULTURE, DIGITAL_CORE)]] = True
    enterprise_share = np.where(hb_cell, 1.0 - p.hb_value_added_share, 1.0)
    enterprise_share[:, AGRICULTURE] = 0.0  # farms are household production units
    strata_va = np.concatenate([(cell_va * enterprise_share).ravel(), (cell_va * (1.0 - enterprise_share)).ravel()])
    strata_hb = np.repeat([False, True], P * S)
    strata_cell = np.tile(np.arange(P * S), 2)
    strata_sub = np.full(strata_va.size, NO_SUBSECTOR)
    # Core digital cells split into one stratum per subsector, so each subsector's size is exact.
    core_cells = np.flatnonzero(strata_cell % S == DIGITAL_CORE)
    n_sub = len(CORE_SUBSECTORS)
    strata_va = np.concatenate([np.delete(strata_va, core_cells),
                                np.repeat(strata_va[core_cells], n_sub) * core_mix[strata_cell[core_cells] // S].ravel()])
    strata_hb = np.concatenate([np.delete(strata_hb, core_cells), np.repeat(strata_hb[core_cells], n_sub)])
    strata_cell = np.concatenate([np.delete(strata_cell, core_cells), np.repeat(strata_cell[core_cells], n_sub)])
    strata_sub = np.concatenate([np.delete(strata_sub, core_cells), np.tile(np.arange(n_sub), core_cells.size)])
    keep = strata_va > 0
    strata_va, strata_hb, strata_cell, strata_sub = strata_va[keep], strata_hb[keep], strata_cell[keep], strata_sub[keep]
    # Real counts represented: enterprises and household businesses in proportion to value added;
    # farm units are the farm households; digital-technology enterprises set the core count.
    real = np.zeros(strata_va.size)
    noncore_ent = (~strata_hb) & (strata_cell % S != DIGITAL_CORE)
    real[noncore_ent] = p.enterprises_2015 * strata_va[noncore_ent] / strata_va[noncore_ent].sum()
    nonfarm_hb = strata_hb & (strata_cell % S != AGRICULTURE)
    real[nonfarm_hb] = p.household_businesses_2015 * strata_va[nonfarm_hb] / strata_va[nonfarm_hb].sum()
    farm = strata_cell % S == AGRICULTURE
    farm_households = np.bincount(hh.province, weights=hh.weight * (hh.sector == AGRICULTURE), minlength=P)
    real[farm] = farm_households[strata_cell[farm] // S]
    core_strata = strata_cell % S == DIGITAL_CORE
    real[core_strata] = p.digital_enterprises_2015 * strata_va[core_strata] / strata_va[core_strata].sum()
    # Rows per stratum: in proportion to value added (precise aggregates for a small sample), or at
    # full scale one row per real firm (farm units, which stand for farm households, FULL_FARM_WEIGHT each).
    if one_row_per_firm:
        counts = np.maximum(1, np.round(np.where(farm, real / FULL_FARM_WEIGHT, real))).astype(np.int64)
    else:
        counts = _allocate(n, strata_va)
    stratum = np.repeat(np.arange(strata_va.size), counts)
    N = stratum.size
    cell = strata_cell[stratum]
    province = (cell // S).astype(np.int16)
    sector = (cell % S).astype(np.int8)
    household_business = strata_hb[stratum]
    weight = real[stratum] / counts[stratum]

    # Heavy-tailed lasting sizes, and productivity from its stationary distribution (stationary_productivity).
    size = np.exp(p.firm_size_dispersion * rng.standard_normal(N))
    subsector = strata_sub[stratum].astype(np.int8)
    core = sector == DIGITAL_CORE
    noncore_draws, noncore_mean = stationary_productivity(N, p, rng)
    productivity = np.where(core, _stationary_core_productivity(N, p, rng), noncore_draws)
    mean_productivity = np.where(core, 1.0, noncore_mean)  # of the whole population, not of the sample
    # Capital follows the lasting size, not this year's luck: each stratum holds capital_output_ratio years of
    # its value added, shared by size. Value added is the size's share times productivity relative to the
    # population's mean, so the firm's scale (below) does not depend on its productivity, and output moves
    # with productivity from the first quarter on, as it did before 2015. Normalising each stratum's value
    # added on its sampled productivity instead would fold a small stratum's luck into its scale, a
    # transient that grows as the sample shrinks (tests/engines/test_scale.py found it).
    stratum_size = np.bincount(stratum, weights=weight * size, minlength=strata_va.size)
    share = size / stratum_size[stratum]
    capital = p.capital_output_ratio * 4.0 * strata_va[stratum] * share
    value_added = strata_va[stratum] * share * productivity / mean_productivity  # per real firm, quarterly
    # The sample's luck is taken out by sector (thousands of rows), so each sector's value added is exact.
    target = np.bincount(sector, weights=weight * strata_va[stratum] * share, minlength=S)
    made = np.bincount(sector, weights=weight * value_added, minlength=S)
    value_added *= np.divide(target, made, out=np.ones(S), where=made > 0)[sector]
    fdi_prob = np.where(subsector == ICT_MANUFACTURING, p.fdi_share_ict_manufacturing,
                        np.where(household_business, 0.0, p.fdi_enterprise_probability))
    fdi = rng.random(N) < fdi_prob

    fit = np.exp(p.digital_fit_dispersion * rng.standard_normal(N))
    fit = (fit / fit.mean()).astype(np.float32)
    # Digital maturity in 2015: drawn at the initial shares; household businesses lag.
    odds = np.where(household_business, p.hb_maturity_discount, 1.0)
    with np.errstate(divide="ignore"):  # hb_maturity_discount = 0: household businesses never start digital
        u = rng.random(N) / odds
    maturity = np.full(N, NONE, dtype=np.int8)
    maturity[u < p.init_basic_firms + p.init_integrated_firms + p.init_advanced_firms] = BASIC
    maturity[u < p.init_integrated_firms + p.init_advanced_firms] = INTEGRATED
    maturity[u < p.init_advanced_firms] = ADVANCED
    maturity[core] = ADVANCED

    firms = Firms(
        sector=sector, subsector=subsector, province=province, household_business=household_business, fdi=fdi,
        weight=weight, scale=np.ones(N), productivity=productivity, fit=fit, maturity=maturity, capital=capital,
        digital_capital=p.upgrade_cost_integrated * 4.0 * value_added * (maturity >= INTEGRATED) * (~core),
        value_added=value_added,
    )
    # Scale so that, at set-up indices (labour, trend, demand all 1), each firm produces its value added.
    prem = 1.0 + premium(maturity, p, conditions.data_sharing, np.ones(P)[province])
    alpha = capital_share(sector, p)
    # Scale is the firm's lasting size; productivity the part that moves and drives exit.
    firms.scale[:] = value_added / (prem * productivity * capital ** alpha)
    firms.scale[core] = value_added[core] / (productivity[core] * capital[core] ** alpha[core])
    return firms


def stationary_productivity(n: int, p: Parameters, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """``n`` draws of a non-core firm's productivity in 2015, and the population's mean productivity, from a
    burn-in: the same AR(1) shocks
    (rules.firms.productivity_process) and yearly exit of the least productive (exit_rate, entrants with the
    survivors' mean, as rules.firms.exit_and_entry) run for BURN_IN_YEARS on BURN_IN_SAMPLE firms before
    2015. The distribution that results is the one these rules keep, so selection by exit is a steady force
    from the first year, not a transient of an economy that starts with every firm alike (issue 11)."""
    process = productivity_process(p)
    x = np.full(BURN_IN_SAMPLE, process.mu)
    leaving = int(round(p.exit_rate * BURN_IN_SAMPLE))
    for _ in range(BURN_IN_YEARS):
        for _ in range(4):
            x = process.rho * x + (1.0 - process.rho) * process.mu + process.sigma * rng.standard_normal(BURN_IN_SAMPLE)
        if leaving:
            ranked = np.sort(x)
            x[lowest_rows(x, ranked, leaving)] = np.log(np.mean(np.exp(ranked[leaving:])))
    return np.exp(rng.choice(x, size=n)), float(np.mean(np.exp(x)))


def lowest_rows(x: np.ndarray, ranked: np.ndarray, k: int) -> np.ndarray:
    """The rows of the ``k`` lowest values of ``x`` (``ranked``: ``x`` sorted), ties at the cut taken in row
    order: the first ``k`` of a stable argsort, found without one (which took 40 percent of the burn-in,
    issue 14)."""
    cut = ranked[k - 1]
    below = np.flatnonzero(x < cut)
    return np.concatenate((below, np.flatnonzero(x == cut)[:k - below.size]))


def _stationary_core_productivity(n: int, p: Parameters, rng: np.random.Generator) -> np.ndarray:
    """Core digital firms do not exit: their productivity starts at the AR(1)'s own stationary distribution."""
    process = productivity_process(p)
    sd = process.sigma / np.sqrt(1.0 - process.rho ** 2) if process.rho < 1.0 else 0.0
    return np.exp(process.mu + sd * rng.standard_normal(n))


def initial_conditions(geo: Geography, p: Parameters, coordination: float, inclusion: float) -> Conditions:
    P = geo.n
    rel = geo.capacity / geo.capacity.mean()
    mobile = np.stack([np.full(P, p.init_mobile_coverage_urban),
                       np.clip(p.init_mobile_coverage_rural * rel, 0, 1)], axis=1)
    fibre = np.stack([np.full(P, p.init_fibre_coverage_urban),
                      np.clip(p.init_fibre_coverage_rural * rel, 0, 1)], axis=1)
    cond = Conditions(
        mobile_coverage=mobile, fibre_coverage=fibre, programme_exposure=np.zeros(P), advanced_exposure=np.zeros(P), egov_supply=np.zeros(P),
        institutions=0.0, national_infra=0.0, coordination=coordination, inclusion=inclusion,
        infra_quality=np.zeros(P), data_sharing=0.0, cyber_protection=0.0, fiveg_coverage=np.zeros((P, 2)),
        fiveg_reach=np.zeros(P),
    )
    return cond


__all__ = ["Geography", "build_geography", "build_households", "build_firms", "initial_conditions",
           "sector_value_added_shares", "core_subsector_shares", "stationary_productivity", "dti_ranks",
           "province_digital_shares", "core_location", "sector_location"]
