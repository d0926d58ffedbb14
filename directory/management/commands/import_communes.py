from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from directory.communes_import import CommuneFileError, import_communes, parse_departements


class Command(BaseCommand):
    help = (
        "Importe les communes du Code officiel géographique de l'INSEE (v_commune_AAAA.csv) "
        "avec leurs centres et codes postaux (base officielle des codes postaux de La Poste) "
        "et, en option, leur EPCI (composition communale des EPCI de l'INSEE, en CSV). "
        "Relancer l'import ne change que ce qui a changé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cog", type=Path, required=True, help="v_commune_AAAA.csv")
        parser.add_argument(
            "--centroids", type=Path, required=True, help="laposte_hexasmal.csv ou équivalent"
        )
        parser.add_argument("--epci", type=Path, help="composition communale des EPCI (CSV)")
        parser.add_argument(
            "--departements",
            default="",
            help="Codes de départements séparés par des virgules "
            "(défaut : MAILLAGE_DEPARTEMENTS ; « * » : toute la France).",
        )

    def handle(self, *args, **options):
        text = options["departements"].strip()
        try:
            departements = (
                None if text == "*" else parse_departements(text or settings.MAILLAGE_DEPARTEMENTS)
            )
            result = import_communes(
                options["cog"], options["centroids"], options["epci"], departements
            )
        except CommuneFileError as error:
            raise CommandError(str(error)) from error
        for problem in result.problems:
            self.stderr.write(str(problem))
        self.stdout.write(
            _(
                "Communes : %(created)s créée(s), %(updated)s mise(s) à jour, "
                "%(unchanged)s inchangée(s), %(problems)s ligne(s) écartée(s)."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "problems": len(result.problems),
            }
        )
