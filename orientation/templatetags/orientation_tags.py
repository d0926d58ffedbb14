import re

import phonenumbers
from django import template
from django.utils.translation import gettext as _

from orientation import reasons
from orientation.glossary import link_terms

register = template.Library()


@register.simple_tag
def glossary_links(text):
    """`{% glossary_links text %}`: `text` with glossary terms linked (first occurrence)."""
    return link_terms(text)


@register.filter(name="glossary_links")
def glossary_links_filter(text):
    """`{{ text|glossary_links }}`, same as the tag, for use inside other expressions."""
    return link_terms(text)


@register.filter
def phone_display(value: str) -> str:
    """« +33143939393 » → « 01 43 93 93 93 »; anything unparsable is shown as stored."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@register.filter
def reason_labels(reason_list) -> list[str]:
    return reasons.describe_all(reason_list)


_DAYS = {
    "Mo": "lun.",
    "Tu": "mar.",
    "We": "mer.",
    "Th": "jeu.",
    "Fr": "ven.",
    "Sa": "sam.",
    "Su": "dim.",
}
_TOKEN = re.compile(r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH|off|closed|open)\b|(\d\d):(\d\d)|;|,|-")


@register.filter
def hours_fr(expression: str) -> str:
    """An OSM opening_hours expression made readable: « Mo-Fr 09:00-12:00; PH off » →
    « lun.–ven. 9 h–12 h ; jours fériés : fermé »."""
    if not expression:
        return ""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if match.group(1):
            word = match.group(1)
            if word in _DAYS:
                return _DAYS[word]
            if word == "PH":
                return _("jours fériés :")
            if word in ("off", "closed"):
                return _("fermé")
            return _("ouvert")
        if match.group(2):
            hour, minute = int(match.group(2)), match.group(3)
            return f"{hour} h" if minute == "00" else f"{hour} h {minute}"
        return {";": " ;", ",": ", ", "-": "–"}[token]

    return _TOKEN.sub(replace, expression)
