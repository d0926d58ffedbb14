"""Use cases of the marketplace: publication, matching runs, contact requests, messages.

The matching itself is pure (`offers.matching`); here we load candidates efficiently — the
hard constraints are prefiltered in SQL (usage overlap, zone, dates, accessibility, budget,
surface), only the radius check and the score run in Python — then write `Match` rows with
INSERT … ON CONFLICT DO NOTHING and the notifications of the new ones in the same transaction.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from decimal import Decimal

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core import counters
from directory.models import Membership, MembershipRole
from directory.roles import managed_organisation_ids
from notifications.outbox import Notice, content_type_id, notify, recipients_for_users
from notifications.subscriptions import notify_subscribers
from search.indexing import reindex_instances

from .filters import offer_predicate, premises_predicate
from .matching import BUDGET_TOLERANCE, SURFACE_FLOOR, NeedFacts, PremisesFacts, evaluate, rank
from .models import (
    Agreement,
    AgreementReminder,
    ContactRequest,
    Match,
    MatchMessage,
    OutcomeChange,
    Premises,
    ProjectNeed,
    ServiceOffer,
    premises_available_q,
)
from .outcomes import check_transition
from .vocabularies import ContactRequestStatus, MatchStatus, Outcome, Status

logger = logging.getLogger(__name__)

_NEED_FIELDS = (
    "pk",
    "usages",
    "zone_communes",
    "latitude",
    "longitude",
    "radius_km",
    "center_commune__insee_code",
    "surface_min",
    "surface_max",
    "budget_max",
    "accessibility_required",
    "start_date",
    "end_date",
    "organisation_id",
)
_PREMISES_FIELDS = (
    "pk",
    "commune__insee_code",
    "latitude",
    "longitude",
    "total_surface",
    "rent",
    "charges",
    "free_of_charge",
    "allowed_usages",
    "available_from",
    "available_until",
    "pmr_accessible",
    "landlord_id",
)


def _need_facts(row) -> NeedFacts:
    (pk, usages, zone, lat, lon, radius, center, smin, smax, budget, pmr, start, end, _org) = row
    return NeedFacts(
        id=pk,
        usages=frozenset(usages),
        zone_codes=frozenset(zone),
        latitude=lat,
        longitude=lon,
        radius_km=radius,
        center_code=center,
        surface_min=smin,
        surface_max=smax,
        budget_max=budget,
        accessibility_required=pmr,
        start_date=start,
        end_date=end,
    )


def _premises_facts(row) -> PremisesFacts:
    (pk, code, lat, lon, surface, rent, charges, free, usages, start, until, pmr, _org) = row
    cost = Decimal(0) if free else (rent or Decimal(0)) + (charges or Decimal(0))
    return PremisesFacts(
        id=pk,
        commune_code=code,
        latitude=lat,
        longitude=lon,
        surface=surface,
        monthly_cost=cost,
        free_of_charge=free,
        usages=frozenset(usages),
        available_from=start,
        available_until=until,
        pmr_accessible=pmr,
    )


def candidate_needs(premises: PremisesFacts):
    """Published needs that may match: every hard constraint but the radius, in SQL."""
    needs = ProjectNeed.objects.filter(status=Status.PUBLISHED)
    needs = needs.filter(Q(usages__overlap=list(premises.usages)) | Q(usages=[]))
    needs = needs.filter(
        Q(zone_communes__contains=[premises.commune_code]) | Q(radius_km__isnull=False)
    )
    if premises.available_until:
        needs = needs.filter(start_date__lte=premises.available_until)
    needs = needs.filter(Q(end_date__isnull=True) | Q(end_date__gte=premises.available_from))
    if not premises.pmr_accessible:
        needs = needs.filter(accessibility_required=False)
    if not premises.free_of_charge:
        floor = (premises.monthly_cost / (1 + BUDGET_TOLERANCE)).quantize(Decimal("0.01"))
        needs = needs.filter(Q(budget_max__isnull=True) | Q(budget_max__gte=floor))
    needs = needs.filter(surface_min__lte=premises.surface / SURFACE_FLOOR)
    return needs


def candidate_premises(need: NeedFacts):
    """Published premises that may match the need, prefiltered in SQL likewise."""
    premises = Premises.objects.filter(status=Status.PUBLISHED)
    if need.usages:
        premises = premises.filter(allowed_usages__overlap=list(need.usages))
    if need.radius_km is None:
        premises = premises.filter(commune__insee_code__in=list(need.zone_codes))
    if need.end_date:
        premises = premises.filter(available_from__lte=need.end_date)
    premises = premises.filter(
        Q(available_until__isnull=True) | Q(available_until__gte=need.start_date)
    )
    if need.accessibility_required:
        premises = premises.filter(pmr_accessible=True)
    premises = premises.filter(total_surface__gte=need.surface_min * SURFACE_FLOOR)
    return premises


# One JSON parameter rather than arrays: psycopg quotes text arrays element by element in
# Python, which dominated the time of large batches.
_INSERT_MATCHES = """
INSERT INTO offers_match
    (need_id, premises_id, score, reasons, need_side_status, premises_side_status, created_at)
