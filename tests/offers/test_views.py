"""Front-office pages: filters, pagination, query counts, permissions (404 for what belongs to
another organisation), contact requests and the moderation flow."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from directory.models import OrganisationKind
from notifications.models import Channel, Delivery
from offers import services
from offers.models import ContactRequest, Match, Premises, ProjectNeed
from offers.vocabularies import ContactRequestStatus, Status
from tests.directory.factories import real_commune

from .factories import (
    NeedFactory,
    OfferFactory,
    OrganisationFactory,
    PremisesFactory,
    ResidenceFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def test_offer_list_filters_paginates_and_keeps_queries_flat(client, django_assert_max_num_queries):
    real_commune("Montreuil")
    for _ in range(15):
        OfferFactory()
    OfferFactory(title="Petits travaux chez les seniors", offer_type="petits-travaux")
    OfferFactory(title="Brouillon caché", status=Status.DRAFT)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("offers:home"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 16
    assert len(response.context["page"].object_list) == 12
    assert "Brouillon caché" not in response.content.decode()
    response = client.get(reverse("offers:home"), {"offer_type": "petits-travaux"})
    assert [o.title for o in response.context["page"]] == ["Petits travaux chez les seniors"]
    # A bad value is a French form error, never a 500.
    response = client.get(reverse("offers:home"), {"family": "nimporte"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_premises_list_filters_by_rent_and_accessibility(client, django_assert_max_num_queries):
    real_commune("Montreuil")
    PremisesFactory(title="Accessible", status=Status.PUBLISHED)
    PremisesFactory(title="Cher", rent=3000, status=Status.PUBLISHED)
    PremisesFactory(title="Étage sans ascenseur", pmr_accessible=False, status=Status.PUBLISHED)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("offers:premises_list"), {"rent_max": 1000, "pmr": "on"})
    assert [p.title for p in response.context["page"]] == ["Accessible"]


def test_drafts_needs_matches_and_requests_of_others_are_404(client):
    real_commune("Montreuil")
    holder = OrganisationFactory()
    alice = member_of(holder)
    intruder = member_of(OrganisationFactory())
    need = NeedFactory(organisation=holder, status=Status.DRAFT)
    premises = PremisesFactory(status=Status.PUBLISHED)
    published_need = NeedFactory(organisation=holder)
    match = Match.objects.create(need=published_need, premises=premises, score=80)
    offer = OfferFactory()
    landlord_member = member_of(premises.landlord)
    member_of(offer.provider)
    contact = services.send_contact_request(
        offer=offer, organisation=premises.landlord, user=landlord_member, message="Bonjour"
    )
    client.force_login(intruder)
    assert client.get(reverse("offers:need", args=[need.pk])).status_code == 404
    assert client.get(reverse("offers:manage", args=["besoins", need.pk])).status_code == 404
    assert client.get(reverse("offers:edit", args=["besoins", need.pk])).status_code == 404
    assert client.get(reverse("offers:match", args=[match.pk])).status_code == 404
    assert client.get(reverse("offers:contact_request", args=[contact.pk])).status_code == 404
    assert (
        client.post(reverse("offers:transition", args=["besoins", need.pk, "cloturer"])).status_code
        == 404
    )
    inbox_entry = Delivery.objects.filter(recipient__isnull=False, channel=Channel.INBOX).first()
    assert inbox_entry is not None
    Delivery.objects.filter(pk=inbox_entry.pk).update(status="sent")
    assert client.post(reverse("notifications:open", args=[inbox_entry.pk])).status_code == 404
    assert client.get(reverse("offers:matches")).context["page"].paginator.count == 0
    # The owner sees all of it.
    client.force_login(alice)
    assert client.get(reverse("offers:need", args=[need.pk])).status_code == 200
    assert client.get(reverse("offers:match", args=[match.pk])).status_code == 200


def test_opening_a_match_changes_nothing_marking_it_seen_is_a_post(client):
    real_commune("Montreuil")
    need = NeedFactory()
    premises = PremisesFactory(status=Status.PUBLISHED)
    match = Match.objects.create(need=need, premises=premises, score=80)
    client.force_login(member_of(need.organisation))
    url = reverse("offers:match", args=[match.pk])
    page = client.get(url)
    assert page.status_code == 200
    match.refresh_from_db()
    assert match.need_side_status == "new" and match.premises_side_status == "new"
    html = page.content.decode()
    assert "Marquer comme vue" in html
    assert '<option value="new" selected>Nouvelle</option>' in html
    response = client.post(reverse("offers:match_status", args=[match.pk]), {"status": "seen"})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.need_side_status == "seen" and match.premises_side_status == "new"
    assert "Marquer comme vue" not in client.get(url).content.decode()


def test_partner_creates_submits_and_moderator_publishes_a_need(client):
    holder = OrganisationFactory(commune=real_commune("Montreuil"))  # the need's territory: the 93
    person = member_of(holder)
    other = OrganisationFactory()
    client.force_login(person)
    data = {
        "organisation": other.pk,  # forged: not one of the user's organisations
        "title": "Café social",
        "project_type": "cafe-social",
        "description": "Un lieu pour rompre l'isolement.",
        "usages": ["reunions"],
        "surface_min": 150,
        "surface_max": 80,
        "zone_communes": ["93048"],
        "start_date": "2026-03-01",
    }
    response = client.post(reverse("offers:create", args=["besoins"]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "organisation" in errors
    assert errors["surface_max"] == ["La surface maximale est inférieure à la minimale."]
    data.update(organisation=holder.pk, surface_min=80, surface_max=150)
    response = client.post(reverse("offers:create", args=["besoins"]), data)
    need = ProjectNeed.objects.get()
    assert response.status_code == 302
    assert need.status == Status.DRAFT
    client.post(reverse("offers:transition", args=["besoins", need.pk, "soumettre"]))
    need.refresh_from_db()
    assert need.status == Status.SUBMITTED
    # Partners cannot moderate; moderators of the need's territory can.
    assert client.get(reverse("offers:moderation")).status_code == 404
    from django.contrib.auth.models import Group

    moderator = member_of(
        OrganisationFactory(kind=OrganisationKind.PUBLIC_BODY), moderated_departements=["93"]
    )
    moderator.groups.add(Group.objects.get_or_create(name="Modérateurs")[0])
    client.force_login(moderator)
    queue = client.get(reverse("offers:moderation"), follow=True)  # the one queue
    assert "Café social" in queue.content.decode()
    client.post(reverse("offers:moderate", args=["besoins", need.pk, "publier"]))
    need.refresh_from_db()
    assert need.status == Status.PUBLISHED and need.published_at is not None


def test_landlord_contacts_an_association_which_answers(client):
    real_commune("Montreuil")
    real_commune("Saint-Denis")
    offer = OfferFactory()
    association = member_of(offer.provider, email="asso@exemple.org")
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    manager = member_of(landlord, email="gestion@exemple.org")
    own = ResidenceFactory(landlord=landlord)
    foreign = ResidenceFactory()
    client.force_login(manager)
    url = reverse("offers:offer", args=[offer.pk])
    response = client.post(
        url, {"requester_organisation": landlord.pk, "residence": foreign.pk, "message": "Bonjour"}
    )
    assert "residence" in response.context["form"].errors
    response = client.post(
        url,
        {
            "requester_organisation": landlord.pk,
            "residence": own.pk,
            "message": "Bonjour",
            "desired_start": "2026-04-01",
        },
    )
    assert response.status_code == 302
    contact = ContactRequest.objects.get()
    assert Delivery.objects.filter(recipient=association, kind="contact_request").count() == 2
    # The landlord cannot answer its own request.
    assert client.get(reverse("offers:contact_request", args=[contact.pk])).context["form"] is None
    client.force_login(association)
    answer = reverse("offers:contact_request", args=[contact.pk])
    response = client.post(answer, {"status": "date_proposed", "message": "Volontiers"})
    assert response.context["form"].errors["proposed_date"] == [
        "Indiquez la date que vous proposez."
    ]
    client.post(
        answer, {"status": "date_proposed", "message": "Volontiers", "proposed_date": "2026-04-15"}
    )
    contact.refresh_from_db()
    assert contact.status == ContactRequestStatus.DATE_PROPOSED
    assert Delivery.objects.filter(recipient=manager, kind="contact_reply").count() == 2


def _png(size=(20, 20)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def test_photos_are_raster_only_and_capped(client, settings, tmp_path):
    from wagtail.models import Collection

    if not Collection.objects.exists():  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    settings.MEDIA_ROOT = tmp_path
    real_commune("Montreuil")
    premises = PremisesFactory()
    client.force_login(member_of(premises.landlord))
    url = reverse("offers:add_photo", args=["locaux", premises.pk])
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    svg.name = "dessin.svg"
    response = client.post(url, {"image": svg, "alt_text": "Un dessin"}, follow=True)
    assert premises.photos.count() == 0
    assert "image" in response.content.decode().lower()
    for index in range(10):
        client.post(url, {"image": _png(), "alt_text": f"Vue {index}"})
    assert premises.photos.count() == 10
    response = client.post(url, {"image": _png(), "alt_text": "Une de trop"}, follow=True)
    assert premises.photos.count() == 10
    assert "10 photos au plus." in response.content.decode()


def test_header_shows_unread_count_with_one_query(client, django_assert_num_queries):
    real_commune("Montreuil")
    holder = OrganisationFactory()
    person = member_of(holder)
    NeedFactory(organisation=holder)
    premises = PremisesFactory(status=Status.PUBLISHED)
    services.match_premises(premises.pk)
    Delivery.objects.update(status="sent")
    client.force_login(person)
    response = client.get(reverse("offers:home"))
    assert "1 non lue" in response.content.decode()
    client.logout()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from notifications.context_processors import unread_notifications

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {"notifications_unread": 0}


def test_premises_close_automatically_after_their_date():
    real_commune("Montreuil")
    from datetime import date

    expired = PremisesFactory(status=Status.PUBLISHED, auto_close_on=date(2026, 1, 1))
    current = PremisesFactory(status=Status.PUBLISHED)
    assert services.close_expired(today=date(2026, 2, 1)) == 1
    assert Premises.objects.get(pk=expired.pk).status == Status.CLOSED
    assert Premises.objects.get(pk=current.pk).status == Status.PUBLISHED


def test_saving_an_entry_tells_what_happens_next(client):
    """A published offer stays online when edited: the message must not ask to submit it."""
    offer = OfferFactory(title="Café social")
    client.force_login(member_of(offer.provider))
    url = reverse("offers:edit", args=["offres", offer.pk])
    data = {
        "provider": offer.provider_id,
        "title": "Café social du jeudi",
        "family": offer.family,
        "offer_type": offer.offer_type,
        "description": offer.description,
        "pricing_model": "gratuit",
    }
    expected = {
        Status.PUBLISHED: "les modifications sont en ligne",
        Status.SUBMITTED: "attend la relecture",
        Status.DRAFT: "Soumettez-la pour publication",
    }
    for status, message in expected.items():
        type(offer).objects.filter(pk=offer.pk).update(status=status)
        response = client.post(url, data, follow=True)
        assert response.redirect_chain[-1][0] == reverse("offers:manage", args=["offres", offer.pk])
        page = response.content.decode()
        assert message in page
        assert ("Soumettez-la" in page) == (status == Status.DRAFT)
        offer.refresh_from_db()
        assert (offer.title, offer.status) == ("Café social du jeudi", status)


def test_a_field_in_error_tells_screen_readers_its_help_and_its_error(client):
    """The shared field component (components/field.html, FORM_RENDERER) links the widget to
    its help text and its errors: the offers forms used to show them unlinked."""
    real_commune("Montreuil")
    holder = OrganisationFactory()
    client.force_login(member_of(holder))
    response = client.post(
        reverse("offers:create", args=["besoins"]),
        {"organisation": holder.pk, "title": "Café social", "budget_max": "-5"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    budget = re.search(r'<input[^>]+name="budget_max"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in budget
    described = re.search(r'aria-describedby="([^"]+)"', budget).group(1).split()
    assert described == ["id_budget_max_helptext", "id_budget_max_error"]
    assert '<div class="helptext" id="id_budget_max_helptext">Vide : pas de plafond.</div>' in page
    assert re.search(r'<ul class="errorlist" id="id_budget_max_error">\s*<li>', page)
