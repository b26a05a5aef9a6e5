"""Downloads of the risk analysis as Excel workbooks: a company's full register (confidential, for
the company and the secretariat), its public statement, and the sector's aggregated risks.

The register and the statement read through one `Card` per risk, so both downloads and both PDFs
name a risk the same way; the statement's cards carry only what the statement published.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import openpyxl
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from imvo.core.countries import country_name, region_name
from imvo.risks.charts import ZONE_COLOURS
from imvo.risks.drafting import citation_text
from imvo.risks.method import method
from imvo.risks.models import Risk
from imvo.risks.sector import SectorView
from imvo.risks.selectors import RegisterView, RiskLine, rank_order
from imvo.supply_chain.presenters import CONTINENTS
from imvo.supply_chain.vocabulary import vocabulary

SCALE = range(1, 6)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
REASONS = {
    "human_rights": gettext_lazy("a most severe human-rights impact"),
    "below_cut": gettext_lazy("below the number prioritised"),
    "addressed": gettext_lazy("addressed"),
    "unscored": gettext_lazy("not scored yet"),
}
LEVELS = {
    "country": gettext_lazy("country"),
    "continent": gettext_lazy("continent"),
    "world": gettext_lazy("world"),
}


# --- one risk in words ------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One risk as a download names it. The fields after `sources` are the register's own: a
    statement never published them, so its cards leave them empty."""

    rank: int | None
    prioritised: bool
    overridden: bool
    reason: str
    addressed: bool
    actual: bool
    theme: str
    material: str
    chain_stage: str
    country: str
    region: str
    stakeholders: str
    nature: str
    involvement: str
    scale: int | None
    scope: int | None
    irremediability: int | None
    severity: int | None
    likelihood: int | None
    explanation: str
    gender: str
    gender_how: str
    sources: tuple[str, ...]
    description: str = ""
    likelihood_floor: int | None = None
    likelihood_evidence: str = ""
    override_reason: str = ""
    addressed_note: str = ""
    reassessed: bool = True
    missing: tuple[str, ...] = ()

    @property
    def prioritised_text(self) -> str:
        if self.overridden:
            return (
                _("yes, deviating from the method")
                if self.prioritised
                else _("no, deviating from the method")
            )
        return yes_no(self.prioritised)

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.region, self.country) if part)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def reason_label(reason: str, count: int) -> str:
    if reason == "rank":
        return ngettext(
            "the most pressing open risk", "among the %(count)s most pressing open risks", count
        ) % {"count": count}
    return str(REASONS.get(reason, reason))


