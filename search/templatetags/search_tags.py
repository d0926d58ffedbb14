"""Markup of the search page's long repeated lists, built in Python.

The commune list (one option per commune) and the facet checkboxes (seven facets, up to twelve
values each) are most of the page's template nodes; rendering them here keeps the page within
its time budget (DESIGN.md §8). Every value goes through `format_html`, so it is escaped.
"""

import re

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from core.templatetags.seo import canonical_url
from core.text import ends_with_words

from .. import places
from ..structured_data import search_results_data

register = template.Library()

FACET_VALUES_SHOWN = 12
# A search page is canonical to itself with its words and page only: filters and places are
# variants of the same results (see core.templatetags.seo).
CANONICAL_PARAMS = "q page"


@register.simple_tag(takes_context=True)
def search_canonical_url(context) -> str:
    return canonical_url(context, CANONICAL_PARAMS)


@register.simple_tag(takes_context=True)
def search_structured_data(context) -> dict:
    """The page's SearchResultsPage and its ItemList (search.structured_data)."""
    return search_results_data(
        context["request"], context["results"], canonical_url(context, CANONICAL_PARAMS)
    )


def _id_part(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(value))


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", str(text).casefold()))


@register.simple_tag
def hit_meta(hit):
    """A result's second line: organisation (unless it is the title), commune (once: not when
    the organisation's name already ends with it, "CCAS de Montreuil"), distance from the
    chosen place in the language's decimals ("à 1,2 km"), "Intervient à domicile"."""
    parts = []
    organisation = hit.extra.get("organisation") or ""
    if organisation and _folded(organisation) != _folded(hit.title):
        parts.append(organisation)
    commune = hit.commune_name
    if commune and not ends_with_words(parts[-1] if parts else hit.title, commune):
        parts.append(commune)
    if hit.distance_km is not None:
        distance = _("à %(km)s km") % {"km": number_format(hit.distance_km, 1)}
        parts.append(distance.replace(" ", "\u00a0"))  # never "à" alone at a line's end
    if hit.extra.get("at_home"):
        parts.append(_("Intervient à domicile"))
    return format_html_join("", "<span>{}</span>", ((part,) for part in parts))


@register.simple_tag
def commune_options(places, selected):
    """`<option>`s of the "près de" list, the chosen communes selected."""
    chosen = set(selected or ())
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((p.code, " selected" if p.code in chosen else "", p.name) for p in places),
    )


@register.simple_tag
def facet_checkboxes(facet):
    """The `<li>` checkboxes of one facet, each labelled with its value and count."""
    param = facet["param"]
    return format_html_join(
        "",
        '<li><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{2}"{3}>'
        ' <label for="f-{0}-{1}">{4} <span class="search-facet__count">({5})</span></label></li>',
        (
            # The id follows the value, not its rank: htmx gives focus back to the same
            # checkbox when the counts (and so the order) change.
            (param, _id_part(v.value), v.value, " checked" if v.selected else "", v.label, v.count)
            for v in facet["values"][:FACET_VALUES_SHOWN]
        ),
    )


@register.inclusion_tag("search/_home_search.html")
def home_search():
    """The home page's search box: words, an optional commune ("près de"), GET /recherche/."""
    return {"communes": places.communes()}
