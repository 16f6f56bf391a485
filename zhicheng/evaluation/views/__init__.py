"""Thin views (DESIGN.md §4.1): parse input, fetch-and-authorize, call one service, render."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def or_404(fetch, *args, **kwargs):
    """Run a ``get_<obj>_for_<action>`` selector; anything out of scope is simply not found."""
    try:
        return fetch(*args, **kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404("未找到") from exc
