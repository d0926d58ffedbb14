"""Opening hours edited day by day, stored as the OpenStreetMap `opening_hours` string.

`compress` writes a week grid (up to two time ranges per weekday, public holidays closed, open
with their own hours or like any day, and dated periods) as the canonical OSM string: days with
the same ranges share one rule, runs of three days or more are written `Mo-Fr`, shorter ones
`Mo,Tu`, rules in weekday order; then the periods with other hours (`2027 Jul 01-2027 Aug 31
Mo-Fr 09:00-12:00`), the public holidays rule (`PH off` or `PH 09:00-12:00`), and last the
closures (`2026 Dec 24-2027 Jan 01 off`). In OSM a later rule wins on the days it selects: this
order keeps 14 July closed inside summer hours, and closes a Christmas closure's holidays even
when holidays are otherwise open. Periods may not overlap, so their order among themselves does
not matter. `decompress` reads such a string back
into a grid, and only when writing the grid gives back the very same string: anything else
(comments, months, week numbers, a different spelling) stays in the expert text input, so no
stored expression is ever changed by editing another field.

`OpeningHoursField` and `OpeningHoursWidget` put this in a form that works without
JavaScript: seven rows of two ranges, the public holidays choice (and their ranges), lines
« du [date] au [date] : fermé | horaires », and the expert OSM input named like the field
itself (a plain POST of `opening_hours` keeps working)."""

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = (
    _("Lundi"),
    _("Mardi"),
    _("Mercredi"),
    _("Jeudi"),
    _("Vendredi"),
    _("Samedi"),
    _("Dimanche"),
)
HOLIDAYS_LABEL = _("Jours fériés")
RANGES_PER_DAY = 2
PUBLIC_HOLIDAYS_OFF = "PH off"
GRID = "grid"
EXPERT = "expert"
END_OF_DAY = 24 * 60
OSM_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# What the widget posts for public holidays.
HOLIDAYS_SAME = "same"
HOLIDAYS_OFF = "off"
HOLIDAYS_HOURS = "hours"
PERIOD_CLOSED = "closed"
PERIOD_HOURS = "hours"
# Empty period lines shown under the filled ones (no JavaScript to add more); at most this many
# lines are read from a POST.
BLANK_PERIOD_LINES = 2
MAX_PERIOD_LINES = 20

# (start, end) in minutes since midnight; end may be 24:00.
TimeRange = tuple[int, int]
Week = tuple[tuple[TimeRange, ...], ...]


@dataclass(frozen=True)
class Period:
    """From `start` to `end` included: closed (no ranges), or open with `ranges` on `weekdays`
    (0 = Monday; empty = every day; the other days keep their weekly hours)."""

    start: date
    end: date
    ranges: tuple[TimeRange, ...] = ()
    weekdays: tuple[int, ...] = ()

    @property
    def is_closed(self) -> bool:
        return not self.ranges


@dataclass(frozen=True)
class HoursGrid:
    """Seven days of sorted time ranges; public holidays closed, or open with `holiday_hours`
    (neither: like any other day); dated periods of other hours or closure."""

    days: Week = ((),) * 7
    holidays_closed: bool = True
    holiday_hours: tuple[TimeRange, ...] = ()
    periods: tuple[Period, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(self.days) and not self.periods and not self.holiday_hours


# --- The OSM string ---------------------------------------------------------------------------
def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_selector(indexes: list[int]) -> str:
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAYS[run[0]]}-{DAYS[run[-1]]}")
        else:
            parts.extend(DAYS[index] for index in run)
    return ",".join(parts)


def _osm_times(ranges: tuple[TimeRange, ...]) -> str:
    return ",".join(f"{format_minutes(start)}-{format_minutes(end)}" for start, end in ranges)


def _osm_date(day: date) -> str:
    return f"{day.year} {OSM_MONTHS[day.month - 1]} {day.day:02d}"


def _osm_period(period: Period) -> str:
    dates = f"{_osm_date(period.start)}-{_osm_date(period.end)}"
    if period.is_closed:
        return f"{dates} off"
    if period.weekdays:
        return f"{dates} {_day_selector(list(period.weekdays))} {_osm_times(period.ranges)}"
    return f"{dates} {_osm_times(period.ranges)}"


