"""The public list of calls with its filters, a call's page, and /recherche/ finding it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import moderation
from funding.models import CallKind, Status
from tests.offers.factories import UserFactory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    now = timezone.now()
    return {
        "open": CallFactory(
            title="AMI tiers-lieux solidaires",
            kind=CallKind.AMI,
            themes=["lien-social"],
            status=Status.PUBLISHED,
            amount_min=5000,
            amount_max=20000,
        ),
        "fund": CallFactory(
            title="Fonds numérique inclusif",
            kind=CallKind.FUND,
            themes=["numerique"],
            status=Status.PUBLISHED,
        ),
        "closed": CallFactory(
            title="Appel clos en 2025",
            status=Status.CLOSED,
            deadline=now - timedelta(days=3),
        ),
        "draft": CallFactory(title="Brouillon confidentiel", status=Status.DRAFT),
    }


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_open_calls_by_default_and_filters_by_theme_kind_and_state(client, calls):
    page = text(client.get("/appels-a-projets/"))
    assert "AMI tiers-lieux solidaires" in page and "Fonds numérique inclusif" in page
    assert "Appel clos" not in page and "Brouillon confidentiel" not in page

    page = text(client.get("/appels-a-projets/", {"theme": "numerique"}))
    assert "Fonds numérique inclusif" in page and "AMI tiers-lieux" not in page
    page = text(client.get("/appels-a-projets/", {"type": "ami"}))
    assert "AMI tiers-lieux" in page and "Fonds numérique" not in page
    page = text(client.get("/appels-a-projets/", {"etat": "clotures"}))
    assert "Appel clos en 2025" in page and "Clôturé" in page
    assert "AMI tiers-lieux" not in page


def test_a_call_page_shows_its_deadline_amount_and_link_and_drafts_are_not_found(client, calls):
    call = calls["open"]
    page = text(client.get(call.get_absolute_url()))
    assert "AMI tiers-lieux solidaires" in page
    assert "de 5000 € à 20000 €" in page
    assert "(heure de Paris)" in page
    assert call.link in page
    assert "Lien social et isolement" in page
    assert client.get(calls["draft"].get_absolute_url()).status_code == 404


def test_search_finds_a_published_call_and_not_a_draft(client, django_capture_on_commit_callbacks):
    call = CallFactory(title="Appel à projets jardins partagés", status=Status.SUBMITTED)
    draft = CallFactory(title="Jardins partagés brouillon", status=Status.DRAFT)
    admin = UserFactory(is_superuser=True)
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.publish(call, admin)
        draft.save()
    page = text(client.get("/recherche/", {"q": "jardins partagés"}))
    assert "Appel à projets jardins partagés" in page
    assert "Jardins partagés brouillon" not in page
