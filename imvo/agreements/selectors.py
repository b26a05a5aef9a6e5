"""Reads of the agreement and its calendar, with who may see what."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement, AgreementYear, CompanyObligation, SizeClass


def agreement_list() -> QuerySet[Agreement]:
    return Agreement.objects.all()


def agreement_current(*, slug: str | None = None) -> Agreement | None:
    """The agreement asked for, else the running one, else the newest."""
    qs = Agreement.objects.all()
    if slug:
        return qs.filter(slug=slug).first()
    today = timezone.localdate()
    return qs.filter(start_date__lte=today, end_date__gte=today).first() or qs.first()


def size_class_for(*, agreement: Agreement, fte: int | None) -> SizeClass | None:
    if fte is None:
        return None
    return next((sc for sc in agreement.size_classes.all() if sc.covers(fte)), None)


SORTS = {
    "due": ("obligation__due_date", "organization__name"),
    "-due": ("-obligation__due_date", "organization__name"),
    "company": ("organization__name", "obligation__due_date"),
    "-company": ("-organization__name", "obligation__due_date"),
    "obligation": ("obligation__kind", "obligation__year__number", "organization__name"),
    "-obligation": ("-obligation__kind", "obligation__year__number", "organization__name"),
    "year": ("obligation__year__number", "obligation__due_date", "organization__name"),
    "-year": ("-obligation__year__number", "obligation__due_date", "organization__name"),
}
STATES = ("late", "due", "upcoming", "done", "waived")


@dataclass(frozen=True)
class CalendarFilter:
    year: int | None = None
    kind: str = ""
    state: str = ""
    organization: int | None = None
    sort: str = "due"


def company_obligation_list(
    *, agreement: Agreement, fetched_by, filters: CalendarFilter | None = None
) -> list[CompanyObligation]:
    """Obligations the person may see: their own company's; all companies' for the secretariat."""
    filters = filters or CalendarFilter()
    roles = roles_of(fetched_by)
    qs = CompanyObligation.objects.filter(obligation__year__agreement=agreement).select_related(
        "obligation", "obligation__year", "organization"
    )
    if Role.SECRETARIAT not in roles:
        if Role.COMPANY_MEMBER not in roles:
            return []
        qs = qs.filter(organization=fetched_by.organization)
    if filters.year:
        qs = qs.filter(obligation__year__number=filters.year)
    if filters.kind:
        qs = qs.filter(obligation__kind=filters.kind)
    if filters.organization:
        qs = qs.filter(organization_id=filters.organization)
    qs = qs.order_by(*SORTS.get(filters.sort, SORTS["due"]))
    rows = list(qs)
    if filters.state in STATES:
        today = timezone.localdate()
        rows = [r for r in rows if r.state(today) == filters.state]
    if filters.sort in ("due", "-due"):
        # A company's own extended due date decides its place, not the obligation's.
        rows.sort(key=lambda r: (r.due_date, r.organization.name), reverse=filters.sort == "-due")
    return rows


def company_obligation_get(*, pk: int, fetched_by) -> CompanyObligation | None:
    roles = roles_of(fetched_by)
    co = (
        CompanyObligation.objects.select_related(
            "obligation", "obligation__year", "obligation__year__agreement", "organization"
        )
        .filter(pk=pk)
        .first()
    )
    if co is None:
        return None
    if Role.SECRETARIAT in roles or fetched_by.organization_id == co.organization_id:
        return co
    return None


@dataclass
class ObligationProgress:
    """How far the companies are with one obligation, counted without naming any of them."""

    obligation_id: int
    name: str
    year: int
    due_date: dt.date
    total: int
    done: int
    late: int
    suppressed: bool

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def obligation_progress(*, agreement: Agreement, year_number: int | None = None) -> list[ObligationProgress]:
    """Counts per obligation; a count on fewer companies than the agreement's minimum is suppressed.

    `done` and `late` are suppressed too when either, or what remains, would rest on fewer
    companies than the minimum, so that no single company's status can be read off.
    """
    today = timezone.localdate()
    minimum = agreement.min_companies_per_cell
    qs = CompanyObligation.objects.filter(obligation__year__agreement=agreement).select_related(
        "obligation", "obligation__year"
    )
    if year_number:
        qs = qs.filter(obligation__year__number=year_number)
    per: dict[int, Counter] = {}
    meta: dict[int, CompanyObligation] = {}
    for co in qs:
        per.setdefault(co.obligation_id, Counter())[co.state(today)] += 1
        meta.setdefault(co.obligation_id, co)
    out = []
    for ob_id, counts in per.items():
        ob = meta[ob_id].obligation
        total = sum(counts.values()) - counts["waived"]
        done, late = counts["done"], counts["late"]
        rest = total - done - late
        # A count is safe when it and its complement each rest on enough companies (or are zero).
        # "All done" or "all late" names every participant's status as surely as a count of one.
        unsafe = [c for c in (done, late, rest) if 0 < c < minimum or 0 < total - c < minimum]
        unsafe += [c for c in (done, late) if c and c == total]
        suppressed = total < minimum or bool(unsafe)
        out.append(
            ObligationProgress(
                obligation_id=ob_id,
                name=ob.name,
                year=ob.year.number,
                due_date=ob.due_date,
                total=total if total >= minimum else 0,
                done=0 if suppressed else done,
                late=0 if suppressed else late,
                suppressed=suppressed,
            )
        )
    out.sort(key=lambda p: (p.year, p.due_date))
    return out


def organizations_of(rows: list[CompanyObligation]) -> list:
    """The companies behind calendar rows, once each: what a read of those rows is logged against."""
    return list({r.organization_id: r.organization for r in rows}.values())


def state_counts(rows: list[CompanyObligation]) -> dict[str, int]:
    """How many rows are in each state, in the calendar's order (late first), zeros left out."""
    today = timezone.localdate()
    counts = Counter(r.state(today) for r in rows)
    return {s: counts[s] for s in STATES if counts[s]}


def companies_owing(year: AgreementYear):
    """Companies that are a party to this agreement for at least part of the year and still owe
    its obligations (one participation, so another agreement's participation cannot count)."""
    from imvo.organizations.models import Organization, Participation

    owing = Participation.objects.filter(
        agreement=year.agreement,
        form=Participation.Form.PARTY,
        signed_on__lte=year.end_date,
    ).filter(
        Q(obligations_until__isnull=True, ends_on__isnull=True)
        | Q(obligations_until__isnull=True, ends_on__gt=year.start_date)
        | Q(obligations_until__gte=year.start_date)
    )
    return Organization.objects.filter(kind=Organization.Kind.COMPANY, participations__in=owing).distinct()
