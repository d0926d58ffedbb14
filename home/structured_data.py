"""schema.org JSON-LD of the home page: the `WebSite` and its `SearchAction`, which tells
search engines how to run a search on the portal (/recherche/?q=…)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from core.structured_data import absolute


def website_data(request) -> dict:
    home = absolute(request, reverse("wagtail_serve", args=[""]))
    search = absolute(request, reverse("search:search"))
    return {
        "@type": "WebSite",
        "@id": home + "#website",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": home,
        "inLanguage": get_language(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            # schema.org's Actions annotation (`<property>-input`): the template's variable.
            "query-input": "required name=search_term_string",
        },
    }
