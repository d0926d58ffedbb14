"""Reports in the Wagtail admin for moderators: every report of their territory
(`accounts.roles.moderated_departements`); one outside it is a 404."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core import moderation

from . import reports
from .forms import HandleForm
from .models import OPEN_STATUSES
from .partner_views import handled


def report_index(request):
    if not moderation.is_moderator_anywhere(request.user):
        raise PermissionDenied
    rows = reports.for_moderator(request.user)
    return TemplateResponse(
        request,
        "feedback/admin/index.html",
        {
            "page_title": _("Signalements"),
            "header_icon": "warning",
            "open_reports": rows.filter(status__in=OPEN_STATUSES),
            "handled_reports": rows.exclude(status__in=OPEN_STATUSES)[:50],
        },
    )


def report_detail(request, pk: int):
    if not moderation.is_moderator_anywhere(request.user):
        raise PermissionDenied
    report = get_object_or_404(reports.for_moderator(request.user), pk=pk)
    form = HandleForm(request.POST or None)
    if handled(request, report, form):
        return redirect("feedback_admin_index")
    return TemplateResponse(
        request,
        "feedback/admin/detail.html",
        {
            "page_title": _("Signalement"),
            "page_subtitle": report.target_name,
            "header_icon": "warning",
            "report": report,
            "form": form,
        },
    )
