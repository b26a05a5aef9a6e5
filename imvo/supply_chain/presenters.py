"""What the pages and downloads of production locations show, computed from selectors' data."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pycountry
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imvo.accounts.roles import Role, roles_of
from imvo.core.countries import country_name, region_name
from imvo.core.excel import bold_cell
from imvo.supply_chain import selectors
from imvo.supply_chain.models import AggregatedList, DisclosureRestriction, LocationList, ProductionLocation
from imvo.supply_chain.vocabulary import vocabulary

CONTINENTS = {
    "AF": gettext_lazy("Africa"),
    "AN": gettext_lazy("Antarctica"),
    "AS": gettext_lazy("Asia"),
    "EU": gettext_lazy("Europe"),
    "NA": gettext_lazy("North America"),
    "OC": gettext_lazy("Oceania"),
    "SA": gettext_lazy("South America"),
}


def labels() -> dict[str, dict[str, str]]:
    v = vocabulary()
    return {
        "activity": dict(v.choices("activity_types")),
        "material": dict(v.choices("materials")),
        "tier": dict(v.choices("tiers")),
    }


def secretariat_overview(*, agreement, year) -> list[dict]:
    """Per company: its list this year, and how many of its rows still wait for review."""
    from django.db.models import Count, Q

    from imvo.organizations.selectors import companies_taking_part

    companies = companies_taking_part(agreement=agreement)
    lists = {
        ll.organization_id: ll
        for ll in LocationList.objects.filter(year=year)
        .exclude(status=LocationList.Status.SUPERSEDED)
        .annotate(
            n=Count("locations"),
            review=Count("locations", filter=Q(locations__decision=ProductionLocation.Decision.REVIEW)),
        )
        .order_by("version")
    }
    return [{"organization": org, "list": lists.get(org.pk)} for org in companies.order_by("name")]


@dataclass(frozen=True)
class CandidateView:
    facility: object
    score: float
    fields: dict
    companies: int


def candidate_view(facility, candidate: dict) -> CandidateView:
    companies = (
        selectors.facility_locations(facility).values("location_list__organization").distinct().count()
    )
    return CandidateView(
        facility=facility, score=candidate["score"], fields=candidate.get("fields") or {}, companies=companies
    )


def area_label(area: str, level: str) -> str:
    if level == "region":
        return f"{region_name(area)} ({country_name(area.split('-')[0])})"
    if level == "country":
        return country_name(area)
    if level == "continent":
        return str(CONTINENTS.get(area, area))
    return _("World")


def _continent_of(country: str) -> str:
    from imvo.supply_chain.disclosure import continents

    return continents().get(country, "")


def _numeric(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2)
    return str(int(country.numeric)) if country else ""


@dataclass
class AggregateView:
    aggregated: AggregatedList
    rows: list[dict]
    total: int
    suppressed: int | None
    by_country: list[dict]
    map_data: list[dict]
    activity: str
    material: str
    activities: list[tuple[str, str]]
    materials: list[tuple[str, str]]


def aggregate_view(aggregated: AggregatedList, *, activity: str = "", material: str = "") -> AggregateView:
    """Only the published cells and sums of them: nothing here can be narrowed to one company."""
    from imvo.supply_chain.disclosure import Publication, displayed_numbers

    publication = Publication.from_json(aggregated.publication)
    names = labels()
    cells = [
        c
        for c in publication.cells
        if (not activity or c.activity == activity) and (not material or c.material == material)
    ]
    with_regions = {c.area.split("-")[0] for c in publication.cells if c.level == "region"}
    with_countries = {c.area for c in publication.cells if c.level == "country"}

    def area(c) -> str:
        label = area_label(c.area, c.level)
        if c.level == "country" and c.area in with_regions:
            return _("%(area)s (other regions)") % {"area": label}
        if c.level == "continent" and any(_continent_of(x) == c.area for x in with_regions | with_countries):
            return _("%(area)s (other countries)") % {"area": label}
        return label

    rows = [
        {
            "area": area(c),
            "level": c.level,
            "country": c.area.split("-")[0] if c.level in ("region", "country") else "",
            "activity": names["activity"].get(c.activity, c.activity or _("other activities")),
            "material": names["material"].get(c.material, c.material or _("other materials")),
            "locations": c.locations,
        }
        for c in sorted(cells, key=lambda c: (c.level == "continent", c.area, c.activity, c.material))
    ]
    totals = {
        (n.level, n.area): n.value
        for n in displayed_numbers(publication)
        if n.kind == "total" and n.activity == (activity or None) and n.material == (material or None)
    }
    by_country: list[dict] = [
        {"code": area, "name": country_name(area), "locations": value}
        for (level, area), value in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0][1]))
        if level == "country"
    ]
    map_data = [{"id": _numeric(r["code"]), "name": r["name"], "value": r["locations"]} for r in by_country]
    v = vocabulary()
    return AggregateView(
        aggregated=aggregated,
        rows=rows,
        total=totals.get(("world", ""), 0),
        suppressed=publication.suppressed_locations,
        by_country=by_country,
        map_data=map_data,
        activity=activity,
        material=material,
        activities=v.choices("activity_types"),
        materials=v.choices("materials"),
    )


def aggregate_workbook(aggregated: AggregatedList) -> bytes:
    import openpyxl

    view = aggregate_view(aggregated)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Aggregated list")[:31]
    ws.append([_("Aggregated production-location list %(year)s") % {"year": aggregated.year}])
    ws.append(
        [
            _(
                "Not traceable to one company: areas with fewer than three companies are shown at a higher level or not at all."
            )
        ]
    )
    ws.append([])
    ws.append(
        [bold_cell(ws, h) for h in (_("Area"), _("Level"), _("Activity type"), _("Material"), _("Locations"))]
    )
    for r in view.rows:
        ws.append([r["area"], r["level"], r["activity"], r["material"], r["locations"]])
    ws.append([])
    ws.append([_("Total shown"), "", "", "", view.total])
    ws.append(
        [
            _("Not shown to protect confidentiality"),
            "",
            "",
            "",
            view.suppressed if view.suppressed is not None else _("some"),
        ]
    )
    for col, width in zip("ABCDE", (40, 12, 34, 24, 12), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def restriction_view(restriction: DisclosureRestriction, *, user) -> dict:
    """The core group decides on the reasons and sees where the locations are, not their names."""
    own = user.organization_id == restriction.organization_id
    sees_names = own or Role.SECRETARIAT in roles_of(user)
    facilities = list(restriction.facilities.all())
    return {
        "restriction": restriction,
        "sees_names": sees_names,
        "facilities": [
            {
                "name": f.name if sees_names else "",
                "country": country_name(f.country),
                "activity": labels()["activity"].get(f.activity, f.activity),
            }
            for f in facilities
        ],
    }


def network_rows(entries) -> list[dict]:
    names = labels()["material"]
    return [
        {
            "entry": e,
            "area": area_label(e.region, "region") if e.region else country_name(e.country),
            "materials": ", ".join(names.get(m, m) for m in e.materials),
        }
        for e in entries
    ]
