"""Which counters a period reads: whole months from the monthly rows, the other days from the
daily rows (steering.indicators.split_period)."""

from datetime import date

from steering.indicators import period_starts, split_period

TODAY = date(2026, 12, 7)


def test_a_year_up_to_today_reads_the_days_of_its_first_month_and_whole_months_after():
    days, months = split_period(date(2025, 12, 8), TODAY, TODAY)
    assert days == [(date(2025, 12, 8), date(2025, 12, 31))]
    assert months == (date(2026, 1, 1), date(2026, 12, 1))  # December up to today: whole


def test_a_period_ending_inside_a_past_month_reads_that_months_days():
    days, months = split_period(date(2026, 1, 1), date(2026, 6, 15), TODAY)
    assert days == [(date(2026, 6, 1), date(2026, 6, 15))]
    assert months == (date(2026, 1, 1), date(2026, 5, 1))


def test_a_period_inside_one_month_reads_only_days():
    assert split_period(date(2026, 3, 2), date(2026, 3, 30), TODAY) == (
        [(date(2026, 3, 2), date(2026, 3, 30))],
        None,
    )


def test_whole_months_only_read_no_day():
    assert split_period(date(2026, 1, 1), date(2026, 3, 31), TODAY) == (
        [],
        (date(2026, 1, 1), date(2026, 3, 1)),
    )


def test_every_period_shows_even_without_counts():
    assert period_starts(date(2026, 11, 29), date(2026, 12, 2), "day") == [
        date(2026, 11, 29),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 2),
    ]
    assert period_starts(date(2025, 12, 8), TODAY, "month")[0] == date(2025, 12, 1)
    assert len(period_starts(date(2025, 12, 8), TODAY, "month")) == 13
