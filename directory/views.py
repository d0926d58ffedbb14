"""Public directory pages: home, organisation, service, and lists per commune and category.
Only published entries are shown; professional-only contacts only to professionals."""

import segno
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.roles import is_professional
from core import counters
from core.languages import tenant_facing
from core.pdf import html_to_one_page_pdf
from core.places import served_departements, territory_name

from . import selectors, structured_data
from .models import Commune
from .opening import (
    entry_status,
    hours_in_words,
    opening_status,
    periods_in_words,
    temporary_notices,
    week_schedule,
)
from .sharing import absolute_url
from .vocabularies import Category

PAGE_SIZE = 20
# A service sheet's PDF tries its normal layout, then a denser one, and keeps the first that
# fits one A4 page.
SERVICE_PDF_DENSITIES = (False, True)
SERVICE_PDF_STYLESHEETS = ("css/service-print.css",)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def home(request):
    counts = selectors.category_counts()
    categories = [
        {"slug": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Category.choices
    ]
    communes = (
        Commune.objects.served().only("name", "slug", "epci_name").order_by("epci_name", "name")
    )
    territory = served_departements()
    return render(
        request,
        "directory/home.html",
        {
            "categories": categories,
            "communes": communes,
            "territory": territory_name(territory),
            "territory_count": len(territory),
        },
    )


def _opening(hours: str, closures: tuple):
    """The sheet's hours: status (the service's closure, then its organisation's), the week,
    the dated periods in full, and the closure notices (the periods are listed already)."""
    return {
        "status": entry_status(hours, closures=closures),
        "week": week_schedule(hours),
        "periods": periods_in_words(hours),
        "notices": temporary_notices("", closures),
    }


@tenant_facing
def organisation_detail(request, slug):
    organisation = selectors.organisation_page(slug)
    if organisation is None:
        survivor = selectors.merged_survivor(slug=slug)
        if survivor is not None:  # a merged duplicate: its address moved for good
            return redirect(survivor.get_absolute_url(), permanent=True)
        raise Http404
    counters.count("sheet_view", kind="organisation", organisation=organisation.pk)
    return render(
        request,
        "directory/organisation.html",
        {
            "organisation": organisation,
            "services": organisation.public_services,
            "opening": _opening(organisation.opening_hours, organisation.closures),
            "structured_data": structured_data.organisation_data(request, organisation),
        },
    )


def _service_context(request, slug):
    service = selectors.service_page(slug)
    if service is None:
        raise Http404
    professional = is_professional(request.user)
    return {
        "service": service,
        "organisation": service.organisation,
        "stops": [(stop, opening_status(stop["opening_hours"])) for stop in service.stop_rows],
        "contact_visible": professional or not service.contact_is_professional_only,
        "is_professional": professional,
        "opening": _opening(service.effective_opening_hours, service.closures),
    }


@tenant_facing
def service_detail(request, slug):
    context = _service_context(request, slug)
    service = context["service"]
    counters.count(
        "sheet_view", kind="service", service=service.pk, organisation=service.organisation_id
    )
    context["structured_data"] = structured_data.service_data(
        request, service, contact_visible=context["contact_visible"]
    )
    return render(request, "directory/service.html", context)


def _service_print_context(request, slug, *, pdf: bool) -> dict:
    """A service sheet on one A4 page: the hours in words (no week of dates nor live status:
    paper outlives today) and a QR code of the sheet's address."""
    context = _service_context(request, slug)
    service = context["service"]
    url = absolute_url(service.get_absolute_url())
    return {
        **context,
        "sheet_url": url,
        "qr_code": segno.make(url, error="m", micro=False).svg_data_uri(scale=3, border=4),
        "hours": hours_in_words(service.effective_opening_hours),
        "pdf": pdf,
        "dense": False,
    }


@tenant_facing
def service_print(request, slug):
    """The print view of a service sheet (the « Imprimer » link without JavaScript)."""
    context = _service_print_context(request, slug, pdf=False)
    return render(request, "directory/service_print.html", context)


@tenant_facing
def service_pdf(request, slug):
    """A service sheet as a one-page tagged PDF."""
    context = _service_print_context(request, slug, pdf=True)
    template = "directory/service_print.html"
    versions = (
        render(request, template, {**context, "dense": dense}).content.decode()
        for dense in SERVICE_PDF_DENSITIES
    )
    document = html_to_one_page_pdf(versions, SERVICE_PDF_STYLESHEETS)
    counters.count("pdf", kind="service_sheet", service=context["service"].pk)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="fiche-{context["service"].slug}.pdf"'
    return response


def commune_detail(request, slug):
    # The organisations placed here come with their commune: one query less when there are
    # some (the shared page shell already spends most of the 10-query budget).
    organisations = list(
        selectors.public_organisations().filter(commune__slug=slug).order_by("name")
    )
    commune = organisations[0].commune if organisations else get_object_or_404(Commune, slug=slug)
    category = request.GET.get("categorie", "")
    if category not in Category.values:
        category = ""
    services = selectors.services_in_commune(commune, category)
    return render(
        request,
        "directory/commune.html",
        {
            "commune": commune,
            "page_obj": _page(request, services),
            "organisations": organisations,
            "categories": Category.choices,
            "category": category,
        },
    )


def category_detail(request, slug):
    if slug not in Category.values:
        raise Http404
    label = Category(slug).label
    communes = list(Commune.objects.served().order_by("name"))
    commune = next((c for c in communes if c.slug == request.GET.get("commune")), None)
    services = selectors.services_in_category(slug, commune)
    return render(
        request,
        "directory/category.html",
        {
            "category": slug,
            "category_label": label,
            "page_obj": _page(request, services),
            "communes": communes,
            "commune": commune,
        },
    )
