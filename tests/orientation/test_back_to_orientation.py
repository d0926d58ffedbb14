"""« Retour à l'orientation » from a call sheet shows the same answers: situation and commune
travel in the links' query string, nothing is stored about the tenant."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from orientation.models import Situation

from .test_orientation import URL, result_names, service_for

pytestmark = pytest.mark.django_db


def test_back_to_orientation_keeps_the_situation_and_the_commune(client, montreuil):
    situation = Situation.objects.get(slug="isolement")
    service = service_for(situation, montreuil, "Visites de convivialité")
    answers = client.get(URL, {"situation": "isolement", "commune": "Montreuil"})
    assert result_names(answers) == ["Visites de convivialité"]

    sheet_link = re.search(
        rf'href="({reverse("orientation:call_sheet", args=[service.slug])}[^"]*)"',
        answers.content.decode(),
    ).group(1)
    sheet = client.get(unescape(sheet_link)).content.decode()
    back = re.search(r'href="([^"]*)">Retour à l&#x27;orientation<', sheet)
    back = back or re.search(r'href="([^"]*)">Retour à l\'orientation<', sheet)
    back_url = unescape(back.group(1))
    assert urlsplit(back_url).path == URL
    assert parse_qs(urlsplit(back_url).query) == {
        "situation": ["isolement"],
        "commune": ["Montreuil"],
    }

    again = client.get(back_url)
    assert again.status_code == 200
    assert again.context["commune"] == montreuil
    assert again.context["situation"] == situation
    assert result_names(again) == ["Visites de convivialité"]
    assert "sessionid" not in client.cookies  # nothing kept server-side about the tenant


def test_a_call_sheet_opened_without_answers_goes_back_to_the_empty_form(client, montreuil):
    situation = Situation.objects.get(slug="isolement")
    service = service_for(situation, montreuil, "Visites de convivialité")
    sheet = client.get(reverse("orientation:call_sheet", args=[service.slug])).content.decode()
    assert f'href="{URL}">Retour à l' in sheet
