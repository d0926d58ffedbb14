"""The duplicates queue of the Wagtail admin (moderators, in their territory; site admins
everywhere), and the provenance panel of the entries' edit forms.

A pair is visible to a moderator only when both organisations are in their territory (an
entry without a commune is for site admins only); any other pair is a 404. Merging and
dismissing are POST forms with the CSRF token; the work is `directory.duplicates`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.panels import Panel

from accounts.roles import is_moderator, moderated_departements
from core.phones import phone_display

from . import duplicates
from .models import Commune, DuplicateCandidate, DuplicateStatus, Organisation
from .vocabularies import source_label

SIDES = ("left", "right")


def can_open_duplicates(user) -> bool:
    return user.is_authenticated and (user.is_superuser or is_moderator(user))


def visible_candidates(user):
    """The pairs `user` may see: both entries in their territory (site admins: all)."""
    if not can_open_duplicates(user):
        return DuplicateCandidate.objects.none()
    pairs = DuplicateCandidate.objects.select_related("left__commune", "right__commune")
    scope = moderated_departements(user)
    if scope is None:
        return pairs
    codes = sorted(scope)
    return pairs.filter(
        Q(left__commune__departement_code__in=codes) & Q(right__commune__departement_code__in=codes)
    )


def _display(entry: Organisation, name: str) -> str:
    value = getattr(entry, name)
    model_field = Organisation._meta.get_field(name)
    if value is None or value == "":
        return ""
    # What a person reads: « 01 48 50 44 00 », « Bondy (93140) », never +33… or an INSEE code.
    if name == "phone":
        return phone_display(value)
    if isinstance(value, Commune):
        postcodes = ", ".join(value.postcodes)
        return f"{value.name} ({postcodes})" if postcodes else value.name
    if isinstance(value, list):
        base = getattr(model_field, "base_field", None)
        choices = dict(base.flatchoices) if base is not None else {}
        return ", ".join(str(choices.get(item, item)) for item in value)
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _source_label(origin: str) -> str:
    return source_label(origin) if origin else _("saisie dans Maillage")


def _rows(candidate: DuplicateCandidate) -> list[dict]:
    left, right = candidate.left, candidate.right
    rows = []
    for name in duplicates.MERGE_FIELDS:
        rows.append(
            {
                "name": name,
                "label": Organisation._meta.get_field(name).verbose_name,
                "left": _display(left, name),
                "right": _display(right, name),
                "left_source": _source_label(duplicates._origin(left, name)),
                "right_source": _source_label(duplicates._origin(right, name)),
                "differs": getattr(left, name) != getattr(right, name),
            }
        )
    return rows


def duplicates_index(request):
    if not can_open_duplicates(request.user):
        raise PermissionDenied
    pairs = list(visible_candidates(request.user).filter(status=DuplicateStatus.OPEN)[:200])
    for pair in pairs:
        pair.reason_labels = duplicates.reason_labels(pair)
    return TemplateResponse(
        request,
        "directory/duplicates/index.html",
        {"page_title": _("Doublons possibles"), "header_icon": "duplicate", "pairs": pairs},
    )


@require_http_methods(["GET", "POST"])
def duplicate_detail(request, pk: int):
    candidate = get_object_or_404(visible_candidates(request.user), pk=pk)
    error = ""
    if request.method == "POST":
        if candidate.status != DuplicateStatus.OPEN:
            error = _("Cette paire a déjà été traitée.")
        elif request.POST.get("action") == "dismiss":
            try:
                duplicates.dismiss(candidate, user=request.user)
            except duplicates.MergeError as refusal:  # handled meanwhile by someone else
                error = str(refusal)
            else:
                messages.success(request, _("Paire écartée : elle ne sera plus proposée."))
                return redirect("directory_duplicates")
        elif request.POST.get("action") == "merge":
            error = _merge_from_post(request, candidate)
            if not error:
                return redirect("directory_duplicates")
        else:
            error = _("Action inconnue.")
    return TemplateResponse(
        request,
        "directory/duplicates/detail.html",
        {
            "page_title": _("Doublon possible : %(left)s / %(right)s")
            % {"left": candidate.left.name, "right": candidate.right.name},
            "header_icon": "duplicate",
            "candidate": candidate,
            "reasons": duplicates.reason_labels(candidate),
            "rows": _rows(candidate),
            "is_open": candidate.status == DuplicateStatus.OPEN,
            "error": error,
        },
        status=400 if error else 200,
    )


def _merge_from_post(request, candidate: DuplicateCandidate) -> str:
    """Merge as the form says; returns an error message, or "" when merged."""
    side = request.POST.get("survivor")
    if side not in SIDES:
        return _("Choisissez la fiche à conserver.")
    survivor = candidate.left if side == "left" else candidate.right
    choices = {}
    for name in duplicates.MERGE_FIELDS:
        picked = request.POST.get(f"field_{name}", "auto")
        if picked == "auto":
            continue
        if picked not in SIDES:
            return _("Choix inconnu pour le champ %(field)s.") % {"field": name}
        choices[name] = "survivor" if picked == side else "loser"
    try:
        duplicates.merge(candidate, survivor, choices, user=request.user)
    except duplicates.MergeError as refusal:
        return str(refusal)
    except ValidationError as invalid:
        return " ".join(invalid.messages)
    messages.success(request, _("Fiches fusionnées dans « %(name)s ».") % {"name": survivor.name})
    return ""


# --- Provenance panel -----------------------------------------------------------------------------
class ProvenancePanel(Panel):
    """Read only: where the entry comes from (source, upstream source, every identifier) and,
    after a merge, the source of each field's value."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", gettext_lazy("Provenance"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/duplicates/provenance_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            entry = self.instance
            model = type(entry)
            context.update(
                {
                    "entry": entry,
                    "identifiers": list(entry.source_identifiers.all()),
                    "field_sources": [
                        {
                            "label": model._meta.get_field(name).verbose_name,
                            "source": _source_label(origin),
                        }
                        for name, origin in (entry.field_sources or {}).items()
                    ],
                    "merged_into": getattr(entry, "merged_into", None),
                }
            )
            return context
