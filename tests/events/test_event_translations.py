"""Events' public text in the tenants' languages (issue #19, item 4): a translation (title,
summary, description) made with wagtail-localize and published after review is the same event
read in another language, not another event: listed once everywhere, with the French event's
sessions, registrations and calendars; an untranslated event is read in French with a notice."""

import re
from datetime import timedelta
from html import escape

import pytest
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import Locale

from core.content_translation import (
    export_po,
    import_po,
    publish_translation,
    submit_for_translation,
)
from core.languages import ensure_content_locales
from events.models import EventOccurrence, EventPage, Registration
from events.occurrences import extend_all_horizons, materialise
from events.search_projections import EventProjection
from guides.events_feed import upcoming_occurrences
from tests.portal.test_sitemaps import sitemap_paths
from tests.reading_language import language_of

pytestmark = pytest.mark.django_db

TITLE = "Café des aidants"
SUMMARY = "Un moment pour souffler entre aidants."
BODY = "Entrée libre, un café est offert."
PRICE = "Prise en charge possible par la caisse de retraite."
STRINGS = {
    "ar": {
        TITLE: "مقهى المُعينين",
        SUMMARY: "لحظة لالتقاط الأنفاس بين المُعينين.",
        BODY: "الدخول مجاني، والقهوة مُقدَّمة.",
        PRICE: "يمكن أن يتكفّل صندوق التقاعد بالتكلفة.",
    },
    "en": {
        TITLE: "Carers' café",
        SUMMARY: "A moment for carers to catch their breath.",
        BODY: "Free entry, coffee is offered.",
        PRICE: "Your pension fund may cover the cost.",
    },
}


@pytest.fixture
def french_event(make_event):
    ensure_content_locales()
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    return make_event(
        title=TITLE,
        slug="cafe-des-aidants",
        summary=SUMMARY,
        body=[("text", f"<p>{BODY}</p>")],
        is_free=False,
        price_amount=3,
        price_details=PRICE,
        capacity=10,
        start=start,
        end=start + timedelta(hours=2),
        recurrence="FREQ=WEEKLY;COUNT=3",
    )


def translate(event: EventPage, language: str) -> EventPage:
    """The translator's and the reviewer's steps, as in the admin: PO file out, in, publish."""
    submit_for_translation(event, [language])
    po = export_po(event, language)
    assert {entry.msgid for entry in po} == set(STRINGS[language])  # only the public text
    for entry in po:
        entry.msgstr = STRINGS[language][entry.msgid]
    import_po(event, language, po)
    return publish_translation(event, language)


def test_a_translation_carries_the_text_and_takes_everything_else_from_the_french_event(
    french_event,
):
    arabic = translate(french_event, "ar")
    assert arabic.locale.language_code == "ar" and arabic.live
    assert (arabic.title, arabic.summary, arabic.price_details) == (
        STRINGS["ar"][TITLE],
        STRINGS["ar"][SUMMARY],
        STRINGS["ar"][PRICE],
    )
    for field in ("slug", "start", "end", "recurrence", "capacity", "price_amount"):
        assert getattr(arabic, field) == getattr(french_event, field), field
    assert arabic.place_organisation_id == french_event.place_organisation_id
    assert arabic.organiser_id == french_event.organiser_id
    assert arabic.source_event() == french_event


def test_no_occurrence_is_created_for_a_translation(french_event):
    arabic = translate(french_event, "ar")
    translate(french_event, "en")
    assert french_event.occurrences.count() == 3
    assert not EventOccurrence.objects.exclude(event=french_event).exists()
    # Neither by the daily horizon task nor if asked directly.
    extend_all_horizons(now=timezone.now() + timedelta(days=30))
    assert materialise(arabic) == (0, 0, 0)
    assert set(EventOccurrence.objects.values_list("event_id", flat=True)) == {french_event.pk}


def test_a_translated_event_appears_once_in_the_agenda_ical_feeds_api_and_sitemap(
    french_event, client
):
    translate(french_event, "ar")
    translate(french_event, "en")

    agenda = client.get("/agenda/").text
    assert agenda.count('class="card event-card') == 3  # its three sessions, each once
    assert agenda.count(f">{TITLE}</a>") == 3
    assert STRINGS["ar"][TITLE] not in agenda and STRINGS["en"][TITLE] not in agenda

    ical = client.get("/agenda/agenda.ics").content.decode()
    assert ical.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Café des aidants" in ical

    for feed in ("/flux/evenements/", "/flux/evenements/atom/"):
        text = client.get(feed).content.decode()
        assert text.count(TITLE) == 1, feed
        assert STRINGS["ar"][TITLE] not in text

    api = client.get("/api/v1/evenements").json()
    assert api["total"] == 1 and [row["titre"] for row in api["results"]] == [TITLE]

    paths = sitemap_paths(client)
    assert [path for path in paths if "cafe-des-aidants" in path] == [
        "/evenements/cafe-des-aidants/"
    ]

    projection = EventProjection()
    assert list(projection.queryset()) == [french_event]
    arabic = french_event.get_translation(Locale.objects.get(language_code="ar"))
    assert arabic.live and not projection.is_indexable(arabic)


