import logging
from functools import cache as memoize
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core.cache import bump_generation, read_generation
from home.models import EmergencyNumber, SiteSettings

logger = logging.getLogger(__name__)

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


@memoize
def _resolved_nav(language: str | None) -> tuple[tuple[str, object], ...]:
    """The menu's addresses in `language`, the active one (English under /en/)."""
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
        for url, label in _resolved_nav(get_language())
    ]
    return {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.WAGTAIL_SITE_NAME, "MAIN_NAV": nav}


FOOTER_GENERATION_KEY = "site-footer:generation"
FOOTER_TIMEOUT = 3600


class FooterData:
    """Site settings and emergency numbers for the footer, read lazily.

    Every page shows them and they seldom change: they come from the cache, keyed by host
    and stored under a generation (`core.cache.read_generation`) that `forget_footer`
    moves on whenever a site, its settings or its numbers are saved or deleted. A miss reads
    them in two queries (Wagtail's `settings` context processor would `get_or_create` the
    settings row: an INSERT on a fresh site).
    If the cache is down, the database answers."""

    def __init__(self, request) -> None:
        self.request = request

    @cached_property
    def _data(self) -> tuple[object | None, list]:
        try:
            host = self.request.get_host()
        except DisallowedHost:  # the 400 page of a forged Host: no cache key made of it
            return self._load()
        key = f"site-footer:{host}"
        try:
            generation, entry = read_generation(cache, FOOTER_GENERATION_KEY, key)
        except Exception:
            logger.warning("footer: cache unavailable, reading the database", exc_info=True)
            return self._load()
        if entry is not None:
            return entry[1]
        data = self._load()
        try:
            cache.set(key, (generation, data), FOOTER_TIMEOUT)
        except Exception:
            logger.warning("footer: could not cache the footer", exc_info=True)
        return data

    def _load(self) -> tuple[object | None, list]:
        site = Site.find_for_request(self.request)
        if site is None:
            return None, []
        found = SiteSettings.objects.filter(site=site).prefetch_related("emergency_numbers")
        settings_row = found.first()
        if settings_row is None:
            return None, []
        return settings_row, list(settings_row.emergency_numbers.all())

    @property
    def settings(self):
        return self._data[0]

    @property
    def emergency_numbers(self) -> list:
        return self._data[1]


def forget_footer(sender, **kwargs) -> None:
    """post_save / post_delete of a Site, SiteSettings or EmergencyNumber."""
    bump_generation(cache, FOOTER_GENERATION_KEY)


def connect_footer_signals() -> None:
    for model in (Site, SiteSettings, EmergencyNumber):
        post_save.connect(forget_footer, sender=model, dispatch_uid=f"footer-save-{model.__name__}")
        post_delete.connect(
            forget_footer, sender=model, dispatch_uid=f"footer-delete-{model.__name__}"
        )


def footer(request):
    return {"site_footer": FooterData(request)}
