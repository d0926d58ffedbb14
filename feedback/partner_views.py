"""The organisation's reports in « Mon espace »: only the organisations the user manages
(another organisation's report is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import reports
from .forms import HandleForm


def handled(request, report, form) -> bool:
    """Handle `report` from a posted, valid `form` (partner space and admin alike), with the
    message saying how it went. False: nothing posted, or the form shows its errors."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        reports.handle(report.pk, user=request.user, **form.cleaned_data)
    except reports.ReportClosed:
        messages.warning(request, _("Ce signalement a déjà été traité."))
    else:
        messages.success(request, _("Signalement traité. Merci !"))
    return True


@login_required
def partner_list(request):
    return render(
        request, "feedback/partner_list.html", {"reports": reports.for_partner(request.user)}
    )


@login_required
def partner_detail(request, pk):
    report = get_object_or_404(reports.for_partner(request.user), pk=pk)
    form = HandleForm(request.POST or None)
    if handled(request, report, form):
        return redirect("feedback:partner_list")
    # The sheet to correct: its edit page in the admin (partners edit their sheets there).
    sheet = report.service or report.organisation
    edit_url = reverse(f"directory_{sheet._meta.model_name}:edit", args=[sheet.pk])
    return render(
        request,
        "feedback/partner_detail.html",
        {"report": report, "form": form, "edit_url": edit_url},
    )
