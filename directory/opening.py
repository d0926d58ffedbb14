"""Opening status of a place: « Ouvert maintenant », « Fermé · ouvre mardi à 9 h »,
« Fermé temporairement jusqu'au 12 mars 2026 ».

Pure functions over an OSM `opening_hours` expression (opening-hours-py), evaluated in
Europe/Paris with the French public holidays (`PH off`). Invalid expressions give no status
rather than an error: imported data is not always clean."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, State
from opening_hours import validate as is_valid_expression

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
