"""Verification of directory entries and the freshness escalation ladder.

Verifying is an explicit act, kept apart from editing (`updated_at`): the signed one-click link
of the update reminder (`views.verify_with_link`), « J'ai vérifié : tout est à jour » in the
partner space and the admin, a moderator publishing an entry, and imports (the source's own
date). It sets `verified_at`/`verified_by` and brings the entry back to the ladder's first rung.

The ladder, run once a day by the beat task `directory.tasks.run_freshness_ladder`, counts from
an entry's due date (last verification + its update frequency, `quality.update_due_date`):

1. on the due date: the update reminder, with the one-click link (`notifications.py`, at most
   once every 30 days per organisation);
2. `FRESHNESS_TO_CHECK_AFTER_DAYS` (default 30) days after it: « à vérifier » badge on the
   public sheets and cards;
3. `FRESHNESS_HIDE_AFTER_DAYS` (default 60): left out of « Qui appeler ? » answers and of the
   guides' posters (`EntryQuerySet.orientable`);
4. `FRESHNESS_UNPUBLISH_AFTER_DAYS` (default 90): archived through the moderation workflow
   (`core.moderation.archive_by_system`, with its audit-log row).

An entry climbs one rung per run, and never sooner after the previous rung than the gap
between the two delays: an entry found long overdue (after an import, or when the ladder is
first switched on) still gets every warning with its full delay before it is unpublished.
The rung reached is stored on the entry (`freshness_stage`, `freshness_stage_on`) so filters
are cheap. Steps 2 to 4 are announced once, per organisation and step, to the organisation's
admins and the territory's moderators: one audit-log row (`FreshnessLogEntry`) per step and
cycle is the outbox item (`notifications.reminders`)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core.moderation import archive_by_system

from .models import FRESHNESS_STAGE, VERIFIED, Organisation, Service
from .moderation import departement_of, organisation_of
from .notifications import (
    _reminded,
    admin_edit_url,
    moderators_for,
    organisation_admins,
    send_update_reminders,
)
from .quality import update_due_date
from .signals import freshness_stage_reached
from .verification_links import LinkError, anchor_of, read_token
from .vocabularies import FreshnessStage, Status

RESET = {"freshness_stage": FreshnessStage.FRESH, "freshness_stage_on": None}


def stage_delays() -> dict[int, int]:
    """Days after the due date at which each announced rung is reached (settings)."""
    return {
        FreshnessStage.TO_CHECK: settings.FRESHNESS_TO_CHECK_AFTER_DAYS,
        FreshnessStage.HIDDEN: settings.FRESHNESS_HIDE_AFTER_DAYS,
        FreshnessStage.UNPUBLISHED: settings.FRESHNESS_UNPUBLISH_AFTER_DAYS,
    }


def source_verified_at(day: date) -> datetime:
    """An import's source date as a verification time (start of that day, local time)."""
    return timezone.make_aware(datetime.combine(day, time()))


# --- Verifying ------------------------------------------------------------------------------------
def verifiable_services(organisation):
    """The services a verification of the organisation confirms: those not archived."""
    return organisation.services.exclude(status=Status.ARCHIVED).order_by("name")


@transaction.atomic
def verify_organisation(organisation, user=None, via: str = "partner") -> list:
    """« Tout est à jour »: the organisation and its services (not archived) are verified now,
    by `user` (None for the one-click link); one audit-log row on the organisation."""
    now = timezone.now()
    values = {"verified_at": now, "verified_by": user, **RESET}
    services = list(verifiable_services(organisation))
    Organisation.objects.filter(pk=organisation.pk).update(**values)
    Service.objects.filter(pk__in=[s.pk for s in services]).update(**values)
    for entry in (organisation, *services):
        for name, value in values.items():
            setattr(entry, name, value)
    log(
        organisation,
        VERIFIED,
        user=user,
        data={"via": via, "services": [{"id": s.pk, "name": s.name} for s in services]},
    )
    return [organisation, *services]


@dataclass
class LinkCheck:
    """What a one-click link stands for: its organisation, or why it cannot be used."""

    organisation: Organisation | None = None
    error: str = ""
    expired: bool = False
    used: bool = False
    services: list = field(default_factory=list)


def check_link(token: str) -> LinkCheck:
    try:
        pk, anchor = read_token(token)
    except LinkError as error:
        if error.expired:
            return LinkCheck(
                expired=True,
                error=_(
                    "Ce lien a expiré. Connectez-vous à votre espace partenaire pour vérifier "
                    "vos fiches."
                ),
            )
        return LinkCheck(error=_("Ce lien n'est pas valide."))
    organisation = Organisation.objects.filter(pk=pk).exclude(status=Status.ARCHIVED).first()
    if organisation is None:
        return LinkCheck(error=_("Ce lien n'est pas valide."))
    if anchor_of(organisation.verified_at) != anchor:
        return LinkCheck(organisation=organisation, used=True)
    return LinkCheck(organisation=organisation, services=list(verifiable_services(organisation)))


