"""Demography from the UN World Population Prospects 2024 (medium variant), read from the data file.

The population grows at WPP's rate for each year (estimates to 2023, the
medium-variant projection after; ``population_growth_un_wpp2024``), and
ageing changes how much of it can work: the share aged 15-64
(``share_15_64_un_wpp2024_medium``) relative to the start year scales every
household's labour supply (``working_age_index``). Households keep the
members and workers drawn in 2015; the index stands for the changing age mix
that the sample does not age through one person at a time. After the last
year of the projection both stay at their last value.

These rows are inputs (a path of the population), not moments to fit; the
WPP 2024 vintage was published in 2024, so a backtest from an earlier year
reads a projection made later (docs/backtest notes it).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from model.core.data import series

ALL_KINDS = ("history", "structure", "forecast")  # WPP estimates, the 2024 base year and the projection
GROWTH = "population_growth_un_wpp2024"  # per cent a year
WORKING_AGE_SHARE = "share_15_64_un_wpp2024_medium"  # per cent of the population


@lru_cache(maxsize=None)
def _path(indicator: str) -> tuple[np.ndarray, np.ndarray]:
    values = series(indicator, ALL_KINDS)
    if not values:
        raise ValueError(f"the data file has no {indicator} rows (model/data/vietnam_indicators.csv)")
    return np.array(list(values), float), np.array(list(values.values()), float)


def population_growth(year: int) -> float:
    """Population growth in ``year``, a fraction a year (held at the first or last data year outside them)."""
    years, values = _path(GROWTH)
    return float(np.interp(year, years, values)) / 100.0


def working_age_share(t: float) -> float:
    """Share aged 15-64 in the year of time ``t`` (a year fraction), held at the first or last data year
    outside the data; every quarter of a year takes the year's value, so a year reads nothing later."""
    years, values = _path(WORKING_AGE_SHARE)
    return float(np.interp(np.floor(t), years, values)) / 100.0


def working_age_index(t: float, start: float) -> float:
    """Labour supply per person at time ``t`` relative to time ``start``, from the working-age share."""
    return working_age_share(t) / working_age_share(start)


__all__ = ["population_growth", "working_age_share", "working_age_index"]
