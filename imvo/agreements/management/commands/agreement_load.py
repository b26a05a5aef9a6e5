from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from imvo.agreements.services import DATA_DIR, agreement_load


class Command(BaseCommand):
    help = "Load an agreement from its data file (default: the bundled Metal Sector Agreement)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DATA_DIR / "metal-2025-2029.yaml"))

    def handle(self, *args, path, **options):
        try:
            agreement = agreement_load(path=Path(path))
        except (OSError, ValidationError) as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(f"{agreement}: {agreement.years.count()} years loaded."))
