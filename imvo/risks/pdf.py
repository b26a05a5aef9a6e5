"""The risk analysis as PDFs: the full register the company takes to its board (confidential), and
the public statement (art. 27) as it was published.

The HTML is exposed too (`register_html`, `statement_html`): tests read what the pages say from it,
and the PDF is WeasyPrint's rendering of exactly that HTML.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from imvo.risks.charts import SCALE, heat_description, heat_map_svg
from imvo.risks.exports import (
    Card,
    content_heat,
    prioritisation_rule,
    register_cards,
    statement_cards,
)
from imvo.risks.selectors import RegisterView

REGISTER_TEMPLATE = "risks/register_pdf.html"
STATEMENT_TEMPLATE = "risks/statement_pdf.html"


@dataclass(frozen=True)
class HeatRow:
    severity: int
    counts: list[int]  # likelihood 1..5


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    empty: str
    cards: list[Card]


def _sections(cards: list[Card]) -> list[Section]:
    """The priorities first, then the other risks, each in rank order with the addressed last."""
    return [
        Section(
            _("Priorities"),
            _("The risks the company addresses first this year, the most pressing first."),
            _("No risk is prioritised yet."),
            [c for c in cards if c.prioritised],
        ),
        Section(
            _("Other risks"),
            _(
                "The other risks in rank order, the addressed ones last. They stay in the register and "
                "are reassessed every year."
            ),
            _("There are no other risks."),
            [c for c in cards if not c.prioritised],
        ),
    ]


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _heat(heat: dict[tuple[int, int], int]) -> dict[str, Any]:
    """The chart and the same counts as a table, for readers who cannot see the chart."""
    title = _("Open risks by severity and likelihood")
    return {
        "heat_chart": _data_uri(heat_map_svg(heat, title=title, description=heat_description(heat))),
        "heat_rows": [HeatRow(sev, [heat.get((sev, lik), 0) for lik in SCALE]) for sev in reversed(SCALE)],
        "heat_columns": list(SCALE),
        "heat_empty": not any(heat.values()),
    }


def register_context(view: RegisterView) -> dict[str, Any]:
    register = view.register
    return {
        "register": register,
        "organization": register.organization,
        "year": register.year,
        "sections": _sections(register_cards(view)),
        "open_risks": view.open_risks,
        "rule": prioritisation_rule(register.priority_count),
        "generated_at": timezone.localtime(),
        **_heat(view.heat),
    }


def register_html(view: RegisterView) -> str:
    return render_to_string(REGISTER_TEMPLATE, register_context(view))


def statement_context(content: dict[str, Any], *, published_at: dt.datetime, version: int) -> dict[str, Any]:
    count = int(content.get("priority_count") or 0)
    return {
        "content": content,
        "organization": content.get("organization", ""),
        "year_number": content.get("year"),
        "year_start": _date(content.get("year_start")),
        "year_end": _date(content.get("year_end")),
        "sections": _sections(statement_cards(content)),
        "open_risks": content.get("open_risks"),
        "priority_count": count,
        "rule": prioritisation_rule(count),
        "published_at": published_at,
        "version": version,
        **_heat(content_heat(content)),
    }


def statement_html(content: dict[str, Any], *, published_at: dt.datetime, version: int) -> str:
    return render_to_string(
        STATEMENT_TEMPLATE, statement_context(content, published_at=published_at, version=version)
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _pdf(html: str) -> bytes:
    """A tagged PDF (screen readers get the chart's alt text); only data: URIs are fetched, so
    rendering never reaches the network or the disk."""
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True)


def register_pdf(view: RegisterView) -> bytes:
    return _pdf(register_html(view))


def statement_pdf(content: dict[str, Any], *, published_at: dt.datetime, version: int) -> bytes:
    return _pdf(statement_html(content, published_at=published_at, version=version))
