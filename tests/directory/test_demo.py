"""The demo directory: idempotent, large enough, covering every typology and category."""

import pytest

from demo import accounts as accounts_demo
from demo import directory as demo
from demo import gardiens as demo_gardiens
from directory.models import Commune, ItineraryStop, Organisation, Residence, Service
from directory.vocabularies import Category, Status, Typology


def counts():
    return (
        Commune.objects.count(),
        Organisation.objects.count(),
        Service.objects.count(),
        ItineraryStop.objects.count(),
        Residence.objects.count(),
    )


@pytest.mark.django_db
def test_demo_loads_twice_to_the_same_directory():
    demo.load()
    first = counts()
    slugs = set(Service.objects.values_list("slug", flat=True))
    demo.load()
    assert counts() == first
    assert set(Service.objects.values_list("slug", flat=True)) == slugs

    communes, organisations, services, stops, residences = first
    assert communes == 39
    assert organisations >= 150
    assert services >= 300
    assert stops > 0
    assert residences >= 20

    # Every commune has organisations; every typology and category is represented.
    assert not Commune.objects.filter(organisations__isnull=True).exists()
    assert set(Typology.values) <= set(Organisation.objects.values_list("typology", flat=True))
    used = {c for row in Service.objects.values_list("categories", flat=True) for c in row}
    assert set(Category.values) <= used
    # Everything is published, with some professional-only and at-home services.
    assert not Organisation.objects.exclude(status=Status.PUBLISHED).exists()
    assert not Service.objects.exclude(status=Status.PUBLISHED).exists()
    assert Service.objects.filter(contact_is_professional_only=True).exists()
    assert Service.objects.filter(reception_modes__contains=["a-domicile"]).exists()
    # Phones are stored in E.164.
    assert all(p.startswith("+331") for p in Organisation.objects.values_list("phone", flat=True))
    # The foundation's organisations keep their slugs (demo accounts use them).
    for name, _kind, _insee in demo.DEMO_ORGANISATIONS:
        assert Organisation.objects.filter(name=name).exists()


@pytest.mark.django_db
def test_demo_gardien_is_attached_to_a_residence_of_their_landlord():
    demo.load()
    accounts_demo.load()
    demo_gardiens.load()
    demo_gardiens.load()
    residence = Residence.objects.get(gardiens__email=demo.GARDIEN_EMAIL)
    assert residence.landlord.slug == "seine-saint-denis-habitat"


@pytest.mark.django_db
def test_every_demo_residence_has_its_landlords_contacts_some_for_tenants():
    demo.load()
    demo.load()
    for residence in Residence.objects.prefetch_related("referents"):
        referents = list(residence.referents.all())
        assert len(referents) == len(demo.DEMO_REFERENTS), residence.name
        assert {r.is_public for r in referents} == {True, False}
        for referent in referents:
            referent.full_clean()
            assert referent.phone.startswith("+331")
