"""What happens to a call for projects after its publication: it is announced once to the
members of every eligible organisation and to the saved searches (« alertes ») of the list
that it satisfies, reminded once `FUNDING_REMINDER_DAYS` days before its
deadline, and closed at the deadline. Every message goes through the outbox
(`notifications.outbox`), whose unique rows make each announcement and reminder reach each
person once, even when a task runs twice."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.tasks import enqueue_after_commit
from directory.models import Membership, MembershipRole, Organisation, Service
from notifications.models import SubscriptionKind
from notifications.outbox import notice, notify, recipients_for_users
from notifications.subscriptions import notify_subscribers
from search.indexing import reindex_instances

from .eligibility import Profile, is_eligible
from .forms import call_predicate
from .models import CallForProjects, Status

ANNOUNCE_TASK = "funding.announce"
ANNOUNCED_KIND = "funding_call"
SUBSCRIPTION_KIND = SubscriptionKind.FUNDING
REMINDER_KIND = "funding_call_reminder"


def reminder_days() -> int:
    return getattr(settings, "FUNDING_REMINDER_DAYS", 7)


def enqueue_announcement(pk: int) -> None:
    enqueue_after_commit(ANNOUNCE_TASK, pk)


def organisation_profiles(departement: str) -> dict[int, Profile]:
    """The profile of every published organisation of the département (two queries)."""
    organisations = (
        Organisation.objects.published()
        .filter(commune__departement_code=departement)
        .values_list("pk", "kind", "commune__insee_code", "commune__departement_code")
    )
    themes: dict[int, set[str]] = defaultdict(set)
    rows = Service.objects.published().filter(organisation__commune__departement_code=departement)
    for organisation_id, categories in rows.values_list("organisation_id", "categories"):
        themes[organisation_id].update(categories or ())
    return {
        pk: Profile(kind, frozenset(themes[pk]), commune, dept)
        for pk, kind, commune, dept in organisations
    }


def eligible_organisation_ids(call: CallForProjects) -> list[int]:
    criteria = call.criteria()
    return sorted(
        pk
        for pk, profile in organisation_profiles(call.departement).items()
        if is_eligible(criteria, profile)
    )


def _member_ids(organisation_ids) -> set[int]:
    """The people who act for these organisations (not their gardiens)."""
    return set(
        Membership.objects.filter(organisation_id__in=organisation_ids)
        .exclude(role=MembershipRole.GARDIEN)
        .values_list("user_id", flat=True)
    )


def _notify_members(call: CallForProjects, kind: str) -> int:
    users = _member_ids(eligible_organisation_ids(call))
    recipients = recipients_for_users(users).values()
    return len(notify(notice(recipient, call, kind) for recipient in recipients))


def announce(pk: int) -> int:
    """Announce a published call to the members of its eligible organisations and to the
    saved searches it satisfies, once (the outbox keeps one row per person, call and kind)."""
    with transaction.atomic():
        call = (
            CallForProjects.objects.select_for_update()
            .filter(pk=pk, status=Status.PUBLISHED, announced_at__isnull=True)
            .first()
        )
        if call is None:
            return 0
        sent = _notify_members(call, ANNOUNCED_KIND)
        sent += len(notify_subscribers(SUBSCRIPTION_KIND, call, call_predicate(call)))
        call.announced_at = timezone.now()
        call.save(update_fields=["announced_at"])
    return sent


def send_reminders(now=None) -> int:
    """Remind the eligible organisations of the calls whose deadline is near, once each."""
    now = now or timezone.now()
    due = CallForProjects.objects.filter(
        status=Status.PUBLISHED,
        reminded_at__isnull=True,
        deadline__gt=now,
        deadline__lte=now + timedelta(days=reminder_days()),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            call = (
                CallForProjects.objects.select_for_update()
                .filter(pk=pk, status=Status.PUBLISHED, reminded_at__isnull=True)
                .first()
            )
            if call is None:
                continue
            sent += _notify_members(call, REMINDER_KIND)
            call.reminded_at = now
            call.save(update_fields=["reminded_at"])
    return sent


def close_expired(now=None) -> int:
    """Published calls whose deadline has passed become « Clôturé » (and are reindexed:
    an update() sends no post_save)."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = CallForProjects.objects.filter(status=Status.PUBLISHED, deadline__lte=now)
        pks = list(expired.select_for_update().values_list("pk", flat=True))
        closed = CallForProjects.objects.filter(pk__in=pks).update(
            status=Status.CLOSED, updated_at=now
        )
        reindex_instances(CallForProjects.objects.filter(pk__in=pks))
    return closed


def unannounced() -> list[int]:
    return list(
        CallForProjects.objects.filter(
            status=Status.PUBLISHED, announced_at__isnull=True
        ).values_list("pk", flat=True)
    )
