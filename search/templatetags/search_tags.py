"""Markup of the search page's long repeated lists, built in Python.

The commune list (one option per commune) and the facet checkboxes (seven facets, up to twelve
values each) are most of the page's template nodes; rendering them here keeps the page within
its time budget (DESIGN.md §8). Every value goes through `format_html`, so it is escaped.
"""

from django import template
from django.utils.html import format_html_join

register = template.Library()

FACET_VALUES_SHOWN = 12


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
            (param, number, v.value, " checked" if v.selected else "", v.label, v.count)
            for number, v in enumerate(facet["values"][:FACET_VALUES_SHOWN], start=1)
        ),
    )
