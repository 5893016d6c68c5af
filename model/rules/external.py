"""The rest of the world: export demand for electronics and for other goods, and FDI inflows.

Each series is read from the data (``history`` rows, in current USD) up to the
scenario's ``data_until`` year, turned into a real index (2015 = 1) by
deflating with ``dollar_price_growth``, and continued after the data by the
growth path the scenario's ``[external]`` table sets (per cent a year, real),
or by default at the series' own mean growth over the years read (the trend
continues; no outside institution publishes a comparable export projection in
the data, see docs/validation.md). ``external_growth_shift`` moves every
default path by the same amount: the uncertainty of the outlook.

Every quarter of a year takes that year's value (an annual flow at an annual
rate), so a year's result reads nothing from later years: dropping the data
after a year changes nothing up to it (tests/rules/test_external.py). There
is no break year anywhere: what happened is the data, what comes next the path.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model.core.data import EXTERNAL_SERIES, GROWTH_KEYS, last_data_year, observed_usd
from model.core.params import Parameters

@dataclass(frozen=True)
class ExternalPath:
    """One series as a real index (start year = 1): data years, then the growth path."""

    name: str
    years: tuple[int, ...]  # data years
    log_index: tuple[float, ...]  # log real index at each data year
    trend: float  # mean real log growth over the data years (the default after them)
    growth_after: object  # callable year -> growth (fraction a year) after the data

    def log_value(self, year: int) -> float:
        """Log real level in ``year``: the data's (log-linear between data years with a gap), then grown by
        the path year by year after the last data year."""
        ys, lx = self.years, self.log_index
        if year <= ys[-1]:
            return float(np.interp(year, ys, lx, left=lx[0] - self.trend * (ys[0] - year)))
        level = lx[-1]
        for y in range(ys[-1] + 1, year + 1):
            level += math.log1p(self.growth_after(y))
        return level

    def index(self, t: float) -> float:
        """Real index in the year of time ``t`` (a quarter as a year fraction), relative to the first data year."""
        return math.exp(self.log_value(int(math.floor(t))) - self.log_index[0])


def build_paths(p: Parameters, start_year: int, data_until: int | None, growth_paths: dict) -> dict[str, ExternalPath]:
    """The external paths of a run: ``growth_paths`` maps a series name to a YearPath of per cent a year (the
    scenario's [external] table) or is missing it (the trend continues, shifted by external_growth_shift)."""
    out = {}
    for name in EXTERNAL_SERIES:
        usd = {y: v for y, v in observed_usd(name, data_until).items() if y >= start_year}
        if len(usd) < 2:
            raise ValueError(f"external series {name}: fewer than two data years from {start_year}"
                             f"{'' if data_until is None else f' to {data_until}'}")
        years = tuple(sorted(usd))
        deflate = math.log1p(p.dollar_price_growth)
        logs = tuple(math.log(usd[y]) - deflate * (y - years[0]) for y in years)
        trend = (logs[-1] - logs[0]) / (years[-1] - years[0])
        path = growth_paths.get(name)
        if path is None:
            default = math.expm1(trend) + p.external_growth_shift
            growth_after = (lambda year, g=default: g)
        else:
            growth_after = (lambda year, path=path: path.value(float(year)) / 100.0)
        out[name] = ExternalPath(name, years, logs, trend, growth_after)
    return out


__all__ = ["EXTERNAL_SERIES", "GROWTH_KEYS", "ExternalPath", "build_paths", "observed_usd", "last_data_year"]
