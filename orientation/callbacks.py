"""Callback requests: a gardien or landlord staff member asks a service to call them back
about a resident (issue #15, part 4). Plain functions; views and tasks only call them.

Who: `can_request_callback` (gardiens of a residence and members of a landlord). What they
see: `sent_by` (their own requests) and `received_by` (requests to an organisation they
manage). Every message goes through the notifications outbox in the transaction that
changes the request: the request to the service's contact address and to its organisation's
members (inbox and email), the answer to the sender. Requests expire unanswered after
CALLBACK_EXPIRY_DAYS and are deleted CALLBACK_RETENTION_DAYS after they were closed, with
their outbox rows (`expire_and_purge`, run daily by beat)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core import counters
from core.phones import phone_display
from directory.models import Membership, MembershipRole, Organisation, OrganisationKind
from directory.roles import is_landlord_staff, managed_organisation_ids
from notifications.models import Channel, Delivery, Frequency
from notifications.outbox import Recipient, content_type_id, notice, notify, recipients_for_users

from .models import (
    CALLBACK_ANSWERED,
    CALLBACK_REQUEST,
    CallbackRequest,
    CallbackStatus,
)

ANSWERS = (CallbackStatus.ACKNOWLEDGED, CallbackStatus.DECLINED)


class CallbackClosed(Exception):
    """The request was already answered or has expired: nothing to change."""


# --- Who may do what ----------------------------------------------------------------------------
def can_request_callback(user) -> bool:
    """Gardiens (of a residence, or by their membership role) and landlord staff."""
    if not user.is_authenticated:
        return False
    return (
        user.residences.exists()
        or user.memberships.filter(
            Q(role=MembershipRole.GARDIEN) | Q(organisation__kind=OrganisationKind.LANDLORD)
        ).exists()
    )


def may_ask_referent(user, referent) -> bool:
    """A landlord's own contact is asked by that landlord's staff and the residence's
    gardiens only (`directory.roles.is_landlord_staff`)."""
    return can_request_callback(user) and is_landlord_staff(user, referent.residence)


def sender_organisations(user) -> QuerySet[Organisation]:
    """The organisations a request may be sent on behalf of: the user's own, and the
    landlords of the residences they look after."""
    return (
        Organisation.objects.filter(Q(memberships__user=user) | Q(residences__gardiens=user))
        .distinct()
        .order_by("name")
    )


def sender_defaults(user) -> dict:
    """The sender's professional contact as first offered (editable): their organisation,
    its phone, and their own address."""
    organisation = sender_organisations(user).first()
    return {
        "sender_organisation": organisation,
        "sender_phone": phone_display(organisation.phone) if organisation else "",
        "sender_email": user.email,
    }


def _with_related(queryset: QuerySet[CallbackRequest]) -> QuerySet[CallbackRequest]:
    return queryset.select_related(
        "service", "referent", "recipient_organisation", "situation", "residence", "commune",
        "sender_organisation", "sender", "answered_by",
    )  # fmt: skip


def by_id(callback_id: int) -> CallbackRequest | None:
    return _with_related(CallbackRequest.objects.filter(pk=callback_id)).first()


def sent_by(user) -> QuerySet[CallbackRequest]:
    return _with_related(CallbackRequest.objects.filter(sender=user))


def received_by(user) -> QuerySet[CallbackRequest]:
    """Requests to the organisations the user manages (admins and members, not gardiens)."""
    return _with_related(
        CallbackRequest.objects.filter(recipient_organisation__in=managed_organisation_ids(user))
    )


# --- Messages ----------------------------------------------------------------------------------
def recipients_of(callback: CallbackRequest) -> list[Recipient]:
    """The service's (or the landlord contact's) address (email) and the members of the
    organisation that answers (email and inbox, as each prefers); an address that is also a
    member's account is told once."""
    member_ids = (
        Membership.objects.filter(organisation_id=callback.recipient_organisation_id)
        .exclude(role=MembershipRole.GARDIEN)
        .values_list("user_id", flat=True)
    )
    recipients = list(recipients_for_users(member_ids).values())
    if callback.service_id:
        address = callback.service.effective_email
    else:
        address = callback.referent.email if callback.referent_id else ""
    if address and address.lower() not in {r.email.lower() for r in recipients}:
        recipients.append(
            Recipient(
                email=address,
                language=settings.LANGUAGE_CODE[:2],
                channels=((Channel.EMAIL, Frequency.INSTANT),),
            )
        )
    return recipients