SELECT n, p, s, r, %s, %s, now()
FROM jsonb_to_recordset(%s::jsonb) AS t(n bigint, p bigint, s int, r jsonb)
ON CONFLICT (need_id, premises_id) DO NOTHING
RETURNING id, need_id, premises_id
"""


def _insert_matches(pairs) -> list[tuple[int, int, int]]:
    """pairs: (need_id, premises_id, Evaluation). Returns (match id, need id, premises id)
    of the rows really created."""
    if not pairs:
        return []
    rows = [
        {
            "n": need_id,
            "p": premises_id,
            "s": evaluation.score,
            "r": [reason.to_json() for reason in evaluation.reasons],
        }
        for need_id, premises_id, evaluation in pairs
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_MATCHES, [MatchStatus.NEW, MatchStatus.NEW, json.dumps(rows)])
        return cursor.fetchall()


def members_by_organisation(organisation_ids) -> dict[int, list[int]]:
    """User ids of the members who manage each organisation (gardiens are not told)."""
    members: dict[int, list[int]] = {}
    rows = (
        Membership.objects.filter(organisation_id__in=set(organisation_ids))
        .exclude(role=MembershipRole.GARDIEN)
        .values_list("organisation_id", "user_id")
    )
    for organisation_id, user_id in rows:
        members.setdefault(organisation_id, []).append(user_id)
    return members


def _notices_for_organisations(targets, kind: str) -> list[Notice]:
    """targets: (organisation id, content type id, object id, context) → one notice per
    member of each organisation."""
    targets = list(targets)
    members = members_by_organisation(t[0] for t in targets)
    recipients = recipients_for_users(u for users in members.values() for u in users)
    notices = []
    for organisation_id, item_type, object_id, context in targets:
        for user_id in members.get(organisation_id, ()):
            recipient = recipients.get(user_id)
            if recipient is not None:
                notices.append(Notice(recipient, item_type, object_id, kind, context))
    return notices


def _notify_new_matches(created, need_organisation, premises_organisation) -> None:
    """Both sides of each new match hear of it: the project holder (need side) and the
    landlord (premises side). `created` comes from `_insert_matches`, so a match already
    made before is never announced again."""
    item_type = content_type_id(Match)
    targets = []
    for match_id, need_id, premises_id in created:
        targets.append((need_organisation[need_id], item_type, match_id, {"side": "need"}))
        targets.append(
            (premises_organisation[premises_id], item_type, match_id, {"side": "premises"})
        )
    notify(_notices_for_organisations(targets, "match"))


@transaction.atomic
def match_premises(premises_id: int) -> list[int]:
    """Match published premises against every open need; notify both sides of the new
    matches. Returns the ids of the matches created."""
    row = (
        Premises.objects.filter(pk=premises_id, status=Status.PUBLISHED)
        .values_list(*_PREMISES_FIELDS)
        .first()
    )
    if row is None:
        return []
    facts = _premises_facts(row)
    needs = list(candidate_needs(facts).values_list(*_NEED_FIELDS))
    ranked = rank(facts, (_need_facts(n) for n in needs))
    created = _insert_matches([(need.id, facts.id, ev) for need, ev in ranked])
    _notify_new_matches(created, {n[0]: n[-1] for n in needs}, {row[0]: row[-1]})
    return [match_id for match_id, _n, _p in created]


@transaction.atomic
def match_need(need_id: int) -> list[int]:
    """Match a published need against every available premises; notify both sides."""
    need_row = (
        ProjectNeed.objects.filter(pk=need_id, status=Status.PUBLISHED)
        .values_list(*_NEED_FIELDS)
        .first()
    )
    if need_row is None:
        return []
    need = _need_facts(need_row)
    rows = list(candidate_premises(need).values_list(*_PREMISES_FIELDS))
    pairs = []
    for row in rows:
        evaluation = evaluate(_premises_facts(row), need)
        if evaluation.is_match:
            pairs.append((need.id, row[0], evaluation))
    created = _insert_matches(pairs)
    _notify_new_matches(created, {need_row[0]: need_row[-1]}, {r[0]: r[-1] for r in rows})
    return [match_id for match_id, _n, _p in created]


# --- Publication ------------------------------------------------------------------------------
# Submission, publication and refusal are `core.moderation`'s (registered in
# `offers.moderation`, whose publish hook calls `enqueue_announcement`).


def edited(entry) -> None:
    """A published entry was edited and stays online: matches and saved-search alerts are
    looked for again, since it may now suit needs or searches it did not before. Only what
    is new is sent (matches and deliveries are unique)."""
    if entry.status != Status.PUBLISHED:
        return
    type(entry).objects.filter(pk=entry.pk).update(announced_at=None)
    _announce_on_commit(entry)


def _announce_on_commit(entry) -> None:
    label = entry._meta.label_lower
    transaction.on_commit(lambda: enqueue_announcement(label, entry.pk))


def close(entry) -> None:
    entry.status = Status.CLOSED
    fields = ["status", "updated_at"]
    if hasattr(entry, "closed_at"):  # premises and needs; offers keep no closing date
        entry.closed_at = timezone.now()
        fields.append("closed_at")
    entry.save(update_fields=fields)


# The Celery task that runs `announce` (offers/tasks.py).
ANNOUNCE_TASK = "offers.announce"


def enqueue_announcement(label: str, pk: int) -> None:
    """Hand the matching + alerts to Celery. If the broker is down, `announced_at` stays
    empty and the periodic `sweep_unannounced` picks the entry up later."""
    try:
        # By name: offers.tasks imports this module.
        current_app.send_task(
            ANNOUNCE_TASK,
            args=(label, pk),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.2},
        )
    except Exception:
        logger.warning(
            "offers: broker unavailable, %s %s will be announced by the sweeper", label, pk
        )


ANNOUNCED_MODELS = {m._meta.label_lower: m for m in (Premises, ProjectNeed, ServiceOffer)}


def announce(label: str, pk: int) -> int:
    """Run what follows a publication: matches (premises, needs) and saved-search alerts
    (premises, offers). Idempotent: matches and deliveries are unique."""
    model = ANNOUNCED_MODELS[label]
    with transaction.atomic():
        entry = model.objects.select_for_update().filter(pk=pk, status=Status.PUBLISHED).first()
        if entry is None:
            return 0
        count = 0
        if model is Premises:
            count += len(match_premises(pk))
            count += len(notify_subscribers("premises", entry, premises_predicate(entry)))
        elif model is ProjectNeed:
            count += len(match_need(pk))
        else:
            count += len(notify_subscribers("offers", entry, offer_predicate(entry)))
        model.objects.filter(pk=pk).update(announced_at=timezone.now())
        return count


def unannounced(older_than_seconds: float = 60) -> list[tuple[str, int]]:
    since = timezone.now() - timedelta(seconds=older_than_seconds)
    found = []
    for label, model in ANNOUNCED_MODELS.items():
        pks = model.objects.filter(
            status=Status.PUBLISHED, announced_at__isnull=True, published_at__lte=since
        ).values_list("pk", flat=True)[:500]
        found.extend((label, pk) for pk in pks)
    return found


def close_expired(today=None) -> int:
    """Premises past their auto-close date or availability end are closed (beat, daily)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        expired = list(
            Premises.objects.select_for_update()
            .filter(status=Status.PUBLISHED)
            .exclude(premises_available_q(today))
        )
        closed = Premises.objects.filter(pk__in=[p.pk for p in expired]).update(
            status=Status.CLOSED, closed_at=timezone.now(), updated_at=timezone.now()
        )
        # A bulk update sends no post_save: take them out of the search index ourselves.
        if expired:
            reindex_instances(expired)
    return closed


