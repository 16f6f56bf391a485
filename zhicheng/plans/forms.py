from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from zhicheng.organizations.models import Organization

from . import process, rulesets
from .models import (
    DEFAULT_WATERMARK,
    DEPARTMENT_STAGE_KINDS,
    AttachmentDelivery,
    DeclarationType,
    Level,
    Plan,
    PlanAttachment,
    PlanFee,
    PlanStage,
    ReviewFormPaper,
    ReviewFormRelease,
    StageKind,
)

PRINT_DEFAULTS = {
    "review_form_copies": 2,
    "review_form_paper": ReviewFormPaper.A4,
    "watermark": DEFAULT_WATERMARK,
    "review_form_after": ReviewFormRelease.SUBMITTED,
}

FILE_TYPES = [("pdf", "PDF"), ("jpeg", "JPG/JPEG"), ("png", "PNG")]


def _list_field(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text or "每行或以顿号分隔一项",
    )


def _split(text: str) -> list[str]:
    parts = [
        p.strip()
        for chunk in (text or "").splitlines()
        for p in chunk.replace("，", "、").replace(",", "、").split("、")
    ]
    return [p for p in parts if p]


def _ruleset_choices():
    return [("", "（不自动核对资格条件）")] + [
        (r["id"], f"{r['title']}（{r['id']}）") for r in rulesets.available()
    ]


class PlanForm(forms.ModelForm):
    ruleset_id = forms.ChoiceField(label="资格条件规则集", choices=_ruleset_choices, required=False)
    levels = forms.MultipleChoiceField(
        label="申报级别", choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )
    declaration_types = forms.MultipleChoiceField(
        label="可选申报类型", choices=DeclarationType.choices, widget=forms.CheckboxSelectMultiple
    )
    allowed_specialties = _list_field("可申报从事专业")
    excluded_specialties = _list_field("不受理的专业")

    class Meta:
        model = Plan
        fields = [
            "year", "name", "series", "specialty", "levels", "declaration_types", "allowed_specialties", "excluded_specialties",
            "intake_departments", "ruleset_id", "seniority_cutoff", "achievements_cutoff", "apply_start", "apply_end",
            "employer_deadline", "department_deadline", "paper_start", "paper_end", "review_start", "review_end",
            "resubmit_to", "suggested_max_achievements", "review_form_copies", "review_form_paper", "watermark",
            "review_form_after", "representative_is_writing", "roster_title", "notes",
        ]  # fmt: skip
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in [
                "seniority_cutoff", "achievements_cutoff", "apply_start", "apply_end", "employer_deadline",
                "department_deadline", "paper_start", "paper_end", "review_start", "review_end",
            ]
        }  # fmt: skip
        widgets["intake_departments"] = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake_departments"].queryset = Organization.objects.filter(
            kind="department"
        ).select_related("region")
        # Print settings keep the model's default when a form leaves them out.
        for name in PRINT_DEFAULTS:
            self.fields[name].required = False
        if self.instance.pk:
            self.initial["allowed_specialties"] = "、".join(self.instance.allowed_specialties)
            self.initial["excluded_specialties"] = "、".join(self.instance.excluded_specialties)

    def clean_allowed_specialties(self):
        return _split(self.cleaned_data["allowed_specialties"])

    def clean_excluded_specialties(self):
        return _split(self.cleaned_data["excluded_specialties"])

    def clean(self):
        data = super().clean()
        for name, default in PRINT_DEFAULTS.items():
            if data.get(name) in (None, ""):
                data[name] = default
        ordered = [
            ("apply_start", "apply_end", "个人申报截止不能早于个人申报开始"),
            ("apply_end", "employer_deadline", "单位审核截止不能早于个人申报截止"),
            ("employer_deadline", "department_deadline", "主管部门推荐截止不能早于单位审核截止"),
            ("paper_start", "paper_end", "纸质材料截止不能早于开始"),
            ("review_start", "review_end", "评审结束不能早于评审开始"),
        ]
        for first, second, message in ordered:
            a, b = data.get(first), data.get(second)
            if a and b and b < a:
                self.add_error(second, f"{self.fields[second].label}：{message}。")
        return data


