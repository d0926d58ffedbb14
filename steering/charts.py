"""Bar charts as server-rendered SVG geometry (pure: no Django, no database).

A chart is drawn by templates/steering/includes/chart.html from the shapes computed here, in
the SVG's own units (viewBox): the picture scales with the page, the figures stay in the data
table beside it (the chart is `role="img"` with a title and a description; the table is the
text alternative). Colours (static/css/steering.css) are chosen for contrast on white: bars in
the site's primary colour #00497a (9.2:1), text #1e1e1e, grid lines #6b6b6b (5.3:1, above the
3:1 of WCAG 1.4.11 for graphics)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LABEL_SPACING = 120  # SVG units between two labels under a column chart
MAX_ROW_LABEL = 22  # characters of a row's label (the table has the full name)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True
    show_label_narrow: bool = True  # on a phone, where labels are drawn larger


@dataclass(frozen=True)
class Tick:
    value: int
    position: float  # y of a horizontal grid line (columns) or x of a vertical one (rows)


@dataclass(frozen=True)
class Chart:
    kind: str  # "columns" (over time) or "rows" (per commune, per situation)
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick] = field(default_factory=list)
    plot_left: float = 0
    plot_right: float = 0
    plot_top: float = 0
    plot_bottom: float = 0
    maximum: int = 0

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def nice_maximum(value: int) -> int:
    """The top of the scale: 1, 2, 2.5 or 5 × a power of ten, at least `value` (and 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * power
        if top >= value:
            return math.ceil(top)
    return int(10 * power)  # pragma: no cover (the loop always returns)


def scale_ticks(maximum: int) -> list[int]:
    """Evenly spaced whole values from 0 to `maximum` for grid lines (5, 4 or 2 steps)."""
    count = next((steps for steps in (5, 4, 2) if maximum % steps == 0), 1)
    return [maximum * index // count for index in range(count + 1)]


def columns(points: list[tuple[str, int]], *, width: int = 640, height: int = 300) -> Chart:
    """Vertical bars in time order. Only every n-th bar is labelled under the axis, so that
    labels never overlap (every 2n-th on a phone, where they are drawn larger); the table lists
    every period."""
    left, right, top, bottom = 64, 12, 16, 44
    plot_width = width - left - right
    plot_height = height - top - bottom
    maximum = nice_maximum(max((value for _label, value in points), default=0))
    slot = plot_width / max(1, len(points))
    bar_width = max(1.0, slot * 0.7)
    every = max(1, math.ceil(LABEL_SPACING / slot))
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = plot_height * value / maximum
        x = left + index * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(x, 2),
                y=round(top + plot_height - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                label_x=round(x + bar_width / 2, 2),
                label_y=height - bottom + 20,
                value_x=round(x + bar_width / 2, 2),
                value_y=round(top + plot_height - bar_height - 4, 2),
                show_label=index % every == 0,
                show_label_narrow=index % (2 * every) == 0,
            )
        )
    ticks = [
        Tick(value, round(top + plot_height - plot_height * value / maximum, 2))
        for value in scale_ticks(maximum)
    ]
    return Chart(
        "columns", width, height, bars, ticks, left, width - right, top, top + plot_height, maximum
    )


def rows(points: list[tuple[str, int]], *, width: int = 420, row_height: int = 28) -> Chart:
    """Horizontal bars, one per category, in the given order, labelled on the left and with
    their value at the end (readable on a phone: a row per category, however many)."""
    left, right, top, bottom = 176, 52, 6, 6
    height = top + bottom + row_height * max(1, len(points))
    plot_width = width - left - right
    maximum = nice_maximum(max((value for _label, value in points), default=0))
    bars = []
    for index, (label, value) in enumerate(points):
        bar_width = plot_width * value / maximum
        y = top + index * row_height + row_height * 0.15
        bar_height = row_height * 0.7
        bars.append(
            Bar(
                label=label if len(label) <= MAX_ROW_LABEL else label[: MAX_ROW_LABEL - 1] + "…",
                value=value,
                x=left,
                y=round(y, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                label_x=left - 8,
                label_y=round(y + bar_height * 0.72, 2),
                value_x=round(left + bar_width + 6, 2),
                value_y=round(y + bar_height * 0.72, 2),
            )
        )
    return Chart(
        "rows", width, height, bars, [], left, width - right, top, height - bottom, maximum
    )
