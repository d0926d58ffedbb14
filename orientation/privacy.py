"""Free text that could identify a resident is refused before it is stored.

A callback request (orientation.callbacks) may carry a short note ("de préférence le matin",
"la personne a déjà appelé le CCAS"), never who the person is. These checks look for what
would identify somebody: a name (a civility followed by a word, or a capitalised first name
followed by a surname), a phone number, an email address, a flat or door number, a date of
birth. They err on the side of refusal: the message says what to remove, and the person
rewrites the note without it."""

from __future__ import annotations

import itertools
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .glossary import get_entries

NOTE_MAX_LENGTH = 280

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿœæ"

# "M. Martin", "Mme Dupont", "Madame Durand", "monsieur X".
_CIVILITY = re.compile(
    rf"(?<![{_LOWER}{_UPPER}])(?:M\.|MM\.|Mr\.?|Mme|Mmes|Mlle|Melle|madame|monsieur|mademoiselle)"
    rf"\s+[{_UPPER}{_LOWER}][{_UPPER}{_LOWER}\-]*",
    re.IGNORECASE,
)
# Words, hyphenated ones whole ("Marie-Claire", "Saint-Denis").
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# French numbers in every usual spelling, and international ones.
_PHONE = re.compile(r"(?:\+|00)\d[\d\s.\-]{7,}\d|\b0\s*[1-9](?:[\s.\-]*\d{2}){4}\b|\b\d{10}\b")
_EMAIL = re.compile(r"[\w.+\-]+\s*(?:@|\(at\)|\[at\])\s*[\w\-]+\.[\w.\-]+", re.IGNORECASE)
# "appartement 12", "appt 4B", "porte 3", "bâtiment C", "3e étage", "n° 24", "escalier B".
_FLAT = re.compile(
    r"\b(?:appartement|appart|appt|apt|logement|lgt|porte|bâtiment|batiment|bât|bat|"
    r"escalier|esc|étage|etage|boîte aux lettres|bal|chambre)\.?\s*(?:n°|no|num(?:éro|ero)?)?\s*"
    r"(?:\d+[a-z]?|(?-i:[A-Z]))\b"
    r"|\b\d+\s*(?:e|è|ème|eme|er|ère|re)\s+(?:étage|etage)\b"
    r"|\bn°\s*\d+|\bnuméro\s+\d+",
    re.IGNORECASE,
)
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
# "12/03/1948", "12-03-48", "né le …", "née en 1950", "date de naissance", "3 mars 1948".
_BIRTH = re.compile(
    r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b"
    r"|\bnée?s?\s+(?:le|en)\b"
    r"|\bnaissance\b"
    rf"|\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+(?:19|20)\d{{2}}\b",
    re.IGNORECASE,
)

_CHECKS = {
    "name": (
        _CIVILITY,
        _(
            "La note ne doit pas contenir de nom : retirez « %(found)s » (pas de nom de "
            "personne, pas de « M. » ni « Mme »)."
        ),
    ),
    "phone": (
        _PHONE,
        _(
            "La note ne doit pas contenir de numéro de téléphone : retirez « %(found)s ». "
            "Le service vous rappelle sur votre numéro professionnel."
        ),
    ),
    "email": (_EMAIL, _("La note ne doit pas contenir d'adresse e-mail : retirez « %(found)s ».")),
    "flat": (
        _FLAT,
        _(
            "La note ne doit pas contenir de numéro d'appartement, de porte, d'étage ou de "
            "bâtiment : retirez « %(found)s »."
        ),
    ),
    "birth": (
        _BIRTH,
        _("La note ne doit pas contenir de date de naissance : retirez « %(found)s »."),
    ),
}


# Capitalised words that start place and service names, not people's: "Résidence Les
# Tilleuls", "Saint Denis", "Croix Rouge", "Lundi Matin".
# fmt: off
_NOT_NAMES = frozenset({
    "le", "la", "les", "l", "du", "de", "des", "d", "et", "au", "aux", "en", "sur", "sous",
    "pour", "avec", "chez", "voir", "appeler", "contacter",
    "saint", "sainte", "rue", "avenue", "boulevard", "place", "allée", "impasse", "chemin",
    "quai", "square", "résidence", "cité", "tour", "bâtiment", "mairie", "centre", "maison",
    "service", "services", "point", "conseil", "caisse", "croix", "rouge", "secours", "populaire",
    "restos", "france", "paris", "seine", "bonjour", "merci", "elle", "il", "ils", "elles",
    "personne", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre", "matin", "midi", "soir",
})
# fmt: on


def _capitalised(word: str) -> bool:
    """ "Dupont", "Marie-Claire": every part capitalised, at least two letters."""
    return len(word) > 1 and all(p[:1].isupper() and p[1:].islower() for p in word.split("-"))


def _capitalised_name(text: str) -> str:
    """The first "Jean Dupont" or "Marie DURAND" of the text: a capitalised word followed by
    a capitalised or upper-case one, unless one of them starts place names ("Résidence Les
    Tilleuls", "Saint Denis") or the pair is an acronym or words of the glossary ("Point
    Conseil Budget", "Le CCAS")."""
    tokens = list(_TOKEN.finditer(text))
    glossary = None
    for first, second in itertools.pairwise(tokens):
        if text[first.end() : second.start()].strip():
            continue  # not side by side
        a, b = first.group(0), second.group(0)
        if not _capitalised(a) or not (_capitalised(b) or (len(b) > 1 and b.isupper())):
            continue
        if a.casefold() in _NOT_NAMES or b.casefold() in _NOT_NAMES:
            continue
        if glossary is None:
            glossary = "\n".join(entry.text.casefold() for entry in get_entries())
        if b.casefold() in glossary.split() or f"{a} {b}".casefold() in glossary:
            continue
        return f"{a} {b}"
    return ""


def identifying_content(text: str, *, allow_contacts: bool = False) -> tuple[str, str]:
    """(kind, excerpt) of the first thing in `text` that could identify a person, or
    ("", "") when there is none. `allow_contacts` lets phone numbers and emails through
    (a suggestion names a service and may give its number)."""
    for kind, (pattern, _message) in _CHECKS.items():
        if allow_contacts and kind in ("phone", "email"):
            continue
        found = pattern.search(text)
        if found:
            return kind, found.group(0).strip()
        if kind == "name":
            name = _capitalised_name(text)
            if name:
                return kind, name
    return "", ""


def _refuse(text: str, *, allow_contacts: bool) -> None:
    kind, found = identifying_content(text or "", allow_contacts=allow_contacts)
    if kind:
        raise ValidationError(_CHECKS[kind][1], code=f"identifying_{kind}", params={"found": found})


def validate_anonymous_note(text: str) -> None:
    """Refuses a note that looks like a name, a phone number, an email, a flat or door
    number or a date of birth."""
    _refuse(text, allow_contacts=False)


def validate_anonymous_suggestion(text: str) -> None:
    """A suggestion of a better service: may give the service's phone or email, never
    anything about the person."""
    _refuse(text, allow_contacts=True)
