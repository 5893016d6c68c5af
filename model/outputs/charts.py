"""Charts for a results folder.

Reads the CSV files that a model run writes (``annual.csv``, ``groups.csv``,
``provinces.csv``) and draws PNG figures meant to be read without the code:
every figure has a title, axis labels with units, a legend and a small source
line at the bottom.

Only ``matplotlib.figure.Figure`` is used (no ``pyplot``), so nothing touches
global state and figures are freed as soon as they go out of scope.

Missing files or columns are not errors: the series (or the whole figure, when
nothing is left to draw) is skipped.  ``nan`` values show as gaps in lines and
as nothing in bars.

Text that comes from users (a run's label, scenario names, names read from the
CSV files) goes through ``model.core.text.figure_text``: drawn literally, so a
``$...$`` in a scenario's name is not parsed as mathtext (which can fail after a
whole run) and control characters show as escapes.
"""

from __future__ import annotations

import csv
import math
import textwrap
from contextvars import ContextVar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

from model.core.data import public_debt_ceiling_pct
from model.core.text import figure_text
from model.measure.targets import PLAN_YEARS
from model.measure.catalogue import (DEFAULT_LANGUAGE, LEVER_NAMES, REGION_NAMES, SUMMARY, indicator, observed_of, phrase,
                                     series_title, targets_of)

Column = np.ndarray | list
Table = dict[str, Column]

__all__ = ["read_table", "write_run_figures", "write_compare_figures", "fan_chart", "HistoryPanel", "history_bands",
           "language_path", "scenario_panels", "lever_multipliers"]

# --------------------------------------------------------------------------
# Targets and wording shared by several figures
# --------------------------------------------------------------------------

# The language the figures being drawn speak: set by the public functions below for the time they draw
# (a context variable, so the many small helpers need not pass it along).
_LANG: ContextVar[str] = ContextVar("chart_language", default=DEFAULT_LANGUAGE)


def _w(key: str, **fields) -> str:
    return phrase(key, _LANG.get(), **fields)


def _label(column: str) -> str:
    return indicator(column).label(_LANG.get())


def _unit(column: str) -> str:
    return indicator(column).unit(_LANG.get())


def _title(column: str) -> str:
    return indicator(column).title(_LANG.get())


def _region(name: str) -> str:
    """A region's name in the figures' language (the provinces file names regions in English)."""
    return REGION_NAMES[name](_LANG.get()) if name in REGION_NAMES else name


def _in_language(draw):
    """Decorate a public drawing function with a ``lang`` keyword that holds while it draws."""
    def drawing(*args, lang: str | None = None, **kwargs):
        token = _LANG.set(lang or DEFAULT_LANGUAGE)
        try:
            return draw(*args, **kwargs)
        finally:
            _LANG.reset(token)
    drawing.__name__, drawing.__doc__ = draw.__name__, draw.__doc__
    return drawing


# Targets come from the data through the indicator catalogue (model.measure.catalogue.targets_of).
def _growth_targets():
    """(first year, last year, threshold, source) of the yearly growth target, or None."""
    points = targets_of("gdp_growth_pct")
    if not points:
        return None
    return points[0].year, points[-1].year, points[0].value, points[0].source


def _growth_source() -> str:
    found = _growth_targets()
    return "" if found is None else _w("growth_target_source", source=found[3], value=found[2], first=found[0],
                                       last=found[1])


def _digital_targets_within(years=None):
    """The digital-share targets a chart of ``years`` draws (all if None): those within a year of its ends."""
    return [t for t in targets_of("digital_economy_share_pct")
            if years is None or min(years) - 1 <= t.year <= max(years) + 1]


def _digital_source(years=None) -> str:
    """The sources of the digital-share targets drawn."""
    return _w("targets_source", sources="; ".join(dict.fromkeys(t.source for t in _digital_targets_within(years))))


# Regions from north to south, so that the colours follow the map.
REGION_ORDER = (
    "Northern Midlands and Mountains",
    "Red River Delta",
    "North Central and Central Coast",
    "Central Highlands",
    "Southeast",
    "Mekong River Delta",
)

# Series drawn together: (column, colour); the words come from the indicator catalogue.
GROWTH_COMPONENTS = (
    ("growth_capital_pp", "#8c96a8"),
    ("growth_digital_capital_pp", "#1f77b4"),
    ("growth_labour_pp", "#ff9f40"),
    ("growth_labour_quality_pp", "#d6616b"),
    ("growth_tfp_pp", "#2ca02c"),
)

SPENDING_LEVERS = (
    ("spend_infrastructure_pct_gdp", "#1f77b4"),
    ("spend_skills_pct_gdp", "#ff7f0e"),
    ("spend_institutions_pct_gdp", "#2ca02c"),
)

ADOPTION_INDICATORS = ("internet_users_pct", "basic_digital_skills_pct", "ecommerce_adoption_pct")

COMPARE_ADOPTION = ("internet_users_pct", "basic_digital_skills_pct", "ecommerce_share_retail_pct",
                    "online_public_services_pct")

