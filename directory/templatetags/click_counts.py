"""Counted links: `{% count_click "click_call" service %}` inside an `<a>` tag adds the
attributes that count a click on a call, email or directions link through `/compter/`
(directory/counting_views.py), without cookie nor identifier.

One count per click, one mechanism per browser:
- without JavaScript, the `ping` attribute: Chromium-based browsers and Safari POST to it when
  the link is followed (Firefox ignores it: such clicks are simply not counted);
- with JavaScript, static/js/count.js removes every `ping` once the page is read and sends
  the same URL with `navigator.sendBeacon` on click instead. Support for `ping` cannot be
  detected (Firefox exposes the property but sends nothing), sendBeacon can: with both, a
  click in Chromium would count twice; with only ping, Firefox would never count.
The link itself works the same in every case."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from core import counters

from ..models import Organisation, Service

register = template.Library()

KINDS = {Organisation: "organisation", Service: "service"}


@register.simple_tag(takes_context=True)
def count_click(context, metric: str, entry, pk=None) -> str:
    """` ping="…" data-count-click` for a link of `entry` (an Organisation or a Service), or of
    the entry of kind `entry` ("organisation"/"service") and id `pk` (a search result); ''
    for any other kind of entry, which the endpoint would refuse."""
    if metric not in counters.CLICK_METRICS:
        raise ValueError(f"Not a click metric: {metric!r}.")
    if pk is None:
        kind, pk = KINDS.get(type(entry)), getattr(entry, "pk", None)
    else:
        kind = entry if entry in KINDS.values() else None
    if kind is None or not str(pk).isdigit():
        return ""
    url = reverse("directory:count_click") + "?" + urlencode({"m": metric, "k": kind, "id": pk})
    # `ping` takes absolute http(s) URLs only (HTML standard; the Nu Html Checker says so).
    request = context.get("request")
    url = request.build_absolute_uri(url) if request else settings.SITE_URL.rstrip("/") + url
    return format_html(' ping="{}" data-count-click', url)
