"""`{% json_ld data %}` (schema.org structured data) and `{% canonical_url %}`."""

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.structured_data import to_json

register = template.Library()

# Query parameters a canonical URL keeps by default: the page of a paginated list. Filters,
# sorting and tracking parameters (utm_*, fbclid…) are variants of the same page.
DEFAULT_KEPT = ("page",)


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """The data as a JSON-LD script element; nothing for empty data. A data block is not run
    (see core.structured_data), but it carries the response's nonce like every inline script
    of the site: one rule the security tests check on every page, and the anonymous page cache
    renews it with the others (the nonce is already in the page, nothing more is disclosed)."""
    if not data:
        return ""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        format_html(' nonce="{}"', nonce) if nonce else "",
        mark_safe(to_json(data)),  # noqa: S308
    )


@register.simple_tag(takes_context=True)
def canonical_url(context, keep: str = "") -> str:
    """This page's absolute address without its query string, but for the parameters named in
    `keep` (space separated; default: `page`), in a fixed order, empty ones left out."""
    request = context.get("request")
    if request is None:  # a template rendered outside a request (an email, a PDF)
        return ""
    names = keep.split() if keep else DEFAULT_KEPT
    query = QueryDict(mutable=True)
    for name in names:
        value = request.GET.get(name, "").strip()
        if value and not (name == "page" and value == "1"):
            query[name] = value
    path = request.path
    if query:
        path = f"{path}?{query.urlencode()}"
    return request.build_absolute_uri(path)
