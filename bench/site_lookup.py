"""A reported site looked up in a registry of a million facilities, and the companies sourcing from it.

Run: `.venv/bin/python bench/site_lookup.py [--facilities 1000000 --companies 200 --lookups 300]` (a
throw-away SQLite database unless DATABASE_URL is set). The issue asks for ≤ 100 ms per lookup (the
site's facility found and the companies sourcing from it) with a registry of 1,000,000 locations.

The registry is `bench/matching.py`'s world (60 countries, China ~30 %, names in each country's style,
sister sites under one name, generic names), written straight into the tables with its name index;
~200 companies' submitted lists link a sample of it. Each lookup is a site as an NGO reports it: the
exact writing of a listed variant, a misspelled name, reordered words, with or without an address,
or a site not in the registry. Prints the build time, p50/p95/max in ms and the hit rate (the site's
true facility ranked first; for a site not in the registry, no automatic link).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imvo.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("IMVO_VAR_DIR", tempfile.mkdtemp())

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.matching import (  # noqa: E402
    STREET,
    STREET_DEFAULT,
    build_world,
    company_style,
    noisy_row,
    typo,
    word,
)

CHUNK = 20_000
FACILITY_COLUMNS = [
    "id",
    "name",
    "address",
    "city",
    "region",
    "country",
    "latitude",
    "longitude",
    "activity",
    "rmi_cid",
    "created_at",
]


def insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Straight into the table: COPY on PostgreSQL, executemany on SQLite."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def street(f) -> str:
    template = STREET.get(f.style, STREET_DEFAULT)[0]
    return template.split(", ")[0].format(
        n=f.number, w=f.street, city=f.city, prov=f.region_name, pc=f.postcode
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="print the query plans of one lookup")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")

    from imvo.agreements.services import agreement_load_bundled
    from imvo.organizations.models import Organization, Participation
    from imvo.supply_chain.lookup import companies_sourcing_from, site_lookup
    from imvo.supply_chain.matching import _name_tokens
    from imvo.supply_chain.models import Facility, LocationList, MatchDecision, ProductionLocation, SiteToken
    from imvo.supply_chain.services import location_fingerprint

    rng = random.Random(args.seed)
    agreement = agreement_load_bundled()
    year = agreement.current_year() or agreement.years.order_by("-number").first()
    assert year is not None

    start = time.perf_counter()
    world = build_world(rng, args.facilities)
    print(f"world of {len(world):,} facilities generated: {time.perf_counter() - start:.1f} s")
    countries = Counter(f.country for f in world)
    top, share = countries.most_common(1)[0]
    print(f"  {len(countries)} countries, {top} {100 * share / len(world):.0f} %")

    # the companies' lists: each lists a sample, popular sites more often, as it types them
    build = time.perf_counter()
    weights = [f.popularity for f in world]
    today = dt.date.today()
    orgs = Organization.objects.bulk_create(
        Organization(kind=Organization.Kind.COMPANY, name=f"Company {n:03d} B.V.", fte=100)
        for n in range(args.companies)
    )
    Participation.objects.bulk_create(
        Participation(
            agreement=agreement,
            organization=org,
            form=Participation.Form.PARTY,
            status=Participation.Status.ACTIVE,
            signed_on=today - dt.timedelta(days=400),
        )
        for org in orgs
    )
    listed: dict[int, list[tuple[int, object]]] = {}
    rows: list[ProductionLocation] = []
    for org in orgs:
        ll = LocationList.objects.create(
            agreement=agreement,
            year=year,
            organization=org,
            version=1,
            status=LocationList.Status.SUBMITTED,
            vocabulary_version="2025.1",
        )
        style = company_style(rng)
        size = min(2000, int(rng.lognormvariate(4.5, 1.0)) + 10)
        for index in set(rng.choices(range(len(world)), weights=weights, k=size)):
            site = noisy_row(rng, f"{org.pk}-{index}", world[index], style)
            location = ProductionLocation(
                location_list=ll,
                name=site.name,
                address=site.address,
                region=site.region if len(site.region) <= 10 else "",
                region_text=site.region,
                country=site.country,
                latitude=site.latitude,
                longitude=site.longitude,
                activity=site.activity or world[index].activity,
                facility_id=index + 1,
                decision=ProductionLocation.Decision.AUTO,
            )
            location.fingerprint = location_fingerprint(location)
            rows.append(location)
            listed.setdefault(index, []).append((org.pk, location))
    variants: dict[int, set[str]] = {}
    for location in rows:
        variants.setdefault(location.facility_id, set()).add(location.name)
    print(f"{len(orgs)} companies' submitted lists: {len(rows):,} locations of {len(listed):,} facilities")

    # the registry and its name index, written straight into the tables
    with transaction.atomic():
        for begin in range(0, len(world), CHUNK):
            chunk = world[begin : begin + CHUNK]
            now = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
            insert(
                Facility,
                FACILITY_COLUMNS,
                [
                    (
                        f.truth + 1,
                        f.name,
                        street(f),
                        f.city,
                        f.region,
                        f.country,
                        f.latitude,
                        f.longitude,
                        f.activity,
                        "",
                        now,
                    )
                    for f in chunk
                ],
            )
            tokens = []
            for f in chunk:
                pk = f.truth + 1
                words = set(_name_tokens(f.name))
                for name in variants.get(pk, ()):
                    words.update(_name_tokens(name))
                tokens += [(pk, f.country, w[:64]) for w in words]
            insert(SiteToken, ["facility_id", "country", "token"], tokens)
    ProductionLocation.objects.bulk_create(rows, batch_size=5000)
    decisions = {(loc.fingerprint, loc.facility_id) for loc in rows}
    MatchDecision.objects.bulk_create(
        (MatchDecision(fingerprint=fp, facility_id=fid, same=True) for fp, fid in decisions),
        batch_size=5000,
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Facility, SiteToken]):
            cursor.execute(sql)
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    built = time.perf_counter() - build
    print(
        f"registry built: {Facility.objects.count():,} facilities, {SiteToken.objects.count():,} name words, "
        f"{built:.1f} s"
    )

    # the reported sites
    kinds = ["exact variant", "misspelled", "reordered", "name only", "with address", "not in registry"]
    sourced = sorted(listed)
    probes: list[tuple[str, dict, int | None]] = []
    for n in range(args.lookups):
        kind = kinds[n % len(kinds)]
        if kind == "exact variant":
            index = rng.choice(sourced)
            _org, loc = rng.choice(listed[index])
            site = {
                "name": loc.name,
                "address": loc.address,
                "region": loc.region or loc.region_text,
                "country": loc.country,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
            }
            probes.append((kind, site, index))
            continue
        if kind == "not in registry":
            f = world[rng.randrange(len(world))]
            name = f"{word(rng, f.style, 3)} {word(rng, f.style, 3)} {rng.choice(('Mining', 'Smelter', 'Metals'))}"
            probes.append((kind, {"name": name, "country": f.country}, None))
            continue
        index = rng.choice(sourced) if rng.random() < 0.5 else rng.randrange(len(world))
        f = world[index]
        name = f.name
        site = {"name": name, "country": f.country}
        if kind == "misspelled":
            for _ in range(20):
                name = typo(rng, f.name)
                if name != f.name:
                    break
            site["name"] = name
        elif kind == "reordered":
            words = f.name.split()
            rng.shuffle(words)
            site["name"] = " ".join(words)
        elif kind == "with address":
            site.update(address=street(f), city=f.city, region=f.region)
        probes.append((kind, site, index))

    site_lookup(country="NL", name="Warming Up Metaal B.V.", region="NL-ZH")  # loads pycountry once
    timings: list[float] = []
    by_kind: dict[str, list[bool]] = {}
    companies_found = 0
    for kind, site, index in probes:
        begin = time.perf_counter()
        found = site_lookup(**site)
        companies = (
            companies_sourcing_from(agreement=agreement, facility_ids=[found.candidates[0].facility.pk])
            if found.candidates
            else []
        )
        timings.append(1000 * (time.perf_counter() - begin))
        if timings[-1] > 100:
            print(f"  slow: {timings[-1]:.0f} ms, {kind}: {site}")
        companies_found += bool(companies)
        if index is None:
            hit = found.decision != "auto"
        else:
            hit = bool(found.candidates) and found.candidates[0].facility.pk == index + 1
        by_kind.setdefault(kind, []).append(hit)

    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    hits = [h for v in by_kind.values() for h in v]
    print(
        f"{len(timings)} lookups ({connection.vendor}): p50 {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms; hit rate {100 * sum(hits) / len(hits):.1f} %"
    )
    for kind, results in by_kind.items():
        print(f"  {kind}: {100 * sum(results) / len(results):.0f} % of {len(results)}")
    print(f"  {companies_found} lookups named at least one sourcing company")

    if args.explain:
        explain(probes[1][1])


def explain(site: dict) -> None:
    """The plan of every statement one lookup runs, to see that each goes through an index."""
    from django.test.utils import CaptureQueriesContext

    from imvo.supply_chain.lookup import site_lookup

    with CaptureQueriesContext(connection) as captured:
        site_lookup(**site)
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            print(query["sql"][:300])
            cursor.execute(prefix + query["sql"])
            for row in cursor.fetchall():
                print("   ", row[-1])


if __name__ == "__main__":
    main()