def compress(grid: HoursGrid) -> str:
    """The canonical OSM string of a grid; "" when it has no hours at all."""
    if grid.is_empty:
        return ""
    rules = []
    done: set[int] = set()
    for index, ranges in enumerate(grid.days):
        if not ranges or index in done:
            continue
        same = [other for other in range(index, 7) if grid.days[other] == ranges]
        done.update(same)
        rules.append(f"{_day_selector(same)} {_osm_times(ranges)}")
    periods = sorted(grid.periods, key=lambda period: (period.start, period.end))
    rules.extend(_osm_period(period) for period in periods if not period.is_closed)
    if grid.holidays_closed:
        rules.append(PUBLIC_HOLIDAYS_OFF)
    elif grid.holiday_hours:
        rules.append(f"PH {_osm_times(grid.holiday_hours)}")
    rules.extend(_osm_period(period) for period in periods if period.is_closed)
    return "; ".join(rules)


_OSM_TIME = r"(\d{2}):(\d{2})"
_OSM_RANGE_RE = re.compile(rf"^{_OSM_TIME}-{_OSM_TIME}$")
_OSM_DAYS_RE = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")


def _osm_days(selector: str) -> list[int] | None:
    indexes = []
    for part in selector.split(","):
        match = _OSM_DAYS_RE.match(part)
        if not match:
            return None
        first = DAYS.index(match[1])
        last = DAYS.index(match[2]) if match[2] else first
        if last < first:
            return None
        indexes.extend(range(first, last + 1))
    return indexes


def _osm_ranges(text: str) -> tuple[TimeRange, ...] | None:
    ranges = []
    for part in text.split(","):
        match = _OSM_RANGE_RE.match(part)
        if not match:
            return None
        start = int(match[1]) * 60 + int(match[2])
        end = int(match[3]) * 60 + int(match[4])
        ranges.append((start, end))
    return tuple(ranges)


_OSM_MONTH = "|".join(OSM_MONTHS)
_OSM_PERIOD_RE = re.compile(
    rf"^(\d{{4}}) ({_OSM_MONTH}) (\d{{2}})-(\d{{4}}) ({_OSM_MONTH}) (\d{{2}}) (.+)$"
)


def _osm_period_rule(rule: str) -> Period | None:
    match = _OSM_PERIOD_RE.match(rule)
    if not match:
        return None
    try:
        start = date(int(match[1]), OSM_MONTHS.index(match[2]) + 1, int(match[3]))
        end = date(int(match[4]), OSM_MONTHS.index(match[5]) + 1, int(match[6]))
    except ValueError:
        return None
    rest = match[7]
    if rest == "off":
        return Period(start, end)
    selector, _space, times = rest.rpartition(" ")
    weekdays = _osm_days(selector) if selector else []
    ranges = _osm_ranges(times)
    if weekdays is None or ranges is None:
        return None
    return Period(start, end, ranges=ranges, weekdays=tuple(weekdays))


def decompress(value: str) -> HoursGrid | None:
    """The grid of an OSM string, or None when the grid cannot write that exact string."""
    value = value or ""
    if not value:
        return HoursGrid()
    days: list[tuple[TimeRange, ...]] = [()] * 7
    holidays_closed = False
    holiday_hours: tuple[TimeRange, ...] = ()
    periods = []
    for rule in value.split("; "):
        if rule == PUBLIC_HOLIDAYS_OFF:
            holidays_closed = True
            continue
        if rule.startswith("PH "):
            holiday_hours = _osm_ranges(rule[3:])
            if holiday_hours is None:
                return None
            continue
        if rule[:1].isdigit():
            period = _osm_period_rule(rule)
            if period is None:
                return None
            periods.append(period)
            continue
        selector, _space, times = rule.partition(" ")
        indexes = _osm_days(selector)
        ranges = _osm_ranges(times)
        if indexes is None or ranges is None:
            return None
        for index in indexes:
            if days[index]:
                return None
            days[index] = ranges
    grid = HoursGrid(
        days=tuple(days),
        holidays_closed=holidays_closed,
        holiday_hours=holiday_hours,
        periods=tuple(sorted(periods, key=lambda period: (period.start, period.end))),
    )
    # Too many ranges, unsorted ranges, rules out of the grid's order or spelling: writing the
    # grid would change the string, so it stays in expert mode.
    if compress(grid) != value or _grid_errors(grid) or not _fits_the_form(grid):
        return None
    return grid


