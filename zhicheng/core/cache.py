"""Django's Redis cache backend, with one Redis client per connection pool.

Django's RedisCacheClient.get_client() builds a new `redis.Redis` for every operation (its response
callbacks and options set up each time): 0.15–0.2 ms on the reference box, three to six times per
signed-in page (the session, the bell's count, a queue's versions and counts). redis-py clients over a
connection pool are safe to share between threads, and the pool reconnects after a fork, so one client
per pool serves the whole process (docs/performance.md, stop 21). Everything else is Django's.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # the pools live as long as this object: ids stay theirs
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
