"""Glossary providers for the search app: the acronyms and synonyms moderators maintain in the
admin.

Registered in `OrientationConfig.ready()` with `search.glossary.register_glossary_provider`
and `register_synonym_provider`, so a query for "CLIC" also finds "centre local d'information
et de coordination", and "Diogène" finds "incurie"."""

from django.db import DatabaseError

from .glossary import get_entries, get_synonym_groups


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


def glossary_synonym_groups() -> list[tuple[str, ...]]:
    """(acronym, term, *synonyms) of every term that has search synonyms."""
    try:
        return get_synonym_groups()
    except DatabaseError:
        # Before our tables exist (first migrate), or before the synonyms column does.
        return []