def _choice(choices: type[Risk.Nature] | type[Risk.Gender], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _sources(citations: Iterable[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(citation_text(c) for c in citations or ())


def _common(data: dict[str, Any], *, count: int) -> dict[str, Any]:
    """The fields a register risk and a published one share, from the statement's JSON shape."""
    m = method()
    nature = data.get("nature") or ""
    return {
        "rank": data.get("rank"),
        "prioritised": bool(data.get("prioritised")),
        "overridden": bool(data.get("overridden")),
        "reason": reason_label(data.get("reason") or "", count),
        "addressed": bool(data.get("addressed")),
        "actual": nature == Risk.Nature.ACTUAL,
        "theme": m.label("themes", data.get("theme") or ""),
        "material": vocabulary().label("materials", data["material"]) if data.get("material") else "",
        "chain_stage": m.label("chain_stages", data["chain_stage"]) if data.get("chain_stage") else "",
        "country": country_name(data["country"]) if data.get("country") else "",
        "region": region_name(data["region"]) if data.get("region") else "",
        "stakeholders": ", ".join(m.label("stakeholders", code) for code in data.get("stakeholders") or ()),
        "nature": _choice(Risk.Nature, nature),
        "involvement": m.label("involvement", data["involvement"]) if data.get("involvement") else "",
        "scale": data.get("scale"),
        "scope": data.get("scope"),
        "irremediability": data.get("irremediability"),
        "severity": data.get("severity"),
        "likelihood": None if nature == Risk.Nature.ACTUAL else data.get("likelihood"),
        "gender": _choice(Risk.Gender, data.get("gender") or ""),
        "gender_how": data.get("gender_how") or "",
        "sources": _sources(data.get("citations") or ()),
    }


def line_card(line: RiskLine, *, count: int) -> Card:
    risk = line.risk
    data = {
        name: getattr(risk, name)
        for name in (
            "theme",
            "material",
            "chain_stage",
            "country",
            "region",
            "stakeholders",
            "nature",
            "involvement",
            "scale",
            "scope",
            "irremediability",
            "likelihood",
            "addressed",
            "gender",
            "gender_how",
        )
    }
    data |= {
        "severity": line.severity,
        "rank": line.outcome.rank,
        "prioritised": line.outcome.prioritised,
        "overridden": line.outcome.overridden,
        "reason": line.outcome.reason,
        "citations": risk.floor_citations,
    }
    return Card(
        **_common(data, count=count),
        explanation=line.explanation,
        description=risk.description,
        likelihood_floor=risk.likelihood_floor,
        likelihood_evidence=risk.likelihood_evidence,
        override_reason=risk.override_reason if line.outcome.overridden else "",
        addressed_note=risk.addressed_note,
        reassessed=risk.reassessed,
        missing=tuple(line.missing),
    )


def register_cards(view: RegisterView) -> list[Card]:
    """Every risk of the register in rank order, addressed ones last."""
    count = view.register.priority_count
    return [line_card(line, count=count) for line in sorted(view.lines, key=rank_order)]


def statement_language() -> str:
    return (get_language() or "nl")[:2]


def content_card(data: dict[str, Any], *, count: int, language: str | None = None) -> Card:
    """A published risk; its explanation in the reader's language, else the Dutch one. Reference
    data always name a country, so a risk whose location the company kept out of the statement
    shows none: the citation would give the location away."""
    explanation = data.get("explanation") or {}
    if isinstance(explanation, str):
        text = explanation
    else:
        text = explanation.get(language or statement_language()) or explanation.get("nl") or ""
    card = Card(**_common(data, count=count), explanation=text, addressed_note=data.get("addressed_note", ""))
    if not data.get("country"):
        card = replace(card, sources=())
    return card


def statement_cards(content: dict[str, Any]) -> list[Card]:
    """The statement's risks in the order they were published (rank order)."""
    count = int(content.get("priority_count") or 0)
    language = statement_language()
    return [content_card(r, count=count, language=language) for r in content.get("risks", ())]


def content_heat(content: dict[str, Any]) -> dict[tuple[int, int], int]:
    """The statement's heat map as the register counted it: open scored risks, an actual impact
    at likelihood 5, addressed ones left out."""
    heat: Counter[tuple[int, int]] = Counter()
    for r in content.get("risks", ()):
        if r.get("addressed") or r.get("rank") is None or r.get("severity") is None:
            continue
        likelihood = 5 if r.get("nature") == Risk.Nature.ACTUAL else (r.get("likelihood") or 1)
        heat[(int(r["severity"]), int(likelihood))] += 1
    return dict(heat)


def prioritisation_rule(count: int) -> str:
    """The method in one paragraph, for readers who get the numbers without the platform."""
    return _(
        "Severity is the highest of scale, scope and irremediable character, each scored 1 to 5. "
        "Open risks are ranked on severity, then on likelihood; an actual impact counts as certain. "
        "The company prioritises its first %(count)s open risks, and a human-rights impact of "
        "severity %(severity)s or more whatever its rank. Addressed risks leave the ranking, so the "
        "next ones move up. The company may deviate from this outcome only with a written reason, "
        "which it publishes."
    ) % {"count": count, "severity": method().human_rights_always_from}


# --- workbooks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    value: Callable[[Card], Any]
    wrap: bool = False


def _joined(values: Sequence[str]) -> str:
    return "\n".join(values)


def _columns(*, register: bool) -> list[Column]:
    """The register's columns, or the statement's: the same minus what was never published."""
    columns = [
        Column(_("Rank"), 7, lambda c: c.rank),
        Column(_("Prioritised"), 14, lambda c: c.prioritised_text, wrap=True),
        Column(_("Why"), 24, lambda c: c.reason, wrap=True),
        Column(_("Theme"), 24, lambda c: c.theme, wrap=True),
        Column(_("Raw material or metal"), 16, lambda c: c.material),
        Column(_("Chain stage"), 20, lambda c: c.chain_stage, wrap=True),
        Column(_("Country"), 16, lambda c: c.country),
        Column(_("Region"), 18, lambda c: c.region),
        Column(_("Affected stakeholders"), 24, lambda c: c.stakeholders, wrap=True),
    ]
    if register:
        columns.append(Column(_("What happens, and to whom"), 40, lambda c: c.description, wrap=True))
    columns += [
        Column(_("Actual or potential"), 16, lambda c: c.nature, wrap=True),
        Column(_("The company's involvement"), 16, lambda c: c.involvement),
        Column(_("Scale"), 8, lambda c: c.scale),
        Column(_("Scope"), 8, lambda c: c.scope),
        Column(_("Irremediable character"), 12, lambda c: c.irremediability),
        Column(_("Severity"), 9, lambda c: c.severity),
        Column(_("Likelihood"), 11, lambda c: c.likelihood),
    ]
    if register:
        columns += [
            Column(_("Likelihood suggested by reference data"), 14, lambda c: c.likelihood_floor),
            Column(_("Evidence for a lower likelihood"), 30, lambda c: c.likelihood_evidence, wrap=True),
        ]
    columns += [
        Column(_("Reference data"), 50, lambda c: _joined(c.sources), wrap=True),
        Column(_("Explanation"), 60, lambda c: c.explanation, wrap=True),
    ]
    if register:
        columns.append(
            Column(_("Reason for deviating from the method"), 30, lambda c: c.override_reason, wrap=True)
        )
    columns += [
        Column(_("Are women or girls affected differently?"), 20, lambda c: c.gender, wrap=True),
        Column(_("How"), 30, lambda c: c.gender_how, wrap=True),
        Column(_("Addressed"), 11, lambda c: yes_no(c.addressed)),
    ]
    if register:
        columns += [
            Column(_("How it was addressed"), 30, lambda c: c.addressed_note, wrap=True),
            Column(_("Reassessed this year"), 12, lambda c: yes_no(c.reassessed)),
            Column(_("Still needed before publishing"), 30, lambda c: _joined(c.missing), wrap=True),
        ]
    return columns


def _title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text.strip()[:31]


def _bold_row(ws: Worksheet, values: Sequence[Any]) -> None:
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        cell.font = BOLD
        cell.alignment = WRAP


def _risk_sheet(ws: Worksheet, cards: Sequence[Card], columns: Sequence[Column]) -> None:
    """Header on row 1, frozen and filterable, one risk per row."""
    ws.title = _title(_("Risks"))
    _bold_row(ws, [c.header for c in columns])
    for card in cards:
        ws.append([column.value(card) for column in columns])
        for cell, column in zip(ws[ws.max_row], columns, strict=True):
            cell.alignment = WRAP if column.wrap else TOP
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 2)}"


def _heat_sheet(
    wb: openpyxl.Workbook, heat: dict[tuple[int, int], int], *, note: str, empty: int | None = 0
) -> Worksheet:
    """Severity 5 at the top, likelihood 1 to 5 left to right, as on the chart; cells in the
    chart's zone colours. `empty` fills a cell without a count."""
    ws = wb.create_sheet(_title(_("Heat map")))
    _bold_row(ws, [_("Severity \\ likelihood"), *SCALE])
    m = method()
    for sev in reversed(SCALE):
        ws.append([sev, *(heat.get((sev, lik), empty) for lik in SCALE)])
        ws.cell(ws.max_row, 1).font = BOLD
        for lik in SCALE:
            colour = ZONE_COLOURS[m.zone(sev, lik)].lstrip("#")
            ws.cell(ws.max_row, lik + 1).fill = PatternFill("solid", fgColor=colour)
    ws.append([])
    ws.append([note])
    ws.column_dimensions["A"].width = 22
    for lik in SCALE:
        ws.column_dimensions[get_column_letter(lik + 1)].width = 9
    return ws


def _about_sheet(wb: openpyxl.Workbook, rows: Sequence[tuple[str, Any]]) -> Worksheet:
    ws = wb.create_sheet(_title(_("About")))
    for label, value in rows:
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = BOLD
        ws.cell(ws.max_row, 1).alignment = TOP
        ws.cell(ws.max_row, 2).alignment = WRAP
        if isinstance(value, dt.datetime):
            ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd hh:mm"
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    return ws


def _now() -> dt.datetime:
    """Local time without a zone: Excel has no time zones and openpyxl refuses aware datetimes."""
    return timezone.localtime().replace(tzinfo=None, microsecond=0)


def _bytes(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _heat_note() -> str:
    return _("Open risks per cell; an actual impact counts as likelihood 5. Addressed risks are left out.")


def register_workbook(view: RegisterView) -> bytes:
    """The whole register, confidential: what the company and the secretariat work from."""
    register = view.register
    wb = openpyxl.Workbook()
    _risk_sheet(wb.active, register_cards(view), _columns(register=True))
    _heat_sheet(wb, view.heat, note=_heat_note())
    _about_sheet(
        wb,
        [
            (_("Company"), register.organization.name),
            (_("Agreement year"), str(register.year)),
            (_("Confidential"), _("The full risk register, for the company and the secretariat only.")),
            (_("Open risks"), view.open_risks),
            (_("Number of risks to prioritise"), register.priority_count),
            (_("Method version"), register.method_version),
            (_("How risks are prioritised"), prioritisation_rule(register.priority_count)),
            (_("Generated at"), _now()),
        ],
    )
    return _bytes(wb)


def statement_workbook(
    content: dict[str, Any], *, published_at: dt.datetime | None = None, version: int | None = None
) -> bytes:
    """The public statement as published: no scores' evidence or notes it did not contain."""
    count = int(content.get("priority_count") or 0)
    wb = openpyxl.Workbook()
    _risk_sheet(wb.active, statement_cards(content), _columns(register=False))
    _heat_sheet(wb, content_heat(content), note=_heat_note())
    rows: list[tuple[str, Any]] = [
        (_("Company"), content.get("organization", "")),
        (_("Agreement year"), _("Year %(number)s") % {"number": content.get("year", "")}),
        (_("Period"), f"{content.get('year_start', '')} – {content.get('year_end', '')}"),
        (_("Open risks"), content.get("open_risks")),
        (_("Number of risks to prioritise"), count),
        (_("Method version"), content.get("method_version", "")),
        (_("How risks are prioritised"), prioritisation_rule(count)),
    ]
    if published_at is not None:
        rows.append((_("Published"), timezone.localtime(published_at).replace(tzinfo=None, microsecond=0)))
    if version is not None:
        rows.append((_("Version"), version))
    rows.append((_("Generated at"), _now()))
    _about_sheet(wb, rows)
    return _bytes(wb)


# --- the sector ---------------------------------------------------------------------------------


def area_label(level: str, area: str) -> str:
    """A sector row's area as a reader takes it: rows never overlap, so a continent row holds only
    the countries not shown on their own, and the world row everything not shown lower down."""
    if level == "country":
        return country_name(area)
    if level == "continent":
        return _("Other countries in %(continent)s") % {"continent": CONTINENTS.get(area, area)}
    return _("Elsewhere / all countries")


def material_label(code: str) -> str:
    return vocabulary().label("materials", code) if code else _("other or all materials")


def sector_workbook(view: SectorView, *, year_label: str) -> bytes:
    """The sector's risks as published: only rows, totals and cells resting on at least k companies."""
    m = method()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _title(_("Sector risks"))
    ws.append([_("Sector risks %(year)s") % {"year": year_label}])
    ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.append(
        [
            _(
                "Not traceable to one company: every number rests on at least %(k)s companies. A risk "
                "lands in exactly one row, the finest that is safe, so rows never overlap."
            )
            % {"k": view.k}
        ]
    )
    ws.append([])
    headers = [
        _("Theme"),
        _("Raw material or metal"),
        _("Country or continent"),
        _("Level"),
        _("Companies"),
        _("Companies prioritising it"),
        _("Companies with an actual impact"),
        _("Risks"),
        _("Mean severity"),
    ]
    _bold_row(ws, headers)
    header_row = ws.max_row
    for row in view.rows:
        ws.append(
            [
                m.label("themes", row.theme),
                material_label(row.material),
                area_label(row.level, row.area),
                str(LEVELS.get(row.level, row.level)),
                row.companies,
                row.prioritising,
                row.actual,
                row.risks,
                row.severity,
            ]
        )
        ws.cell(ws.max_row, 9).number_format = "0.0"
    last = ws.max_row
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{max(last, header_row + 1)}"
    ws.append([])
    ws.append([_suppression_note(view)])
    for col, width in zip("ABCDEFGHI", (34, 22, 30, 12, 12, 14, 14, 10, 12), strict=True):
        ws.column_dimensions[col].width = width

    themes = wb.create_sheet(_title(_("Themes")))
    _bold_row(themes, [_("Theme"), _("Companies"), _("Companies prioritising it"), _("Mean severity")])
    for total in view.themes:
        themes.append([m.label("themes", total.theme), total.companies, total.prioritising, total.severity])
        themes.cell(themes.max_row, 4).number_format = "0.0"
    themes.append([])
    themes.append(
        [
            _(
                "Distinct companies over the theme's rows shown above: not their sum, as a company "
                "can be in several rows."
            )
        ]
    )
    for col, width in zip("ABCD", (40, 12, 14, 12), strict=True):
        themes.column_dimensions[col].width = width

    heat = {(cell.severity, cell.likelihood): cell.risks for cell in view.heat}
    _heat_sheet(
        wb,
        heat,
        note=ngettext(
            "Risks per cell; an actual impact counts as likelihood 5. A cell is empty when it has no "
            "risks or rests on fewer than %(k)s companies; %(n)s risk is in no cell shown.",
            "Risks per cell; an actual impact counts as likelihood 5. A cell is empty when it has no "
            "risks or rests on fewer than %(k)s companies; %(n)s risks are in no cell shown.",
            view.heat_not_shown,
        )
        % {"k": view.k, "n": view.heat_not_shown},
        empty=None,
    )
    return _bytes(wb)


def _suppression_note(view: SectorView) -> str:
    if not view.companies:
        return _("Fewer than %(k)s companies have scored risks: nothing can be shown yet.") % {"k": view.k}
    return ngettext(
        "Not shown to protect confidentiality: %(n)s risk that rests on fewer than %(k)s companies even "
        "at the highest level.",
        "Not shown to protect confidentiality: %(n)s risks that rest on fewer than %(k)s companies even "
        "at the highest level.",
        view.not_shown,
    ) % {"n": view.not_shown, "k": view.k}
