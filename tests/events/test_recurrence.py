"""The recurrence rules, expanded in Paris wall-clock time (no database)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events.recurrence import RecurrenceError, expand, ical_rule_parts, parse_rule

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def test_weekly_rule_keeps_local_time_across_the_spring_dst_change():
    start = datetime(2026, 3, 17, 18, 0, tzinfo=PARIS)  # a Tuesday, winter time (UTC+1)
    slots = list(
        expand(
            start, start + timedelta(hours=2), "FREQ=WEEKLY;BYDAY=TU;COUNT=4", [date(2026, 3, 24)]
        )
    )
    # 24 March is an exception; 29 March is the switch to summer time.
    assert [s.start.date() for s in slots] == [
        date(2026, 3, 17),
        date(2026, 3, 31),
        date(2026, 4, 7),
    ]
    assert all(s.start.astimezone(PARIS).hour == 18 for s in slots)
    assert [s.start.astimezone(UTC).hour for s in slots] == [17, 16, 16]
    assert all(s.end - s.start == timedelta(hours=2) for s in slots)


def test_weekly_rule_across_the_autumn_change_and_horizon():
    start = datetime(2026, 10, 20, 9, 30, tzinfo=PARIS)
    until = datetime(2026, 11, 4, tzinfo=PARIS)
    slots = list(expand(start, start + timedelta(hours=1), "RRULE:FREQ=WEEKLY", (), until))
    assert [s.start.astimezone(UTC).hour for s in slots] == [7, 8, 8]  # UTC+2, then UTC+1
    assert slots[-1].start.date() == date(2026, 11, 3)


def test_monthly_rule_first_wednesday():
    start = datetime(2026, 1, 7, 14, 0, tzinfo=PARIS)
    slots = list(expand(start, start + timedelta(hours=2), "freq=monthly;byday=1we;count=3"))
    assert [s.start.date() for s in slots] == [date(2026, 1, 7), date(2026, 2, 4), date(2026, 3, 4)]


def test_no_rule_is_one_slot_unless_excepted():
    start = datetime(2026, 5, 5, 10, tzinfo=PARIS)
    assert len(list(expand(start, start + timedelta(hours=1)))) == 1
    assert list(expand(start, start + timedelta(hours=1), "", [date(2026, 5, 5)])) == []


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY;UNTIL=20261231T000000Z",
        "FREQ=WEEKLY;BYDAY=XX",
        "nonsense",
        "FREQ=WEEKLY;COUNT=9999",
        "DTSTART:20260101T100000\nRRULE:FREQ=WEEKLY",
    ],
)
def test_invalid_rules_are_refused_with_a_message(rule):
    with pytest.raises(RecurrenceError) as error:
        parse_rule(rule, datetime(2026, 1, 1, 10))
    assert str(error.value)


def test_ical_parts_convert_until_to_utc():
    start = datetime(2026, 6, 2, 18, tzinfo=PARIS)
    parts = ical_rule_parts("FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T235959", start)
    assert parts["FREQ"] == ["WEEKLY"]
    assert parts["BYDAY"] == ["TU"]
    assert parts["UNTIL"] == datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC)
