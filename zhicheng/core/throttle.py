"""Rate limits on public, unauthenticated doors (registration, password reset, certificate verification).

One fixed-window counter per (scope, key) in Django's cache: the default local-memory cache in `make run`
and tests, the shared Redis cache in production (settings.CACHES). A limit answers "too many" without
touching the database, so a flood of requests never becomes a flood of rows.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

# Keyed by the client's address as the deployment trusts it (core.middleware.client_ip, which honours
# TRUSTED_PROXIES and CLIENT_IP_HEADER): behind the proxy, REMOTE_ADDR is the proxy for everyone.


def _key(scope: str, key: str | None, window: int) -> str:
    digest = hashlib.sha256(f"{scope}|{key}".encode()).hexdigest()[:32]  # no phone number in a cache key
    return f"throttle:{scope}:{digest}:{int(time.time()) // window}"


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True while the attempts in the current window stay within `limit`."""
    name = _key(scope, key, window)
    if cache.add(name, 1, timeout=window + 5):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window + 5)
        count = 1
    return count <= limit


def allowed(*checks: tuple[str, str, int, int]) -> bool:
    """Count an attempt against each (scope, key, limit, window); refused if any limit is passed."""
    results = [hit(scope, key, limit=limit, window=window) for scope, key, limit, window in checks]
    return all(results)


def once_per(scope: str, key: str, *, window: int) -> bool:
    """True the first time (scope, key) is seen in the window: used to write one audit row, not thousands."""
    return cache.add(_key(scope, key, window), 1, timeout=window + 5)
