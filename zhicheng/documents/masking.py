"""Identifier masking for printed and exported documents (SECURITY.md 13).

Every renderer that prints an ID or phone number takes ``reveal_identifiers``; the
caller decides it from the reader's rights, so a document never shows more than the
person downloading it may see. The masks themselves are the platform's (core.masking),
so a page and the PDF next to it show the same 330***********1234.
"""

from __future__ import annotations

from zhicheng.core.masking import mask_id_number, mask_phone

__all__ = ["id_number", "mask_id_number", "mask_phone", "phone"]


def id_number(value: str, *, reveal_identifiers: bool) -> str:
    return value if reveal_identifiers else mask_id_number(value)


def phone(value: str, *, reveal_identifiers: bool) -> str:
    return value if reveal_identifiers else mask_phone(value)
