"""Full years (周年) with the cut-off date inclusive."""

from datetime import date

import pytest

from zhicheng.eligibility.dates import Span, add_months, merge, span, total_span


@pytest.mark.parametrize(
    ("start", "end", "months", "text"),
    [
        (date(2019, 1, 1), date(2022, 11, 30), 47, "3年11个月"),
        (date(2019, 1, 1), date(2022, 12, 31), 48, "4年"),
        (date(2018, 1, 1), date(2022, 12, 31), 60, "5年"),
        (date(2017, 12, 31), date(2022, 12, 31), 60, "5年"),
        (date(2016, 6, 30), date(2020, 12, 31), 54, "4年6个月"),
        (date(2019, 3, 5), date(2019, 3, 20), 0, "16天"),
        (date(2019, 1, 31), date(2019, 2, 27), 1, "1个月"),  # month-end start: 01-31 + 1 month = 02-28
        (date(2022, 1, 1), date(2021, 12, 31), 0, "0个月"),
    ],
)
def test_span_counts_full_months_with_the_end_day_included(start, end, months, text):
    length = span(start, end)
    assert length.months == months
    assert length.text() == text


def test_three_years_eleven_months_is_not_four_years():
    assert not span(date(2019, 1, 1), date(2022, 11, 30)).at_least_years(4)
    assert span(date(2019, 1, 1), date(2022, 12, 31)).at_least_years(4)


def test_add_months_clamps_to_month_end():
    assert add_months(date(2019, 1, 31), 1) == date(2019, 2, 28)
    assert add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)


def test_overlapping_and_touching_periods_count_each_day_once():
    periods = [
        (date(2015, 1, 1), date(2016, 12, 31)),
        (date(2016, 6, 1), date(2017, 12, 31)),
        (date(2018, 1, 1), date(2018, 12, 31)),
    ]
    assert merge(periods) == [(date(2015, 1, 1), date(2018, 12, 31))]
    assert total_span(periods).months == 48


def test_separate_periods_pool_leftover_days_at_thirty_a_month():
    periods = [(date(2015, 1, 1), date(2015, 1, 20)), (date(2016, 1, 1), date(2016, 1, 15))]
    assert total_span(periods) == Span(1, 5)
