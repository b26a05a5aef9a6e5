"""Reads of collective projects, with who may see what.

Approved, running and completed projects are known to every party and the government observer, and
their public fields to anyone (the reports app builds the public page from `project_summary`). A
proposal is seen as its governance proposal is: by the core group and the secretariat, and by the
parties once it goes to the assembly or its decision is published; the proposing organization and
the participants see their own. A company's participation is shown to others only with its consent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from imvo.accounts.roles import Role, roles_of
from imvo.core.countries import country_name
from imvo.governance import selectors as governance
from imvo.governance.models import Proposal
from imvo.organizations.models import Organization
from imvo.organizations.selectors import participant_list
from imvo.projects.models import PUBLIC_STATUSES, Project, ProjectParticipant


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _is_secretariat(user) -> bool:
    return Role.SECRETARIAT in roles_of(user)


def projects_visible_to(*, user, agreement, status: str = "", country: str = "") -> QuerySet[Project]:
    """The projects this person may see, filtered by status and country; anyone (even without an
    account) sees the approved, running and completed ones."""
    qs = Project.objects.filter(agreement=agreement).select_related("proposal", "proposed_by")
    if not _authenticated(user):
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    elif not (_is_secretariat(user) or governance.sees_everything(user=user, agreement=agreement)):
        seen = Q(status__in=PUBLIC_STATUSES)
        if governance.takes_part(user=user, agreement=agreement):
            seen |= Q(proposal__status=Proposal.Status.TO_ASSEMBLY) | Q(proposal__published_at__isnull=False)
        if user.organization_id:
            seen |= Q(proposed_by_id=user.organization_id) | Q(
                participants__organization_id=user.organization_id
            )
        qs = qs.filter(seen).distinct()
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(countries__contains=[country]) if _json_contains() else _in_python(qs, country)
    return qs


def _json_contains() -> bool:
    """SQLite has no JSON containment lookup; PostgreSQL has."""
    from django.db import connection

    return connection.features.supports_json_field_contains


def _in_python(qs: QuerySet[Project], country: str) -> QuerySet[Project]:
    return qs.filter(pk__in=[p.pk for p in qs if country in p.countries])


def project_visible(*, project: Project, user) -> bool:
    return projects_visible_to(user=user, agreement=project.agreement).filter(pk=project.pk).exists()


def leads(*, project: Project, user) -> bool:
    org_id = getattr(user, "organization_id", None)
    return (
        org_id is not None
        and project.participants.filter(role=ProjectParticipant.Role.LEAD, organization_id=org_id).exists()
    )


def may_propose(*, user, agreement) -> bool:
    """A member of a party that is a company, an NGO, a union or an industry association."""
    org = getattr(user, "organization", None)
    return (
        org is not None
        and org.kind in PROPOSER_KINDS
        and governance.is_party_member(user=user, agreement=agreement)
    )


PROPOSER_KINDS = (
    Organization.Kind.COMPANY,
    Organization.Kind.NGO,
    Organization.Kind.UNION,
    Organization.Kind.INDUSTRY_ASSOCIATION,
)


@dataclass(frozen=True)
class Participants:
    """The rows this reader may see; `hidden_companies` counts the companies that take part without
    agreeing to be named. `unnamed` are the shown rows other parties do not see (for the company
    itself and the secretariat)."""

    shown: list[ProjectParticipant]
    hidden_companies: int
    unnamed: list[ProjectParticipant] = field(default_factory=list)


def participants_visible_to(*, project: Project, user) -> Participants:
    rows = list(project.participants.select_related("organization"))
    sees_all = _authenticated(user) and _is_secretariat(user)
    org_id = getattr(user, "organization_id", None) if _authenticated(user) else None
    shown, hidden, unnamed = [], 0, []
    for row in rows:
        confidential = row.needs_consent and not row.consent_to_show
        if not confidential:
            shown.append(row)
        elif sees_all or (org_id is not None and row.organization_id == org_id):
            shown.append(row)
            unnamed.append(row)
        else:
            hidden += 1
    return Participants(shown=shown, hidden_companies=hidden, unnamed=unnamed)


def organizations_to_add(*, project: Project) -> QuerySet[Organization]:
    """Organizations taking part in the agreement in any form (a party, the government as funder, a
    supporter) that are not yet in the project."""
    taking_part = participant_list(agreement=project.agreement).values("organization_id")
    return (
        Organization.objects.filter(pk__in=taking_part)
        .exclude(kind=Organization.Kind.SECRETARIAT)
        .exclude(pk__in=project.participants.filter(organization__isnull=False).values("organization_id"))
        .order_by("kind", "name")
    )


# --- what the reports carry ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicResult:
    title: str
    text: str
    indicator: str
    value: str
    date: dt.date


@dataclass(frozen=True)
class PublicProject:
    """A project's public fields: nothing here names a company that did not agree to be named."""

    pk: int
    title: str
    summary: str
    status: str
    status_label: str
    origin: str
    countries: list[tuple[str, str]]
    regions: str
    materials: list[tuple[str, str]]
    themes: list[tuple[str, str]]
    goals: str
    budget: Decimal | None
    co_financing: str
    started_on: dt.date | None
    ends_on: dt.date | None
    participants: list[tuple[str, str, str]]  # (name, kind label, role label)
    companies: int
    companies_named: list[str]
    results: list[PublicResult]


