"""The production cache backend keeps one Redis client per connection pool (stop 21).

Django's RedisCache builds a new `redis.Redis` for every operation; on the reference box that is
0.15–0.2 ms each, and a signed-in page makes three to six of them (the session, the bell's count, a
queue's versions and counts). A client over a pool is safe to share between threads (redis-py)."""

import os
import threading
import uuid

import pytest
import redis

from zhicheng.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            raise  # the machine CI runs on has Redis
        pytest.skip("Redis at 127.0.0.1:6379 is not running")
    # Its own prefix and no clear() (FLUSHDB): tests in other workers may use the same database; the keys
    # expire in 30 s.
    return RedisCache(URL, {"KEY_PREFIX": f"test-redis-cache-{uuid.uuid4().hex}"})


def test_operations_share_one_client(cache):
    assert cache._cache.get_client("a") is cache._cache.get_client("b", write=True)


def test_it_still_stores_reads_counts_and_deletes_from_many_threads(cache):
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"k{n}:{i}", {"n": n, "i": i}, 30)
                assert cache.get(f"k{n}:{i}") == {"n": n, "i": i}
            cache.set(f"c{n}", 0, 30)
            for _ in range(20):
                cache.incr(f"c{n}")
            assert cache.get_many([f"c{n}", f"k{n}:0"]) == {f"c{n}": 20, f"k{n}:0": {"n": n, "i": 0}}
            cache.delete(f"c{n}")
            assert cache.get(f"c{n}") is None
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
