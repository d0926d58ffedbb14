"""After a session, its organiser notes who came; each person marked present is counted once
as an attendance (core.counters, issue #18 item 1). Nobody else may note it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import counters
from core.models import DailyCounter
from directory.models import Membership, MembershipRole
from events.models import Attendance, RegistrationStatus
from events.registrations import Applicant, register

# Not a transactional test: the counts among the on-commit callbacks are run by hand (the
# emails handed to Celery are left aside), then flushed for real into DailyCounter.
pytestmark = pytest.mark.django_db


def member_of(organisation, email, role=MembershipRole.MEMBER):
    user = User.objects.create_user(email, "motdepasse-solide-123")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def run_counts(callbacks) -> None:
    for callback in callbacks:
        if isinstance(callback, counters.PendingCount):
            callback()


def attended() -> dict:
    counters.flush()
    return {
        str(row.dimensions.get("organisation")): row.value
        for row in DailyCounter.objects.filter(
            metric="event_registration", dimensions__outcome="attended"
        )
    }


@pytest.fixture
def session(make_event):
    """A session with one confirmed person and one waiting, that started an hour ago."""
    occurrence = make_event(capacity=1).occurrences.get()
    register(occurrence.pk, Applicant(name="Élise Núñez", email="elise@example.org"))
    register(occurrence.pk, Applicant(name="Sam Waits", phone="+33612345678"))
    now = timezone.now()
    type(occurrence).objects.filter(pk=occurrence.pk).update(
        start=now - timedelta(hours=1), end=now + timedelta(hours=1)
    )
    occurrence.refresh_from_db()
    return occurrence


def action_url(occurrence, registration) -> str:
    return reverse("events:manage_action", args=[occurrence.pk, registration.pk])


def test_the_organiser_marks_a_person_present_and_it_is_counted_once(
    client, session, organiser, django_capture_on_commit_callbacks
):
    client.force_login(member_of(organiser, "anim@voisins.example"))
    person = session.registrations.get(status=RegistrationStatus.CONFIRMED)
    page = client.get(reverse("events:manage_occurrence", args=[session.pk])).content.decode()
    assert "Non notée" in page
    assert 'name="action" value="present"' in page and 'name="action" value="absent"' in page

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(action_url(session, person), {"action": "present"}, follow=True)
        assert "Présence notée : Élise Núñez." in response.content.decode()
        # A correction, then back: the person came once and is counted once.
        client.post(action_url(session, person), {"action": "absent"})
        person.refresh_from_db()
        assert person.attendance == Attendance.ABSENT
        client.post(action_url(session, person), {"action": "present"})
    run_counts(callbacks)

    person.refresh_from_db()
    assert person.attendance == Attendance.PRESENT and person.attendance_counted
    assert attended() == {str(organiser.pk): 1}
    page = client.get(reverse("events:manage_occurrence", args=[session.pk])).content.decode()
    assert "<strong>Présent</strong>" in page


def test_attendance_is_noted_only_once_the_session_started_and_only_for_confirmed_people(
    client, make_event, session, organiser, django_capture_on_commit_callbacks
):
    client.force_login(member_of(organiser, "anim@voisins.example"))
    waiting = session.registrations.get(status=RegistrationStatus.WAITLISTED)
    future = make_event(title="Atelier à venir").occurrences.get()
    early = register(future.pk, Applicant(name="Léa", email="lea@example.org"))
    page = client.get(reverse("events:manage_occurrence", args=[future.pk])).content.decode()
    assert 'value="present"' not in page

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(action_url(future, early), {"action": "present"}, follow=True)
        assert "La présence se note une fois la séance commencée." in response.content.decode()
        response = client.post(action_url(session, waiting), {"action": "present"}, follow=True)
        assert "Seules les personnes inscrites peuvent" in response.content.decode()
    run_counts(callbacks)

    early.refresh_from_db()
    waiting.refresh_from_db()
    assert early.attendance == waiting.attendance == ""
    assert attended() == {}


def test_only_the_organisers_members_note_attendance(
    client, session, organiser, other_organisation, django_capture_on_commit_callbacks
):
    person = session.registrations.get(status=RegistrationStatus.CONFIRMED)
    url = action_url(session, person)
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(url, {"action": "present"}).status_code == 302  # to the login page
        client.force_login(member_of(other_organisation, "x@est-habitat.example", "admin"))
        assert client.post(url, {"action": "present"}).status_code == 403
        client.force_login(member_of(organiser, "gardien@voisins.example", MembershipRole.GARDIEN))
        assert client.post(url, {"action": "present"}).status_code == 403
    run_counts(callbacks)
    person.refresh_from_db()
    assert person.attendance == "" and not person.attendance_counted
    assert attended() == {}


def test_the_organisers_index_lists_their_past_sessions_to_note_attendance(
    client, make_event, organiser, other_organisation
):
    past = make_event(title="Atelier passé").occurrences.get()
    foreign = make_event(organiser=other_organisation, title="Réunion passée").occurrences.get()
    now = timezone.now()
    type(past).objects.filter(pk__in=[past.pk, foreign.pk]).update(
        start=now - timedelta(days=2), end=now - timedelta(days=2) + timedelta(hours=2)
    )
    client.force_login(member_of(organiser, "anim@voisins.example"))
    page = client.get(reverse("events:manage_index"))
    assert [o.event.title for o in page.context["past"]] == ["Atelier passé"]
    assert reverse("events:manage_occurrence", args=[past.pk]) in page.content.decode()
