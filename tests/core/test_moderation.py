"""One moderation workflow for organisations, services, offers, premises and needs: territory
scope (list, open, publish, refuse), audit log of every transition, the preview of the exact
content from the one queue, moderation emails through the outbox, one index call per publish."""

import io
from email.header import decode_header, make_header

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from accounts.roles import MODERATORS_GROUP
from core import moderation
from directory.models import OrganisationKind
from notifications.models import Channel, Delivery, DeliveryStatus
from offers.vocabularies import Status
from search import indexing
from tests.accounts.factories import UserFactory
from tests.conftest import wait_until
from tests.directory.factories import OrganisationFactory, ServiceFactory, real_commune
from tests.offers.factories import (
    NeedFactory,
    OfferFactory,
    PremisesFactory,
    member_of,
)

KINDS = ["organisation", "service", "serviceoffer", "premises", "projectneed"]


def make_moderator(email, departements):
    user = UserFactory(email=email, moderated_departements=departements)
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


def build_world():
    """One submitted entry of every kind in the 93 (Montreuil), their authors, and a
    moderator of the 93 and one of the 75."""
    commune = real_commune("Montreuil")
    organisation = OrganisationFactory(
        name="Voisins Solidaires", commune=commune, postcode="93100", kind=OrganisationKind.ESS
    )
    landlord = OrganisationFactory(
        name="Bailleur Est", commune=commune, postcode="93100", kind=OrganisationKind.LANDLORD
    )
    holder = OrganisationFactory(
        name="Porteur Café", commune=commune, postcode="93100", kind=OrganisationKind.PROJECT_HOLDER
    )
    entries = {
        "organisation": organisation,
        "service": ServiceFactory(organisation=organisation, name="Visites à domicile"),
        "serviceoffer": OfferFactory(provider=organisation, title="Café des voisins"),
        "premises": PremisesFactory(landlord=landlord, title="Rez-de-chaussée Croix-de-Chavaux"),
        "projectneed": NeedFactory(organisation=holder, title="Café social du Bas-Montreuil"),
    }
    for entry in entries.values():
        type(entry).objects.filter(pk=entry.pk).update(status=Status.SUBMITTED)
        entry.refresh_from_db()
    return {
        "entries": entries,
        "admin": member_of(organisation, email="admin@voisins.example"),
        "landlord_admin": member_of(landlord, email="admin@bailleur.example"),
        "moderator": make_moderator("moderation93@exemple.fr", ["93"]),
        "other_moderator": make_moderator("moderation75@exemple.fr", ["75"]),
    }


@pytest.fixture
def world(db):
    return build_world()


def title_of(entry):
    return getattr(entry, "title", None) or entry.name


def preview_url(kind, entry):
    return reverse("moderation_preview", args=[kind, entry.pk])


@pytest.mark.parametrize("kind", KINDS)
def test_a_moderator_of_the_75_cannot_list_open_publish_or_refuse_an_entry_of_the_93(
    client, world, kind
):
    entry = world["entries"][kind]
    client.force_login(world["other_moderator"])
    queue = client.get(reverse("moderation_queue"))
    assert queue.status_code == 200
    assert title_of(entry) not in queue.text
    assert client.get(preview_url(kind, entry)).status_code == 404
    assert client.post(preview_url(kind, entry), {"action": "publish"}).status_code == 404
    refused = client.post(preview_url(kind, entry), {"action": "refuse", "reason": "Non."})
    assert refused.status_code == 404
    with pytest.raises(PermissionDenied):
        moderation.publish(entry, world["other_moderator"])
    with pytest.raises(PermissionDenied):
        moderation.refuse(entry, world["other_moderator"], "Non.")
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED
    assert not ModelLogEntry.objects.for_instance(entry).exists()


