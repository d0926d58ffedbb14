"""What the dashboards show, read from the aggregate counters (core.models.DailyCounter) with
SQL sums, never from Redis (issue #18, item 2).

Where a counter happened: its `commune` dimension (INSEE code) when it has one (orientations),
otherwise the commune of the organisation it names (sheet views, clicks, callback requests,
event registrations, contact requests), otherwise the commune of the organisation of the
service it names. A moderator's dashboard keeps only the counters placed in their territory;
counters placed nowhere (zero-result searches, residence sheet PDFs) are the site admins' only.
The situation filter keeps the counters that carry a situation (orientations and callback
requests).

Periods of up to 62 days are read day by day from `DailyCounter`; longer ones are shown per
month and read from `MonthlyCounter` (the flush writes both) for their whole months, from
`DailyCounter` only for the days of a month they cover in part: a year of counters is a few
thousand monthly rows instead of hundreds of thousands of daily ones (bench/indicators.py)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import counters
from directory.models import Commune
from directory.templatetags.formats import date_fr
from events.models import RegistrationStatus
from offers.vocabularies import Outcome
from orientation.models import CallbackStatus, Situation

from . import charts

FEW_ANSWERS = 3  # an orientation with fewer answers than this met a gap (steering's gap map)

# Units of the periods of a time chart, by length of the period shown.
DAY, MONTH = "day", "month"
DAILY_UP_TO = 62  # days: longer periods are shown (and read) per month

METRIC_LABELS = {
    "sheet_view": gettext_lazy("Consultations de fiches"),
    "click_call": gettext_lazy("Clics sur un numéro de téléphone"),
    "click_email": gettext_lazy("Clics sur une adresse e-mail"),
    "click_directions": gettext_lazy("Clics sur un itinéraire"),
    "callback_request": gettext_lazy("Demandes de rappel"),
    "event_registration": gettext_lazy("Inscriptions aux événements"),
    "offer_contacted": gettext_lazy("Demandes de contact sur les offres"),
    "premises": gettext_lazy("Locaux"),
    "match": gettext_lazy("Correspondances"),
    "pdf": gettext_lazy("PDF et affiches produits"),
    "search_zero_result": gettext_lazy("Recherches sans résultat"),
    "widget_view": gettext_lazy("Affichages du widget"),
}
# The order of the activity table (metrics not listed come after, by name).
METRIC_ORDER = list(METRIC_LABELS)
OUTCOME_LABELS = {
    "callback_request": {str(choice.value): choice.label for choice in CallbackStatus},
    "event_registration": {
        **{str(choice.value): choice.label for choice in RegistrationStatus},
        "promoted": gettext_lazy("Passé de la liste d'attente à inscrit"),
        "attended": gettext_lazy("Présent"),
    },
    "premises": {
        "posted": gettext_lazy("proposés"),
        "let": gettext_lazy("occupés"),
    },
    "match": {str(choice.value): choice.label for choice in Outcome if choice.value},
}

# The columns of a partner organisation's figures: (metric, outcome or None, header).
PARTNER_COLUMNS = (
    ("sheet_view", None, gettext_lazy("Consultations des fiches")),
    ("click_call", None, gettext_lazy("Clics « appeler »")),
    ("click_email", None, gettext_lazy("Clics « écrire »")),
    ("click_directions", None, gettext_lazy("Clics « itinéraire »")),
    ("callback_request", "sent", gettext_lazy("Demandes de rappel reçues")),
    ("offer_contacted", None, gettext_lazy("Demandes de contact reçues")),
    ("event_registration", "confirmed", gettext_lazy("Inscriptions aux événements")),
    ("event_registration", "waitlisted", gettext_lazy("Inscriptions en liste d'attente")),
    ("event_registration", "attended", gettext_lazy("Présences aux événements")),
)


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows: days `start`–`end` (included), the territory (INSEE codes, None
    for everywhere), and optionally one commune and one situation."""

    start: datetime.date
    end: datetime.date
    territory: tuple[str, ...] | None
    commune: str | None = None
    situation: str | None = None

    @property
    def unit(self) -> str:
        return DAY if (self.end - self.start).days + 1 <= DAILY_UP_TO else MONTH


