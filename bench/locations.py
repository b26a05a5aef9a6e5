"""Production-location lists through the whole platform path: upload (read in the job), submit
(matched in the job against the registry in the database), and the aggregated list.

Run: `.venv/bin/python bench/locations.py [--rows 10000]` (a throw-away SQLite database unless
DATABASE_URL is set). The figure the issue names: an unchanged re-upload of 10,000 rows re-matched
in ≤ 5 s with nothing sent to review.
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
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("IMVO_VAR_DIR", tempfile.mkdtemp())

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

COUNTRIES = [
    "CN",
    "ID",
    "PE",
    "BO",
    "CD",
    "RW",
    "IN",
    "DE",
    "NL",
    "BE",
    "MY",
    "TH",
    "BR",
    "CL",
    "US",
    "TR",
    "PL",
]
ACTIVITIES = ["smelting", "refining", "mining", "trading", "processing", "manufacturing", "recycling"]
WORDS = [
    "Golden",
    "Star",
    "Eastern",
    "Pacific",
    "Union",
    "Mountain",
    "River",
    "Great",
    "Wall",
    "Sun",
    "Lotus",
    "Phoenix",
    "Dragon",
    "Jade",
    "Crown",
    "Royal",
    "Summit",
    "Harbor",
    "Delta",
    "Orient",
    "Victory",
    "Harmony",
    "Prosper",
    "Unity",
    "Liberty",
    "Hope",
    "Pioneer",
    "Atlas",
    "Nova",
    "Titan",
    "Condor",
]
KINDS = [
    "Metal",
    "Smelting",
    "Mining",
    "Refinery",
    "Alloys",
    "Steel",
    "Copper",
    "Tin",
    "Resources",
    "Industries",
]
FORMS = ["Co., Ltd.", "Ltd", "S.A.", "GmbH", "PT", "B.V.", "Inc.", "Sdn Bhd", ""]


def site_rows(n: int, seed: int = 1) -> list[list[str]]:
    chance = random.Random(seed)
    rows = []
    for i in range(n):
        country = chance.choice(COUNTRIES)
        name = f"{chance.choice(WORDS)} {chance.choice(WORDS)} {chance.choice(KINDS)} {i} {chance.choice(FORMS)}".strip()
        address = f"{chance.randint(1, 999)} {chance.choice(WORDS)} Road"
        rows.append([name, address, f"City {i % 500}", country, chance.choice(ACTIVITIES), "copper", "2"])
    return rows


def csv_file(rows: list[list[str]]) -> SimpleUploadedFile:
    lines = ["Name;Address;City;Country;Activity type;Materials;Tier"] + [";".join(r) for r in rows]
    return SimpleUploadedFile("list.csv", ("\n".join(lines) + "\n").encode("utf-8"))


def edited(rows: list[list[str]], share: float, seed: int = 2) -> list[list[str]]:
    """Another company's spelling of the same sites: case, dropped legal forms, typos."""
    chance = random.Random(seed)
    out = []
    for row in rows:
        row = list(row)
        if chance.random() < share:
            name = row[0]
            pick = chance.random()
            if pick < 0.4:
                name = name.upper()
            elif pick < 0.7:
                name = " ".join(
                    w
                    for w in name.split()
                    if w not in ("Co.,", "Ltd.", "Ltd", "S.A.", "GmbH", "PT", "B.V.", "Inc.")
                )
            else:
                j = chance.randrange(len(name) - 1)
                name = name[:j] + name[j + 1] + name[j] + name[j + 2 :]
            row[0] = name
        out.append(row)
    return out


def seconds(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from imvo.demo.services import demo_load

    demo_load()
    from imvo.accounts.models import User
    from imvo.agreements.selectors import agreement_current
    from imvo.organizations.models import Organization
    from imvo.supply_chain import services
    from imvo.supply_chain.models import Facility, LocationList

    agreement = agreement_current()
    year = agreement.years.get(number=3)
    companies = list(Organization.objects.filter(kind="company").order_by("name")[:2])
    people = [User.objects.filter(organization=c).first() for c in companies]
    secretary = User.objects.get(email="secretariaat@demo.example")
    rows = site_rows(args.rows)

    def upload(company, person, content):
        ll = services.list_upload(organization=company, year=year, file=csv_file(content), actor=person)
        ll.refresh_from_db()
        return ll

    def submit(ll, person):
        services.list_submit(location_list=ll, actor=person)
        ll.refresh_from_db()
        return ll

    def decisions(ll: LocationList) -> str:
        counts = dict.fromkeys(("remembered", "auto", "review", "new"), 0)
        for d in ll.locations.values_list("decision", flat=True):
            counts[d] = counts.get(d, 0) + 1
        return " ".join(f"{k}={v}" for k, v in counts.items())

    print(f"rows per list: {args.rows}, database: {os.environ['DATABASE_URL'].split(':')[0]}")
    ll, t = seconds(lambda: upload(companies[0], people[0], rows))
    print(
        f"first upload read (parse + store):          {t:7.2f} s   {ll.locations.count()} rows, {ll.problem_count} problems"
    )
    ll, t = seconds(lambda: submit(ll, people[0]))
    print(
        f"first submit matched (registry of {Facility.objects.count() - ll.locations.count():>6}):    {t:7.2f} s   {decisions(ll)}"
    )

    again, t = seconds(lambda: upload(companies[0], people[0], rows))
    print(f"unchanged re-upload read:                   {t:7.2f} s")
    again = services.list_new_version(location_list=ll, actor=people[0]) if again.status != "draft" else again
    again, t = seconds(lambda: submit(again, people[0]))
    print(
        f"unchanged re-upload re-matched:             {t:7.2f} s   {decisions(again)}   (target ≤ 5 s, review = 0)"
    )

    other, t = seconds(lambda: upload(companies[1], people[1], edited(rows, 0.3)))
    print(f"other company, 30 % spelled differently:    {t:7.2f} s read")
    other, t = seconds(lambda: submit(other, people[1]))
    print(f"  matched:                                  {t:7.2f} s   {decisions(other)}")

    aggregated, t = seconds(lambda: services.aggregate_build(agreement=agreement, year=year, actor=secretary))
    print(
        f"aggregated list built:                      {t:7.2f} s   {len(aggregated.publication['cells'])} cells"
    )


if __name__ == "__main__":
    main()
