"""The gap map page and its CSV export: moderators see their territory, site admins all of
it; anyone else signed in gets a 403 (the rules live in steering/gaps.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import csv as safe_csv
from core.maps import map_point, map_points
from directory.models import Commune
from orientation.models import Situation

from . import gaps
from .access import territory
from .gap_forms import GapFilterForm


@dataclass
class GapPage:
    form: GapFilterForm
    gaps: list[gaps.Gap]
    communes: list[Commune]
    situations: int  # how many situations the table covers
    start: object
    end: object


def _gap_page(request) -> GapPage:
    communes = gaps.territory_communes(
        territory(request.user, _("La carte des lacunes est réservée aux modérateurs."))
    )
    situations = gaps.gap_situations()
    form = GapFilterForm(
        request.GET or None,
        situations=Situation.objects.filter(pk__in=[s.pk for s in situations]),
        communes=Commune.objects.filter(pk__in=[c.pk for c in communes]).order_by("name"),
    )
    start, end = form.period()
    if form.is_bound:
        form.is_valid()  # a bad field is shown with its error; the other filters still apply
        picked_situation = form.cleaned_data.get("situation")
        picked_commune = form.cleaned_data.get("commune")
        if picked_situation:
            situations = [s for s in situations if s.pk == picked_situation.pk]
        if picked_commune:
            communes = [c for c in communes if c.pk == picked_commune.pk]
    found = gaps.find_gaps(situations, communes, start, end)
    return GapPage(form, found, communes, len(situations), start, end)


def _suggest_url(gap: gaps.Gap) -> str:
    query = urlencode({"commune": gap.commune.insee_code, "situation": gap.situation.label})
    return f"{reverse('feedback:suggest')}?{query}"


def _tone(count: int, situations: int) -> str:
    """The marker's colour: no gap, some, or gaps for half the situations or more."""
    if not count:
        return "none"
    return "many" if situations and count * 2 >= situations else "some"


def _gaps_label(row: gaps.CommuneGaps, minimum: int) -> str:
    """« Bondy : 2 situations avec moins de 3 réponses »; no count for none (without a French
    catalogue, ngettext would take the plural for 0, which French writes singular)."""
    values = {"commune": row.commune.name, "count": row.gaps, "minimum": minimum}
    if not row.gaps:
        return _("%(commune)s : aucune situation avec moins de %(minimum)d réponses") % values
    return (
        ngettext(
            "%(commune)s : %(count)d situation avec moins de %(minimum)d réponses",
            "%(commune)s : %(count)d situations avec moins de %(minimum)d réponses",
            row.gaps,
        )
        % values
    )


def _commune_points(per_commune: list[gaps.CommuneGaps], situations: int) -> list[dict]:
    """One marker per commune, labelled and coloured by its number of gaps; it leads to the
    commune's line in the list (the text alternative of the map)."""
    minimum = gaps.minimum_answers()
    points = map_points(
        map_point(
            row.commune.latitude,
            row.commune.longitude,
            _gaps_label(row, minimum),
            target=f"lacunes-{row.commune.slug}",
        )
        for row in per_commune
    )
    counts = {f"lacunes-{row.commune.slug}": row.gaps for row in per_commune}
    for point in points:
        count = counts[point["target"]]
        point.update(badge=str(count), tone=_tone(count, situations))
    return points


@login_required
def gap_map(request):
    page = _gap_page(request)
    per_commune = gaps.gaps_per_commune(page.gaps, page.communes)
    context = {
        "form": page.form,
        "rows": [{"gap": gap, "suggest_url": _suggest_url(gap)} for gap in page.gaps],
        "per_commune": per_commune,
        "points": _commune_points(per_commune, page.situations),
        "start": page.start,
        "end": page.end,
        "minimum": gaps.minimum_answers(),
        "distance_km": gaps.distance_limit_km(),
        "terms": gaps.zero_result_terms(page.start, page.end),
        "zero_result_searches": gaps.zero_result_searches(page.start, page.end),
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "steering/gaps.html", context)


@login_required
def gap_map_csv(request):
    """The gap table as CSV (same filters as the page)."""
    page = _gap_page(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"lacunes-{page.start:%Y%m%d}-{page.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(safe_csv.BOM)
    writer = safe_csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Situation"),
            _("Commune"),
            _("Réponses trouvées"),
            _("Orientations avec trop peu de réponses (période)"),
        ]
    )
    for gap in page.gaps:
        writer.writerow([gap.situation.label, gap.commune.name, gap.answers, gap.met])
    return response
