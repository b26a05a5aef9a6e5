"""Actions on production locations: uploading and submitting a list, matching it into the facility
registry (remembering every decision), the secretariat's review, and the aggregated list."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement, AgreementYear
from imvo.core.files import sha256_of
from imvo.core.jobs import job_start
from imvo.organizations.models import Organization
from imvo.supply_chain.models import (
    AggregatedList,
    CompanyLookup,
    Decision,
    DisclosureRestriction,
    Facility,
    LocationList,
    MatchDecision,
    NetworkExpertise,
    ProductionLocation,
    SiteToken,
)
from imvo.supply_chain.vocabulary import vocabulary

BATCH = 500
TOKEN_LENGTH = SiteToken._meta.get_field("token").max_length or 64
CID = re.compile(r"^CID\d{6}$")
FIELDS = (
    "reference",
    "name",
    "address",
    "city",
    "region",
    "region_text",
    "country",
    "latitude",
    "longitude",
    "activity",
    "materials",
    "tier",
    "customer_location",
)


# --- a company's list ---------------------------------------------------------------------------


def _next_version(organization: Organization, year: AgreementYear) -> int:
    latest = LocationList.objects.filter(organization=organization, year=year).aggregate(v=Max("version"))[
        "v"
    ]
    return (latest or 0) + 1


def _supersede_drafts(organization: Organization, year: AgreementYear) -> None:
    LocationList.objects.filter(
        organization=organization,
        year=year,
        status__in=[LocationList.Status.DRAFT, LocationList.Status.PROCESSING, LocationList.Status.FAILED],
    ).update(status=LocationList.Status.SUPERSEDED)


@transaction.atomic
def list_upload(
    *, organization: Organization, year: AgreementYear, file: UploadedFile, actor
) -> LocationList:
    """Keep the file unaltered and read it in the background; a new upload replaces the draft."""
    from imvo.supply_chain.parsing import MAX_BYTES

    if not organization.is_company:
        raise ValidationError(_("Only companies deliver a production-location list."))
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split the list or remove other sheets.")
            % {"size": round(file.size / 1_048_576, 1), "limit": MAX_BYTES // 1_048_576}
        )
    if not file.size:
        raise ValidationError(_("The file is empty."))
    _supersede_drafts(organization, year)
    location_list = LocationList.objects.create(
        agreement=year.agreement,
        year=year,
        organization=organization,
        version=_next_version(organization, year),
        status=LocationList.Status.PROCESSING,
        vocabulary_version=vocabulary().version,
        file=file,
        original_name=(file.name or "")[:255],
        sha256=sha256_of(file),
        created_by=actor,
    )
    location_list.job = job_start(kind="location_list_read", user=actor, params={"list": location_list.pk})
    location_list.save(update_fields=["job"])
    return location_list


@transaction.atomic
def list_start_empty(*, organization: Organization, year: AgreementYear, actor) -> LocationList:
    """A list typed in the browser, starting from last year's submitted list when there is one."""
    from imvo.supply_chain.selectors import previous_list

    if not organization.is_company:
        raise ValidationError(_("Only companies deliver a production-location list."))
    _supersede_drafts(organization, year)
    location_list = LocationList.objects.create(
        agreement=year.agreement,
        year=year,
        organization=organization,
        version=_next_version(organization, year),
        vocabulary_version=vocabulary().version,
        created_by=actor,
    )
    earlier = previous_list(organization=organization, year=year)
    if earlier is not None:
        _copy_rows(earlier, location_list)
    return location_list


def _copy_rows(source: LocationList, target: LocationList) -> None:
    ProductionLocation.objects.bulk_create(
        [
            ProductionLocation(
                location_list=target,
                row=loc.row,
                fingerprint=loc.fingerprint,
                **{f: getattr(loc, f) for f in FIELDS},
            )
            for loc in source.locations.all()
        ],
        batch_size=BATCH,
    )


