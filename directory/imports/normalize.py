"""Cleaning of the optional values every import format shares.

Each cleaner returns the normalised value, or "" when the value is malformed, after adding a
French warning to `warnings`: a bad phone number should not cost the whole row."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from directory import validators

# INSEE commune codes: 5 characters, Corsica uses 2A/2B.
INSEE_RE = re.compile(r"^(\d{2}|2A|2B)\d{3}$")


def text(value) -> str:
    """A trimmed string with inner whitespace collapsed ("" for None)."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def fold(value: str) -> str:
    """Lower-case, accents and punctuation removed: for matching headers and labels."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_only).split())


def _checked(value, warnings: list[str], label: str, check) -> str:
    """`check(raw)` returns the stored form or raises ValidationError (directory.validators);
    a malformed value becomes "" and a warning naming the field and the reason."""
    raw = text(value)
    if not raw:
        return ""
    try:
        return check(raw)
    except ValidationError as error:
        warnings.append(
            _("%(field)s ignoré : %(reason)s")
            % {"field": label, "reason": " ".join(error.messages)}
        )
        return ""


def _validated(validator):
    def check(raw: str) -> str:
        validator(raw)
        return raw

    return check


def _email(raw: str) -> str:
    validate_email(raw)
    return raw.lower()


def _website(raw: str) -> str:
    candidate = raw if "://" in raw else f"https://{raw}"
    URLValidator(schemes=["http", "https"])(candidate)
    return candidate


def phone(value, warnings: list[str]) -> str:
    """E.164 phone number (French numbers by default)."""
    return _checked(value, warnings, _("Téléphone"), validators.normalize_phone)


def email(value, warnings: list[str]) -> str:
    return _checked(value, warnings, _("Courriel"), _email)


def website(value, warnings: list[str]) -> str:
    return _checked(value, warnings, _("Site web"), _website)


def siret(value, warnings: list[str]) -> str:
    return _checked(
        re.sub(r"\s", "", text(value)), warnings, _("SIRET"), validators.normalize_siret
    )


def finess(value, warnings: list[str]) -> str:
    return _checked(
        text(value).upper(), warnings, _("N° FINESS"), _validated(validators.validate_finess)
    )


def postcode(value, warnings: list[str]) -> str:
    return _checked(value, warnings, _("Code postal"), _validated(validators.validate_postcode))


def hours(value, warnings: list[str]) -> str:
    """An OpenStreetMap `opening_hours` expression."""
    return _checked(value, warnings, _("Horaires"), _validated(validators.validate_opening_hours))


def coordinate(value, low: float, high: float) -> float | None:
    """A float within [low, high], else None (decimal comma accepted)."""
    raw = text(value).replace(",", ".")
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if low <= number <= high else None