# --- Contact requests and match messages --------------------------------------------------------


@transaction.atomic
def send_contact_request(
    *, offer, organisation, user, message, residence=None, desired_start=None, phone=""
):
    request = ContactRequest.objects.create(
        offer=offer,
        requester_organisation=organisation,
        requester=user,
        requester_phone=phone,
        residence=residence,
        message=message,
        desired_start=desired_start,
    )
    item_type = content_type_id(ContactRequest)
    notify(
        _notices_for_organisations(
            [(offer.provider_id, item_type, request.pk, {})], "contact_request"
        )
    )
    counters.count("offer_contacted", organisation=offer.provider_id)
    return request


@transaction.atomic
def answer_contact_request(request, *, user, status, message, proposed_date=None) -> None:
    request.status = status
    request.response_message = message
    request.proposed_date = proposed_date if status == ContactRequestStatus.DATE_PROPOSED else None
    request.answered_at = timezone.now()
    request.answered_by = user
    request.save()
    item_type = content_type_id(ContactRequest)
    notify(
        _notices_for_organisations(
            [(request.requester_organisation_id, item_type, request.pk, {})],
            "contact_reply",
        )
    )


@transaction.atomic
def send_match_message(match, *, organisation_id: int, user, body: str) -> MatchMessage:
    """A message from one side of a match to the other; marks the match contacted."""
    message = MatchMessage.objects.create(
        match=match, sender_organisation_id=organisation_id, sender=user, body=body
    )
    if organisation_id == match.premises.landlord_id:
        other = match.need.organisation_id
        match.premises_side_status = MatchStatus.CONTACTED
    else:
        other = match.premises.landlord_id
        match.need_side_status = MatchStatus.CONTACTED
    match.save(update_fields=["need_side_status", "premises_side_status"])
    item_type = content_type_id(MatchMessage)
    notify(_notices_for_organisations([(other, item_type, message.pk, {})], "match_message"))
    return message