def test_lists_in_another_language_show_the_translation_or_the_french_text_marked_french(
    french_event, client
):
    translate(french_event, "en")  # English, not Arabic
    english = client.get("/en/agenda/").text
    assert english.count('href="/en/evenements/cafe-des-aidants/?date=') == 3
    assert english.count(f">{escape(STRINGS['en'][TITLE])}</a>") == 3
    assert f"<p>{STRINGS['en'][SUMMARY]}</p>" in english
    assert f">{TITLE}<" not in english

    arabic = client.get("/ar/agenda/").text
    link = re.search(r'<a href="/ar/evenements/cafe-des-aidants/\?date=[^"]+" lang="fr"', arabic)
    assert link is not None and f'lang="fr" hreflang="fr">{TITLE}</a>' in arabic
    assert f'<p lang="fr">{SUMMARY}</p>' in arabic

    # The guides' agenda block and the month view take the same version.
    with translation.override("en"):
        [first, *_rest] = upcoming_occurrences(limit=3)
        assert first.event == french_event
        assert first.event.reader_version().title == STRINGS["en"][TITLE]
        assert not first.event.shown_in_french()
    month = timezone.localtime(french_event.start)
    month_page = client.get(f"/en/agenda/mois/{month.year}/{month.month}/").text
    assert escape(STRINGS["en"][TITLE]) in month_page


def test_the_arabic_page_reads_right_to_left_with_the_french_sessions_and_registers_to_them(
    french_event,
):
    translate(french_event, "ar")
    sessions = list(french_event.occurrences.order_by("start"))
    client = Client()
    page = client.get("/ar/evenements/cafe-des-aidants/")
    assert page.status_code == 200
    text = page.content.decode()
    assert re.search(r'<html lang="ar" dir="rtl"', text)
    assert f"<h1>{STRINGS['ar'][TITLE]}</h1>" in text
    assert STRINGS["ar"][SUMMARY] in text and STRINGS["ar"][BODY] in text
    assert STRINGS["ar"][PRICE] in text
    assert "translation-notice" not in text and TITLE not in text
    # Times keep their order inside the right-to-left text ("10 h–12 h", not "h–12 h 10").
    assert re.search(r"<bdi>\d+(:\d\d| h( \d+)?)–\d+(:\d\d| h( \d+)?)</bdi>", text)
    # The French event's sessions, their registration links and its calendar file.
    for session in sessions:
        assert f'href="/ar/agenda/seance/{session.pk}/inscription/"' in text
    assert f'href="/ar/agenda/evenement/{french_event.pk}.ics"' in text
    assert re.search(r'"inLanguage":\s*"ar"', text)

    form = client.get(f"/ar/agenda/seance/{sessions[0].pk}/inscription/")
    assert form.status_code == 200 and STRINGS["ar"][TITLE] in form.content.decode()
    answer = client.post(
        f"/ar/agenda/seance/{sessions[0].pk}/inscription/",
        {"name": "Mme Haddad", "email": "", "phone": "06 12 34 56 78", "seats": "1"},
    )
    assert answer.status_code == 302
    registration = Registration.objects.get()
    assert registration.occurrence == sessions[0]
    receipt = client.get(answer["Location"]).content.decode()
    assert 'href="/ar/evenements/cafe-des-aidants/"' in receipt
    assert STRINGS["ar"][TITLE] in receipt


def test_an_untranslated_event_under_ar_falls_back_to_french_with_the_notice(french_event):
    page = Client().get("/ar/evenements/cafe-des-aidants/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "لم تُترجَم هذه الصفحة بعدُ إلى العربية: أنت تقرؤها بالفرنسية." in text
    # The event's own text is marked French; the interface around it reads Arabic.
    assert f'<h1 lang="fr" dir="ltr">{TITLE}</h1>' in text
    with translation.override("ar"):
        practical = translation.gettext("En pratique")
    assert practical != "En pratique" and language_of(text, practical) == "ar"
    session = french_event.occurrences.order_by("start").first()
    assert f'href="/ar/agenda/seance/{session.pk}/inscription/"' in text


def test_the_language_chooser_keeps_the_reader_on_the_event(french_event):
    translate(french_event, "ar")
    french = Client().get("/evenements/cafe-des-aidants/").text
    for code in ("ar", "en", "pt"):
        assert f'<a href="/{code}/evenements/cafe-des-aidants/" lang="{code}"' in french
    arabic = Client().get("/ar/evenements/cafe-des-aidants/").text
    assert '<a href="/evenements/cafe-des-aidants/" lang="fr" hreflang="fr">' in arabic
    head = arabic.split("</head>")[0]
    assert 'hreflang="ar" href="' in head and 'hreflang="x-default" href="' in head
