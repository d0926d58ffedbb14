from django import template

from core.places import departement_name
from directory.places import zone_names
from offers.vocabularies import Audience, OfferTarget, Usage

register = template.Library()


@register.filter
def labels(values, vocabulary: str) -> str:
    """The labels of a multi-choice field's values: `{{ need.usages|labels:"usage" }}`."""
    choices = dict(
        {"target": OfferTarget, "usage": Usage, "audience": Audience}[vocabulary].choices
    )
    return ", ".join(str(choices.get(value, value)) for value in values or ())


register.filter("departement_name", departement_name)


@register.filter(name="zone_names")
def zone_names_filter(codes) -> str:
    """INSEE codes as the communes' names: `{{ offer.coverage_communes|zone_names }}`."""
    return ", ".join(zone_names(codes))
