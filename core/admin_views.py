"""The one moderation queue of the Wagtail admin, and the preview of one entry from it.

A moderator sees and opens only the entries of their territory, a partner only their own
organisation's (to submit or archive them): any other entry is a 404 (never a 403 that would
confirm it exists)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import registry as log_registry

from . import moderation

MESSAGES = {
    "submit": gettext_lazy("La fiche est soumise à la modération."),
    "publish": gettext_lazy("La fiche est publiée."),
    "archive": gettext_lazy("La fiche est archivée."),
    "refuse": gettext_lazy("La fiche est renvoyée en brouillon ; l'organisation est prévenue."),
}


def moderation_queue(request):
    """Submitted entries of every kind in the moderator's départements."""
    if not moderation.is_moderator_anywhere(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "core/admin/moderation_queue.html",
        {
            "page_title": _("Fiches à valider"),
            "header_icon": "tasks",
            "queues": [
                {
                    "registration": registration,
                    "rows": [
                        {
                            "entry": entry,
                            "title": registration.title(entry),
                            "owner": registration.owner(entry),
                        }
                        for entry in entries
                    ],
                }
                for registration, entries in moderation.queue(request.user)
            ],
        },
    )


def moderation_preview(request, key: str, pk: int):
    """The exact content of one entry (fields, photos, organisation), and its transitions."""
    entry = moderation.moderated_entry(request.user, key, pk, editable=True)
    if entry is None:
        raise Http404
    registration = moderation.get(key)
    if request.method == "POST":
        return _apply(request, registration, entry)
    return TemplateResponse(
        request,
        "core/admin/moderation_preview.html",
        {
            "page_title": _("Modération"),
            "page_subtitle": registration.title(entry),
            "header_icon": "tasks",
            "entry": entry,
            "registration": registration,
            "owner": registration.owner(entry),
            "preview_template": registration.preview_template,
            "can_edit": moderation.may_edit(request.user, entry),
            "can_moderate": moderation.may_moderate(request.user, entry),
            "edit_url": registration.edit_url(entry),
            "author": _author(entry),
            "public_url": registration.public_url(entry) if entry.status == "published" else "",
            **registration.preview_context(entry),
        },
    )


def _author(entry) -> str:
    """Who submitted the entry last, from the audit log."""
    logs = log_registry.get_logs_for_instance(entry).filter(action=moderation.SUBMIT)
    last = logs.order_by("-timestamp", "-pk").first()
    return last.user_display_name if last else ""


def _apply(request, registration, entry):
    action = request.POST.get("action", "")
    try:
        if action == "refuse":
            moderation.refuse(entry, request.user, request.POST.get("reason", ""))
        elif action in ("submit", "publish", "archive"):
            getattr(moderation, action)(entry, request.user)
        else:
            messages.error(request, _("Action inconnue."))
            return redirect("moderation_preview", registration.key, entry.pk)
        messages.success(request, MESSAGES[action])
    except moderation.TransitionError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("Vous n'avez pas le droit de faire cette action."))
    return redirect("moderation_preview", registration.key, entry.pk)
