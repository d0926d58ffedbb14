"""Factories of the agenda: event pages (wagtail-factories), occurrences, registrations.

`EventPageFactory(parent=index)` adds the page under the agenda and publishes a revision, as an
editor would (publishing materialises its occurrences); pass `publish=False` for a draft
revision only."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from directory.models import OrganisationKind
from events.models import EventOccurrence, EventPage, EventType, Registration, RegistrationStatus
from tests.directory.factories import OrganisationFactory


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage
        skip_postgeneration_save = True  # the publish hook saves through a revision

    title = factory.Sequence(lambda n: f"Atelier numérique {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    event_type = EventType.ATELIER_NUMERIQUE
    summary = "Prendre en main sa tablette."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda e: e.start + timedelta(hours=2))
    organiser = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ESS)
    place_organisation = factory.SelfAttribute("organiser")

    @factory.post_generation
    def publish(event, create, extracted, **kwargs):
        if not create:
            return
        revision = event.save_revision()
        if extracted is None or extracted:
            revision.publish()
            event.refresh_from_db()


class EventOccurrenceFactory(factory.django.DjangoModelFactory):
    """An occurrence of its own (publishing an event makes them; use this for edge cases)."""

    class Meta:
        model = EventOccurrence

    event = factory.SubFactory(EventPageFactory)
    start = factory.LazyAttribute(lambda o: o.event.start)
    end = factory.LazyAttribute(lambda o: o.event.end)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration by phone (no tenant data beyond a name and a contact)."""

    class Meta:
        model = Registration

    occurrence = factory.SubFactory(EventOccurrenceFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    phone = "+33612345678"
    status = RegistrationStatus.CONFIRMED
