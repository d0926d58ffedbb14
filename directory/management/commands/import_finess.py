from pathlib import Path

from directory.imports.cli import ImportCommand
from directory.imports.models import ImportKind


class Command(ImportCommand):
    help = (
        "Importe l'extraction FINESS etalab des établissements (etalab-cs1100507-stock-*.csv, "
        "ISO-8859-1, séparateur ;) : réimporter met à jour les fiches existantes."
    )
    kind = ImportKind.FINESS

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        self.add_common_arguments(parser)

    def handle(self, *args, **options):
        self.run_import(options["path"], options)
