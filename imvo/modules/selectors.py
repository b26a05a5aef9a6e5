"""Reads of modules: what is offered, what each company must and may follow and whether it did,
who took part (art. 13 rests on it), and the overview with the small-cell rule for parties."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement, AgreementYear
from imvo.core.disclosure import protect
from imvo.modules.models import Assignment, Attendance, Material, Module, Session
from imvo.organizations.models import Organization, Participation

ATTENDING_KINDS = (
    Organization.Kind.COMPANY,
    Organization.Kind.NGO,
    Organization.Kind.UNION,
    Organization.Kind.INDUSTRY_ASSOCIATION,
)


def _is_secretariat(user) -> bool:
    return Role.SECRETARIAT in roles_of(user)


def module_list(*, agreement: Agreement, fetched_by) -> QuerySet[Module]:
    """The modules offered; the secretariat also sees those no longer offered."""
    now = timezone.now()
    qs = Module.objects.filter(agreement=agreement).annotate(
        session_count=Count("sessions", distinct=True),
        upcoming_count=Count("sessions", filter=Q(sessions__starts_at__gte=now), distinct=True),
    )
    return qs if _is_secretariat(fetched_by) else qs.filter(active=True)


def module_get(*, pk: int, agreement: Agreement, fetched_by) -> Module | None:
    return module_list(agreement=agreement, fetched_by=fetched_by).filter(pk=pk).first()


def session_list(*, module: Module) -> QuerySet[Session]:
    return module.sessions.annotate(present_count=Count("attendance", filter=Q(attendance__present=True)))


def material_get(*, pk: int, agreement: Agreement) -> Material | None:
    return Material.objects.filter(pk=pk, module__agreement=agreement, module__active=True).first()


def attendee_choices(*, agreement: Agreement) -> QuerySet[Organization]:
    """Who can attend a module: the companies, NGOs, unions and industry associations taking part."""
    return (
        Organization.objects.filter(
            kind__in=ATTENDING_KINDS,
            participations__agreement=agreement,
            participations__status__in=[Participation.Status.ACTIVE, Participation.Status.NOTICE_GIVEN],
        )
        .distinct()
        .order_by("kind", "name")
    )


def own_attendance(*, organization_id: int | None, module: Module) -> dict[int, Attendance]:
    """An organization's attendance per session of a module: what an NGO, union or company sees of it."""
    if organization_id is None:
        return {}
    return {
        a.session_id: a
        for a in Attendance.objects.filter(session__module=module, organization_id=organization_id)
    }


def module_participation(*, organization, agreement: Agreement) -> bool:
    """Whether the organization attended a session of any module of the agreement (art. 13)."""
    return Attendance.objects.filter(
        organization=organization, present=True, session__module__agreement=agreement
    ).exists()


def _attended(*, agreement: Agreement, organization_ids=None) -> dict[tuple[int, int], list]:
    """(organization, module) → the start dates of the sessions it attended."""
    qs = Attendance.objects.filter(present=True, session__module__agreement=agreement)
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=organization_ids)
    out: dict[tuple[int, int], list] = defaultdict(list)
    for org_id, module_id, starts_at in qs.values_list(
        "organization_id", "session__module_id", "session__starts_at"
    ):
        out[(org_id, module_id)].append(timezone.localdate(starts_at))
    return out


def _fulfilled(assignment: Assignment, attended: dict) -> bool:
    """Attended a session of the module from the start of the assignment's year on."""
    days = attended.get((assignment.organization_id, assignment.module_id), [])
    return any(day >= assignment.year.start_date for day in days)


def _in_force(assignments) -> list[Assignment]:
    """Per company the assignments of its latest year with any: a result steers its modules until
    the next one (the baseline in year 1 until the monitoring of year 2)."""
    latest: dict[int, int] = {}
    for a in assignments:
        latest[a.organization_id] = max(latest.get(a.organization_id, 0), a.year.number)
    return [a for a in assignments if a.year.number == latest[a.organization_id]]


def _assignments(*, agreement: Agreement, year: AgreementYear | None, organization=None) -> list[Assignment]:
    qs = Assignment.objects.filter(module__agreement=agreement, module__active=True).select_related(
        "module", "organization", "year", "submission"
    )
    if year is not None:
        qs = qs.filter(year__number__lte=year.number)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return _in_force(list(qs))


@dataclass
class ModuleLine:
    """One module on a company's list: why, whether it is done, and when it meets next."""

    module: Module
    assignment: Assignment | None
    fulfilled: bool
    upcoming: list[Session] = field(default_factory=list)

    @property
    def waived(self) -> bool:
        return self.assignment is not None and self.assignment.waived

    @property
    def reasons(self) -> list[str]:
        return self.assignment.reason_texts() if self.assignment else []


@dataclass
class CompanyModules:
    year: AgreementYear | None  # the year of the result the assignments come from
    must: list[ModuleLine]
    may: list[ModuleLine]

    @property
    def open(self) -> list[ModuleLine]:
        return [line for line in self.must if not line.fulfilled and not line.waived]


