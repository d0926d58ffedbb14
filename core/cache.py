"""Django's Redis cache backend, with one redis-py client per server kept for the process.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` around the shared
connection pool for every cache operation, and redis-py builds its table of response
callbacks on each construction: a third of the cost of a `cache.get` here, and a request
makes several (page cache, footer, glossary, sessions). redis-py documents its client as
safe to share between threads (each command borrows a pooled connection) and its pools
reset themselves in a forked child, so one client per pool is enough.

Also the "generation" scheme shared by the page cache and the footer: entries are stored as
`(generation, value)` and served only while the generation counter has not moved; moving it
retires every entry at once, whatever their keys.

`clear()` forgets only the keys under this cache's KEY_PREFIX, so that two sites (or two
test runs) sharing one Redis database do not wipe each other's entries."""

import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def clear(self) -> None:
        """Forget this site's keys only (those under KEY_PREFIX), not the whole Redis
        database that other sites, or other test runs in parallel, may share. Without a
        prefix, Django's behaviour: flush the database."""
        if not self.key_prefix:
            super().clear()
            return
        client = self._cache.get_client(write=True)
        pattern = f"{self.key_prefix}:*".encode()
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)


def read_generation(cache, generation_key: str, key: str):
    """In one round trip: the current generation (started if missing or evicted) and the
    `(generation, value)` entry under `key` if it was stored under that generation, else
    None. Redis errors propagate: the caller knows what to do without its cache."""
    found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    if generation is None:
        cache.add(generation_key, time.time_ns(), None)
        generation = cache.get(generation_key)
    entry = found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        return generation, entry
    return generation, None


def bump_generation(cache, generation_key: str) -> None:
    """Retire every entry stored under the current generation. Never fails the caller (a
    content save): with Redis down, entries still expire with their timeout."""
    try:
        try:
            cache.incr(generation_key)
        except ValueError:  # missing (first use, or evicted): start from a never-used value
            cache.set(generation_key, time.time_ns(), None)
    except Exception:
        logger.warning("cache: could not move %s on", generation_key, exc_info=True)
