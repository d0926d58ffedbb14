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


def test_clearing_the_cache_keeps_the_keys_of_another_site_sharing_the_redis_database():
    location = caches["default"]._servers[0]
    ours = RedisCache(location, {"KEY_PREFIX": f"{cache.key_prefix}-ours"})
    theirs = RedisCache(location, {"KEY_PREFIX": f"{cache.key_prefix}-theirs"})
    for n in range(1500):  # more than one batch of deletions
        ours.set(f"k{n}", n, 60)
    theirs.set("kept", "yes", 60)

    ours.clear()

    assert ours.get_many([f"k{n}" for n in range(1500)]) == {}
    assert theirs.get("kept") == "yes"
    theirs.clear()
    assert theirs.get("kept") is None
