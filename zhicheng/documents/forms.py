"""Forms of the documents pages: where paper materials go, and the employer's 公示 period."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, calendar

from .models import MailingInstructions

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MailingInstructionsForm(forms.ModelForm):
    class Meta:
        model = MailingInstructions
        fields = ["address", "recipient", "phone", "review_form_copies", "a3_booklet", "extra_items", "notes"]
        widgets = {
            "extra_items": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "address": "如：临平区人社局人才开发科（临平南大街265号市民之家721办公室）",
            "phone": "办公电话，将完整印在每位申报人的清单上",
            "extra_items": "评审表、破格审批表和回寄地址已自动列入，这里只填本计划另外要求的材料",
        }
        error_messages = {
            "review_form_copies": {
                "max_value": "评审表份数：最多10份。",
                "min_value": "评审表份数：至少1份。",
            }
        }

    def clean_review_form_copies(self):
        value = self.cleaned_data["review_form_copies"]
        if not 1 <= value <= 10:
            raise forms.ValidationError("应为1到10之间的整数")
        return value


class EmployerPublicityForm(forms.Form):
    """The period and contact printed on the employer's 单位内部公示表; nothing is stored."""

    start = forms.DateField(label="公示开始日期", widget=DATE, error_messages={"invalid": "请输入有效日期"})
    contact_department = forms.CharField(label="异议受理部门", max_length=50, initial="本单位人事部门")
    contact_phone = forms.CharField(label="异议受理电话", max_length=30, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["start"].initial = timezone.localdate()

    @property
    def end(self):
        """The last day of a period of five working days (seed 003 五(一): 不少于5个工作日)."""
        return calendar().end_of_period(self.cleaned_data["start"], MIN_PUBLICITY_WORKING_DAYS)
