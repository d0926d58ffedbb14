"""Opening hours in plain words on every page, PDF and poster: a visitor reads « du lundi au
jeudi de 8 h 30 à 12 h 30, fermé les jours fériés », never « Mo-Th 08:30-12:30; PH off »."""

import re
from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from demo.directory_content import HOURS_AT_HOME, HOURS_HELPLINE, OPENING_HOURS
from directory.hours_field import OSM_MONTHS
from directory.opening import hours_in_words, periods_in_words
from tests.directory.factories import OrganisationFactory

# What the imports bring (tests/directory/fixtures) and the demo's itinerary stops.
IMPORTED = {
    "Mo-Fr 08:30-12:00,13:30-17:00; PH off": (
        "du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h, fermé les jours fériés"
    ),
    "Tu,Th 14:00-18:00": "mardi et jeudi de 14 h à 18 h",
    "Mo 09:30-12:00": "lundi de 9 h 30 à 12 h",
    "We 14:00-17:00": "mercredi de 14 h à 17 h",
    "Fr 09:30-12:30": "vendredi de 9 h 30 à 12 h 30",
}
DEMO = {
    OPENING_HOURS[0]: (
        "du lundi au vendredi de 9 h à 12 h et de 13 h 30 à 17 h, fermé les jours fériés"
    ),
    OPENING_HOURS[1]: (
        "du lundi au jeudi de 8 h 30 à 12 h 30 et de 13 h 30 à 17 h 30, "
        "vendredi de 8 h 30 à 12 h 30, fermé les jours fériés"
    ),
    OPENING_HOURS[2]: (
        "lundi, mardi, jeudi et vendredi de 9 h à 12 h 30 et de 14 h à 17 h 30, "
        "mercredi de 9 h à 12 h 30, fermé les jours fériés"
    ),
    OPENING_HOURS[3]: (
        "mardi et jeudi de 14 h à 17 h, samedi de 10 h à 12 h, fermé les jours fériés"
    ),
    OPENING_HOURS[4]: "du lundi au vendredi de 9 h à 17 h, fermé les jours fériés",
    HOURS_AT_HOME: "tous les jours de 7 h à 21 h",
    HOURS_HELPLINE: "du lundi au vendredi de 9 h à 18 h, fermé les jours fériés",
}
EXAMPLES = {
    "Mo-Th 08:30-12:30; PH off": "du lundi au jeudi de 8 h 30 à 12 h 30, fermé les jours fériés",
    "Mo-Fr 09:00-12:00,13:30-17:00": "du lundi au vendredi de 9 h à 12 h et de 13 h 30 à 17 h",
    "Tu,Th 14:00-17:00; Sa 10:00-12:00": "mardi et jeudi de 14 h à 17 h, samedi de 10 h à 12 h",
    "24/7": "tous les jours, 24 h/24",
    "Mo-Su 00:00-24:00": "tous les jours, 24 h/24",
    "Mo-Fr 00:00-24:00": "du lundi au vendredi, 24 h/24",
    "Mo-Su 07:00-21:00": "tous les jours de 7 h à 21 h",
    "Sa-Su 10:00-18:00": "samedi et dimanche de 10 h à 18 h",
    "Mo-We,Fr 09:00-12:00": "du lundi au mercredi et vendredi de 9 h à 12 h",
    "Mo-Fr 09:00-12:00,13:00-15:00,16:00-18:00": (
        "du lundi au vendredi de 9 h à 12 h, de 13 h à 15 h et de 16 h à 18 h"
    ),
    'Mo-Fr 09:00-12:00 "sur rendez-vous"': "du lundi au vendredi de 9 h à 12 h (sur rendez-vous)",
    "Mo-Fr 09:00-17:00; PH 10:00-12:00": (
        "du lundi au vendredi de 9 h à 17 h, les jours fériés de 10 h à 12 h"
    ),
    "off": "fermé",
}
UNKNOWN = "à confirmer auprès du service"
IRREGULAR = "variables selon la période, à confirmer auprès du service"
OSM_SYNTAX = re.compile(r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)\b|\d\d:\d\d")


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.mark.parametrize(("expression", "words"), {**DEMO, **IMPORTED, **EXAMPLES}.items())
def test_a_visitor_reads_opening_hours_in_words(expression, words):
    assert hours_in_words(expression) == words


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("n'importe quoi", UNKNOWN),
        ("Mo-Fr 25:00-26:99", UNKNOWN),
        # A CSV cell cut in the middle (tests/directory/fixtures/generic_93.csv).
        ("Mo-Fr 09:00-17:00;Visites de co", UNKNOWN),
        ("Jun-Aug Mo-Fr 10:00-12:00", IRREGULAR),
        ("week 1-53/2 Mo 10:00-12:00", IRREGULAR),
        ("Mo-Fr 09:00-17:00; Mo-Fr unknown", IRREGULAR),
    ],
)
def test_hours_that_cannot_be_said_simply_ask_to_check_never_show_the_syntax(expression, words):
    assert hours_in_words(expression) == words
    assert not OSM_SYNTAX.search(hours_in_words(expression))


