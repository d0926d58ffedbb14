"""schema.org JSON-LD: the shared pieces. Each app builds its own dicts (`<app>/structured_data.py`)
with these helpers, and templates write them with `{% json_ld data %}` (core/templatetags/seo.py).

`<script type="application/ld+json">` is a data block: browsers never run it, and CSP's
script-src only governs scripts that run, so it would need no nonce; it gets the response's
nonce anyway, like every inline script of the site (one rule, checked on every page by the
security tests). What matters is that the JSON cannot close
its script element: `<`, `>` and `&` are written as \\u escapes, so a name containing
`</script>` stays text."""

import json
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

CONTEXT = "https://schema.org"
# Characters that could end the script element or start markup, escaped inside JSON strings.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _default(value):
    if isinstance(value, datetime):
        # In Paris time with its offset: « 2026-12-10T14:00:00+01:00 ».
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)  # lazy translations


def compact(value):
    """The value without empty members (None, "", [], {}), recursively: schema.org prefers a
    property left out to a property without value."""
    if isinstance(value, dict):
        items = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        items = (compact(item) for item in value)
        return [item for item in items if item not in (None, "", [], {})]
    return value


def to_json(data) -> str:
    """JSON for a `<script type="application/ld+json">` element: compacted, `@context` added to
    the top object(s), and safe to put between the script tags."""
    data = compact(data)
    if isinstance(data, dict):
        data = {"@context": CONTEXT, **data}
    elif isinstance(data, list):
        data = [{"@context": CONTEXT, **item} for item in data]
    text = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":"))
    return text.translate(_ESCAPES)


def absolute(request, url: str) -> str:
    """An absolute URL for a path (left as is when already absolute)."""
    if not url:
        return ""
    return request.build_absolute_uri(url)


def property_value(name: str, value: str, property_id: str = "") -> dict | None:
    """An identifier as schema.org PropertyValue (`propertyID` names the register)."""
    if not value:
        return None
    return {
        "@type": "PropertyValue",
        "propertyID": property_id or name,
        "name": name,
        "value": value,
    }
