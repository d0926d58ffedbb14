"""Moderation of organisations and services: draft → submitted → published → archived.

Every transition checks who may do it, is written to Wagtail's audit log, keeps the search
index in sync and sends its notifications once the transaction commits.

Edits of an already published entry by its organisation stay published (partners are
trusted once validated; moderators see every change in the audit log and may archive)."""

import importlib.util

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.roles import is_moderator

from .models import Organisation, Service
from .roles import can_manage_organisation
from .vocabularies import Status

SUBMIT = "directory.submit"
PUBLISH = "directory.publish"
REFUSE = "directory.refuse"
ARCHIVE = "directory.archive"


class TransitionError(Exception):
    """The entry is not in a state that allows this transition."""


def organisation_of(entry) -> Organisation:
    return entry if isinstance(entry, Organisation) else entry.organisation


def departement_of(entry) -> str | None:
    """The département whose moderators validate the entry (the organisation's)."""
    commune = organisation_of(entry).commune
    return commune.departement_code if commune else None


def can_moderate(user, entry) -> bool:
    """Site admins, and moderators of the entry's département (or of every département
    when the entry has no commune yet)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not is_moderator(user):
        return False
    departement = departement_of(entry)
    return departement is None or departement in (user.moderated_departements or [])


def can_edit(user, entry) -> bool:
    return can_manage_organisation(user, organisation_of(entry)) or can_moderate(user, entry)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Vous n'avez pas le droit de modérer cette fiche."))


def _check_state(entry, allowed: set[str], action_label: str) -> None:
    if entry.status not in allowed:
        raise TransitionError(
            _("Impossible de %(action)s une fiche au statut « %(status)s ».")
            % {"action": action_label, "status": entry.get_status_display()}
        )


def _save(entry, user, action, fields, data=None) -> None:
    entry.save(update_fields=[*fields, "updated_at"])
    log(entry, action, user=user, data=data or {})
    transaction.on_commit(lambda: sync_search(entry))


def submit(entry, user):
    """A partner asks for publication; the territory's moderators are notified."""
    _require(can_edit(user, entry))
    _check_state(entry, {Status.DRAFT}, _("soumettre"))
    entry.status = Status.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.refusal_reason = ""
    _save(entry, user, SUBMIT, ["status", "submitted_at", "refusal_reason"])
    from .tasks import notify_moderators_of_submission

    label, pk = entry._meta.label_lower, entry.pk
    transaction.on_commit(lambda: notify_moderators_of_submission.delay(label, pk))
    return entry


def publish(entry, user):
    _require(can_moderate(user, entry))
    _check_state(entry, {Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED}, _("publier"))
    entry.status = Status.PUBLISHED
    entry.published_at = timezone.now()
    entry.refusal_reason = ""
    entry.date_maj = timezone.localdate()
    _save(entry, user, PUBLISH, ["status", "published_at", "refusal_reason", "date_maj"])
    return entry


def refuse(entry, user, reason: str):
    """Send a submission back to draft with a reason; the organisation's admins get it."""
    _require(can_moderate(user, entry))
    _check_state(entry, {Status.SUBMITTED}, _("refuser"))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Indiquez le motif du refus : il est envoyé à l'organisation."))
    entry.status = Status.DRAFT
    entry.refusal_reason = reason
    _save(entry, user, REFUSE, ["status", "refusal_reason"], data={"reason": reason})
    from .tasks import notify_refusal

    label, pk = entry._meta.label_lower, entry.pk
    transaction.on_commit(lambda: notify_refusal.delay(label, pk))
    return entry


def archive(entry, user):
    _require(can_edit(user, entry))
    _check_state(entry, {Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED}, _("archiver"))
    entry.status = Status.ARCHIVED
    _save(entry, user, ARCHIVE, ["status"])
    return entry


# --- Search index --------------------------------------------------------------------------------
def _indexing():
    if importlib.util.find_spec("search.indexing") is None:
        return None
    from search import indexing

    return indexing


def is_public(entry) -> bool:
    if isinstance(entry, Service):
        return entry.is_published and entry.organisation.is_published
    return entry.is_published


def sync_search(entry) -> None:
    """Index a public entry, unindex any other; an organisation carries its services."""
    indexing = _indexing()
    if indexing is None:
        return
    entries = [entry]
    if isinstance(entry, Organisation):
        entries += list(entry.services.select_related("organisation", "commune"))
    for item in entries:
        if is_public(item):
            indexing.index_instance(item)
        else:
            indexing.unindex_instance(item)


def unindex_deleted(entry) -> None:
    """Before deleting an entry (and, for an organisation, its services)."""
    indexing = _indexing()
    if indexing is None:
        return
    if isinstance(entry, Organisation):
        for service in entry.services.all():
            indexing.unindex_instance(service)
    indexing.unindex_instance(entry)
