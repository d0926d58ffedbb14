"""The fast path of the result page (orientation/candidates.py) gives the answers of the
reference (selection.orient) and forgets what changed; the page reads its form choices and
the glossary once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo import directory as demo_directory
from directory.models import Commune, Service
from orientation import candidates, glossary, selection
from orientation.models import Situation
from orientation.ranking import AgeGroup
from tests.accounts.factories import UserFactory
from tests.directory.factories import OrganisationFactory, ResidenceFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = reverse("orientation:index")
# A moment with seconds, on a weekday afternoon (some services open, some closed).
NOW = dt.datetime(2026, 3, 10, 15, 17, 42, tzinfo=dt.UTC)


def answers(results: dict) -> dict:
    """What a person sees, comparable: per situation, each service with its score, reasons
    and opening status."""
    return {
        situation: [(r.service.pk, r.ranked.score, r.ranked.reasons, r.status) for r in rows]
        for situation, rows in results.items()
    }


def both_paths(situations, commune, **kwargs):
    place = selection.place_for(commune)
    reference = selection.orient(situations, commune, place, now=NOW, **kwargs)
    fast = candidates.orient(situations, commune, place, now=NOW, **kwargs)
    again = candidates.orient(situations, commune, place, now=NOW, **kwargs)  # from memory
    return answers(reference), answers(fast), answers(again)


@pytest.fixture
def demo_directory_loaded():
    demo_directory.load()
    # Edge cases the demo lacks: a temporary closure, hours that cannot be parsed.
    closed = Service.objects.filter(organisation__typology="CCAS").order_by("pk").first()
    organisation = closed.organisation
    organisation.closed_from = NOW.date() - dt.timedelta(days=2)
    organisation.closed_until = NOW.date() + dt.timedelta(days=9)
    organisation.closure_message = "Travaux"
    organisation.save()
    Service.objects.filter(pk=closed.pk).update(opening_hours="n'importe quoi")


def test_every_situation_gets_the_same_answers_with_and_without_the_candidates_cache(
    demo_directory_loaded,
):
    situations = list(Situation.objects.all())
    communes = list(Commune.objects.filter(insee_code__in=["93008", "93048", "93071"]))
    assert len(communes) == 3
    for commune in communes:
        for age_group in ["", AgeGroup.UNDER_60.value, AgeGroup.FROM_75.value]:
            reference, fast, again = both_paths(situations, commune, age_group=age_group)
            assert fast == reference, (commune.name, age_group)
            assert again == reference, (commune.name, age_group)
            assert sum(map(len, reference.values())) > 0
        # The residence sheet's shape: every situation, two answers each.
        reference, fast, _again = both_paths(situations, commune, limit=2)
        assert fast == reference


def service_in(commune, name, **kwargs):
    situation = Situation.objects.get(slug="isolement")
    organisation = OrganisationFactory(
        name=f"Structure {name}", typology=situation.typologies[0], commune=commune
    )
    return ServiceFactory(
        organisation=organisation,
        name=name,
        thematiques=situation.thematiques[:1],
        categories=[],
        publics=["tous-publics"],
        **kwargs,
    )


def names(client, commune):
    response = client.get(URL, {"situation": "isolement", "commune": commune.insee_code})
    assert response.status_code == 200
    return [result.service.name for result in response.context["results"]]


def test_a_service_saved_after_a_page_was_served_shows_on_the_next_page(client, montreuil, bobigny):
    service_in(montreuil, "Visites de convivialité")
    assert names(client, montreuil) == ["Visites de convivialité"]

    added = service_in(montreuil, "Café social")
    assert sorted(names(client, montreuil)) == ["Café social", "Visites de convivialité"]

    added.eligibility_zone = [bobigny.insee_code]
    added.save()
    assert names(client, montreuil) == ["Visites de convivialité"]

    added.organisation.typology = "SAAD"
    added.organisation.save()
    added.eligibility_zone = [montreuil.insee_code]
    added.thematiques = []
    added.save()
    assert names(client, montreuil) == ["Visites de convivialité"]

    added.delete()
    assert names(client, montreuil) == ["Visites de convivialité"]


def test_a_change_that_sends_no_signal_shows_after_the_timeout(client, montreuil, monkeypatch):
    kept = service_in(montreuil, "Visites de convivialité")
    names(client, montreuil)
    # queryset.update() sends no signal (geocoding writes coordinates this way).
    Service.objects.filter(pk=kept.pk).update(name="Visites à domicile", eligibility_zone=["93008"])
    # The card is read afresh; the candidate (its zone) is kept until the timeout.
    assert names(client, montreuil) == ["Visites à domicile"]

    later = candidates.time.monotonic() + candidates.CANDIDATES_TIMEOUT + 1
    monkeypatch.setattr(candidates.time, "monotonic", lambda: later)
    assert names(client, montreuil) == []


def test_a_service_deleted_behind_the_cache_is_not_proposed(client, montreuil):
    service_in(montreuil, "Visites de convivialité")
    gone = service_in(montreuil, "Café social")
    assert len(names(client, montreuil)) == 2
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_servicetag WHERE content_object_id = %s", [gone.pk])
        cursor.execute("DELETE FROM directory_service WHERE id = %s", [gone.pk])
    assert names(client, montreuil) == ["Visites de convivialité"]


def test_the_gardiens_result_page_reads_situations_and_residences_once(client, montreuil, landlord):
    gardien = UserFactory()
    for index in range(3):
        residence = ResidenceFactory(
            landlord=landlord, commune=montreuil, name=f"Résidence {index}"
        )
        residence.gardiens.add(gardien)
    service_in(montreuil, "Visites de convivialité")
    client.force_login(gardien)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"situation": "isolement", "commune": "Montreuil"})
    assert response.status_code == 200
    assert "Résidence 2" in response.content.decode()
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [s for s in sql if s.startswith("DECLARE")]  # no server-side cursor per field
    assert len([s for s in sql if 'FROM "orientation_situation"' in s]) == 1
    residences = [s for s in sql if 'FROM "directory_residence"' in s]
    # The form reads them once; the menu's « Ma résidence » asks for at most two ids.
    assert len([s for s in residences if not s.rstrip().endswith("LIMIT 2")]) == 1


def test_a_result_page_reads_the_glossary_from_the_shared_cache_once(
    client, montreuil, monkeypatch
):
    for index in range(6):
        service_in(montreuil, f"Service {index}")
    reads = []
    real_get = glossary.cache.get

    def counting_get(key, *args, **kwargs):
        if key == glossary.CACHE_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(glossary.cache, "get", counting_get)
    assert len(names(client, montreuil)) == 6
    assert len(reads) == 1
    names(client, montreuil)
    assert len(reads) == 2  # each request reads them afresh
