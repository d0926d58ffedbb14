"""Factories of the orientation: situations, glossary terms, favourites."""

import factory

from orientation.models import Favourite, GlossaryTerm, Situation
from tests.accounts.factories import UserFactory
from tests.directory.factories import ServiceFactory


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation
        django_get_or_create = ["slug"]

    label = factory.Sequence(lambda n: f"Situation {n}")
    slug = factory.Sequence(lambda n: f"situation-{n}")
    description = "Ce que le gardien observe et qui peut aider."


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Dispositif d'essai {n}")
    definition = "Une aide expliquée en français simple."


class FavouriteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Favourite

    user = factory.SubFactory(UserFactory)
    service = factory.SubFactory(ServiceFactory)
