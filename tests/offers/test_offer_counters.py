"""A contact request on an offer is counted (core.counters), per provider, never the sender."""

import pytest

from core import counters
from core.models import DailyCounter
from offers import services
from tests.accounts.factories import clear_test_cache

from .factories import OfferFactory, PremisesFactory, member_of

# Not a transactional test: only the counts among the on-commit callbacks are run. A
# transactional one let the session's Celery worker still send this test's notifications
# while the teardown truncated the tables (a deadlock).
pytestmark = pytest.mark.django_db


def test_an_offer_contacted_is_counted_once_per_request(django_capture_on_commit_callbacks):
    clear_test_cache()
    offer = OfferFactory()
    premises = PremisesFactory()
    landlord_member = member_of(premises.landlord)
    member_of(offer.provider)
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(2):
            services.send_contact_request(
                offer=offer, organisation=premises.landlord, user=landlord_member, message="Bonjour"
            )
    for callback in callbacks:
        if isinstance(callback, counters.PendingCount):
            callback()
    counters.flush()
    [row] = DailyCounter.objects.filter(metric="offer_contacted")
    assert (row.dimensions, row.value) == ({"organisation": str(offer.provider_id)}, 2)
    clear_test_cache()
