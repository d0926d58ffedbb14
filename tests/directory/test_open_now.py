"""Status and temporary notices of directory entries: services have their own temporary
closure and message, dated periods of hours are announced, cards and sheets say them."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from directory import data_inclusion_export as di
from directory.opening import (
    PARIS,
    OpeningState,
    entry_status,
    hours_with_closures,
    interval_horizon,
    open_intervals,
    parse,
    temporary_notices,
)
from tests.directory.factories import OrganisationFactory, ServiceFactory

OFFICE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
TUESDAY = datetime(2026, 3, 24, 10, 15, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_a_service_closure_in_force_says_closed_until_its_end():
    closures = ((date(2026, 3, 20), date(2026, 4, 12), "Travaux"), (None, None, ""))
    status = entry_status(OFFICE, TUESDAY, closures)
    assert status.state == OpeningState.TEMPORARILY_CLOSED
    assert status.label == "Fermé temporairement jusqu'au 12 avril 2026"
    assert status.comment == "Travaux"


def test_the_organisation_closure_applies_when_the_service_has_none():
    closures = ((None, None, ""), (date(2026, 3, 1), date(2026, 3, 31), ""))
    assert entry_status(OFFICE, TUESDAY, closures).state == OpeningState.TEMPORARILY_CLOSED


def test_without_closure_in_force_the_hours_decide():
    closures = ((date(2026, 5, 1), date(2026, 5, 3), ""),)
    assert entry_status(OFFICE, TUESDAY, closures).label == "Ouvert maintenant · ferme à 12 h"


def test_notices_announce_closures_modified_hours_and_messages():
    # As the hours editor writes them (directory.hours_field.compress).
    hours = (
        "Mo-Fr 09:00-12:00,14:00-17:00; 2026 Apr 06-2026 Apr 17 Mo-Fr 10:00-12:00; PH off; "
        "2026 Dec 24-2026 Dec 31 off"
    )
    closures = (
        (date(2026, 4, 1), date(2026, 4, 3), "Inventaire"),
        (None, None, "Permanence à la mairie annexe le jeudi"),
    )
    assert temporary_notices(hours, closures, TUESDAY.date()) == [
        "Fermeture temporaire du 1er avril au 3 avril",
        "Inventaire",
        "Permanence à la mairie annexe le jeudi",
        "Horaires modifiés du 6 avril au 17 avril",
    ]  # the December closure is more than 30 days away


def test_notices_leave_out_what_is_over_and_what_the_status_says():
    closures = (
        (date(2026, 3, 1), date(2026, 3, 10), "Fini"),
        (date(2026, 3, 20), None, "Dégât des eaux"),
    )
    hours = f"{OFFICE}; 2026 Mar 02-2026 Mar 06 off"
    # The closure in force is the status («Fermé temporairement», message as its comment).
    assert temporary_notices(hours, closures, TUESDAY.date()) == []


def test_open_intervals_follow_the_hours_and_skip_closure_days():
    monday = date(2026, 3, 23)
    closures = ((date(2026, 3, 24), date(2026, 3, 24), ""),)
    intervals = open_intervals(OFFICE, closures, today=monday, days=3)
    assert [(start.isoformat(), end.isoformat()) for start, end in intervals] == [
        ("2026-03-23T09:00:00+01:00", "2026-03-23T12:00:00+01:00"),
        ("2026-03-23T14:00:00+01:00", "2026-03-23T17:00:00+01:00"),
        ("2026-03-25T09:00:00+01:00", "2026-03-25T12:00:00+01:00"),
        ("2026-03-25T14:00:00+01:00", "2026-03-25T17:00:00+01:00"),
    ]
    assert open_intervals("", closures, today=monday) is None
    assert open_intervals("not hours", today=monday) is None
    assert open_intervals("24/7", today=monday, days=2) == [
        (datetime(2026, 3, 23, tzinfo=PARIS), datetime(2026, 3, 25, tzinfo=PARIS))
    ]
    assert interval_horizon(monday, 3) == datetime(2026, 3, 26, tzinfo=PARIS)


def test_data_inclusion_hours_carry_the_closure_as_a_dated_off_rule():
    closures = ((date(2026, 4, 1), date(2026, 4, 3), "Inventaire"), (None, None, "x"))
    hours = hours_with_closures(OFFICE, closures, TUESDAY.date())
    assert hours == f"{OFFICE}; 2026 Apr 01-2026 Apr 03 off"
    parsed = parse(hours)
    assert not parsed.is_open(datetime(2026, 4, 2, 10, 0, tzinfo=PARIS))
    assert parsed.is_open(datetime(2026, 4, 7, 10, 0, tzinfo=PARIS))  # 6: Easter Monday
    assert hours_with_closures("", closures, TUESDAY.date()) == ""
    assert (
        hours_with_closures(OFFICE, ((date(2026, 1, 1), date(2026, 1, 2), ""),), TUESDAY.date())
        == OFFICE
    )


@pytest.mark.django_db
def test_a_service_closure_must_not_end_before_it_starts():
    service = ServiceFactory(closed_from=date(2026, 4, 3), closed_until=date(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "closed_until" in error.value.message_dict


@pytest.mark.django_db
def test_service_closure_exported_to_data_inclusion_and_the_api(client):
    today = timezone.localdate()
    service = ServiceFactory(
        opening_hours="Mo-Su 09:00-17:00",
        closed_from=today + timedelta(days=2),
        closed_until=today + timedelta(days=4),
        closure_message="Formation de l'équipe",
    )
    (record,) = di.export_services([service]).records
    assert record["horaires_accueil"].startswith("Mo-Su 09:00-17:00; ")
    assert record["horaires_accueil"].endswith(" off")
    data = client.get(f"/api/v1/services/{service.pk}").json()
    assert data["fermeture_temporaire"] == {
        "du": (today + timedelta(days=2)).isoformat(),
        "au": (today + timedelta(days=4)).isoformat(),
        "message": "Formation de l'équipe",
    }
    assert data["avis_temporaires"][0].startswith("Fermeture temporaire du ")
    assert data["avis_temporaires"][1] == "Formation de l'équipe"


@pytest.mark.django_db
def test_cards_show_status_and_notices():
    today = timezone.localdate()
    organisation = OrganisationFactory(opening_hours="24/7")
    open_ = ServiceFactory(organisation=organisation, name="Toujours ouvert")
    closed = ServiceFactory(
        organisation=organisation,
        name="En travaux",
        closed_from=today - timedelta(days=1),
        closed_until=today + timedelta(days=3),
        closure_message="Travaux",
    )
    unknown = ServiceFactory(organisation=OrganisationFactory(opening_hours=""), name="Inconnu")
    html = {
        s.name: render_to_string("components/service_card.html", {"service": s})
        for s in (open_, closed, unknown)
    }
    assert "Ouvert maintenant" in html["Toujours ouvert"]
    assert "Fermé temporairement jusqu&#x27;au" in html["En travaux"]
    assert "Travaux" in html["En travaux"]
    assert "Horaires non renseignés" in html["Inconnu"]


@pytest.mark.django_db
def test_service_sheet_shows_the_service_closure_and_upcoming_notice(client):
    today = timezone.localdate()
    service = ServiceFactory(
        opening_hours="Mo-Su 09:00-17:00",
        closed_from=today + timedelta(days=5),
        closed_until=today + timedelta(days=6),
        closure_message="Formation de l'équipe",
    )
    html = client.get(service.get_absolute_url()).content.decode()
    assert "Fermeture temporaire du " in html
    assert "Formation de l&#x27;équipe" in html