FIG_SIZE = (9.0, 5.0)
DPI = 150


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def read_table(path: str | Path) -> Table:
    """Read a CSV written by the model into columns.

    A column whose non-empty cells all parse as numbers becomes a float array
    (empty cells become ``nan``); a column with no values at all becomes an
    all-``nan`` float array; anything else is a list of strings.
    """
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not header:
        return {}
    table: Table = {}
    for i, name in enumerate(header):
        cells = [row[i].strip() if i < len(row) else "" for row in rows]
        table[name.strip()] = _convert_column(cells)
    return table


def _convert_column(cells: list[str]) -> Column:
    try:
        return np.array([float(c) if c else np.nan for c in cells], dtype=float)
    except ValueError:
        return cells


def _read_if_exists(path: Path) -> Table | None:
    return read_table(path) if path.is_file() else None


# --------------------------------------------------------------------------
# Small helpers on tables
# --------------------------------------------------------------------------


def _numeric(table: Table | None, name: str) -> np.ndarray | None:
    """Column as floats, or None when missing, not numeric or all nan."""
    if not table or name not in table:
        return None
    col = table[name]
    if not isinstance(col, np.ndarray) or not np.isfinite(col).any():
        return None
    return col


def _text(table: Table, name: str) -> list[str] | None:
    """Column as strings ("1.0" read as a number is given back as "1")."""
    if name not in table:
        return None
    col = table[name]
    if isinstance(col, np.ndarray):
        return [f"{v:g}" if np.isfinite(v) else "" for v in col]
    return list(col)


def _rows(table: Table, mask: np.ndarray) -> Table:
    """Sub-table of the rows where ``mask`` is true."""
    idx = np.flatnonzero(mask)
    return {
        name: col[idx] if isinstance(col, np.ndarray) else [col[i] for i in idx]
        for name, col in table.items()
    }


