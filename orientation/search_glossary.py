"""Glossary provider for the search app: the acronyms moderators maintain in the admin.

Registered in `OrientationConfig.ready()` with `search.glossary.register_glossary_provider`,
so a query for "CLIC" also finds "centre local d'information et de coordination"."""

from django.db import DatabaseError

from .glossary import get_entries


def glossary_acronyms() -> dict[str, str]:
    """Acronym (upper case) → expansion, starting lower case as the search glossary writes
    them ("centre communal d'action sociale"; "Île-de-France" keeps its capitals)."""
    try:
        entries = get_entries()
    except DatabaseError:
        # Before our tables exist (first migrate): search has no acronyms to expand yet.
        return {}
    return {
        e.text.upper(): e.expansion[:1].lower() + e.expansion[1:] for e in entries if e.is_acronym
    }
