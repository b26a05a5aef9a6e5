from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from imvo.agreements.selectors import agreement_current, size_class_for
from imvo.audit.services import record_access
from imvo.organizations import selectors

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
    chain_positions: list[str]
    participations: list[ParticipationOut]


class OrganizationDetailOut(OrganizationOut):
    """With the details only the organization itself and the secretariat see."""

    fte: int | None = None
    size_class: str | None = None
    yearly_contribution: float | None = None
    reporting_regime: str | None = None
    details_visible: bool = False


def _base(org) -> dict:
    return dict(
        id=org.pk,
        name=org.name,
        kind=org.kind,
        city=org.city,
        country=org.country,
        website=org.website,
        chain_positions=list(org.chain_positions),
        participations=[
            ParticipationOut(
                agreement=p.agreement.slug,
                form=p.form,
                status=p.current_status,
                signed_on=p.signed_on,
                ends_on=p.ends_on,
            )
            for p in org.participations.all()
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
def organization_detail(request, pk: int):
    if not request.user.has_perm("organizations.view_organization"):
        raise HttpError(403, "You may not do this.")
    org = selectors.organization_list(fetched_by=request.user).filter(pk=pk).first()
    if org is None:
        raise HttpError(404, "Not found.")
    out = OrganizationDetailOut(**_base(org))
    if request.user.has_perm("organizations.view_organization_details", org):
        record_access(actor=request.user, objects=[org], what="organization details (API)")
        agreement = agreement_current()
        sc = size_class_for(agreement=agreement, fte=org.fte) if agreement else None
        out.fte = org.fte
        out.size_class = sc.code if sc else None
        out.yearly_contribution = float(sc.yearly_fee) if sc and sc.yearly_fee is not None else None
        out.reporting_regime = org.reporting_regime or None
        out.details_visible = True
    return out