def list_read(location_list: LocationList, progress: Callable[[int, int], None]) -> bytes:
    """The background part of an upload: parse, keep the good rows and every problem. Returns the
    problems as CSV, the job's downloadable result."""
    import csv
    import io

    from imvo.supply_chain.parsing import ListFileError, parse_location_file

    with location_list.file.open("rb") as handle:
        try:
            result = parse_location_file(handle, filename=location_list.original_name, progress=progress)
        except ListFileError as e:
            location_list.status = LocationList.Status.FAILED
            location_list.error = str(e)
            location_list.save(update_fields=["status", "error"])
            return str(e).encode()
    rows = [
        ProductionLocation(
            location_list=location_list,
            row=p.row,
            fingerprint=location_fingerprint(p),
            **{f: getattr(p, f) for f in FIELDS if f != "materials"},
            materials=list(p.materials),
        )
        for p in result.locations
    ]
    with transaction.atomic():
        ProductionLocation.objects.bulk_create(rows, batch_size=BATCH)
        location_list.rows_read = result.rows_read
        location_list.problems = [
            {"row": p.row, "column": p.column, "message": p.message, "level": p.level}
            for p in result.problems
        ]
        location_list.problem_count = result.problem_count
        if location_list.status == LocationList.Status.PROCESSING:
            location_list.status = LocationList.Status.DRAFT
        location_list.save(update_fields=["rows_read", "problems", "problem_count", "status"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("row"), _("column"), _("level"), _("problem")])
    for p in result.problems:
        writer.writerow([p.row or "", p.column, p.level, p.message])
    return out.getvalue().encode("utf-8-sig")


def location_fingerprint(location) -> str:
    from imvo.supply_chain.matching import fingerprint

    return fingerprint(_site(location))


def _site(location, key: str = ""):
    from imvo.supply_chain.matching import Site

    return Site(
        key=key,
        name=location.name,
        address=" ".join(filter(None, [location.address, location.city])),
        region=location.region or getattr(location, "region_text", ""),
        country=location.country,
        latitude=location.latitude,
        longitude=location.longitude,
        activity=location.activity,
    )


def _check_editable(location_list: LocationList) -> None:
    if not location_list.is_editable:
        raise ValidationError(
            _("This list has been submitted and can no longer be changed; start a new version.")
        )


@transaction.atomic
def location_save(
    *, location_list: LocationList, data: dict, actor, location: ProductionLocation | None = None
) -> ProductionLocation:
    """Add or change a row typed in the browser (already validated by the form)."""
    _check_editable(location_list)
    if location is None:
        last = location_list.locations.aggregate(r=Max("row"))["r"] or 1
        location = ProductionLocation(location_list=location_list, row=last + 1)
    for field in FIELDS:
        if field in data:
            setattr(location, field, data[field])
    location.fingerprint = location_fingerprint(location)
    location.save()
    return location


@transaction.atomic
def location_delete(*, location: ProductionLocation, actor) -> None:
    _check_editable(location.location_list)
    location.delete()


def cmrt_smelters(organization: Organization) -> list[dict]:
    """The smelters and refiners of the company's latest CMRT or EMRT import (monitoring)."""
    from imvo.monitoring.models import CmrtImport

    latest = CmrtImport.objects.filter(assessment__organization=organization).order_by("-imported_at").first()
    return [s for s in (latest.smelters if latest else []) if s.get("name") and s.get("country_code")]


@transaction.atomic
def list_add_cmrt_smelters(*, location_list: LocationList, actor) -> int:
    """Add the smelters and refiners the company already reported in its CMRT, as tier 3+ rows with
    their RMI identification number as reference, so they are matched by that number first."""
    from imvo.supply_chain.parsing import region_code

    _check_editable(location_list)
    v = vocabulary()
    present = set(location_list.locations.values_list("reference", flat=True))
    added = 0
    for smelter in cmrt_smelters(location_list.organization):
        cid = smelter.get("cid", "")
        if cid and cid in present:
            continue
        material = v.resolve("materials", smelter.get("metal", ""))
        location_save(
            location_list=location_list,
            data={
                "reference": cid,
                "name": smelter["name"],
                "address": smelter.get("street", ""),
                "city": smelter.get("city", ""),
                "country": smelter["country_code"],
                "region": region_code(smelter["country_code"], smelter.get("region", "")),
                "region_text": smelter.get("region", ""),
                "activity": "refining" if material in ("gold", "silver", "pgm") else "smelting",
                "materials": [material] if material else [],
                "tier": "3+",
            },
            actor=actor,
        )
        present.add(cid)
        added += 1
    return added


