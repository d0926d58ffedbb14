"""Run an import end to end: parse, load, count, report (used by the Celery task and the
management commands alike).

The run writes only in its territory (`ImportRun.territory`, None: everywhere). Search
indexing is not done here: every save of an organisation or a service is indexed through
the search registry's post_save receiver (search/apps.py), once the transaction commits,
gathered a few hundred at a time during the run (`search.indexing.deferred`); the entries
the loader creates together are indexed once per batch (`loading._created`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from django.utils import timezone

from core.places import served_departements
from directory.models import Service
from directory.vocabularies import Status
from search import indexing

from . import datainclusion, finess, finess_plus, generic_csv
from .closing import ARCHIVED_OUTCOME, CLOSED_OUTCOME, archive_closed
from .loading import Outcome, load
from .models import ImportKind, ImportRun, ImportStatus
from .records import ParsedFile, ServiceRecord

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
    """The départements the portal serves (MAILLAGE_DEPARTEMENTS)."""
    return set(served_departements())


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


def start(run: ImportRun) -> None:
    run.status = ImportStatus.RUNNING
    run.started_at = timezone.now()
    run.finished_at = None
    run.save(update_fields=["status", "started_at", "finished_at"])


def execute(run: ImportRun, content: Content, extra: Content | None = None) -> ImportRun:
    """Import `content` (and `extra`, the data·inclusion services file) for `run`: bytes, or
    binary files open for reading (read as a stream by the FINESS formats)."""
    start(run)
    try:
        parsed = parse(run, content, extra)
    except UNREADABLE as error:
        return fail(run, str(error))
    return apply(run, parsed)


def fail(run: ImportRun, message: str) -> ImportRun:
    """End `run` as failed with `message` (French), nothing loaded."""
    return _finish(run, ImportStatus.FAILED, message)


def apply(run: ImportRun, parsed: ParsedFile, *, unchanged: int = 0, note: str = "") -> ImportRun:
    """Load records already parsed for a started `run` (the file imports and the API sync).
    `unchanged`: records the caller left out as unchanged since its last run (counted as
    such); `note`: a line for the run's message when it succeeds."""
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
    if run.kind == ImportKind.DATA_INCLUSION:
        matched = {
            row.source_id
            for row in result.rows
            if row.entity == "service" and row.outcome in MATCHED
        }
        store_quality_scores(parsed.services, matched)
    if result.failure:
        return _finish(run, ImportStatus.FAILED, result.failure)
    run.unchanged_count += unchanged
    return _finish(run, ImportStatus.SUCCEEDED, note)


# Rows whose entry the import found (or made) in its territory.
MATCHED = {Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.CONFLICT}


def store_quality_scores(services: Iterable[ServiceRecord], source_ids: set[str]) -> int:
    """Keep the quality score of the services the import matched (`source_ids`: those it
    created, updated, left unchanged or found edited, not those it refused). The score is
    the source's own figure, not a field people edit: written as given, without moderation.
    Returns how many services changed."""
    scores = {
        record.source_id: record.quality_score
        for record in services
        if record.quality_score is not None and record.source_id in source_ids
    }
    if not scores:
        return 0
    changed = []
    for service in Service.objects.filter(source=datainclusion.SOURCE, source_id__in=scores):
        if service.source_quality_score != scores[service.source_id]:
            service.source_quality_score = scores[service.source_id]
            changed.append(service)
    Service.objects.bulk_update(changed, ["source_quality_score"])
    return len(changed)


def _report_order(row) -> tuple:
    return (row.entity == "service", row.line)


def _finish(run: ImportRun, status: str, message: str) -> ImportRun:
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    return run
