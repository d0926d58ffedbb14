"""Factories for widgets."""

import factory

from tests.directory.factories import OrganisationFactory
from widgets.models import Widget


class WidgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Widget
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Qui appeler ? {n}")
    allowed_origins = factory.LazyFunction(lambda: ["https://www.ville-exemple.fr"])

    @factory.post_generation
    def situations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.situations.set(extracted)
