"""The moderators' freshness page (Wagtail admin): the sheets of their territory, oldest
verification first, with the rung of the freshness ladder each one reached
(`directory.freshness`), counts per rung and filters (rung, commune, kind, source), 50 sheets a page
(organisations and services in one ordered query). A fixed number of queries whatever the
number of rows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Value
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import moderated_departements

from . import freshness
from .models import Commune, Organisation, Service
from .moderation import can_moderate
from .roles import can_administer_organisation
from .vocabularies import FreshnessStage, Status

PAGE_SIZE = 50
KINDS = {"organisation": _("Organisation"), "service": _("Service")}


def _scoped(model, scope):
    queryset = model.objects.exclude(status=Status.ARCHIVED)
    if scope is not None:
        queryset = queryset.in_departements(scope)
    return queryset


def _filtered(queryset, model, filters):
    commune_field = "commune" if model is Organisation else "organisation__commune"
    if filters["commune"]:
        queryset = queryset.filter(**{f"{commune_field}__slug": filters["commune"]})
    if filters["source"]:
        queryset = queryset.filter(source=filters["source"])
    return queryset


def _filters(request) -> dict:
    stage = request.GET.get("etape", "")
    kind = request.GET.get("type", "")
    return {
        "stage": int(stage) if stage.isdigit() and int(stage) in FreshnessStage.values else None,
        "kind": kind if kind in KINDS else "",
        "commune": request.GET.get("commune", "").strip(),
        "source": request.GET.get("source", "").strip(),
    }


def _rows(model, kind: str, queryset):
    """One row per entry, with the same columns for organisations and services (so the two
    lists are one ordered, paginated query)."""
    commune = "commune__name" if model is Organisation else "organisation__commune__name"
    return queryset.annotate(entity=Value(kind), commune_name=F(commune)).values(
        "pk", "name", "entity", "commune_name", "source", "verified_at", "freshness_stage"
    )


def freshness_page(request):
    scope = moderated_departements(request.user)
    if scope is not None and not scope:
        raise PermissionDenied
    filters = _filters(request)
    counts = dict.fromkeys(FreshnessStage.values, 0)
    parts = []
    for model, kind in ((Organisation, "organisation"), (Service, "service")):
        if filters["kind"] and filters["kind"] != kind:
            continue
        queryset = _filtered(_scoped(model, scope), model, filters)
        for stage, count in queryset.values_list("freshness_stage").annotate(n=Count("pk")):
            counts[stage] += count
        if filters["stage"] is not None:
            queryset = queryset.filter(freshness_stage=filters["stage"])
        parts.append(_rows(model, kind, queryset))
    entries = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    entries = entries.order_by(F("verified_at").asc(nulls_first=True), "entity", "pk")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            **row,
            "kind_label": KINDS[row["entity"]],
            "stage_label": FreshnessStage(row["freshness_stage"]).label,
            "edit_url": reverse(f"directory_{row['entity']}:edit", args=[row["pk"]]),
        }
        for row in page.object_list
    ]
    communes = Commune.objects.order_by("name").only("name", "slug")
    if scope is not None:
        communes = communes.filter(departement_code__in=scope)
    sources = sorted(
        set(_scoped(Organisation, scope).exclude(source="").values_list("source", flat=True))
        | set(_scoped(Service, scope).exclude(source="").values_list("source", flat=True))
    )
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "directory/admin/freshness.html",
        {
            "page_title": _("Fraîcheur des fiches"),
            "header_icon": "time",
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "stage_counts": [
                {"value": value, "label": label, "count": counts[value]}
                for value, label in FreshnessStage.choices
            ],
            "filters": filters,
            "kinds": list(KINDS.items()),
            "communes": communes,
            "sources": sources,
        },
    )


def verify_in_admin(request, pk: int):
    """« J'ai vérifié : tout est à jour » from the organisation's edit page in the admin: for
    its admins and its territory's moderators. GET shows what is confirmed, POST confirms."""
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), pk=pk)
    if not (
        can_administer_organisation(request.user, organisation)
        or can_moderate(request.user, organisation)
    ):
        raise Http404
    edit_url = reverse("directory_organisation:edit", args=[organisation.pk])
    if request.method == "POST":
        entries = freshness.verify_organisation(organisation, user=request.user, via="admin")
        messages.success(
            request,
            _("Merci : %(count)d fiche(s) de %(name)s confirmée(s) à jour.")
            % {"count": len(entries), "name": organisation.name},
        )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "directory/admin/verify.html",
        {
            "page_title": _("J'ai vérifié : tout est à jour"),
            "header_icon": "tick",
            "organisation": organisation,
            "services": list(freshness.verifiable_services(organisation)),
            "edit_url": edit_url,
        },
    )
