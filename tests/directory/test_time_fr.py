"""Event times read as French writes them (« 14 h », « 9 h 30 »), in Paris time."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation


def render(value) -> str:
    return Template("{% load formats %}{{ value|time_fr }}").render(Context({"value": value}))


def test_a_moment_reads_in_paris_time_in_french():
    assert render(datetime(2026, 12, 15, 13, 0, tzinfo=UTC)) == "14 h"
    assert render(datetime(2026, 7, 15, 7, 30, tzinfo=UTC)) == "9 h 30"


def test_english_readers_get_their_clock():
    with translation.override("en"):
        assert render(datetime(2026, 12, 15, 13, 5, tzinfo=UTC)) == "14:05"


def test_no_moment_reads_nothing_and_a_day_is_refused():
    assert render(None) == ""
    with pytest.raises(TemplateSyntaxError):
        render("2026-12-15")