def _fits_the_form(grid: HoursGrid) -> bool:
    if any(len(period.weekdays) == 7 for period in grid.periods):
        return False  # every day ticked is written without days: « Mo-Su » would be lost
    every = [*grid.days, grid.holiday_hours, *(period.ranges for period in grid.periods)]
    return all(len(ranges) <= RANGES_PER_DAY and list(ranges) == sorted(ranges) for ranges in every)


# --- What people type -------------------------------------------------------------------------
_TYPED_TIME_RE = re.compile(r"^(\d{1,2})(?:h(\d{2})?|:(\d{2}))?$")


def parse_time(text: str) -> int:
    """Minutes since midnight of « 9h », « 9h30 », « 09:30 », « 9:30 », « 9 »; 24:00 is the
    end of the day. Raises ValueError otherwise."""
    typed = re.sub(r"\s+", "", text or "").lower()
    match = _TYPED_TIME_RE.match(typed)
    if not match:
        raise ValueError(text)
    hours = int(match[1])
    minutes = int(match[2] or match[3] or 0)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(text)
    return hours * 60 + minutes


_TYPED_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TYPED_FRENCH_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(text: str) -> date:
    """A date typed « 24/12/2026 » (jj/mm/aaaa) or posted by an HTML date input
    (« 2026-12-24 »). Raises ValueError otherwise."""
    typed = (text or "").strip()
    if match := _TYPED_ISO_DATE_RE.match(typed):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _TYPED_FRENCH_DATE_RE.match(typed):
        return date(int(match[3]), int(match[2]), int(match[1]))
    raise ValueError(text)


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def period_label(number: int) -> str:
    return _("Période %(number)s") % {"number": number}


def _ranges_errors(label, ranges: tuple[TimeRange, ...]) -> list[ValidationError]:
    """End before start, overlapping ranges: each error names `label` (a day, a period)."""
    errors = []
    for start, end in ranges:
        if end <= start:
            errors.append(
                ValidationError(
                    _("%(day)s : la plage finit (%(end)s) avant de commencer (%(start)s)."),
                    code="hours_end_before_start",
                    params={
                        "day": label,
                        "start": format_minutes(start),
                        "end": format_minutes(end),
                    },
                )
            )
    ordered = sorted(ranges)
    for (first_start, first_end), (second_start, second_end) in itertools.pairwise(ordered):
        if second_start < first_end:
            errors.append(
                ValidationError(
                    _("%(day)s : les plages %(first)s et %(second)s se chevauchent."),
                    code="hours_overlap",
                    params={
                        "day": label,
                        "first": f"{format_minutes(first_start)}–{format_minutes(first_end)}",
                        "second": f"{format_minutes(second_start)}–{format_minutes(second_end)}",
                    },
                )
            )
    return errors


def _periods_errors(numbered: list[tuple[int, Period]]) -> list[ValidationError]:
    """Dates in the wrong order and periods overlapping, naming the lines by their number."""
    errors = []
    for number, period in numbered:
        if period.end < period.start:
            errors.append(
                ValidationError(
                    _(
                        "%(line)s : la date de fin (%(end)s) est avant la date de début "
                        "(%(start)s)."
                    ),
                    code="period_end_before_start",
                    params={
                        "line": period_label(number),
                        "start": french_date(period.start),
                        "end": french_date(period.end),
                    },
                )
            )
        errors.extend(_ranges_errors(period_label(number), period.ranges))
    for (first_number, first), (second_number, second) in itertools.combinations(numbered, 2):
        if first.start <= second.end and second.start <= first.end:
            errors.append(
                ValidationError(
                    _(
                        "%(line)s : elle chevauche la période %(other)s ; une date ne peut être "
                        "que dans une seule période."
                    ),
                    code="periods_overlap",
                    params={"line": period_label(second_number), "other": first_number},
                )
            )
    return errors


def _grid_errors(grid: HoursGrid) -> list[ValidationError]:
    errors = []
    for index, ranges in enumerate(grid.days):
        errors.extend(_ranges_errors(DAY_NAMES[index], ranges))
    errors.extend(_ranges_errors(HOLIDAYS_LABEL, grid.holiday_hours))
    errors.extend(_periods_errors(list(enumerate(grid.periods, start=1))))
    return errors


