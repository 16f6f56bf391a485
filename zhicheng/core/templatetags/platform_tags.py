from datetime import date, timedelta

from django import template

register = template.Library()


@register.filter
def next_day(value: date | None) -> date | None:
    """The day after a date: when a period that ends on `value` has run out (e.g. 公示期满)."""
    return value + timedelta(days=1) if value else None
