"""Landlords' calls for services: the pure scoring, the one-time notice to matching providers
through the real worker, who sees and edits what, and the closing at the date."""

import time
from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import moderation
from directory.models import OrganisationKind
from notifications import sending
from notifications.models import Channel, Delivery, DeliveryStatus
from offers import service_calls
from offers.call_matching import CallFacts, OfferFacts, best_offer_per_provider, evaluate_call
from offers.models import ServiceCall, ServiceCallAnswer, ServiceCallMatch
from offers.vocabularies import OfferFamily, Status
from tests.conftest import wait_until

from .factories import OfferFactory, OrganisationFactory, ResidenceFactory, UserFactory, member_of

TODAY = date(2026, 12, 7)


def facts(**overrides) -> CallFacts:
    values = {
        "id": 1,
        "family": OfferFamily.SOCIAL_COHESION,
        "audience": frozenset({"residents"}),
        "commune_codes": frozenset({"93048", "93066"}),
        "departement": "93",
        "period_start": date(2027, 1, 1),
        "period_end": date(2027, 6, 30),
    }
    values.update(overrides)
    return CallFacts(**values)


def offer(**overrides) -> OfferFacts:
    values = {
        "id": 10,
        "provider_id": 100,
        "family": OfferFamily.SOCIAL_COHESION,
        "targets": frozenset({"residents"}),
        "coverage_communes": frozenset(),
        "coverage_departement": "93",
    }
    values.update(overrides)
    return OfferFacts(**values)


# --- Pure scoring ------------------------------------------------------------------------------


def test_an_offer_of_the_family_covering_every_commune_scores_100_with_its_reasons():
    evaluation = evaluate_call(facts(), offer(), TODAY)
    assert evaluation.is_match and evaluation.score == 100
    assert [r.code for r in evaluation.reasons] == ["family", "coverage", "audience", "period"]
    texts = [str(r) for r in evaluation.reasons]
    assert "famille : Vivre ensemble et cohésion sociale" in texts
    assert "couvre 2 commune(s) sur 2" in texts
    assert "public commun : Locataires" in texts
    assert "période du 01/01/2027 au 30/06/2027" in texts


def test_an_offer_covering_half_the_communes_scores_less_and_says_so():
    evaluation = evaluate_call(facts(), offer(coverage_communes=frozenset({"93048"})), TODAY)
    assert evaluation.is_match and evaluation.score == 80
    assert "couvre 1 commune(s) sur 2" in [str(r) for r in evaluation.reasons]


def test_an_offer_of_another_family_elsewhere_for_another_audience_fails_each_constraint():
    evaluation = evaluate_call(
        facts(),
        offer(
            family=OfferFamily.DAILY_LIFE,
            coverage_communes=frozenset({"93010"}),
            targets=frozenset({"bailleurs"}),
        ),
        TODAY,
    )
    assert evaluation.failed == ("family", "territory", "audience")


def test_a_call_whose_period_has_ended_matches_nothing():
    evaluation = evaluate_call(facts(period_end=TODAY - timedelta(days=1)), offer(), TODAY)
    assert evaluation.failed == ("period",)


def test_an_offer_without_audience_fits_half_on_audience():
    evaluation = evaluate_call(facts(), offer(targets=frozenset()), TODAY)
    assert evaluation.is_match and evaluation.score == 90


def test_a_call_without_commune_asks_for_its_departement():
    call = facts(commune_codes=frozenset())
    assert evaluate_call(call, offer(coverage_departement="75"), TODAY).failed == ("territory",)
    assert evaluate_call(call, offer(), TODAY).score == 100
    assert evaluate_call(call, offer(coverage_communes=frozenset({"93048"})), TODAY).score == 80


def test_each_provider_is_counted_once_with_its_best_offer():
    best = best_offer_per_provider(
        facts(),
        [
            offer(id=11, coverage_communes=frozenset({"93048"})),
            offer(id=12),
            offer(id=13, provider_id=200, family=OfferFamily.DAILY_LIFE),
        ],
        TODAY,
    )
    assert list(best) == [100]
    assert best[100][0].id == 12


# --- Announcement through the real worker ------------------------------------------------------


def make_call(landlord, **overrides) -> ServiceCall:
    values = {
        "landlord": landlord,
        "title": "Animation du hall des Ruffins",
        "description": "Un café social mensuel dans le hall.",
        "family": OfferFamily.SOCIAL_COHESION,
        "audience": ["residents"],
        "communes": ["93048"],
        "period_start": date(2027, 1, 1),
        "period_end": date(2027, 6, 30),
        "closes_on": timezone.localdate() + timedelta(days=10),
        "status": Status.SUBMITTED,
    }
    values.update(overrides)
    return ServiceCall.objects.create(**values)


