"""The risk analysis through the platform: suggestions from a long production-location list, a big
register's page and statement, and the sector report over every company.

Run: `.venv/bin/python bench/risks.py [--companies 50 --risks 40 --locations 2000]` (a throw-away
SQLite database unless DATABASE_URL is set). No issue names a figure; these are what a user waits
for, measured so that a change that slows them shows.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
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

PLACES = [
    ("CD", "CD-NK", "artisanal_mining", ["tantalum", "tin"]),
    ("CD", "CD-LU", "mining", ["copper", "cobalt"]),
    ("CD", "", "trading", ["gold"]),
    ("RW", "RW-01", "trading", ["tin", "tungsten"]),
    ("PE", "PE-ICA", "smelting", ["tin"]),
    ("BO", "BO-O", "artisanal_mining", ["tin", "silver"]),
    ("IN", "IN-UP", "manufacturing", ["copper"]),
    ("CN", "CN-JX", "refining", ["copper"]),
    ("ID", "ID-BB", "smelting", ["tin"]),
    ("DE", "DE-HH", "refining", ["copper"]),
    ("NL", "NL-ZH", "processing", ["iron_steel"]),
    ("ZW", "", "mining", ["gold"]),
]


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=50)
    parser.add_argument("--risks", type=int, default=40)
    parser.add_argument("--locations", type=int, default=2000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from imvo.accounts.models import User
    from imvo.agreements.services import agreement_load_bundled
    from imvo.organizations.models import Organization, Participation
    from imvo.organizations.services import participation_admit
    from imvo.risks import selectors, services
    from imvo.risks.method import method
    from imvo.supply_chain.models import LocationList, ProductionLocation

    agreement = agreement_load_bundled()
    year = agreement.years.get(number=1)
    themes = method().codes("themes")
    chance = random.Random(1)
    registers = []
    for n in range(args.companies):
        org = Organization.objects.create(kind=Organization.Kind.COMPANY, name=f"Bedrijf {n} BV", fte=100)
        participation_admit(
            agreement=agreement,
            organization=org,
            form=Participation.Form.PARTY,
            signed_on=year.start_date,
            actor=None,
        )
        user = User.objects.create(email=f"u{n}@bench.example", organization=org)
        register = services.register_start(organization=org, year=year, actor=user)
        for i in range(args.risks):
            country, region, _activity, materials = chance.choice(PLACES)
            services.risk_save(
                register=register,
                data={
                    "theme": chance.choice(themes),
                    "material": chance.choice(materials),
                    "country": country,
                    "region": region,
                    "nature": "potential" if i % 5 else "actual",
                    "scale": chance.randint(1, 5),
                    "scope": chance.randint(1, 5),
                    "irremediability": chance.randint(1, 5),
                    "likelihood": 5,
                    "gender": "no",
                },
                actor=user,
            )
        registers.append((register, user))
    print(f"{args.companies} companies × {args.risks} risks")

    register, user = registers[0]
    ll = LocationList.objects.create(
        agreement=agreement,
        year=year,
        organization=register.organization,
        version=1,
        vocabulary_version="2025.1",
    )
    ProductionLocation.objects.bulk_create(
        ProductionLocation(
            location_list=ll,
            row=i,
            name=f"Site {i}",
            country=p[0],
            region=p[1],
            activity=p[2],
            materials=p[3],
            fingerprint=str(i),
        )
        for i, p in enumerate(chance.choice(PLACES) for _ in range(args.locations))
    )
    lines = timed(f"suggestions from {args.locations} locations", lambda: selectors.suggestions_for(register))
    print(f"  {len(lines)} suggestions")
    view = timed(f"register view of {args.risks} risks", lambda: selectors.register_view(register))
    print(f"  {len(view.priorities)} prioritised, {len(view.problems)} incomplete")
    timed("statement published", lambda: services.statement_publish(register=register, actor=user))
    report = timed(
        "sector report built",
        lambda: services.sector_report_build(agreement=agreement, year=year, actor=None),
    )
    sector = services.sector_report_view(report)
    print(f"  {len(sector.rows)} rows, {len(sector.heat)} heat cells, {sector.not_shown} risks not shown")


if __name__ == "__main__":
    main()
