"""What an agreement report says, composed from the platform's data for one agreement year.

Every section holds only figures that are already safe to publish: the published aggregated list
and sector risks, the monitoring distribution and counts protected by `core.disclosure.protect`,
and public facts (who takes part, published decisions, collective risks). The result is plain JSON,
frozen in the report, so a published report says tomorrow what it said today.

A section builder takes (agreement, year) and returns a dict, or None when the year has nothing for
it; apps that add to the reports register a builder in SECTIONS.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from imvo.agreements.models import Agreement, AgreementYear
from imvo.core.disclosure import protect
from imvo.organizations.models import ACTIVE_STATUSES, Organization, Participation

Builder = Callable[[Agreement, AgreementYear], dict[str, Any] | None]

KINDS_WITH_MONITORING = {"baseline", "progress", "evaluation"}


def report_kinds(agreement: Agreement) -> list[dict]:
    return agreement.vocabulary("agreement_reports")


def kinds_for(agreement: Agreement, year: AgreementYear) -> list[dict]:
    """The reports the agreement file asks for in this year."""
    last = agreement.years.order_by("-number").values_list("number", flat=True).first()
    out = []
    for kind in report_kinds(agreement):
        years = kind.get("years", "all")
        numbers = {last if y == "last" else y for y in years} if isinstance(years, list) else None
        if numbers is None or year.number in numbers:
            out.append(kind)
    return out


def _moment(year: AgreementYear) -> dt.date:
    return min(year.end_date, timezone.localdate())


def participation(agreement: Agreement, year: AgreementYear) -> dict[str, Any]:
    """Who takes part at the end of the year (or today): public knowledge (art. 41)."""
    day = _moment(year)
    active = Participation.objects.filter(
        agreement=agreement, status__in=[*ACTIVE_STATUSES, "ended", "removed"], signed_on__lte=day
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
    parties = Counter(
        active.filter(form=Participation.Form.PARTY).values_list("organization__kind", flat=True)
    )
    return {
        "on": day.isoformat(),
        "parties": sum(parties.values()),
        "by_kind": {
            kind: parties.get(kind, 0) for kind in ("company", "industry_association", "ngo", "union")
        },
        "supporters": active.filter(form=Participation.Form.SUPPORTER).count(),
    }


def _round_of(agreement: Agreement, year: AgreementYear):
    from imvo.monitoring.models import AssessmentRound

    return AssessmentRound.objects.filter(agreement=agreement, year=year).first()


def _distribution(rnd) -> dict[str, Any]:
    from imvo.monitoring.selectors import BANDS, round_aggregate

    aggregate = round_aggregate(round=rnd)
    return {
        "year": rnd.year.number,
        "submitted": aggregate.submitted,
        "suppressed": aggregate.suppressed,
        "bands": [f"{lo}–{min(hi, 100)}" for lo, hi in BANDS],
        "steps": [
            {"key": s.key, "n": s.n, "bands": s.bands, "median": s.median, "mean": s.mean}
            for s in aggregate.steps
        ],
        "verdicts": aggregate.verdicts,
    }


def maturity(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """The maturity per step and its distribution in this year's round, with every earlier round's
    medians to show the progress against the baseline (art. 12, 33)."""
    from imvo.monitoring.models import AssessmentRound

    rounds = list(
        AssessmentRound.objects.filter(agreement=agreement, year__number__lte=year.number)
        .select_related("year")
        .order_by("year__number")
    )
    if not rounds:
        return None
    current = next((r for r in rounds if r.year_id == year.pk), None)
    return {
        "current": _distribution(current) if current else None,
        "rounds": [_distribution(r) for r in rounds],
    }


def locations(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """The aggregated production-location list published for the year (or the latest before it)."""
    from imvo.supply_chain.models import AggregatedList
    from imvo.supply_chain.presenters import aggregate_view

    published = (
        AggregatedList.objects.filter(
            agreement=agreement, status=AggregatedList.Status.PUBLISHED, year__number__lte=year.number
        )
        .select_related("year")
        .order_by("-year__number", "-published_at")
        .first()
    )
    if published is None:
        return None
    view = aggregate_view(published)
    return {
        "year": published.year.number,
        "companies": published.companies,
        "total": view.total,
        "countries": [{"code": c["code"], "locations": c["locations"]} for c in view.by_country],
        "map": view.map_data,
    }


def risks(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """The sector's published risks (theme totals) and the collective risks chosen from them."""
    from imvo.risks.models import CollectiveRisk, SectorReport

    report = (
        SectorReport.objects.filter(
            agreement=agreement, status=SectorReport.Status.PUBLISHED, year__number__lte=year.number
        )
        .order_by("-year__number")
        .first()
    )
    collective = CollectiveRisk.objects.filter(agreement=agreement, year__number__lte=year.number).order_by(
        "chosen_on"
    )
    if report is None and not collective.exists():
        return None
    minimum = agreement.min_companies_per_cell
    themes = []
    for theme in report.content.get("themes", []) if report else []:
        prioritising = protect([theme["prioritising"], theme["companies"] - theme["prioritising"]], minimum)[
            0
        ]
        themes.append({**theme, "prioritising": prioritising})
    return {
        "companies": report.content.get("companies") if report else None,
        "themes": themes,
        "collective": [
            {"theme": c.theme, "material": c.material, "area": c.area, "rationale": c.rationale}
            for c in collective
        ],
    }