def _series(table: Table | None, name: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(years, values) sorted by year, or None when there is nothing to draw."""
    years, values = _numeric(table, "year"), _numeric(table, name)
    if years is None or values is None:
        return None
    order = np.argsort(years, kind="stable")
    return years[order], values[order]


# --------------------------------------------------------------------------
# Shared styling and saving
# --------------------------------------------------------------------------


def _new_figure(nrows: int = 1, ncols: int = 1, size: tuple[float, float] = FIG_SIZE,
                **subplot_kw) -> tuple[Figure, np.ndarray]:
    """Figure with constrained layout (it also places legends and the source line)."""
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **subplot_kw)
    return fig, axes


def _style_axes(ax: Axes, title: str, ylabel: str, xlabel: str | None = None,
                years: bool = True, grid: str | None = None) -> None:
    """Title, axis labels and the shared frame; ``grid``: the axis whose values get lines (default: y over
    years, else x)."""
    ax.set_title(title, fontsize=11, fontweight="bold", loc="left")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(_w("year") if xlabel is None else xlabel)
    _frame(ax, grid or ("y" if years else "x"))
    ax.set_axisbelow(True)
    if years:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _frame(ax: Axes, grid: str) -> None:
    """The shared frame: light lines across ``grid``'s values, no top or right spine."""
    ax.grid(True, axis=grid, color="#dddddd", linewidth=0.7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _legend(ax: Axes, handles: Sequence | None = None, below: bool = False, **kw) -> None:
    """Add a legend only if there is something to put in it.

    ``below=True`` puts it under the x axis label, where it cannot hide data.
    """
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    if not handles:
        return
    kw.setdefault("fontsize", 8.5)
    kw.setdefault("frameon", False)
    if below:
        offset = ScaledTranslation(0, -0.5, ax.figure.dpi_scale_trans)
        kw.update(loc="upper center", bbox_to_anchor=(0.5, 0),
                  bbox_transform=ax.transAxes + offset)
    ax.legend(handles=handles, **kw)


FOOTNOTE_CHARS_PER_INCH = 17  # characters of the 7.5-point source line that fit in an inch, with a margin


def _save(fig: Figure, path: Path, footnote: str, title: str | None = None) -> Path:
    """Add the source line (and an overall title), write the PNG, free the figure."""
    if title:
        fig.suptitle(title, fontsize=12, fontweight="bold")
    # supxlabel is part of the constrained layout, so nothing can overlap it; a long source line is wrapped to
    # the figure's width, not cut at its right edge
    width = int(fig.get_figwidth() * FOOTNOTE_CHARS_PER_INCH)
    footnote = "\n".join(textwrap.fill(line, width) for line in footnote.split("\n"))
    fig.supxlabel(footnote, x=0.01, ha="left", fontsize=7.5, color="#555555")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, format="png", facecolor="white")
    fig.clear()
    return path


def _run_note(label: str, extra: str = "") -> str:
    note = _w("source_run", label=figure_text(label))
    return f"{note}; {extra}" if extra else note


def _compare_note(names: Iterable[str], extra: str = "") -> str:
    note = _w("source_runs", names=", ".join(f"'{figure_text(n)}'" for n in names))
    return f"{note}; {extra}" if extra else note


# --------------------------------------------------------------------------
# Target decorations
# --------------------------------------------------------------------------


def _growth_target(ax: Axes) -> None:
    found = _growth_targets()
    if found is not None:
        lo, hi, value, _ = found
        ax.axvspan(lo - 0.5, hi + 0.5, color="#fde9c9", alpha=0.6, zorder=0,
                   label=_w("target_window", first=lo, last=hi))
        # the target holds for its window, not for the history before it
        ax.hlines(value, lo - 0.5, hi + 0.5, colors="#c0392b", linestyles="--", linewidth=1.3,
                  label=_w("growth_target", value=value, first=lo, last=hi))
    ax.axhline(0, color="#888888", linewidth=0.8)


def _observed(ax: Axes, column: str) -> bool:
    """Draw the data's observations of ``column`` as points and mark where they end; whether any exist."""
    points = observed_of(column)
    if not points:
        return False
    ax.plot([p.year for p in points], [p.value for p in points], linestyle="none", marker="o", markersize=6,
            markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.4, zorder=5,
            label=_w("data", what=_label(column)))
    last = points[-1].year
    ax.axvline(last + 0.5, color="#555555", linestyle=":", linewidth=1.0, zorder=1)
    ax.annotate(_w("data_projection"), (last + 0.5, 1.0), xycoords=("data", "axes fraction"), xytext=(0, -2),
                textcoords="offset points", ha="center", va="top", fontsize=7.5, color="#555555")
    return True


def _digital_targets(ax: Axes, years=None) -> None:
    shown = _digital_targets_within(years)
    for i, (year, value, text) in enumerate((t.year, t.value, _w("target_year", year=t.year, value=t.value)) for t in shown):
        ax.hlines(value, year - 0.6, year + 0.6, colors="#c0392b", linestyles="--",
                  linewidth=1.6, label=_w("targets_share") if i == 0 else None)
        ax.plot([year], [value], marker="D", color="#c0392b", markersize=5)
        ax.annotate(text, (year, value), xytext=(0, 6), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8.5, color="#c0392b")


# --------------------------------------------------------------------------
# Run figures
# --------------------------------------------------------------------------


def _fig_gdp_growth(annual: Table, out: Path, label: str) -> Path | None:
    data = _series(annual, "gdp_growth_pct")
    if data is None:
        return None
    fig, axes = _new_figure()
    ax = axes[0, 0]
    _growth_target(ax)
    _baseline_line(ax, "gdp_growth_pct")
    ax.plot(*data, marker="o", color="#1f4e79", linewidth=2, label=_w("model", what=_label("gdp_growth_pct")))
    observed = _observed(ax, "gdp_growth_pct")
    found = _growth_targets()
    threshold = found[2] if found else np.nanmax(data[1])
    ax.set_ylim(bottom=min(0.0, np.nanmin(data[1]) - 1), top=max(threshold, np.nanmax(data[1])) + 2)
    _style_axes(ax, _w("against_target", what=_label("gdp_growth_pct"), value=threshold),
                _title("gdp_growth_pct"))
    _legend(ax, below=True, ncol=3)
    return _save(fig, out / "gdp_growth.png",
                 _run_note(label, "; ".join([_growth_source()] + ([_w("data_note")] if observed else []))))


def _fig_digital_share(annual: Table, out: Path, label: str) -> Path | None:
    years = _numeric(annual, "year")
    if years is None:
        return None
    parts = [(_numeric(annual, col), name, colour) for col, name, colour in (
        ("digital_core_share_pct", _label("digital_core_share_pct"), "#1f77b4"),
        ("digitalisation_share_pct", _label("digitalisation_share_pct"), "#9ecae1"),
    )]
    parts = [p for p in parts if p[0] is not None]
    total = _numeric(annual, "digital_economy_share_pct")
    if total is None and parts:
        total = np.sum([np.nan_to_num(p[0]) for p in parts], axis=0)
    if total is None:
        return None
    order = np.argsort(years)
    fig, axes = _new_figure()
    ax = axes[0, 0]
    if parts:
        ax.stackplot(years[order], *[np.nan_to_num(p[0][order]) for p in parts],
                     labels=[p[1] for p in parts], colors=[p[2] for p in parts], alpha=0.9)
    ax.plot(years[order], total[order], color="black", linewidth=1.8, marker="o",
            markersize=3.5, label=_w("model", what=_label("digital_economy_share_pct")))
    _baseline_line(ax, "digital_economy_share_pct")
    _digital_targets(ax, years)
    observed = _observed(ax, "digital_economy_share_pct")
    ax.set_ylim(0, max([t.value for t in _digital_targets_within(years)] + [float(np.nanmax(total))]) * 1.15)
    _style_axes(ax, f"{_label('digital_economy_share_pct')} ({_unit('digital_economy_share_pct')})",
                _w("value_added_share"))
    _legend(ax, below=True, ncol=2)
    return _save(fig, out / "digital_share.png",
                 _run_note(label, "; ".join([_digital_source(years)] + ([_w("data_note")] if observed else []))))


def _group_lines(groups: Table, group_type: str, indicator: str):
    """[(group label, years, values)] for one group type, in a sensible order."""
    types, names = _text(groups, "group_type"), _text(groups, "group")
    if types is None or names is None or _numeric(groups, indicator) is None:
        return []
    sub = _rows(groups, np.array([t == group_type for t in types]))
    sub_names = _text(sub, "group")
    unique = list(dict.fromkeys(sub_names))
    if group_type == "income_quintile":
        unique.sort(key=lambda g: float(g) if g.replace(".", "", 1).isdigit() else np.inf)
    else:
        unique.sort(key=lambda g: {"urban": 0, "rural": 1}.get(g, 2))
    lines = []
    for g in unique:
        data = _series(_rows(sub, np.array([n == g for n in sub_names])), indicator)
        if data is not None:
            lines.append((g, *data))
    return lines


def _group_style(group_type: str, group: str, rank: int, count: int) -> dict:
    if group_type == "income_quintile":
        colour = colormaps["viridis"](0.1 + 0.8 * rank / max(count - 1, 1))
        name = _w("quintile", n=group)
        if rank == 0:
            name += " " + _w("poorest")
        elif rank == count - 1:
            name += " " + _w("richest")
        return {"color": colour, "label": figure_text(name)}
    colours = {"urban": "#d62728", "rural": "#2ca02c"}
    name = _w(group) if group in ("urban", "rural") else group.capitalize()
    return {"color": colours.get(group, f"C{rank}"), "label": figure_text(name)}


def _fig_adoption_groups(groups: Table, out: Path, label: str) -> Path | None:
    indicators = [(c, _label(c), _unit(c)) for c in ADOPTION_INDICATORS
                  if _numeric(groups, c) is not None]
    group_types = (("area", _w("by_area")), ("income_quintile", _w("by_income")))
    if not indicators:
        return None
    fig, axes = _new_figure(len(group_types), len(indicators),
                            size=(3.6 * len(indicators) + 1.0, 7.0), sharey=True)
    drawn = False
    for r, (gtype, gtitle) in enumerate(group_types):
        for c, (col, title, unit) in enumerate(indicators):
            ax = axes[r, c]
            lines = _group_lines(groups, gtype, col)
            for rank, (g, years, values) in enumerate(lines):
                ax.plot(years, values, linewidth=1.8, **_group_style(gtype, g, rank, len(lines)))
                drawn = True
            _style_axes(ax, f"{title} ({unit}),\n{gtitle}",
                        _w("share_of_group") if c == 0 else "",
                        xlabel=_w("year") if r == len(group_types) - 1 else "")
            ax.set_ylim(0, 100)
        _legend(axes[r, -1], loc="center left", bbox_to_anchor=(1.02, 0.5),
                title=_w("area") if gtype == "area" else _w("income_quintile"), title_fontsize=8.5)
    if not drawn:
        return None
    return _save(fig, out / "adoption_groups.png", _run_note(label),
                 title=_w("who_is_online"))


def _region_colours(regions: Iterable[str]) -> dict[str, str]:
    present = set(regions)
    known = [r for r in REGION_ORDER if r in present]
    other = sorted(present - set(known))
    palette = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#e15759", "#76b7b2",
               "#edc948", "#9c755f", "#bab0ac", "#ff9da7"]
    return {r: palette[i % len(palette)] for i, r in enumerate(known + other)}


