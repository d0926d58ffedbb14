from functools import cache

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
