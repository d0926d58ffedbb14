"""Opening status of a place: « Ouvert maintenant », « Fermé · ouvre mardi à 9 h »,
« Fermé temporairement jusqu'au 12 mars 2026 ».

Pure functions over an OSM `opening_hours` expression (opening-hours-py), evaluated in
Europe/Paris with the French public holidays (`PH off`). Invalid expressions give no status
rather than an error: imported data is not always clean."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, State
from opening_hours import validate as is_valid_expression

from .hours_field import Period, compress, dated_closure, decompress

PARIS = ZoneInfo("Europe/Paris")
COUNTRY = "FR"
# Beyond this, "ouvre le 4 mai" rather than a weekday name.
WEEKDAY_HORIZON_DAYS = 6


class OpeningState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"
    TEMPORARILY_CLOSED = "temporarily_closed"


@dataclass(frozen=True)
class OpeningStatus:
    state: OpeningState
    label: str
    next_change: datetime | None = None
    comment: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == OpeningState.OPEN


def parse(expression: str) -> OpeningHours | None:
    """The parsed expression in Europe/Paris with French holidays, or None if invalid."""
    expression = (expression or "").strip()
    if not expression or not is_valid_expression(expression):
        return None
    return OpeningHours(expression, timezone=PARIS, country=COUNTRY)


def to_paris(moment: datetime | None) -> datetime:
    moment = moment or timezone.now()
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def _weekday_name(day: date) -> str:
    names = (
        _("lundi"),
        _("mardi"),
        _("mercredi"),
        _("jeudi"),
        _("vendredi"),
        _("samedi"),
        _("dimanche"),
    )
    return names[day.weekday()]


def format_date(day: date, with_year: bool = False) -> str:
    """« 4 mai », « 1er mai 2026 » (French ordinal for the first of the month)."""
    text = date_format(day, "j F Y" if with_year else "j F")
    if day.day == 1 and get_language().startswith("fr"):
        text = "1er" + text[1:]
    return text


def format_time(moment: datetime) -> str:
    """« 9 h », « 13 h 30 »."""
    if moment.minute:
        return _("%(hour)d h %(minute)02d") % {"hour": moment.hour, "minute": moment.minute}
    return _("%(hour)d h") % {"hour": moment.hour}


def format_day(day: date, today: date) -> str:
    """« aujourd'hui », « demain », « mardi », « le 4 mai »."""
    delta = (day - today).days
    if delta == 0:
        return _("aujourd'hui")
    if delta == 1:
        return _("demain")
    if 1 < delta <= WEEKDAY_HORIZON_DAYS:
        return _weekday_name(day)
    return _("le %(date)s") % {"date": format_date(day)}


def describe_opening(when: datetime, now: datetime) -> str:
    """« ouvre mardi à 9 h »."""
    return _("ouvre %(day)s à %(time)s") % {
        "day": format_day(when.date(), now.date()),
        "time": format_time(when),
    }


def describe_closing(when: datetime, now: datetime) -> str:
    """« ferme à 17 h », « ferme demain à 2 h »."""
    if when.date() == now.date():
        return _("ferme à %(time)s") % {"time": format_time(when)}
    return _("ferme %(day)s à %(time)s") % {
        "day": format_day(when.date(), now.date()),
        "time": format_time(when),
    }


def temporary_closure_status(
    today: date, closed_from: date | None, closed_until: date | None, message: str = ""
) -> OpeningStatus | None:
    """The temporary closure in force on `today`, if any."""
    if closed_from is None and closed_until is None:
        return None
    if (closed_from and today < closed_from) or (closed_until and today > closed_until):
        return None
    if closed_until:
        label = _("Fermé temporairement jusqu'au %(date)s") % {
            "date": format_date(closed_until, with_year=True)
        }
    else:
        label = _("Fermé temporairement")
    return OpeningStatus(OpeningState.TEMPORARILY_CLOSED, label, None, message)


