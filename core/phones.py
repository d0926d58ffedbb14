"""Phone numbers as people read them and as phones dial them.

Numbers are stored in E.164 (`+33143210000`) or as short numbers (`3919`, `115`). A person
reads the national format (`01 43 21 00 00`, never `+33…`); a `tel:` link dials E.164."""

import phonenumbers

REGION = "FR"


def _parse(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None


def phone_display(value: str | None) -> str:
    """`+33143210000` → `01 43 21 00 00`; a foreign number in international format
    (`+32 2 555 12 34`); a short number (`3919`) or anything unparsable as stored."""
    value = (value or "").strip()
    if not value:
        return ""
    number = _parse(value)
    if number is None or not phonenumbers.is_possible_number(number):
        return value
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_e164(value: str | None) -> str:
    """What a `tel:` link dials: E.164 for a full number (`+33143210000`), the digits of a
    short number (`3919`)."""
    value = (value or "").strip()
    if not value:
        return ""
    number = _parse(value)
    if number is None or not phonenumbers.is_possible_number(number):
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
