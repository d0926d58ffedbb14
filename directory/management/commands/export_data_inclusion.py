"""Write the public directory as data·inclusion v1 files: structures.json, services.json
and rapport.json (records not exported completely, with the reason)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.data_inclusion_export import SKIPPED, export_all, iter_report


class Command(BaseCommand):
    help = (
        "Exporte l'annuaire public au format data·inclusion v1 (structures.json, "
        "services.json) et écrit le rapport des fiches exportées incomplètement ou ignorées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Dossier où écrire les fichiers.")

    def handle(self, *args, output, **options):
        directory = Path(output)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Impossible de créer le dossier {directory} : {error}") from None
        structures, services = export_all()
        report = list(iter_report(structures, services))
        for name, content in (
            ("structures.json", structures.records),
            ("services.json", services.records),
            ("rapport.json", report),
        ):
            with (directory / name).open("w", encoding="utf-8") as handle:
                json.dump(content, handle, ensure_ascii=False, indent=2)
                handle.write("\n")
        for entry in report:
            label = "IGNORÉ " if entry["status"] == SKIPPED else "PARTIEL"
            self.stdout.write(
                f"{label} {entry['kind']} {entry['id']} « {entry['name']} » : "
                + " ; ".join(entry["reasons"])
            )
        skipped = sum(1 for entry in report if entry["status"] == SKIPPED)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(structures.records)} structures et {len(services.records)} services "
                f"exportés dans {directory} ; {len(report)} fiches au rapport "
                f"dont {skipped} ignorées."
            )
        )
