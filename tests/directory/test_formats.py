"""`{% load formats %}`: what people read, written the same way on every page, PDF and email."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from tests.directory.factories import CommuneFactory


def render(source: str, **context) -> str:
    with translation.override("fr"):
        return Template("{% load formats %}" + source).render(Context(context))


def test_a_french_number_reads_in_national_format_and_dials_e164():
    html = render('<a href="tel:{{ n|phone_tel }}">{{ n|phone }}</a>', n="+33148845752")
    assert html == '<a href="tel:+33148845752">01 48 84 57 52</a>'
    assert render("{{ n|phone }} {{ n|phone_tel }}", n="3919") == "3919 3919"
    assert render("{{ n|phone_tel }}", n="01 48 84 57 52") == "+33148845752"


def test_opening_hours_read_in_plain_french():
    text = render("{{ h|hours }}", h="Mo-Su 07:00-21:00")
    assert text == "tous les jours de 7 h à 21 h"


@pytest.mark.django_db
def test_communes_read_by_their_names_never_their_insee_codes(montreuil, bagnolet):
    assert render("{{ codes|commune_names }}", codes=["93048", "93006"]) == "Montreuil, Bagnolet"
    assert render("{{ code|commune_name }}", code="93048") == "Montreuil"
    assert render("{{ c|commune_name }}", c=montreuil) == "Montreuil"
    assert render("{{ code|departement_name }}", code="974") == "La Réunion"


def test_dates_read_as_french_long_dates():
    assert render("{{ d|date_fr }}", d=date(2026, 5, 1)) == "1er mai 2026"
    assert render("{{ d|date_fr:False }}", d=date(2026, 12, 8)) == "8 décembre"
    # A moment is read in Paris time: 23:30 UTC on 31 December is already 1 January.
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert render("{{ d|date_fr }}", d=moment) == "1er janvier 2027"
    with pytest.raises(TemplateSyntaxError):
        render("{{ d|date_fr }}", d="2026-05-01")


@pytest.mark.django_db
def test_an_overseas_commune_and_its_departement_read_by_their_names():
    CommuneFactory(insee_code="97411", name="Saint-Denis", departement_code="974")
    assert render("{{ codes|commune_names }}", codes=["97411", "974"]) == "Saint-Denis, La Réunion"
