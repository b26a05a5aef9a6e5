"""Charts of the agreement's reports as accessible SVG (the same for the page and the PDF), in the
monitoring charts' style: text stays text, colours tell apart in every colour vision."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, ScalarFormatter

from imvo.monitoring.charts import BLUE, GREY, GRID, INK, ORANGE, SKY, VERMILLION, WIDTH, _axes, _svg

BAND_COLOURS = (VERMILLION, ORANGE, GREY, SKY, BLUE)


def _count_axes(fig: Figure, ticks: list[str], widest: int):
    """The monitoring charts' horizontal bars, counting companies or locations instead of percent."""
    ax = _axes(fig, ticks)
    ax.set_xlim(0, max(widest, 1) * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    return ax


def distribution_svg(steps: list[tuple[str, list[int | None]]], *, bands: list[str]) -> str:
    """Per step, the companies in each score band, stacked; a hidden band (too few companies) is
    left out of the bar and named in the description."""
    fig = Figure(figsize=(WIDTH, 0.42 * len(steps) + 1.0), layout="constrained")
    widest = max([sum(c or 0 for c in counts) for _label, counts in steps] + [1])
    ax = _count_axes(fig, [label for label, _counts in steps], widest)
    ax.set_xlabel(_("companies"))
    for y, (_label, counts) in enumerate(steps):
        left = 0
        for i, count in enumerate(counts):
            if not count:
                continue
            ax.barh(y, count, left=left, height=0.62, color=BAND_COLOURS[i % len(BAND_COLOURS)])
            ax.text(left + count / 2, y, str(count), va="center", ha="center", color="white", fontsize=7)
            left += count
    handles = [
        Patch(color=BAND_COLOURS[i % len(BAND_COLOURS)], label=f"{band} %") for i, band in enumerate(bands)
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(bands), frameon=False)
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{band} %: {'–' if c is None else c}" for band, c in zip(bands, counts, strict=True))
        for label, counts in steps
    )
    return _svg(fig, title=_("Companies per score band and step"), description=description)


def recruitment_svg(points: list[dict], targets: list[dict]) -> str:
    """Parties and supporters over time, with each year's targets as markers."""
    fig = Figure(figsize=(WIDTH, 2.8), layout="constrained")
    ax = fig.add_subplot()
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    days = [mdates.date2num(dt.date.fromisoformat(p["on"])) for p in points]
    ax.plot(days, [p["parties"] for p in points], color=BLUE, marker="o", markersize=3, label=_("parties"))
    ax.plot(
        days, [p["supporters"] for p in points], color=ORANGE, marker="s", markersize=3, label=_("supporters")
    )
    if targets:
        ends = [mdates.date2num(dt.date.fromisoformat(t["end"])) for t in targets]
        ax.scatter(
            ends, [t["parties"] for t in targets], marker="_", s=200, color=INK, label=_("target for parties")
        )
        ax.scatter(
            ends,
            [t["supporters"] for t in targets],
            marker="_",
            s=200,
            color=GREY,
            label=_("target for supporters"),
        )
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(colors=INK, labelsize=7)
    fig.legend(loc="outside lower center", ncols=4, frameon=False)
    description = "; ".join(f"{p['on']}: {p['parties']} / {p['supporters']}" for p in points)
    if targets:
        description += ". " + "; ".join(
            _("targets year %(year)s: %(parties)s / %(supporters)s")
            % {"year": t["year"], "parties": t["parties"], "supporters": t["supporters"]}
            for t in targets
        )
    return _svg(fig, title=_("Parties and supporters over time"), description=description)


def countries_svg(rows: list[tuple[str, int]]) -> str:
    """The countries with the most production locations, as published (the map's figures)."""
    rows = rows[:15]
    fig = Figure(figsize=(WIDTH, 0.3 * len(rows) + 0.8), layout="constrained")
    ax = _count_axes(fig, [name for name, _n in rows], max([n for _name, n in rows] + [1]))
    for y, (_name, n) in enumerate(rows):
        ax.barh(y, n, height=0.62, color=BLUE)
        ax.text(n, y, f" {n}", va="center", fontsize=7, color=INK)
    ax.set_xlabel(_("production locations"))
    description = "; ".join(f"{name}: {n}" for name, n in rows)
    return _svg(fig, title=_("Production locations per country"), description=description)