def public_reporting(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """How many companies owed a public report this year and how many published one (art. 31–32),
    per regime; counts protected."""
    from imvo.organizations.selectors import companies_taking_part
    from imvo.reports.selectors import report_due

    minimum = agreement.min_companies_per_cell
    companies = list(companies_taking_part(agreement=agreement))
    if not companies:
        return None
    published = set(year_reports(year).values_list("organization_id", flat=True))
    regimes = agreement.vocabulary("reporting_regimes")
    members = {r["code"]: [c for c in companies if c.reporting_regime == r["code"]] for r in regimes}
    unknown = sum(not c.reporting_regime for c in companies)
    sizes = protect([len(members[r["code"]]) for r in regimes] + [unknown], minimum)
    rows = []
    for regime, size in zip(regimes, sizes, strict=False):
        code = regime["code"]
        due = [c for c in members[code] if report_due(agreement=agreement, regime=code, year=year)]
        done = sum(c.pk in published for c in due)
        shown = protect([done, len(due) - done], minimum) if due else [0, 0]
        rows.append(
            {
                "regime": code,
                "companies": size,
                "due": len(due) if size is not None else None,
                "published": shown[0] if size is not None else None,
            }
        )
    return {"rows": rows, "unknown": sizes[-1]}


def year_reports(year: AgreementYear):
    from imvo.reports.models import CompanyReport

    return CompanyReport.objects.filter(year=year)


def obligations(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    from imvo.agreements.selectors import obligation_progress

    rows = obligation_progress(agreement=agreement, year_number=year.number)
    if not rows:
        return None
    return {
        "rows": [
            {"name": r.name, "total": r.total, "done": r.done, "late": r.late, "suppressed": r.suppressed}
            for r in rows
        ]
    }


def core_group(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """The core group's year in public terms: meetings held and the decisions it published."""
    from imvo.governance.models import Body, Meeting, Proposal

    meetings = Meeting.objects.filter(
        agreement=agreement, held_on__gte=year.start_date, held_on__lte=year.end_date
    )
    decisions = Proposal.objects.filter(
        agreement=agreement,
        published_at__isnull=False,
        decided_on__gte=year.start_date,
        decided_on__lte=year.end_date,
    ).order_by("decided_on")
    return {
        "core_group_meetings": meetings.filter(body=Body.CORE_GROUP, status=Meeting.Status.HELD).count(),
        "assemblies": meetings.filter(body=Body.ASSEMBLY, status=Meeting.Status.HELD).count(),
        "decisions": [
            {
                "title": p.title,
                "decided_on": p.decided_on.isoformat() if p.decided_on else "",
                "outcome": p.outcome,
            }
            for p in decisions
        ],
    }


def plans(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """The aggregated plan of approach the secretariat published for the year (art. 12)."""
    from imvo.plans.selectors import aggregated_plan_for

    return aggregated_plan_for(agreement=agreement, year=year)


def modules(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """Sessions and attendance per module; company figures already cut by the small-cell rule."""
    from imvo.core.i18n import pick
    from imvo.modules.selectors import participation_overview

    rows = participation_overview(agreement=agreement, year=year)
    if not rows:
        return None
    return {
        "rows": [
            {
                "name": pick(r.module.name_nl, r.module.name_en),
                "kind": r.module.kind,
                "sessions": r.sessions,
                "held": r.held,
                "companies": r.companies,
                "ngos_unions": r.ngos_unions,
                "mandatory": r.mandatory,
                "fulfilled": r.fulfilled,
            }
            for r in rows
        ]
    }


def projects(agreement: Agreement, year: AgreementYear) -> dict[str, Any] | None:
    """The collective projects that ran in the year: their public fields only; a company named only
    with its consent."""
    from imvo.projects.selectors import project_summary

    summary = project_summary(agreement=agreement, year=year)
    if not summary.projects:
        return None
    return {
        "by_status": summary.by_status,
        "companies": summary.companies,
        "companies_named": summary.companies_named,
        "budget_total": str(summary.budget_total),
        "projects": [
            {
                "title": p.title,
                "summary": p.summary,
                "status": p.status_label,
                "countries": [name for _code, name in p.countries],
                "materials": [name for _code, name in p.materials],
                "themes": [name for _code, name in p.themes],
                "participants": [f"{name} ({role})" for name, _kind, role in p.participants],
                "companies": p.companies,
                "results": [r.title for r in p.results],
            }
            for p in summary.projects
        ],
    }


def recruitment(agreement: Agreement, year: AgreementYear) -> dict[str, Any]:
    from imvo.reports.selectors import recruitment_series

    return recruitment_series(agreement=agreement, upto=year)


SECTIONS: dict[str, Builder] = {
    "participation": participation,
    "maturity": maturity,
    "obligations": obligations,
    "locations": locations,
    "risks": risks,
    "plans": plans,
    "modules": modules,
    "projects": projects,
    "public_reporting": public_reporting,
    "core_group": core_group,
    "recruitment": recruitment,
}
"""Every report carries every section the year has data for, in this order; the secretariat writes
the text around them and may leave a section's text empty."""


def compose(agreement: Agreement, year: AgreementYear, kind: str) -> dict[str, Any]:
    sections = {}
    for name, build in SECTIONS.items():
        if name == "maturity" and kind not in KINDS_WITH_MONITORING:
            continue
        data = build(agreement, year)
        if data is not None:
            sections[name] = data
    return {"version": 1, "kind": kind, "year": year.number, "sections": sections}


PUBLIC_ALREADY = ("core_group",)
"""Sections that only repeat what was published before under its own rules (the core group's
published decisions may name an applicant or a removed party, as art. 77 requires)."""


def companies_named(content: dict[str, Any]) -> list[str]:
    """Company names found in the composed figures: must be empty (tested). A project may name a
    company that agrees to it now; one that withdrew its consent since composing stops publication."""
    from imvo.projects.models import ProjectParticipant

    sections = {k: v for k, v in content.get("sections", {}).items() if k not in PUBLIC_ALREADY}
    projects = sections.pop("projects", None)
    consenting = set(
        ProjectParticipant.objects.filter(consent_to_show=True, organization__isnull=False).values_list(
            "organization__name", flat=True
        )
    )
    text, in_projects = repr(sections), repr(projects or {})
    return [
        name
        for name in Organization.objects.filter(kind=Organization.Kind.COMPANY).values_list("name", flat=True)
        if name in text or (name in in_projects and name not in consenting)
    ]