@transaction.atomic
def list_submit(*, location_list: LocationList, actor) -> LocationList:
    """Freeze the list and match its rows into the registry in the background."""
    LocationList.objects.select_for_update().filter(pk=location_list.pk).first()
    location_list.refresh_from_db()
    _check_editable(location_list)
    if not location_list.locations.exists():
        raise ValidationError(_("The list has no locations yet."))
    location_list.status = LocationList.Status.SUBMITTED
    location_list.submitted_at = timezone.now()
    location_list.submitted_by = actor
    location_list.save(update_fields=["status", "submitted_at", "submitted_by"])
    job = job_start(kind="location_list_match", user=actor, params={"list": location_list.pk})
    location_list.job = job
    location_list.save(update_fields=["job"])
    return location_list


@transaction.atomic
def list_new_version(*, location_list: LocationList, actor) -> LocationList:
    """Corrections to a submitted list are a new version; the submitted one stays as it was."""
    if location_list.status != LocationList.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted list can be corrected in a new version."))
    _supersede_drafts(location_list.organization, location_list.year)
    draft = LocationList.objects.create(
        agreement=location_list.agreement,
        year=location_list.year,
        organization=location_list.organization,
        version=_next_version(location_list.organization, location_list.year),
        vocabulary_version=location_list.vocabulary_version,
        created_by=actor,
    )
    _copy_rows(location_list, draft)
    return draft


# --- matching into the registry -----------------------------------------------------------------


@dataclass
class MatchStats:
    remembered: int = 0
    auto: int = 0
    review: int = 0
    new: int = 0


def _live(facility_id: int, merged: dict[int, int]) -> int:
    seen = set()
    while facility_id in merged and facility_id not in seen:
        seen.add(facility_id)
        facility_id = merged[facility_id]
    return facility_id


def _batches(items: list, size: int = BATCH) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def registry_for(countries: Iterable[str]):
    """The registry's facilities of these countries, with every way they have been written."""
    from imvo.supply_chain.matching import Registry, Site

    registry = Registry()
    countries = sorted(set(countries))
    for f in Facility.objects.filter(country__in=countries, merged_into=None).values(
        "pk", "name", "address", "city", "region", "country", "latitude", "longitude", "activity"
    ):
        registry.add(
            f["pk"],
            Site(
                key=f"f{f['pk']}",
                name=f["name"],
                address=" ".join(filter(None, [f["address"], f["city"]])),
                region=f["region"],
                country=f["country"],
                latitude=f["latitude"],
                longitude=f["longitude"],
                activity=f["activity"],
            ),
        )
    variants = ProductionLocation.objects.filter(
        country__in=countries, facility__isnull=False, facility__merged_into=None
    )
    seen: set[str] = set()
    for loc in variants.only(*FIELDS, "fingerprint", "facility_id").iterator(chunk_size=2000):
        if loc.fingerprint in seen:
            continue
        seen.add(loc.fingerprint)
        registry.add(loc.facility_id, _site(loc, key=f"l{loc.pk}"))
    return registry


def match_list(location_list: LocationList, progress: Callable[[int, int], None] | None = None) -> MatchStats:
    """Link every row to a facility: first what was decided before about the same writing (one
    statement, so an unchanged re-upload costs next to nothing), then the engine — confident
    matches automatically, uncertain ones to the secretariat's review queue."""
    from django.db.models import Exists, OuterRef, Subquery

    pending = location_list.locations.filter(decision=ProductionLocation.Decision.PENDING)
    decided = MatchDecision.objects.filter(
        fingerprint=OuterRef("fingerprint"), same=True, facility__merged_into=None
    ).values("facility_id")[:1]
    with transaction.atomic():
        remembered = pending.filter(Exists(decided)).update(
            facility_id=Subquery(decided), decision=ProductionLocation.Decision.REMEMBERED
        )
    stats = match_locations(list(pending), progress=progress)
    stats.remembered += remembered
    return stats


