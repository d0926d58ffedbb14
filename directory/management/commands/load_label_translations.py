"""`load_label_translations [--language ar …]`: the shipped translations of the national
vocabulary labels (directory/label_translations/<language>.json) for the labels not translated
yet, « à relire » until a moderator publishes them. Idempotent; never overwrites a label already
translated (published or not)."""

from django.core.management.base import BaseCommand, CommandError

from directory.label_po import LabelCatalogueError, load_shipped


class Command(BaseCommand):
    help = (
        "Charge les traductions livrées des libellés nationaux (thématiques, publics, types…) "
        "qui n'en ont pas encore : elles restent « à relire » jusqu'à leur publication par un "
        "modérateur."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            dest="languages",
            help="code de langue (répétable) ; par défaut, toutes les langues livrées et "
            "configurées",
        )

    def handle(self, *args, languages, **options):
        try:
            reports = load_shipped(languages)
        except LabelCatalogueError as error:
            raise CommandError(str(error)) from error
        for language, report in reports.items():
            for line in report.skipped:
                self.stderr.write(f"{language} : ignorée — {line}")
            self.stdout.write(
                f"{language} : {len(report.updated)} libellé(s) à relire, "
                f"{report.unchanged} déjà traduit(s), {len(report.skipped)} ignoré(s)."
            )
