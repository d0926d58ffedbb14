"""The dashboards (issue #18, item 2): the territory's for moderators (their départements) and
site admins (everywhere), and each partner organisation's own figures for its members (not its
gardiens), the moderators of its territory and site admins. Every table exports as CSV and ODS
with the same filters. Anonymous visitors are sent to the login page; anyone else gets 403."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.roles import moderates
from directory.models import Commune, Organisation
from directory.roles import managed_organisation_ids
from orientation.models import Situation

from . import exports, indicators
from .access import territory
from .forms import PeriodForm, TerritoryFilterForm

FORMATS = {"csv": (exports.as_csv, exports.CSV_TYPE), "ods": (exports.as_ods, exports.ODS_TYPE)}


def _territory_view(request):
    """The filter form, the filters and the tables of the territory dashboard."""
    scope = territory(request.user)
    communes = Commune.objects.order_by("name")
    communes = communes.served() if scope is None else communes.filter(departement_code__in=scope)
    commune_choices = list(communes.values_list("insee_code", "name"))
    situation_choices = list(Situation.objects.order_by("label").values_list("slug", "label"))
    form = TerritoryFilterForm(
        request.GET or None, communes=commune_choices, situations=situation_choices
    )
    form.is_valid()
    start, end = form.dates()
    filters = indicators.Filters(
        start=start,
        end=end,
        territory=None if scope is None else tuple(code for code, _name in commune_choices),
        commune=form.value("commune"),
        situation=form.value("situation"),
    )
    tables = indicators.territory_tables(
        filters, communes=dict(commune_choices), situations=dict(situation_choices)
    )
    return form, filters, tables


def _organisation_view(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), slug=slug)
    user = request.user
    departement = organisation.commune.departement_code if organisation.commune_id else None
    allowed = (
        user.is_superuser
        or organisation.pk in managed_organisation_ids(user)
        or moderates(user, departement)
    )
    if not allowed:
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    form.is_valid()
    start, end = form.dates()
    filters = indicators.Filters(start=start, end=end, territory=None)
    return organisation, form, filters, indicators.organisation_tables(filters, organisation.pk)


def _export(tables, table_key: str, fmt: str, filters, prefix: str) -> HttpResponse:
    table = next((table for table in tables if table.key == table_key), None)
    if table is None or fmt not in FORMATS:
        raise Http404
    render_table, content_type = FORMATS[fmt]
    response = HttpResponse(render_table(table), content_type=content_type)
    filename = f"{prefix}-{table.key}-{filters.start:%Y-%m-%d}-{filters.end:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _bad_filters(form) -> HttpResponse:
    messages = [str(error) for errors in form.errors.values() for error in errors]
    return HttpResponse(
        _("Filtres invalides : %(errors)s") % {"errors": " ".join(messages)},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@never_cache
@login_required
def dashboard(request):
    form, filters, tables = _territory_view(request)
    return render(
        request,
        "steering/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "tables": tables,
            "export_url_name": "steering:dashboard_export",
            "export_slug": "",
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def dashboard_export(request, table, fmt):
    form, filters, tables = _territory_view(request)
    if form.errors:
        return _bad_filters(form)
    return _export(tables, table, fmt, filters, "maillage-pilotage")


@never_cache
@login_required
def organisation_figures(request, slug):
    organisation, form, filters, tables = _organisation_view(request, slug)
    return render(
        request,
        "steering/organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "filters": filters,
            "tables": tables,
            "export_url_name": "steering:organisation_export",
            "export_slug": organisation.slug,
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def organisation_export(request, slug, table, fmt):
    organisation, form, filters, tables = _organisation_view(request, slug)
    if form.errors:
        return _bad_filters(form)
    return _export(tables, table, fmt, filters, f"maillage-{organisation.slug}")