def admin() -> User:
    user = User.objects.filter(is_superuser=True).first()
    if user is None:
        user = UserFactory(is_superuser=True)
        user.save()
    return user


def announced(pk: int) -> bool:
    return ServiceCall.objects.filter(pk=pk, announced_at__isnull=False).exists()


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_published_call_notifies_the_matching_providers_exactly_once(celery_worker, smtp):
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur de l'Est")
    member_of(landlord, email="bailleur@exemple.org")
    matching = OrganisationFactory(kind=OrganisationKind.ESS, name="Café des voisins")
    member_of(matching, email="voisins@exemple.org")
    OfferFactory(provider=matching)
    OfferFactory(provider=matching, coverage_communes=["93048"])  # two offers, one notice
    other_family = OrganisationFactory(kind=OrganisationKind.ESS)
    member_of(other_family, email="quotidien@exemple.org")
    OfferFactory(provider=other_family, family=OfferFamily.DAILY_LIFE)
    elsewhere = OrganisationFactory(kind=OrganisationKind.ESS)
    member_of(elsewhere, email="ailleurs@exemple.org")
    OfferFactory(provider=elsewhere, coverage_communes=["93066"])
    call = make_call(landlord)

    moderation.publish(call, admin())

    messages = smtp.wait_for(1)
    assert wait_until(lambda: announced(call.pk))
    assert [m["X-Envelope-To"] for m in messages] == ["voisins@exemple.org"]
    subject = str(make_header(decode_header(messages[0]["Subject"])))
    assert (
        subject
        == "[Maillage] Appel à services de Bailleur de l'Est : « Animation du hall des Ruffins »"
    )
    assert list(ServiceCallMatch.objects.values_list("provider_id", flat=True)) == [matching.pk]
    # Each delivery is its own task: the inbox one may land after the email.
    inbox = Delivery.objects.filter(channel=Channel.INBOX, status=DeliveryStatus.SENT)
    assert wait_until(inbox.exists)
    assert list(inbox.values_list("recipient__email", flat=True)) == ["voisins@exemple.org"]

    # Published again (after an edit), and the task re-run by hand: nothing more is sent.
    call.refresh_from_db()
    call.status = Status.SUBMITTED
    call.save()
    moderation.publish(call, admin())
    assert wait_until(lambda: announced(call.pk))
    assert service_calls.announce_call(call.pk) == 0
    sending.sweep_pending(older_than_seconds=0)
    time.sleep(1.5)
    assert len(smtp.messages) == 1
    assert Delivery.objects.count() == 2
    assert ServiceCallMatch.objects.count() == 1


# --- Permissions and closing -------------------------------------------------------------------


@pytest.fixture
def published_call(db, montreuil):
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    call = make_call(landlord, status=Status.PUBLISHED, published_at=timezone.now())
    return call


def test_only_the_landlords_members_see_every_answer_and_a_provider_only_its_own(
    client, published_call
):
    landlord_member = member_of(published_call.landlord)
    first, second = (OrganisationFactory(kind=OrganisationKind.ESS) for _ in range(2))
    first_member, second_member = member_of(first), member_of(second)
    service_calls.answer_call(
        published_call, provider=first, user=first_member, message="Réponse des premiers"
    )
    service_calls.answer_call(
        published_call,
        provider=second,
        user=second_member,
        message="Réponse des seconds",
        proposed_price=250,
    )
    outsider = member_of(OrganisationFactory(kind=OrganisationKind.LANDLORD))
    url = reverse("offers:service_call", kwargs={"pk": published_call.pk})

    client.force_login(landlord_member)
    page = client.get(url).content.decode()
    assert "Réponse des premiers" in page and "Réponse des seconds" in page

    client.force_login(first_member)
    page = client.get(url).content.decode()
    assert "Réponse des premiers" in page and "Réponse des seconds" not in page

    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert "Réponse des" not in page


def test_a_provider_answers_in_the_portal_and_amends_its_answer(client, published_call):
    provider = OrganisationFactory(kind=OrganisationKind.ESS)
    person = member_of(provider)
    client.force_login(person)
    url = reverse("offers:service_call", kwargs={"pk": published_call.pk})
    for message in ("Nous pouvons venir", "Nous pouvons venir le mardi"):
        response = client.post(
            url,
            {"provider": provider.pk, "message": message, "proposed_price": "120", "terms": ""},
        )
        assert response.status_code == 302
    answer = ServiceCallAnswer.objects.get()
    assert answer.message == "Nous pouvons venir le mardi" and answer.provider == provider


