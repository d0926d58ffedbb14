"""Occurrences are materialised on publish, follow edits and extend with the horizon."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import EventOccurrence
from events.occurrences import extend_all_horizons, materialise
from events.recurrence import PARIS
from tests.events.factories import RegistrationFactory

from .conftest import paris


@pytest.mark.django_db
def test_publishing_materialises_weekly_occurrences_with_exceptions_across_dst(
    make_event, settings
):
    settings.EVENT_OCCURRENCE_HORIZON_DAYS = 10_000
    event = make_event(
        start=paris(2031, 3, 18, 18, 0),
        end=paris(2031, 3, 18, 20, 0),
        recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=20310415T235959",
        recurrence_exceptions=[date(2031, 4, 1)],
    )
    starts = [o.start.astimezone(PARIS) for o in event.occurrences.order_by("start")]
    # 30 March 2031 is the switch to summer time: still 18:00 in Paris after it.
    assert [s.date() for s in starts] == [
        date(2031, 3, 18),
        date(2031, 3, 25),
        date(2031, 4, 8),
        date(2031, 4, 15),
    ]
    assert {(s.hour, s.minute) for s in starts} == {(18, 0)}
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1)] * 2 + [timedelta(hours=2)] * 2


@pytest.mark.django_db
def test_rolling_horizon_is_extended_by_the_periodic_task(make_event, settings):
    settings.EVENT_OCCURRENCE_HORIZON_DAYS = 30
    start = timezone.now() + timedelta(days=1)
    event = make_event(start=start, recurrence="FREQ=WEEKLY")
    assert 4 <= event.occurrences.count() <= 5
    settings.EVENT_OCCURRENCE_HORIZON_DAYS = 90
    created = extend_all_horizons()
    assert created >= 8
    assert event.occurrences.count() in range(12, 15)
    assert extend_all_horizons() == 0  # idempotent


@pytest.mark.django_db
def test_editing_the_rule_cancels_sessions_with_people_and_deletes_empty_ones(make_event):
    start = timezone.now() + timedelta(days=2)
    event = make_event(start=start, recurrence="FREQ=WEEKLY;COUNT=3", capacity=10)
    first, second, third = event.occurrences.order_by("start")
    RegistrationFactory(occurrence=second, name="Mme Diallo")
    event.recurrence_exceptions = [
        timezone.localtime(second.start).date(),
        timezone.localtime(third.start).date(),
    ]
    event.save_revision().publish()
    second.refresh_from_db()
    assert second.cancelled is True
    assert not EventOccurrence.objects.filter(pk=third.pk).exists()
    assert EventOccurrence.objects.filter(pk=first.pk, cancelled=False).exists()
    # Removing the exception brings the session back.
    event.recurrence_exceptions = []
    event.save_revision().publish()
    second.refresh_from_db()
    assert second.cancelled is False
    assert event.occurrences.count() == 3


@pytest.mark.django_db
def test_past_occurrences_are_history(make_event):
    event = make_event(start=timezone.now() - timedelta(days=10))
    occurrence = event.occurrences.get()
    event.start = event.start + timedelta(days=1)
    event.end = event.end + timedelta(days=1)
    materialise(event)
    assert EventOccurrence.objects.filter(pk=occurrence.pk).exists()


@pytest.mark.django_db
def test_place_must_be_exactly_one_kind(make_event, bobigny):
    event = make_event(publish=False)
    event.online_url = "https://visio.example/atelier"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "place_organisation" in error.value.message_dict
    event.place_organisation = None
    event.full_clean()  # online only: fine
    event.online_url = ""
    event.address = "12 rue de la République"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "address" in error.value.message_dict
    event.address_commune = bobigny
    event.full_clean()
    event.save()
    assert event.commune == bobigny


@pytest.mark.django_db
def test_price_and_recurrence_are_validated(make_event):
    event = make_event(publish=False)
    event.is_free = False
    event.recurrence = "FREQ=DAILY"
    event.end = event.start - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert set(error.value.message_dict) >= {"price_amount", "recurrence", "end"}
