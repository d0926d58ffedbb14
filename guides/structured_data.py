"""schema.org JSON-LD of a guide page: an `Article` (a guide explains; it is no step-by-step
`HowTo`), in the page's language, published by the portal."""

from django.conf import settings
from django.urls import reverse

from core.structured_data import absolute


def guide_data(request, page) -> dict:
    """`page`: a GuidePage (not imported: the page model calls this)."""
    url = absolute(request, page.get_url(request) or "")
    standard = page.standard_version if page.is_easy_read else None
    return {
        "@type": "Article",
        "@id": url + "#guide",
        "headline": page.title[:110],
        "name": page.title,
        "description": page.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": page.locale.language_code,
        "about": str(page.get_theme_display()),
        "audience": [
            {"@type": "Audience", "audienceType": str(label)} for label in page.audience_labels
        ],
        "datePublished": page.first_published_at,
        "dateModified": page.last_published_at or page.latest_revision_created_at,
        "isAccessibleForFree": True,
        # An easy-read (FALC) page is adapted from the full guide.
        "isBasedOn": absolute(request, standard.get_url(request)) if standard else "",
        "publisher": {
            "@type": "Organization",
            "name": settings.WAGTAIL_SITE_NAME,
            "url": absolute(request, reverse("wagtail_serve", args=[""])),
        },
    }
