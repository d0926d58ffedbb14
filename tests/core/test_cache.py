"""core.cache: Django's Redis cache keeping one redis-py client per server."""

import threading

from django.core.cache import cache, caches

from core.cache import RedisCache


def test_one_client_serves_every_operation_and_every_thread():
    assert isinstance(caches["default"], RedisCache)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    failures = []

    def worker(n: int) -> None:
        try:
            for i in range(50):
                cache.set(f"cache-test:{n}:{i}", (n, i), 30)
                if cache.get(f"cache-test:{n}:{i}") != (n, i):
                    failures.append((n, i))
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert cache._cache.get_client() is client
    assert cache.get_many([f"cache-test:3:{i}" for i in range(3)]) == {
        f"cache-test:3:{i}": (3, i) for i in range(3)
    }
    cache.delete_many([f"cache-test:{n}:{i}" for n in range(8) for i in range(50)])
