from pathlib import Path

from directory.imports import generic_csv
from directory.imports.cli import ImportCommand
from directory.imports.models import ImportKind


class Command(ImportCommand):
    help = (
        "Importe un tableau CSV générique d'organisations (colonnes décrites dans "
        "directory/imports/generic_csv.py et le README)."
    )
    kind = ImportKind.CSV

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--source",
            default=generic_csv.DEFAULT_SOURCE,
            help="Nom de la source : réimporter avec la même source met à jour les fiches.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publier directement les nouvelles fiches (sinon : soumises à validation).",
        )
        parser.add_argument("--report", type=Path, help="Écrire le rapport CSV dans ce fichier.")

    def handle(self, *args, **options):
        self.run_import(
            options["path"], options, source=options["source"], publish=options["publish"]
        )
