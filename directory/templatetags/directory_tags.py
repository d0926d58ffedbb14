"""Template helpers of the directory pages."""

from django import template

from ..models import Service
from ..sharing import ShareLinks, organisation_share_links, service_share_links
from ..vocabularies import (
    MODE_ACCUEIL_LABELS,
    MODE_MOBILISATION_LABELS,
    PERSONNE_MOBILISATRICE_LABELS,
    PUBLIC_LABELS,
    THEMATIQUE_LABELS,
    TYPE_SERVICE_LABELS,
    Category,
    source_label,
)

register = template.Library()

VOCABULARIES = {
    "publics": PUBLIC_LABELS,
    "thematiques": THEMATIQUE_LABELS,
    "types": TYPE_SERVICE_LABELS,
    "modes_accueil": MODE_ACCUEIL_LABELS,
    "modes_mobilisation": MODE_MOBILISATION_LABELS,
    "mobilisateurs": PERSONNE_MOBILISATRICE_LABELS,
    "categories": dict(Category.choices),
}


register.filter("source_label", source_label)


@register.filter
def labels(values, vocabulary: str) -> list[str]:
    """Slugs of a vocabulary → their French labels (unknown slugs are kept as they are)."""
    names = VOCABULARIES[vocabulary]
    return [str(names.get(value, value)) for value in values or ()]


@register.simple_tag
def sheet_share_links(sheet) -> ShareLinks:
    """The « Envoyer cette fiche » links of a service or an organisation sheet."""
    if isinstance(sheet, Service):
        return service_share_links(sheet)
    return organisation_share_links(sheet)
