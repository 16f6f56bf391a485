"""Values kept in the cache under a *version* that every write of what they summarise bumps.

A reader builds its key from the current version: after a write the version has moved, so the next read
misses and computes afresh; reads in between cost one cache round-trip instead of a query. No row in the
database is updated per write (no hot counter row), and a lost cache costs one recount. Used by the
reviewers' tab counts (review/counts.py) and the unread-message count in the header (notifications).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction


def _fresh() -> int:
    # A new starting value when the key is missing (never set, or evicted): never one a key used before.
    return time.time_ns()


def version(key: str) -> int:
    value = cache.get(key)
    if value is None:
        value = _fresh()
        if not cache.add(key, value, timeout=None):
            value = cache.get(key) or value
    return value


def versions(*keys: str) -> list[int]:
    """Several versions in one cache round-trip (those missing are started as version() does)."""
    found = cache.get_many(keys)
    return [found[k] if k in found else version(k) for k in keys]


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing: start afresh (a value no earlier key carried)
        cache.set(key, _fresh(), timeout=None)


def changed(*keys: str) -> None:
    """What these version keys summarise changed: bump them now and again when the transaction commits.
    The second bump is the one that matters (a reader between the two saw the rows before the commit, under
    a version nobody reads afterwards); the first makes a reader inside the same transaction (a test, a
    service reading after its own write) compute afresh too."""
    keys = tuple(dict.fromkeys(k for k in keys if k))

    def bump_all(keys=keys):
        for k in keys:
            bump(k)

    if keys:
        bump_all()
        transaction.on_commit(bump_all)


def cached(key: str, compute, timeout: int):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value
