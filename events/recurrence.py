"""Recurrence rules (RFC 5545 RRULE subset) expanded in local wall-clock time.

Plain Python, no Django: rules are expanded on naive Europe/Paris wall times and only then
made aware, so a weekly 18:00 meeting stays at 18:00 across the daylight-saving change
(its UTC offset moves instead). django-recurrence wraps the same `dateutil.rrule`, but works
on naive datetimes and ships a Django-admin widget that does not fit Wagtail's editor.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")
ALLOWED_FREQUENCIES = {WEEKLY: "WEEKLY", MONTHLY: "MONTHLY"}
# A rule without an end is cut at the horizon; this caps what one rule may ever produce.
MAX_OCCURRENCES = 500


class RecurrenceError(ValueError):
    """The rule cannot be used; the message is meant for the editor (French)."""


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime


def normalise_rule(text: str) -> str:
    """Strip an optional `RRULE:` prefix, spaces and case; '' means no recurrence."""
    text = "".join(text.split()).upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    return text


def parse_rule(text: str, dtstart: datetime) -> rrule:
    """Parse a rule against a naive local `dtstart`, enforcing the subset we support."""
    rule_text = normalise_rule(text)
    if not rule_text:
        raise RecurrenceError(_("Règle de récurrence vide."))
    if "DTSTART" in rule_text or "\n" in text.strip():
        raise RecurrenceError(_("Une seule règle RRULE, sans DTSTART (la date de début suffit)."))
    try:
        parsed = rrulestr(rule_text, dtstart=dtstart.replace(tzinfo=None), forceset=False)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(
            _("Règle de récurrence illisible : %(error)s") % {"error": error}
        ) from error
    if not isinstance(parsed, rrule):
        raise RecurrenceError(_("Une seule règle RRULE est acceptée."))
    if parsed._freq not in ALLOWED_FREQUENCIES:
        raise RecurrenceError(
            _(
                "Seules les récurrences hebdomadaires (FREQ=WEEKLY) ou mensuelles "
                "(FREQ=MONTHLY) sont possibles."
            )
        )
    if parsed._until is not None and parsed._until.tzinfo is not None:
        raise RecurrenceError(
            _("UNTIL s'écrit en heure locale, sans « Z » (ex. UNTIL=20261231T235959).")
        )
    if parsed._count is not None and parsed._count > MAX_OCCURRENCES:
        raise RecurrenceError(_("Au plus %(max)d occurrences (COUNT).") % {"max": MAX_OCCURRENCES})
    return parsed


def localise(naive: datetime) -> datetime:
    """Make a wall-clock time aware in Europe/Paris. A time that does not exist (the hour
    skipped in March) is moved forward by the gap, as calendar applications do."""
    # Round-tripping through UTC normalises a skipped 02:30 into 03:30+02:00.
    return naive.replace(tzinfo=PARIS).astimezone(PARIS)


def expand(
    start: datetime,
    end: datetime,
    rule_text: str = "",
    exceptions: Iterable[date] = (),
    until: datetime | None = None,
) -> Iterator[Slot]:
    """Every occurrence of an event from `start` up to `until` (aware datetimes), skipping
    the exception dates (local dates). Without a rule, the single slot `start`–`end`."""
    local_start = start.astimezone(PARIS).replace(tzinfo=None)
    duration = end - start
    excluded = set(exceptions)
    if not normalise_rule(rule_text):
        if local_start.date() not in excluded and (until is None or start <= until):
            yield Slot(start, end)
        return
    rule = parse_rule(rule_text, local_start)
    local_until = until.astimezone(PARIS).replace(tzinfo=None) if until else None
    for produced, naive in enumerate(rule):
        if produced >= MAX_OCCURRENCES or (local_until and naive > local_until):
            return
        if naive.date() in excluded:
            continue
        slot_start = localise(naive)
        # The duration is wall-clock too: a 2-hour workshop stays 2 hours long.
        yield Slot(slot_start, localise(naive + duration))


def ical_rule_parts(rule_text: str, dtstart: datetime) -> dict:
    """The rule as icalendar `vRecur` parts, UNTIL converted to UTC as RFC 5545 requires
    when DTSTART carries a TZID."""
    rule = parse_rule(rule_text, dtstart.astimezone(PARIS).replace(tzinfo=None))
    parts: dict = {}
    for chunk in normalise_rule(rule_text).split(";"):
        key, _, value = chunk.partition("=")
        if key == "UNTIL":
            parts[key] = localise(rule._until).astimezone(ZoneInfo("UTC"))
        else:
            parts[key] = value.split(",")
    return parts
