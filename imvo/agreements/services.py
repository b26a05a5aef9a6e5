"""Actions on the agreement record and its calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.agreements.models import (
    Agreement,
    AgreementYear,
    CompanyObligation,
    Obligation,
    SizeClass,
)
from imvo.agreements.selectors import companies_owing
from imvo.core.dates import add_months

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_definition(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        definition = yaml.safe_load(fh)
    for key in ("slug", "name_nl", "start_date", "end_date", "framework_version"):
        if key not in definition:
            raise ValidationError(f"{path.name}: '{key}' is missing.")
    return definition


def year_bounds(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Anniversary years from `start`; a remainder shorter than a year joins the last year."""
    bounds = []
    year_start = start
    while year_start <= end:
        next_start = add_months(year_start, 12)
        if next_start > end or add_months(next_start, 12) > end + dt.timedelta(days=1):
            bounds.append((year_start, end))
            break
        bounds.append((year_start, next_start - dt.timedelta(days=1)))
        year_start = next_start
    return bounds


def _json_safe(value):
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def agreement_load(*, path: Path) -> Agreement:
    """Create an agreement from its data file, or refresh the vocabulary of an existing one.

    Dates the secretariat has edited (years, due dates) and fees are never overwritten.
    """
    d = read_definition(path)
    agreement, created = Agreement.objects.get_or_create(
        slug=d["slug"],
        defaults={
            "name_nl": d["name_nl"],
            "name_en": d.get("name_en", ""),
            "short_name": d.get("short_name", d["name_nl"][:60]),
            "sector_nl": d.get("sector_nl", ""),
            "sector_en": d.get("sector_en", ""),
            "start_date": d["start_date"],
            "end_date": d["end_date"],
            "framework_version": d["framework_version"],
        },
    )
    agreement.definition = _json_safe(d)
    agreement.save(update_fields=["definition"])
    if created:
        for number, (start, end) in enumerate(year_bounds(d["start_date"], d["end_date"]), 1):
            AgreementYear.objects.create(agreement=agreement, number=number, start_date=start, end_date=end)
    for sc in d.get("size_classes", []):
        SizeClass.objects.update_or_create(
            agreement=agreement,
            code=sc["code"],
            defaults={
                "name_nl": sc["name_nl"],
                "name_en": sc.get("name_en", ""),
                "min_fte": sc["min_fte"],
                "max_fte": sc.get("max_fte"),
            },
        )
    for year in agreement.years.all():
        for ob in d.get("obligations", []):
            years = ob.get("years", "all")
            if years != "all" and year.number not in years:
                continue
            due = min(add_months(year.start_date, int(ob["due_months"])), year.end_date)
            obligation, _ob_created = Obligation.objects.get_or_create(
                year=year,
                kind=ob["code"],
                defaults={"due_date": due},
            )
            obligation.name_nl = ob["name_nl"]
            obligation.name_en = ob.get("name_en", "")
            obligation.article = str(ob.get("article", ""))
            obligation.save()
    obligations_sync(agreement=agreement)
    from imvo.modules.services import modules_load

    modules_load(agreement=agreement)
    return agreement


def agreement_load_bundled(slug_file: str = "metal-2025-2029.yaml") -> Agreement:
    return agreement_load(path=DATA_DIR / slug_file)


@transaction.atomic
def obligations_sync(*, agreement: Agreement) -> int:
    """Give every company that owes an obligation its row; drop open rows nobody owes any more."""
    created = 0
    for year in agreement.years.prefetch_related("obligations"):
        owing = set(companies_owing(year).values_list("pk", flat=True))
        for obligation in year.obligations.all():
            have = set(obligation.company_obligations.values_list("organization_id", flat=True))
            missing = owing - have
            CompanyObligation.objects.bulk_create(
                [CompanyObligation(obligation=obligation, organization_id=pk) for pk in missing]
            )
            created += len(missing)
            obligation.company_obligations.filter(
                organization_id__in=have - owing, status=CompanyObligation.Status.OPEN
            ).delete()
    return created


@transaction.atomic
def agreement_year_update(*, year: AgreementYear, start_date: dt.date, end_date: dt.date) -> AgreementYear:
    """Move a year's bounds; the neighbouring years follow, so the years always tile the term."""
    agreement = year.agreement
    years = list(agreement.years.order_by("number"))
    index = next(n for n, y in enumerate(years) if y.pk == year.pk)
    if index == 0 and start_date != agreement.start_date:
        raise ValidationError({"start_date": _("The first year starts with the agreement.")})
    if index == len(years) - 1 and end_date != agreement.end_date:
        raise ValidationError({"end_date": _("The last year ends with the agreement.")})
    before = years[index - 1] if index > 0 else None
    after = years[index + 1] if index + 1 < len(years) else None
    if (
        end_date < start_date
        or (before and start_date <= before.start_date)
        or (after and end_date >= after.end_date)
    ):
        raise ValidationError(
            _("Every agreement year must keep at least one day; the years may not overlap.")
        )
    if before:
        before.end_date = start_date - dt.timedelta(days=1)
        before.save(update_fields=["end_date"])
    if after:
        after.start_date = end_date + dt.timedelta(days=1)
        after.save(update_fields=["start_date"])
    year.start_date, year.end_date = start_date, end_date
    year.full_clean()
    year.save()
    obligations_sync(agreement=agreement)
    return year


def obligation_set_due_date(*, obligation: Obligation, due_date: dt.date) -> Obligation:
    year = obligation.year
    if not (year.agreement.start_date <= due_date <= add_months(year.agreement.end_date, 6)):
        raise ValidationError(_("The due date must fall within the agreement's term."))
    obligation.due_date = due_date
    obligation.save(update_fields=["due_date"])
    return obligation


def size_class_set_fee(*, size_class: SizeClass, yearly_fee: Decimal | None) -> SizeClass:
    if yearly_fee is not None and yearly_fee < 0:
        raise ValidationError(_("A contribution cannot be negative."))
    size_class.yearly_fee = yearly_fee
    size_class.save(update_fields=["yearly_fee"])
    return size_class


@transaction.atomic
def company_obligation_update(
    *,
    company_obligation: CompanyObligation,
    status: str,
    due_date_override: dt.date | None,
    note: str,
    actor,
) -> CompanyObligation:
    """Record what the secretariat knows: done (on a date), not applicable, or more time."""
    co = company_obligation
    if status not in CompanyObligation.Status.values:
        raise ValidationError(_("Unknown status."))
    if status == CompanyObligation.Status.WAIVED and not note.strip():
        raise ValidationError({"note": _("Say why this obligation does not apply.")})
    if status == CompanyObligation.Status.DONE and co.status != status:
        co.completed_on = timezone.localdate()
        co.completed_by = actor
    elif status == CompanyObligation.Status.OPEN:
        co.completed_on = None
        co.completed_by = None
    co.status = status
    co.due_date_override = due_date_override
    co.note = note
    co.save()
    return co
