"""Reads of production locations. Who may see names and addresses is decided here and in rules.py:
the owning company and the secretariat only (art. 20)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement, AgreementYear
from imvo.organizations.models import ConfidentialityAgreement, Organization
from imvo.organizations.selectors import confidentiality_agreement_in_force, is_active_party
from imvo.supply_chain.models import (
    AggregatedList,
    CompanyLookup,
    Decision,
    DisclosureRestriction,
    Facility,
    LocationList,
    NetworkExpertise,
    ProductionLocation,
)

LOOKUP_SCOPES = (ConfidentialityAgreement.Scope.COMPANY_LOOKUP, ConfidentialityAgreement.Scope.GENERAL)


def is_secretariat(user) -> bool:
    return Role.SECRETARIAT in roles_of(user)


def lists_visible_to(*, user, agreement: Agreement) -> QuerySet[LocationList]:
    """A company sees its own lists; the secretariat every company's; nobody else any."""
    qs = LocationList.objects.filter(agreement=agreement).select_related("organization", "year", "job")
    if is_secretariat(user):
        return qs
    org_id = getattr(user, "organization_id", None)
    if org_id is None:
        return qs.none()
    return qs.filter(organization_id=org_id)


def list_get(*, pk: int) -> LocationList | None:
    return (
        LocationList.objects.select_related("organization", "year", "agreement", "job").filter(pk=pk).first()
    )


def current_list(*, organization: Organization, year: AgreementYear) -> LocationList | None:
    """The list a company works on this year: its draft if it has one, else the latest submitted."""
    lists = LocationList.objects.filter(organization=organization, year=year).exclude(
        status=LocationList.Status.SUPERSEDED
    )
    return lists.order_by("-version").first()


def latest_submitted(*, organization: Organization, year: AgreementYear) -> LocationList | None:
    return (
        LocationList.objects.filter(
            organization=organization, year=year, status=LocationList.Status.SUBMITTED
        )
        .order_by("-version")
        .first()
    )


def previous_list(*, organization: Organization, year: AgreementYear) -> LocationList | None:
    """The latest submitted list of an earlier year, what this year's list is compared with (art. 18)."""
    return (
        LocationList.objects.filter(
            organization=organization,
            agreement=year.agreement,
            year__number__lt=year.number,
            status=LocationList.Status.SUBMITTED,
        )
        .order_by("-year__number", "-version")
        .first()
    )


