"""Charts of a self-assessment result as SVG strings, for the PDF and for web pages.

Text stays text (`svg.fonttype` "none"), so WeasyPrint sets it in DejaVu Sans and the PDF can be
searched and read aloud. The hash salt is fixed and the date left out, so the same scores always
give the same SVG: it can be cached and compared in tests.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from collections.abc import Iterable
from xml.sax.saxutils import escape

import matplotlib
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from imvo.monitoring.framework import MINERALS, STEPS

matplotlib.use("Agg")
# Constant and process-wide: a per-call rc_context would race between threads.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "imvo-monitoring",
        "font.family": "DejaVu Sans",
        "font.size": 8,
    }
)

# Okabe & Ito: told apart with every common colour-vision deficiency, and in greyscale print
# the latest round (dark blue) stands out from the earlier ones.
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"
ROUND_COLOURS = (BLUE, SKY, ORANGE, PURPLE, GREEN, GREY)
INK = "#222222"
GRID = "#d9d9d9"
WIDTH = 6.7  # inches: the text width of an A4 page with 18 mm margins
LABEL_WIDTH = 34  # characters per line of a step's name


def percent(value: float | None) -> str:
    """A score as the active language writes it: '45,5 %' in Dutch; a dash when not scored."""
    return "–" if value is None else f"{number_format(value, decimal_pos=1)} %"


def _threshold(value: float) -> str:
    return percent(value) if value % 1 else f"{number_format(value, decimal_pos=0)} %"


def _keys(sections: Iterable[dict[str, float | None]]) -> list[str]:
    present = set().union(*sections)
    return [k for k in (*STEPS, MINERALS) if k in present]


def _label(labels: dict[str, str], key: str) -> str:
    return textwrap.fill(labels.get(key, key), LABEL_WIDTH)


def _axes(fig: Figure, ticks: list[str]):
    ax = fig.add_subplot()
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 20), [f"{x} %" for x in range(0, 101, 20)])
    ax.set_yticks(range(len(ticks)), ticks)
    ax.invert_yaxis()
    ax.tick_params(colors=INK, length=0, pad=4)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(INK)
    return ax


def _value_label(ax, y: float, value: float | None, *, inside: bool, size: float = 8) -> None:
    """White inside a long bar, dark just past a short one: readable on screen and on paper."""
    if inside and value is not None and value >= 14:
        ax.text(value - 1, y, percent(value), va="center", ha="right", color="white", fontsize=size)
    else:
        ax.text((value or 0) + 1, y, percent(value), va="center", ha="left", color=INK, fontsize=size)


def _svg(fig: Figure, *, title: str, description: str) -> str:
    """The figure as SVG with a title and description screen readers announce; their ids follow
    from the content, so two charts inlined in one page do not clash and output stays stable."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    ref = "chart-" + hashlib.sha256(svg.encode()).hexdigest()[:10]
    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = svg[start:end].replace("<svg", f'<svg role="img" aria-labelledby="{ref}-title {ref}-desc"', 1)
    accessible = (
        f'>\n <title id="{ref}-title">{escape(title)}</title>\n'
        f' <desc id="{ref}-desc">{escape(description)}</desc>'
    )
    return svg[:start] + opening + accessible + svg[end + 1 :]


def step_scores_svg(
    sections: dict[str, float | None], *, labels: dict[str, str], green: float, floor: float
) -> str:
    """One horizontal bar per step (and minerals when in scope), against the green threshold and
    the floor no step may fall below."""
    keys = _keys([sections])
    fig = Figure(figsize=(WIDTH, 0.4 * len(keys) + 0.8), layout="constrained")
    ax = _axes(fig, [_label(labels, k) for k in keys])
    for y, key in enumerate(keys):
        value = sections[key]
        (bar,) = ax.barh(y, value or 0, height=0.62, color=BLUE)
        bar.set_gid(f"bar-{key}")
        _value_label(ax, y, value, inside=True)
    ax.axvline(
        green,
        color=GREEN,
        linestyle="--",
        linewidth=1.6,
        label=_("green from %(value)s overall") % {"value": _threshold(green)},
    )
    ax.axvline(
        floor,
        color=VERMILLION,
        linestyle=":",
        linewidth=1.8,
        label=_("no step below %(value)s") % {"value": _threshold(floor)},
    )
    fig.legend(loc="outside lower center", ncols=2, frameon=False)
    description = "; ".join(f"{labels.get(k, k)}: {percent(sections[k])}" for k in keys)
    return _svg(
        fig,
        title=_("Score per step"),
        description=_("%(scores)s. Green from %(green)s overall, no step below %(floor)s.")
        % {"scores": description, "green": _threshold(green), "floor": _threshold(floor)},
    )


def progress_svg(rounds: list[tuple[str, dict[str, float | None], float]], *, labels: dict[str, str]) -> str:
    """Per step, and overall, one bar for each round, oldest on top: the company's progress."""
    keys = _keys([sections for _name, sections, _overall in rounds])
    n = max(len(rounds), 1)
    colours = [ROUND_COLOURS[i % len(ROUND_COLOURS)] for i in reversed(range(n))]
    ticks = [_label(labels, k) for k in keys] + [labels.get("overall") or _("Overall")]
    fig = Figure(figsize=(WIDTH, (0.16 * n + 0.14) * len(ticks) + 0.9), layout="constrained")
    ax = _axes(fig, ticks)
    ax.set_xlim(0, 109)  # room for the value label past a full bar
    group = 0.8
    height = group / n
    for i, (name, sections, overall) in enumerate(rounds):
        values = [sections.get(k) for k in keys] + [overall]
        for g, (key, value) in enumerate(zip([*keys, "overall"], values, strict=True)):
            y = g - group / 2 + height * (i + 0.5)
            (bar,) = ax.barh(
                y, value or 0, height=height * 0.9, color=colours[i], label=name if g == 0 else None
            )
            bar.set_gid(f"bar-{key}-{i}")
            _value_label(ax, y, value, inside=False, size=6.5)
    ax.axhline(len(keys) - 0.5, color=INK, linewidth=0.6)
    fig.legend(loc="outside lower center", ncols=min(n, 4), frameon=False)
    description = "; ".join(
        f"{name}: "
        + ", ".join(f"{labels.get(k, k)} {percent(sections.get(k))}" for k in keys)
        + f", {labels.get('overall') or _('Overall')} {percent(overall)}"
        for name, sections, overall in rounds
    )
    return _svg(fig, title=_("Scores per round"), description=description)
