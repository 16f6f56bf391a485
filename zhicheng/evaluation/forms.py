"""Forms of the evaluation pages: Chinese labels, and messages that name the field and the rule."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from stdnum.cn import ric

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS
from zhicheng.plans.models import Level, Plan

from .models import AssessmentKind, AssessmentSpec, EvaluationRules, ExpertRelation, Vote
from .rules import scoring_form_problems

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEPARATORS = re.compile(r"\s*[|｜]\s*")
KEEP_ID = "已登记"  # shown instead of a stored ID number, which is never sent back to the page


class RulesForm(forms.ModelForm):
    scoring_text = forms.CharField(
        label="评分表",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个评分项：名称｜权重｜满分，各项权重之和为100。例如：专业理论知识｜20｜20",
    )

    class Meta:
        model = EvaluationRules
        fields = [
            "payment_working_days",
            "fee_deadline",
            "online_payment",
            "offline_payment",
            "fee_collector",
            "blind_review",
            "conflict_years",
            "scoring_due",
            "reminder_working_days",
            "quorum_numerator",
            "quorum_denominator",
            "pass_numerator",
            "pass_denominator",
            "pass_base",
            "results_order",
            "publicity_working_days",
        ]
        widgets = {"fee_deadline": DATE, "scoring_due": DATE}

    def __init__(self, *args, scoring_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.scoring_locked = scoring_locked
        self.fields["scoring_text"].initial = "\n".join(
            f"{c['label']}｜{c['weight']}｜{c['max']}" for c in self.instance.scoring_form or []
        )
        if scoring_locked:
            self.fields["scoring_text"].disabled = True
            self.fields["scoring_text"].help_text = "已有专家提交评分，评分表不能再修改。"

    def clean_scoring_text(self):
        if self.scoring_locked:
            return None
        form = []
        for i, line in enumerate(self.cleaned_data["scoring_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = SEPARATORS.split(line.strip())
            if len(parts) != 3:
                raise forms.ValidationError(f"第{i}行应为“名称｜权重｜满分”三项")
            label, weight, top = parts
            try:
                form.append(
                    {"key": f"c{len(form) + 1}", "label": label, "weight": int(weight), "max": int(top)}
                )
            except ValueError as exc:
                raise forms.ValidationError(f"第{i}行：权重和满分应为整数") from exc
        problems = scoring_form_problems(form)
        if problems:
            raise forms.ValidationError("；".join(p.removeprefix("评分表").lstrip("：") for p in problems))
        return form

    def clean(self):
        data = super().clean()
        qn, qd = data.get("quorum_numerator"), data.get("quorum_denominator")
        pn, pd = data.get("pass_numerator"), data.get("pass_denominator")
        if qd is not None and qd == 0:
            self.add_error("quorum_denominator", "分母必须大于0")
        elif qn is not None and qd and qn > qd:
            self.add_error("quorum_numerator", "出席人数比例不能大于1")
        if pd is not None and pd == 0:
            self.add_error("pass_denominator", "分母必须大于0")
        elif pn is not None and pd and (pn > pd or pn == 0):
            self.add_error("pass_numerator", "赞成票比例应大于0且不大于1")
        if (data.get("publicity_working_days") or 0) < 5:
            self.add_error("publicity_working_days", "评审结果公示期不少于5个工作日")
        if (data.get("payment_working_days") or 0) < 1:
            self.add_error("payment_working_days", "缴费期限至少1个工作日")
        if not data.get("online_payment") and not data.get("offline_payment"):
            self.add_error("online_payment", "网上缴费和线下缴费至少开通一种")
        return data

    def save(self, commit=True):
        rules = super().save(commit=False)
        if not self.scoring_locked and self.cleaned_data.get("scoring_text"):
            rules.scoring_form = self.cleaned_data["scoring_text"]
        if commit:
            rules.save()
        return rules


class AssessmentSpecForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label="适用级别",
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选表示所有级别都参加。",
    )

    class Meta:
        model = AssessmentSpec
        fields = [
            "kind",
            "name",
            "levels",
            "full_mark",
            "pass_mark",
            "min_examiners",
            "drop_extremes",
            "required",
            "order",
        ]

    def clean(self):
        data = super().clean()
        full, passing = data.get("full_mark"), data.get("pass_mark")
        if full is not None and full <= 0:
            self.add_error("full_mark", "满分必须大于0")
        if full is not None and passing is not None and passing > full:
            self.add_error("pass_mark", f"合格分数线不能高于满分{full}")
        if data.get("kind") == AssessmentKind.PRACTICAL and (data.get("min_examiners") or 0) < 3:
            self.add_error("min_examiners", "实操评议须由不少于3人的专家评议组评分")
        if data.get("drop_extremes") and (data.get("min_examiners") or 0) < 3:
            self.add_error("min_examiners", "去掉最高分和最低分后取平均，评分人数至少3人")
        if (data.get("min_examiners") or 0) < 1:
            self.add_error("min_examiners", "评分人数至少1人")
        return data

    def validate_constraints(self, exclude=None):
        # The same rules, worded above in Chinese, are also database constraints.
        pass


AssessmentSpecFormSet = inlineformset_factory(
    Plan, AssessmentSpec, form=AssessmentSpecForm, extra=1, can_delete=True
)


class OfflinePaymentForm(forms.Form):
    receipt_number = forms.CharField(label="收据编号", max_length=40)
    amount = forms.DecimalField(
        label="实收金额（元）", max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label="缴费日期", widget=DATE)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="开始时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label="地点", max_length=150)
    note = forms.CharField(label="注意事项", max_length=300, required=False)
    sittings = forms.ModelMultipleChoiceField(
        label="参加人员",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一位参加人员"},
    )

    def __init__(self, *args, sittings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sittings"].queryset = sittings
        self.fields["sittings"].label_from_instance = lambda s: (
            f"{s.case.code} {s.case.application.applicant.real_name}"
        )


class ExpertForm(forms.Form):
    phone = forms.CharField(
        label="专家登录手机号",
        max_length=11,
        help_text="专家账号由平台管理员开设；此处按手机号加入本评委会专家库。",
    )
    specialty = forms.CharField(label="专业", max_length=50)
    level = forms.ChoiceField(
        label="职称级别",
        choices=[
            (v, label) for v, label in Level.choices if v in ("intermediate", "associate_senior", "senior")
        ],
    )
    title = forms.CharField(label="职称名称", max_length=50, help_text="如：高级工程师、正高级工程师")
    organization_name = forms.CharField(label="现工作单位", max_length=100)
    active = forms.BooleanField(label="在库（可参加评审）", required=False, initial=True)
    affiliations = forms.CharField(
        label="工作经历（回避用）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一段：单位名称｜起始年份｜结束年份（至今可不填）",
    )
    relations = forms.CharField(
        label="需回避的关系人",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一人：关系（配偶、亲属、师生、合作、其他）｜姓名｜身份证号（可不填；已登记的显示为“已登记”）",
    )

    RELATION_WORDS = {
        "配偶": ExpertRelation.Kind.SPOUSE,
        "亲属": ExpertRelation.Kind.KIN,
        "师生": ExpertRelation.Kind.TEACHER,
        "合作": ExpertRelation.Kind.COLLEAGUE,
        "其他": ExpertRelation.Kind.OTHER,
    }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["phone"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not re.fullmatch(r"1[3-9]\d{9}", phone):
            raise forms.ValidationError("应为11位手机号码")
        return phone

    def clean_affiliations(self):
        rows = []
        for i, line in enumerate(self.cleaned_data["affiliations"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = SEPARATORS.split(line.strip())
            if len(parts) not in (2, 3) or not parts[0]:
                raise forms.ValidationError(f"第{i}行应为“单位名称｜起始年份｜结束年份”")
            try:
                start = int(parts[1])
                end = int(parts[2]) if len(parts) == 3 and parts[2] else None
            except ValueError as exc:
                raise forms.ValidationError(f"第{i}行：年份应为4位数字") from exc
            if not (1950 <= start <= 2100) or (end is not None and (end < start or end > 2100)):
                raise forms.ValidationError(f"第{i}行：年份不合理（结束年份不能早于起始年份）")
            rows.append((parts[0][:100], start, end))
        return rows

    def clean_relations(self):
        rows = []
        for i, line in enumerate(self.cleaned_data["relations"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = SEPARATORS.split(line.strip())
            if len(parts) not in (2, 3):
                raise forms.ValidationError(f"第{i}行应为“关系｜姓名｜身份证号”")
            kind = self.RELATION_WORDS.get(parts[0][:2])
            if kind is None:
                raise forms.ValidationError(f"第{i}行：关系应为配偶、亲属、师生、合作或其他")
            id_number = parts[2].upper() if len(parts) == 3 else ""
            if id_number == KEEP_ID:
                rows.append((kind, parts[1][:50], KEEP_ID))
                continue
            if id_number and not ric.is_valid(id_number):
                raise forms.ValidationError(f"第{i}行：身份证号校验未通过")
            rows.append((kind, parts[1][:50], id_number))
        return rows


class PanelForm(forms.Form):
    name = forms.CharField(label="评审组名称", max_length=60)
    specialty_group = forms.CharField(label="专业组", max_length=60, required=False)


class MemberForm(forms.Form):
    expert = forms.ModelChoiceField(label="专家", queryset=None)
    is_chair = forms.BooleanField(label="担任组长", required=False)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = lambda e: (
            f"{e.user.real_name}（{e.specialty}，{e.title}，{e.organization_name}）"
        )


class AssignForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label="待专家评审的材料",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一份材料"},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda c: (
            f"{c.code} {c.application.applicant.real_name}（{c.specialty}）"
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="会议日期", widget=DATE)
    place = forms.CharField(label="会议地点", max_length=150)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label="出席专家（签到）", queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda e: e.user.real_name


class PublicityForm(forms.Form):
    title = forms.CharField(label="公示标题", max_length=200)
    start = forms.DateField(label="公示开始日期", widget=DATE)
    end = forms.DateField(
        label="公示结束日期",
        widget=DATE,
        required=False,
        help_text="已按开始日期起本计划规定的公示工作日数自动填写，可以修改；留空则自动计算。"
        f"公示期不少于 {MIN_PUBLICITY_WORKING_DAYS} 个工作日（按本计划评审规则，可能更多）。",
    )
    contact = forms.CharField(
        label="异议受理方式", max_length=200, help_text="如：联系电话 0577-86591590，地址……"
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and not data.get("end"):
            data["end"] = None  # the service counts the plan's own minimum of working days from the start
        return data


class ApprovalForm(forms.Form):
    document_number = forms.CharField(label="发文文号", max_length=60, help_text="如：温人社发〔2025〕12号")
    approved_on = forms.DateField(label="发文日期", widget=DATE)


class DeclareForm(forms.Form):
    reason = forms.CharField(
        label="回避理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：与申报人存在亲属、师生、同事或其他可能影响公正评审的关系。",
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label="表决意见", choices=Vote.Choice.choices, widget=forms.RadioSelect)
