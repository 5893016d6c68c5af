"""Names of the categorical states. Arrays store the index; results print the name."""
from __future__ import annotations

SECTORS = (
    "agriculture",
    "manufacturing",
    "other_industry",
    "trade_logistics",
    "finance",
    "other_services",
    "digital_core",
)
AGRICULTURE = SECTORS.index("agriculture")
DIGITAL_CORE = SECTORS.index("digital_core")
MANUFACTURING = SECTORS.index("manufacturing")
NON_CORE = tuple(i for i in range(len(SECTORS)) if i != DIGITAL_CORE)
# Which non-digital productivity trend (parameter tfp_growth_<group>) drives each sector.
SECTOR_TREND = ("agriculture", "industry", "industry", "services", "services", "services", None)

CORE_SUBSECTORS = ("ict_manufacturing", "telecoms", "software_services", "platforms")
ICT_MANUFACTURING, TELECOMS, SOFTWARE, PLATFORMS = range(4)
NO_SUBSECTOR = -1

MATURITY = ("none", "basic", "integrated", "advanced")
NONE, BASIC, INTEGRATED, ADVANCED = range(4)

AREAS = ("urban", "rural")
URBAN, RURAL = range(2)

AGES = ("young", "middle", "old")
YOUNG, MIDDLE, OLD = range(3)

# Connectivity of a household.
OFFLINE, MOBILE, FIBRE = range(3)

LEVERS = ("infrastructure", "skills", "institutions")

# How a scenario pays for the levers ([fiscal] financing; model.rules.fiscal); the first is the default.
FINANCING = ("borrowing", "taxes", "spending_cuts")
