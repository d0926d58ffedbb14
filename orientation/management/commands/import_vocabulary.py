"""`import_vocabulary ar.po`: translations back from a PO catalogue (situations, glossary,
national labels), « à relire »."""

from pathlib import Path

import polib
from django.core.management.base import BaseCommand, CommandError

from orientation.vocabulary_po import VocabularyError, import_po


class Command(BaseCommand):
    help = (
        "Importe les traductions des situations, du glossaire et des libellés nationaux d'un "
        "fichier PO : elles restent « à relire » jusqu'à leur publication par un modérateur."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier PO")
        parser.add_argument("--language", help="code de langue, si l'en-tête Language manque")

    def handle(self, *args, path, language, **options):
        if not Path(path).is_file():
            raise CommandError(f"fichier introuvable : {path}")
        try:
            catalogue = polib.pofile(path)
        except (OSError, ValueError) as error:
            raise CommandError(f"{path} n'est pas un fichier PO lisible : {error}") from error
        try:
            report = import_po(catalogue, language)
        except VocabularyError as error:
            raise CommandError(str(error)) from error
        for line in report.skipped:
            self.stderr.write(f"ignorée — {line}")
        self.stdout.write(
            f"{len(report.updated)} traduction(s) à relire, {report.unchanged} inchangée(s), "
            f"{len(report.skipped)} entrée(s) ignorée(s)."
        )
