from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.imports.sync import sync


class Command(BaseCommand):
    help = (
        "Synchronise l'annuaire avec l'API data·inclusion (structures et services des "
        "départements configurés, modifiés depuis la dernière synchronisation réussie)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departements",
            default="",
            help="Codes de départements séparés par des virgules (défaut : MAILLAGE_DEPARTEMENTS).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Tout recharger, quelle que soit la date de mise à jour des enregistrements.",
        )

    def handle(self, *args, **options):
        if not settings.DATA_INCLUSION_API_TOKEN:
            raise CommandError("DATA_INCLUSION_API_TOKEN est vide : synchronisation désactivée.")
        codes = [code.strip() for code in options["departements"].split(",") if code.strip()]
        outcome = sync(departements=codes or None, full=options["full"])
        run = outcome.run
        summary = (
            f"{run.get_status_display()} : {run.created_count} créé(s), "
            f"{run.updated_count} mis à jour, {run.unchanged_count} inchangé(s) "
            f"(dont {outcome.skipped_unchanged} non rechargé(s)), {run.error_count} en erreur, "
            f"{run.skipped_count} hors territoire, {run.conflict_count} modifiée(s) depuis le "
            "dernier import (non écrasée(s))."
        )
        if not outcome.succeeded:
            raise CommandError(f"{summary} {run.message}")
        self.stdout.write(self.style.SUCCESS(summary))
        if run.message:
            self.stdout.write(run.message)
