"""Callback requests sent and answered are counted (core.counters), without the people."""

import pytest

from core import counters
from core.models import DailyCounter
from orientation import callbacks
from orientation.models import CallbackStatus, Situation
from tests.accounts.factories import clear_test_cache

from .test_callbacks import association, gardien, service  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_callback_request_sent_then_acknowledged_is_counted_once_each(gardien, service):  # noqa: F811
    clear_test_cache()
    situation = Situation.objects.get(slug="isolement")
    callback = callbacks.send_callback_request(
        sender=gardien,
        service=service,
        situation=situation,
        commune=service.organisation.commune,
        sender_phone="01 48 70 12 34",
        sender_email=gardien.email,
        consent=True,
    )
    callbacks.answer(callback.pk, status=CallbackStatus.ACKNOWLEDGED)
    counters.flush()
    found = {
        (row.dimensions["outcome"], row.dimensions["situation"], row.value)
        for row in DailyCounter.objects.filter(metric="callback_request")
    }
    assert found == {("sent", "isolement", 1), ("acknowledged", "isolement", 1)}
    for row in DailyCounter.objects.all():
        assert row.dimensions["organisation"] == str(service.organisation_id)
        assert "01 48" not in str(row.dimensions) and "@" not in str(row.dimensions)
    clear_test_cache()