def opening_status(
    expression: str,
    now: datetime | None = None,
    *,
    closed_from: date | None = None,
    closed_until: date | None = None,
    closure_message: str = "",
) -> OpeningStatus | None:
    """What to tell a visitor at `now` (default: the current time), in Europe/Paris.

    None when there is nothing reliable to say (no hours, invalid expression)."""
    now = to_paris(now)
    closure = temporary_closure_status(now.date(), closed_from, closed_until, closure_message)
    if closure:
        return closure
    hours = parse(expression)
    if hours is None:
        return None
    state, comment = hours.state(now)
    next_change = hours.next_change(now)
    if next_change is not None:
        next_change = to_paris(next_change)
    if state == State.OPEN:
        label = _("Ouvert maintenant")
        if next_change is not None:
            label = f"{label} · {describe_closing(next_change, now)}"
        return OpeningStatus(OpeningState.OPEN, label, next_change, comment)
    if state == State.CLOSED:
        label = _("Fermé")
        reopening = next_opening(hours, now)
        if reopening is not None:
            label = f"{label} · {describe_opening(reopening, now)}"
        return OpeningStatus(OpeningState.CLOSED, label, next_change, comment)
    return OpeningStatus(
        OpeningState.UNKNOWN, comment or _("Horaires à confirmer"), next_change, comment
    )


def next_opening(hours: OpeningHours, now: datetime, horizon_days: int = 370) -> datetime | None:
    """The next moment the place is open (skips "unknown" stretches), within the horizon."""
    limit = now + timedelta(days=horizon_days)
    moment = now
    while True:
        change = hours.next_change(moment)
        if change is None:
            return None
        change = to_paris(change)
        if change > limit:
            return None
        if hours.is_open(change):
            return change
        moment = change


@dataclass(frozen=True)
class DaySchedule:
    day: date
    label: str
    ranges: tuple[str, ...]
    is_today: bool


def week_schedule(expression: str, now: datetime | None = None) -> list[DaySchedule]:
    """The next seven days in words (« lundi 30 mars : 9 h – 12 h, 14 h – 17 h »), holidays
    and exceptions included, for visitors who do not read OSM syntax. Empty if invalid."""
    hours = parse(expression)
    if hours is None:
        return []
    now = to_paris(now)
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    days: dict[date, list[str]] = {}
    for offset in range(7):
        days[(start + timedelta(days=offset)).date()] = []
    end = datetime.combine(start.date() + timedelta(days=7), datetime.min.time(), tzinfo=PARIS)
    for begin, finish, state, comment in hours.intervals(start, end):
        if state != State.OPEN:
            continue
        begin, finish = to_paris(begin), to_paris(finish)
        # Split an interval spanning several days (24/7, night hours) day by day.
        while begin < finish:
            day = begin.date()
            midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), PARIS)
            stop = min(finish, midnight)
            if day in days:
                end_label = _("24 h") if stop == midnight else format_time(stop)
                text = f"{format_time(begin)} – {end_label}"
                days[day].append(f"{text} ({comment})" if comment else text)
            begin = stop
    return [
        DaySchedule(
            day=day,
            label=f"{_weekday_name(day)} {format_date(day)}",
            ranges=tuple(ranges),
            is_today=day == now.date(),
        )
        for day, ranges in days.items()
    ]


# --- Regular hours in words ----------------------------------------------------------------------
# « du lundi au jeudi de 8 h 30 à 12 h 30, fermé les jours fériés »: the expression is evaluated
# (not re-parsed) over weeks without public holidays spread over the year; when they all agree,
# the hours are regular and can be said in one sentence.

# Mondays of weeks that never hold a French public holiday (Easter Monday is 23 March at the
# earliest, Whit Monday 14 June at the latest), one of them twice to catch "every other week".
REFERENCE_WEEKS = ((2, 2), (2, 9), (6, 22), (10, 12))
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
MINUTES_PER_DAY = 24 * 60
# What is said instead of hours that are invalid, or that have no single weekly rhythm.
UNKNOWN_HOURS = gettext_lazy("à confirmer auprès du service")
IRREGULAR_HOURS = gettext_lazy("variables selon la période, à confirmer auprès du service")

