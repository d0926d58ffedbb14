"""Phone numbers: a person reads the national format, a `tel:` link dials E.164."""

import pytest

from core.phones import phone_display, phone_e164


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+33143939393", "01 43 93 93 93"),
        ("+33612345678", "06 12 34 56 78"),
        ("01 43 56 22 42", "01 43 56 22 42"),
        ("+3225551234", "+32 2 555 12 34"),
        ("3919", "3919"),
        ("115", "115"),
        ("", ""),
        (None, ""),
        ("pas un numéro", "pas un numéro"),
    ],
)
def test_a_person_reads_a_french_number_in_national_format(stored, shown):
    assert phone_display(stored) == shown


@pytest.mark.parametrize(
    ("stored", "dialled"),
    [
        ("+33143939393", "+33143939393"),
        ("01 43 56 22 42", "+33143562242"),
        ("3919", "3919"),
        ("", ""),
    ],
)
def test_a_tel_link_dials_e164_or_the_short_number(stored, dialled):
    assert phone_e164(stored) == dialled
