"""Acronyms of the social and medico-social sector, used by search both ways: a query for
"CLIC" also finds "centre local d'information et de coordination", and the reverse.

`DEFAULT_GLOSSARY` is the built-in data. `get_glossary()` returns it merged with what every
registered provider returns, so an admin-editable Glossary model can add or override entries
later with `register_glossary_provider(callable)` and no change here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

DEFAULT_GLOSSARY: dict[str, str] = {
    "AAH": "allocation aux adultes handicapés",
    "ADIL": "agence départementale d'information sur le logement",
    "APA": "allocation personnalisée d'autonomie",
    "AVDL": "accompagnement vers et dans le logement",
    "CAF": "caisse d'allocations familiales",
    "CARSAT": "caisse d'assurance retraite et de la santé au travail",
    "CCAPEX": "commission de coordination des actions de prévention des expulsions locatives",
    "CCAS": "centre communal d'action sociale",
    "CDAS": "circonscription départementale d'action sociale",
    "CICAT": "centre d'information et de conseil sur les aides techniques",
    "CLIC": "centre local d'information et de coordination",
    "CMP": "centre médico-psychologique",
    "CPAM": "caisse primaire d'assurance maladie",
    "EHPAD": "établissement d'hébergement pour personnes âgées dépendantes",
    "ESS": "économie sociale et solidaire",
    "FSL": "fonds de solidarité pour le logement",
    "GIR": "groupe iso-ressources",
    "GLA": "gestion locative adaptée",
    "MDPH": "maison départementale des personnes handicapées",
    "PCH": "prestation de compensation du handicap",
    "PRIF": "prévention retraite Île-de-France",
    "SAAD": "service d'aide et d'accompagnement à domicile",
    "SAMSAH": "service d'accompagnement médico-social pour adultes handicapés",
    "SAVS": "service d'accompagnement à la vie sociale",
    "SIAO": "service intégré d'accueil et d'orientation",
    "SPASAD": "service polyvalent d'aide et de soins à domicile",
    "SSIAD": "service de soins infirmiers à domicile",
    "TFPB": "taxe foncière sur les propriétés bâties",
}

GlossaryProvider = Callable[[], dict[str, str]]
_providers: list[GlossaryProvider] = []


def register_glossary_provider(provider: GlossaryProvider) -> GlossaryProvider:
    """Add a source of acronyms (e.g. a Glossary model). Usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_glossary_provider(provider: GlossaryProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def get_glossary() -> dict[str, str]:
    """Acronym (upper case) → expansion: the defaults, then each provider in order."""
    glossary = dict(DEFAULT_GLOSSARY)
    for provider in _providers:
        try:
            entries = provider()
        except Exception:
            # A broken provider must not break search: the other entries still apply.
            logger.exception("search: glossary provider %r failed", provider)
            continue
        glossary.update({acronym.upper(): text for acronym, text in entries.items()})
    return glossary
