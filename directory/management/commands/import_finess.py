from pathlib import Path

from directory.imports.cli import ImportCommand
from directory.imports.models import ImportKind

FORMATS = {"csv": ImportKind.FINESS, "json": ImportKind.FINESS_PLUS}


class Command(ImportCommand):
    help = (
        "Importe les établissements FINESS : l'extraction etalab (--format csv, défaut : "
        "etalab-cs1100507-stock-*.csv, ISO-8859-1, séparateur ;) ou le flux FiNESS+ des "
        "structures publié par l'ANS (--format json, finess-structures-*.json), lu en flux. "
        "Réimporter met à jour les fiches existantes ; les établissements fermés sont archivés."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            default="csv",
            help="csv : extraction etalab ; json : flux FiNESS+ (ANS).",
        )
        self.add_common_arguments(parser)

    def handle(self, *args, **options):
        self.kind = FORMATS[options["format"]]
        self.run_import(options["path"], options)