# --- Outcomes and agreements ---------------------------------------------------------------------


def acting_party(subject, user) -> int:
    """The organisation of the two concerned (`subject.party_ids()`) in whose name `user`
    acts; PermissionDenied for anyone else (site admins included: outcomes are the parties')."""
    managed = managed_organisation_ids(user)
    for organisation_id in subject.party_ids():
        if organisation_id in managed:
            return organisation_id
    raise PermissionDenied


def _notify_parties(subject_party_ids, item, kind: str) -> None:
    item_type = content_type_id(type(item))
    notify(
        _notices_for_organisations(
            [(organisation_id, item_type, item.pk, {}) for organisation_id in subject_party_ids],
            kind,
        )
    )


@transaction.atomic
def change_outcome(subject, *, user, target: str, visit_date=None, reason: str = ""):
    """Move a match or a contact request to `target` (checked by `offers.outcomes`), by a
    member of one of the two parties; logged, and both parties notified."""
    organisation_id = acting_party(subject, user)
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    check_transition(subject.outcome, target, visit_date=visit_date, reason=reason)
    change = OutcomeChange.objects.create(
        match=subject if isinstance(subject, Match) else None,
        contact_request=subject if isinstance(subject, ContactRequest) else None,
        from_outcome=subject.outcome,
        to_outcome=target,
        visit_date=visit_date if target == Outcome.VISIT_PLANNED else None,
        reason=reason.strip() if target == Outcome.NO_FOLLOW_UP else "",
        by_organisation_id=organisation_id,
        by_user=user,
    )
    subject.outcome = target
    if target == Outcome.VISIT_PLANNED:
        subject.visit_date = visit_date
    if target == Outcome.NO_FOLLOW_UP:
        subject.no_follow_up_reason = change.reason
    subject.save(update_fields=["outcome", "visit_date", "no_follow_up_reason"])
    _notify_parties(subject.party_ids(), change, "outcome_changed")
    _count_outcome(subject, target)
    return change


