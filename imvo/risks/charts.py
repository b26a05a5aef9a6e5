"""The risk heat map as an SVG string, for the register and statement PDFs and for web pages.

It reuses the monitoring charts' settings (text stays text, fixed hash salt) and their accessible
SVG wrapper, so every chart on the platform reads the same to a screen reader and is reproducible.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from imvo.monitoring.charts import INK, _svg
from imvo.risks.method import method

SCALE = range(1, 6)
# Dark ink on every zone colour stays above 5:1 contrast; the zones also differ in lightness, so
# they remain apart in greyscale print and with common colour-vision deficiencies.
ZONE_COLOURS = {"high": "#E8743B", "medium": "#F5D76E", "low": "#E3EEF6"}
ZONE_LABELS = {
    "high": gettext_lazy("high"),
    "medium": gettext_lazy("medium"),
    "low": gettext_lazy("low"),
}


def heat_description(heat: dict[tuple[int, int], int]) -> str:
    """The counts in words, cell by cell from the most severe: what the picture shows."""
    cells = [
        ngettext(
            "severity %(severity)s, likelihood %(likelihood)s: %(count)s risk",
            "severity %(severity)s, likelihood %(likelihood)s: %(count)s risks",
            count,
        )
        % {"severity": sev, "likelihood": lik, "count": count}
        for (sev, lik), count in sorted(heat.items(), key=lambda kv: (-kv[0][0], -kv[0][1]))
        if count
    ]
    if not cells:
        return _("No open risks are scored yet.")
    return _(
        "Open risks by severity and likelihood (an actual impact counts as likelihood 5): %(cells)s."
    ) % {"cells": "; ".join(cells)}


def heat_map_svg(heat: dict[tuple[int, int], int], *, title: str, description: str | None = None) -> str:
    """A 5×5 grid, severity up and likelihood to the right, each cell coloured by the method's zone
    and holding its number of risks; `description` defaults to the counts in words."""
    m = method()
    fig = Figure(figsize=(4.2, 3.9), layout="constrained")
    ax = fig.add_subplot()
    for sev in SCALE:
        for lik in SCALE:
            zone = m.zone(sev, lik)
            cell = Rectangle(
                (lik - 0.5, sev - 0.5), 1, 1, facecolor=ZONE_COLOURS[zone], edgecolor="white", linewidth=1.5
            )
            cell.set_gid(f"cell-{sev}-{lik}")
            ax.add_patch(cell)
            count = heat.get((sev, lik), 0)
            ax.text(
                lik,
                sev,
                str(count) if count else "",
                ha="center",
                va="center",
                color=INK,
                fontsize=10,
                fontweight="bold",
                gid=f"count-{sev}-{lik}",
            )
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_aspect("equal")
    ax.set_xticks(list(SCALE), [str(n) for n in SCALE])
    ax.set_yticks(list(SCALE), [str(n) for n in SCALE])
    ax.set_xlabel(_("Likelihood"), color=INK)
    ax.set_ylabel(_("Severity"), color=INK)
    ax.tick_params(colors=INK, length=0, pad=3)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.legend(
        handles=[
            Patch(facecolor=ZONE_COLOURS[zone], edgecolor=INK, linewidth=0.4, label=str(ZONE_LABELS[zone]))
            for zone in ("high", "medium", "low")
        ],
        title=_("Zone"),
        loc="outside right center",
        frameon=False,
    )
    return _svg(fig, title=title, description=description or heat_description(heat))
