from django import template
from django.utils.html import format_html

from orientation import reasons
from orientation.glossary import link_terms
from orientation.translations import (
    glossary_html,
    glossary_text,
    glossary_translation,
    in_french,
    situation_html,
    situation_text,
    situation_translation,
)

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


# --- In the reader's language (orientation/translations.py) -----------------------------------


@register.filter
def situation_label(situation):
    """`{{ situation|situation_label }}`: the published translation, else French in lang="fr"."""
    return situation_html(situation, "label")


@register.filter
def situation_label_text(situation):
    """Plain text, for `<title>` and attributes."""
    return situation_text(situation, "label")


@register.simple_tag
def situation_description(situation):
    """The description: translated, else the French one with its glossary links, lang="fr"."""
    if situation_translation(situation) is not None and situation_text(situation, "description"):
        return situation_html(situation, "description")
    return in_french(link_terms(situation.description))


@register.filter
def situation_questions(situation) -> list[str]:
    """The questions to prepare, one safe HTML item each."""
    translation = situation_translation(situation)
    if translation is not None and translation.questions.strip():
        lines = [line.strip() for line in translation.questions.splitlines() if line.strip()]
        return [format_html("{}", line) for line in lines]
    return [in_french(link_terms(question)) for question in situation.question_list]


@register.filter
def glossary_term(term):
    return glossary_html(term, "term")


@register.filter
def glossary_term_text(term):
    return glossary_text(term, "term")


@register.filter
def glossary_definition(term):
    return glossary_html(term, "definition")


@register.filter
def is_translated_term(term) -> bool:
    return glossary_translation(term) is not None


@register.filter
def situation_description_html(situation):
    """The description without glossary links (a choice's help text)."""
    return situation_html(situation, "description")
