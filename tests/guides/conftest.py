"""Fixtures of the guides tests: three communes of Seine-Saint-Denis, published services of
one category in two of them (plus one restricted to a third), a guide index and a guide."""

import itertools

import pytest

from demo.home import ensure_home_page
from demo.home import load as load_home_demo
from directory.models import Commune, Organisation, OrganisationKind, Residence, Service
from directory.vocabularies import Category, Status
from guides.models import GuideIndexPage, GuidePage
from tests.guides.factories import GuidePageFactory

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


def make_guide(index: GuideIndexPage, slug: str = "adapter-son-logement", **fields) -> GuidePage:
    """A published guide under `index` (see GuidePageFactory for the defaults)."""
    return GuidePageFactory(parent=index, slug=slug, **fields)


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
