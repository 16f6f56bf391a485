"""Reads that tolerate lag go to the read replica; nothing a user just wrote is read from it.

When `DATABASE_READ_REPLICA_URL` is set (config/settings/production.py adds the `replica` alias), the
router sends a read to the replica only inside `tolerates_lag` — the reviewers' queues, dashboards and
public pages mark themselves so — and only when the request is not pinned to the primary. A request is
pinned when it is not a GET/HEAD, when it has written anything itself, inside a transaction on the
primary, and for PIN_SECONDS after a request of the same browser wrote (a short cookie set by
PrimaryAfterWriteMiddleware), so the page shown after a POST-redirect-GET reads what was just written.
Everything else — and everything when no replica is configured — reads the primary.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "zc_primary"
PIN_SECONDS = 10  # comfortably above streaming replication lag on one site
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class _State:
    lag_ok: int = 0  # depth of tolerates_lag scopes
    pinned: bool = False  # this request wrote, or its browser wrote a moment ago
    wrote: bool = False


_state: ContextVar[_State | None] = ContextVar("zhicheng_replica_state", default=None)


def _current() -> _State:
    state = _state.get()
    if state is None:
        state = _State()
        _state.set(state)
    return state


def replica_enabled() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "READ_REPLICA_ENABLED", True)


@contextmanager
def lag_tolerated():
    state = _current()
    state.lag_ok += 1
    try:
        yield
    finally:
        state.lag_ok -= 1


def tolerates_lag(func):
    """Mark a selector or view whose reads may be a few seconds old (queues, dashboards, public pages).

    Querysets are routed when they run, so the decorated function must evaluate what it reads (a view
    that renders its template does)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with lag_tolerated():
            return func(*args, **kwargs)

    return wrapper


@contextmanager
def request_scope(*, pinned: bool = False):
    """A fresh routing state for one request (or one job): yields it, restores the previous one after."""
    state = _State(pinned=pinned)
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not replica_enabled():
            return None
        state = _current()
        if not state.lag_ok or state.pinned or state.wrote:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None  # inside a transaction on the primary: read what it sees
        return REPLICA

    def db_for_write(self, model, **hints):
        _current().wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class PrimaryAfterWriteMiddleware:
    """Pin a request to the primary when it, or its browser a moment ago, wrote (see module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unsafe = request.method not in SAFE_METHODS
        with request_scope(pinned=unsafe or PIN_COOKIE in request.COOKIES) as state:
            response = self.get_response(request)
            wrote = state.wrote
        if replica_enabled() and (unsafe or wrote):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
