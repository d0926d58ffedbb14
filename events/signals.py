"""On publish: materialise occurrences, promote waiting people if seats were added, and
index for search; on unpublish: remove from search. (Event pages index on these signals
only: their projection does not connect post_save, so a publish is one index call.)
Only for a French event: a translation has no sessions, waitlists or search entry of its
own (events/translations.py)."""

from wagtail.signals import page_published, page_unpublished

from search import indexing

from .models import EventPage
from .occurrences import materialise
from .registrations import refresh_waitlists
from .translations import is_source


def on_event_published(sender, instance, **kwargs):
    if not is_source(instance):
        return
    materialise(instance)
    refresh_waitlists(instance.pk)
    indexing.index_instance(instance)  # deferred to commit by search itself


def on_event_unpublished(sender, instance, **kwargs):
    if not is_source(instance):
        return
    indexing.unindex_instance(instance)


def connect() -> None:
    page_published.connect(on_event_published, sender=EventPage, dispatch_uid="events-published")
    page_unpublished.connect(
        on_event_unpublished, sender=EventPage, dispatch_uid="events-unpublished"
    )
