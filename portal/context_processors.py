from functools import cache, cached_property

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Main menu entries, by URL name. An entry whose app does not define the URL is left out.
MAIN_NAV_ITEMS = [
    ("search:search", _("Rechercher")),
    ("directory:home", _("Annuaire")),
    ("orientation:index", _("Qui appeler ?")),
    ("offers:home", _("Offres ESS et locaux")),
    ("events:index", _("Agenda")),
    ("guides:index", _("Guides")),
    ("orientation:glossary", _("Glossaire")),
]


@cache
def _resolved_nav() -> tuple[tuple[str, object], ...]:
    items = []
    for name, label in MAIN_NAV_ITEMS:
        try:
            items.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return tuple(items)


def site(request):
    """Values every template needs, computed without a database query."""
    path = request.path
    nav = [
        {"url": url, "label": label, "current": path.startswith(url)}
        for url, label in _resolved_nav()
    ]
    return {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.WAGTAIL_SITE_NAME, "MAIN_NAV": nav}


class FooterData:
    """Site settings and emergency numbers for the footer, read lazily in two queries.

    Wagtail's `settings` context processor would `get_or_create` the settings row (an INSERT
    and two savepoints on a fresh site) and the footer would read the numbers separately."""

    def __init__(self, request) -> None:
        self.request = request

    @cached_property
    def settings(self):
        from wagtail.models import Site

        from portal.home.models import SiteSettings

        site = Site.find_for_request(self.request)
        if site is None:
            return None
        return SiteSettings.objects.filter(site=site).prefetch_related("emergency_numbers").first()

    @cached_property
    def emergency_numbers(self) -> list:
        return list(self.settings.emergency_numbers.all()) if self.settings else []


def footer(request):
    return {"site_footer": FooterData(request)}