# The `kind` dimension of the "match" counter: which of the two follow-ups moved.
MATCH_COUNTER_KINDS = {Match: "premises_match", ContactRequest: "contact_request"}


def _count_outcome(subject, target: str) -> None:
    """Count the move (metric "match": kind and outcome, once per change, after the commit).

    Premises count as let (metric "premises", outcome "let") when a match of theirs first
    reaches "agreement signed": the moment the landlord and the association commit. Every
    path to "occupied" passes through it, so counting at "occupied" would only count later
    and miss the agreements never followed by a move-in notice. Once per premises: the
    premises row is locked, then earlier signatures of any of its matches are looked for."""
    counters.count("match", kind=MATCH_COUNTER_KINDS[type(subject)], outcome=target)
    if not isinstance(subject, Match) or target != Outcome.AGREEMENT_SIGNED:
        return
    premises = Premises.objects.select_for_update().select_related("commune")
    premises = premises.get(pk=subject.premises_id)
    signed_before = (
        OutcomeChange.objects.filter(
            match__premises_id=premises.pk, to_outcome=Outcome.AGREEMENT_SIGNED
        )
        .exclude(match_id=subject.pk)
        .exists()
    )
    if not signed_before:
        counters.count(
            "premises",
            outcome="let",
            commune=premises.commune.insee_code,
            organisation=premises.landlord_id,
        )


def agreements_of(user):
    """Agreements the user's organisations are a party to; all of them for site admins."""
    agreements = Agreement.objects.select_related("landlord", "association")
    if user.is_authenticated and user.is_superuser:
        return agreements
    ids = managed_organisation_ids(user)
    return agreements.filter(Q(landlord_id__in=ids) | Q(association_id__in=ids))


def delete_agreement_document(document) -> None:
    """Either party to the agreement may delete one of its documents (they keep the register
    together; no uploader is recorded). The row goes at once, the file in PRIVATE_MEDIA_ROOT
    once the deletion commits (a rolled-back deletion keeps its file)."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def agreements_due_for_renewal(today=None):
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.AGREEMENT_RENEWAL_REMINDER_DAYS)
    return Agreement.objects.filter(end_date__gte=today, end_date__lte=horizon).exclude(
        reminders__end_date=F("end_date")
    )


@transaction.atomic
def remind_agreement_renewals(today=None) -> int:
    """Remind both parties of each agreement ending within the reminder window — once per
    agreement and end date (`AgreementReminder` is unique on the pair). Returns how many
    agreements were reminded."""
    count = 0
    for agreement in agreements_due_for_renewal(today).select_for_update(skip_locked=True):
        reminder, created = AgreementReminder.objects.get_or_create(
            agreement=agreement, end_date=agreement.end_date
        )
        if created:
            _notify_parties(agreement.party_ids(), reminder, "agreement_renewal")
            count += 1
    return count
