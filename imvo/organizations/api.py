from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from imvo.agreements.selectors import agreement_current, size_class_for
from imvo.audit.services import record_access
from imvo.core.api import RowId
from imvo.organizations import selectors
from imvo.organizations.models import ACTIVE_STATUSES, Participation

router = Router(tags=["organizations"])


class ParticipationOut(Schema):
    agreement: str
    form: str
    status: str
    signed_on: dt.date | None
    ends_on: dt.date | None


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    city: str
    country: str
    website: str
    participations: list[ParticipationOut]


class OrganizationDetailOut(OrganizationOut):
    """With the details only the organization itself and the secretariat see."""

    chain_positions: list[str] | None = None
    fte: int | None = None
    size_class: str | None = None
    yearly_contribution: float | None = None
    reporting_regime: str | None = None
    details_visible: bool = False


PUBLIC_STATUSES = {*ACTIVE_STATUSES, Participation.Status.ENDED, Participation.Status.REMOVED}


def _base(org, *, all_participations: bool = False) -> dict:
    """Applications and rejections are shown only to the organization itself and the secretariat."""
    return dict(
        id=org.pk,
        name=org.name,
        kind=org.kind,
        city=org.city,
        country=org.country,
        website=org.website,
        participations=[
            ParticipationOut(
                agreement=p.agreement.slug,
                form=p.form,
                status=p.current_status,
                signed_on=p.signed_on,
                ends_on=p.ends_on,
            )
            for p in org.participations.all()
            if all_participations or p.status in PUBLIC_STATUSES
        ],
    )


@router.get("", response=list[OrganizationOut], summary="Organizations the caller may see")
def organization_list(request, kind: str = "", q: str = ""):
    if not request.user.has_perm("organizations.view_organization"):
        raise HttpError(403, "You may not do this.")
    return [
        OrganizationOut(**_base(o))
        for o in selectors.organization_list(fetched_by=request.user, kind=kind, q=q)
    ]


@router.get(
    "/{pk}",
    response=OrganizationDetailOut,
    summary="One organization; details for itself and the secretariat",
)
def organization_detail(request, pk: RowId):
    if not request.user.has_perm("organizations.view_organization"):
        raise HttpError(403, "You may not do this.")
    org = selectors.organization_list(fetched_by=request.user).filter(pk=pk).first()
    if org is None:
        raise HttpError(404, "Not found.")
    details = request.user.has_perm("organizations.view_organization_details", org)
    out = OrganizationDetailOut(**_base(org, all_participations=details))
    if details:
        record_access(actor=request.user, objects=[org], what="organization details (API)")
        agreement = agreement_current()
        sc = size_class_for(agreement=agreement, fte=org.fte) if agreement else None
        out.chain_positions = list(org.chain_positions)
        out.fte = org.fte
        out.size_class = sc.code if sc else None
        out.yearly_contribution = float(sc.yearly_fee) if sc and sc.yearly_fee is not None else None
        out.reporting_regime = org.reporting_regime or None
        out.details_visible = True
    return out