@dataclass
class Table:
    """One table of a dashboard, as shown, exported (CSV, ODS) and drawn."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart: charts.Chart | None = None
    chart_description: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def period_starts(start: datetime.date, end: datetime.date, unit: str) -> list[datetime.date]:
    """The first day of every period from `start` to `end`, so that a period without any
    count still shows, as zero."""
    first = start if unit == DAY else start.replace(day=1)
    starts = []
    while first <= end:
        starts.append(first)
        first = first + datetime.timedelta(days=1) if unit == DAY else next_month(first)
    return starts


def period_label(day: datetime.date, unit: str, *, short: bool = False) -> str:
    """A period as a table says it (« 10 mars 2026 », « mars 2026 »), or (`short`) as a
    chart's axis does (« 10 mars »)."""
    if unit == MONTH:
        return date_format(day, "F Y")
    return date_fr(day, not short)


def split_period(
    start: datetime.date, end: datetime.date, today: datetime.date
) -> tuple[list[tuple[datetime.date, datetime.date]], tuple[datetime.date, datetime.date] | None]:
    """The day ranges to read from DailyCounter and the months (first, last) to read from
    MonthlyCounter for the period `start`–`end`. A month is read whole when the period covers
    it, or covers it up to `today` (there are no counts after today)."""
    first = start if start.day == 1 else next_month(start)
    last = end.replace(day=1)
    if next_month(last) - datetime.timedelta(days=1) > end and end < today:
        last = (last - datetime.timedelta(days=1)).replace(day=1)
    if first > last:
        return [(start, end)], None
    days = []
    if start < first:
        days.append((start, first - datetime.timedelta(days=1)))
    after = next_month(last)
    if after <= end:
        days.append((after, end))
    return days, (first, last)


# --- SQL ---------------------------------------------------------------------------------------

# The place of a counter (see the module docstring), as an SQL expression over the counters
# `c` joined to its organisation `o` (named directly) and to the organisation `so` of its
# service; `oc` and `soc` are their communes.
_PLACED = """
LEFT JOIN directory_organisation o
  ON o.id = CASE WHEN c.organisation ~ '^[0-9]{1,18}$' THEN c.organisation::bigint END
LEFT JOIN directory_commune oc ON oc.id = o.commune_id
LEFT JOIN directory_service s
  ON c.organisation IS NULL
 AND s.id = CASE WHEN c.service ~ '^[0-9]{1,18}$' THEN c.service::bigint END
LEFT JOIN directory_organisation so ON so.id = s.organisation_id
LEFT JOIN directory_commune soc ON soc.id = so.commune_id
"""
_PLACE = "COALESCE(c.commune, oc.insee_code, soc.insee_code)"
# Fewer than FEW_ANSWERS answers: the counter stores the number as its decimal text.
_FEW = "c.dimensions->>'answers' IN ({})".format(
    ", ".join(f"'{number:d}'" for number in range(FEW_ANSWERS))
)


def _source(filters: Filters, metrics: str, params: list) -> str:
    """The counters of the period as `c` (day or month, metric, dimensions, value): daily rows
    for short periods and the edges of long ones, monthly rows for the whole months. `metrics`
    is a constant SQL condition on `metric`."""
    if filters.unit == DAY:
        days, months = [(filters.start, filters.end)], None
    else:
        days, months = split_period(filters.start, filters.end, counters.today())
    parts = []
    for first, last in days:
        daily = "SELECT day, metric, dimensions, value FROM core_dailycounter WHERE "
        parts.append(daily + metrics + " AND day BETWEEN %s AND %s")
        params += [first, last]
    if months:
        monthly = "SELECT month AS day, metric, dimensions, value FROM core_monthlycounter WHERE "
        parts.append(monthly + metrics + " AND month BETWEEN %s AND %s")
        params += list(months)
    return "(" + " UNION ALL ".join(parts) + ") c"


