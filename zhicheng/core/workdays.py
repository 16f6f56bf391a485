"""The working-day calendar: chinese-calendar plus admin-entered overrides.

Pure functions take the overrides as a mapping so they can be table-tested; `calendar()`
binds them to the database table for callers in the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar


def is_workday(day: date, overrides: Mapping[date, bool] | None = None) -> bool:
    if overrides and day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # Years the library does not cover yet: weekdays work until an override says otherwise.
        return day.weekday() < 5


@dataclass(frozen=True)
class WorkCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        return is_workday(day, self.overrides)

    def count(self, start: date, end: date) -> int:
        """Working days from start to end, both included (the start counts when it is a working day)."""
        n, day = 0, start
        while day <= end:
            n += self.is_workday(day)
            day += timedelta(days=1)
        return n

    def end_of_period(self, start: date, working_days: int) -> date:
        """Last day of a period of `working_days` working days beginning on `start`."""
        if working_days < 1:
            raise ValueError("working_days must be at least 1")
        day, n = start, 0
        while True:
            if self.is_workday(day):
                n += 1
                if n == working_days:
                    return day
            day += timedelta(days=1)

    def add(self, start: date, working_days: int) -> date:
        """The working day `working_days` after start (start itself not counted)."""
        day, n = start, 0
        step = 1 if working_days >= 0 else -1
        while n < abs(working_days):
            day += timedelta(days=step)
            if self.is_workday(day):
                n += 1
        return day


def calendar() -> WorkCalendar:
    from .models import CalendarOverride

    return WorkCalendar({o.date: o.is_workday for o in CalendarOverride.objects.all()})
