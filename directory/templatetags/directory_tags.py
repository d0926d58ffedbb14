"""Template helpers of the directory pages."""

from django import template

from ..models import Service
from ..opening import EntryOpening, closures_from_json, entry_opening
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


@register.simple_tag
def open_status(entry) -> EntryOpening:
    """{% open_status entry as opening %}: the status and notices of a service, an
    organisation or a search hit's `extra.opening` ({"hours": …, "closures": […]}), computed
    from the fields already loaded (no query: select the organisation with the service)."""
    if isinstance(entry, dict):
        return entry_opening(entry.get("hours") or "", closures_from_json(entry.get("closures")))
    if hasattr(entry, "effective_opening_hours"):
        return entry_opening(entry.effective_opening_hours, entry.closures)
    return entry_opening(entry.opening_hours, entry.closures)
