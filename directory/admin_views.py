"""Moderation screens of the Wagtail admin: the queue of a moderator's territory and the
moderation page of one entry (status, quality, transitions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_moderator

from . import moderation
from .models import Organisation, Service
from .permissions import organisation_policy, service_policy
from .quality import organisation_quality, service_quality
from .vocabularies import Status

MODELS = {
    "organisation": (Organisation, organisation_policy, organisation_quality),
    "service": (Service, service_policy, service_quality),
}

ACTIONS = {
    "submit": (moderation.submit, _("La fiche est soumise à la modération.")),
    "publish": (moderation.publish, _("La fiche est publiée.")),
    "archive": (moderation.archive, _("La fiche est archivée.")),
}


def _submitted(queryset, user):
    queryset = queryset.filter(status=Status.SUBMITTED)
    if not user.is_superuser:
        departements = list(user.moderated_departements or [])
        if queryset.model is Organisation:
            queryset = queryset.filter(commune__departement_code__in=departements)
        else:
            queryset = queryset.filter(organisation__commune__departement_code__in=departements)
    return queryset.order_by("submitted_at")


def moderation_queue(request):
    """Submitted organisations and services of the moderator's départements."""
    if not (request.user.is_superuser or is_moderator(request.user)):
        raise PermissionDenied
    organisations = _submitted(Organisation.objects.select_related("commune"), request.user)
    services = _submitted(Service.objects.select_related("organisation__commune"), request.user)
    return TemplateResponse(
        request,
        "directory/admin/moderation_queue.html",
        {
            "page_title": _("Fiches à valider"),
            "header_icon": "tasks",
            "organisations": organisations,
            "services": services,
        },
    )


def moderate(request, model_name: str, pk: int):
    """One entry's moderation: who may do what is decided by `directory.moderation`."""
    if model_name not in MODELS:
        raise Http404
    model, policy, quality_of = MODELS[model_name]
    queryset = policy.instances_user_has_any_permission_for(request.user, ["change", "view"])
    if model is Service:
        queryset = queryset.select_related("organisation__commune")
    else:
        queryset = queryset.select_related("commune")
    entry = queryset.filter(pk=pk).first()
    if entry is None:
        raise Http404
    if request.method == "POST":
        return _apply(request, entry)
    return TemplateResponse(
        request,
        "directory/admin/moderate.html",
        {
            "page_title": _("Modération"),
            "page_subtitle": entry.name,
            "header_icon": "tasks",
            "entry": entry,
            "model_name": model_name,
            "quality": quality_of(entry, timezone.localdate()),
            "can_edit": moderation.can_edit(request.user, entry),
            "can_moderate": moderation.can_moderate(request.user, entry),
            "edit_url": f"directory_{model_name}:edit",
            "public_url": entry.get_absolute_url() if moderation.is_public(entry) else "",
        },
    )


def _apply(request, entry):
    action = request.POST.get("action", "")
    try:
        if action == "refuse":
            moderation.refuse(entry, request.user, request.POST.get("reason", ""))
            messages.success(
                request, _("La fiche est renvoyée en brouillon ; l'organisation est prévenue.")
            )
        elif action in ACTIONS:
            transition, message = ACTIONS[action]
            transition(entry, request.user)
            messages.success(request, message)
        else:
            messages.error(request, _("Action inconnue."))
    except moderation.TransitionError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("Vous n'avez pas le droit de faire cette action."))
    return redirect("directory_moderate", entry._meta.model_name, entry.pk)
