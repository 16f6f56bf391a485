"""Date arithmetic for seniority: full years (周年) and months, cut-off date included.

The seeds count "年" as 周年 (seed 003 第十八条(七)) up to a cut-off date that is itself part
of the period ("任职时间计算到本年底"), so a title held from 2018-01-01 to 2022-12-31 is
5 full years. Everything here works on inclusive date ranges and is pure.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def parse_date(value: object) -> date | None:
    """An ISO date string (or a date) to a date; None and "" stay None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def to_date(value: object) -> date:
    """A required ISO date (or date); the schema has already made sure it is there."""
    day = parse_date(value)
    if day is None:
        raise ValueError("date required")
    return day


def month_index(value: str) -> int:
    """'2022-10' → months since year 0, so that consecutive months differ by one."""
    year, month = str(value)[:7].split("-")
    return int(year) * 12 + int(month) - 1


def month_label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def add_months(day: date, months: int) -> date:
    """Same day of month `months` later, clamped to the month's end (01-31 + 1 month → 02-28)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


@dataclass(frozen=True, order=True)
class Span:
    """A length of time as full months plus leftover days (days never make a year)."""

    months: int = 0
    days: int = 0

    @property
    def years(self) -> int:
        return self.months // 12

    def at_least_years(self, years: float) -> bool:
        return self.months >= round(12 * years)

    def __add__(self, other: Span) -> Span:
        # Leftover days of separate periods are pooled at 30 days a month: periods of
        # work rarely align with month boundaries and the seeds give no finer rule.
        months, days = self.months + other.months, self.days + other.days
        return Span(months + days // 30, days % 30)

    def text(self) -> str:
        years, months = divmod(self.months, 12)
        if years and months:
            return f"{years}年{months}个月"
        if years:
            return f"{years}年"
        if months:
            return f"{months}个月"
        return f"{self.days}天" if self.days else "0个月"


ZERO = Span()


def span(start: date, end: date) -> Span:
    """Length of the inclusive range start..end in full months and days (empty if end < start)."""
    if end < start:
        return ZERO
    stop = end + ONE_DAY
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if add_months(start, months) > stop:
        months -= 1
    return Span(months, (stop - add_months(start, months)).days)


Interval = tuple[date, date]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Union of inclusive intervals; touching ranges (one ends the day before the next starts) join."""
    out: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] >= i[0]):
        if out and start <= out[-1][1] + ONE_DAY:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def clip(intervals: Iterable[Interval], start: date | None = None, end: date | None = None) -> list[Interval]:
    out = []
    for a, b in intervals:
        a2 = max(a, start) if start else a
        b2 = min(b, end) if end else b
        if b2 >= a2:
            out.append((a2, b2))
    return out


def total_span(intervals: Iterable[Interval]) -> Span:
    """Total length of possibly overlapping intervals, each day counted once."""
    merged = merge(intervals)
    if len(merged) == 1:
        return span(*merged[0])
    total = ZERO
    for a, b in merged:
        total = total + span(a, b)
    return total


def years_text(years: float) -> str:
    return f"{years:g}年"
