from django import template

from offers.vocabularies import Audience, OfferTarget, Usage

register = template.Library()


@register.filter
def labels(values, vocabulary: str) -> str:
    """The labels of a multi-choice field's values: `{{ need.usages|labels:"usage" }}`."""
    choices = dict(
        {"target": OfferTarget, "usage": Usage, "audience": Audience}[vocabulary].choices
    )
    return ", ".join(str(choices.get(value, value)) for value in values or ())
