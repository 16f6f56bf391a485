"""The queue's five tab counts, cached under a version that every change of the organisation's records bumps.

Counting the records of a county that holds 100,000+ files is O(records) even from an index alone
(~30–50 ms at 50,000 applications, growing with the province), and the counts were recomputed on every
page view although they change only when a file arrives or is decided. So the counts are kept in the
cache under a key that carries the organisation's *queue version*; `tracking.track_transition` (the one
door every status change goes through) bumps the version of each organisation whose records it touched,
after the transaction commits. A page view after the commit therefore reads the new version, misses the
cache and counts afresh; page views in between cost one cache read.

No row in the database is updated per decision (no hot counter row for every reviewer of a county to
wait on), and a lost cache only costs one recount. A short expiry bounds what a lagging read replica
can leave behind: the queue tolerates a few seconds' lag (core.replica.tolerates_lag), not more.
"""

from __future__ import annotations

from zhicheng.core import versioned_cache

COUNTS_TIMEOUT = 120  # seconds; bounds a count computed from a lagging replica
_VERSION = "review:queue-version:{org}"
_EPOCH = "review:queue-epoch"  # bumped when records are rebuilt in bulk (every organisation at once)


def scope(org_id: int) -> str:
    """The prefix of every key kept for the organisation's records: the bulk-rebuild epoch and the
    organisation's own version, read once per page in one cache round-trip."""
    epoch, own = versioned_cache.versions(_EPOCH, _VERSION.format(org=org_id))
    return f"review:queue-counts:{org_id}:{epoch}:{own}"


def changed(*org_ids: int | None) -> None:
    """The records of these organisations changed: bump their versions now and again on commit."""
    versioned_cache.changed(*(_VERSION.format(org=o) for o in org_ids if o))


def all_changed() -> None:
    versioned_cache.changed(_EPOCH)


def cached(scope: str, parts: tuple, compute):
    """What is computed from the organisation's records (its tab counts, the plans it has files in), kept
    under its scope() until they change."""
    return versioned_cache.cached(":".join([scope, *map(str, parts)]), compute, COUNTS_TIMEOUT)
