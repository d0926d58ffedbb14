"""Widgets: partners manage them in « Mon espace »; anyone's browser shows them inside the
partner's sites.

Management: members of an organisation who edit its entries (admins and members, not
gardiens — `directory.roles.managed_organisation_ids`) and site admins; another
organisation's widget is a 404. The served page (`widget`) is the only view the portal lets
other sites frame: its `Content-Security-Policy: frame-ancestors` lists exactly the widget's
origins and it drops `X-Frame-Options`; every other page keeps `frame-ancestors 'none'` and
`X-Frame-Options: DENY`. It is never cached (not in core.pagecache's list, `never_cache`): a
revoked widget stops at once, and no cache can hand a widget's headers to another."""

from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseGone, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core import counters
from core.languages import in_reader_language
from directory.models import Organisation
from directory.roles import managed_organisation_ids
from search.query import QueryError, search

from .forms import WidgetForm
from .models import Widget
from .scoping import choices_for, scoped_query


def managed_organisations(user):
    """Organisations whose widgets the user manages (every one for site admins)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=managed_organisation_ids(user))


def widgets_of(user):
    return Widget.objects.filter(organisation__in=managed_organisations(user)).select_related(
        "organisation"
    )


@login_required
@require_GET
def widget_list(request):
    return render(
        request,
        "widgets/list.html",
        {
            "widgets": widgets_of(request.user).order_by("organisation__name", "name"),
            "can_create": managed_organisations(request.user).exists(),
        },
    )


@login_required
@never_cache
def widget_create(request):
    organisations = managed_organisations(request.user).order_by("name")
    if not organisations.exists():
        return render(request, "widgets/edit.html", {"form": None, "widget": None})
    form = WidgetForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        if form.is_valid():
            widget = form.save(commit=False)
            widget.created_by = request.user
            widget.save()
            form.save_m2m()
            messages.success(request, _("Le module « %(name)s » est créé.") % {"name": widget.name})
            return redirect("widgets:edit", pk=widget.pk)
        return render(request, "widgets/edit.html", {"form": form, "widget": None}, status=400)
    return render(request, "widgets/edit.html", {"form": form, "widget": None})


@login_required
@never_cache
def widget_edit(request, pk):
    widget = get_object_or_404(widgets_of(request.user), pk=pk)
    form = WidgetForm(request.POST or None, instance=widget, organisations=None)
    status = 200
    if request.method == "POST" and not widget.is_revoked:
        if form.is_valid():
            form.save()
            messages.success(
                request, _("Le module « %(name)s » est enregistré.") % {"name": widget.name}
            )
            return redirect("widgets:edit", pk=widget.pk)
        status = 400
    elif request.method == "POST":
        form.add_error(None, ValidationError(_("Un module révoqué ne se modifie plus.")))
        status = 400
    return render(
        request,
        "widgets/edit.html",
        {
            "form": form,
            "widget": widget,
            "embed_url": widget.embed_url(),
            "embed_code": widget.embed_code(),
        },
        status=status,
    )


@login_required
@require_POST
def widget_revoke(request, pk):
    widget = get_object_or_404(widgets_of(request.user), pk=pk)
    widget.revoke()
    messages.success(
        request,
        _("Le module « %(name)s » est révoqué : il ne s'affiche plus nulle part.")
        % {"name": widget.name},
    )
    return redirect("widgets:list")


def _empty(response_class) -> HttpResponse:
    """An answer with no content at all (a revoked or unknown widget shows nothing)."""
    return response_class(b"", content_type="text/plain; charset=utf-8")


@require_GET
@never_cache
def widget_page(request, token):
    widget = (
        Widget.objects.filter(token=token, organisation__merged_into__isnull=True)
        .select_related("organisation")
        .prefetch_related("situations")
        .first()
    )
    if widget is None:
        return _empty(HttpResponseNotFound)
    if widget.is_revoked:
        return _empty(HttpResponseGone)
    with translation.override(widget.language):
        response = _render_widget(request, widget)
    response["Content-Language"] = widget.language
    if widget.allowed_origins:
        # Framed by the widget's sites only (django-csp replaces the global 'none' for this
        # response; XFrameOptionsMiddleware leaves an exempt response alone).
        response._csp_replace = {"frame-ancestors": list(widget.allowed_origins)}
        response.xframe_options_exempt = True
    counters.count("widget_view", organisation=widget.organisation_id)
    return response


def _render_widget(request, widget) -> HttpResponse:
    choices = choices_for(widget)
    context = {
        "widget": widget,
        "choices": choices,
        "form": {
            name: request.GET.get(name, "")
            for name in ("q", "commune", "categorie", "situation", "type")
        },
        "results": None,
        "hits": [],
        "error": "",
        "site_url": settings.SITE_URL + "/",
        "origins": " ".join(widget.allowed_origins),
    }
    status = 200
    try:
        query = scoped_query(widget, request.GET, choices)
    except QueryError as error:
        context["error"] = str(error)
        status = 400
    else:
        if query is not None:
            results = search(query)
            context["results"] = results
            context["hits"] = [
                replace(hit, url=request.build_absolute_uri(in_reader_language(hit.url)))
                for hit in results.hits
                if hit.url
            ]
    return render(request, "widgets/widget.html", context, status=status)