# (start, end, comment) in minutes since midnight, end 1440 for midnight.
Range = tuple[int, int, str]


class IrregularHours(Exception):
    """The expression has no single weekly rhythm (seasons, unknown stretches…)."""


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _days_ranges(hours: OpeningHours, first: date, count: int) -> list[tuple[Range, ...]]:
    """The open ranges of `count` days from `first`, day by day."""
    start = datetime.combine(first, datetime.min.time(), PARIS)
    end = datetime.combine(first + timedelta(days=count), datetime.min.time(), PARIS)
    days: list[list[Range]] = [[] for _ in range(count)]
    for begin, finish, state, comment in hours.intervals(start, end):
        if state == State.UNKNOWN:
            raise IrregularHours(comment)
        if state != State.OPEN:
            continue
        for begin_day, stop in _day_pieces(begin, finish):
            index = (begin_day.date() - first).days
            if 0 <= index < count:
                at_midnight = stop.date() > begin_day.date()
                end_minute = MINUTES_PER_DAY if at_midnight else stop.hour * 60 + stop.minute
                days[index].append((begin_day.hour * 60 + begin_day.minute, end_minute, comment))
    return [tuple(ranges) for ranges in days]


def _day_pieces(begin: datetime, finish: datetime):
    """A range cut at each midnight (Paris time): `(start, stop)` pieces within one day each,
    the last stop of a day being the next midnight."""
    begin, finish = to_paris(begin), to_paris(finish)
    while begin < finish:
        midnight = datetime.combine(begin.date() + timedelta(days=1), datetime.min.time(), PARIS)
        stop = min(finish, midnight)
        yield begin, stop
        begin = stop


def _regular_week(hours: OpeningHours, year: int) -> tuple[tuple[Range, ...], ...]:
    weeks = {
        tuple(_days_ranges(hours, _monday_on_or_after(date(year, month, day)), 7))
        for month, day in REFERENCE_WEEKS
    }
    if len(weeks) != 1:
        raise IrregularHours
    return weeks.pop()


def regular_week(expression: str | None, today: date | None = None):
    """The weekly hours as opening-hours-py evaluates them over weeks without public holidays,
    Monday first: for each day its open ranges `(start, end, comment)` in minutes since
    midnight (end 1440 for midnight). The dated periods of the hours editor are left out (they
    are notices). None when the hours are empty, invalid or have no single weekly rhythm: for
    exports that describe a week (HSDS schedules)."""
    expression = (expression or "").strip()
    grid = decompress(expression)
    if grid is not None and grid.periods:
        expression = compress(replace(grid, periods=()))
    hours = parse(expression)
    if hours is None:
        return None
    today = today or timezone.localdate()
    try:
        return _regular_week(hours, today.year)
    except IrregularHours:
        return None


def _holiday_clause(hours: OpeningHours, week, year: int) -> str:
    """What public holidays change: « fermé les jours fériés », « les jours fériés de 10 h à
    12 h », or nothing when they are like any other day."""
    answers = set()
    for month, day in FIXED_HOLIDAYS:
        holiday = date(year, month, day)
        (ranges,) = _days_ranges(hours, holiday, 1)
        regular = week[holiday.weekday()]
        if ranges == regular:
            continue
        answers.add(ranges)
    if not answers:
        return ""
    if answers == {()}:
        return _("fermé les jours fériés")
    if len(answers) == 1:
        return _("les jours fériés %(hours)s") % {"hours": _ranges_in_words(answers.pop())}
    return _("horaires différents les jours fériés")


