"""Matches and contact requests counted by outcome, premises counted when posted and when let
(core.counters, issue #18 item 1): once per event, through the real flush into DailyCounter."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core import counters, moderation
from core.models import DailyCounter
from directory.models import OrganisationKind
from offers import services
from offers.models import Match
from offers.vocabularies import Outcome
from tests.accounts.factories import clear_test_cache

from .factories import (
    NeedFactory,
    OfferFactory,
    OrganisationFactory,
    PremisesFactory,
    UserFactory,
    member_of,
)

# Not a transactional test: only the counts among the on-commit callbacks are run (the
# notifications handed to Celery are left aside), then flushed for real.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    clear_test_cache()
    yield
    clear_test_cache()


def run_counts(callbacks) -> None:
    for callback in callbacks:
        if isinstance(callback, counters.PendingCount):
            callback()


def counted(metric: str) -> dict:
    """{frozenset of dimension items: value} of the flushed rows of `metric`."""
    counters.flush()
    return {
        frozenset(row.dimensions.items()): row.value
        for row in DailyCounter.objects.filter(metric=metric)
    }


def a_match(premises=None) -> Match:
    premises = premises or PremisesFactory()
    return Match.objects.create(need=NeedFactory(), premises=premises, score=80)


def test_each_outcome_of_a_match_and_of_a_contact_request_is_counted_once_by_kind(
    django_capture_on_commit_callbacks,
):
    match = a_match()
    landlord_member = member_of(match.premises.landlord)
    offer = OfferFactory()
    provider = member_of(offer.provider)
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    asker = member_of(landlord)
    with django_capture_on_commit_callbacks() as callbacks:
        contact = services.send_contact_request(
            offer=offer, organisation=landlord, user=asker, message="Bonjour"
        )
        services.change_outcome(
            match, user=landlord_member, target=Outcome.VISIT_PLANNED, visit_date=date(2027, 1, 5)
        )
        services.change_outcome(
            match, user=landlord_member, target=Outcome.VISIT_PLANNED, visit_date=date(2027, 2, 5)
        )
        services.change_outcome(match, user=landlord_member, target=Outcome.AGREEMENT_SIGNED)
        services.change_outcome(
            contact, user=provider, target=Outcome.NO_FOLLOW_UP, reason="Pas de créneau"
        )
    run_counts(callbacks)

    # The contact request itself is "offer_contacted" (counted apart), not a "match".
    assert counted("match") == {
        frozenset({("kind", "premises_match"), ("outcome", "visit_planned")}): 2,
        frozenset({("kind", "premises_match"), ("outcome", "agreement_signed")}): 1,
        frozenset({("kind", "contact_request"), ("outcome", "no_follow_up")}): 1,
    }


def test_a_refused_move_counts_nothing(django_capture_on_commit_callbacks):
    match = a_match()
    landlord_member = member_of(match.premises.landlord)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        services.change_outcome(match, user=landlord_member, target=Outcome.OCCUPIED)
    run_counts(callbacks)
    assert counted("match") == {}


def test_premises_are_counted_posted_on_their_first_publication_only(
    django_capture_on_commit_callbacks,
):
    premises = PremisesFactory()
    owner = member_of(premises.landlord)
    admin = UserFactory(is_superuser=True)
    admin.save()
    with django_capture_on_commit_callbacks() as callbacks:
        moderation.submit(premises, owner)
        moderation.publish(premises, admin)
        # Archived by its landlord, then published again: still one posting.
        moderation.archive(premises, owner)
        moderation.publish(premises, admin)
    run_counts(callbacks)

    assert counted("premises") == {
        frozenset(
            {
                ("outcome", "posted"),
                ("commune", premises.commune.insee_code),
                ("organisation", str(premises.landlord_id)),
            }
        ): 1
    }


def test_premises_are_counted_let_when_a_first_match_of_theirs_is_signed(
    django_capture_on_commit_callbacks,
):
    premises = PremisesFactory()
    landlord_member = member_of(premises.landlord)
    first, second = a_match(premises), a_match(premises)
    with django_capture_on_commit_callbacks() as callbacks:
        services.change_outcome(first, user=landlord_member, target=Outcome.AGREEMENT_SIGNED)
        services.change_outcome(first, user=landlord_member, target=Outcome.OCCUPIED)
        # A second association signs for another part of the same premises: not let twice.
        services.change_outcome(second, user=landlord_member, target=Outcome.AGREEMENT_SIGNED)
    run_counts(callbacks)

    assert counted("premises") == {
        frozenset(
            {
                ("outcome", "let"),
                ("commune", premises.commune.insee_code),
                ("organisation", str(premises.landlord_id)),
            }
        ): 1
    }
