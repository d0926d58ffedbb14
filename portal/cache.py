"""Django's Redis cache backend, with one redis-py client per server kept for the process.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` around the shared
connection pool for every cache operation, and redis-py builds its table of response
callbacks on each construction: a third of the cost of a `cache.get` here, and a request
makes several (page cache, footer, glossary, sessions). redis-py documents its client as
safe to share between threads (each command borrows a pooled connection) and its pools
reset themselves in a forked child, so one client per pool is enough."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