def match_locations(
    locations: list[ProductionLocation], progress: Callable[[int, int], None] | None = None
) -> MatchStats:
    stats = MatchStats()
    total = len(locations)
    merged: dict[int, int] = dict(
        Facility.objects.exclude(merged_into=None).values_list("pk", "merged_into")  # type: ignore[arg-type]
    )
    same: dict[str, int] = {}
    different: dict[str, set[int]] = {}
    fingerprints = sorted({loc.fingerprint for loc in locations})
    for batch in _batches(fingerprints):
        for fp, facility_id, is_same in MatchDecision.objects.filter(fingerprint__in=batch).values_list(
            "fingerprint", "facility_id", "same"
        ):
            if is_same:
                same[fp] = _live(facility_id, merged)
            else:
                different.setdefault(fp, set()).add(_live(facility_id, merged))

    remembered = [loc for loc in locations if loc.fingerprint in same]
    for loc in remembered:
        loc.facility_id = same[loc.fingerprint]
        loc.decision = ProductionLocation.Decision.REMEMBERED
    stats.remembered = len(remembered)
    ProductionLocation.objects.bulk_update(remembered, ["facility", "decision"], batch_size=BATCH)
    done = len(remembered)
    if progress:
        progress(done, total)

    rest = [loc for loc in locations if loc.fingerprint not in same]
    if not rest:
        return stats
    by_cid = dict(
        Facility.objects.filter(
            rmi_cid__in={loc.reference for loc in rest if CID.match(loc.reference)}, merged_into=None
        ).values_list("rmi_cid", "pk")
    )
    matcher = _Matcher(registry_for(loc.country for loc in rest), same, different, stats, by_cid)
    for batch in _batches(rest):
        with transaction.atomic():
            for loc in batch:
                matcher.match(loc)
            matcher.save(batch)
        done += len(batch)
        if progress:
            progress(done, total)
    return stats


class _Matcher:
    """Matches rows one by one against the registry, which grows as it goes (a site listed twice in
    one list is one facility), and writes a batch's new facilities and decisions in bulk. A new
    facility goes into the registry under a temporary key until the batch gives it its number."""

    def __init__(
        self, registry, same: dict[str, int], different: dict[str, set[int]], stats: MatchStats, by_cid: dict
    ):
        self.registry, self.same, self.different, self.stats = registry, same, different, stats
        self.by_cid = by_cid
        self.fresh: dict[str, Facility] = {}
        self.keys: dict[str, int] = {}
        self.links: dict[int, str] = {}

    def _real(self, key):
        return self.keys.get(key, key) if isinstance(key, str) else key

    def match(self, loc: ProductionLocation) -> None:
        known = self.same.get(loc.fingerprint)
        if known is not None:
            self._link(loc, known, ProductionLocation.Decision.REMEMBERED)
            self.stats.remembered += 1
            return
        site = _site(loc, key=f"l{loc.pk}")
        by_cid = self.by_cid.get(loc.reference) if loc.reference else None
        if by_cid is not None:
            loc.score, loc.candidates = 100.0, []
            self._link(loc, by_cid, ProductionLocation.Decision.AUTO)
            self.stats.auto += 1
            self.same[loc.fingerprint] = by_cid
            self.registry.add(by_cid, site)
            return
        match = self.registry.match(site, exclude=self.different.get(loc.fingerprint, set()))
        loc.score = round(match.score, 1)
        loc.candidates = [
            {"facility": c.facility, "score": round(c.score, 1), "fields": c.fields} for c in match.candidates
        ]
        if match.decision == "review":
            loc.facility_id, loc.decision = None, ProductionLocation.Decision.REVIEW
            self.stats.review += 1
            return
        if match.decision == "auto":
            facility = self._real(match.facility)
            self._link(loc, facility, ProductionLocation.Decision.AUTO)
            self.stats.auto += 1
        else:
            facility = f"n{loc.pk}"
            self.fresh[facility] = _facility_from(loc, save=False)
            if CID.match(loc.reference):
                self.by_cid[loc.reference] = facility
            self._link(loc, facility, ProductionLocation.Decision.NEW)
            self.stats.new += 1
        self.same[loc.fingerprint] = facility  # type: ignore[assignment]
        self.registry.add(facility, site)

    def _link(self, loc: ProductionLocation, facility, decision: str) -> None:
        loc.decision = decision
        if isinstance(facility, str):
            self.links[loc.pk] = facility
            loc.facility_id = self.keys.get(facility)
        else:
            loc.facility_id = facility

    def save(self, batch: list[ProductionLocation]) -> None:
        pending = [key for key in self.fresh if key not in self.keys]
        created = Facility.objects.bulk_create([self.fresh[key] for key in pending])
        self.keys.update({key: f.pk for key, f in zip(pending, created, strict=True)})
        for loc in batch:
            if loc.pk in self.links:
                loc.facility_id = self.keys[self.links.pop(loc.pk)]
            for candidate in loc.candidates:
                candidate["facility"] = self._real(candidate["facility"])
        for fp, facility in self.same.items():
            if isinstance(facility, str) and facility in self.keys:
                self.same[fp] = self.keys[facility]
        decided = [
            MatchDecision(fingerprint=loc.fingerprint, facility_id=loc.facility_id, same=True)
            for loc in batch
            if loc.facility_id is not None
            and loc.decision in (ProductionLocation.Decision.AUTO, ProductionLocation.Decision.NEW)
        ]
        MatchDecision.objects.bulk_create(decided, ignore_conflicts=True, batch_size=BATCH)
        ProductionLocation.objects.bulk_update(
            batch, ["facility", "decision", "score", "candidates"], batch_size=BATCH
        )
        index_facilities(
            facility_ids={
                loc.facility_id
                for loc in batch
                if loc.facility_id is not None
                and loc.decision in (ProductionLocation.Decision.AUTO, ProductionLocation.Decision.NEW)
            }
        )


