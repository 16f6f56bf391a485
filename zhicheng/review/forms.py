"""Decision forms. Errors name the field and the rule, in Chinese; nothing is stored unless all pass."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, WorkCalendar, calendar
from zhicheng.publicity.models import Publicity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_OPINION = 1000
REQUIRED = {"required": "必须填写。", "invalid": "格式不正确。"}
DATE_ERRORS = {"required": "必须填写。", "invalid": "请输入有效日期，如 2026-09-01。"}


def _opinion(label: str, *, help_text: str = "", initial: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_OPINION,
        initial=initial,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={**REQUIRED, "max_length": f"不能超过 {MAX_OPINION} 字（当前 %(show_value)d 字）。"},
    )


class ApproveForm(forms.Form):
    opinion = _opinion("审查意见", initial="经审查，符合申报条件，同意推荐。")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EmployerApproveForm(ApproveForm):
    """通过 at the employer: the 推荐意见 and the internal publicity record (seed 000 附件2 第4、5条)."""

    opinion = _opinion(
        "推荐意见",
        initial="经审核，该同志申报材料真实、准确、完整，经单位内部公示无异议，同意推荐。",
        help_text="将作为单位推荐意见记入审查日志，并打印在评审表上。",
    )
    publicity_start = forms.DateField(label="单位内部公示开始日期", widget=DATE, error_messages=DATE_ERRORS)
    publicity_end = forms.DateField(
        label="单位内部公示结束日期",
        widget=DATE,
        error_messages=DATE_ERRORS,
        help_text=f"公示期不少于 {MIN_PUBLICITY_WORKING_DAYS} 个工作日（按法定节假日和调休计算，开始当日为工作日的计入），且应已结束。",
    )
    publicity_result = forms.ChoiceField(
        label="公示结果",
        choices=Publicity.Result.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择“无异议”或“有异议”。",
            "invalid_choice": "请选择“无异议”或“有异议”。",
        },
    )
    publicity_note = forms.CharField(
        label="公示情况说明",
        required=False,
        max_length=MAX_OPINION,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="有异议时必须说明异议内容及核实处理情况。",
        error_messages={"max_length": f"不能超过 {MAX_OPINION} 字。"},
    )

    def __init__(self, *args, work_calendar: WorkCalendar | None = None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._calendar = work_calendar
        self._today = today

    def clean(self):
        data = super().clean()
        start, end = data.get("publicity_start"), data.get("publicity_end")
        if start and end:
            cal = self._calendar or calendar()
            today = self._today or timezone.localdate()
            problems = cal.publicity_problems(start, end)
            if problems:
                self.add_error("publicity_end", problems[0] + "。")
            elif end >= today:
                self.add_error(
                    "publicity_end",
                    f"公示须在结束后（{end:%Y-%m-%d} 之后）才能录入结果并推荐；请公示期满后再审核通过。",
                )
            else:
                data["publicity_working_days"] = cal.count(start, end)
        if (
            data.get("publicity_result") == Publicity.Result.OBJECTION
            and not data.get("publicity_note", "").strip()
        ):
            self.add_error("publicity_note", "公示有异议时必须说明异议内容及核实处理情况。")
        return data

    def publicity(self) -> dict:
        d = self.cleaned_data
        return {
            "start": d["publicity_start"],
            "end": d["publicity_end"],
            "working_days": d["publicity_working_days"],
            "result": d["publicity_result"],
            "note": d.get("publicity_note", "").strip(),
        }


class ReasonForm(forms.Form):
    opinion = _opinion(
        "原因", help_text="申报人会在短信和站内消息中看到此原因，请写明需要修改或不符合的具体内容。"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, label: str = "原因", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].label = label


class RecommendationForm(forms.Form):
    note = forms.CharField(
        label="推荐说明",
        required=False,
        max_length=MAX_OPINION,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="以上人员经本部门审查，符合申报条件，现予推荐。",
        error_messages={"max_length": f"不能超过 {MAX_OPINION} 字。"},
    )


class PublicityForm(forms.Form):
    plan = forms.TypedChoiceField(
        label="申报计划", coerce=int, error_messages={"required": "请选择申报计划。"}
    )
    start = forms.DateField(label="公示开始日期", widget=DATE, error_messages=DATE_ERRORS)
    end = forms.DateField(
        label="公示结束日期",
        widget=DATE,
        required=False,
        error_messages=DATE_ERRORS,
        help_text=f"已按开始日期后第 {MIN_PUBLICITY_WORKING_DAYS} 个工作日自动填写，可以修改；留空则自动计算。"
        f"公示期不少于 {MIN_PUBLICITY_WORKING_DAYS} 个工作日。",
    )
    contact = forms.CharField(
        label="异议受理方式",
        max_length=200,
        help_text="如：公示期间如有异议，请以书面形式向评委会办公室反映，联系电话 0577-86591590。",
        error_messages={**REQUIRED, "max_length": "不能超过 200 字。"},
    )

    def __init__(self, *args, plans=(), today=None, work_calendar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "—请选择—")] + [(p.pk, f"{p.year} {p.name}") for p in plans]
        self._today = today
        self._calendar = work_calendar

    def clean(self):
        data = super().clean()
        start = data.get("start")
        if not start:
            return data
        cal = self._calendar or calendar()
        today = self._today or timezone.localdate()
        if start < today:
            self.add_error("start", "公示开始日期不能早于今天。")
            return data
        end = data.get("end") or cal.end_of_period(start, MIN_PUBLICITY_WORKING_DAYS)
        problems = cal.publicity_problems(start, end)
        if problems:
            self.add_error("end", problems[0] + "。")
        else:
            data["end"] = end
            data["working_days"] = cal.count(start, end)
        return data
