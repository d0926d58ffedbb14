"""Public directory pages: home, organisation, service, and lists per commune and category.
Only published entries are shown; professional-only contacts only to professionals."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.roles import is_professional
from core.places import served_departements, territory_name

from . import selectors
from .models import Commune
from .opening import (
    entry_status,
    opening_status,
    periods_in_words,
    temporary_notices,
    week_schedule,
)
from .vocabularies import Category

PAGE_SIZE = 20


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


def organisation_detail(request, slug):
    organisation = selectors.organisation_page(slug)
    if organisation is None:
        survivor = selectors.merged_survivor(slug=slug)
        if survivor is not None:  # a merged duplicate: its address moved for good
            return redirect(survivor.get_absolute_url(), permanent=True)
        raise Http404
    return render(
        request,
        "directory/organisation.html",
        {
            "organisation": organisation,
            "services": organisation.public_services,
            "opening": _opening(organisation.opening_hours, organisation.closures),
        },
    )


def service_detail(request, slug):
    service = selectors.service_page(slug)
    if service is None:
        raise Http404
    professional = is_professional(request.user)
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "organisation": service.organisation,
            "stops": [(stop, opening_status(stop["opening_hours"])) for stop in service.stop_rows],
            "contact_visible": professional or not service.contact_is_professional_only,
            "is_professional": professional,
            "opening": _opening(service.effective_opening_hours, service.closures),
        },
    )


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