def _typed_ranges(label, pairs, errors: list) -> tuple[TimeRange, ...]:
    """The ranges typed in (start, end) text pairs, sorted; mistakes appended to `errors`."""
    ranges = []
    for start_text, end_text in pairs:
        start_text, end_text = start_text.strip(), end_text.strip()
        if not start_text and not end_text:
            continue
        if not start_text or not end_text:
            errors.append(
                ValidationError(
                    _("%(day)s : indiquez l'heure de début et l'heure de fin."),
                    code="hours_incomplete",
                    params={"day": label},
                )
            )
            continue
        times = []
        for text in (start_text, end_text):
            try:
                times.append(parse_time(text))
            except ValueError:
                errors.append(
                    ValidationError(
                        _(
                            "%(day)s : « %(value)s » n'est pas une heure ; écrivez par "
                            "exemple 9h, 9h30 ou 09:30."
                        ),
                        code="hours_invalid_time",
                        params={"day": label, "value": text},
                    )
                )
        if len(times) == 2:
            ranges.append((times[0], times[1]))
    return tuple(sorted(ranges))


@dataclass
class PeriodInput:
    """One posted line « du [date] au [date] : fermé | horaires »."""

    start: str = ""
    end: str = ""
    kind: str = PERIOD_CLOSED
    weekdays: list[int] = field(default_factory=list)
    cells: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        typed = [self.start, self.end, *itertools.chain.from_iterable(self.cells)]
        return not any(text.strip() for text in typed)


@dataclass
class HoursInput:
    """What the widget posted: the chosen mode, the typed grid cells, the public holidays
    choice and ranges, the dated periods, the expert string."""

    mode: str = GRID
    cells: list[list[tuple[str, str]]] = field(default_factory=list)
    holidays: str = HOLIDAYS_OFF
    holiday_cells: list[tuple[str, str]] = field(default_factory=list)
    periods: list[PeriodInput] = field(default_factory=list)
    expert: str = ""

    def to_grid(self) -> HoursGrid:
        """The grid typed, or a ValidationError listing every mistake, each naming its day,
        « Jours fériés » or its period line."""
        errors: list[ValidationError] = []
        days = [
            _typed_ranges(DAY_NAMES[index], pairs, errors) for index, pairs in enumerate(self.cells)
        ]
        holiday_hours: tuple[TimeRange, ...] = ()
        if self.holidays == HOLIDAYS_HOURS:
            holiday_hours = _typed_ranges(HOLIDAYS_LABEL, self.holiday_cells, errors)
            if not holiday_hours and not errors:
                errors.append(
                    ValidationError(
                        _(
                            "Jours fériés : indiquez les horaires d'ouverture, ou choisissez "
                            "« fermé » ou « comme les autres jours »."
                        ),
                        code="holiday_hours_missing",
                    )
                )
        numbered = []
        for number, line in enumerate(self.periods, start=1):
            if line.is_blank:
                continue
            period = self._period(number, line, errors)
            if period is not None:
                numbered.append((number, period))
        errors.extend(_periods_errors(numbered))
        grid = HoursGrid(
            days=tuple(days),
            holidays_closed=self.holidays == HOLIDAYS_OFF,
            holiday_hours=holiday_hours,
            periods=tuple(period for _number, period in numbered),
        )
        for index, ranges in enumerate(grid.days):
            errors.extend(_ranges_errors(DAY_NAMES[index], ranges))
        errors.extend(_ranges_errors(HOLIDAYS_LABEL, grid.holiday_hours))
        if errors:
            raise ValidationError(errors)
        return grid

    @staticmethod
    def _period(number: int, line: PeriodInput, errors: list) -> Period | None:
        label = period_label(number)
        dates = []
        for text in (line.start, line.end):
            if not text.strip():
                errors.append(
                    ValidationError(
                        _("%(line)s : indiquez la date de début et la date de fin."),
                        code="period_incomplete",
                        params={"line": label},
                    )
                )
                return None
            try:
                dates.append(parse_date(text))
            except ValueError:
                errors.append(
                    ValidationError(
                        _(
                            "%(line)s : « %(value)s » n'est pas une date ; écrivez-la "
                            "jj/mm/aaaa, par exemple 24/12/2026."
                        ),
                        code="period_invalid_date",
                        params={"line": label, "value": text.strip()},
                    )
                )
        ranges = _typed_ranges(label, line.cells, errors)
        if (
            line.kind == PERIOD_HOURS
            and not ranges
            and not any(start.strip() or end.strip() for start, end in line.cells)
        ):
            errors.append(
                ValidationError(
                    _("%(line)s : indiquez les horaires de la période, ou choisissez « fermé »."),
                    code="period_hours_missing",
                    params={"line": label},
                )
            )
        if line.kind != PERIOD_HOURS and ranges:
            errors.append(
                ValidationError(
                    _(
                        "%(line)s : vous avez choisi « fermé » et saisi des horaires ; choisissez "
                        "« horaires » ou effacez-les."
                    ),
                    code="period_closed_with_hours",
                    params={"line": label},
                )
            )
        if len(dates) != 2:
            return None
        if line.kind != PERIOD_HOURS:
            return Period(dates[0], dates[1])
        weekdays = tuple(sorted(set(line.weekdays)))
        if len(weekdays) == 7:
            weekdays = ()
        return Period(dates[0], dates[1], ranges=ranges, weekdays=weekdays)