def _where(
    filters: Filters, place: str, params: list, situation: str = "c.dimensions->>'situation'"
) -> str:
    """The conditions of the territory, commune and situation filters."""
    clauses = ["true"]
    if filters.territory is not None:
        clauses.append(f"{place} = ANY(%s)")
        params.append(list(filters.territory))
    if filters.commune:
        clauses.append(f"{place} = %s")
        params.append(filters.commune)
    if filters.situation:
        clauses.append(f"{situation} = %s")
        params.append(filters.situation)
    return " AND ".join(clauses)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def orientation_sums(filters: Filters):
    """Orientations and those with few answers, per period, per commune and per situation, in
    one pass over the rows (grouping sets)."""
    params: list = []
    source = _source(filters, "metric = 'orientation'", params)
    where = _where(filters, "c.dimensions->>'commune'", params)
    unit = filters.unit  # one of two constants: safe in the SQL text
    sql = f"""
        SELECT GROUPING(period, commune, situation), period, commune, situation,
               SUM(value), SUM(value) FILTER (WHERE few)
        FROM (
            SELECT date_trunc('{unit}', c.day)::date AS period,
                   c.dimensions->>'commune' AS commune,
                   c.dimensions->>'situation' AS situation,
                   c.value, {_FEW} AS few
            FROM {source}
            WHERE {where}
        ) counted
        GROUP BY GROUPING SETS ((period), (commune), (situation))
    """  # noqa: S608 - the unit and the few-answers test are constants; values are parameters
    by_period, by_commune, by_situation = {}, {}, {}
    for grouping, period, commune, situation, total, few in _fetch(sql, params):
        figures = (int(total or 0), int(few or 0))
        if grouping == 0b011:
            by_period[period] = figures
        elif grouping == 0b101:
            by_commune[commune] = figures
        else:
            by_situation[situation] = figures
    return by_period, by_commune, by_situation


def activity_sums(filters: Filters, *, organisation_id: int | None = None, by_period=False):
    """Sums of the other metrics by metric and outcome (and period), placed and filtered."""
    params: list = []
    source = _source(filters, "metric NOT IN ('orientation', 'search_zero_result_term')", params)
    own = ""
    if organisation_id is not None:
        own = "WHERE c.dimensions->>'organisation' = %s"
        params.append(str(organisation_id))
    where = _where(filters, _PLACE, params, situation="c.situation")
    period = f"date_trunc('{filters.unit}', c.day)::date" if by_period else "NULL::date"
    # Summed first by what places and filters them (a few thousand groups), then placed.
    sql = f"""
        SELECT c.period, c.metric, c.outcome, SUM(c.total)
        FROM (
            SELECT {period} AS period, c.metric, c.dimensions->>'outcome' AS outcome,
                   c.dimensions->>'commune' AS commune,
                   c.dimensions->>'organisation' AS organisation,
                   c.dimensions->>'service' AS service,
                   c.dimensions->>'situation' AS situation,
                   SUM(c.value) AS total
            FROM {source}
            {own}
            GROUP BY 1, 2, 3, 4, 5, 6, 7
        ) c
        {_PLACED}
        WHERE {where}
        GROUP BY 1, 2, 3
    """  # noqa: S608 - the unit, metrics and place are constants; values are parameters
    rows = _fetch(sql, params)
    return [(day, metric, outcome, int(total)) for day, metric, outcome, total in rows]


# --- Tables ------------------------------------------------------------------------------------


def commune_names(codes, known: dict[str, str]) -> dict[str, str]:
    """Names of communes by INSEE code: the `known` ones, the others read (one query)."""
    missing = [code for code in codes if code and code not in known]
    if not missing:
        return known
    names = Commune.objects.filter(insee_code__in=missing).values_list("insee_code", "name")
    return {**known, **dict(names)}


def situation_names() -> dict[str, str]:
    return dict(Situation.objects.values_list("slug", "label"))


def _activity_label(metric: str, outcome: str | None) -> str:
    label = str(METRIC_LABELS.get(metric, metric))
    if outcome:
        outcome_label = OUTCOME_LABELS.get(metric, {}).get(outcome, outcome)
        return f"{label} : {outcome_label}"
    return label


def _metric_position(metric: str) -> tuple[int, str]:
    return (METRIC_ORDER.index(metric) if metric in METRIC_ORDER else len(METRIC_ORDER), metric)