def _fig_provinces(provinces: Table, out: Path, label: str) -> Path | None:
    indicator = "digital_economy_share_pct"
    years, values = _numeric(provinces, "year"), _numeric(provinces, indicator)
    names = _text(provinces, "province") or _text(provinces, "province_code")
    if years is None or values is None or names is None:
        return None
    regions = _text(provinces, "region") or [""] * len(names)
    first, last = np.nanmin(years), np.nanmax(years)

    def values_in(year: float) -> dict[str, float]:
        return {names[i]: values[i] for i in np.flatnonzero(years == year)}

    start, end = values_in(first), values_in(last)
    region_of = {names[i]: regions[i] for i in range(len(names))}
    ranked = sorted((n for n in end if np.isfinite(end[n])), key=lambda n: end[n])
    if not ranked:
        return None
    colours = _region_colours(region_of[n] for n in ranked)

    height = max(FIG_SIZE[1], 0.27 * len(ranked) + 1.8)
    fig, axes = _new_figure(size=(FIG_SIZE[0], height))
    ax = axes[0, 0]
    pos = np.arange(len(ranked))
    ax.barh(pos, [end[n] for n in ranked], color=[colours[region_of[n]] for n in ranked],
            height=0.7)
    first_marker = dict(linestyle="none", marker="o", markerfacecolor="white",
                        markeredgecolor="black")
    if first < last:  # hollow dot = where the province started
        ax.plot([start.get(n, np.nan) for n in ranked], pos, markersize=5, **first_marker)
    ax.set_yticks(pos, [figure_text(n) for n in ranked], fontsize=8.5)
    ax.set_ylim(-0.7, len(ranked) - 0.3)
    # the latest national target the run reaches, else the first one after it
    points = targets_of("digital_economy_share_pct")
    shown = [t for t in points if t.year <= last] or points[:1]
    target_year, target_value = (shown[-1].year, shown[-1].value) if shown else (None, None)
    if shown:
        ax.axvline(target_value, color="#c0392b", linestyle="--", linewidth=1.2)
    _style_axes(ax, _w("provinces_ranked", year=f"{last:g}"), "", xlabel=_w("provinces_axis"), years=False)
    handles = [Patch(color=colours[r], label=figure_text(_region(r))) for r in colours if r]
    if first < last:
        handles.append(Line2D([], [], label=_w("first_year_value", year=f"{first:g}"), **first_marker))
    if shown:
        handles.append(Line2D([], [], color="#c0392b", linestyle="--",
                              label=_w("national_target", year=target_year, value=target_value)))
    _legend(ax, handles, below=True, ncol=3)
    return _save(fig, out / "provinces_ranked.png",
                 _run_note(label, _w("target_source", source=shown[-1].source) if shown else ""))


