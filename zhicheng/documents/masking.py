"""Masking of personal identifiers in printed and exported documents (SECURITY.md 13).

Every renderer takes ``reveal_identifiers``; the caller decides it from the reader's
rights, so a document never shows more than the person downloading it may see.
"""

from __future__ import annotations


def _keep_ends(value: str, head: int = 3, tail: int = 4) -> str:
    value = value.strip()
    if len(value) <= head + tail:
        # Too short to keep anything without revealing most of it.
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def mask_id_number(value: str) -> str:
    """330102199001011234 → 330***********1234: keeps the region prefix and the last four,
    which is what people use to tell two applicants apart on a list."""
    return _keep_ends(value)


def mask_phone(value: str) -> str:
    """13618543546 → 136****3546."""
    return _keep_ends(value)


def id_number(value: str, *, reveal_identifiers: bool) -> str:
    return value if reveal_identifiers else mask_id_number(value)


def phone(value: str, *, reveal_identifiers: bool) -> str:
    return value if reveal_identifiers else mask_phone(value)
