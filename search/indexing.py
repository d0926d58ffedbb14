"""Keeping the index in step with the database.

- `index_instance(obj)`: (re)index one object once the transaction commits; an object that
  is not (or no longer) published and visible is removed from the index instead.
- `unindex_instance(obj)`: remove it, once the transaction commits.
- `reindex_instances(objects)`: the same for many objects at once (imports, bulk edits).
  `with_related=False` leaves out their related objects (new objects nothing refers to yet).
- `reindex_kind(kind)`: rebuild every document of one kind, in batches, and drop documents
  whose object disappeared.
- `deferred()`: within it, saves are reindexed together, `DEFERRED_BATCH` objects at a time
  (after the transaction of the last one commits) instead of one by one (imports: a
  thousand saves cost a few reindexing passes, not a thousand).

Objects are always re-read through `Projection.queryset()`, so what gets indexed is what
the projection calls published and visible, whatever state the caller's instance is in.
With the Elasticsearch backend the work goes to Celery (`search.tasks`), with retries.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from celery import current_app
from django.db import transaction

from .query import get_backend
from .registry import Projection, get_projection, projections_for_model, related_objects

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
DEFERRED_BATCH = 500

_deferred = threading.local()  # .objects: {(model, pk): instance} while deferred() is active


def _is_async(backend) -> bool:
    return getattr(backend, "asynchronous", False)


def index_instance(obj) -> None:
    reindex_instances([obj])


def unindex_instance(obj) -> None:
    for projection in projections_for_model(type(obj)):
        transaction.on_commit(partial(_delete, projection.kind, [obj.pk]))


def reindex_instances(objects: Iterable, *, with_related: bool = True) -> None:
    """`with_related=False`: these objects only, not their related ones (objects just inserted,
    that nothing refers to yet: looking them up would find nothing, at a query or more each)."""
    by_kind: dict[str, list] = defaultdict(list)
    for obj in objects:
        for projection in projections_for_model(type(obj)):
            by_kind[projection.kind].append(obj.pk)
        for related in related_objects(obj) if with_related else ():
            for other in projections_for_model(type(related)):
                by_kind[other.kind].append(related.pk)
    for kind, ids in by_kind.items():
        transaction.on_commit(partial(_index_ids, kind, list(dict.fromkeys(ids))))


# The Celery tasks of a remote backend (search/tasks.py imports this module: queued by name).
INDEX_TASK = "search.index_objects"
DELETE_TASK = "search.delete_objects"


def _index_ids(kind: str, ids: list) -> None:
    backend = get_backend()
    if _is_async(backend):
        current_app.send_task(INDEX_TASK, args=(kind, [str(i) for i in ids]))
        return
    index_ids_now(kind, ids)


def _delete(kind: str, ids: list) -> None:
    backend = get_backend()
    if _is_async(backend):
        current_app.send_task(DELETE_TASK, args=(kind, [str(i) for i in ids]))
        return
    backend.delete_documents(kind, ids)


def index_ids_now(kind: str, ids: list, backend=None) -> tuple[int, int]:
    """Index these objects of `kind` now; unindex those that are gone or not indexable.
    Returns (indexed, removed)."""
    backend = backend or get_backend()
    projection = get_projection(kind)
    indexed, removed = [], {str(i) for i in ids}
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        for obj in projection.queryset().filter(pk__in=chunk):
            if projection.is_indexable(obj):
                indexed.append((kind, obj.pk, projection.document(obj)))
                removed.discard(str(obj.pk))
    backend.index_documents(indexed)
    if removed:
        backend.delete_documents(kind, sorted(removed))
    return len(indexed), len(removed)


def reindex_kind(
    kind: str,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    backend=None,
) -> int:
    """Rebuild every document of `kind`; returns how many were indexed."""
    backend = backend or get_backend()
    projection: Projection = get_projection(kind)
    queryset = projection.queryset().order_by("pk")
    total = queryset.count()
    seen: set[str] = set()
    done = indexed = 0
    batch: list = []
    for obj in queryset.iterator(chunk_size=batch_size):
        done += 1
        if projection.is_indexable(obj):
            batch.append((kind, obj.pk, projection.document(obj)))
            seen.add(str(obj.pk))
        if len(batch) >= batch_size:
            indexed += backend.index_documents(batch)
            batch = []
        if progress and done % batch_size == 0:
            progress(done, total)
    indexed += backend.index_documents(batch)
    if progress:
        progress(done, total)
    stale = backend.indexed_ids(kind) - seen
    if stale:
        backend.delete_documents(kind, sorted(stale))
    logger.info("search: reindexed %s (%s documents, %s removed)", kind, indexed, len(stale))
    return indexed


# --- signal receivers, connected by SearchConfig.ready() for projections that ask -------
@contextmanager
def deferred() -> Iterator[None]:
    """Reindex what is saved within, `DEFERRED_BATCH` objects at a time and the rest on
    leaving (even on an error: what was committed gets indexed; what was rolled back is
    simply not found, see `index_ids_now`). Nested uses join the outermost one."""
    if getattr(_deferred, "objects", None) is not None:
        yield
        return
    _deferred.objects = {}
    try:
        yield
    finally:
        objects = list(_deferred.objects.values())
        _deferred.objects = None
        reindex_instances(objects)


def on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    collected = getattr(_deferred, "objects", None)
    if collected is None:
        index_instance(instance)
        return
    collected[(type(instance), instance.pk)] = instance
    if len(collected) >= DEFERRED_BATCH:
        reindex_instances(list(collected.values()))
        collected.clear()


def on_delete(sender, instance, **kwargs) -> None:
    unindex_instance(instance)
