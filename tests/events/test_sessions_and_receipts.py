"""One session at a time: its own calendar file, the page opened on the card's date, the
waitlist said as such, and a receipt for people who registered with a phone only."""

import re
from datetime import datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.registrations import Applicant, register
from events.tokens import registration_token

from .conftest import PARIS


def _weekly(make_event, organiser, **fields):
    """A weekly workshop: next Tuesday at 18:00 (Paris), then every Tuesday for 8 weeks."""
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    start = datetime.combine(tuesday, datetime.min.time(), tzinfo=PARIS).replace(hour=18)
    organiser.address = "12 rue de la Paix"
    organiser.postcode = "93000"
    organiser.latitude, organiser.longitude = 48.9075, 2.4397
    organiser.save()
    fields.setdefault("recurrence", "FREQ=WEEKLY;COUNT=8")
    return make_event(start=start, end=start + timedelta(hours=2), **fields)


@pytest.mark.django_db
def test_the_calendar_file_after_booking_one_session_holds_that_session_only(
    client, make_event, organiser
):
    event = _weekly(make_event, organiser)
    third = event.occurrences.order_by("start")[2]
    registration = register(third.pk, Applicant(name="Mme Diallo", email="d@example.org"))
    page = client.get(reverse("events:registration", args=[registration_token(registration)]))
    link = reverse("events:occurrence_ics", args=[third.pk])
    assert link in page.content.decode()

    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert "RRULE" not in vevent
    assert vevent.decoded("DTSTART") == third.start.astimezone(PARIS)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTEND") == third.end.astimezone(PARIS)
    assert str(vevent["LOCATION"]) == "Voisins Solidaires, 12 rue de la Paix, 93000 Bobigny"
    geo = vevent["GEO"]
    assert (geo.latitude, geo.longitude) == (48.9075, 2.4397)
    # Over the whole series' span, a calendar program finds exactly one session.
    first, last = event.occurrences.order_by("start")[:: event.occurrences.count() - 1]
    found = recurring_ical_events.of(calendar).between(first.start, last.end + timedelta(days=1))
    assert [o.decoded("DTSTART") for o in found] == [third.start.astimezone(PARIS)]


@pytest.mark.django_db
def test_a_street_address_event_gives_street_postcode_and_commune(client, make_event, montreuil):
    event = make_event(
        place_organisation=None, address="3 place Jean Jaurès", address_commune=montreuil
    )
    occurrence = event.occurrences.get()
    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("events:occurrence_ics", args=[occurrence.pk])).content
    )
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["LOCATION"]) == f"3 place Jean Jaurès, {montreuil.postcodes[0]} Montreuil"
    assert "GEO" not in vevent  # the commune's centre is not the place


@pytest.mark.django_db
def test_arriving_from_the_15_december_card_the_page_says_15_december(
    client, make_event, organiser
):
    event = _weekly(make_event, organiser)
    second = event.occurrences.order_by("start")[1]
    day = timezone.localtime(second.start).date()
    listing = client.get(reverse("events:index")).content.decode()
    card_link = f'{event.url}?date={day.isoformat()}"'
    assert card_link in listing

    html = client.get(f"{event.url}?date={day.isoformat()}").content.decode()
    when = re.search(r"<dt>Quand</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)
    assert f'datetime="{timezone.localtime(second.start).isoformat()}"' in when
    # Registration targets that session, first in the page.
    first_register_link = re.search(r'href="(/agenda/seance/\d+/inscription/)"', html).group(1)
    assert first_register_link == reverse("events:register", args=[second.pk])
    assert re.search(r'<li class="event-dates__item" aria-current="date">', html)


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["2020-01-01", "2099-12-31", "pas-une-date", "2026-13-45", ""])
def test_an_invalid_or_past_date_opens_on_the_next_session_without_error(
    client, make_event, organiser, raw
):
    event = _weekly(make_event, organiser)
    following = event.occurrences.order_by("start").first()
    response = client.get(event.url, {"date": raw})
    assert response.status_code == 200
    html = response.content.decode()
    first_register_link = re.search(r'href="(/agenda/seance/\d+/inscription/)"', html).group(1)
    assert first_register_link == reverse("events:register", args=[following.pk])


@pytest.mark.django_db
def test_a_full_session_button_says_join_the_waitlist_and_explains_it(client, make_event):
    event = make_event(capacity=1)
    occurrence = event.occurrences.get()
    register(occurrence.pk, Applicant(name="Première", phone="+33612345678"))
    html = client.get(event.url).content.decode()
    assert "Rejoindre la liste d'attente" in html
    assert "S'inscrire" not in html
    assert "si une place se libère, vous serez inscrit automatiquement" in html


@pytest.mark.django_db
def test_someone_registering_with_a_phone_only_gets_a_receipt_and_a_text_to_keep(
    client, make_event, organiser
):
    event = _weekly(make_event, organiser, recurrence="")
    occurrence = event.occurrences.get()
    response = client.post(
        reverse("events:register", args=[occurrence.pk]),
        {"name": "M. Benali", "email": "", "phone": "06 12 34 56 78", "seats": "1"},
    )
    registration = Registration.objects.get()
    stored = {f.name: getattr(registration, f.name) for f in Registration._meta.fields}
    token = registration_token(registration)
    page = client.get(response["Location"]).content.decode()
    receipt_link = reverse("events:registration_receipt", args=[token])
    assert receipt_link in page
    text = re.search(r'<textarea id="receipt-sms"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    local = timezone.localtime(occurrence.start)
    assert text.startswith("Inscription confirmée : ")
    assert event.title in text and f"{local:%H:%M}" in text
    assert "12 rue de la Paix, 93000 Bobigny" in text
    assert f"http://testserver/agenda/inscription/{token}/" in text

    receipt = client.get(receipt_link)
    assert receipt.status_code == 200
    body = receipt.content.decode()
    assert "Reçu d'inscription" in body and "M. Benali" in body
    assert f"http://testserver/agenda/inscription/{token}/" in body
    # Nothing more is kept about the person.
    registration.refresh_from_db()
    assert {f.name: getattr(registration, f.name) for f in Registration._meta.fields} == stored


@pytest.mark.django_db
def test_someone_with_an_email_gets_no_receipt_box(client, make_event):
    occurrence = make_event().occurrences.get()
    registration = register(occurrence.pk, Applicant(name="A", email="a@example.org"))
    page = client.get(reverse("events:registration", args=[registration_token(registration)]))
    assert "receipt-sms" not in page.content.decode()


@pytest.mark.django_db
def test_a_forged_receipt_link_is_a_404(client):
    assert client.get(reverse("events:registration_receipt", args=["forged"])).status_code == 404