def test_a_provider_cannot_answer_in_the_name_of_another_organisation(client, published_call):
    mine = OrganisationFactory(kind=OrganisationKind.ESS)
    other = OrganisationFactory(kind=OrganisationKind.ESS)
    client.force_login(member_of(mine))
    url = reverse("offers:service_call", kwargs={"pk": published_call.pk})
    response = client.post(url, {"provider": other.pk, "message": "Usurpation"})
    assert response.status_code == 200
    assert not ServiceCallAnswer.objects.exists()
    with pytest.raises(PermissionDenied):
        service_calls.answer_call(
            published_call, provider=published_call.landlord, user=None, message="x"
        )


def test_only_the_landlords_members_edit_the_call(client, published_call):
    edit = reverse("offers:edit", kwargs={"kind": "appels", "pk": published_call.pk})
    client.force_login(member_of(OrganisationFactory(kind=OrganisationKind.ESS)))
    assert client.get(edit).status_code == 404
    client.force_login(member_of(published_call.landlord))
    assert client.get(edit).status_code == 200


def test_a_landlord_creates_a_call_with_its_own_residences_only(client, montreuil):
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    mine = ResidenceFactory(landlord=landlord)
    theirs = ResidenceFactory()
    client.force_login(member_of(landlord))
    data = {
        "landlord": landlord.pk,
        "title": "Ateliers numériques",
        "description": "Des ateliers pour les locataires âgés.",
        "family": OfferFamily.DAILY_LIFE,
        "audience": ["residents"],
        "period_start": "2027-01-01",
        "closes_on": "2027-01-15",
    }
    url = reverse("offers:create", kwargs={"kind": "appels"})
    response = client.post(url, {**data, "residences": [theirs.pk]})
    assert response.status_code == 200 and not ServiceCall.objects.exists()
    response = client.post(url, {**data, "residences": [mine.pk]})
    assert response.status_code == 302
    call = ServiceCall.objects.get()
    assert call.status == Status.DRAFT and list(call.residences.all()) == [mine]


def test_calls_close_after_their_closing_date_and_take_no_more_answers(published_call):
    today = timezone.localdate()
    published_call.closes_on = today
    published_call.save()
    assert service_calls.close_due_calls(today) == 0  # open through its closing day
    provider = OrganisationFactory(kind=OrganisationKind.ESS)
    assert service_calls.close_due_calls(today + timedelta(days=1)) == 1
    published_call.refresh_from_db()
    assert published_call.status == Status.CLOSED and published_call.closed_at
    with pytest.raises(ValidationError):
        service_calls.answer_call(published_call, provider=provider, user=None, message="Tard")
    assert not ServiceCallAnswer.objects.exists()


def test_the_open_calls_list_is_for_logged_in_partners(client, published_call):
    url = reverse("offers:service_calls")
    assert client.get(url).status_code == 302
    client.force_login(member_of(OrganisationFactory(kind=OrganisationKind.ESS)))
    assert published_call.title in client.get(url).content.decode()


def test_the_landlord_reads_the_providers_found_with_their_reasons_and_answers(
    client, published_call
):
    found = OrganisationFactory(kind=OrganisationKind.ESS, name="Café des voisins")
    OfferFactory(provider=found, title="Café social mobile", coverage_communes=["93048"])
    silent = OrganisationFactory(kind=OrganisationKind.ESS, name="Jardins partagés")
    OfferFactory(provider=silent, title="Jardinage en pied d'immeuble")
    assert service_calls.announce_call(published_call.pk) == 2
    service_calls.answer_call(
        published_call,
        provider=found,
        user=member_of(found),
        message="Nous pouvons venir chaque mardi.",
        proposed_price=180,
    )
    url = reverse("offers:service_call_matches", kwargs={"pk": published_call.pk})

    client.force_login(member_of(published_call.landlord))
    page = client.get(url).content.decode()
    assert "Café des voisins" in page and "Café social mobile" in page
    assert "Jardins partagés" in page and "Pas encore de réponse" in page
    assert "couvre 1 commune(s) sur 1" in page  # the reasons, in the reader's language
    assert "famille : " in page
    assert "Nous pouvons venir chaque mardi." in page and "180" in page

    # A provider found for the call, and any other partner, get a 404.
    client.force_login(member_of(found))
    assert client.get(url).status_code == 404
    client.force_login(member_of(OrganisationFactory(kind=OrganisationKind.LANDLORD)))
    assert client.get(url).status_code == 404
