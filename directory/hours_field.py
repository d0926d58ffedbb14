"""Opening hours edited day by day, stored as the OpenStreetMap `opening_hours` string.

`compress` writes a week grid (up to two time ranges per weekday, public holidays closed or
not) as the canonical OSM string: days with the same ranges share one rule, runs of three
days or more are written `Mo-Fr`, shorter ones `Mo,Tu`, rules in weekday order, then
`PH off` — « Mo-Fr 09:00-12:00,13:30-17:00; PH off ». `decompress` reads such a string back
into a grid, and only when writing the grid gives back the very same string: anything else
(comments, months, week numbers, a different spelling) stays in the expert text input, so no
stored expression is ever changed by editing another field.

`OpeningHoursField` and `OpeningHoursWidget` put this in a form that works without
JavaScript: seven rows of two ranges, a « fermé les jours fériés » checkbox, and the expert
OSM input named like the field itself (a plain POST of `opening_hours` keeps working)."""

import itertools
import re
from dataclasses import dataclass, field

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
RANGES_PER_DAY = 2
PUBLIC_HOLIDAYS_OFF = "PH off"
GRID = "grid"
EXPERT = "expert"
END_OF_DAY = 24 * 60

# (start, end) in minutes since midnight; end may be 24:00.
TimeRange = tuple[int, int]
Week = tuple[tuple[TimeRange, ...], ...]


@dataclass(frozen=True)
class HoursGrid:
    """Seven days of sorted time ranges, and whether public holidays are closed."""

    days: Week = ((),) * 7
    holidays_closed: bool = True

    @property
    def is_empty(self) -> bool:
        return not any(self.days)


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


def compress(grid: HoursGrid) -> str:
    """The canonical OSM string of a grid; "" when no day has hours."""
    if grid.is_empty:
        return ""
    rules = []
    done: set[int] = set()
    for index, ranges in enumerate(grid.days):
        if not ranges or index in done:
            continue
        same = [other for other in range(index, 7) if grid.days[other] == ranges]
        done.update(same)
        times = ",".join(f"{format_minutes(start)}-{format_minutes(end)}" for start, end in ranges)
        rules.append(f"{_day_selector(same)} {times}")
    if grid.holidays_closed:
        rules.append(PUBLIC_HOLIDAYS_OFF)
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


def decompress(value: str) -> HoursGrid | None:
    """The grid of an OSM string, or None when the grid cannot write that exact string."""
    value = value or ""
    if not value:
        return HoursGrid()
    rules = value.split("; ")
    holidays_closed = rules[-1] == PUBLIC_HOLIDAYS_OFF
    if holidays_closed:
        rules = rules[:-1]
    days: list[tuple[TimeRange, ...]] = [()] * 7
    for rule in rules:
        selector, _space, times = rule.partition(" ")
        indexes = _osm_days(selector)
        ranges = _osm_ranges(times)
        if indexes is None or ranges is None or len(ranges) > RANGES_PER_DAY:
            return None
        if list(ranges) != sorted(ranges):
            return None  # the grid saves ranges in order: it would rewrite this string
        for index in indexes:
            if days[index]:
                return None
            days[index] = ranges
    grid = HoursGrid(days=tuple(days), holidays_closed=holidays_closed)
    if compress(grid) != value or _grid_errors(grid):
        return None
    return grid


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


def _grid_errors(grid: HoursGrid) -> list[ValidationError]:
    errors = []
    for index, ranges in enumerate(grid.days):
        day = DAY_NAMES[index]
        for start, end in ranges:
            if end <= start:
                errors.append(
                    ValidationError(
                        _("%(day)s : la plage finit (%(end)s) avant de commencer (%(start)s)."),
                        code="hours_end_before_start",
                        params={
                            "day": day,
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
                            "day": day,
                            "first": f"{format_minutes(first_start)}–{format_minutes(first_end)}",
                            "second": (
                                f"{format_minutes(second_start)}–{format_minutes(second_end)}"
                            ),
                        },
                    )
                )
    return errors


@dataclass
class HoursInput:
    """What the widget posted: the chosen mode, the typed grid cells, the expert string."""

    mode: str = GRID
    cells: list[list[tuple[str, str]]] = field(default_factory=list)
    holidays_closed: bool = False
    expert: str = ""

    def to_grid(self) -> HoursGrid:
        """The grid typed, or a ValidationError listing every mistake, each naming its day."""
        errors = []
        days = []
        for index, pairs in enumerate(self.cells):
            day = DAY_NAMES[index]
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
                            params={"day": day},
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
                                params={"day": day, "value": text},
                            )
                        )
                if len(times) == 2:
                    ranges.append((times[0], times[1]))
            days.append(tuple(sorted(ranges)))
        grid = HoursGrid(days=tuple(days), holidays_closed=self.holidays_closed)
        errors.extend(_grid_errors(grid))
        if errors:
            raise ValidationError(errors)
        return grid


# --- Form field and widget --------------------------------------------------------------------
class OpeningHoursWidget(forms.Widget):
    """Sub-fields: `<name>_mode` (grid/expert), `<name>_<Mo..Su>_<0|1>_start|_end`,
    `<name>_ph_off`, and the expert OSM string under `<name>` itself."""

    template_name = "directory/widgets/opening_hours.html"

    def value_from_datadict(self, data, files, name):
        mode = data.get(f"{name}_mode")
        if mode not in (GRID, EXPERT):
            # No grid posted (an older form, a script): the plain field is the OSM string.
            return data.get(name)
        cells = [
            [
                (
                    data.get(f"{name}_{day}_{slot}_start", ""),
                    data.get(f"{name}_{day}_{slot}_end", ""),
                )
                for slot in range(RANGES_PER_DAY)
            ]
            for day in DAYS
        ]
        return HoursInput(
            mode=mode,
            cells=cells,
            holidays_closed=bool(data.get(f"{name}_ph_off")),
            expert=data.get(name, ""),
        )

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_mode" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, HoursInput):
            posted = value
        else:
            text = value or ""
            grid = decompress(text)
            if grid is None:
                posted = HoursInput(mode=EXPERT, holidays_closed=True, expert=text)
            else:
                cells = [
                    [(format_minutes(start), format_minutes(end)) for start, end in ranges]
                    for ranges in grid.days
                ]
                posted = HoursInput(
                    mode=GRID,
                    cells=cells,
                    holidays_closed=grid.holidays_closed,
                    expert=text,
                )
        rows = []
        for index, day in enumerate(DAYS):
            pairs = posted.cells[index] if index < len(posted.cells) else []
            slots = []
            for slot in range(RANGES_PER_DAY):
                start, end = pairs[slot] if slot < len(pairs) else ("", "")
                slots.append(
                    {
                        "start_name": f"{name}_{day}_{slot}_start",
                        "end_name": f"{name}_{day}_{slot}_end",
                        "start": start,
                        "end": end,
                    }
                )
            rows.append({"label": DAY_NAMES[index], "slots": slots})
        context["hours"] = {
            "rows": rows,
            "mode_name": f"{name}_mode",
            "mode": posted.mode,
            "ph_name": f"{name}_ph_off",
            "holidays_closed": posted.holidays_closed,
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