class StageForm(forms.ModelForm):
    class Meta:
        model = PlanStage
        fields = ["order", "kind", "office_kind", "organization", "title", "non_public_direct", "deadline"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            kind=Organization.Kind.DEPARTMENT
        ).order_by("region_id", "name")
        self.fields["office_kind"].choices = [("", "（不限类别）")] + list(
            Organization.DepartmentKind.choices
        )
        self.fields["organization"].empty_label = "（按申报人所在地区分派）"

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and kind not in DEPARTMENT_STAGE_KINDS:
            for name in ("office_kind", "organization", "non_public_direct"):
                if data.get(name):
                    self.add_error(name, f"{self.fields[name].label}：只适用于主管部门审核环节。")
        org, office_kind = data.get("organization"), data.get("office_kind")
        if kind in DEPARTMENT_STAGE_KINDS and org is not None:
            if org.region.level != kind:
                self.add_error(
                    "organization",
                    f"指定审核单位：“{org.name}”不是{StageKind(kind).label}所在层级的单位，请改选环节或单位。",
                )
            if office_kind and org.department_kind != office_kind:
                self.add_error("office_kind", "审核单位类别：与指定审核单位的类别不一致。")
        return data


# What a passed step may no longer change: its place, its kind and who holds it (a deadline or a name may).
ROUTE_FIELDS = ("order", "kind", "office_kind", "organization", "non_public_direct")


class BaseStageFormSet(BaseInlineFormSet):
    """The chain as one ordered list, checked against the process rules (plans.process) and refused for
    the steps that files have already passed."""

    def proposed(self) -> list[PlanStage]:
        # After validation each form's instance carries its cleaned values (ModelForm._post_clean).
        kept = [f.instance for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        return sorted(kept, key=lambda s: s.order)

    def clean(self):
        super().clean()
        if any(f.errors for f in self.forms):
            return
        errors = self._passed_step_errors()
        if not errors:
            stages = self.proposed()
            errors = [str(p) for p in process.problems_in(process.steps_for(self.instance, stages=stages))]
        if errors:
            raise forms.ValidationError(errors)

    def _passed_step_errors(self) -> list[str]:
        if self.instance.pk is None:
            return []
        passed = process.passed_stage_ids(self.instance)
        if not passed:
            return []
        saved = {s.pk: s for s in self.instance.stages.all()}
        last_passed = max(saved[pk].order for pk in passed if pk in saved)
        errors = []
        for form in self.forms:
            stage = form.instance
            if stage.pk in passed:
                if self._should_delete_form(form):
                    errors.append(f"“{saved[stage.pk].label}”：已有申报经过此环节，不能删除。")
                elif any(name in form.changed_data for name in ROUTE_FIELDS):
                    errors.append(
                        f"“{saved[stage.pk].label}”：已有申报经过此环节，不能修改顺序、环节或审核单位"
                        "（可修改截止日期和名称）。"
                    )
            elif form.cleaned_data and not self._should_delete_form(form):
                moved = stage.pk is None or "order" in form.changed_data
                if moved and form.cleaned_data["order"] <= last_passed:
                    errors.append(
                        f"顺序{form.cleaned_data['order']}：已有申报经过第{last_passed}步及之前的环节，"
                        "新增或调整的环节只能排在其后。"
                    )
        return errors


StageFormSet = inlineformset_factory(
    Plan, PlanStage, form=StageForm, formset=BaseStageFormSet, extra=1, can_delete=True, min_num=1,
    validate_min=True,
)  # fmt: skip
FeeFormSet = inlineformset_factory(Plan, PlanFee, fields=["level", "amount"], extra=1, can_delete=True)


class AttachmentForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery"].required = False

    def clean_delivery(self):
        return self.cleaned_data.get("delivery") or AttachmentDelivery.UPLOAD

    allowed_types = forms.MultipleChoiceField(
        label="允许格式", choices=FILE_TYPES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PlanAttachment
        fields = [
            "order", "name", "required", "condition", "condition_years", "delivery", "clause", "note",
            "allowed_types", "max_mb",
        ]  # fmt: skip


AttachmentFormSet = inlineformset_factory(Plan, PlanAttachment, form=AttachmentForm, extra=1, can_delete=True)