# --- Form field and widget --------------------------------------------------------------------
class OpeningHoursWidget(forms.Widget):
    """Sub-fields: `<name>_mode` (grid/expert), `<name>_<Mo..Su>_<0|1>_start|_end`,
    `<name>_ph` (same/off/hours) and `<name>_PH_<0|1>_start|_end`, period lines
    `<name>_period_<i>_from|_to|_kind` (closed/hours), `<name>_period_<i>_<Mo..Su>` and
    `<name>_period_<i>_<0|1>_start|_end`, and the expert OSM string under `<name>` itself."""

    template_name = "directory/widgets/opening_hours.html"

    class Media:
        css = {"all": ["css/opening_hours.css"]}

    @staticmethod
    def _pairs(data, prefix: str) -> list[tuple[str, str]]:
        return [
            (data.get(f"{prefix}_{slot}_start", ""), data.get(f"{prefix}_{slot}_end", ""))
            for slot in range(RANGES_PER_DAY)
        ]

    def value_from_datadict(self, data, files, name):
        mode = data.get(f"{name}_mode")
        if mode not in (GRID, EXPERT):
            # No grid posted (an older form, a script): the plain field is the OSM string.
            return data.get(name)
        holidays = data.get(f"{name}_ph")
        if holidays not in (HOLIDAYS_SAME, HOLIDAYS_OFF, HOLIDAYS_HOURS):
            # The earlier form had a single « fermé les jours fériés » checkbox.
            holidays = HOLIDAYS_OFF if data.get(f"{name}_ph_off") else HOLIDAYS_SAME
        periods = []
        for line in range(MAX_PERIOD_LINES):
            prefix = f"{name}_period_{line}"
            if f"{prefix}_from" not in data:
                break
            periods.append(
                PeriodInput(
                    start=data.get(f"{prefix}_from", ""),
                    end=data.get(f"{prefix}_to", ""),
                    kind=data.get(f"{prefix}_kind", PERIOD_CLOSED),
                    weekdays=[
                        index for index, day in enumerate(DAYS) if data.get(f"{prefix}_{day}")
                    ],
                    cells=self._pairs(data, prefix),
                )
            )
        return HoursInput(
            mode=mode,
            cells=[self._pairs(data, f"{name}_{day}") for day in DAYS],
            holidays=holidays,
            holiday_cells=self._pairs(data, f"{name}_PH"),
            periods=periods,
            expert=data.get(name, ""),
        )

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_mode" not in data

    @staticmethod
    def _posted(value) -> HoursInput:
        """What to show: the POST as typed, or the stored string in the grid or expert mode."""
        if isinstance(value, HoursInput):
            return value
        text = value or ""
        grid = decompress(text)
        if grid is None:
            return HoursInput(mode=EXPERT, expert=text)

        def cells(ranges):
            return [(format_minutes(start), format_minutes(end)) for start, end in ranges]

        if grid.holidays_closed:
            holidays = HOLIDAYS_OFF
        elif grid.holiday_hours:
            holidays = HOLIDAYS_HOURS
        else:
            holidays = HOLIDAYS_SAME
        periods = [
            PeriodInput(
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                kind=PERIOD_CLOSED if period.is_closed else PERIOD_HOURS,
                weekdays=list(period.weekdays),
                cells=cells(period.ranges),
            )
            for period in sorted(grid.periods, key=lambda period: period.start)
        ]
        return HoursInput(
            mode=GRID,
            cells=[cells(ranges) for ranges in grid.days],
            holidays=holidays,
            holiday_cells=cells(grid.holiday_hours),
            periods=periods,
            expert=text,
        )

    @staticmethod
    def _slots(prefix: str, pairs, label) -> list[dict]:
        slots = []
        for slot in range(RANGES_PER_DAY):
            start, end = pairs[slot] if slot < len(pairs) else ("", "")
            slots.append(
                {
                    "start_name": f"{prefix}_{slot}_start",
                    "end_name": f"{prefix}_{slot}_end",
                    "start": start,
                    "end": end,
                    "label": label,
                    "number": slot + 1,
                }
            )
        return slots

    @staticmethod
    def _date_value(text: str) -> str:
        """An HTML date input shows only ISO dates: a typed « 24/12/2026 » is shown so."""
        try:
            return parse_date(text).isoformat()
        except ValueError:
            return text

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        posted = self._posted(value)
        rows = []
        for index, day in enumerate(DAYS):
            pairs = posted.cells[index] if index < len(posted.cells) else []
            rows.append(
                {
                    "label": DAY_NAMES[index],
                    "slots": self._slots(f"{name}_{day}", pairs, DAY_NAMES[index]),
                }
            )
        lines = [*posted.periods, *(PeriodInput() for _blank in range(BLANK_PERIOD_LINES))]
        periods = []
        for line, period in enumerate(lines[:MAX_PERIOD_LINES]):
            prefix = f"{name}_period_{line}"
            label = period_label(line + 1)
            periods.append(
                {
                    "label": label,
                    "from_name": f"{prefix}_from",
                    "to_name": f"{prefix}_to",
                    "from": self._date_value(period.start),
                    "to": self._date_value(period.end),
                    "kind_name": f"{prefix}_kind",
                    "closed": period.kind != PERIOD_HOURS,
                    "days": [
                        {
                            "name": f"{prefix}_{day}",
                            "label": DAY_NAMES[index],
                            "checked": index in period.weekdays,
                        }
                        for index, day in enumerate(DAYS)
                    ],
                    "slots": self._slots(prefix, period.cells, label),
                }
            )
        context["hours"] = {
            "rows": rows,
            "mode_name": f"{name}_mode",
            "mode": posted.mode,
            "ph_name": f"{name}_ph",
            "holidays": posted.holidays,
            "holiday_slots": self._slots(f"{name}_PH", posted.holiday_cells, HOLIDAYS_LABEL),
            "periods": periods,
            "expert": posted.expert or "",
            "id": context["widget"]["attrs"].get("id") or f"id_{name}",
        }
        return context


