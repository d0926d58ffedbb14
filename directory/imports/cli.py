"""Shared plumbing of the import_* management commands.

The commands are run by operators on the server: their runs have no territory (they may
write in every département, like a site admin's) and only site admins read them in the
admin. Entries edited since the last import are still never overwritten: they are reported
as conflicts, with the differing fields."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError

from .models import ImportRun, ImportStatus
from .report import differences_text, report_csv
from .runner import execute


class ImportCommand(BaseCommand):
    kind: str = ""

    def add_common_arguments(self, parser) -> None:
        parser.add_argument(
            "--departements",
            default="",
            help="Codes de départements à retenir, séparés par des virgules "
            "(défaut : MAILLAGE_DEPARTEMENTS, ceux que sert le portail).",
        )
        parser.add_argument(
            "--report", type=Path, help="Écrire le rapport ligne à ligne dans ce fichier CSV."
        )

    def open(self, files: ExitStack, path: Path | None) -> BinaryIO | None:
        """`path` open for reading (the parsers read what they need: a stream or bytes)."""
        if path is None:
            return None
        try:
            return files.enter_context(path.open("rb"))
        except OSError as error:
            raise CommandError(f"Lecture impossible de {path} : {error}") from error

    def run_import(self, path: Path, options, extra: Path | None = None, **fields) -> ImportRun:
        run = ImportRun.objects.create(
            kind=self.kind,
            filename=", ".join(str(p.name) for p in (path, extra) if p is not None),
            departements=options.get("departements", ""),
            **fields,
        )
        with ExitStack() as files:
            run = execute(run, self.open(files, path), self.open(files, extra))
        if options.get("report"):
            options["report"].write_text(report_csv(run.report), encoding="utf-8")
        summary = (
            f"{run.get_status_display()} : {run.created_count} créé(s), "
            f"{run.updated_count} mis à jour, {run.unchanged_count} inchangé(s), "
            f"{run.error_count} en erreur, {run.skipped_count} hors territoire, "
            f"{run.conflict_count} modifiée(s) depuis le dernier import (non écrasée(s)), "
            f"{run.closed_count} fermé(s) à la source (archivé(s) ou non créé(s))."
        )
        if run.status == ImportStatus.FAILED:
            raise CommandError(f"{summary} {run.message}")
        self.stdout.write(self.style.SUCCESS(summary))
        if run.message:
            self.stdout.write(run.message)
        for row in run.report:
            if row["outcome"] == "error":
                self.stdout.write(f"  ligne {row['line']} ({row['source_id']}) : {row['message']}")
            elif row["outcome"] == "conflict":
                self.stdout.write(
                    f"  ligne {row['line']} ({row['source_id']}) : non écrasée, "
                    f"{differences_text(row)}"
                )
        return run
