"""Celery wiring of the imports (the work itself is in runner.py)."""

from contextlib import ExitStack

from celery import shared_task

from core.tasks import RETRY_KWARGS

from .models import ImportRun, ImportStatus
from .runner import execute
from .sync import ApiUnavailable, sync


@shared_task(name="directory.imports.run")
def run_import(run_id: int) -> str:
    """Run an uploaded import. Safe to run again after a worker crash: records are matched
    on source + id, so a second pass updates what the first one wrote."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.status == ImportStatus.SUCCEEDED:
        return "skipped"
    with ExitStack() as files:
        content = files.enter_context(run.file.open("rb"))  # read as a stream by the parser
        extra = files.enter_context(run.extra_file.open("rb")) if run.extra_file else None
        return execute(run, content, extra).status


@shared_task(name="directory.imports.sync_data_inclusion", **RETRY_KWARGS)
def sync_data_inclusion() -> str:
    """Nightly incremental sync with the national data·inclusion API (sync.py). A run the
    API made fail for a while (server errors, timeouts) is tried again later."""
    outcome = sync()
    if outcome is None:
        return "disabled"
    if outcome.transient:
        raise ApiUnavailable(outcome.run.message)
    return outcome.run.status
