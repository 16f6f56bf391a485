from django.db.models import Count, Max, Q

from zhicheng.core import versioned_cache

from .models import Message

UNREAD_TIMEOUT = 300  # seconds; bounds what a write outside the services (the admin, a shell) can leave stale


def inbox_for(user):
    return Message.objects.filter(recipient=user, channel=Message.Channel.INAPP)


def unread_version_key(user_id: int) -> str:
    return f"notifications:unread-version:{user_id}"


def unread_count(user) -> int:
    """The count beside the bell on every signed-in page: from the cache under the user's inbox version,
    which the services bump when a message arrives or is read (one cache read instead of a COUNT per page)."""
    key = f"notifications:unread:{user.pk}:{versioned_cache.version(unread_version_key(user.pk))}"
    return versioned_cache.cached(
        key, lambda: inbox_for(user).filter(read_at__isnull=True).count(), UNREAD_TIMEOUT
    )


def get_message_for_reader(*, user, pk: int) -> Message:
    return inbox_for(user).get(pk=pk)


def inbox_page_rows(user, *, important: bool, about: str | None = None):
    """One box of the message centre (重要 or 通知), newest first, optionally one 事项 only."""
    rows = inbox_for(user).filter(important=important)
    return rows.filter(about=about) if about is not None else rows


def inbox_groups(user, *, important: bool, limit: int = 30) -> list[dict]:
    """The 事项 in one box with their unread and total counts, the most recent first."""
    return list(
        inbox_for(user)
        .filter(important=important)
        .values("about")
        .annotate(
            total=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True)), latest=Max("created_at")
        )
        .order_by("-latest")[:limit]
    )


def unread_by_box(user) -> dict:
    counts = inbox_for(user).filter(read_at__isnull=True).values("important").annotate(n=Count("id"))
    found = {row["important"]: row["n"] for row in counts}
    return {"important": found.get(True, 0), "notice": found.get(False, 0)}