def _facility_from(loc: ProductionLocation, save: bool = True) -> Facility:
    facility = Facility(
        name=loc.name,
        address=loc.address,
        city=loc.city,
        region=loc.region,
        country=loc.country,
        latitude=loc.latitude,
        longitude=loc.longitude,
        activity=loc.activity,
        rmi_cid=loc.reference if CID.match(loc.reference) else "",
    )
    if save:
        facility.save()
        index_facilities(facility_ids=[facility.pk])
    return facility


def _remember(fingerprint: str, facility: Facility, *, same: bool, actor) -> None:
    MatchDecision.objects.update_or_create(
        fingerprint=fingerprint, facility=facility, defaults={"same": same, "decided_by": actor}
    )


def _open_for_review(location: ProductionLocation) -> None:
    if location.decision != ProductionLocation.Decision.REVIEW:
        raise ValidationError(_("This location has already been decided."))


@transaction.atomic
def review_confirm(*, location: ProductionLocation, facility: Facility, actor) -> int:
    """The location is this facility. Every other waiting row written the same way follows, and the
    decision is remembered; the other candidates are remembered as different sites."""
    _open_for_review(location)
    facility = (
        facility if facility.merged_into_id is None else Facility.objects.get(pk=facility.merged_into_id)
    )
    _remember(location.fingerprint, facility, same=True, actor=actor)
    for candidate in location.candidates:
        if candidate["facility"] != facility.pk:
            other = Facility.objects.filter(pk=candidate["facility"]).first()
            if other is not None:
                _remember(location.fingerprint, other, same=False, actor=actor)
    confirmed = ProductionLocation.objects.filter(
        fingerprint=location.fingerprint, decision=ProductionLocation.Decision.REVIEW
    ).update(facility=facility, decision=ProductionLocation.Decision.CONFIRMED)
    index_facilities(facility_ids=[facility.pk])
    return confirmed


@transaction.atomic
def review_new_facility(*, location: ProductionLocation, actor) -> Facility:
    """None of the candidates: the location is a site of its own; never propose them again."""
    _open_for_review(location)
    facility = _facility_from(location)
    _remember(location.fingerprint, facility, same=True, actor=actor)
    for candidate in location.candidates:
        other = Facility.objects.filter(pk=candidate["facility"]).first()
        if other is not None:
            _remember(location.fingerprint, other, same=False, actor=actor)
    ProductionLocation.objects.filter(
        fingerprint=location.fingerprint, decision=ProductionLocation.Decision.REVIEW
    ).update(facility=facility, decision=ProductionLocation.Decision.CONFIRMED)
    return facility


@transaction.atomic
def facility_merge(*, keep: Facility, drop: Facility, actor) -> int:
    """Two registry entries are one site: the second's locations and decisions move to the first."""
    if keep.pk == drop.pk:
        raise ValidationError(_("A facility cannot be merged with itself."))
    if drop.merged_into_id is not None or keep.merged_into_id is not None:
        raise ValidationError(_("This facility has already been merged."))
    moved = ProductionLocation.objects.filter(facility=drop).update(facility=keep)
    for decision in MatchDecision.objects.filter(facility=drop):
        MatchDecision.objects.update_or_create(
            fingerprint=decision.fingerprint,
            facility=keep,
            defaults={"same": decision.same, "decided_by": actor},
        )
    MatchDecision.objects.filter(facility=drop).delete()
    drop.merged_into = keep
    drop.save(update_fields=["merged_into"])
    Facility.objects.filter(merged_into=drop).update(merged_into=keep)
    for restriction in drop.restrictions.all():
        restriction.facilities.add(keep)
    index_facilities(facility_ids=[keep.pk, drop.pk])
    return moved


