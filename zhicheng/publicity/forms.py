"""Forms of the 公示 pages. Errors name the field and the rule, in Chinese; the service checks again."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, calendar

from . import rules
from .models import Objection

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "必须填写。", "invalid": "请输入有效日期，如 2026-09-01。"}
REQUIRED = {"required": "必须填写。", "invalid": "格式不正确。"}
MAX_TEXT = 1000


class PeriodForm(forms.Form):
    """Start and end of a 公示: the end defaults to the last of the minimum working days (rule 1)."""

    start = forms.DateField(label="公示开始日期", widget=DATE, error_messages=DATE_ERRORS)
    end = forms.DateField(
        label="公示结束日期",
        widget=DATE,
        required=False,
        error_messages=DATE_ERRORS,
        help_text=f"已按开始日期起第 {MIN_PUBLICITY_WORKING_DAYS} 个工作日自动填写，可以修改；留空则自动计算。"
        f"公示期不少于 {MIN_PUBLICITY_WORKING_DAYS} 个工作日（开始当日为工作日的计入）。",
    )

    def __init__(self, *args, minimum: int = MIN_PUBLICITY_WORKING_DAYS, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._minimum = max(minimum, MIN_PUBLICITY_WORKING_DAYS)
        self._today = today

    def clean(self):
        data = super().clean()
        start = data.get("start")
        if not start:
            return data
        cal = calendar()
        if "start" in self.changed_data and start < (self._today or timezone.localdate()):
            self.add_error("start", "公示开始日期不能早于今天。")
            return data
        end = data.get("end") or cal.end_of_period(start, self._minimum)
        problems = rules.period_problems(cal, start, end, minimum=self._minimum)
        if problems:
            self.add_error("end", problems[0] + "。")
        else:
            data["end"] = end
        return data


class RescheduleForm(forms.Form):
    start = forms.DateField(label="公示开始日期", widget=DATE, error_messages=DATE_ERRORS)
    end = forms.DateField(label="公示结束日期", widget=DATE, error_messages=DATE_ERRORS)


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["received_on", "channel", "content"]
        widgets = {"received_on": DATE, "content": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "received_on": DATE_ERRORS,
            "channel": {"required": "请选择反映方式。", "invalid_choice": "请选择反映方式。"},
            "content": {"required": "必须填写异议的具体内容。"},
        }


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label="核查结论",
        choices=[("dismissed", "异议不成立，保留资格"), ("upheld", "异议成立，取消资格")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择核查结论。", "invalid_choice": "请选择核查结论。"},
    )
    resolution = forms.CharField(
        label="核查情况",
        max_length=MAX_TEXT,
        help_text="写明核查经过和结论；取消资格时，此内容作为原因告知申报人。",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={**REQUIRED, "max_length": f"不能超过 {MAX_TEXT} 字（当前 %(show_value)d 字）。"},
    )
