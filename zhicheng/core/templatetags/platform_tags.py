from datetime import date, timedelta

from django import template

register = template.Library()


@register.filter
def next_day(value: date | None) -> date | None:
    """The day after a date: when a period that ends on `value` has run out (e.g. 公示期满)."""
    return value + timedelta(days=1) if value else None


@register.filter
def labelled(bound_field, label: str):
    """Render a form field's widget with an aria-label (a formset cell has no <label> of its own); a group of
    checkboxes or radio buttons keeps the labels of its choices."""
    if (
        getattr(bound_field.field.widget, "allow_multiple_selected", False)
        or getattr(bound_field.field.widget, "input_type", "") == "radio"
    ):
        return str(bound_field)
    return bound_field.as_widget(attrs={"aria-label": label})