@transaction.atomic
def index_facilities(*, facility_ids: Iterable[int], apps=None) -> int:
    """(Re)compute the name words of these facilities in the persistent index (`SiteToken`): the
    engine's tokens of the facility's own name, of the facilities merged into it and of every name
    it was listed under. A merged facility keeps none (its words now belong to the one it joined).
    Writes only the difference, so the hooks that call it after every matched batch stay cheap.
    `apps` is a migration's app registry, so the data migration runs this same code. Returns the
    number of words added."""
    from imvo.supply_chain.matching import _name_tokens

    registry = apps or django_apps
    facilities = registry.get_model("supply_chain", "Facility").objects
    locations = registry.get_model("supply_chain", "ProductionLocation").objects
    tokens = registry.get_model("supply_chain", "SiteToken")
    ids = sorted({fid for fid in facility_ids if fid is not None})
    if not ids:
        return 0
    live: dict[int, tuple[str, set[str]]] = {}
    for pk, name, country, merged_into in (
        facilities.filter(pk__in=ids).order_by().values_list("pk", "name", "country", "merged_into_id")
    ):
        if merged_into is None:
            live[pk] = (country, {name})
    named = [
        *facilities.filter(merged_into_id__in=list(live)).order_by().values_list("merged_into_id", "name"),
        *locations.filter(facility_id__in=list(live))
        .values_list("facility_id", "name")
        .order_by()
        .distinct(),
    ]
    for pk, name in named:
        live[pk][1].add(name)
    wanted = {
        (pk, token[:TOKEN_LENGTH], country)
        for pk, (country, names) in live.items()
        for name in names
        for token in _name_tokens(name)
    }
    existing = set(tokens.objects.filter(facility_id__in=ids).values_list("facility_id", "token", "country"))
    stale: dict[int, list[str]] = {}
    for pk, token, _country in existing - wanted:
        stale.setdefault(pk, []).append(token)
    for pk, words in stale.items():
        tokens.objects.filter(facility_id=pk, token__in=words).delete()
    added = [
        tokens(facility_id=pk, token=token, country=country)
        for pk, token, country in sorted(wanted - existing)
    ]
    tokens.objects.bulk_create(added, ignore_conflicts=True, batch_size=BATCH)
    return len(added)


# --- the aggregated list ------------------------------------------------------------------------


def contributions(*, agreement: Agreement, year: AgreementYear):
    """Every company's submitted locations of the year, as the disclosure rules count them."""
    from imvo.supply_chain.disclosure import Contribution
    from imvo.supply_chain.selectors import latest_submitted_lists, restricted_facilities

    restricted = restricted_facilities(agreement=agreement)
    lists = latest_submitted_lists(agreement=agreement, year=year)
    for loc in (
        ProductionLocation.objects.filter(location_list__in=lists)
        .select_related("location_list")
        .iterator(chunk_size=2000)
    ):
        company = loc.location_list.organization_id
        yield Contribution(
            company=company,
            location=loc.site_key,
            country=loc.country,
            region=loc.region,
            activity=loc.activity,
            material=(loc.materials or [""])[0],
            restricted=(company, loc.facility_id) in restricted,
        )


@transaction.atomic
def aggregate_build(*, agreement: Agreement, year: AgreementYear, actor) -> AggregatedList:
    """A draft of the year's aggregated list, checked against every list published before (a
    correction of this year's list included)."""
    from imvo.supply_chain.disclosure import Publication, publish
    from imvo.supply_chain.selectors import latest_submitted_lists

    earlier = [
        Publication.from_json(a.publication)
        for a in AggregatedList.objects.filter(
            agreement=agreement, status=AggregatedList.Status.PUBLISHED
        ).order_by("year__number", "published_at")
    ]
    publication = publish(
        contributions(agreement=agreement, year=year),
        year=year.number,
        earlier=earlier,
        k=agreement.min_companies_per_cell,
    )
    AggregatedList.objects.filter(agreement=agreement, year=year, status=AggregatedList.Status.DRAFT).delete()
    return AggregatedList.objects.create(
        agreement=agreement,
        year=year,
        publication=publication.to_json(),
        companies=latest_submitted_lists(agreement=agreement, year=year).count(),
        built_at=timezone.now(),
        built_by=actor,
    )