def _sender_recipient(callback: CallbackRequest) -> list[Recipient]:
    recipient = recipients_for_users([callback.sender_id]).get(callback.sender_id)
    return [recipient] if recipient else []


# --- Use cases ---------------------------------------------------------------------------------
@transaction.atomic
def send_callback_request(
    *,
    sender: User,
    service=None,
    referent=None,
    situation,
    commune,
    residence=None,
    sender_organisation=None,
    sender_phone: str,
    sender_email: str,
    note: str = "",
    consent: bool,
) -> CallbackRequest:
    """Record the request and write its messages to the outbox (sent once committed)."""
    if not consent:
        raise ValueError("A callback request needs the resident's agreement.")
    if (service is None) == (referent is None):
        raise ValueError("A callback request goes to one service or one landlord contact.")
    if referent is not None:
        residence = referent.residence
    callback = CallbackRequest.objects.create(
        sender=sender,
        sender_organisation=sender_organisation,
        sender_phone=sender_phone,
        sender_email=sender_email,
        service=service,
        referent=referent,
        recipient_organisation=service.organisation if service else residence.landlord,
        situation=situation,
        residence=residence,
        commune=residence.commune if residence is not None else commune,
        consent=True,
        note=note,
    )
    notify(notice(recipient, callback, CALLBACK_REQUEST) for recipient in recipients_of(callback))
    counters.count(
        "callback_request",
        outcome=CallbackStatus.SENT.value,
        situation=getattr(situation, "slug", None),
        organisation=callback.recipient_organisation_id,
    )
    return callback


@transaction.atomic
def answer(callback_id: int, *, status: str, suggestion: str = "", user=None) -> CallbackRequest:
    """« Je rappelle » or « Pas pour nous » (with an optional better service); tells the
    sender. Raises CallbackClosed when the request is no longer open."""
    if status not in ANSWERS:
        raise ValueError(f"Unknown answer {status!r}")
    callback = (
        _with_related(CallbackRequest.objects.select_for_update(of=("self",)))
        .filter(pk=callback_id)
        .first()
    )
    if callback is None or not callback.is_open:
        raise CallbackClosed
    now = timezone.now()
    callback.status = status
    callback.suggestion = suggestion if status == CallbackStatus.DECLINED else ""
    callback.answered_by = user if user is not None and user.is_authenticated else None
    callback.answered_at = now
    callback.closed_at = now
    callback.save(update_fields=["status", "suggestion", "answered_by", "answered_at", "closed_at"])
    notify(
        notice(recipient, callback, CALLBACK_ANSWERED) for recipient in _sender_recipient(callback)
    )
    counters.count(
        "callback_request",
        outcome=str(status),
        situation=callback.situation.slug if callback.situation_id else None,
        organisation=callback.recipient_organisation_id,
    )
    return callback


@transaction.atomic
def expire_unanswered(now: datetime | None = None) -> int:
    """Requests unanswered for CALLBACK_EXPIRY_DAYS are closed as expired, and their
    senders told (through the outbox, once), so that they call someone else."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.CALLBACK_EXPIRY_DAYS)
    expired = list(
        _with_related(CallbackRequest.objects.select_for_update(of=("self",))).filter(
            status=CallbackStatus.SENT, created_at__lt=limit
        )
    )
    for callback in expired:
        callback.status = CallbackStatus.EXPIRED
        callback.closed_at = now
    CallbackRequest.objects.bulk_update(expired, ["status", "closed_at"])
    notify(
        notice(recipient, callback, CALLBACK_ANSWERED)
        for callback in expired
        for recipient in _sender_recipient(callback)
    )
    return len(expired)


@transaction.atomic
def purge_closed(now: datetime | None = None) -> int:
    """Delete requests closed more than CALLBACK_RETENTION_DAYS ago, and the outbox rows
    that told people about them (the sender's contact must not outlive the request)."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.CALLBACK_RETENTION_DAYS)
    ids = list(CallbackRequest.objects.filter(closed_at__lt=limit).values_list("pk", flat=True))
    if not ids:
        return 0
    Delivery.objects.filter(
        content_type_id=content_type_id(CallbackRequest), object_id__in=ids
    ).delete()
    deleted, _details = CallbackRequest.objects.filter(pk__in=ids).delete()
    return deleted


def expire_and_purge(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {"expired": expire_unanswered(now), "purged": purge_closed(now)}
