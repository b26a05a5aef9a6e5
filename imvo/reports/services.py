"""Composing, editing and publishing the agreement's reports; recording companies' public reports;
setting the recruitment targets."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement, AgreementYear
from imvo.core.i18n import pick
from imvo.organizations.models import Organization
from imvo.reports.compose import SECTIONS, compose, kinds_for
from imvo.reports.models import AgreementReport, CompanyReport, RecruitmentTarget

TEXT_SECTIONS = ("introduction", *SECTIONS, "conclusion")
"""The texts the secretariat writes: an introduction, one per section of figures, a conclusion."""


def _kind(agreement: Agreement, year: AgreementYear, kind: str) -> dict:
    for entry in kinds_for(agreement, year):
        if entry["code"] == kind:
            return entry
    raise ValidationError({"kind": _("The agreement does not ask for this report in this year.")})


@transaction.atomic
def report_compose(*, agreement: Agreement, year: AgreementYear, kind: str, actor) -> AgreementReport:
    """Compose the figures afresh: into the open draft (its texts kept), or a new version after the
    published one."""
    entry = _kind(agreement, year, kind)
    content = compose(agreement, year, kind)
    draft = AgreementReport.objects.filter(
        agreement=agreement, year=year, kind=kind, status=AgreementReport.Status.DRAFT
    ).first()
    if draft is not None:
        draft.content, draft.composed_at, draft.composed_by = content, timezone.now(), actor
        draft.save(update_fields=["content", "composed_at", "composed_by"])
        return draft
    last = AgreementReport.objects.filter(agreement=agreement, year=year, kind=kind)
    previous = last.order_by("-version").first()
    return AgreementReport.objects.create(
        agreement=agreement,
        year=year,
        kind=kind,
        version=(last.aggregate(n=Max("version"))["n"] or 0) + 1,
        title=f"{pick(entry['name_nl'], entry['name_en'])}, {year}",
        content=content,
        texts=dict(previous.texts) if previous else {},
        composed_at=timezone.now(),
        composed_by=actor,
    )


def _draft_only(report: AgreementReport) -> None:
    if report.status != AgreementReport.Status.DRAFT:
        raise ValidationError(_("A published report is never changed; compose a new version."))


@transaction.atomic
def report_write(*, report: AgreementReport, title: str, texts: dict[str, str], actor) -> AgreementReport:
    _draft_only(report)
    if not title.strip():
        raise ValidationError({"title": _("Give the report a title.")})
    report.title = title.strip()
    report.texts = {k: v.strip() for k, v in texts.items() if k in TEXT_SECTIONS and v and v.strip()}
    report.save(update_fields=["title", "texts"])
    return report


@transaction.atomic
def report_publish(*, report: AgreementReport, actor) -> AgreementReport:
    """Publish on the public site; an earlier published version of the same report steps back."""
    _draft_only(report)
    if not report.texts.get("introduction"):
        raise ValidationError({"introduction": _("Write the introduction before publishing.")})
    from imvo.reports.compose import companies_named

    named = companies_named(report.content)
    if named:
        raise ValidationError(
            _("The figures name %(names)s; compose the report again before publishing.")
            % {"names": ", ".join(named)}
        )
    AgreementReport.objects.filter(
        agreement=report.agreement,
        year=report.year,
        kind=report.kind,
        status=AgreementReport.Status.PUBLISHED,
    ).update(status=AgreementReport.Status.SUPERSEDED)
    report.status = AgreementReport.Status.PUBLISHED
    report.published_at, report.published_by = timezone.now(), actor
    report.save(update_fields=["status", "published_at", "published_by"])
    return report


@transaction.atomic
def company_report_record(
    *, organization: Organization, year: AgreementYear, url: str, published_on: dt.date, actor
) -> CompanyReport:
    """Where a company's public report for the year is (art. 31–32); recorded by the company."""
    if not organization.is_company:
        raise ValidationError(_("Only companies report under art. 31."))
    if not organization.reporting_regime:
        raise ValidationError(_("Record the company's reporting regime first."))
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": _("A report cannot be published in the future.")})
    if published_on < year.start_date:
        raise ValidationError({"published_on": _("This date lies before the agreement year.")})
    report, _created = CompanyReport.objects.update_or_create(
        organization=organization,
        year=year,
        defaults={
            "url": url,
            "published_on": published_on,
            "regime": organization.reporting_regime,
            "recorded_by": actor,
        },
    )
    return report


@transaction.atomic
def recruitment_target_set(
    *, year: AgreementYear, parties: int, supporters: int, plan: str, actor
) -> RecruitmentTarget:
    target, _created = RecruitmentTarget.objects.update_or_create(
        year=year,
        defaults={"parties": parties, "supporters": supporters, "plan": plan.strip(), "updated_by": actor},
    )
    return target
