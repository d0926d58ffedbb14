"""Events reach the search index on publish and leave it on unpublish."""

import pytest

from events.models import Audience
from search.models import SearchDocument


@pytest.mark.django_db
def test_publish_indexes_and_unpublish_removes(make_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(
            title="Café des aidants",
            summary="Un temps d'échange entre aidants.",
            audiences=[Audience.CARERS, Audience.OLDER_TENANTS],
        )
    document = SearchDocument.objects.get(kind="event", object_id=str(event.pk))
    assert document.title == "Café des aidants"
    assert "Un temps d'échange entre aidants." in document.body
    assert document.publics == ["seniors"]
    assert document.commune_name == "Bobigny"
    assert document.url == event.url
    assert document.extra["next_session"]
    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()
    assert not SearchDocument.objects.filter(kind="event", object_id=str(event.pk)).exists()


@pytest.mark.django_db
def test_drafts_are_not_indexed(make_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(publish=False)
    assert not SearchDocument.objects.filter(kind="event", object_id=str(event.pk)).exists()
