"""`export_vocabulary --language ar > ar.po`: situations, glossary and national labels as a PO
catalogue."""

from django.core.management.base import BaseCommand, CommandError

from orientation.vocabulary_po import VocabularyError, export_po


class Command(BaseCommand):
    help = (
        "Écrit les situations, le glossaire et les libellés nationaux à traduire dans une "
        "langue, au format PO."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="code de langue (ar, en, pt…)")
        parser.add_argument(
            "--machine",
            action="store_true",
            help="pré-remplir les entrées vides par le traducteur automatique configuré "
            "(WAGTAILLOCALIZE_MACHINE_TRANSLATOR), marquées « fuzzy »",
        )

    def handle(self, *args, language, machine, **options):
        try:
            catalogue = export_po(language, machine=machine)
        except VocabularyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(catalogue), ending="")