def latest_submitted_lists(*, agreement: Agreement, year: AgreementYear) -> QuerySet[LocationList]:
    newest = (
        LocationList.objects.filter(
            organization=OuterRef("organization"), year=year, status=LocationList.Status.SUBMITTED
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    return LocationList.objects.filter(
        agreement=agreement, year=year, status=LocationList.Status.SUBMITTED, pk=Subquery(newest)
    )


@dataclass
class ListDiff:
    """This year's list against last year's (art. 18): which sites were added, removed or kept."""

    previous: LocationList | None
    added: list[ProductionLocation] = field(default_factory=list)
    removed: list[ProductionLocation] = field(default_factory=list)
    unchanged: int = 0
    changed: list[ProductionLocation] = field(default_factory=list)

    @property
    def growth(self) -> int:
        return len(self.added) - len(self.removed)


def list_diff(location_list: LocationList) -> ListDiff:
    """Sites are the same when written the same way or matched to the same facility."""
    previous = previous_list(organization=location_list.organization, year=location_list.year)
    diff = ListDiff(previous=previous)
    current = list(location_list.locations.all())
    earlier = list(previous.locations.all()) if previous else []
    earlier_fps = {loc.fingerprint for loc in earlier}
    earlier_facilities = {loc.facility_id for loc in earlier if loc.facility_id}
    current_fps = {loc.fingerprint for loc in current}
    current_facilities = {loc.facility_id for loc in current if loc.facility_id}
    for loc in current:
        if loc.fingerprint in earlier_fps:
            diff.unchanged += 1
        elif loc.facility_id and loc.facility_id in earlier_facilities:
            diff.changed.append(loc)
        else:
            diff.added.append(loc)
    diff.removed = [
        loc
        for loc in earlier
        if loc.fingerprint not in current_fps
        and not (loc.facility_id and loc.facility_id in current_facilities)
    ]
    return diff


@dataclass(frozen=True)
class ChainFacts:
    """What a submitted list tells about chain transparency, for the monitoring indicators."""

    list_version: int
    year: int
    locations: int
    beyond_tier1: int
    complete: bool
    previous_locations: int | None
    previous_beyond_tier1: int | None
    deepest_tier: str
    mining_known: bool


def chain_facts(*, organization: Organization, year: AgreementYear) -> ChainFacts | None:
    location_list = latest_submitted(organization=organization, year=year)
    if location_list is None:
        return None
    previous = previous_list(organization=organization, year=year)
    tiers = Counter(location_list.locations.values_list("tier", flat=True))
    beyond = tiers["2"] + tiers["3+"]
    incomplete = location_list.locations.filter(Q(country="") | Q(activity="") | Q(materials=[])).exists()
    prev_beyond = previous.locations.filter(tier__in=["2", "3+"]).count() if previous else None
    return ChainFacts(
        list_version=location_list.version,
        year=year.number,
        locations=sum(tiers.values()),
        beyond_tier1=beyond,
        complete=not incomplete,
        previous_locations=previous.locations.count() if previous else None,
        previous_beyond_tier1=prev_beyond,
        deepest_tier="3+" if tiers["3+"] else "2" if tiers["2"] else "1" if tiers["1"] else "unknown",
        mining_known=location_list.locations.filter(activity__in=["mining", "artisanal_mining"]).exists(),
    )


def chain_fact_values(facts: ChainFacts) -> dict[str, bool | None]:
    """The facts the assessment framework's `locations:` tags name; None when the list cannot tell."""
    first = facts.previous_locations is None
    return {
        "delivered": True,
        "beyond_tier1": facts.beyond_tier1 > 0,
        "complete": facts.complete,
        "grew": True if first else facts.locations > (facts.previous_locations or 0),
        "beyond_tier1_grew": None if first else facts.beyond_tier1 > (facts.previous_beyond_tier1 or 0),
        "tier2_known": facts.beyond_tier1 > 0,
    }


# --- the registry and the review queue (secretariat only) ---------------------------------------


def review_queue(*, agreement: Agreement) -> QuerySet[ProductionLocation]:
    """Rows of submitted lists the engine was unsure about, one per way of writing them."""
    return (
        ProductionLocation.objects.filter(
            location_list__agreement=agreement,
            location_list__status=LocationList.Status.SUBMITTED,
            decision=ProductionLocation.Decision.REVIEW,
        )
        .select_related("location_list__organization")
        .order_by("country", "name", "pk")
    )


def review_queue_unique(*, agreement: Agreement) -> list[ProductionLocation]:
    seen: set[str] = set()
    unique = []
    for loc in review_queue(agreement=agreement):
        if loc.fingerprint not in seen:
            seen.add(loc.fingerprint)
            unique.append(loc)
    return unique


def candidates_of(location: ProductionLocation) -> list[tuple[Facility, dict]]:
    facilities = Facility.objects.in_bulk([c["facility"] for c in location.candidates])
    return [(facilities[c["facility"]], c) for c in location.candidates if c["facility"] in facilities]


def facility_locations(facility: Facility) -> QuerySet[ProductionLocation]:
    return (
        facility.locations.filter(location_list__status=LocationList.Status.SUBMITTED)
        .select_related("location_list__organization", "location_list__year")
        .order_by("location_list__organization__name", "-location_list__year__number")
    )


def facility_search(*, query: str, country: str = "") -> QuerySet[Facility]:
    qs = Facility.objects.filter(merged_into=None).annotate(n=Count("locations"))
    if country:
        qs = qs.filter(country=country)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(address__icontains=query) | Q(city__icontains=query))
    return qs.order_by("country", "name")


def registry_counts(*, agreement: Agreement) -> dict[str, int]:
    submitted = ProductionLocation.objects.filter(
        location_list__agreement=agreement, location_list__status=LocationList.Status.SUBMITTED
    )
    by_decision = dict(submitted.values_list("decision").annotate(n=Count("pk")))
    return {
        "facilities": Facility.objects.filter(merged_into=None).count(),
        "locations": sum(by_decision.values()),
        **{str(k): v for k, v in by_decision.items()},
    }


# --- the aggregated list ------------------------------------------------------------------------


def aggregated_lists(*, user, agreement: Agreement) -> QuerySet[AggregatedList]:
    qs = AggregatedList.objects.filter(agreement=agreement).select_related("year")
    if is_secretariat(user):
        return qs
    return qs.filter(status=AggregatedList.Status.PUBLISHED)


def restricted_facilities(*, agreement: Agreement) -> set[tuple[int, int]]:
    """(company, facility) pairs the core group allowed to show at country level only (art. 24)."""
    return set(
        DisclosureRestriction.facilities.through.objects.filter(
            disclosurerestriction__agreement=agreement,
            disclosurerestriction__status=Decision.APPROVED,
        ).values_list("disclosurerestriction__organization_id", "facility_id")
    )


# --- requests around the list (art. 22–24) ------------------------------------------------------


def restrictions_visible_to(*, user, agreement: Agreement) -> QuerySet[DisclosureRestriction]:
    """The company its own; the secretariat and the core group all (the core group decides)."""
    qs = DisclosureRestriction.objects.filter(agreement=agreement).select_related("organization")
    roles = roles_of(user)
    if roles & {Role.SECRETARIAT, Role.CORE_GROUP_MEMBER, Role.CORE_GROUP_CHAIR}:
        return qs
    org_id = getattr(user, "organization_id", None)
    return qs.filter(organization_id=org_id) if org_id else qs.none()


def company_facilities(*, organization: Organization, agreement: Agreement) -> QuerySet[Facility]:
    """The sites on a company's submitted lists, which it may ask to restrict."""
    return (
        Facility.objects.filter(
            locations__location_list__organization=organization,
            locations__location_list__agreement=agreement,
            locations__location_list__status=LocationList.Status.SUBMITTED,
        )
        .distinct()
        .order_by("country", "name")
    )


def may_ask_lookup(*, organization: Organization | None, agreement: Agreement) -> bool:
    """Art. 22: an NGO or union that is party, with a confidentiality agreement on record."""
    if organization is None or organization.kind not in (Organization.Kind.NGO, Organization.Kind.UNION):
        return False
    if not is_active_party(organization_id=organization.pk, agreement=agreement):
        return False
    return any(
        confidentiality_agreement_in_force(organization_id=organization.pk, agreement=agreement, scope=scope)
        for scope in LOOKUP_SCOPES
    )


def lookups_visible_to(*, user, agreement: Agreement) -> QuerySet[CompanyLookup]:
    qs = CompanyLookup.objects.filter(agreement=agreement).select_related("organization")
    if is_secretariat(user):
        return qs
    org_id = getattr(user, "organization_id", None)
    return qs.filter(organization_id=org_id) if org_id else qs.none()


def companies_active_in(*, agreement: Agreement, country: str, region: str = "") -> list[Organization]:
    """Companies with a location there on their latest submitted list. A location the core group
    restricted to country level does not answer a question about a region (art. 24)."""
    current = AgreementYear.objects.filter(agreement=agreement, location_lists__status="submitted")
    year = current.order_by("-number").first()
    if year is None:
        return []
    lists = latest_submitted_lists(agreement=agreement, year=year)
    locations = ProductionLocation.objects.filter(location_list__in=lists, country=country)
    if region:
        locations = locations.filter(region=region)
    restricted = restricted_facilities(agreement=agreement) if region else set()
    companies = {
        org_id
        for org_id, facility_id in locations.values_list("location_list__organization_id", "facility_id")
        if (org_id, facility_id) not in restricted
    }
    return list(Organization.objects.filter(pk__in=companies).order_by("name"))


def networks(*, agreement: Agreement) -> QuerySet[NetworkExpertise]:
    return NetworkExpertise.objects.filter(agreement=agreement).select_related("organization")
