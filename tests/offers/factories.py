"""Factories of the marketplace tests (factory_boy)."""

from datetime import date
from decimal import Decimal

import factory

from accounts.models import User
from directory.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Residence,
)
from offers.models import Premises, ProjectNeed, ServiceOffer
from offers.vocabularies import (
    OccupationType,
    OfferFamily,
    OfferType,
    PremisesType,
    ProjectType,
    Status,
)
from tests.directory.factories import real_commune


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.PROJECT_HOLDER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.org")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide")


def member_of(organisation, *, role=MembershipRole.ADMIN, **user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence

    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    name = factory.Sequence(lambda n: f"Résidence {n}")
    slug = factory.Sequence(lambda n: f"residence-{n}")
    address = "1 rue de Paris"
    commune = factory.LazyFunction(lambda: real_commune("Montreuil"))
    postcode = "93100"


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Premises

    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    title = factory.Sequence(lambda n: f"Local {n}")
    address = "12 rue de la République"
    commune = factory.LazyFunction(lambda: real_commune("Montreuil"))
    premises_type = PremisesType.ASSOCIATIVE
    total_surface = 120
    rent = Decimal("800")
    charges = Decimal("100")
    occupation_type = OccupationType.ASSOCIATIVE_LEASE
    pmr_accessible = True
    allowed_usages = factory.LazyFunction(lambda: ["accueil-public", "reunions"])
    available_from = date(2026, 3, 1)
    status = Status.DRAFT


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectNeed

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    project_type = ProjectType.SOCIAL_CAFE
    description = "Un café social pour rompre l'isolement des personnes âgées."
    usages = factory.LazyFunction(lambda: ["reunions"])
    surface_min = 80
    surface_max = 150
    budget_max = Decimal("1000")
    zone_communes = factory.LazyFunction(lambda: ["93048"])
    start_date = date(2026, 3, 1)
    status = Status.PUBLISHED


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOffer

    provider = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ESS)
    family = OfferFamily.SOCIAL_COHESION
    offer_type = OfferType.SOCIAL_CAFE
    title = factory.Sequence(lambda n: f"Café social {n}")
    description = "Un café social dans le hall de la résidence, deux fois par semaine."
    targets = factory.LazyFunction(lambda: ["residents"])
    status = Status.PUBLISHED
