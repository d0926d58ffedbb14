from pathlib import Path

from directory.imports.cli import ImportCommand
from directory.imports.models import ImportKind


class Command(ImportCommand):
    help = (
        "Importe des structures et services au schéma data·inclusion v1 : un fichier JSON "
        '{"structures": [...], "services": [...]}, ou un fichier de structures suivi d\'un '
        "fichier de services."
    )
    kind = ImportKind.DATA_INCLUSION

    def add_arguments(self, parser):
        parser.add_argument("structures", type=Path)
        parser.add_argument("services", type=Path, nargs="?")
        self.add_common_arguments(parser)

    def handle(self, *args, **options):
        self.run_import(options["structures"], options, extra=options["services"])
