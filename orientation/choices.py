"""Choices of the orientation models, read from the directory vocabularies at run time.

Callables (not lists) so that a change of vocabulary in `directory` never needs a migration
here: migrations store the reference to the function, not the values."""

from directory import vocabularies


def thematique_choices() -> list[tuple[str, str]]:
    return vocabularies.THEMATIQUE_CHOICES


def public_choices() -> list[tuple[str, str]]:
    return vocabularies.PUBLIC_CHOICES


def typology_choices() -> list[tuple[str, str]]:
    return list(vocabularies.Typology.choices)