def verify_with_link(token: str) -> LinkCheck:
    """Verify the link's organisation, once: the row is locked, so two clicks at once verify
    once and the second one finds the link used."""
    with transaction.atomic():
        check = check_link(token)
        if check.error or check.used:
            return check
        organisation = Organisation.objects.select_for_update().get(pk=check.organisation.pk)
        if anchor_of(organisation.verified_at) != anchor_of(check.organisation.verified_at):
            return LinkCheck(organisation=organisation, used=True)
        verify_organisation(organisation, user=None, via="link")
        check.organisation = organisation
        return check


def checked_by_moderator(entry, user) -> None:
    """A moderator publishing an entry vouches for it (moderation listener)."""
    type(entry).objects.filter(pk=entry.pk).update(verified_by=user)
    entry.verified_by = user


# --- The ladder -----------------------------------------------------------------------------------
def due_date(entry) -> date | None:
    if entry.verified_at is None:
        return None
    return update_due_date(entry.verified_on, entry.update_frequency)


def next_stage(entry, today: date) -> int | None:
    """The announced rung this entry reaches today, if any (one rung per run)."""
    stage = max(entry.freshness_stage, FreshnessStage.REMINDED)
    if stage >= FreshnessStage.UNPUBLISHED:
        return None
    target = stage + 1
    delays = stage_delays()
    due = due_date(entry)
    if due is not None and today < due + timedelta(days=delays[target]):
        return None
    if entry.freshness_stage >= FreshnessStage.REMINDED and entry.freshness_stage_on:
        gap = delays[target] - delays.get(stage, 0)
        if today < entry.freshness_stage_on + timedelta(days=gap):
            return None
    return target


def _maybe_due(queryset, today: date):
    """Leave out in SQL what cannot be due yet: verified less than 28 days ago (the shortest
    update frequency is a month, and a month is at least 28 days)."""
    recent = source_verified_at(today - timedelta(days=27))
    return queryset.exclude(verified_at__gte=recent)


def overdue_entries(today: date):
    """Published entries whose due date has passed (two queries)."""
    organisations = _maybe_due(Organisation.objects.published(), today).select_related("commune")
    services = _maybe_due(Service.objects.public(), today).select_related("organisation__commune")
    for entry in [*organisations, *services]:
        due = due_date(entry)
        if due is None or due < today:
            yield entry


def _mark_reminded(today: date) -> None:
    """Every overdue entry is at least on the first rung (reminded, or nobody to remind)."""
    for model in (Organisation, Service):
        queryset = _maybe_due(model.objects.published(), today).filter(
            freshness_stage=FreshnessStage.FRESH
        )
        pks = [e.pk for e in queryset if (d := due_date(e)) is None or d < today]
        model.objects.filter(pk__in=pks, freshness_stage=FreshnessStage.FRESH).update(
            freshness_stage=FreshnessStage.REMINDED, freshness_stage_on=today
        )


def climb(today: date | None = None) -> dict[int, int]:
    """One run of rungs 2 to 4; returns how many entries reached each rung."""
    today = today or timezone.localdate()
    _mark_reminded(today)
    reached: dict[tuple[Organisation, int], list] = {}
    for entry in overdue_entries(today):
        stage = next_stage(entry, today)
        if stage is not None:
            reached.setdefault((organisation_of(entry), stage), []).append(entry)
    counts: dict[int, int] = {}
    for (organisation, stage), entries in reached.items():
        counts[stage] = counts.get(stage, 0) + _reach(organisation, stage, entries, today)
    return counts


@transaction.atomic
def _reach(organisation, stage: int, entries: list, today: date) -> int:
    moved = []
    for entry in entries:
        # Conditional update: a concurrent run (or a verification meanwhile) wins.
        updated = (
            type(entry)
            .objects.filter(
                pk=entry.pk, freshness_stage=entry.freshness_stage, verified_at=entry.verified_at
            )
            .update(freshness_stage=stage, freshness_stage_on=today)
        )
        if updated:
            entry.freshness_stage, entry.freshness_stage_on = stage, today
            moved.append(entry)
    if not moved:
        return 0
    log_entry = log(
        organisation,
        FRESHNESS_STAGE,
        data={
            "stage": int(stage),
            "url": admin_edit_url(organisation),
            "entries": [_reminded(entry) for entry in moved],
        },
    )
    if stage == FreshnessStage.UNPUBLISHED:
        reason = str(_("Non vérifiée depuis trop longtemps : dépubliée automatiquement."))
        for entry in moved:
            if entry.status == Status.PUBLISHED:
                archive_by_system(entry, reason)
    recipients = {u.pk: u for u in organisation_admins(organisation)}
    recipients.update({u.pk: u for u in moderators_for(departement_of(organisation))})
    freshness_stage_reached.send(
        sender=Organisation, log_entry=log_entry, users=list(recipients.values())
    )
    return len(moved)


def run_ladder(today: date | None = None) -> dict:
    """The daily run: reminders (rung 1), then the announced rungs."""
    today = today or timezone.localdate()
    reminded = send_update_reminders(today)
    return {"reminded": reminded, **{str(k): v for k, v in climb(today).items()}}
