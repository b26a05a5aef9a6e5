"""Reads for the reports: who owes a public report when, the agreement's reports as each reader may
see them, and the count of parties and supporters over time against the recruitment targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement, AgreementYear
from imvo.core.dates import add_months
from imvo.organizations.models import Organization, Participation
from imvo.reports.models import AgreementReport, CompanyReport, RecruitmentTarget


def report_due(*, agreement: Agreement, regime: str, year: AgreementYear) -> bool:
    """Art. 31: CSRD and listed SMEs report every year; the voluntary standard at least in years 2 and 4."""
    for entry in agreement.vocabulary("reporting_regimes"):
        if entry["code"] == regime:
            years = entry.get("public_report_years", "all")
            return years == "all" or year.number in years
    return False


@dataclass
class ReportingRow:
    organization: Organization
    regime_label: str
    cells: list[tuple[AgreementYear, bool, CompanyReport | None]]  # due, the report


def reporting_table(*, agreement: Agreement, companies) -> list[ReportingRow]:
    """Per company and year: whether a public report is due and where it is. Public reports are
    public; the table itself is the secretariat's overview, and a company's own row its checklist."""
    years = list(agreement.years.order_by("number"))
    labels = dict(agreement.vocabulary_choices("reporting_regimes"))
    reports = {
        (r.organization_id, r.year_id): r
        for r in CompanyReport.objects.filter(organization__in=companies, year__in=years)
    }
    return [
        ReportingRow(
            organization=c,
            regime_label=labels.get(c.reporting_regime, ""),
            cells=[
                (
                    y,
                    report_due(agreement=agreement, regime=c.reporting_regime, year=y),
                    reports.get((c.pk, y.pk)),
                )
                for y in years
            ],
        )
        for c in companies
    ]


def reports_visible_to(*, user, agreement: Agreement) -> QuerySet[AgreementReport]:
    """Published reports are public; drafts and earlier versions stay with the secretariat."""
    qs = AgreementReport.objects.filter(agreement=agreement).select_related("year")
    if Role.SECRETARIAT in roles_of(user):
        return qs
    return qs.filter(status=AgreementReport.Status.PUBLISHED)


def published_reports(*, agreement: Agreement) -> QuerySet[AgreementReport]:
    return AgreementReport.objects.filter(
        agreement=agreement, status=AgreementReport.Status.PUBLISHED
    ).select_related("year")


def _count_on(agreement: Agreement, form: str, day: dt.date) -> int:
    return sum(
        1
        for p in Participation.objects.filter(agreement=agreement, form=form, signed_on__lte=day).only(
            "signed_on", "ends_on"
        )
        if p.ends_on is None or p.ends_on > day
    )


def recruitment_series(*, agreement: Agreement, upto: AgreementYear | None = None) -> dict:
    """Parties and supporters at the end of every quarter since the start, and each year's targets."""
    end = min(upto.end_date if upto else agreement.end_date, timezone.localdate())
    points = []
    day = agreement.start_date
    while day <= end:
        points.append(
            {
                "on": day.isoformat(),
                "parties": _count_on(agreement, Participation.Form.PARTY, day),
                "supporters": _count_on(agreement, Participation.Form.SUPPORTER, day),
            }
        )
        day = add_months(day, 3)
    if not points or points[-1]["on"] != end.isoformat():
        points.append(
            {
                "on": end.isoformat(),
                "parties": _count_on(agreement, Participation.Form.PARTY, end),
                "supporters": _count_on(agreement, Participation.Form.SUPPORTER, end),
            }
        )
    targets = [
        {
            "year": t.year.number,
            "end": t.year.end_date.isoformat(),
            "parties": t.parties,
            "supporters": t.supporters,
        }
        for t in RecruitmentTarget.objects.filter(year__agreement=agreement).select_related("year")
        if upto is None or t.year.number <= upto.number
    ]
    return {"points": points, "targets": targets}


def company_reports_public(*, agreement: Agreement) -> QuerySet[CompanyReport]:
    """Companies' public reports: published by the companies themselves, so public here too."""
    return (
        CompanyReport.objects.filter(year__agreement=agreement)
        .select_related("year")
        .order_by("year__number")
    )
