"""Factories of the orientation: situations, glossary terms, favourites, callback requests."""

import factory

from orientation.models import CallbackRequest, Favourite, GlossaryTerm, Situation
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


class CallbackRequestFactory(factory.django.DjangoModelFactory):
    """A callback request from a gardien to a service, about a commune (no residence)."""

    class Meta:
        model = CallbackRequest

    sender = factory.SubFactory(UserFactory)
    sender_phone = "+33148000001"
    sender_email = factory.LazyAttribute(lambda c: c.sender.email)
    service = factory.SubFactory(ServiceFactory)
    recipient_organisation = factory.LazyAttribute(lambda c: c.service.organisation)
    situation = factory.LazyFunction(lambda: Situation.objects.get(slug="isolement"))
    commune = factory.LazyAttribute(lambda c: c.service.organisation.commune)
    consent = True