def _stacked_bars(ax: Axes, years: np.ndarray, layers, width: float = 0.7) -> None:
    """Stack positive values upwards and negative values downwards from zero."""
    up, down = np.zeros_like(years, dtype=float), np.zeros_like(years, dtype=float)
    for values, name, colour in layers:
        v = np.nan_to_num(values)
        base = np.where(v >= 0, up, down)
        ax.bar(years, v, width, bottom=base, color=colour, label=name,
               edgecolor="white", linewidth=0.4)
        up += np.clip(v, 0, None)
        down += np.clip(v, None, 0)


def _fig_growth_accounting(annual: Table, out: Path, label: str) -> Path | None:
    years = _numeric(annual, "year")
    layers = [(_numeric(annual, col), _label(col), colour) for col, colour in GROWTH_COMPONENTS]
    layers = [layer for layer in layers if layer[0] is not None]
    if years is None or not layers:
        return None
    fig, axes = _new_figure()
    ax = axes[0, 0]
    _stacked_bars(ax, years, layers)
    ax.axhline(0, color="#444444", linewidth=0.8)
    growth = _series(annual, "gdp_growth_pct")
    if growth is not None:
        ax.plot(*growth, color="black", marker="o", markersize=4.5, linewidth=1.2,
                label=_w("gdp_growth_pct_short"))
    _style_axes(ax, _w("growth_accounting"), _w("contribution_axis"))
    _legend(ax, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, out / "growth_accounting.png", _run_note(label, _w("accounting_note")))


def _fig_fiscal_cost(annual: Table, out: Path, label: str) -> Path | None:
    years = _numeric(annual, "year")
    layers = [(_numeric(annual, col), _label(col), colour) for col, colour in SPENDING_LEVERS]
    layers = [layer for layer in layers if layer[0] is not None]
    cost = _numeric(annual, "fiscal_cost_pct_gdp")
    if years is None or (not layers and cost is None):
        return None
    debt = _series(annual, "public_debt_pct_gdp")
    fig, axes = _new_figure(1, 2 if debt is not None else 1, size=(12.5, 5.4) if debt is not None else FIG_SIZE,
                            width_ratios=[1.6, 1] if debt is not None else None)
    ax = axes[0, 0]
    _stacked_bars(ax, years, layers)
    _style_axes(ax, _w("lever_spending"), _w("spending_axis"))
    handles, _ = ax.get_legend_handles_labels()
    policy = years >= PLAN_YEARS[0]
    if cost is not None and policy.any():
        # cumulated from the plan's first year: the policy's own cost, not the spending since 2015
        ax2 = ax.twinx()
        ax2.plot(years[policy], np.nancumsum(cost[policy]), color="#7f3c8d", marker="o", markersize=4,
                 linewidth=2, label=_w("cumulative_cost", first=PLAN_YEARS[0]))
        ax2.set_ylabel(_w("cumulative_axis", first=PLAN_YEARS[0]), color="#7f3c8d")
        ax2.tick_params(axis="y", colors="#7f3c8d")
        ax2.set_ylim(bottom=0)
        ax2.spines["top"].set_visible(False)
        handles += ax2.get_legend_handles_labels()[0]
    ax.set_ylim(bottom=0)
    _legend(ax, handles, below=True, ncol=2)
    note = _run_note(label)
    if debt is not None:  # what paying for it does to the debt, against the legal ceiling
        ax = axes[0, 1]
        ceiling = public_debt_ceiling_pct()
        ax.axhline(ceiling, color="#c0392b", linestyle="--", linewidth=1.5, label=_w("debt_ceiling", value=ceiling))
        _baseline_line(ax, "public_debt_pct_gdp")
        ax.plot(*debt, color="#1f4e79", marker="o", markersize=3.5, linewidth=2,
                label=_w("model", what=_label("public_debt_pct_gdp")))
        if _observed(ax, "public_debt_pct_gdp"):
            note = f"{note}; {_w('data_note')}"
        ax.set_ylim(bottom=0, top=max(ceiling, float(np.nanmax(debt[1]))) * 1.15)
        _style_axes(ax, _label("public_debt_pct_gdp"), _unit("public_debt_pct_gdp"))
        _legend(ax, below=True, ncol=1)
    return _save(fig, out / "fiscal_cost.png", note)


# A run's figures in the order they are drawn: (the results table each is drawn from, its function).
RUN_FIGURES: tuple[tuple[str, Callable], ...] = (
    ("annual.csv", _fig_gdp_growth),
    ("annual.csv", _fig_digital_share),
    ("groups.csv", _fig_adoption_groups),
    ("provinces.csv", _fig_provinces),
    ("annual.csv", _fig_growth_accounting),
    ("annual.csv", _fig_fiscal_cost),
)


