"""Load the demo data of every app, idempotently: running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import (
    accounts,
    directory,
    event_translations,
    events,
    gardiens,
    guides,
    home,
    indicators,
    offers,
    orientation,
    partnerships,
    search,
    translations,
    vocabulary,
    widgets,
)

# Order matters: territories and organisations before the accounts that join them, etc.
DEMO_MODULES = [
    home,
    directory,
    accounts,
    gardiens,  # attaches the demo gardien to a residence (needs accounts)
    orientation,
    offers,
    partnerships,  # outcomes, agreements, calls (needs offers' matches)
    events,
    guides,
    widgets,  # a widget of the demo landlord (needs directory and orientation)
    translations,  # guides in Arabic and English (needs guides)
    event_translations,  # two events in Arabic and English (needs events, translations)
    indicators,  # a year of aggregate figures for /pilotage/ (needs directory, orientation)
    vocabulary,  # situations and glossary in Arabic and English (needs orientation, accounts)
    search,  # last: indexes what the others created
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Autorise le chargement hors DEBUG (crée des comptes aux mots de passe connus).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Les données de démonstration créent des comptes aux mots de passe publics : "
                "refusé hors DEBUG (utilisez --allow-production en connaissance de cause)."
            )
        for module in DEMO_MODULES:
            with transaction.atomic():
                summary = module.load()
            self.stdout.write(f"{module.__name__}: {summary}")
        self.stdout.write(self.style.SUCCESS("Données de démonstration à jour."))
