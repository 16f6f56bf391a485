"""Dates as the notices write them: 2026年3月5日, no leading zeros. One function for every message,
form and PDF of the platform (templates use Django's ``date:"Y年n月j日"``, which prints the same)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def cn_date(value: date | None) -> str:
    """2026年3月5日; "" for no date."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def cn_month(value: date | None) -> str:
    """2026年3月; "" for no date."""
    return f"{value.year}年{value.month}月" if value else ""


def local_time(value: datetime | None, empty: str = "") -> str:
    """2026-08-10 10:11:12 in Beijing time (the list and log format, as Django's ``date:"Y-m-d H:i:s"``)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else empty
