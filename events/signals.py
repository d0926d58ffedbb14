"""On publish: materialise occurrences, promote waiting people if seats were added, and
index for search; on unpublish: remove from search."""

import importlib.util

from wagtail.signals import page_published, page_unpublished

from .models import EventPage
from .occurrences import materialise
from .registrations import refresh_waitlists


def _search_indexing():
    if importlib.util.find_spec("search.indexing") is None:
        return None
    return importlib.import_module("search.indexing")


def on_event_published(sender, instance, **kwargs):
    materialise(instance)
    refresh_waitlists(instance.pk)
    indexing = _search_indexing()
    if indexing is not None:
        indexing.index_instance(instance)  # deferred to commit by search itself


def on_event_unpublished(sender, instance, **kwargs):
    indexing = _search_indexing()
    if indexing is not None:
        indexing.unindex_instance(instance)


def connect() -> None:
    page_published.connect(on_event_published, sender=EventPage, dispatch_uid="events-published")
    page_unpublished.connect(
        on_event_unpublished, sender=EventPage, dispatch_uid="events-unpublished"
    )
