"""Which facility of the registry a reported site is, and which companies source from it.

For a signal about a site (an NGO or union reports an abuse there), in well under 100 ms with a
registry of a million locations: instead of loading a country into the in-memory engine, candidates
come from the persistent name index (`SiteToken`, kept current by the services), and only those few
facilities with their variants are scored — by the same engine (`matching.Registry`: the same
normalisation, evidence and thresholds as list matching). Every query goes through an index.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal

from django.db import connection
from django.db.models import Exists, OuterRef, Subquery
from rapidfuzz.distance import OSA

from imvo.agreements.models import Agreement
from imvo.organizations.models import Organization
from imvo.organizations.selectors import active_parties
from imvo.supply_chain import matching
from imvo.supply_chain.models import Facility, LocationList, MatchDecision, ProductionLocation, SiteToken
from imvo.supply_chain.services import TOKEN_LENGTH

COMMON = 200
"""A word with more postings than this in the country (a province, a metal, "smelter") does not
collect candidates; it only re-ranks those the rarer words found, as the engine's `_RARE` does."""
CANDIDATES = 50
"""Facilities handed to the engine for scoring."""
RERANK = 1000
"""Vote leaders the common words re-rank."""
TYPO_PREFIX = 3
"""A word the country has never seen is looked for among the words sharing its first letters."""
TYPO_WALK = 300
"""Distinct words walked per unknown word, at most."""
SIMILAR = 5
COUNT_CAP = 5_000
"""Common words are counted only this far, to intersect from the rarest (generic words go last)."""
LETTERS = "abcdefghijklmnopqrstuvwxyz"
"""Spellings one edit away followed per unknown word, at most."""
_SCALE = 1_000_000.0
"""Weights of the vote are inverse frequencies; only their order matters, not the country's size."""


@dataclass(frozen=True)
class LookupCandidate:
    facility: Facility
    score: float
    fields: dict[str, float]


@dataclass(frozen=True)
class LookupResult:
    """The engine's verdict on the site ("auto": it is the first candidate; "review": a person should
    look; "new": not in the registry) and its candidates, best first."""

    decision: Literal["auto", "review", "new"]
    candidates: list[LookupCandidate]

    @property
    def facility(self) -> Facility | None:
        return self.candidates[0].facility if self.decision == "auto" and self.candidates else None


def site_lookup(
    *,
    country: str,
    name: str,
    address: str = "",
    city: str = "",
    region: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    limit: int = 5,
) -> LookupResult:
    """The registry's facilities the reported site may be, scored as list matching scores them (at
    most the engine's five). A way of writing the site that is already linked or decided short-cuts;
    facilities the secretariat said it is not are left out."""
    country = country.strip().upper()
    site = matching.Site(
        key="site",
        name=name,
        address=" ".join(filter(None, [address.strip(), city.strip()])),
        region=region.strip(),
        country=country,
        latitude=latitude,
        longitude=longitude,
    )
    same, different = _remembered(matching.fingerprint(site))
    if same is not None:
        fields = {"name": 100.0}
        fields.update({"address": 100.0} if site.address else {})
        fields.update({"region": 100.0} if site.region else {})
        return LookupResult("auto", [LookupCandidate(same, 100.0, fields)])
    tokens = list(dict.fromkeys(t[:TOKEN_LENGTH] for t in matching._name_tokens(name)))
    ids = _candidates(country, tokens) if tokens and country else []
    if not ids:
        return LookupResult("new", [])
    registry, facilities = _registry(country, ids)
    found = registry.match(site, exclude=different)
    return LookupResult(
        found.decision,
        [
            LookupCandidate(facilities[c.facility], c.score, c.fields)  # type: ignore[index]
            for c in found.candidates[: max(0, limit)]
        ],
    )


def _remembered(fingerprint: str) -> tuple[Facility | None, set[int]]:
    """The facility this exact way of writing is known to be, and those it is known not to be."""
    same: int | None = None
    different: set[int] = set()
    for facility_id, is_same, merged_into in MatchDecision.objects.filter(
        fingerprint=fingerprint
    ).values_list("facility_id", "same", "facility__merged_into_id"):
        if is_same:
            same = merged_into or facility_id
        else:
            different.add(merged_into or facility_id)
    if same is None:
        linked = (
            ProductionLocation.objects.filter(fingerprint=fingerprint, facility__isnull=False)
            .order_by()
            .values_list("facility_id", "facility__merged_into_id")[:1]
        )
        for facility_id, merged_into in linked:
            same = merged_into or facility_id
    if same is None:
        return None, different
    return Facility.objects.filter(pk=same).first(), different


