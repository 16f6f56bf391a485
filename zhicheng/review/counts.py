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


def counts_key(org_id: int, *parts) -> str:
    return ":".join(
        [
            "review:queue-counts",
            str(org_id),
            str(versioned_cache.version(_EPOCH)),
            str(versioned_cache.version(_VERSION.format(org=org_id))),
        ]
        + [str(p) for p in parts]
    )


def changed(*org_ids: int | None) -> None:
    """The records of these organisations changed: bump their versions now and again on commit."""
    versioned_cache.changed(*(_VERSION.format(org=o) for o in org_ids if o))


def all_changed() -> None:
    versioned_cache.changed(_EPOCH)


def cached(org_id: int, parts: tuple, compute):
    """What is computed from the organisation's records (its tab counts, the plans it has files in), kept
    until they change."""
    return versioned_cache.cached(counts_key(org_id, *parts), compute, COUNTS_TIMEOUT)
