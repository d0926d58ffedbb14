"""The contact block resolves, live, the nearest eligible published service for a commune."""

import pytest

from directory.vocabularies import Category, Status
from guides.contacts import ContactResolver, distance_km, nearest_services
from tests.guides.factories import contact_value

from .conftest import make_organisation, make_service


def test_distance_km_is_the_great_circle_distance():
    # Montreuil → Saint-Denis town halls: about 10 km.
    assert 9 < distance_km(48.8638, 2.4485, 48.9362, 2.3574) < 11
    assert distance_km(48.9, 2.4, 48.9, 2.4) == 0


@pytest.mark.django_db
def test_nearest_service_changes_with_the_commune(services, montreuil, saint_denis, bobigny):
    category = Category.ADAPTATION_LOGEMENT.value
    assert nearest_services(category, montreuil, 1) == [services["montreuil"]]
    assert nearest_services(category, saint_denis, 1) == [services["saint_denis"]]
    # Bobigny's own service is nearest for Bobigny, and for Bobigny only.
    assert nearest_services(category, bobigny, 1) == [services["bobigny"]]
    assert services["bobigny"] not in nearest_services(category, montreuil, 5)
    assert nearest_services(category, montreuil, 5) == [
        services["montreuil"],
        services["saint_denis"],
    ]


@pytest.mark.django_db
def test_unpublished_and_professional_only_services_are_never_shown(services, montreuil):
    category = Category.ADAPTATION_LOGEMENT.value
    services["montreuil"].status = Status.ARCHIVED
    services["montreuil"].save()
    assert nearest_services(category, montreuil, 1) == [services["saint_denis"]]
    services["saint_denis"].contact_is_professional_only = True
    services["saint_denis"].save()
    assert nearest_services(category, montreuil, 1) == []


@pytest.mark.django_db
def test_services_of_another_departement_are_not_eligible(montreuil):
    from directory.models import Commune

    paris = Commune.objects.create(
        insee_code="75056",
        name="Paris",
        slug="paris",
        departement_code="75",
        latitude=48.8566,
        longitude=2.3522,
    )
    make_service(make_organisation(paris, "Maison des aînés"), "Accueil Paris", "01 40 00 00 01")
    assert nearest_services(Category.ADAPTATION_LOGEMENT.value, montreuil, 5) == []


@pytest.mark.django_db
def test_resolver_formats_entries_and_remembers_their_versions(services, montreuil):
    resolver = ContactResolver(commune=montreuil)
    [entry] = resolver.resolve(contact_value())
    assert entry.name == "Point info autonomie de Montreuil"
    assert entry.organisation == "CCAS de Montreuil"
    assert entry.phone == "01 48 70 60 00"
    assert entry.phone_href == "tel:+33148706000"
    assert entry.distance_km is not None and entry.distance_km < 1
    service = services["montreuil"]
    fingerprint = resolver.source_fingerprint()
    assert f"directory.Service:{service.pk}:{service.updated_at.isoformat()}" in fingerprint
    assert any(item.startswith("directory.Organisation:") for item in fingerprint)


@pytest.mark.django_db
def test_chosen_service_and_organisation(services, montreuil):
    resolver = ContactResolver(commune=montreuil)
    chosen = services["saint_denis"]
    [entry] = resolver.resolve(contact_value(mode="chosen", service=chosen))
    assert entry.name == chosen.name
    organisation = services["bobigny"].organisation
    organisation.phone = "01 41 60 00 00"
    organisation.save()
    [entry] = resolver.resolve(contact_value(mode="chosen", organisation=organisation))
    assert entry.name == "CLIC de Bobigny" and entry.phone == "01 41 60 00 00"
    # An archived chosen service disappears instead of showing stale data.
    chosen.status = Status.ARCHIVED
    chosen.save()
    assert (
        ContactResolver(commune=montreuil).resolve(contact_value(mode="chosen", service=chosen))
        == []
    )
