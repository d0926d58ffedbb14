"""Celery wiring for indexing with a remote backend (Elasticsearch): plain functions of
`search.indexing`, retried with backoff when the server cannot be reached."""

from celery import shared_task
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch import TransportError

from .indexing import DELETE_TASK, INDEX_TASK, index_ids_now, reindex_kind
from .query import get_backend

RETRY = {
    "autoretry_for": (EsConnectionError, TransportError, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name=INDEX_TASK, **RETRY)
def index_objects(kind: str, ids: list[str]) -> tuple[int, int]:
    return index_ids_now(kind, ids)


@shared_task(name=DELETE_TASK, **RETRY)
def delete_objects(kind: str, ids: list[str]) -> int:
    return get_backend().delete_documents(kind, ids)


@shared_task(name="search.reindex_kind", **RETRY)
def reindex_kind_task(kind: str) -> int:
    return reindex_kind(kind)