def _postings(country: str, token: str) -> list[int]:
    return list(
        SiteToken.objects.filter(country=country, token=token)
        .order_by()
        .values_list("facility_id", flat=True)[: COMMON + 1]
    )


def _weight(token: str, df: int) -> float:
    w = math.log(_SCALE / max(1, df)) + 1.0
    return w * 0.25 if token in matching.GENERIC_WORDS else w


def _candidates(country: str, tokens: list[str]) -> list[int]:
    """Facilities sharing the most weight of name words with the site, the way the engine blocks:
    rare words vote, common ones re-rank; when every word is common, the rarest intersect until few
    are left. A
    word the country does not know stands for its spellings one edit away (a typo on either side)."""
    lookups: list[tuple[str, float, list[int]]] = []
    for token in tokens:
        fids = _postings(country, token)
        if fids:
            lookups.append((token, _weight(token, len(fids)), fids))
        elif len(token) >= 5:
            for similar in _similar(country, token):
                if all(similar != t for t, _, _ in lookups):
                    fids = _postings(country, similar)
                    lookups.append((similar, 0.8 * _weight(similar, len(fids)), fids))
    if not lookups:
        return []
    rare = [(t, w, f) for t, w, f in lookups if len(f) <= COMMON and t not in matching.GENERIC_WORDS]
    votes: dict[int, float] = {}
    if rare:
        late = [(t, w) for t, w, f in lookups if len(f) > COMMON or t in matching.GENERIC_WORDS]
        for _token, w, fids in rare:
            for fid in fids:
                votes[fid] = votes.get(fid, 0.0) + w
    else:
        ordered = sorted(
            lookups, key=lambda lookup: (lookup[0] in matching.GENERIC_WORDS, _count(country, lookup))
        )
        (_first, weight, fids), used = ordered[0], 1
        while len(fids) > COMMON and used < len(ordered):
            narrower = _intersection(country, [t for t, _, _ in ordered[: used + 1]])
            if not narrower:
                break
            fids, weight, used = narrower, weight + ordered[used][1], used + 1
        votes = dict.fromkeys(fids, weight)
        late = [(t, w) for t, w, _ in ordered[used:]]
    if late and votes:
        if len(votes) > RERANK:
            votes = dict(heapq.nlargest(RERANK, votes.items(), key=itemgetter(1)))
        weights = dict(late)
        for fid, token in (
            SiteToken.objects.filter(facility_id__in=list(votes), token__in=list(weights))
            .order_by()
            .values_list("facility_id", "token")
        ):
            votes[fid] += weights[token]
    best = heapq.nlargest(CANDIDATES, votes.items(), key=lambda vote: (vote[1], -vote[0]))
    return [fid for fid, _ in best]


def _count(country: str, lookup: tuple[str, float, list[int]]) -> int:
    """How many facilities carry a word, counted up to COUNT_CAP (an index range, never the table)."""
    token, _, fids = lookup
    if len(fids) <= COMMON or token in matching.GENERIC_WORDS:
        return len(fids)
    postings = SiteToken.objects.filter(country=country, token=token).order_by().values("facility_id")
    return postings[:COUNT_CAP].count()


def _intersection(country: str, tokens: list[str]) -> list[int]:
    """Facilities carrying all these words, walked from the rarest (first) with index probes for the
    others, stopping once it is clear they are common together."""
    query = SiteToken.objects.filter(country=country, token=tokens[0])
    for token in tokens[1:]:
        query = query.filter(
            Exists(
                SiteToken.objects.filter(country=country, token=token, facility_id=OuterRef("facility_id"))
            )
        )
    return list(query.order_by().values_list("facility_id", flat=True)[: COMMON + 1])


def _similar(country: str, token: str) -> list[str]:
    """The country's words one edit away from an unknown word, in one statement: a walk over the
    distinct words sharing its first letters (an index seek per word, however many facilities carry
    each), and probes for every spelling with one edit among those first letters."""
    table = connection.ops.quote_name(SiteToken._meta.db_table)
    prefix = token[:TYPO_PREFIX]
    above = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    probes = sorted(_early_edits(token))
    values = ", ".join(["(%s)"] * len(probes))
    sql = (
        f"WITH RECURSIVE walk(token, n) AS ("
        f" SELECT (SELECT MIN(token) FROM {table} WHERE country = %s AND token >= %s AND token < %s), 0"
        f" UNION ALL"
        f" SELECT (SELECT MIN(s.token) FROM {table} s WHERE s.country = %s AND s.token > walk.token"
        f" AND s.token < %s), walk.n + 1 FROM walk WHERE walk.token IS NOT NULL AND walk.n < %s"
        f") SELECT token FROM walk"
        f" UNION ALL SELECT v.column1 FROM (VALUES {values}) AS v"
        f" WHERE EXISTS (SELECT 1 FROM {table} p WHERE p.country = %s AND p.token = v.column1)"
    )
    params: list[str | int] = [country, prefix, above, country, above, TYPO_WALK, *probes, country]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        words = {row[0] for row in cursor.fetchall() if row[0]}
    keys = {token, *matching._deletions(token)}
    near = [
        word
        for word in words
        if word != token and len(word) >= 5 and keys & {word, *matching._deletions(word)}
    ]
    return sorted(near, key=lambda word: (OSA.distance(token, word), word))[:SIMILAR]