def territory_tables(
    filters: Filters,
    *,
    communes: dict[str, str] | None = None,
    situations: dict[str, str] | None = None,
) -> list[Table]:
    """The moderators' and admins' dashboard: orientations over time, per commune and per
    situation (charts and tables), then every other counter's total. `communes` and
    `situations`: names the caller already read, by code and slug."""
    by_period, by_commune, by_situation = orientation_sums(filters)
    unit = filters.unit
    header_total, header_few = _("Orientations"), _("Dont moins de 3 réponses")

    over_time = Table(
        "orientations-periode",
        _("Orientations « Qui appeler ? » dans le temps"),
        [_("Période"), header_total, header_few],
    )
    points = []
    for start in period_starts(filters.start, filters.end, unit):
        total, few = by_period.get(start, (0, 0))
        label = period_label(start, unit)
        over_time.rows.append([label, total, few])
        points.append((period_label(start, unit, short=True), total))
    over_time.chart = charts.columns(points)
    over_time.chart_description = _describe(points, _("Orientations"))

    names = commune_names(by_commune, communes or {})
    per_commune = Table(
        "orientations-commune",
        _("Orientations « Qui appeler ? » par commune"),
        [_("Commune"), header_total, header_few],
    )
    ordered = sorted(
        by_commune.items(), key=lambda item: (-item[1][0], names.get(item[0], item[0] or ""))
    )
    for code, (total, few) in ordered:
        per_commune.rows.append([names.get(code, code or _("Commune inconnue")), total, few])
    points = [(row[0], row[1]) for row in per_commune.rows]
    per_commune.chart = charts.rows(points) if points else None
    per_commune.chart_description = _describe(points, _("Orientations"))

    labels = situations if situations is not None else situation_names()
    per_situation = Table(
        "orientations-situation",
        _("Orientations « Qui appeler ? » par situation"),
        [_("Situation"), header_total, header_few],
    )
    ordered = sorted(
        by_situation.items(), key=lambda item: (-item[1][0], labels.get(item[0], item[0] or ""))
    )
    for slug, (total, few) in ordered:
        per_situation.rows.append([labels.get(slug, slug or _("Situation supprimée")), total, few])
    points = [(row[0], row[1]) for row in per_situation.rows]
    per_situation.chart = charts.rows(points) if points else None
    per_situation.chart_description = _describe(points, _("Orientations"))

    activity = Table(
        "activite", _("Activité du portail sur la période"), [_("Indicateur"), _("Total")]
    )
    sums = activity_sums(filters)
    for _day, metric, outcome, total in sorted(
        sums, key=lambda row: (_metric_position(row[1]), row[2] or "")
    ):
        activity.rows.append([_activity_label(metric, outcome), total])
    return [over_time, per_commune, per_situation, activity]


def organisation_tables(filters: Filters, organisation_id: int) -> list[Table]:
    """A partner organisation's own figures: totals and their evolution over the period."""
    sums = activity_sums(filters, organisation_id=organisation_id, by_period=True)
    unit = filters.unit
    columns = [(metric, outcome) for metric, outcome, _header in PARTNER_COLUMNS]
    per_period: dict = defaultdict(lambda: [0] * len(columns))
    for day, metric, outcome, total in sums:
        for index, (wanted_metric, wanted_outcome) in enumerate(columns):
            if metric == wanted_metric and (wanted_outcome is None or outcome == wanted_outcome):
                per_period[day][index] += total

    totals = Table("chiffres", _("Vos chiffres sur la période"), [_("Indicateur"), _("Total")])
    for index, (_metric, _outcome, header) in enumerate(PARTNER_COLUMNS):
        totals.rows.append([str(header), sum(values[index] for values in per_period.values())])

    over_time = Table(
        "chiffres-periode",
        _("Vos chiffres dans le temps"),
        [_("Période"), *(str(header) for _m, _o, header in PARTNER_COLUMNS)],
    )
    points = []
    for start in period_starts(filters.start, filters.end, unit):
        label = period_label(start, unit)
        values = per_period.get(start, [0] * len(columns))
        over_time.rows.append([label, *values])
        points.append((period_label(start, unit, short=True), values[0]))
    over_time.chart = charts.columns(points)
    over_time.chart_description = _describe(points, _("Consultations des fiches"))
    return [totals, over_time]


def _describe(points: list[tuple[str, int]], what: str) -> str:
    """The one-sentence description of a chart (its `<desc>`): total and highest bar. The
    total follows its noun (« Orientations en tout : 1 ») so that no count is written with a
    fixed plural."""
    if not points or not any(value for _label, value in points):
        return _("Aucune donnée sur la période choisie.")
    total = sum(value for _label, value in points)
    label, value = max(points, key=lambda point: point[1])
    return _("%(what)s en tout : %(total)s ; le plus : %(label)s (%(value)s).") % {
        "total": total,
        "what": what,
        "label": label,
        "value": value,
    }
