from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from imvo.agreements import selectors, services
from imvo.agreements.models import Agreement, CompanyObligation
from imvo.audit.services import record_access
from imvo.core.api import RowId

router = Router(tags=["agreement and calendar"])


class YearOut(Schema):
    number: int
    start_date: dt.date
    end_date: dt.date


class SizeClassOut(Schema):
    code: str
    name: str
    min_fte: int
    max_fte: int | None
    yearly_fee: float | None


class AgreementOut(Schema):
    id: int
    slug: str
    name: str
    sector: str
    start_date: dt.date
    end_date: dt.date
    framework_version: str
    current_year: int | None
    years: list[YearOut]
    size_classes: list[SizeClassOut]


def _agreement_out(a: Agreement) -> AgreementOut:
    current = a.current_year()
    return AgreementOut(
        id=a.pk,
        slug=a.slug,
        name=a.name,
        sector=a.sector,
        start_date=a.start_date,
        end_date=a.end_date,
        framework_version=a.framework_version,
        current_year=current.number if current else None,
        years=[YearOut(number=y.number, start_date=y.start_date, end_date=y.end_date) for y in a.years.all()],
        size_classes=[
            SizeClassOut(
                code=s.code,
                name=s.name,
                min_fte=s.min_fte,
                max_fte=s.max_fte,
                yearly_fee=float(s.yearly_fee) if s.yearly_fee is not None else None,
            )
            for s in a.size_classes.all()
        ],
    )


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise HttpError(403, "You may not do this.")


@router.get("", response=list[AgreementOut], summary="The agreements")
def agreement_list(request):
    _require(request, "agreements.view_agreement")
    return [_agreement_out(a) for a in selectors.agreement_list().prefetch_related("years", "size_classes")]


@router.get("/{slug}", response=AgreementOut, summary="One agreement")
def agreement_detail(request, slug: str):
    _require(request, "agreements.view_agreement")
    return _agreement_out(get_object_or_404(Agreement, slug=slug))


class CompanyObligationOut(Schema):
    id: int
    organization_id: int
    organization: str
    year: int
    kind: str
    name: str
    article: str
    due_date: dt.date
    status: str
    state: str
    completed_on: dt.date | None


def _co_out(co: CompanyObligation) -> CompanyObligationOut:
    return CompanyObligationOut(
        id=co.pk,
        organization_id=co.organization_id,
        organization=co.organization.name,
        year=co.obligation.year.number,
        kind=co.obligation.kind,
        name=co.obligation.name,
        article=co.obligation.article,
        due_date=co.due_date,
        status=co.status,
        state=co.state(),
        completed_on=co.completed_on,
    )


class CalendarQuery(Schema):
    year: int | None = Field(None, ge=1, le=100)
    kind: str = ""
    state: str = ""
    organization: int | None = Field(None, ge=1, le=2**63 - 1)
    sort: str = "due"


@router.get(
    "/{slug}/calendar",
    response=list[CompanyObligationOut],
    summary="Obligations: one's own company's, or every company's for the secretariat",
)
def calendar(request, slug: str, q: Query[CalendarQuery]):
    _require(request, "agreements.view_agreement")
    agreement = get_object_or_404(Agreement, slug=slug)
    rows = selectors.company_obligation_list(
        agreement=agreement, fetched_by=request.user, filters=selectors.CalendarFilter(**q.dict())
    )
    record_access(
        actor=request.user,
        objects=selectors.organizations_of(rows),
        what="obligations calendar (API)",
    )
    return [_co_out(r) for r in rows]


class ProgressOut(Schema):
    obligation_id: int
    name: str
    year: int
    due_date: dt.date
    total: int
    done: int
    late: int
    suppressed: bool


@router.get(
    "/{slug}/progress",
    response=list[ProgressOut],
    summary="How far the companies are, counted without naming any (small cells suppressed)",
)
def progress(request, slug: str, year: int | None = None):
    _require(request, "agreements.view_agreement")
    agreement = get_object_or_404(Agreement, slug=slug)
    return [
        ProgressOut(**p.__dict__)
        for p in selectors.obligation_progress(agreement=agreement, year_number=year)
    ]


class CompanyObligationIn(Schema):
    status: str
    due_date_override: dt.date | None = None
    note: str = ""


@router.patch(
    "/calendar/{pk}",
    response=CompanyObligationOut,
    summary="Record done, not applicable or more time (secretariat)",
)
def calendar_update(request, pk: RowId, payload: CompanyObligationIn):
    co = selectors.company_obligation_get(pk=pk, fetched_by=request.user)
    if co is None:
        raise HttpError(404, "Not found.")
    _require(request, "agreements.change_company_obligation")
    try:
        co = services.company_obligation_update(company_obligation=co, actor=request.user, **payload.dict())
    except (ValidationError, PermissionDenied) as e:
        raise HttpError(422, " ".join(getattr(e, "messages", [str(e)]))) from e
    return _co_out(co)
