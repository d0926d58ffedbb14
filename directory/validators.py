"""Validation of directory fields, with messages a partner understands (French first).

Plain functions: `normalize_*` return the stored form or raise `ValidationError`; the
`validate_*` ones are Django validators for model fields."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from opening_hours import validate as opening_hours_is_valid
from phonenumbers import shortnumberinfo
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret

PHONE_REGION = "FR"


def normalize_phone(value: str) -> str:
    """A French or international phone number in E.164 (`+33143210000`); short numbers
    (`3919`, `115`) stay as they are. Empty stays empty."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = re.sub(r"[\s.\-()/]", "", value)
    if digits.isdigit() and len(digits) <= 6:
        short = phonenumbers.parse(digits, PHONE_REGION)
        if shortnumberinfo.is_valid_short_number(short):
            return digits
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un numéro de téléphone : écrivez par exemple "
                "01 43 93 93 93."
            ),
            code="invalid_phone",
            params={"value": value},
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "Le numéro « %(value)s » n'existe pas : vérifiez le nombre de chiffres "
                "(10 chiffres en France, par exemple 01 43 93 93 93)."
            ),
            code="invalid_phone",
            params={"value": value},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    normalize_phone(value)


def normalize_siret(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return stdnum_siret.validate(value)
    except InvalidLength as error:
        raise ValidationError(
            _("Un SIRET compte 14 chiffres ; « %(value)s » n'en a pas le bon nombre."),
            code="invalid_siret",
            params={"value": value},
        ) from error
    except InvalidFormat as error:
        raise ValidationError(
            _("Un SIRET ne contient que des chiffres (« %(value)s »)."),
            code="invalid_siret",
            params={"value": value},
        ) from error
    except InvalidChecksum as error:
        raise ValidationError(
            _(
                "Le SIRET « %(value)s » n'est pas valide (clé de contrôle incorrecte) : "
                "vérifiez-le sur l'annuaire des entreprises."
            ),
            code="invalid_siret",
            params={"value": value},
        ) from error


def validate_siret(value: str) -> None:
    normalize_siret(value)


FINESS_RE = re.compile(r"^(\d{2}|2A|2B)\d{7}$")


def validate_finess(value: str) -> None:
    """A FINESS number: 9 characters, starting with the département (2A/2B for Corsica)."""
    if value and not FINESS_RE.match(value.strip().upper()):
        raise ValidationError(
            _(
                "Un numéro FINESS compte 9 caractères et commence par le département "
                "(par exemple 930012345)."
            ),
            code="invalid_finess",
        )


def validate_opening_hours(value: str) -> None:
    """An OpenStreetMap `opening_hours` expression."""
    if value and not opening_hours_is_valid(value.strip()):
        raise ValidationError(
            _(
                "Horaires illisibles : utilisez le format OpenStreetMap, par exemple "
                "« Mo-Fr 09:00-12:00,14:00-17:00; PH off » (Mo lundi, Tu mardi, We mercredi, "
                "Th jeudi, Fr vendredi, Sa samedi, Su dimanche)."
            ),
            code="invalid_opening_hours",
        )


POSTCODE_RE = re.compile(r"^\d{5}$")


def validate_postcode(value: str) -> None:
    if value and not POSTCODE_RE.match(value):
        raise ValidationError(
            _("Un code postal compte 5 chiffres (par exemple 93100)."), code="invalid_postcode"
        )


def check_postcode_in_commune(postcode: str, commune) -> None:
    """Raise when the postcode does not belong to the commune (keyed on `postcode`)."""
    if postcode and commune is not None and commune.postcodes and postcode not in commune.postcodes:
        raise ValidationError(
            {
                "postcode": ValidationError(
                    _(
                        "Le code postal %(postcode)s ne correspond pas à %(commune)s "
                        "(codes possibles : %(expected)s)."
                    ),
                    code="postcode_commune_mismatch",
                    params={
                        "postcode": postcode,
                        "commune": commune.name,
                        "expected": ", ".join(commune.postcodes),
                    },
                )
            }
        )


ZONE_CODE_RE = re.compile(r"^(\d{2}|2A|2B|97\d|\d{5}|2A\d{3}|2B\d{3}|\d{9})$")


def validate_zone_code(value: str) -> None:
    """An eligibility zone code: département (2–3), commune INSEE (5) or EPCI SIREN (9)."""
    if not ZONE_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un code de territoire : indiquez un code INSEE de "
                "commune (93066), un SIREN d'EPCI (200057867) ou un département (93)."
            ),
            code="invalid_zone_code",
            params={"value": value},
        )
