"""Fixtures of the guides tests: three communes of Seine-Saint-Denis, published services of
one category in two of them (plus one restricted to a third), a guide index and a guide."""

import itertools

import pytest

from demo.home import ensure_home_page
from demo.home import load as load_home_demo
from directory.models import Commune, Organisation, OrganisationKind, Residence, Service
from directory.vocabularies import Category, Status
from guides.models import Audience, GuideIndexPage, GuidePage, Theme

_slugs = itertools.count(1)


def make_organisation(commune: Commune, name: str, **fields) -> Organisation:
    return Organisation.objects.create(
        name=name,
        slug=f"org-{next(_slugs)}",
        kind=fields.pop("kind", OrganisationKind.MEDICO_SOCIAL),
        commune=commune,
        status=fields.pop("status", Status.PUBLISHED),
        latitude=commune.latitude,
        longitude=commune.longitude,
        **fields,
    )


def make_service(organisation: Organisation, name: str, phone: str, **fields) -> Service:
    return Service.objects.create(
        organisation=organisation,
        name=name,
        slug=f"service-{next(_slugs)}",
        description=f"{name} : accueil, conseil et orientation.",
        categories=fields.pop("categories", [Category.ADAPTATION_LOGEMENT.value]),
        status=fields.pop("status", Status.PUBLISHED),
        phone=phone,
        **fields,
    )


@pytest.fixture
def services(montreuil, saint_denis, bobigny):
    """One adaptation service per commune; Bobigny's is for Bobigny's residents only."""
    return {
        "montreuil": make_service(
            make_organisation(montreuil, "CCAS de Montreuil"),
            "Point info autonomie de Montreuil",
            "01 48 70 60 00",
        ),
        "saint_denis": make_service(
            make_organisation(saint_denis, "Espace seniors de Saint-Denis"),
            "Conseil habitat seniors de Saint-Denis",
            "01 49 33 60 00",
        ),
        "bobigny": make_service(
            make_organisation(bobigny, "CLIC de Bobigny"),
            "Permanence adaptation du CLIC de Bobigny",
            "01 41 60 93 93",
            eligibility_zone=["93008"],
        ),
    }


@pytest.fixture
def site_settings(db):
    load_home_demo()


@pytest.fixture
def guide_index(db):
    home = ensure_home_page()
    index = GuideIndexPage.objects.first()
    if index is None:
        index = GuideIndexPage(title="Guides pratiques", slug="guides")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def contact_value(category=Category.ADAPTATION_LOGEMENT.value, **extra) -> dict:
    return {
        "title": "Qui appeler pour adapter son logement ?",
        "mode": "nearest",
        "category": category,
        "limit": 1,
        "service": None,
        "organisation": None,
        "note": "",
        **extra,
    }


def make_guide(index: GuideIndexPage, slug: str = "adapter-son-logement", **fields) -> GuidePage:
    body = fields.pop(
        "body",
        [
            {"type": "text", "value": "<p>Une barre d'appui évite bien des chutes.</p>"},
            {"type": "contact", "value": contact_value()},
        ],
    )
    guide = GuidePage(
        title=fields.pop("title", "Adapter son logement"),
        slug=slug,
        summary=fields.pop("summary", "Les aménagements utiles et qui appeler."),
        theme=fields.pop("theme", Theme.HOME_ADAPTATION),
        audiences=fields.pop("audiences", [Audience.OLDER_TENANTS]),
        **fields,
    )
    guide.body = body
    index.add_child(instance=guide)
    guide.save_revision().publish()
    guide.refresh_from_db()
    return guide


@pytest.fixture
def guide(guide_index):
    return make_guide(guide_index)


@pytest.fixture
def residence(montreuil):
    landlord = make_organisation(montreuil, "Est Habitat", kind=OrganisationKind.LANDLORD)
    return Residence.objects.create(
        landlord=landlord,
        name="Résidence des Lilas",
        slug="residence-des-lilas",
        address="12 rue des Lilas",
        commune=montreuil,
        postcode="93100",
    )
