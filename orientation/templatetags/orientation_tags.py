from django import template

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
def reason_labels(reason_list) -> list[str]:
    return reasons.describe_all(reason_list)