@pytest.mark.parametrize(("kind", "path"), [("locaux", "premises"), ("besoins", "projectneed")])
def test_old_offers_moderation_urls_do_not_let_a_moderator_of_the_75_publish_the_93(
    client, world, kind, path
):
    entry = world["entries"][path]
    client.force_login(world["other_moderator"])
    response = client.post(reverse("offers:moderate", args=[kind, entry.pk, "publier"]))
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


@pytest.mark.parametrize("kind", KINDS)
def test_the_93_moderator_lists_previews_and_publishes_each_kind(
    client, world, kind, django_capture_on_commit_callbacks
):
    entry = world["entries"][kind]
    client.force_login(world["moderator"])
    queue = client.get(reverse("moderation_queue"))
    assert title_of(entry) in queue.text
    assert preview_url(kind, entry) in queue.text
    preview = client.get(preview_url(kind, entry))
    assert preview.status_code == 200
    assert title_of(entry) in preview.text
    owner = moderation.registration_for(entry).owner(entry)
    assert owner.name in preview.text
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(preview_url(kind, entry), {"action": "publish"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED and entry.published_at
    log = ModelLogEntry.objects.for_instance(entry).get()
    assert (log.action, log.user) == (moderation.PUBLISH, world["moderator"])


def test_a_moderator_opens_a_submitted_premises_front_page_only_in_their_territory(client, world):
    premises = world["entries"]["premises"]
    url = reverse("offers:premises", args=[premises.pk])
    client.force_login(world["other_moderator"])
    assert client.get(url).status_code == 404
    client.force_login(world["moderator"])
    response = client.get(url)
    assert response.status_code == 200
    assert premises.title in response.text


def test_the_preview_shows_every_field_the_photos_and_who_submitted(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    from wagtail.models import Collection

    if not Collection.objects.exists():  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    settings.MEDIA_ROOT = tmp_path
    premises = world["entries"]["premises"]
    premises.status = Status.DRAFT
    premises.save()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.submit(premises, world["landlord_admin"])
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "hall.png"
    client.force_login(world["landlord_admin"])
    client.post(
        reverse("offers:add_photo", args=["locaux", premises.pk]),
        {"image": buffer, "alt_text": "Le hall vu de la rue"},
    )
    assert premises.photos.count() == 1
    client.force_login(world["moderator"])
    page = client.get(preview_url("premises", premises)).text
    assert "12 rue de la République" in page  # address
    assert "Bail associatif" in page or "bail associatif" in page.lower()  # occupation type
    assert 'alt="Le hall vu de la rue"' in page
    assert world["landlord_admin"].get_full_name() in page or world["landlord_admin"].email in page
    assert "Bailleur Est" in page


def test_the_preview_names_choices_and_communes_in_words_not_codes(client, world):
    offer = world["entries"]["serviceoffer"]
    commune = world["entries"]["premises"].commune
    offer.targets = ["residents", "bailleurs"]
    offer.coverage_communes = [commune.insee_code]
    offer.save()
    client.force_login(world["moderator"])
    page = client.get(preview_url("serviceoffer", offer)).text
    assert "Locataires, Bailleurs" in page
    assert "residents" not in page and "bailleurs," not in page
    assert commune.name in page and commune.insee_code not in page


def test_every_transition_is_in_the_audit_log_with_user_and_reason(
    world, django_capture_on_commit_callbacks
):
    premises = world["entries"]["premises"]
    moderator, author = world["moderator"], world["landlord_admin"]
    with django_capture_on_commit_callbacks(execute=False):
        with pytest.raises(moderation.TransitionError):
            moderation.refuse(premises, moderator, "   ")  # a reason is mandatory
        moderation.refuse(premises, moderator, "Ajoutez la surface de chaque lot.")
        moderation.submit(premises, author)
        moderation.publish(premises, moderator)
        moderation.archive(premises, author)
        with pytest.raises(moderation.TransitionError):
            moderation.refuse(premises, moderator, "Trop tard.")  # archived: not submitted
    rows = list(
        ModelLogEntry.objects.for_instance(premises)
        .order_by("timestamp", "pk")
        .values_list("action", "user_id", "data")
    )
    assert rows == [
        (moderation.REFUSE, moderator.pk, {"reason": "Ajoutez la surface de chaque lot."}),
        (moderation.SUBMIT, author.pk, {}),
        (moderation.PUBLISH, moderator.pk, {}),
        (moderation.ARCHIVE, author.pk, {}),
    ]
    assert all(entry.timestamp for entry in ModelLogEntry.objects.for_instance(premises))


def test_a_refusal_posted_without_reason_changes_nothing(client, world):
    need = world["entries"]["projectneed"]
    client.force_login(world["moderator"])
    response = client.post(preview_url("projectneed", need), {"action": "refuse", "reason": ""})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == Status.SUBMITTED
    assert not ModelLogEntry.objects.for_instance(need).exists()


def test_publishing_is_one_index_call_for_the_entry_and_one_per_dependent_service(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(indexing, "index_ids_now", lambda kind, ids: calls.append((kind, ids)))
    organisation = world["entries"]["organisation"]
    other = ServiceFactory(organisation=organisation, name="Permanence du jeudi")
    services = sorted([world["entries"]["service"].pk, other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        moderation.publish(organisation, world["moderator"])
    organisation_calls = [ids for kind, ids in calls if kind == "organisation"]
    service_calls = [ids for kind, ids in calls if kind == "service"]
    assert organisation_calls == [[organisation.pk]]
    assert len(service_calls) == 1 and sorted(service_calls[0]) == services

    calls.clear()
    premises = world["entries"]["premises"]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.publish(premises, world["moderator"])
    assert calls == [("premises", [premises.pk])]


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_submission_and_refusal_emails_go_through_the_outbox_exactly_once(
    celery_worker, smtp, client
):
    world = build_world()
    need = world["entries"]["projectneed"]
    holder_admin = member_of(need.organisation, email="porteur@cafe.example")
    need.status = Status.DRAFT
    need.save()

    moderation.submit(need, holder_admin)  # autocommit: the outbox rows are written with it
    (message,) = smtp.wait_for(1)
    assert message["X-Envelope-To"] == "moderation93@exemple.fr"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "[Maillage] Fiche à valider : Café social du Bas-Montreuil"

    with transaction.atomic():
        moderation.refuse(need, world["moderator"], "Précisez le budget.")
    messages = smtp.wait_for(2)
    assert [m["X-Envelope-To"] for m in messages[1:]] == ["porteur@cafe.example"]
    body = next(
        part.get_payload(decode=True).decode()
        for part in messages[1].walk()
        if part.get_content_type() == "text/plain"
    )
    assert "Précisez le budget." in body

    # A second submission is a new message (its own audit log row), not swallowed.
    moderation.submit(need, holder_admin)
    messages = smtp.wait_for(3)
    assert len(messages) == 3 and messages[2]["X-Envelope-To"] == "moderation93@exemple.fr"
    wait_until(
        lambda: not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists(),
        timeout=20,
    )
    emails = Delivery.objects.filter(channel=Channel.EMAIL)
    assert emails.count() == 3  # exactly once each, and never to the 75
    assert not Delivery.objects.filter(email="moderation75@exemple.fr").exists()
    # The refusal is in the holder's inbox too.
    client.force_login(holder_admin)
    inbox = client.get(reverse("notifications:inbox")).text
    assert "Café social du Bas-Montreuil" in inbox


def test_renaming_an_organisation_reindexes_its_published_offer_once(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """The offers app declares its entries as dependents of their organisation in the search
    registry: the organisation's save is their one trigger (no signal of its own)."""
    offer = world["entries"]["serviceoffer"]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.publish(offer, world["moderator"])
    calls = []
    monkeypatch.setattr(indexing, "index_ids_now", lambda kind, ids: calls.append((kind, ids)))
    organisation = world["entries"]["organisation"]
    organisation.name = "Voisins Solidaires de Montreuil"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert [ids for kind, ids in calls if kind == "offer"] == [[offer.pk]]
