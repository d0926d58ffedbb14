"""Email subjects are plain text: a title with an apostrophe or an ampersand reads as typed."""

from types import SimpleNamespace

from notifications.sending import render_plain


def test_a_subject_keeps_apostrophes_and_ampersands_as_typed():
    premises = SimpleNamespace(title="Local de l'Est & du Nord")
    entry = SimpleNamespace(extra={"side": "premises"}, object=SimpleNamespace(premises=premises))
    subject = render_plain("notifications/email/match_subject.txt", {"entry": entry})
    assert subject.strip() == "Un projet correspond à votre local « Local de l'Est & du Nord »"