@dataclass(frozen=True)
class ProjectSummary:
    """The agreement's collective projects for its reports (art. 33)."""

    projects: list[PublicProject]
    by_status: dict[str, int]
    countries: list[tuple[str, str, int]]  # (code, name, projects)
    materials: list[tuple[str, str, int]]
    themes: list[tuple[str, str, int]]
    participants_by_kind: dict[str, dict]  # kind -> {"label", "count", "named"}
    companies: int
    companies_named: list[str]
    budget_total: Decimal


def labels() -> dict[str, dict[str, str]]:
    from imvo.risks.method import method
    from imvo.supply_chain.vocabulary import vocabulary

    return {"material": dict(vocabulary().choices("materials")), "theme": dict(method().choices("themes"))}


def _period(project: Project) -> tuple[dt.date, dt.date | None]:
    begin = project.started_on or (project.proposal.decided_on if project.proposal else None)
    return begin or project.created_at.date(), project.ends_on


def _in_year(project: Project, year) -> bool:
    begin, end = _period(project)
    return begin <= year.end_date and (end is None or end >= year.start_date)


def public_project(project: Project, lab: dict[str, dict[str, str]] | None = None) -> PublicProject:
    lab = lab or labels()
    seen = participants_visible_to(project=project, user=None)
    companies = [r for r in project.participants.all() if r.needs_consent]
    return PublicProject(
        pk=project.pk,
        title=project.title,
        summary=project.summary,
        status=project.status,
        status_label=str(project.get_status_display()),
        origin=str(project.get_origin_display()),
        countries=[(c, country_name(c)) for c in project.countries],
        regions=project.regions,
        materials=[(m, lab["material"].get(m, m)) for m in project.materials],
        themes=[(t, lab["theme"].get(t, t)) for t in project.themes],
        goals=project.goals,
        budget=project.budget,
        co_financing=project.co_financing,
        started_on=project.started_on,
        ends_on=project.ends_on,
        participants=[
            (
                r.name,
                str(r.organization.get_kind_display()) if r.organization else "",
                str(r.get_role_display()),
            )
            for r in seen.shown
        ],
        companies=len(companies),
        companies_named=[r.name for r in companies if r.consent_to_show],
        results=[PublicResult(r.title, r.text, r.indicator, r.value, r.date) for r in project.results.all()],
    )


def project_summary(*, agreement, year=None) -> ProjectSummary:
    """Counts by status, country, material and theme; participants by kind (companies counted, named
    only with their consent); the budget; and each approved, running or completed project's public
    fields. With an agreement year: the projects that ran in it."""
    projects = [
        p
        for p in Project.objects.filter(agreement=agreement, status__in=PUBLIC_STATUSES)
        .select_related("proposal")
        .prefetch_related("participants__organization", "results")
        .order_by("status", "title")
        if year is None or _in_year(p, year)
    ]
    lab = labels()
    public = [public_project(p, lab) for p in projects]
    countries: Counter[str] = Counter(c for p in projects for c in set(p.countries))
    materials: Counter[str] = Counter(m for p in projects for m in set(p.materials))
    themes: Counter[str] = Counter(t for p in projects for t in set(p.themes))
    kinds: dict[str, dict] = {}
    companies: set[int] = set()
    named: set[str] = set()
    for p in projects:
        for r in p.participants.all():
            if r.organization is None:
                kind, label = "local_partner", str(ProjectParticipant.Role.LOCAL_PARTNER.label)
            else:
                kind, label = r.organization.kind, str(r.organization.get_kind_display())
            entry = kinds.setdefault(kind, {"label": label, "ids": set(), "named": set()})
            entry["ids"].add(r.organization_id or f"local:{r.local_partner_name}")
            if r.needs_consent and r.organization_id is not None:
                companies.add(r.organization_id)
                if r.consent_to_show:
                    named.add(r.name)
                    entry["named"].add(r.name)
            else:
                entry["named"].add(r.name)
    by_kind = {
        kind: {"label": e["label"], "count": len(e["ids"]), "named": sorted(e["named"])}
        for kind, e in kinds.items()
    }
    return ProjectSummary(
        projects=public,
        by_status={s: sum(p.status == s for p in projects) for s in PUBLIC_STATUSES},
        countries=[(c, country_name(c), n) for c, n in countries.most_common()],
        materials=[(m, lab["material"].get(m, m), n) for m, n in materials.most_common()],
        themes=[(t, lab["theme"].get(t, t), n) for t, n in themes.most_common()],
        participants_by_kind=by_kind,
        companies=len(companies),
        companies_named=sorted(named),
        budget_total=sum((p.budget or Decimal(0) for p in projects), Decimal(0)),
    )