@_in_language
def write_run_figures(results_dir: Path, label: str, baseline: tuple[str, list[dict]] | None = None,
                      only: Iterable[int] | None = None) -> list[Path]:
    """Draw the figures for one run into ``results_dir/figures``; return their paths. ``baseline``: (its title,
    its annual rows on the same seed), drawn beside a scenario in the growth and digital-share figures.
    ``only``: positions in RUN_FIGURES to draw (model.outputs.drawing shares them among processes)."""
    token = _BASELINE.set(None if baseline is None else (baseline[0], _table_of(baseline[1])))
    try:
        return _run_figures(Path(results_dir), label, range(len(RUN_FIGURES)) if only is None else only)
    finally:
        _BASELINE.reset(token)


# The baseline a scenario's run figures show beside it: (title, annual table), set by write_run_figures.
_BASELINE: ContextVar[tuple[str, Table] | None] = ContextVar("baseline", default=None)


def _table_of(rows: list[dict]) -> Table:
    """Rows of numbers as a Table (column -> array)."""
    return {c: np.array([float(r[c]) for r in rows]) for c in rows[0]} if rows else {}


def _baseline_line(ax: Axes, column: str) -> None:
    """The baseline's path of ``column`` in grey, when the figure is of another scenario."""
    found = _BASELINE.get()
    data = _series(found[1], column) if found is not None else None
    if data is not None:
        ax.plot(*data, color="#7f7f7f", linestyle="--", linewidth=1.6,
                label=_w("baseline_line", title=figure_text(found[0])))


def _run_figures(results_dir: Path, label: str, only: Iterable[int]) -> list[Path]:
    tables: dict[str, Table | None] = {}
    written = []
    for i in only:
        source, draw = RUN_FIGURES[i]
        if source not in tables:
            tables[source] = _read_if_exists(results_dir / source)
        if tables[source]:
            written.append(draw(tables[source], results_dir / "figures", label))
    return [p for p in written if p is not None]


# --------------------------------------------------------------------------
# Comparison figures
# --------------------------------------------------------------------------


def _scenario_lines(ax: Axes, runs: dict[str, Table], column: str) -> bool:
    """One line per scenario, same colour for a scenario in every figure."""
    drawn = False
    for i, (name, annual) in enumerate(runs.items()):
        data = _series(annual, column)
        if data is not None:
            # marker and dash pattern vary too, so identical runs stay visible
            label = "\n".join(textwrap.wrap(figure_text(_LEGEND_LABELS.get().get(name, name)), LEGEND_LABEL_CHARS))
            ax.plot(*data, color=f"C{i % 10}", linewidth=2, label=label or figure_text(name),
                    linestyle=("-", "--", "-.", ":")[i % 4], marker="osD^v"[i % 5],
                    markersize=3.5)
            drawn = True
    return drawn


def _compare_single(runs: dict[str, Table], out_path: Path, column: str, title: str,
                    ylabel: str, note: str = "",
                    decorate: Callable[[Axes], None] | None = None,
                    from_zero: bool = True) -> Path | None:
    fig, axes = _new_figure()
    ax = axes[0, 0]
    if decorate is not None:
        decorate(ax)
    if not _scenario_lines(ax, runs, column):
        return None
    if _observed(ax, column):  # the data's observations, and where history ends
        note = "; ".join(filter(None, [note, _w("data_note")]))
    if from_zero:
        ax.set_ylim(bottom=0)
    _style_axes(ax, title, ylabel)
    _legend(ax, below=True, ncol=3)
    return _save(fig, out_path, _compare_note(runs, note))


def _compare_adoption(runs: dict[str, Table], out_path: Path) -> Path | None:
    return _compare_panels(runs, out_path, COMPARE_ADOPTION, _w("adoption_by_scenario"), _compare_note(runs))


def _compare_panels(runs: dict[str, Table], out_path: Path, columns: Sequence[str], title: str,
                    note: str) -> Path | None:
    """One panel a column, one line a scenario, two panels a row."""
    rows = math.ceil(len(columns) / 2)
    fig, axes = _new_figure(rows, 2, size=(10.0, 3.5 * rows))
    drawn = False
    for ax in axes.flat[len(columns):]:
        ax.set_visible(False)
    for ax, col in zip(axes.flat, columns):
        has = _scenario_lines(ax, runs, col)
        drawn |= has
        _style_axes(ax, _label(col), _unit(col))
        if has:
            ax.set_ylim(0, min(100.0, ax.get_ylim()[1]))
        else:
            ax.text(0.5, 0.5, _w("not_in_results"), transform=ax.transAxes,
                    ha="center", va="center", color="#888888")
    if not drawn:
        return None
    _legend(axes[0, -1], loc="center left", bbox_to_anchor=(1.02, 0.5), title=_w("scenario"),
            title_fontsize=8.5)
    return _save(fig, out_path, note, title=title)


@_in_language
def scenario_panels(paths: dict[str, dict[int, dict[str, float]]], columns: Sequence[str], path: Path, title: str,
                    seeds: int) -> Path | None:
    """The comparison figures' panels for paths an experiment made (scenario -> year -> column -> value, the
    mean over ``seeds``): the validation page's diffusion curves."""
    tables = {name: _table_of([{"year": y, **{c: rows[y][c] for c in columns}} for y in sorted(rows)])
              for name, rows in paths.items()}
    return _compare_panels(tables, path, columns, figure_text(title),
                           _compare_note(paths, _w("mean_over_seeds", seeds=seeds)))


