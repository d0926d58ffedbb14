"""Import screens of the Wagtail admin (moderators and administrators only): upload a file,
follow the import's progress, download its per-row report. Who may start an import and
read which run: access.py."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .access import can_open_imports, can_start_import, import_territory, visible_runs
from .forms import ImportForm
from .report import differences_text, outcome_label, report_csv
from .tasks import run_import

# Seconds between two reloads of the progress page (a meta refresh: no JavaScript needed).
REFRESH_SECONDS = 3
REPORT_PREVIEW_ROWS = 100


def import_index(request):
    """The upload form and the latest runs the user may read."""
    if not can_open_imports(request.user):
        raise PermissionDenied
    territory = import_territory(request.user)
    allowed = can_start_import(request.user)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES, territory=territory)
        if form.is_valid():
            run = form.save(commit=False)
            run.user = request.user
            run.territory = None if territory is None else sorted(territory)
            run.filename = ", ".join(upload.name for upload in (run.file, run.extra_file) if upload)
            run.save()
            transaction.on_commit(lambda: run_import.delay(run.pk))
            return redirect("directory_imports_detail", pk=run.pk)
    else:
        form = ImportForm(territory=territory)
    runs = visible_runs(request.user).select_related("user")[:20]
    return TemplateResponse(
        request,
        "directory/imports/index.html",
        {
            "page_title": _("Imports de l'annuaire"),
            "header_icon": "upload",
            "form": form if allowed else None,
            "territory": None if territory is None else sorted(territory),
            "runs": runs,
        },
    )


def import_detail(request, pk: int):
    """Progress, counts and the first rows of the report; reloads itself until finished.
    A run the user may not read is a 404 (see access.py)."""
    run = get_object_or_404(visible_runs(request.user).select_related("user"), pk=pk)
    problems = [row for row in run.report if row.get("outcome") == "error" or row.get("message")]
    for row in problems:
        row["outcome_label"] = outcome_label(row.get("outcome", ""))
        row["differences_text"] = differences_text(row)
    return TemplateResponse(
        request,
        "directory/imports/detail.html",
        {
            "page_title": _("Import n° %(pk)s") % {"pk": run.pk},
            "header_icon": "upload",
            "run": run,
            "refresh_seconds": None if run.is_finished else REFRESH_SECONDS,
            "problems": problems[:REPORT_PREVIEW_ROWS],
            "more_problems": max(0, len(problems) - REPORT_PREVIEW_ROWS),
        },
    )


def import_report(request, pk: int):
    """The full per-row report as CSV (a 404 for a run the user may not read)."""
    run = get_object_or_404(visible_runs(request.user), pk=pk)
    response = HttpResponse(report_csv(run.report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapport-import-{run.pk}.csv"'
    return response
