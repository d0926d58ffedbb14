"""Validation of directory entries: clear French messages, normalised storage."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from directory.models import Organisation
from directory.quality import add_months, needs_update, organisation_quality
from directory.validators import normalize_phone
from directory.vocabularies import (
    CATEGORY_THEMATIQUES,
    THEMATIQUE_LABELS,
    Category,
    export_modes_accueil,
    thematiques_for,
)
from tests.directory.factories import CommuneFactory, OrganisationFactory, ServiceFactory


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("01 43 93 93 93", "+33143939393"),
        ("01.43.93.93.93", "+33143939393"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033143939393", "+33143939393"),
        ("3919", "3919"),
        ("", ""),
    ],
)
def test_phone_is_stored_in_e164(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.django_db
def test_invalid_phone_gets_a_french_message():
    organisation = OrganisationFactory.build(commune=CommuneFactory(), phone="01 43 93")
    assert "n'existe pas" in errors_of(organisation)["phone"][0]


@pytest.mark.django_db
def test_phone_saved_through_full_clean_is_e164():
    organisation = OrganisationFactory.build(commune=CommuneFactory(), phone="01 48 00 12 34")
    organisation.full_clean()
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.phone == "+33148001234"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("73282932000075", "clé de contrôle incorrecte"),
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "que des chiffres"),
    ],
)
def test_invalid_siret_messages(siret, message):
    organisation = OrganisationFactory.build(commune=CommuneFactory(), siret=siret)
    assert message in " ".join(errors_of(organisation)["siret"])


@pytest.mark.django_db
def test_valid_siret_is_normalised():
    organisation = OrganisationFactory.build(commune=CommuneFactory(), siret="732 829 320 00074")
    organisation.full_clean()
    assert organisation.siret == "73282932000074"


@pytest.mark.django_db
def test_postcode_must_belong_to_commune():
    commune = CommuneFactory(insee_code="93066", name="Saint-Denis", postcodes=["93200", "93210"])
    organisation = OrganisationFactory.build(commune=commune, postcode="93300")
    message = errors_of(organisation)["postcode"][0]
    assert "93300 ne correspond pas à Saint-Denis" in message
    assert "93200, 93210" in message
    organisation.postcode = "93210"
    organisation.full_clean()


@pytest.mark.django_db
def test_opening_hours_must_be_osm_syntax():
    organisation = OrganisationFactory.build(
        commune=CommuneFactory(), opening_hours="lundi au vendredi 9h-17h"
    )
    assert "format OpenStreetMap" in errors_of(organisation)["opening_hours"][0]


@pytest.mark.django_db
def test_finess_and_closure_dates():
    organisation = OrganisationFactory.build(
        commune=CommuneFactory(),
        finess="12345",
        closed_from="2026-03-10",
        closed_until="2026-03-01",
    )
    errors = errors_of(organisation)
    assert "9 caractères" in errors["finess"][0]
    assert "précède son début" in errors["closed_until"][0]


@pytest.mark.django_db
def test_source_ids_are_unique_per_source():
    commune = CommuneFactory()
    OrganisationFactory(commune=commune, source="finess", source_id="930000001")
    duplicate = OrganisationFactory.build(
        commune=commune, source="finess", source_id="930000001", slug="autre"
    )
    assert errors_of(duplicate)["__all__"]
    # Entries typed in the portal have no source: no constraint between them.
    OrganisationFactory(commune=commune, slug="a")
    OrganisationFactory(commune=commune, slug="b")
    assert Organisation.objects.filter(source="").count() == 2


@pytest.mark.django_db
def test_eligibility_zone_codes_are_checked_and_covers(saint_denis, montreuil):
    paris = CommuneFactory(insee_code="75056", departement_code="75", postcodes=["75001"])
    service = ServiceFactory(organisation=OrganisationFactory(commune=saint_denis))

    service.eligibility_zone = ["93066", "nimportequoi"]
    assert "n'est pas un code de territoire" in " ".join(errors_of(service)["eligibility_zone"])

    service.eligibility_zone = []  # the whole département of the organisation
    assert service.covers(montreuil) and not service.covers(paris)
    service.eligibility_zone = ["200057867"]  # Plaine Commune
    assert service.covers(saint_denis) and not service.covers(montreuil)
    service.eligibility_zone = ["93048"]
    assert service.covers(montreuil) and not service.covers(saint_denis)
    service.eligibility_zone = ["75"]
    assert service.covers(paris) and not service.covers(montreuil)


def test_every_category_maps_to_national_thematiques():
    assert set(CATEGORY_THEMATIQUES) == set(Category.values)
    for thematiques in CATEGORY_THEMATIQUES.values():
        assert thematiques and all(t in THEMATIQUE_LABELS for t in thematiques)
    assert thematiques_for(["sante-mentale"], ["sante--acces-aux-soins"]) == [
        "sante--acces-aux-soins",
        "sante--sante-mentale",
    ]


def test_at_home_is_exported_as_in_person():
    assert export_modes_accueil(["a-domicile"]) == ["en-presentiel"]
    assert export_modes_accueil(["a-distance", "a-domicile", "en-presentiel"]) == [
        "a-distance",
        "en-presentiel",
    ]


def test_freshness_dates():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert not needs_update(date(2026, 1, 10), "quarterly", date(2026, 4, 10))
    assert needs_update(date(2026, 1, 10), "quarterly", date(2026, 4, 11))


@pytest.mark.django_db
def test_quality_score_rewards_completeness_and_freshness():

    commune = CommuneFactory()
    full = OrganisationFactory.build(
        commune=commune,
        siret="73282932000074",
        website="https://exemple.fr",
        accessibility="Plain-pied.",
        latitude=48.9,
        longitude=2.3,
        typology="CCAS",
        description="Un centre communal d'action sociale qui accueille tous les habitants.",
        verified_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        update_frequency="yearly",
    )
    quality = organisation_quality(full, date(2026, 3, 2))
    assert quality.score == 100 and quality.missing == () and not quality.needs_update

    stale = organisation_quality(full, date(2027, 9, 1))  # half a period late
    assert stale.needs_update and 80 < stale.score < 100

    empty = OrganisationFactory.build(
        commune=None,
        phone="",
        email="",
        opening_hours="",
        description="",
        typology="",
        address="",
        postcode="",
        verified_at=datetime(2020, 1, 1, 12, tzinfo=UTC),
    )
    quality = organisation_quality(empty, date(2026, 3, 2))
    assert quality.score == 0
    assert "horaires" in quality.missing and "téléphone ou e-mail" in quality.missing
