"""The directory's part in the one moderation workflow (`core.moderation`): organisations and
services are registered here, and the territory policy (`accounts.roles`) is given to it.

The territory of an organisation is its commune's département; a service's is its
organisation's. Edits of an already published entry by its organisation stay published
(partners are trusted once validated; moderators see every change in the audit log and may
archive). Search indexing is not done here: the search projections' post_save is the one
trigger (an organisation's document carries its services)."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.roles import moderated_departements
from core import moderation
from core.moderation import (
    ARCHIVE,
    PUBLISH,
    REFUSE,
    SUBMIT,
    TransitionError,
    archive,
    publish,
    refuse,
    submit,
)

from .models import Organisation, Service
from .places import zone_names
from .quality import organisation_quality, service_quality
from .roles import can_manage_organisation
from .vocabularies import FreshnessStage

__all__ = [
    "ARCHIVE",
    "PUBLISH",
    "REFUSE",
    "SUBMIT",
    "TransitionError",
    "archive",
    "can_edit",
    "can_moderate",
    "departement_of",
    "organisation_of",
    "publish",
    "refuse",
    "submit",
]


def organisation_of(entry) -> Organisation:
    return entry if isinstance(entry, Organisation) else entry.organisation


def departement_of(entry) -> str | None:
    """The département whose moderators validate the entry (the organisation's)."""
    return moderation.registration_for(entry).departement_of(entry)


def can_moderate(user, entry) -> bool:
    return moderation.may_moderate(user, entry)


def can_edit(user, entry) -> bool:
    return moderation.may_edit(user, entry) or can_moderate(user, entry)


def _may_edit(user, entry) -> bool:
    return can_manage_organisation(user, organisation_of(entry))


def _edit_url(entry) -> str:
    try:
        return reverse(f"directory_{entry._meta.model_name}:edit", args=[entry.pk])
    except NoReverseMatch:
        return ""


def _public_url(entry) -> str:
    try:
        return entry.get_absolute_url()
    except NoReverseMatch:
        return ""


def _preview_context(entry) -> dict:
    quality_of = organisation_quality if isinstance(entry, Organisation) else service_quality
    return {
        "fields": moderation.field_rows(entry, {"eligibility_zone": zone_names}),
        "quality": quality_of(entry, timezone.localdate()),
    }


def _checked_now(entry) -> list[str]:
    """A publication is a verification of the entry by the moderator (who is recorded by
    `_published_by`): verified now, back to the first rung of the freshness ladder."""
    entry.verified_at = timezone.now()
    entry.freshness_stage, entry.freshness_stage_on = FreshnessStage.FRESH, None
    return ["verified_at", "freshness_stage", "freshness_stage_on"]


def _published_by(entry, event) -> None:
    if event.action == moderation.PUBLISH and isinstance(entry, Organisation | Service):
        type(entry).objects.filter(pk=entry.pk).update(verified_by=event.user)
        entry.verified_by = event.user


moderation.set_territory(moderated_departements)
moderation.add_listener(_published_by)
for _model, _path, _related in (
    (Organisation, "commune__departement_code", ("commune",)),
    (Service, "organisation__commune__departement_code", ("organisation__commune", "commune")),
):
    moderation.register(
        moderation.Moderated(
            model=_model,
            departement_path=_path,
            may_edit=_may_edit,
            owner=organisation_of,
            edit_url=_edit_url,
            public_url=_public_url,
            prepare={moderation.PUBLISH: _checked_now},
            preview_template="directory/admin/preview.html",
            preview_context=_preview_context,
            select_related=_related,
        )
    )
