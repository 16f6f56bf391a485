"""The working-day calendar: chinese-calendar plus admin-entered overrides.

The State Council announces each year's holidays and 调休 make-up working days in the previous
autumn; chinese-calendar only knows the years released before our version of it. An override row
(admin: 工作日历调整) always wins, so an administrator can enter next year's schedule, or correct a
local exception, without a release. For a year neither source knows, Monday to Friday are working
days — `library_covers()` lets the admin page warn about that.

Pure functions take the overrides as a mapping so they can be table-tested; `calendar()` binds them
to the database table for callers in the app (one query; build it once per request or job).

Publicity periods (公示) are "不少于5个工作日" and the start day counts when it is a working day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

import chinese_calendar

from .models import CalendarOverride

MIN_PUBLICITY_WORKING_DAYS = 5


@cache
def library_covers(year: int) -> bool:
    """Whether chinese-calendar ships the official schedule for this year."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=8192)
def _default_is_workday(day: date) -> bool:
    # chinese-calendar validates each date against its whole table; a queue page asks about the same
    # few weeks of days for every row, so the answers are kept.
    if library_covers(day.year):
        return chinese_calendar.is_workday(day)
    # Years the library does not cover yet: weekdays work until an override says otherwise.
    return day.weekday() < 5


def is_workday(day: date, overrides: Mapping[date, bool] | None = None) -> bool:
    if overrides and day in overrides:
        return overrides[day]
    return _default_is_workday(day)


@dataclass(frozen=True)
class TimeLeft:
    """How much time a reviewer has before a deadline, as queues and the timeline show it."""

    deadline: date
    working_days: int  # working days from today to the deadline, both included; 0 once overdue
    overdue_days: int  # calendar days past the deadline; 0 until then

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    def due_within(self, working_days: int) -> bool:
        return not self.overdue and self.working_days <= working_days

    @property
    def label(self) -> str:
        if self.overdue:
            return f"已逾期 {self.overdue_days} 天"
        if self.working_days == 0:
            return "截止日为休息日，已无剩余工作日"
        return f"剩余 {self.working_days} 个工作日"


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
        """The working day `working_days` after start (start itself not counted); negative goes back."""
        day, n = start, 0
        step = 1 if working_days >= 0 else -1
        while n < abs(working_days):
            day += timedelta(days=step)
            if self.is_workday(day):
                n += 1
        return day

    def next_workday(self, day: date) -> date:
        """The day itself when it is a working day, else the next working day."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def time_left(self, today: date, deadline: date) -> TimeLeft:
        if deadline < today:
            return TimeLeft(deadline=deadline, working_days=0, overdue_days=(today - deadline).days)
        return TimeLeft(deadline=deadline, working_days=self.count(today, deadline), overdue_days=0)

    def publicity_problems(
        self, start: date | None, end: date | None, *, minimum: int = MIN_PUBLICITY_WORKING_DAYS
    ) -> list[str]:
        """Why a publicity period (公示期) is not acceptable; empty when it covers enough working days."""
        if start is None or end is None:
            return ["公示开始日期和结束日期都必须填写"]
        if end < start:
            return ["公示结束日期不能早于开始日期"]
        days = self.count(start, end)
        if days < minimum:
            return [
                f"公示期 {start:%Y-%m-%d} 至 {end:%Y-%m-%d} 只有 {days} 个工作日，"
                f"不少于 {minimum} 个工作日（开始当日为工作日的计入），"
                f"从 {start:%Y-%m-%d} 开始最早应于 {self.end_of_period(start, minimum):%Y-%m-%d} 结束"
            ]
        return []


def calendar() -> WorkCalendar:
    return WorkCalendar(dict(CalendarOverride.objects.values_list("date", "is_workday")))