@_in_language
def write_compare_figures(run_dirs: dict[str, Path], out_dir: Path, titles: dict[str, str] | None = None
                          ) -> list[Path]:
    """Overlay scenarios (name -> results folder) in figures written to ``out_dir``; legends show each
    scenario's title from ``titles`` (name -> title), else its name; the source line names the files."""
    token = _LEGEND_LABELS.set(titles or {})
    try:
        return _compare_figures(run_dirs, Path(out_dir))
    finally:
        _LEGEND_LABELS.reset(token)


# What a comparison's legends call each scenario (its title), set while write_compare_figures draws.
_LEGEND_LABELS: ContextVar[dict[str, str]] = ContextVar("legend_labels", default={})
LEGEND_LABEL_CHARS = 32  # a longer title wraps onto more lines in the legend


def _compare_figures(run_dirs: dict[str, Path], out_dir: Path) -> list[Path]:
    runs = {name: t for name, d in run_dirs.items()
            if (t := _read_if_exists(Path(d) / "annual.csv"))}
    if not runs:
        return []
    years = np.concatenate([t["year"] for t in runs.values()])
    written = [
        _compare_single(runs, out_dir / "compare_gdp_growth.png", "gdp_growth_pct",
                        _w("by_scenario", what=_label("gdp_growth_pct")), _title("gdp_growth_pct"),
                        _growth_source(), _growth_target, from_zero=False),
        _compare_single(runs, out_dir / "compare_digital_share.png",
                        "digital_economy_share_pct",
                        _w("by_scenario", what=_title("digital_economy_share_pct")),
                        _w("value_added_share"), _digital_source(years), lambda ax: _digital_targets(ax, years)),
        _compare_adoption(runs, out_dir / "compare_adoption.png"),
        _compare_single(runs, out_dir / "compare_fiscal_cost.png",
                        "cumulative_fiscal_cost_pct_gdp",
                        _w("by_scenario", what=_label("cumulative_fiscal_cost_pct_gdp")),
                        _title("cumulative_fiscal_cost_pct_gdp")),
    ]
    return [p for p in written if p is not None]


# --------------------------------------------------------------------------
# Ensemble figures
# --------------------------------------------------------------------------

# How each fanned column shows its targets.
_FAN_TARGETS: dict[str, Callable] = {
    "gdp_growth_pct": lambda ax, years: _growth_target(ax),
    "digital_economy_share_pct": _digital_targets,
}


@_in_language
def fan_chart(bands_rows: list[dict], column: str, scenario_title: str, replications: int, path: Path) -> Path:
    """Median with the 25-75 and 5-95 percent bands over an ensemble's replications (bands.csv rows), in the
    style of the single-run figures: its targets where they apply, the data's observations, a source line."""
    rows = sorted((r for r in bands_rows if r["indicator"] == column), key=lambda r: r["year"])
    years = np.array([r["year"] for r in rows], dtype=float)
    fig, axes = _new_figure()
    ax = axes[0, 0]
    decorate = _FAN_TARGETS.get(column)
    if decorate is not None:
        decorate(ax, years)
    ax.fill_between(years, [r["p05"] for r in rows], [r["p95"] for r in rows], color="#c6dbef",
                    label=_w("band_90"))
    ax.fill_between(years, [r["p25"] for r in rows], [r["p75"] for r in rows], color="#6baed6",
                    label=_w("band_50"))
    ax.plot(years, [r["median"] for r in rows], color="#08306b", linewidth=2, label=_w("median"))
    observed = _observed(ax, column)
    _style_axes(ax, f"{_label(column)}: {figure_text(scenario_title)}", _title(column))
    _legend(ax, below=True, ncol=3)
    return _save(fig, path, "; ".join([_w("source_ensemble", replications=replications)]
                                      + ([_w("data_note")] if observed else [])))


# --------------------------------------------------------------------------
# Reports: history against the model (the calibration and backtest pages)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryPanel:
    """One small panel: a history series of the data against the model's band over seeds."""

    column: str  # the model's results column (label and unit from the catalogue), or a catalogue phrase's key
    band: dict[int, tuple[float, float, float]]  # year -> (5%, median, 95%) over seeds
    data: tuple[tuple[int, int, float], ...]  # (first year, last year, value): a point, or a mean over years
    note: str | None = None  # phrase key: how the data's measure differs from the model's column


def _panel_title(panel: HistoryPanel) -> str:
    title = series_title(panel.column, _LANG.get(), panel.note)
    return "\n".join(textwrap.wrap(title, PANEL_TITLE_CHARS))  # two lines rather than into the next panel


PANEL_TITLE_CHARS = 48  # what fits over a 4.2-inch panel at 9 points