def _early_edits(token: str) -> set[str]:
    """Spellings one edit (deletion, transposition, substitution, insertion) away from the word within
    its first letters, where the walk over words sharing them cannot see."""
    edits: set[str] = set()
    for i in range(TYPO_PREFIX):
        edits.add(token[:i] + token[i + 1 :])
        edits.add(token[:i] + token[i + 1 : i + 2] + token[i : i + 1] + token[i + 2 :])
        edits.update(token[:i] + c + token[i + 1 :] for c in LETTERS)
        edits.update(token[:i] + c + token[i:] for c in LETTERS)
    edits.discard(token)
    return {e for e in edits if len(e) >= 5}


def _registry(country: str, ids: list[int]) -> tuple[matching.Registry, dict[int, Facility]]:
    """A registry of just these facilities (the live one for a merged one) and every way they were
    listed in the country, so the engine scores them as it scores a list."""
    facilities = Facility.objects.in_bulk(ids)
    merged = {f.merged_into_id for f in facilities.values() if f.merged_into_id is not None}
    if merged - facilities.keys():
        facilities.update(Facility.objects.in_bulk(list(merged - facilities.keys())))
    live = {pk: f for pk, f in facilities.items() if f.merged_into_id is None}
    registry = matching.Registry()
    for f in live.values():
        registry.add(
            f.pk,
            matching.Site(
                key=f"f{f.pk}",
                name=f.name,
                address=" ".join(filter(None, [f.address, f.city])),
                region=f.region,
                country=f.country,
                latitude=f.latitude,
                longitude=f.longitude,
                activity=f.activity,
            ),
        )
    seen: set[str] = set()
    for fid, fp, name, address, city, region, region_text, lat, lon, activity in (
        ProductionLocation.objects.filter(facility_id__in=list(live), country=country)
        .order_by()
        .values_list(
            "facility_id",
            "fingerprint",
            "name",
            "address",
            "city",
            "region",
            "region_text",
            "latitude",
            "longitude",
            "activity",
        )
    ):
        if fp in seen:
            continue
        seen.add(fp)
        registry.add(
            fid,
            matching.Site(
                key=fp,
                name=name,
                address=" ".join(filter(None, [address, city])),
                region=region or region_text,
                country=country,
                latitude=lat,
                longitude=lon,
                activity=activity,
            ),
        )
    return registry, live


def companies_sourcing_from(*, agreement: Agreement, facility_ids: Iterable[int]) -> list[Organization]:
    """The companies taking part as a party now whose latest submitted list — of the current
    agreement year, or when they have none yet of an earlier one — holds a location linked to one
    of these facilities (or to one merged into them). By name."""
    ids = {int(pk) for pk in facility_ids}
    if not ids:
        return []
    live = {
        merged_into or pk
        for pk, merged_into in Facility.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "merged_into_id")
    }
    sites = live | set(
        Facility.objects.filter(merged_into_id__in=live).order_by().values_list("pk", flat=True)
    )
    year = agreement.current_year() or agreement.years.order_by("-number").first()
    submitted = LocationList.objects.filter(
        organization=OuterRef("location_list__organization"),
        agreement=agreement,
        status=LocationList.Status.SUBMITTED,
    )
    if year is not None:
        submitted = submitted.filter(year__number__lte=year.number)
    newest = submitted.order_by("-year__number", "-version").values("pk")[:1]
    sourcing = (
        ProductionLocation.objects.filter(
            facility_id__in=sites,
            location_list__agreement=agreement,
            location_list__status=LocationList.Status.SUBMITTED,
        )
        .filter(location_list_id=Subquery(newest))
        .order_by()
        .values("location_list__organization_id")
    )
    party = active_parties(agreement=agreement).filter(organization=OuterRef("pk"))
    return list(
        Organization.objects.filter(pk__in=sourcing, kind=Organization.Kind.COMPANY)
        .filter(Exists(party))
        .order_by("name")
    )
