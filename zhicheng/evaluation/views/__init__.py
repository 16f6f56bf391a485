"""Thin views (DESIGN.md §4.1): parse input, fetch-and-authorize, call one service, render."""

from django.http import Http404


def or_404(fetch, *args, **kwargs):
    """Run a ``get_<obj>_for_<action>`` selector; anything out of scope is simply not found."""
    try:
        return fetch(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - DoesNotExist of any model means 404 here
        if exc.__class__.__name__ == "DoesNotExist":
            raise Http404("未找到") from exc
        raise
