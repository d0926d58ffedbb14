"""The gap map (steering/gaps.py, /pilotage/lacunes/): situations × communes where « Qui
appeler ? » has fewer than three relevant answers near enough, what people met, and the
search terms that found nothing."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import moderation
from core.models import DailyCounter
from directory.models import Status
from orientation.models import Situation
from orientation.ranking import Candidate, Need, Place
from steering import gaps
from tests.directory.factories import CommuneFactory, OrganisationFactory, ServiceFactory
from tests.feedback.factories import admin_of, moderator_of

URL = reverse("steering:gaps")
CSV_URL = reverse("steering:gaps_csv")


# --- The pure rules ------------------------------------------------------------------------
BONDY = Place("Bondy", 48.9022, 2.4828)
NEED = Need(thematiques=frozenset({"lien-social"}))


def candidate(**kwargs):
    values = {"key": 1, "name": "Visites", "thematiques": frozenset({"lien-social"})}
    return Candidate(**(values | kwargs))


def test_an_answer_counts_when_it_covers_the_commune_comes_home_or_stands_near():
    far = {"latitude": 48.95, "longitude": 2.20}  # about 21 km away
    assert gaps.is_near(BONDY, candidate(latitude=48.905, longitude=2.49), 5.0)
    assert not gaps.is_near(BONDY, candidate(**far), 5.0)
    assert gaps.is_near(BONDY, candidate(covers_place=True, **far), 5.0)
    assert gaps.is_near(BONDY, candidate(modes_accueil=frozenset({"a-domicile"}), **far), 5.0)
    assert not gaps.is_near(BONDY, candidate(), 5.0)  # no place known: nobody can tell


def test_only_answers_the_orientation_would_propose_are_counted():
    near = {"latitude": 48.905, "longitude": 2.49}
    proposed = [candidate(key=1, **near), candidate(key=2, covers_place=True)]
    not_proposed = [
        candidate(key=3, thematiques=frozenset({"sante"}), **near),  # nothing in common
        candidate(key=4, covers_place=False, **near),  # its zone leaves the commune out
    ]
    assert gaps.relevant_answers(NEED, BONDY, proposed + not_proposed, 5.0) == 2


# --- The page --------------------------------------------------------------------------------


def isolement():
    return Situation.objects.get(slug="isolement")


def service_for_isolement(commune, name, **kwargs):
    """A service « Qui appeler ? » proposes for isolement in `commune` (its zone names it)."""
    situation = isolement()
    organisation = OrganisationFactory(
        name=f"Structure {name}", typology=situation.typologies[0], commune=commune
    )
    return ServiceFactory(
        organisation=organisation,
        name=name,
        thematiques=situation.thematiques[:1],
        categories=[],
        publics=["tous-publics"],
        eligibility_zone=[commune.insee_code],
        **kwargs,
    )


def gap_rows(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {
        (row["gap"].situation.slug, row["gap"].commune.name): row["gap"].answers
        for row in response.context["rows"]
    }


@pytest.mark.django_db
def test_the_gap_map_lists_a_commune_left_without_answers_until_services_are_published_there(
    client, bondy, montreuil
):
    moderator = moderator_of("93")
    client.force_login(moderator)
    for name in ("Visites à Montreuil", "Café social", "Appels de convivialité"):
        service_for_isolement(montreuil, name)
    rows = gap_rows(client, situation="isolement")
    assert rows == {("isolement", "Bondy"): 0}

    drafts = [
        service_for_isolement(bondy, name, status=Status.DRAFT)
        for name in ("Visites à Bondy", "Atelier mémoire", "Repas partagés")
    ]
    assert gap_rows(client, situation="isolement") == {("isolement", "Bondy"): 0}
    for draft in drafts[:2]:
        moderation.publish(draft, moderator)
    assert gap_rows(client, situation="isolement") == {("isolement", "Bondy"): 2}

    moderation.publish(drafts[2], moderator)
    assert gap_rows(client, situation="isolement") == {}
    page = client.get(URL, {"situation": "isolement"}).content.decode()
    assert "Aucune lacune" in page


@pytest.mark.django_db
def test_a_gap_shows_names_a_suggestion_link_prefilled_and_the_moderation_queue(client, bondy):
    client.force_login(moderator_of("93"))
    response = client.get(URL, {"situation": "isolement", "commune": bondy.insee_code})
    page = response.content.decode()
    assert '<th scope="row" class="table-stack__heading">Isolement</th>' in page
    assert '<td data-label="Commune">Bondy</td>' in page
    assert reverse("moderation_queue") in page
    suggest_url = response.context["rows"][0]["suggest_url"]
    assert suggest_url.startswith(reverse("feedback:suggest"))

    form = client.get(suggest_url).context["form"]
    assert form.initial["commune"] == bondy
    assert form.initial["message"] == "Pour la situation « Isolement » : "


@pytest.mark.django_db
def test_a_moderator_of_the_93_never_sees_another_departements_communes(client, settings, bondy):
    settings.MAILLAGE_DEPARTEMENTS = ["93", "75"]
    CommuneFactory(
        insee_code="75056",
        name="Paris",
        slug="paris",
        postcodes=["75001"],
        departement_code="75",
        latitude=48.8566,
        longitude=2.3522,
    )
    client.force_login(moderator_of("93"))
    communes = {commune for _situation, commune in gap_rows(client, situation="isolement")}
    assert communes == {"Bondy"}
    response = client.get(URL, {"situation": "isolement", "commune": "75056"})
    assert "Choisissez une commune de votre territoire." in response.content.decode()
    assert "Paris" not in {row["gap"].commune.name for row in response.context["rows"]}
    assert "Paris" not in response.content.decode()
    exported = client.get(CSV_URL, {"situation": "isolement"}).content.decode("utf-8-sig")
    assert "Paris" not in exported and "Bondy" in exported

    client.force_login(moderator_of("75", email="moderation-paris@exemple.fr"))
    assert set(gap_rows(client, situation="isolement")) == {("isolement", "Paris")}

    admin = moderator_of("93", email="admin@exemple.fr")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    communes = {commune for _situation, commune in gap_rows(client, situation="isolement")}
    assert communes == {"Bondy", "Paris"}


@pytest.mark.django_db
def test_the_map_has_a_marker_per_commune_labelled_with_its_number_of_gaps(client, bondy):
    client.force_login(moderator_of("93"))
    response = client.get(URL, {"situation": "isolement"})
    assert response.context["points"] == [
        {
            "lat": round(bondy.latitude, 5),
            "lon": round(bondy.longitude, 5),
            "title": "Bondy : 1 situation avec moins de 3 réponses",
            "url": "",
            "target": "lacunes-bondy",
            "badge": "1",
            "tone": "many",
        }
    ]
    assert 'id="lacunes-bondy"' in response.content.decode()


@pytest.mark.django_db
def test_no_gap_and_no_empty_search_read_aucune_never_a_plural_zero(client, bondy):
    """French writes 0 in the singular, and the French source has no catalogue telling
    ngettext so: none is « aucune », never « 0 situations »."""
    for name in ("Visites à Bondy", "Atelier mémoire", "Repas partagés"):
        service_for_isolement(bondy, name)
    client.force_login(moderator_of("93"))
    response = client.get(URL, {"situation": "isolement"})
    page = response.content.decode()
    assert "aucune situation avec trop peu de réponses" in page
    assert "Aucune recherche sans résultat sur la période, sur tout le site." in page
    assert '<h2 id="table-titre">Aucune lacune</h2>' in page
    assert not re.search(r"\b0 (situations?|lacunes?|recherches?)\b", page)
    [point] = response.context["points"]
    assert point["title"] == "Bondy : aucune situation avec moins de 3 réponses"


@pytest.mark.django_db
def test_the_page_shows_how_often_people_met_a_gap_and_the_terms_that_found_nothing(client, bondy):
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=400)
    bondy_isolement = {"situation": "isolement", "commune": "93010"}
    for day, metric, dimensions, value in [
        (today, "orientation", {**bondy_isolement, "answers": "0"}, 5),
        (today, "orientation", {**bondy_isolement, "answers": "2"}, 2),
        (today, "orientation", {**bondy_isolement, "answers": "7"}, 9),
        (long_ago, "orientation", {**bondy_isolement, "answers": "0"}, 50),
        (today, "search_zero_result_term", {"term": "epicerie solidaire"}, 4),
        (long_ago, "search_zero_result_term", {"term": "terme oublie"}, 8),
        (today, "search_zero_result", {}, 11),
    ]:
        DailyCounter.objects.create(day=day, metric=metric, dimensions=dimensions, value=value)
    client.force_login(moderator_of("93"))
    response = client.get(URL, {"situation": "isolement"})
    [row] = response.context["rows"]
    assert (row["gap"].commune.name, row["gap"].met) == ("Bondy", 7)
    assert [(t.term, t.total) for t in response.context["terms"]] == [("epicerie solidaire", 4)]
    page = response.content.decode()
    assert "<td>epicerie solidaire</td><td>4</td>" in page
    assert "terme oublie" not in page
    assert "11 recherches sans résultat sur la période" in page

    start = (long_ago - datetime.timedelta(days=1)).isoformat()
    response = client.get(URL, {"situation": "isolement", "du": start, "au": today.isoformat()})
    assert response.context["rows"][0]["gap"].met == 57


@pytest.mark.django_db
def test_bad_dates_are_explained_and_the_page_still_answers(client, bondy):
    client.force_login(moderator_of("93"))
    response = client.get(URL, {"situation": "isolement", "du": "2026-05-01", "au": "2026-04-01"})
    assert response.status_code == 200
    assert "La date de début doit précéder la date de fin." in response.content.decode()
    assert response.context["end"] == timezone.localdate()
    response = client.get(URL, {"du": "hier"})
    assert "Saisissez une date valide" in response.content.decode()


@pytest.mark.django_db
def test_the_csv_export_has_the_filtered_table(client, bondy, montreuil):
    client.force_login(moderator_of("93"))
    response = client.get(CSV_URL, {"situation": "isolement", "commune": bondy.insee_code})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        [
            "Situation",
            "Commune",
            "Réponses trouvées",
            "Orientations avec trop peu de réponses (période)",
        ],
        ["Isolement", "Bondy", "0", "0"],
    ]


@pytest.mark.django_db
def test_the_counts_are_computed_once_per_directory_generation(client, bondy, monkeypatch):
    calls = []
    compute = gaps.compute_counts
    monkeypatch.setattr(gaps, "compute_counts", lambda *a, **k: calls.append(1) or compute(*a, **k))
    client.force_login(moderator_of("93"))
    client.get(URL)
    client.get(URL, {"situation": "isolement"})
    assert len(calls) == 1
    service_for_isolement(bondy, "Nouveau service")  # a save moves the generation on
    assert gap_rows(client, situation="isolement") == {("isolement", "Bondy"): 1}
    assert len(calls) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_anonymous_visitors_are_sent_to_login_and_partners_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]
    client.force_login(admin_of(OrganisationFactory()))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_page_reads_the_same_number_of_queries_whatever_the_number_of_gaps(
    client, bondy, montreuil, aubervilliers, bagnolet
):
    client.force_login(moderator_of("93"))
    client.get(URL)  # the counts are computed and cached
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, {"situation": "isolement"})
    assert len(response.context["rows"]) == 4
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"commune": bondy.insee_code})
    assert len(response.context["rows"]) > 10
    assert len(many) == len(few)
