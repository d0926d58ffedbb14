"""What people read, in one place: `{% load formats %}` in every page, PDF, email and feed.

- `{{ number|phone }}` « 01 43 21 00 00 » (never « +33… »), `href="tel:{{ number|phone_tel }}"`;
- `{{ expression|hours }}` OSM opening hours in plain French;
- `{{ code|commune_name }}`, `{{ codes|commune_names }}` communes (and EPCI, départements) by
  their names, never their INSEE codes; `{{ code|departement_name }}`;
- `{{ day|date_fr }}` « 1er mai 2026 »; `{{ moment|time_fr }}` « 9 h », « 13 h 30 ».

It lives in `directory` because hours and communes are the directory's; the phone and
département helpers below it come from `core`. Machine exports (API, data·inclusion) keep raw
values and do not use it."""

from datetime import date, datetime

from django import template

from core.phones import phone_display, phone_e164
from core.places import departement_name

from ..opening import format_date, format_time, hours_in_words, to_paris
from ..places import zone_names

register = template.Library()

register.filter("phone", phone_display)
register.filter("phone_tel", phone_e164)
register.filter("hours", hours_in_words)
register.filter("departement_name", departement_name)


@register.filter
def commune_names(codes) -> str:
    """INSEE codes (or EPCI/département codes) as names: « Montreuil, Bagnolet »."""
    return ", ".join(zone_names(codes))


@register.filter
def commune_name(code) -> str:
    """One INSEE code as the commune's name; a Commune object as its name."""
    name = getattr(code, "name", None)
    if name is not None:
        return name
    return commune_names([code]) if code else ""


@register.filter
def date_fr(value, with_year: bool = True) -> str:
    """A date (or a moment, in Paris time) as a French long date: « 1er mai 2026 »;
    `|date_fr:False` leaves out the year (« 1er mai »)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = to_paris(value).date()
    if not isinstance(value, date):
        raise template.TemplateSyntaxError(f"date_fr: {value!r} n'est pas une date")
    return format_date(value, with_year=bool(with_year))


@register.filter
def time_fr(value) -> str:
    """A moment's time of day in Paris, as French writes it: « 9 h », « 13 h 30 »."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        raise template.TemplateSyntaxError(f"time_fr: {value!r} n'est pas un moment")
    return format_time(to_paris(value))
