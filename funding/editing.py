"""Who proposes and edits calls for projects in the front office, and what a save does.

- Moderators edit the calls of the départements they moderate (site admins every call); a
  call they save is published at once (through `core.moderation`, so it is announced).
- Partners (admins and members of an organisation, not gardiens) edit their organisations'
  calls; a new or refused (draft) call they save is submitted to the moderators of its
  département. A call already submitted or published stays so when edited (like offers:
  validated entries stay online), a closed or archived one keeps its state."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core import moderation
from directory.models import Organisation
from directory.roles import managed_organisation_ids

from .models import CallForProjects, Status


def proposer_organisations(user) -> QuerySet:
    """The organisations in whose name the user may propose a call."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=managed_organisation_ids(user))


def may_propose(user) -> bool:
    return user.is_authenticated and (
        moderation.is_moderator_anywhere(user) or bool(managed_organisation_ids(user))
    )


def editable_calls(user) -> QuerySet:
    """The calls the user may edit: their organisations' and their territory's."""
    calls = CallForProjects.objects.all()
    if not user.is_authenticated:
        return calls.none()
    if user.is_superuser:
        return calls
    visible = Q(organisation_id__in=managed_organisation_ids(user))
    if moderation.is_moderator_anywhere(user):
        visible |= Q(pk__in=moderation.in_territory(calls, user).values("pk"))
    return calls.filter(visible)


def after_save(call: CallForProjects, user) -> str:
    """Move a saved call on in the workflow; returns its status."""
    if call.status in (Status.DRAFT, Status.SUBMITTED) and moderation.may_moderate(user, call):
        moderation.publish(call, user)
    elif call.status == Status.DRAFT:
        moderation.submit(call, user)
    return call.status
