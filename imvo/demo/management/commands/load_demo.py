from django.core.management.base import BaseCommand

from imvo.demo.services import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the fictional demo sector (once), with demo accounts."

    def handle(self, *args, **options):
        if demo_load():
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo sector loaded. Log in as secretariaat@demo.example, mvo@vandijk.example, "
                    f"keten@kww.example or voorzitter@verbeek.example with password '{DEMO_PASSWORD}'."
                )
            )
        else:
            self.stdout.write("Demo sector already present; nothing changed.")
