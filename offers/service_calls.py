"""Use cases of landlords' calls for services: announcement to matching providers, answers,
who sees what, and the daily closing. The matching itself is pure (`offers.call_matching`)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import enqueue_after_commit
from directory.models import OrganisationKind
from notifications.outbox import content_type_id, notify

from .call_matching import CallFacts, OfferFacts, best_offer_per_provider
from .models import ServiceCall, ServiceCallAnswer, ServiceCallMatch, ServiceOffer
from .services import _notices_for_organisations
from .vocabularies import Status

# The Celery task that runs `announce_call` (offers/tasks.py).
ANNOUNCE_CALL_TASK = "offers.announce_service_call"
NOTICE_KIND = "service_call"


def enqueue_call_announcement(call_id: int) -> None:
    """Queued once the publication commits; `announced_at` stays empty until it ran, so
    `unannounced_calls` (swept with the other announcements) catches a lost message."""
    enqueue_after_commit(ANNOUNCE_CALL_TASK, call_id)


def call_facts(call: ServiceCall) -> CallFacts:
    codes = set(call.communes)
    codes.update(call.residences.values_list("commune__insee_code", flat=True))
    codes.discard(None)
    return CallFacts(
        id=call.pk,
        family=call.family,
        audience=frozenset(call.audience),
        commune_codes=frozenset(codes),
        departement=call.departement,
        period_start=call.period_start,
        period_end=call.period_end,
    )


def _offer_facts(rows):
    for pk, provider_id, family, targets, communes, departement in rows:
        yield OfferFacts(
            id=pk,
            provider_id=provider_id,
            family=family,
            targets=frozenset(targets),
            coverage_communes=frozenset(communes),
            coverage_departement=departement,
        )


def announce_call(call_id: int, today=None) -> int:
    """Find the providers whose published offers match a published call and tell each one's
    members once (instant or digest, as their preferences say). Idempotent: a provider
    already found for this call is skipped (unique row), and the outbox keys deliveries by
    recipient, call and kind. Returns the number of providers newly found."""
    today = today or timezone.localdate()
    with transaction.atomic():
        call = (
            ServiceCall.objects.select_for_update()
            .filter(pk=call_id, status=Status.PUBLISHED)
            .first()
        )
        if call is None:
            return 0
        facts = call_facts(call)
        rows = (
            ServiceOffer.objects.filter(status=Status.PUBLISHED, family=call.family)
            .exclude(provider_id=call.landlord_id)
            .values_list(
                "pk",
                "provider_id",
                "family",
                "targets",
                "coverage_communes",
                "coverage_departement",
            )
        )
        best = best_offer_per_provider(facts, _offer_facts(rows), today)
        known = set(
            ServiceCallMatch.objects.filter(call=call).values_list("provider_id", flat=True)
        )
        new = [
            ServiceCallMatch(
                call=call,
                provider_id=provider_id,
                offer_id=offer.id,
                score=evaluation.score,
                reasons=[reason.to_json() for reason in evaluation.reasons],
            )
            for provider_id, (offer, evaluation) in sorted(best.items())
            if provider_id not in known
        ]
        ServiceCallMatch.objects.bulk_create(new)
        item_type = content_type_id(ServiceCall)
        notify(
            _notices_for_organisations(
                [(m.provider_id, item_type, call.pk, {}) for m in new], NOTICE_KIND
            )
        )
        ServiceCall.objects.filter(pk=call.pk).update(announced_at=timezone.now())
        return len(new)


def unannounced_calls(older_than_seconds: float = 60) -> list[int]:
    since = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        ServiceCall.objects.filter(
            status=Status.PUBLISHED, announced_at__isnull=True, published_at__lte=since
        ).values_list("pk", flat=True)[:500]
    )


def close_due_calls(today=None) -> int:
    """Calls past their closing date are closed (beat, daily): no answer is taken after."""
    today = today or timezone.localdate()
    now = timezone.now()
    return ServiceCall.objects.filter(status=Status.PUBLISHED, closes_on__lt=today).update(
        status=Status.CLOSED, closed_at=now, updated_at=now
    )


# --- Who sees and does what -------------------------------------------------------------------


def is_landlord_member(user, call: ServiceCall, managed_ids: set[int]) -> bool:
    return user.is_authenticated and (user.is_superuser or call.landlord_id in managed_ids)


def answers_visible_to(user, call: ServiceCall, managed_ids: set[int]):
    """The landlord's members see every answer; a provider sees only its own; others none."""
    answers = call.answers.select_related("provider", "author")
    if is_landlord_member(user, call, managed_ids):
        return answers
    return answers.filter(provider_id__in=managed_ids)


def matches_with_answers(call: ServiceCall) -> list[ServiceCallMatch]:
    """The providers found for a call, best first, each with its answer (`match.answer`,
    None when it has not answered). Only for the landlord's members: callers check."""
    answers = {answer.provider_id: answer for answer in call.answers.all()}
    matches = list(call.matches.select_related("provider", "offer"))
    for match in matches:
        match.answer = answers.get(match.provider_id)
    return matches


def answering_providers(organisations):
    """The user's ESS organisations, those that may answer a call."""
    return organisations.filter(kind=OrganisationKind.ESS)


@transaction.atomic
def answer_call(
    call: ServiceCall, *, provider, user, message: str, proposed_price=None, terms: str = ""
) -> ServiceCallAnswer:
    """A provider answers (or amends its answer) while the call is open; the landlord's
    members are told of a new answer."""
    if provider.kind != OrganisationKind.ESS or provider.pk == call.landlord_id:
        raise PermissionDenied
    call = ServiceCall.objects.select_for_update().get(pk=call.pk)
    if not call.accepts_answers():
        raise ValidationError(_("Cet appel est clôturé : il ne reçoit plus de réponse."))
    answer, created = ServiceCallAnswer.objects.update_or_create(
        call=call,
        provider=provider,
        defaults={
            "author": user,
            "message": message,
            "proposed_price": proposed_price,
            "terms": terms,
        },
    )
    if created:
        item_type = content_type_id(ServiceCallAnswer)
        notify(
            _notices_for_organisations(
                [(call.landlord_id, item_type, answer.pk, {})], "service_call_answer"
            )
        )
    return answer
