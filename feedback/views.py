"""Public views: « Signaler une erreur » on a sheet, « Suggérer un service manquant » on the
directory; no account needed, a honeypot and a rate limit per client address (core.http)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render

from core.ratelimit import ratelimit
from directory.models import Organisation, Service

from . import reports
from .forms import ReportForm, SuggestionForm

RATE_LIMITED = "feedback/rate_limited.html"


def _report(request, *, organisation, service=None):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reports.report_error(
            organisation=organisation,
            service=service,
            subject=data["subject"],
            message=data["message"],
            reporter_email=data["reporter_email"],
        )
        return redirect("feedback:thanks")
    return render(
        request,
        "feedback/report_form.html",
        {
            "form": form,
            "organisation": organisation,
            "service": service,
            "sheet_url": (service or organisation).get_absolute_url(),
        },
    )


@ratelimit("feedback", settings.FEEDBACK_RATE, template=RATE_LIMITED)
def report_organisation(request, slug):
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    return _report(request, organisation=organisation)


@ratelimit("feedback", settings.FEEDBACK_RATE, template=RATE_LIMITED)
def report_service(request, slug):
    service = get_object_or_404(Service.objects.public().select_related("organisation"), slug=slug)
    return _report(request, organisation=service.organisation, service=service)


@ratelimit("feedback", settings.FEEDBACK_RATE, template=RATE_LIMITED)
def suggest(request):
    if request.method == "POST":
        form = SuggestionForm(request.POST)
    else:
        form = SuggestionForm(initial=SuggestionForm.initial_from(request.GET))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        reports.suggest_service(
            name=data["name"],
            organisation_name=data["organisation_name"],
            commune=data["commune"],
            message=data["message"],
            contact=data["contact"],
            reporter_email=data["reporter_email"],
        )
        return redirect("feedback:thanks")
    return render(request, "feedback/suggestion_form.html", {"form": form})


def thanks(request):
    return render(request, "feedback/thanks.html")