@pytest.mark.parametrize("expression", ["", "   ", None])
def test_no_hours_say_nothing(expression):
    assert hours_in_words(expression) == ""


def test_in_english_days_and_times_are_english():
    with translation.override("en"):
        words = hours_in_words("Mo-Th 08:30-12:30; PH off")
    assert "Monday" in words and "Thursday" in words and "8:30" in words
    assert "lundi" not in words


def test_the_template_filter_says_the_hours_in_words():
    template = Template("{% load formats %}{{ hours|hours }}")
    rendered = template.render(Context({"hours": "Mo-Th 08:30-12:30; PH off"}))
    assert rendered == "du lundi au jeudi de 8 h 30 à 12 h 30, fermé les jours fériés"


# --- Public holidays and dated periods written by the hours editor ------------------------------
WINTER_2026 = date(2026, 12, 7)
PERIODS = {
    "Mo-Fr 09:00-17:00; 2027 Jul 01-2027 Aug 31 Mo-Fr 09:00-12:00; PH off; "
    "2026 Dec 24-2027 Jan 01 off": (
        "du lundi au vendredi de 9 h à 17 h, fermé les jours fériés. "
        "Du 24 décembre au 1er janvier : fermé. "
        "Du 1er juillet au 31 août : du lundi au vendredi de 9 h à 12 h, "
        "les autres jours aux horaires habituels"
    ),
    "Mo-Fr 09:00-17:00; PH 09:00-12:00": (
        "du lundi au vendredi de 9 h à 17 h, les jours fériés de 9 h à 12 h"
    ),
    "Tu,Th 14:00-17:00; 2027 Jul 01-2027 Aug 31 10:00-12:00,14:00-16:00; PH off; "
    "2026 Dec 24-2026 Dec 24 off; 2028 May 08-2028 May 12 off": (
        "mardi et jeudi de 14 h à 17 h, fermé les jours fériés. Le 24 décembre : fermé. "
        "Du 1er juillet au 31 août : tous les jours de 10 h à 12 h et de 14 h à 16 h. "
        "Du 8 mai 2028 au 12 mai 2028 : fermé"
    ),
    # A period already over is not said any more.
    "Mo-Fr 09:00-17:00; PH off; 2026 Nov 02-2026 Nov 06 off": (
        "du lundi au vendredi de 9 h à 17 h, fermé les jours fériés"
    ),
}


@pytest.mark.parametrize(("expression", "words"), PERIODS.items())
def test_a_visitor_reads_holidays_closures_and_summer_hours_in_words(expression, words):
    said = hours_in_words(expression, today=WINTER_2026)
    assert said == words
    assert not OSM_SYNTAX.search(said)


FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def in_french(day):
    return f"{'1er' if day.day == 1 else day.day} {FRENCH_MONTHS[day.month - 1]}"


@pytest.mark.django_db
def test_an_organisation_sheet_announces_its_coming_closure_in_words(client, saint_denis):
    start = timezone.localdate() + timedelta(days=20)
    end = start + timedelta(days=9)
    closure = "-".join(
        f"{day.year} {OSM_MONTHS[day.month - 1]} {day.day:02d}" for day in (start, end)
    )
    hours = f"Mo-Fr 09:00-17:00; PH off; {closure} off"
    assert periods_in_words(hours) == [f"Du {in_french(start)} au {in_french(end)} : fermé"]
    organisation = OrganisationFactory(commune=saint_denis, postcode="93200", opening_hours=hours)
    text = client.get(organisation.get_absolute_url()).text
    assert f"Du {in_french(start)} au {in_french(end)} : fermé" in text
    assert closure not in text
