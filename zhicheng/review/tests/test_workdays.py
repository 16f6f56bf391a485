"""The working-day calendar, table-tested across 国庆 2026 (with its 调休 Sunday and Saturday) and a year
the library does not know yet, where admin-entered overrides carry the official schedule."""

from datetime import date

import pytest

from zhicheng.core.models import CalendarOverride
from zhicheng.core.workdays import WorkCalendar, calendar, is_workday, library_covers

D = date.fromisoformat
CAL = WorkCalendar()
# 2027's schedule entered by an administrator (illustrative dates): a 调休 Saturday and two holidays.
OVERRIDES_2027 = {D("2027-02-06"): True, D("2027-02-08"): False, D("2027-02-09"): False}


@pytest.mark.parametrize(
    ("day", "workday", "why"),
    [
        ("2026-09-18", True, "an ordinary Friday"),
        ("2026-09-19", False, "an ordinary Saturday"),
        ("2026-09-20", True, "Sunday worked in exchange for 国庆 (调休)"),
        ("2026-10-01", False, "国庆节"),
        ("2026-10-07", False, "last day of the 国庆 holiday, a Wednesday"),
        ("2026-10-08", True, "back to work on Thursday"),
        ("2026-10-10", True, "Saturday worked in exchange for 国庆 (调休)"),
        ("2026-10-11", False, "an ordinary Sunday"),
    ],
)
def test_chinese_calendar_knows_2026(day, workday, why):
    assert CAL.is_workday(D(day)) is workday, why


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-09-28", "2026-10-09", 5),  # Mon–Wed before the holiday, Thu–Fri after it
        ("2026-10-01", "2026-10-07", 0),  # the whole holiday
        ("2026-10-08", "2026-10-12", 4),  # Thu, Fri, 调休 Sat, Mon
        ("2026-09-19", "2026-09-20", 1),  # the Saturday rests, the 调休 Sunday works
        ("2026-10-09", "2026-10-09", 1),  # a single working day counts itself
        ("2026-10-11", "2026-10-11", 0),
    ],
)
def test_count_includes_both_ends(start, end, expected):
    assert CAL.count(D(start), D(end)) == expected


@pytest.mark.parametrize(
    ("start", "end_of_five_working_days"),
    [
        ("2026-09-28", "2026-10-09"),  # the start counts: 28, 29, 30, 8, 9
        ("2026-09-30", "2026-10-12"),  # 30, 8, 9, the 调休 Saturday 10, 12
        ("2026-10-03", "2026-10-13"),  # a holiday start does not count: 8, 9, 10, 12, 13
        ("2026-10-10", "2026-10-15"),  # a 调休 Saturday start counts: 10, 12, 13, 14, 15
        ("2026-09-14", "2026-09-18"),  # an ordinary week
    ],
)
def test_publicity_of_five_working_days_ends_on(start, end_of_five_working_days):
    assert CAL.end_of_period(D(start), 5) == D(end_of_five_working_days)
    assert CAL.publicity_problems(D(start), D(end_of_five_working_days)) == []


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-09-30", "2026-10-10", "只有 4 个工作日"),  # 30, 8, 9, 10: one short across the holiday
        ("2026-10-01", "2026-10-07", "只有 0 个工作日"),
        ("2026-10-09", "2026-10-08", "结束日期不能早于开始日期"),
    ],
)
def test_short_or_inverted_publicity_is_refused_with_the_rule(start, end, message):
    problems = CAL.publicity_problems(D(start), D(end))
    assert problems and message in problems[0]
    if "只有" in message:
        assert "不少于 5 个工作日" in problems[0] and "最早应于" in problems[0]


def test_missing_dates_are_named():
    assert CAL.publicity_problems(None, D("2026-10-09")) == ["公示开始日期和结束日期都必须填写"]


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2027-02-05", True),  # Friday, no override: weekday rule
        ("2027-02-06", True),  # Saturday entered as a 调休 working day
        ("2027-02-07", False),  # Sunday, no override
        ("2027-02-08", False),  # Monday entered as a holiday
        ("2027-02-10", True),
    ],
)
def test_overrides_carry_a_year_the_library_lacks(day, workday):
    assert not library_covers(2027)
    assert is_workday(D(day), OVERRIDES_2027) is workday


def test_overrides_also_win_over_the_library():
    assert WorkCalendar({D("2026-10-09"): False}).count(D("2026-10-08"), D("2026-10-09")) == 1


def test_five_working_days_across_an_entered_holiday():
    cal = WorkCalendar(OVERRIDES_2027)
    # Thu 4, Fri 5, Sat 6 (调休), [Sun 7, Mon 8, Tue 9 rest], Wed 10, Thu 11
    assert cal.end_of_period(D("2027-02-04"), 5) == D("2027-02-11")


@pytest.mark.parametrize(
    ("today", "deadline", "working_days", "overdue_days", "label"),
    [
        ("2026-09-28", "2026-10-09", 5, 0, "剩余 5 个工作日"),
        ("2026-10-09", "2026-10-09", 1, 0, "剩余 1 个工作日"),
        ("2026-10-03", "2026-10-07", 0, 0, "截止日为休息日，已无剩余工作日"),
        ("2026-10-12", "2026-10-09", 0, 3, "已逾期 3 天"),
    ],
)
def test_time_left(today, deadline, working_days, overdue_days, label):
    left = CAL.time_left(D(today), D(deadline))
    assert (left.working_days, left.overdue_days, left.label) == (working_days, overdue_days, label)
    assert left.overdue is (overdue_days > 0)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [("2026-09-30", 1, "2026-10-08"), ("2026-10-08", -1, "2026-09-30"), ("2026-10-09", 1, "2026-10-10")],
)
def test_add_skips_rest_days(start, n, expected):
    assert CAL.add(D(start), n) == D(expected)


@pytest.mark.django_db
def test_calendar_reads_the_admin_table():
    CalendarOverride.objects.create(date=D("2027-02-06"), is_workday=True, note="2027年春节调休上班")
    CalendarOverride.objects.create(date=D("2027-02-08"), is_workday=False, note="2027年春节")
    cal = calendar()
    assert cal.is_workday(D("2027-02-06")) and not cal.is_workday(D("2027-02-08"))


@pytest.mark.django_db
def test_admin_lists_and_edits_overrides_in_chinese(admin_user, login):
    CalendarOverride.objects.create(date=D("2027-02-06"), is_workday=True, note="2027年春节调休上班")
    client = login(admin_user)
    page = client.get("/django-admin/core/calendaroverride/").content.decode()
    assert "2027-02-06" in page and "星期六" in page and "上班" in page
    form = client.get("/django-admin/core/calendaroverride/add/").content.decode()
    assert "当日安排" in form and "调休上班日" in form
    response = client.post(
        "/django-admin/core/calendaroverride/add/",
        {"date": "2027-02-08", "is_workday": "False", "note": "2027年春节"},
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get(date=D("2027-02-08")).is_workday is False
