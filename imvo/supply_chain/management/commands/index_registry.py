"""`imvo index_registry`: (re)build the persistent name index of the facility registry.

The services keep the index current as lists are matched, reviewed and facilities merged; this is for
an existing database, or after the engine's normalisation changed (every facility's words are
recomputed and only the difference is written)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from imvo.supply_chain.models import Facility
from imvo.supply_chain.services import index_facilities


class Command(BaseCommand):
    help = "Recompute the name words of every live facility (or of one country) in the site index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", default="", help="only this country (ISO 3166-1 alpha-2)")
        parser.add_argument("--chunk", type=int, default=2000, help="facilities per transaction")

    def handle(self, *args, **options) -> None:
        facilities = Facility.objects.filter(merged_into=None)
        if options["country"]:
            facilities = facilities.filter(country=options["country"].strip().upper())
        ids = list(facilities.order_by("pk").values_list("pk", flat=True))
        chunk = max(1, options["chunk"])
        start = time.perf_counter()
        added = 0
        for i in range(0, len(ids), chunk):
            added += index_facilities(facility_ids=ids[i : i + chunk])
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{len(ids)} facilities indexed, {added} words added ({time.perf_counter() - start:.1f} s)."
            )
