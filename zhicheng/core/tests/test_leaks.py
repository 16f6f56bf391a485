"""Data loss and leaks a new user found (issue 12, items 1–4, 18–20): each test failed on the old code."""

import importlib
import inspect
from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

from zhicheng.archive.forms import entry_form_class
from zhicheng.archive.kinds import KINDS


def _project_form_classes():
    seen = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhicheng."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__ and cls not in seen:
                seen.append(cls)
    seen += [entry_form_class(code) for code in KINDS]
    return seen


def _value_attr(html: str) -> str:
    start = html.index('value="') + len('value="')
    return html[start : html.index('"', start)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_and_number_input_carries_an_iso_value_that_reads_back(language):
    """A browser's date field shows "2018/07/01" as empty and the next save erased it (issue 12 item 1)."""
    checked = []
    with translation.override(language):
        for cls in _project_form_classes():
            for name, field in cls.base_fields.items():
                widget = field.widget
                if isinstance(widget, forms.HiddenInput):
                    continue
                if isinstance(widget, forms.DateTimeInput):
                    value, expected = datetime(2018, 7, 1, 9, 30), "2018-07-01T09:30"
                elif isinstance(widget, forms.DateInput):
                    value, expected = date(2018, 7, 1), "2018-07-01"
                elif isinstance(widget, forms.NumberInput):
                    value = 1234 if isinstance(field, forms.IntegerField) else Decimal("1234.5")
                    expected = str(value)
                else:
                    continue
                attr = _value_attr(widget.render(name, value))
                where = f"{cls.__module__}.{cls.__name__}.{name}"
                if isinstance(widget, forms.DateTimeInput):
                    assert attr.startswith(expected), where
                else:
                    assert attr == expected, f"{where}: value={attr!r}"
                if not isinstance(widget, forms.DateTimeInput):
                    assert field.to_python(attr) == value, where
                checked.append(where)
    assert "zhicheng.archive.forms.PersonalInfoForm.work_start" in checked
    assert len(checked) >= 20, checked