def _minutes_in_words(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    if minute:
        return _("%(hour)d h %(minute)02d") % {"hour": hour, "minute": minute}
    return _("%(hour)d h") % {"hour": hour}


def _enumerate(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(items) == 1:
        return items[0]
    return _("%(items)s et %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _ranges_in_words(ranges: tuple[Range, ...]) -> str:
    """« de 9 h à 12 h et de 13 h 30 à 17 h », « 24 h/24 » (with the comments of the ranges)."""
    if len(ranges) == 1 and ranges[0][:2] == (0, MINUTES_PER_DAY):
        text = _("24 h/24")
        return f"{text} ({ranges[0][2]})" if ranges[0][2] else text
    parts = []
    for start, end, comment in ranges:
        part = _("de %(start)s à %(end)s") % {
            "start": _minutes_in_words(start),
            "end": _minutes_in_words(end),
        }
        parts.append(f"{part} ({comment})" if comment else part)
    return _enumerate(parts)


def _days_in_words(weekdays: list[int]) -> str:
    """[0, 1, 2, 3] → « du lundi au jeudi »; [1, 3] → « mardi et jeudi »; all → « tous les
    jours »."""
    if len(weekdays) == 7:
        return _("tous les jours")
    runs: list[list[int]] = []
    for weekday in weekdays:
        if runs and runs[-1][-1] == weekday - 1:
            runs[-1].append(weekday)
        else:
            runs.append([weekday])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(
                _("du %(first)s au %(last)s")
                % {"first": WEEKDAYS[run[0]], "last": WEEKDAYS[run[-1]]}
            )
        else:
            parts.extend(str(WEEKDAYS[weekday]) for weekday in run)
    return _enumerate(parts)


def _week_in_words(week) -> str:
    groups: dict[tuple[Range, ...], list[int]] = {}
    for weekday, ranges in enumerate(week):
        if ranges:
            groups.setdefault(ranges, []).append(weekday)
    if not groups:
        return _("fermé")
    parts = []
    for ranges, weekdays in groups.items():
        days = _days_in_words(weekdays)
        hours = _ranges_in_words(ranges)
        if ranges[0][:2] == (0, MINUTES_PER_DAY) and len(ranges) == 1:
            parts.append(_("%(days)s, %(hours)s") % {"days": days, "hours": hours})
        else:
            parts.append(_("%(days)s %(hours)s") % {"days": days, "hours": hours})
    return ", ".join(parts)


@lru_cache(maxsize=512)
def _hours_in_words(expression: str, language: str, year: int) -> str:
    hours = parse(expression)
    if hours is None:
        return str(UNKNOWN_HOURS)
    try:
        week = _regular_week(hours, year)
        holidays = _holiday_clause(hours, week, year)
    except IrregularHours:
        return str(IRREGULAR_HOURS)
    text = _week_in_words(week)
    return f"{text}, {holidays}" if holidays else text


def _period_dates(period: Period, today: date) -> dict:
    # The year is said only for a period ending more than a year from now.
    with_year = period.end > today + timedelta(days=365)
    return {
        "start": format_date(period.start, with_year),
        "end": format_date(period.end, with_year),
    }


def _period_in_words(period: Period, today: date) -> str:
    """« Du 24 décembre au 1er janvier : fermé », « Du 1er juillet au 31 août : du lundi au
    vendredi de 9 h à 12 h, les autres jours aux horaires habituels »."""
    dates = _period_dates(period, today)
    if period.start == period.end:
        when = _("Le %(start)s") % dates
    else:
        when = _("Du %(start)s au %(end)s") % dates
    if period.is_closed:
        return _("%(when)s : fermé") % {"when": when}
    ranges = tuple((start, end, "") for start, end in period.ranges)
    hours = _("%(days)s %(hours)s") % {
        "days": _days_in_words(list(period.weekdays or range(7))),
        "hours": _ranges_in_words(ranges),
    }
    if period.weekdays:
        hours = _("%(hours)s, les autres jours aux horaires habituels") % {"hours": hours}
    return _("%(when)s : %(hours)s") % {"when": when, "hours": hours}


def hours_in_words(expression: str | None, today: date | None = None) -> str:
    """An OSM `opening_hours` expression in plain words, for people who do not read its
    syntax: « Mo-Th 08:30-12:30; PH off » → « du lundi au jeudi de 8 h 30 à 12 h 30, fermé les
    jours fériés ». Empty stays empty; an invalid or irregular expression gives a sentence
    asking to check with the service, never the raw syntax. The dated periods the hours editor
    writes (`2026 Dec 24-2027 Jan 01 off`) follow the weekly hours, one sentence each, those
    already over left out: « … fermé les jours fériés. Du 24 décembre au 1er janvier : fermé »."""
    expression = (expression or "").strip()
    if not expression:
        return ""
    today = today or timezone.localdate()
    language = get_language() or "fr"
    grid = decompress(expression)
    if grid is None or not grid.periods:
        return _hours_in_words(expression, language, today.year)
    weekly = compress(replace(grid, periods=()))
    sentences = [_hours_in_words(weekly, language, today.year)] if weekly else []
    sentences.extend(periods_in_words(expression, today))
    return ". ".join(sentences)


def periods_in_words(expression: str | None, today: date | None = None) -> list[str]:
    """The dated periods of hours written by the editor that are not over yet, in date order,
    one sentence each (« Du 24 décembre au 1er janvier : fermé »); [] for any other string."""
    grid = decompress((expression or "").strip())
    if grid is None:
        return []
    today = today or timezone.localdate()
    return [
        _period_in_words(period, today)
        for period in sorted(grid.periods, key=lambda period: period.start)
        if period.end >= today
    ]


# --- Entries: own hours and closures, notices, open intervals for search ------------------------
# A temporary closure is (closed_from, closed_until, message); a service has its own and its
# organisation's, the service's first (`Service.closures`).
Closure = tuple[date | None, date | None, str]
# Notices announce what is in force or starts within this many days.
NOTICE_HORIZON_DAYS = 30
# Search stores the open intervals of this many days from today (refreshed on save and
# nightly, see `directory.tasks`): past it, the status is unknown rather than wrong.
INTERVAL_HORIZON_DAYS = 8


def entry_status(
    expression: str, now: datetime | None = None, closures: tuple[Closure, ...] = ()
) -> OpeningStatus | None:
    """`opening_status` with several temporary closures: the first in force wins."""
    now = to_paris(now)
    for closed_from, closed_until, message in closures:
        closure = temporary_closure_status(now.date(), closed_from, closed_until, message)
        if closure:
            return closure
    return opening_status(expression, now)


def _dates_in_words(start: date, end: date, today: date) -> dict:
    with_year = end > today + timedelta(days=365)
    return {"start": format_date(start, with_year), "end": format_date(end, with_year)}


def temporary_notices(
    expression: str, closures: tuple[Closure, ...] = (), today: date | None = None
) -> list[str]:
    """What a visitor should know before going, in force or starting within
    NOTICE_HORIZON_DAYS: « Fermeture temporaire du 5 au 12 janvier », « Horaires modifiés du
    1er juillet au 31 août », and the closure messages. A closure in force is said by the
    status, its message as the status's comment. A message without dates is a plain notice."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=NOTICE_HORIZON_DAYS)
    notices: list[str] = []
    for closed_from, closed_until, message in closures:
        if closed_until is not None and closed_until < today:
            continue
        if closed_from is not None and closed_from > horizon:
            continue
        if closed_from is not None and closed_from > today:
            if closed_until is not None:
                notices.append(
                    _("Fermeture temporaire du %(start)s au %(end)s")
                    % _dates_in_words(closed_from, closed_until, today)
                )
            else:
                notices.append(
                    _("Fermeture temporaire à partir du %(start)s")
                    % {"start": format_date(closed_from)}
                )
        in_force = (closed_from or closed_until) and (closed_from is None or closed_from <= today)
        if message and not in_force:
            notices.append(message)
    grid = decompress((expression or "").strip())
    for period in sorted(grid.periods if grid else (), key=lambda period: period.start):
        if period.end < today or period.start > horizon:
            continue
        dates = _dates_in_words(period.start, period.end, today)
        if period.is_closed:
            if period.start == period.end:
                notices.append(_("Fermé le %(start)s") % dates)
            else:
                notices.append(_("Fermé du %(start)s au %(end)s") % dates)
        elif period.start == period.end:
            notices.append(_("Horaires modifiés le %(start)s") % dates)
        else:
            notices.append(_("Horaires modifiés du %(start)s au %(end)s") % dates)
    return notices


def open_intervals(
    expression: str,
    closures: tuple[Closure, ...] = (),
    today: date | None = None,
    days: int = INTERVAL_HORIZON_DAYS,
) -> list[tuple[datetime, datetime]] | None:
    """The moments the entry is open from `today` 00:00 (Paris) for `days` days, holidays,
    dated periods and temporary closures included; None when the hours are unknown or
    invalid. Search stores them to filter « ouvert maintenant » in SQL."""
    hours = parse(expression)
    if hours is None:
        return None
    today = today or timezone.localdate()
    start = datetime.combine(today, datetime.min.time(), PARIS)
    end = datetime.combine(today + timedelta(days=days), datetime.min.time(), PARIS)
    closed_days = set()
    for closed_from, closed_until, _message in closures:
        if closed_from is None and closed_until is None:
            continue
        first = max(closed_from or today, today)
        last = min(closed_until or end.date(), end.date())
        closed_days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    intervals: list[tuple[datetime, datetime]] = []
    for begin, finish, state, _comment in hours.intervals(start, end):
        if state != State.OPEN:
            continue
        # Cut day by day to leave out the days of a temporary closure.
        for begin_day, stop in _day_pieces(begin, finish):
            if begin_day.date() not in closed_days:
                if intervals and intervals[-1][1] == begin_day:
                    intervals[-1] = (intervals[-1][0], stop)
                else:
                    intervals.append((begin_day, stop))
    return intervals


def interval_horizon(today: date | None = None, days: int = INTERVAL_HORIZON_DAYS) -> datetime:
    """Where the intervals of `open_intervals(today=today)` stop being known."""
    today = today or timezone.localdate()
    return datetime.combine(today + timedelta(days=days), datetime.min.time(), PARIS)


def closures_as_json(closures: tuple[Closure, ...]) -> list[list[str]]:
    """Closures for a JSON document (the search index's `extra`), dates as ISO strings."""
    return [
        [
            closed_from.isoformat() if closed_from else "",
            closed_until.isoformat() if closed_until else "",
            message,
        ]
        for closed_from, closed_until, message in closures
        if closed_from or closed_until or message
    ]


def closures_from_json(rows) -> tuple[Closure, ...]:
    """Back from `closures_as_json`; malformed rows are left out rather than failing a page."""
    closures = []
    for row in rows or ():
        try:
            closed_from, closed_until, message = row
            closures.append(
                (
                    date.fromisoformat(closed_from) if closed_from else None,
                    date.fromisoformat(closed_until) if closed_until else None,
                    str(message or ""),
                )
            )
        except (TypeError, ValueError):
            continue
    return tuple(closures)


@dataclass(frozen=True)
class EntryOpening:
    """What a card or a sheet says about an entry's opening: its status (None: hours not
    given) and its temporary notices."""

    status: OpeningStatus | None
    notices: tuple[str, ...]


def entry_opening(
    expression: str, closures: tuple[Closure, ...] = (), now: datetime | None = None
) -> EntryOpening:
    now = to_paris(now)
    return EntryOpening(
        entry_status(expression, now, closures),
        tuple(temporary_notices(expression, closures, now.date())),
    )


def hours_with_closures(
    expression: str, closures: tuple[Closure, ...] = (), today: date | None = None
) -> str:
    """The hours with the temporary closures not over yet written in as dated `off` rules,
    for exports whose schema has no closure field (data·inclusion's `horaires_accueil`).
    Closures without an end, or entries without hours, are left as they are."""
    expression = (expression or "").strip()
    if not expression:
        return expression
    today = today or timezone.localdate()
    rules = [
        dated_closure(max(closed_from or today, today), closed_until)
        for closed_from, closed_until, _message in closures
        if closed_until is not None and closed_until >= today
    ]
    if not rules:
        return expression
    combined = "; ".join([expression, *rules])
    return combined if parse(combined) is not None else expression
