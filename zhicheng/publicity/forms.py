"""Forms of the 公示 pages. Errors name the field and the rule, in Chinese; the service checks again."""

from __future__ import annotations

from django import forms

from .models import Objection

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "必须填写。", "invalid": "请输入有效日期，如 2026-09-01。"}
REQUIRED = {"required": "必须填写。", "invalid": "格式不正确。"}
MAX_TEXT = 1000


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