class OpeningHoursField(forms.CharField):
    """A CharField whose value is the OSM string, typed in the grid or, in expert mode, as is."""

    widget = OpeningHoursWidget

    def to_python(self, value):
        if isinstance(value, HoursInput):
            value = value.expert if value.mode == EXPERT else compress(value.to_grid())
        return super().to_python(value)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or "")
        except ValidationError:
            return True


def use_opening_hours_grid(form, name: str = "opening_hours") -> None:
    """Swap a model form's `opening_hours` CharField for the day-by-day editor (same label,
    help, requiredness and length; the model field and its validator are unchanged)."""
    current = form.fields.get(name)
    if current is None:
        return
    form.fields[name] = OpeningHoursField(
        label=current.label,
        help_text=_(
            "Pour chaque jour, jusqu'à deux plages (par exemple 9h – 12h et 13h30 – 17h) ; "
            "laissez vide un jour fermé. Le mode expert garde la syntaxe OpenStreetMap."
        ),
        required=current.required,
        max_length=current.max_length,
        initial=current.initial,
    )


def use_opening_hours_grid_inline(form, relation: str) -> None:
    """The same editor in each form of an inline panel (`stops`, `referents`) of a cluster
    form. A form added in the page by script posts the plain OSM input, read as is."""
    formset = getattr(form, "formsets", {}).get(relation)
    if formset is None:
        return
    for child in formset.forms:
        use_opening_hours_grid(child)


def dated_closure(start: date, end: date) -> str:
    """The OSM rule of a closure from `start` to `end` included (`2027 Jan 05-2027 Jan 12 off`),
    as the editor writes dated periods."""
    return _osm_period(Period(start, end))