@_in_language
def history_bands(panels: Sequence[HistoryPanel], path: Path, title: str, seeds: int,
                  train_until: int | None = None, draws: bool = False) -> Path:
    """Every history series as points (a mean over years as a segment) against the model's median and 5-95%
    band over ``seeds`` runs (``draws``: each on its own draw of the posterior, not at fixed parameters); with
    ``train_until``, a line where the data the model was fitted to end."""
    cols = 3
    rows = math.ceil(len(panels) / cols)
    fig, axes = _new_figure(rows, cols, size=(4.2 * cols, 3.0 * rows + 0.6))
    for ax, panel in zip(axes.ravel(), panels):
        years = sorted(panel.band)
        if years:
            ax.fill_between(years, [panel.band[y][0] for y in years], [panel.band[y][2] for y in years],
                            color="#c6dbef", label=_w("band_draws" if draws else "band_seeds"))
            ax.plot(years, [panel.band[y][1] for y in years], color="#08306b", linewidth=1.6, label=_w("median"))
        first_point = True
        for first, last, value in panel.data:
            if last > first:  # a mean over several years: a segment over them
                ax.plot([first, last], [value, value], color="black", linewidth=2)
            else:
                ax.plot([first], [value], linestyle="none", marker="o", markersize=5, markerfacecolor="white",
                        markeredgecolor="black", markeredgewidth=1.2, zorder=5,
                        label=_w("data_points") if first_point else None)
                first_point = False
        if train_until is not None:
            ax.axvline(train_until + 0.5, color="#555555", linestyle="--", linewidth=1)
        ax.set_title(_panel_title(panel), fontsize=9, loc="left")
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        _frame(ax, "y")
    for ax in axes.ravel()[len(panels):]:
        ax.set_visible(False)
    _legend(axes[0, 0], loc="best", fontsize=7)
    note = _w("source_draws" if draws else "source_seeds", seeds=seeds) + "; " + _w("data_note")
    if train_until is not None:
        note += "; " + _w("trained_until", year=train_until)
    return _save(fig, path, note, title=figure_text(title))


def language_path(figures: Path, name: str, lang: str) -> Path:
    """Where a report's figure in ``lang`` goes: ``figures/name`` in the default language, ``figures/LANG/name``
    in another (docs/README.vi.md shows those)."""
    return Path(figures) / name if lang == DEFAULT_LANGUAGE else Path(figures) / lang / name


@_in_language
def lever_multipliers(draws: dict[str, list[float]], evidence: tuple[float, float] | None, path: Path) -> Path:
    """Each lever's cumulative multiplier in each draw (dots) and their median (bar), against the range of the
    public-investment multipliers in the data (shaded): the levers page's figure."""
    fig, axes = _new_figure(size=(8.0, 4.6))
    ax = axes[0, 0]
    if evidence is not None:
        ax.axhspan(*evidence, color="#dddddd", label=_w("multiplier_evidence"))
    for k, (lever, values) in enumerate(draws.items()):
        y = np.array(values, dtype=float)
        x = k + np.linspace(-0.15, 0.15, len(y)) if len(y) > 1 else np.full(len(y), float(k))
        ax.plot(x, y, "o", color=f"C{k}", alpha=0.75)
        if np.isfinite(y).any():
            ax.plot([k - 0.25, k + 0.25], [np.nanmedian(y)] * 2, color="black", lw=2,
                    label=_w("median") if k == 0 else None)
    ax.axhline(0.0, color="#777777", lw=0.8)
    ax.set_xticks(range(len(draws)), [LEVER_NAMES[lever](_LANG.get()) for lever in draws])
    ax.set_xlim(-0.7, len(draws) - 0.3)  # room for the outer levers' names
    _style_axes(ax, _w("multiplier_title"), _w("multiplier_axis"), xlabel="", years=False, grid="y")
    _legend(ax, loc="upper left")
    return _save(fig, path, _w("source_levers"))


# Parameters shown in each panel of the sensitivity figure (the most influential for that number).
SENSITIVITY_SHOWN = 12


@_in_language
def sensitivity_bars(morris_rows: list[dict], outputs: Sequence[str], path: Path, scenario: str, step: float) -> Path:
    """Morris's mu* of the most influential parameters for each number (one panel each, bars with their 95%
    intervals) against the mu* seed noise alone gives (dashed): the sensitivity page's figure."""
    fig, axes = _new_figure(1, len(outputs), size=(4.2 * len(outputs), 5.2))
    for ax, output in zip(axes[0], outputs):
        rows = sorted((r for r in morris_rows if r["output"] == output), key=lambda r: -r["mu_star"])
        rows = rows[:SENSITIVITY_SHOWN][::-1]  # the largest at the top
        y = np.arange(len(rows))
        ax.barh(y, [r["mu_star"] for r in rows], xerr=[r["mu_star_conf"] for r in rows],
                color=["C0" if r["above_noise"] else "#bbbbbb" for r in rows], error_kw={"lw": 0.8})
        ax.set_yticks(y, [r["parameter"] for r in rows], fontsize=7)
        if rows:
            ax.axvline(rows[0]["noise_floor"], color="#555555", ls="--", lw=1.0, label=_w("noise_floor"))
        words, unit = SUMMARY[output]
        _style_axes(ax, figure_text(words(_LANG.get())), "", xlabel=unit(_LANG.get()), years=False, grid="x")
        ax.title.set_fontsize(9)
    _legend(axes[0, 0], below=True)
    fig.suptitle(_w("sensitivity_title", scenario=scenario), fontsize=11, fontweight="bold")
    return _save(fig, path, _w("sensitivity_axis", step=f"{step:.2g}") + "\n" + _w("source_sensitivity"))
