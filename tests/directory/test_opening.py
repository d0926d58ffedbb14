"""Opening status in Europe/Paris: across the DST changes of 2026 and on public holidays."""

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from directory.opening import PARIS, OpeningState, opening_status, week_schedule

OFFICE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_open_now_says_when_it_closes():
    status = opening_status(OFFICE, paris(2026, 3, 24, 10, 15))
    assert status.state == OpeningState.OPEN
    assert status.label == "Ouvert maintenant · ferme à 12 h"


def test_lunch_break_reopens_today():
    status = opening_status(OFFICE, paris(2026, 3, 24, 12, 30))
    assert status.label == "Fermé · ouvre aujourd'hui à 14 h"


def test_friday_evening_reopens_monday():
    status = opening_status("Mo-Fr 09:30-17:00", paris(2026, 3, 27, 18, 0))
    assert status.label == "Fermé · ouvre lundi à 9 h 30"


def test_spring_dst_change_keeps_local_opening_time():
    # Sunday 29 March 2026: clocks go from 02:00 to 03:00. Saturday evening (UTC+1), the
    # office reopens Monday 9:00 local time, which is 07:00 UTC (UTC+2), not 08:00 UTC.
    saturday_evening = datetime(2026, 3, 28, 19, 0, tzinfo=UTC)
    status = opening_status(OFFICE, saturday_evening)
    assert status.label == "Fermé · ouvre lundi à 9 h"
    assert status.next_change == paris(2026, 3, 30, 9, 0)
    assert status.next_change.astimezone(UTC) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def test_autumn_dst_change_keeps_local_opening_time():
    # Sunday 25 October 2026: clocks go back from 03:00 to 02:00.
    status = opening_status(OFFICE, datetime(2026, 10, 24, 20, 0, tzinfo=UTC))
    assert status.label == "Fermé · ouvre lundi à 9 h"
    assert status.next_change.astimezone(UTC) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)


def test_night_service_across_the_missing_hour():
    # A helpline open 01:00–04:00 on Sundays is open at 03:30 on the night clocks jump.
    status = opening_status("Su 01:00-04:00", paris(2026, 3, 29, 3, 30))
    assert status.state == OpeningState.OPEN
    assert status.label == "Ouvert maintenant · ferme à 4 h"


def test_public_holiday_is_closed_with_ph_off():
    # Friday 1 May 2026 (fête du Travail) at 10:00: closed, reopens Monday 4 May.
    status = opening_status(OFFICE, paris(2026, 5, 1, 10, 0))
    assert status.state == OpeningState.CLOSED
    assert status.label == "Fermé · ouvre lundi à 9 h"
    # Tuesday 14 July 2026 too; the next day is a plain Wednesday.
    status = opening_status(OFFICE, paris(2026, 7, 14, 10, 0))
    assert status.label == "Fermé · ouvre demain à 9 h"


def test_without_ph_off_holidays_are_ordinary_days():
    status = opening_status("Mo-Fr 09:00-17:00", paris(2026, 5, 1, 10, 0))
    assert status.state == OpeningState.OPEN


def test_far_reopening_gives_a_date():
    status = opening_status("Sep-Jun Mo-Fr 09:00-17:00", paris(2026, 7, 15, 10, 0))
    assert status.label == "Fermé · ouvre le 1er septembre à 9 h"


def test_temporary_closure_wins_over_hours():
    status = opening_status(
        OFFICE,
        paris(2026, 3, 24, 10, 0),
        closed_from=date(2026, 3, 16),
        closed_until=date(2026, 4, 12),
        closure_message="Travaux : permanence à la mairie annexe.",
    )
    assert status.state == OpeningState.TEMPORARILY_CLOSED
    assert status.label == "Fermé temporairement jusqu'au 12 avril 2026"
    assert status.comment == "Travaux : permanence à la mairie annexe."
    # The day after the closure, the hours apply again.
    after = opening_status(OFFICE, paris(2026, 4, 13, 10, 0), closed_until=date(2026, 4, 12))
    assert after.state == OpeningState.OPEN


def test_comment_is_kept():
    status = opening_status('Mo 09:00-12:00 "sur rendez-vous"', paris(2026, 3, 23, 10, 0))
    assert status.comment == "sur rendez-vous"


@pytest.mark.parametrize("expression", ["", "n'importe quoi", "Mo-Fr 25:00-26:99"])
def test_invalid_or_missing_hours_give_no_status(expression):
    assert opening_status(expression, paris(2026, 3, 24, 10, 0)) is None
    assert week_schedule(expression, paris(2026, 3, 24, 10, 0)) == []


def test_week_schedule_in_words_with_holiday():
    week = week_schedule(
        'Mo-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00 "sur rendez-vous"; PH off',
        paris(2026, 4, 30, 10, 0),
    )
    assert [day.label for day in week[:2]] == ["jeudi 30 avril", "vendredi 1er mai"]
    assert week[0].is_today and week[0].ranges == ("9 h – 12 h", "14 h – 17 h")
    assert week[1].ranges == ()  # fête du Travail
    assert week[6].ranges == ("9 h – 12 h (sur rendez-vous)",)


def test_week_schedule_splits_around_the_clock_hours_by_day():
    week = week_schedule("24/7", paris(2026, 3, 28, 10, 0))
    assert all(day.ranges == ("0 h – 24 h",) for day in week)
