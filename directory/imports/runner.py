"""Run an import end to end: parse, load, count, report (used by the Celery task and the
management commands alike).

The run writes only in its territory (`ImportRun.territory`, None: everywhere). Search
indexing is not done here: every save of an organisation or a service is indexed through
the search registry's post_save receiver (search/apps.py), once the transaction commits,
gathered a few hundred at a time during the run (`search.indexing.deferred`)."""

from __future__ import annotations

from typing import BinaryIO

from django.utils import timezone

from directory.models import Commune
from directory.vocabularies import Status
from search import indexing

from . import datainclusion, finess, finess_plus, generic_csv
from .closing import ARCHIVED_OUTCOME, CLOSED_OUTCOME, archive_closed
from .loading import Outcome, load
from .models import ImportKind, ImportRun, ImportStatus
from .records import ParsedFile

# Official registries: what they publish goes online without moderation.
OFFICIAL_SOURCES = {ImportKind.FINESS, ImportKind.FINESS_PLUS, ImportKind.DATA_INCLUSION}
UNREADABLE = (
    datainclusion.UnreadableFile,
    finess_plus.UnreadableFile,
    generic_csv.UnreadableFile,
)
# Bytes, or a binary file open for reading: the FINESS formats read it as a stream (a national
# file never sits in memory whole); the others read it whole.
Content = bytes | BinaryIO


def default_departements() -> set[str]:
    """The départements the directory covers: those of its communes."""
    return set(Commune.objects.values_list("departement_code", flat=True).distinct())


def _bytes(content: Content | None) -> bytes | None:
    if content is None or isinstance(content, bytes):
        return content
    return content.read()


def parse(run: ImportRun, content: Content, extra: Content | None = None) -> ParsedFile:
    departements = run.departement_codes() or default_departements() or None
    if run.kind == ImportKind.FINESS:
        return finess.parse(content, departements=departements)
    if run.kind == ImportKind.FINESS_PLUS:
        return finess_plus.parse(content, departements=departements)
    content, extra = _bytes(content), _bytes(extra)
    if run.kind == ImportKind.DATA_INCLUSION:
        return datainclusion.parse(content, extra, departements=departements)
    return generic_csv.parse(content, source=run.source or generic_csv.DEFAULT_SOURCE)


def status_for(run: ImportRun) -> str:
    if run.kind in OFFICIAL_SOURCES or run.publish:
        return Status.PUBLISHED
    return Status.SUBMITTED


def execute(run: ImportRun, content: Content, extra: Content | None = None) -> ImportRun:
    """Import `content` (and `extra`, the data·inclusion services file) for `run`: bytes, or
    binary files open for reading (read as a stream by the FINESS formats)."""
    run.status = ImportStatus.RUNNING
    run.started_at = timezone.now()
    run.finished_at = None
    run.save(update_fields=["status", "started_at", "finished_at"])
    try:
        parsed = parse(run, content, extra)
    except UNREADABLE as error:
        return _finish(run, ImportStatus.FAILED, str(error))
    run.total = parsed.total
    run.skipped_count = parsed.skipped
    run.processed = 0
    run.save(update_fields=["total", "skipped_count", "processed"])

    def progress(done: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(processed=done)

    with indexing.deferred():  # one reindexing pass per few hundred entries, not per save
        result = load(
            parsed,
            status=status_for(run),
            territory=run.territory_codes(),
            run_id=run.pk,
            progress=progress,
        )
        if not result.failure:
            result.rows.extend(archive_closed(parsed.closed, run.territory_codes()))
    run.processed = run.total if not result.failure else run.processed
    run.created_count = result.count(Outcome.CREATED)
    run.updated_count = result.count(Outcome.UPDATED)
    run.unchanged_count = result.count(Outcome.UNCHANGED)
    run.conflict_count = result.count(Outcome.CONFLICT)
    run.refused_count = result.count(Outcome.REFUSED)
    run.error_count = result.count(Outcome.ERROR)
    run.closed_count = result.count(ARCHIVED_OUTCOME) + result.count(CLOSED_OUTCOME)
    run.report = [row.as_dict() for row in sorted(result.rows, key=_report_order)]
    if result.failure:
        return _finish(run, ImportStatus.FAILED, result.failure)
    return _finish(run, ImportStatus.SUCCEEDED, "")


def _report_order(row) -> tuple:
    return (row.entity == "service", row.line)


def _finish(run: ImportRun, status: str, message: str) -> ImportRun:
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    return run
