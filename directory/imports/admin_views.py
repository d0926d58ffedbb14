"""Import screens of the Wagtail admin (moderators and administrators only): upload a file,
follow the import's progress, download its per-row report."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.roles import is_moderator

from .forms import ImportForm
from .models import ImportRun
from .report import outcome_label, report_csv

# Seconds between two reloads of the progress page (a meta refresh: no JavaScript needed).
REFRESH_SECONDS = 3
REPORT_PREVIEW_ROWS = 100


def can_import(user) -> bool:
    return user.is_authenticated and (user.is_superuser or is_moderator(user))


def _check(request) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def import_index(request):
    """The upload form and the latest runs."""
    _check(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            run = form.save(commit=False)
            run.user = request.user
            run.filename = ", ".join(upload.name for upload in (run.file, run.extra_file) if upload)
            run.save()
            from .tasks import run_import

            transaction.on_commit(lambda: run_import.delay(run.pk))
            return redirect("directory_imports_detail", pk=run.pk)
    else:
        form = ImportForm()
    runs = ImportRun.objects.select_related("user")[:20]
    return TemplateResponse(
        request,
        "directory/imports/index.html",
        {
            "page_title": _("Imports de l'annuaire"),
            "header_icon": "upload",
            "form": form,
            "runs": runs,
        },
    )


def import_detail(request, pk: int):
    """Progress, counts and the first rows of the report; reloads itself until finished."""
    _check(request)
    run = get_object_or_404(ImportRun.objects.select_related("user"), pk=pk)
    problems = [row for row in run.report if row.get("outcome") == "error" or row.get("message")]
    for row in problems:
        row["outcome_label"] = outcome_label(row.get("outcome", ""))
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
    """The full per-row report as CSV."""
    _check(request)
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(report_csv(run.report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapport-import-{run.pk}.csv"'
    return response
