from django import forms

from zhicheng.archive.forms import CHOICE_MESSAGES, NUMBER_MESSAGES, REQUIRED
from zhicheng.eligibility.checks import declarations_for_plan
from zhicheng.plans.models import TITLE_FOR_LEVEL, DeclarationType

from .models import WorkCategory
from .routing import may_go_direct
from .text import SELF_STATEMENT_MAX, SPECIALTY_MAX, count_chars, normalize_text


class LevelForm(forms.Form):
    level = forms.ChoiceField(label="申报级别", error_messages=CHOICE_MESSAGES)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "请选择")] + [
            (lv, TITLE_FOR_LEVEL.get(lv, lv)) for lv in plan.levels
        ]


class PhotoUploadForm(forms.Form):
    photo = forms.FileField(
        label="证件照", error_messages={"required": "请选择照片文件", "empty": "文件为空"}
    )
    make_default = forms.BooleanField(label="同时设为个人基本信息中的默认证件照", required=False)


class InfoForm(forms.Form):
    declaration_type = forms.ChoiceField(label="申报类型", error_messages=CHOICE_MESSAGES)
    specialty = forms.CharField(
        label="从事专业",
        max_length=50,
        error_messages=REQUIRED,
        help_text=f"申报专业应与现从事专业一致；将打印在资格证书“专业名称”栏，不超过 {SPECIALTY_MAX} 个字",
    )
    work_category = forms.ChoiceField(
        label="从事工作类别", choices=[("", "请选择")] + WorkCategory.choices, error_messages=CHOICE_MESSAGES
    )
    intake_department = forms.ModelChoiceField(
        label="受理点",
        queryset=None,
        empty_label="请选择",
        error_messages={"required": "请选择", "invalid_choice": "请从列表中选择本计划的受理点"},
        help_text="按单位所在区、县（市）或所属关系选择受理点（受理评审委员会）",
    )
    self_statement = forms.CharField(
        label="本人述职",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "data-max-chars": SELF_STATEMENT_MAX}),
        error_messages=REQUIRED,
        help_text=f"主要填写任现职以来的专业工作业绩，限 {SELF_STATEMENT_MAX} 字以内（换行计 1 字）",
    )
    administrative_post = forms.CharField(
        label="行政职务", max_length=100, required=False, help_text="没有的填“无”"
    )
    exceptional_reasons = forms.CharField(
        label="破格推荐理由",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-max-chars": 2000}),
        help_text="不能简单填写符合哪几条，须写明具体理由和依据（如奖项名称、等级、本人排名），并在业绩中上传佐证",
    )
    exceptional_resume = forms.CharField(
        label="简历",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="《破格推荐中级专业技术资格审批表》中的简历：按时间写明学习、工作经历",
    )
    self_score = forms.DecimalField(
        label="自评分",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        error_messages=NUMBER_MESSAGES,
        help_text="按计划要求填写破格申报自评赋分（0–100），无要求的可不填",
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        plan = application.plan
        self.plan = plan
        # Only the routes the plan's rule set can judge for this level (issue 14 §2; e.g. 临平's
        # 直接申报 and 技能人才 are chosen as 正常申报, seed 001 附件2 二3).
        self.fields["declaration_type"].choices = [("", "请选择")] + [
            (t, DeclarationType(t).label) for t in declarations_for_plan(plan, application.level or None)
        ]
        departments = plan.intake_departments.select_related("region").order_by("name")
        self.fields["intake_department"].queryset = departments
        if not departments.exists():
            self.fields["intake_department"].required = False
            self.fields["intake_department"].widget = forms.HiddenInput()
        elif may_go_direct(application):
            # seed 003 三: 无主管部门的非公企业 … 经单位审核同意后直接推荐报送.
            self.fields["intake_department"].required = False
            self.fields["intake_department"].empty_label = "无主管部门（非公企业直接报送）"
        if plan.allowed_specialties:
            self.fields["specialty"].widget.attrs["list"] = "allowed-specialties"

    def clean_specialty(self):
        value = normalize_text(self.cleaned_data["specialty"]).strip()
        if count_chars(value) > SPECIALTY_MAX:
            raise forms.ValidationError(f"不能超过 {SPECIALTY_MAX} 个字（当前 {count_chars(value)} 个字）")
        if value in (self.plan.excluded_specialties or []):
            raise forms.ValidationError(f"“{value}”列入国家、省统一考试专业，本计划不予受理")
        allowed = self.plan.allowed_specialties or []
        if allowed and value not in allowed:
            raise forms.ValidationError(f"应为本计划可申报的专业之一：{'、'.join(allowed)}")
        return value

    def clean_self_statement(self):
        value = normalize_text(self.cleaned_data["self_statement"])
        n = count_chars(value)
        if n > SELF_STATEMENT_MAX:
            raise forms.ValidationError(f"不能超过 {SELF_STATEMENT_MAX} 字（当前 {n} 字，换行计 1 字）")
        if not value.strip():
            raise forms.ValidationError("必须填写")
        return value

    def clean(self):
        data = super().clean()
        if data.get("declaration_type") == DeclarationType.EXCEPTIONAL:
            for name in ("exceptional_reasons", "exceptional_resume"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, "破格申报必须填写")
            if not (data.get("administrative_post") or "").strip():
                self.add_error("administrative_post", "破格申报必须填写（没有的填“无”）")
        for name in ("exceptional_reasons", "exceptional_resume"):
            if data.get(name):
                data[name] = normalize_text(data[name])
        return data