@transaction.atomic
def aggregate_publish(*, aggregated: AggregatedList, actor) -> AggregatedList:
    if aggregated.status != AggregatedList.Status.DRAFT:
        raise ValidationError(_("This aggregated list has already been published."))
    if AggregatedList.objects.filter(
        agreement=aggregated.agreement, year=aggregated.year, status=AggregatedList.Status.PUBLISHED
    ).exists():
        raise ValidationError(_("The aggregated list of this year has already been published."))
    aggregated.status = AggregatedList.Status.PUBLISHED
    aggregated.published_at = timezone.now()
    aggregated.published_by = actor
    aggregated.save(update_fields=["status", "published_at", "published_by"])
    return aggregated


# --- requests around the list (art. 22–24) ------------------------------------------------------


@transaction.atomic
def restriction_request(
    *, agreement: Agreement, organization: Organization, facilities: Iterable[Facility], reasons: str, actor
) -> DisclosureRestriction:
    facilities = list(facilities)
    if not facilities:
        raise ValidationError({"facilities": _("Choose the locations the request is about.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give your reasons; the core group decides on them (art. 24).")})
    restriction = DisclosureRestriction.objects.create(
        agreement=agreement, organization=organization, reasons=reasons.strip(), requested_by=actor
    )
    restriction.facilities.set(facilities)
    return restriction


def _decide(obj, *, approve: bool, note: str, actor) -> None:
    if obj.status != Decision.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    if not approve and not note.strip():
        raise ValidationError({"decision_note": _("Say why the request is refused.")})
    obj.status = Decision.APPROVED if approve else Decision.REFUSED
    obj.decision_note = note.strip()
    obj.decided_by = actor


@transaction.atomic
def restriction_decide(*, restriction: DisclosureRestriction, approve: bool, decided_on, note: str, actor):
    """Record the core group's decision; an approved restriction counts from the next aggregated list."""
    _decide(restriction, approve=approve, note=note, actor=actor)
    restriction.decided_on = decided_on
    restriction.save()
    return restriction


@transaction.atomic
def lookup_request(
    *, agreement: Agreement, organization: Organization, country: str, region: str, reason: str, actor
) -> CompanyLookup:
    from imvo.supply_chain.selectors import may_ask_lookup

    if not may_ask_lookup(organization=organization, agreement=agreement):
        raise ValidationError(
            _(
                "Only NGOs and unions that are party and have a confidentiality agreement on record may ask (art. 22)."
            )
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you ask; the secretariat decides on it.")})
    if region and not region.startswith(f"{country}-"):
        raise ValidationError({"region": _("This region is not in the chosen country.")})
    return CompanyLookup.objects.create(
        agreement=agreement,
        organization=organization,
        country=country,
        region=region,
        reason=reason.strip(),
        requested_by=actor,
    )


@transaction.atomic
def lookup_decide(*, lookup: CompanyLookup, approve: bool, note: str, actor) -> CompanyLookup:
    """On approval the answer is fixed at that moment: the companies active there by their lists."""
    from imvo.supply_chain.selectors import companies_active_in

    _decide(lookup, approve=approve, note=note, actor=actor)
    lookup.decided_at = timezone.now()
    if approve:
        lookup.answer = [
            {"id": org.pk, "name": org.name}
            for org in companies_active_in(
                agreement=lookup.agreement, country=lookup.country, region=lookup.region
            )
        ]
    lookup.save()
    return lookup


def network_add(
    *,
    agreement: Agreement,
    organization: Organization,
    country: str,
    region: str,
    materials,
    description: str,
    actor,
) -> NetworkExpertise:
    if organization.kind not in (Organization.Kind.NGO, Organization.Kind.UNION):
        raise ValidationError({"organization": _("Choose an NGO or a union.")})
    if region and not region.startswith(f"{country}-"):
        raise ValidationError({"region": _("This region is not in the chosen country.")})
    return NetworkExpertise.objects.create(
        agreement=agreement,
        organization=organization,
        country=country,
        region=region,
        materials=list(materials),
        description=description.strip(),
        recorded_by=actor,
    )


def network_delete(*, entry: NetworkExpertise, actor) -> None:
    entry.delete()
