"""Template helpers of the directory pages."""

from django import template

from ..label_translations import vocabulary_label_html
from ..models import Service
from ..opening import EntryOpening, closures_from_json, entry_opening
from ..sharing import ShareLinks, organisation_share_links, service_share_links
from ..vocabularies import source_label

register = template.Library()


register.filter("source_label", source_label)


@register.filter
def labels(values, vocabulary: str) -> list[str]:
    """Codes of a vocabulary → their labels in the reader's language, as safe HTML: the
    published translation of a national label, else its French marked `lang="fr"`; our
    categories through the catalogues; unknown codes are kept as they are."""
    return [vocabulary_label_html(vocabulary, value) for value in values or ()]


@register.filter
def label(value, vocabulary: str) -> str:
    """One code (e.g. a service's `fees`): `{{ service.fees|label:"frais" }}`."""
    return vocabulary_label_html(vocabulary, value) if value else ""


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
