"""Public pages: the list of calls for projects with its filters, and one call's page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .forms import CLOSED, OPEN, CallFilterForm
from .models import CallForProjects, Status

PAGE_SIZE = 20


def call_list(request):
    form = CallFilterForm(request.GET or None)
    calls = CallForProjects.objects.public().select_related("organisation")
    state = OPEN
    if form.is_valid():
        state = form.cleaned_data["etat"] or OPEN
        if form.cleaned_data["theme"]:
            calls = calls.filter(themes__contains=[form.cleaned_data["theme"]])
        if form.cleaned_data["type"]:
            calls = calls.filter(kind=form.cleaned_data["type"])
    now = timezone.now()
    if state == OPEN:
        calls = calls.filter(status=Status.PUBLISHED, deadline__gt=now).order_by("deadline", "pk")
    elif state == CLOSED:
        calls = calls.exclude(status=Status.PUBLISHED, deadline__gt=now).order_by("-deadline")
    else:
        calls = calls.order_by("-deadline", "pk")
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "funding/call_list.html", {"form": form, "page": page})


def call_detail(request, pk):
    call = get_object_or_404(
        CallForProjects.objects.public().select_related("organisation", "document"), pk=pk
    )
    return render(request, "funding/call_detail.html", {"call": call})
