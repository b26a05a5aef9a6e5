"""Production locations through the API, with the pages' permissions: lists and their rows to the
owning company and the secretariat (reads logged), the published aggregated list to every party."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from imvo.agreements.selectors import agreement_current
from imvo.audit.services import record_access
from imvo.core.api import RowId
from imvo.supply_chain import selectors, services
from imvo.supply_chain.models import LocationList

router = Router(tags=["production locations"])


class ListOut(Schema):
    id: int
    organization_id: int
    organization: str
    year: int
    version: int
    status: str
    original_name: str
    rows_read: int
    problem_count: int
    submitted_at: dt.datetime | None


class ProblemOut(Schema):
    row: int | None
    column: str
    message: str
    level: str


class LocationOut(Schema):
    id: int
    row: int | None
    reference: str
    name: str
    address: str
    city: str
    region: str
    country: str
    latitude: float | None
    longitude: float | None
    activity: str
    materials: list[str]
    tier: str
    customer_location: bool


class ListDetailOut(ListOut):
    problems: list[ProblemOut]
    locations: list[LocationOut]


class CellOut(Schema):
    area: str
    level: str
    activity: str
    material: str
    locations: int


class AggregateOut(Schema):
    id: int
    year: int
    status: str
    companies: int
    published_at: dt.datetime | None
    suppressed_locations: int | None
    cells: list[CellOut]


def _agreement():
    agreement = agreement_current()
    if agreement is None:
        raise HttpError(404, "No agreement has been loaded yet.")
    return agreement


def _deny() -> HttpError:
    return HttpError(403, "You may not do this.")


def _list_out(ll: LocationList) -> dict:
    return {
        "id": ll.pk,
        "organization_id": ll.organization_id,
        "organization": ll.organization.name,
        "year": ll.year.number,
        "version": ll.version,
        "status": ll.status,
        "original_name": ll.original_name,
        "rows_read": ll.rows_read,
        "problem_count": ll.problem_count,
        "submitted_at": ll.submitted_at,
    }


@router.get(
    "/lists",
    response=list[ListOut],
    summary="The caller's company's lists (every company's for the secretariat)",
)
def list_index(request):
    if not request.user.has_perm("supply_chain.view_index"):
        raise _deny()
    return [_list_out(ll) for ll in selectors.lists_visible_to(user=request.user, agreement=_agreement())]


@router.get("/lists/{pk}", response=ListDetailOut, summary="One list with its locations and problems")
def list_detail(request, pk: RowId):
    ll = selectors.list_get(pk=pk)
    if ll is None:
        raise HttpError(404, "Not found.")
    if not request.user.has_perm("supply_chain.view_list", ll):
        raise _deny()
    record_access(actor=request.user, objects=[ll], what="production-location list (API)")
    locations = [
        {"id": loc.pk, **{f: getattr(loc, f) for f in LocationOut.model_fields if f != "id"}}
        for loc in ll.locations.all()
    ]
    return {**_list_out(ll), "problems": ll.problems, "locations": locations}


@router.post(
    "/lists",
    response={202: ListOut},
    summary="Upload this year's list (Excel or CSV); it is read in the background",
)
def list_upload(request, file: UploadedFile = File(...)):  # noqa: B008
    if not request.user.has_perm("supply_chain.upload_list"):
        raise _deny()
    agreement = _agreement()
    year = agreement.current_year() or agreement.years.order_by("-number").first()
    try:
        ll = services.list_upload(
            organization=request.user.organization, year=year, file=file, actor=request.user
        )
    except ValidationError as e:
        raise HttpError(422, " ".join(e.messages)) from e
    return 202, _list_out(ll)


@router.get(
    "/aggregated",
    response=list[AggregateOut],
    summary="The published aggregated lists (drafts too for the secretariat)",
)
def aggregate_index(request):
    from imvo.supply_chain.disclosure import Publication

    if not request.user.has_perm("supply_chain.view_aggregate"):
        raise _deny()
    out = []
    for a in selectors.aggregated_lists(user=request.user, agreement=_agreement()):
        publication = Publication.from_json(a.publication)
        out.append(
            {
                "id": a.pk,
                "year": a.year.number,
                "status": a.status,
                "companies": a.companies,
                "published_at": a.published_at,
                "suppressed_locations": publication.suppressed_locations,
                "cells": [
                    {
                        "area": c.area,
                        "level": c.level,
                        "activity": c.activity,
                        "material": c.material,
                        "locations": c.locations,
                    }
                    for c in publication.cells
                ],
            }
        )
    return out
