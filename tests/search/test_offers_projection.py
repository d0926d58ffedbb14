"""The marketplace in search: ESS offers and vacant premises for everyone, project needs for
professionals only; drafts, refused, closed and expired entries never; through the real
moderation services, the real PostgreSQL backend and the real search page."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import moderation
from directory.models import Membership, MembershipRole, OrganisationKind
from offers import services
from offers.vocabularies import Status
from search.models import SearchDocument
from search.query import SearchQuery, search
from search.registry import get_projection, kind_labels
from tests.offers.factories import (
    NeedFactory,
    OfferFactory,
    OrganisationFactory,
    PremisesFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def _kinds(**query):
    return {(h.kind, h.title) for h in search(SearchQuery(**query)).hits}


def _site_admin():
    admin = UserFactory(is_superuser=True)
    admin.save()
    return admin


def _publish(entry, capture):
    """Submit then publish as a moderator would, committing (indexing runs on commit)."""
    admin = _site_admin()
    with capture(execute=True):
        moderation.submit(entry, admin)
        moderation.publish(entry, admin)


@pytest.fixture
def communes(montreuil, bagnolet, saint_denis):
    return {"montreuil": montreuil, "bagnolet": bagnolet, "saint_denis": saint_denis}


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_kinds_are_registered_with_french_labels():
    assert get_projection("offer").model.__name__ == "ServiceOffer"
    assert get_projection("premises").model.__name__ == "Premises"
    assert get_projection("need").model.__name__ == "ProjectNeed"
    labels = {kind: str(label) for kind, label in kind_labels().items()}
    assert labels["offer"] == "Offre de l'ESS"
    assert labels["premises"] == "Local disponible"
    assert labels["need"] == "Besoin de local"


def test_published_offer_is_found_by_its_words_with_kind_facets(communes, capture):
    offer = OfferFactory(
        title="Ateliers tablette pour seniors",
        description="Prise en main des démarches en ligne, en petits groupes bienveillants.",
        offer_type="ateliers-numeriques",
        family="quotidien",
        coverage_communes=["93006"],
        pricing_model="gratuit",
        status=Status.DRAFT,
    )
    assert not SearchDocument.objects.filter(kind="offer").exists()
    _publish(offer, capture)

    results = search(SearchQuery(text="démarches bienveillants"))
    assert [(h.kind, h.object_id) for h in results.hits] == [("offer", str(offer.pk))]
    hit = results.hits[0]
    assert str(hit.kind_label) == "Offre de l'ESS"
    assert hit.url == offer.get_absolute_url()
    assert hit.commune_code == "93006" and hit.commune_name == "Bagnolet"
    assert (hit.latitude, hit.longitude) == (48.8692, 2.4183)  # Bagnolet's centroid
    assert "numerique--maitriser-les-fondamentaux-du-numerique" in hit.thematiques
    assert hit.categories == ["offer:ateliers-numeriques"]
    assert hit.frais == ["gratuit"]
    assert hit.visibility == "public"
    assert hit.extra["organisation"] == offer.provider.name
    facets = {f.value: f for f in results.facets["kind"]}
    assert facets["offer"].count == 1 and str(facets["offer"].label) == "Offre de l'ESS"
    category = {f.value: f for f in results.facets["category"]}["offer:ateliers-numeriques"]
    assert str(category.label) == "Ateliers numériques"
    # The title's words and the type's label find it too; the kind filter keeps it.
    assert ("offer", offer.title) in _kinds(text="tablette", kinds=("offer",))
    assert ("offer", offer.title) in _kinds(text="ateliers numériques")
    assert not _kinds(text="tablette", kinds=("premises",))
    document = SearchDocument.objects.get(kind="offer", object_id=str(offer.pk))
    assert document.updated_at == offer.updated_at


def test_department_wide_offer_sits_at_its_provider(communes, capture):
    provider = OrganisationFactory(kind=OrganisationKind.ESS, commune=communes["saint_denis"])
    offer = OfferFactory(provider=provider, title="Portage de repas solidaire", status="draft")
    _publish(offer, capture)
    document = SearchDocument.objects.get(kind="offer", object_id=str(offer.pk))
    assert (document.commune_code, document.latitude) == ("93066", 48.9362)
    assert "Tout le département (Seine-Saint-Denis)" in document.body


def test_drafts_submitted_and_refused_entries_are_not_found(communes, capture):
    with capture(execute=True):
        draft = OfferFactory(title="Conciergerie brouillon", status=Status.DRAFT)
        submitted = OfferFactory(title="Conciergerie soumise", status=Status.DRAFT)
        admin = _site_admin()
        moderation.submit(submitted, admin)
        refused = OfferFactory(title="Conciergerie refusée", status=Status.DRAFT)
        moderation.submit(refused, admin)
        moderation.refuse(refused, admin, "Précisez les tarifs.")
        PremisesFactory(title="Local conciergerie en brouillon")
    assert not _kinds(text="conciergerie")
    assert not SearchDocument.objects.filter(kind__in=["offer", "premises"]).exists()
    assert draft.pk and submitted.pk


def test_refusing_after_an_edit_or_closing_or_deleting_removes_the_document(communes, capture):
    offer = OfferFactory(
        title="Café social du kiosque", description="Chaque mardi.", status=Status.DRAFT
    )
    _publish(offer, capture)
    assert _kinds(text="café kiosque") == {("offer", "Café social du kiosque")}

    # A partner edits the published offer: the document follows.
    offer.title = "Café social du jardin"
    with capture(execute=True):
        offer.save()
    assert _kinds(text="jardin") == {("offer", "Café social du jardin")}
    assert not _kinds(text="kiosque")

    # Closing (unpublishing) takes it out.
    with capture(execute=True):
        services.close(offer)
    assert not _kinds(text="jardin")
    assert not SearchDocument.objects.filter(kind="offer").exists()

    # Published again, then deleted: gone too.
    offer.status = Status.DRAFT
    offer.save()
    _publish(offer, capture)
    assert _kinds(text="jardin")
    with capture(execute=True):
        offer.delete()
    assert not SearchDocument.objects.filter(kind="offer").exists()


def test_premises_are_found_near_their_commune_within_the_radius(communes, client, capture):
    premises = PremisesFactory(
        title="Rez-de-chaussée lumineux",
        description="Ancienne loge, vitrine sur rue, idéal pour une permanence.",
        commune=communes["montreuil"],
        total_surface=85,
        free_of_charge=True,
        rent=None,
        charges=None,
    )
    _publish(premises, capture)
    document = SearchDocument.objects.get(kind="premises", object_id=str(premises.pk))
    assert (document.latitude, document.longitude) == (48.8611, 2.4436)  # Montreuil's centroid
    assert document.frais == ["gratuit"] and document.categories == ["premises:local-associatif"]

    # Bagnolet's centre is about 2.1 km from Montreuil's; Saint-Denis's about 10.5 km.
    near = client.get(URL, {"q": "vitrine", "pres_de": "93006", "rayon": "5", "tri": "distance"})
    assert near.status_code == 200
    hits = near.context["results"].hits
    assert [(h.kind, h.object_id) for h in hits] == [("premises", str(premises.pk))]
    assert 2.0 < hits[0].distance_km < 3.0
    html = near.content.decode()
    assert '<span class="badge">Local disponible</span>' in html
    assert "Rez-de-chaussée lumineux" in html

    far = client.get(URL, {"q": "vitrine", "pres_de": "93066", "rayon": "5"})
    assert far.status_code == 200
    assert far.context["results"].hits == []
    # The commune facet and the kind filter work without words too.
    by_commune = client.get(URL, {"commune": "93048", "type": "premises"})
    assert [h.object_id for h in by_commune.context["results"].hits] == [str(premises.pk)]


def test_expired_premises_are_not_indexed_and_the_daily_close_removes_them(communes, capture):
    today = timezone.localdate()
    expired = PremisesFactory(title="Local expiré", available_until=today - timedelta(days=1))
    _publish(expired, capture)
    assert not SearchDocument.objects.filter(kind="premises", object_id=str(expired.pk)).exists()

    ending = PremisesFactory(title="Local qui ferme bientôt", auto_close_on=today + timedelta(1))
    _publish(ending, capture)
    assert SearchDocument.objects.filter(kind="premises", object_id=str(ending.pk)).exists()
    with capture(execute=True):
        assert services.close_expired(today=today + timedelta(days=2)) == 2
    assert not SearchDocument.objects.filter(kind="premises").exists()


def test_needs_are_for_professionals_only(communes, client, capture):
    need = NeedFactory(
        title="Tiers-lieu intergénérationnel",
        description="Un lieu de rencontres entre voisins de tous âges.",
        project_type="tiers-lieu",
        audiences=["personnes-agees", "familles"],
        zone_communes=["93048"],
        status=Status.DRAFT,
    )
    _publish(need, capture)
    document = SearchDocument.objects.get(kind="need", object_id=str(need.pk))
    assert document.visibility == "professional"
    assert document.publics == ["familles", "seniors"]
    assert document.commune_code == "93048"

    # A visitor finds nothing, on the page and in autocomplete.
    visitor = client.get(URL, {"q": "intergénérationnel"})
    assert visitor.status_code == 200
    assert visitor.context["results"].hits == []
    assert "Tiers-lieu intergénérationnel" not in visitor.content.decode()
    suggest = client.get("/recherche/suggest", {"q": "intergén"})
    assert suggest.json()["suggestions"] == []

    # A landlord's member finds it, marked as reserved to professionals.
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    user = UserFactory()
    user.save()
    Membership.objects.create(user=user, organisation=landlord, role=MembershipRole.ADMIN)
    client.force_login(user)
    pro = client.get(URL, {"q": "intergénérationnel"})
    assert [h.object_id for h in pro.context["results"].hits] == [str(need.pk)]
    html = pro.content.decode()
    assert '<span class="badge">Besoin de local</span>' in html
    assert "Réservé aux professionnels" in html


def test_offers_and_premises_are_public_for_visitors(communes, client, capture):
    offer = OfferFactory(title="Petits travaux solidaires", status=Status.DRAFT)
    premises = PremisesFactory(title="Atelier solidaire en pied d'immeuble")
    _publish(offer, capture)
    _publish(premises, capture)
    response = client.get(URL, {"q": "solidaire"})
    assert response.status_code == 200
    found = {(h.kind, h.visibility) for h in response.context["results"].hits}
    assert found == {("offer", "public"), ("premises", "public")}
    html = response.content.decode()
    assert '<span class="badge">Offre de l&#x27;ESS</span>' in html


def test_renaming_the_organisation_refreshes_its_documents(communes, capture):
    offer = OfferFactory(title="Aller-vers les locataires isolés", status=Status.DRAFT)
    _publish(offer, capture)
    provider = offer.provider
    provider.name = "Association Les Voisins Solidaires"
    with capture(execute=True):
        provider.save()
    document = SearchDocument.objects.get(kind="offer", object_id=str(offer.pk))
    assert document.extra["organisation"] == "Association Les Voisins Solidaires"
    assert ("offer", offer.title) in _kinds(text="voisins solidaires")


def test_search_reindex_includes_the_marketplace(communes, capsys):
    OfferFactory(title="Contact téléphonique régulier")
    PremisesFactory(title="Bureau disponible", status=Status.PUBLISHED, published_at=timezone.now())
    NeedFactory(title="Épicerie solidaire", start_date=date(2026, 3, 1))
    OfferFactory(title="Brouillon", status=Status.DRAFT)
    SearchDocument.objects.all().delete()
    call_command("search_reindex")
    out = capsys.readouterr().out
    assert "offer" in out and "premises" in out and "need" in out
    assert dict(
        SearchDocument.objects.filter(kind__in=["offer", "premises", "need"])
        .values_list("kind", "title")
        .order_by("kind")
    ) == {
        "need": "Épicerie solidaire",
        "offer": "Contact téléphonique régulier",
        "premises": "Bureau disponible",
    }