def modules_for_company(*, organization, year: AgreementYear) -> CompanyModules:
    """What the company must follow (mandatory, with the reasons and whether it attended) and may
    follow (recommended by its advice first, then the other modules offered), with the sessions to
    come. For the company itself and the secretariat."""
    agreement = year.agreement
    assignments = _assignments(agreement=agreement, year=year, organization=organization)
    attended = _attended(agreement=agreement, organization_ids=[organization.pk])
    upcoming: dict[int, list[Session]] = defaultdict(list)
    for s in Session.objects.filter(module__agreement=agreement, starts_at__gte=timezone.now()):
        upcoming[s.module_id].append(s)
    by_module = {a.module_id: a for a in assignments}
    must, recommended, others = [], [], []
    for module in Module.objects.filter(agreement=agreement, active=True):
        a = by_module.get(module.pk)
        line = ModuleLine(module, a, a is not None and _fulfilled(a, attended), upcoming[module.pk])
        if a is not None and a.mandatory:
            must.append(line)
        elif a is not None:
            recommended.append(line)
        else:
            others.append(line)
    return CompanyModules(
        year=assignments[0].year if assignments else None, must=must, may=recommended + others
    )


def assignment_list(
    *, agreement: Agreement, fetched_by, year: AgreementYear | None = None
) -> list[Assignment]:
    """The assignments in force per company (for `year`, else the latest): all for the secretariat,
    a company's own for its members, none for anyone else."""
    if _is_secretariat(fetched_by):
        return _assignments(agreement=agreement, year=year)
    org = getattr(fetched_by, "organization", None)
    if org is None or org.kind != Organization.Kind.COMPANY:
        return []
    return _assignments(agreement=agreement, year=year, organization=org)


@dataclass
class ModuleParticipation:
    """Taking part in one module. Company figures are None where they would rest on fewer
    companies than the agreement's minimum, or let one company's status be read off;
    `open_companies` names companies for the secretariat only."""

    module: Module
    sessions: int
    held: int
    attendances: int
    companies: int | None
    ngos_unions: int
    mandatory: int | None
    fulfilled: int | None
    open_companies: list[Organization] = field(default_factory=list)
    suppressed: bool = False


def participation_overview(
    *, agreement: Agreement, fetched_by=None, year: AgreementYear | None = None
) -> list[ModuleParticipation]:
    """Per module: sessions (held so far), attendance, the companies and NGOs/unions that took part,
    and the mandatory assignments in force and how many are fulfilled. The secretariat gets every
    figure and the companies with an open mandatory module by name; anyone else (and a published
    report: no `fetched_by`) gets the figures the small-cell rule lets through, without names."""
    named = _is_secretariat(fetched_by)
    minimum = agreement.min_companies_per_cell
    now = timezone.now()
    attended = _attended(agreement=agreement)
    present = list(
        Attendance.objects.filter(present=True, session__module__agreement=agreement).values_list(
            "session__module_id", "organization_id", "organization__kind"
        )
    )
    per_module: dict[int, list[Assignment]] = defaultdict(list)
    in_force = _assignments(agreement=agreement, year=year)
    with_result = len({a.organization_id for a in in_force})
    for a in in_force:
        if a.mandatory and not a.waived:
            per_module[a.module_id].append(a)
    out = []
    for module in Module.objects.filter(agreement=agreement, active=True).prefetch_related("sessions"):
        sessions = list(module.sessions.all())
        rows = [(org, kind) for m, org, kind in present if m == module.pk]
        companies = len({org for org, kind in rows if kind == Organization.Kind.COMPANY})
        mandatory = per_module[module.pk]
        done = [a for a in mandatory if _fulfilled(a, attended)]
        open_ = sorted((a.organization for a in mandatory if a not in done), key=lambda o: o.name)
        line = ModuleParticipation(
            module=module,
            sessions=len(sessions),
            held=sum(s.starts_at <= now for s in sessions),
            attendances=len(rows),
            companies=companies,
            ngos_unions=len(
                {org for org, kind in rows if kind in (Organization.Kind.NGO, Organization.Kind.UNION)}
            ),
            mandatory=len(mandatory),
            fulfilled=len(done),
            open_companies=open_ if named else [],
        )
        if not named:
            if 0 < companies < minimum:
                line.companies = None
            if mandatory:
                # Assignments follow from results: "mandatory for n" beside the companies with a
                # result, and "followed by m" beside n, must each rest on enough companies both ways.
                shown_mandatory = protect([len(mandatory), with_result - len(mandatory)], minimum)[0]
                shown_done = protect([len(done), len(mandatory) - len(done)], minimum)[0]
                line.mandatory = shown_mandatory
                line.fulfilled = shown_done if shown_mandatory is not None else None
                line.suppressed = line.mandatory is None or line.fulfilled is None
        out.append(line)
    return out
