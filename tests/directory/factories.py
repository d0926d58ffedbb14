"""Factories of the directory: communes, organisations, services, itinerary stops, residences.

Organisations and services are published by default (what visitors see); pass
`status=Status.DRAFT` for drafts. A real commune of the 93 comes from `real_commune()`, which
reads the demo's commune file (the one source of names, postcodes, EPCI and centroids)."""

from functools import cache

import factory
from django.utils import timezone
from django.utils.text import slugify

from demo.directory import COMMUNES_CSV, commune_values
from directory.models import (
    Commune,
    Invitation,
    ItineraryStop,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Residence,
    Service,
)
from directory.vocabularies import Category, Status, Typology
from tests.accounts.factories import UserFactory


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune of Seine-Saint-Denis (Plaine Commune EPCI) by default."""

    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = factory.Sequence(lambda n: f"93{n % 900 + 100:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.LazyAttribute(lambda c: slugify(c.name))
    postcodes = factory.LazyAttribute(lambda c: [f"93{int(c.insee_code[2:]) % 1000:03d}"])
    departement_code = factory.LazyAttribute(lambda c: c.insee_code[:2])
    epci_code = "200057867"
    epci_name = "Plaine Commune"
    latitude = 48.93
    longitude = 2.36


@cache
def _real_communes() -> dict[str, dict]:
    """The communes of Seine-Saint-Denis as `load_demo_data` loads them, keyed by INSEE code."""
    return {values["insee_code"]: values for values in commune_values()}


def real_commune(insee_or_name: str) -> Commune:
    """The real commune of the 93 with this INSEE code or name (e.g. "93048" or "Montreuil"),
    created with the demo file's values, or the existing row of that INSEE code."""
    communes = _real_communes()
    values = communes.get(insee_or_name) or next(
        (c for c in communes.values() if c["name"] == insee_or_name), None
    )
    if values is None:
        raise LookupError(f"{insee_or_name!r} is not a commune of {COMMUNES_CSV.name}")
    return CommuneFactory(**values)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Structure {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = OrganisationKind.MEDICO_SOCIAL
    typology = Typology.ASSOCIATION
    commune = factory.SubFactory(CommuneFactory)
    address = "1 rue de la République"
    postcode = factory.LazyAttribute(lambda o: o.commune.postcodes[0] if o.commune else "")
    phone = "+33148000000"
    email = factory.LazyAttribute(lambda o: f"contact@{o.slug}.example")
    opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    description = "Accueil, information et accompagnement des habitants du quartier."
    status = Status.PUBLISHED
    verified_at = factory.LazyFunction(timezone.now)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["slug"]

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda s: slugify(f"{s.name}-{s.organisation.slug}"))
    description = "Aide concrète pour rester chez soi : démarches, visites, relais."
    categories = factory.LazyFunction(lambda: [Category.AIDE_A_DOMICILE.value])
    thematiques = factory.LazyFunction(lambda: ["famille--prise-en-charge-personne-dependante"])
    types = factory.LazyFunction(lambda: ["accompagnement"])
    publics = factory.LazyFunction(lambda: ["seniors"])
    reception_modes = factory.LazyFunction(lambda: ["en-presentiel"])
    mobilisation_modes = factory.LazyFunction(lambda: ["telephoner"])
    mobilised_by = factory.LazyFunction(lambda: ["usagers", "professionnels"])
    phone = "+33148111111"
    status = Status.PUBLISHED
    verified_at = factory.LazyFunction(timezone.now)


class ItineraryStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItineraryStop

    service = factory.SubFactory(ServiceFactory)
    place_label = "Parvis de la mairie"
    commune = factory.LazyAttribute(lambda s: s.service.organisation.commune)
    opening_hours = "We 14:00-17:00"


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence
        django_get_or_create = ["slug"]

    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    name = factory.Sequence(lambda n: f"Résidence {n}")
    slug = factory.LazyAttribute(lambda r: slugify(r.name))
    address = "12 allée des Tilleuls"
    commune = factory.LazyAttribute(lambda r: r.landlord.commune)
    postcode = factory.LazyAttribute(lambda r: r.commune.postcodes[0])
    units = 80


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invite{n}@exemple.fr")
    role = MembershipRole.MEMBER
    invited_by = None
