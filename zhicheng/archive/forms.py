from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone

from zhicheng.organizations.models import Employer

from .kinds import KINDS, SUBTYPES, Kind, relevant
from .models import (
    Degree,
    EducationLevel,
    EmployerCategory,
    Establishment,
    LanguageComputerResult,
    PersonalInfo,
    PoliticalStatus,
)
from .services import identity_facts

REQUIRED = {"required": "必须填写"}
DATE_MESSAGES = {"required": "必须填写", "invalid": "请输入有效的日期，如 2020-07-01"}
NUMBER_MESSAGES = {
    "required": "必须填写",
    "invalid": "请输入数字",
    "min_value": "不能小于 %(limit_value)s",
    "max_value": "不能大于 %(limit_value)s",
    "max_digits": "数字位数过多",
    "max_decimal_places": "小数位数过多",
}
CHOICE_MESSAGES = {"required": "请选择", "invalid_choice": "请从列表中选择"}


class PersonalInfoForm(forms.ModelForm):
    employer = forms.ModelChoiceField(
        label="现工作单位",
        queryset=Employer.objects.select_related("organization"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "所选单位不存在，请重新搜索选择。"},
    )
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "请输入有效的电子邮箱地址"}
    )
    # Everything may be saved step by step; application_submit names what is still missing.
    department = forms.CharField(label="所在部门", max_length=100, required=False)
    post = forms.CharField(label="岗位/职务", max_length=100, required=False)
    work_start = forms.DateField(
        label="参加工作时间",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_MESSAGES,
    )
    education_level = forms.ChoiceField(
        label="最高学历",
        choices=[("", "请选择")] + EducationLevel.choices,
        required=False,
        error_messages=CHOICE_MESSAGES,
    )
    degree = forms.ChoiceField(
        label="最高学位",
        choices=[("", "请选择")] + Degree.choices,
        required=False,
        error_messages=CHOICE_MESSAGES,
    )
    specialty = forms.CharField(
        label="现从事专业", max_length=50, required=False, help_text="如：机械、机电制造"
    )
    establishment = forms.ChoiceField(
        label="编制情况", choices=Establishment.choices, required=False, error_messages=CHOICE_MESSAGES
    )
    employer_category = forms.ChoiceField(
        label="单位类别",
        choices=[("", "按单位性质自动判断")] + EmployerCategory.choices,
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text="中央企业驻浙分支机构、省属国有企业、电力交通公路国有企业等请单独选择",
    )
    ethnicity = forms.CharField(label="民族", max_length=20, required=False, help_text="如：汉族")
    political_status = forms.ChoiceField(
        label="政治面貌",
        choices=[("", "请选择")] + PoliticalStatus.choices,
        required=False,
        error_messages=CHOICE_MESSAGES,
    )
    foreign_language = forms.ChoiceField(
        label="职称外语",
        choices=[("", "无")] + LanguageComputerResult.choices,
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text="取得职称外语考试合格证书的，按证书选择“合格”或“省线合格”",
    )
    computer = forms.ChoiceField(
        label="计算机应用能力",
        choices=[("", "无")] + LanguageComputerResult.choices,
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text="取得计算机应用能力考核合格证书的，按证书选择",
    )
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码",
        regex=r"^[0-9]{6}$",
        required=False,
        error_messages={"invalid": "应为 6 位数字"},
    )

    class Meta:
        model = PersonalInfo
        fields = [
            "employer",
            "department",
            "post",
            "work_start",
            "education_level",
            "degree",
            "specialty",
            "establishment",
            "employer_category",
            "ethnicity",
            "political_status",
            "foreign_language",
            "computer",
            "address",
            "postcode",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and not self.is_bound:
            self.initial.setdefault("email", user.email)
        self.order_fields(["email"] + self.Meta.fields)

    def clean_employer(self):
        employer = self.cleaned_data.get("employer")
        if employer is not None and employer.status != Employer.Status.APPROVED:
            raise forms.ValidationError(
                f"“{employer.name}”尚未通过平台认证（{employer.get_status_display()}），暂不能选择。"
                "请联系单位经办人上传用人单位委托证明并等待审核。"
            )
        return employer

    def clean_establishment(self):
        return self.cleaned_data.get("establishment") or Establishment.NONE

    def clean_work_start(self):
        value = self.cleaned_data["work_start"]
        if value is None:
            return value
        if value > timezone.localdate():
            raise forms.ValidationError("不能晚于今天")

        birth = identity_facts(self.user.id_number).get("birth_date") if self.user is not None else None
        if birth and value.year - birth.year < 14:
            raise forms.ValidationError("与出生日期不符（参加工作时不满 14 周岁）")
        return value


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="证件照", error_messages={"required": "请选择照片文件", "empty": "文件为空"}
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "退回时必须填写原因，申报人将看到这段说明"},
    )


def _form_field(f, kind: Kind) -> forms.Field:
    common = {"label": f.label, "required": f.required, "help_text": f.help}
    if f.type in ("text", "textarea"):
        widget = forms.Textarea(attrs={"rows": 3}) if f.type == "textarea" else None
        return forms.CharField(
            max_length=f.max_length,
            widget=widget,
            error_messages={**REQUIRED, "max_length": "不能超过 %(limit_value)d 个字符"},
            **common,
        )
    if f.type == "date":
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_MESSAGES, **common
        )
    if f.type == "month":
        return forms.RegexField(
            regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
            widget=forms.TextInput(attrs={"type": "month", "placeholder": "如 2021-03"}),
            error_messages={**REQUIRED, "invalid": "请按“年-月”填写，如 2021-03"},
            **common,
        )
    if f.type in ("year", "int"):
        return forms.IntegerField(
            min_value=f.min_value, max_value=f.max_value, error_messages=NUMBER_MESSAGES, **common
        )
    if f.type == "decimal":
        return forms.DecimalField(
            max_digits=14,
            decimal_places=4,
            min_value=Decimal(str(f.min_value)) if f.min_value is not None else None,
            max_value=Decimal(str(f.max_value)) if f.max_value is not None else None,
            error_messages=NUMBER_MESSAGES,
            **common,
        )
    if f.type == "bool":
        return forms.BooleanField(label=f.label, required=False, help_text=f.help)
    if f.type == "choice":
        return forms.ChoiceField(
            choices=[("", "请选择")] + list(f.choices), error_messages=CHOICE_MESSAGES, **common
        )
    raise ValueError(f"unknown field type {f.type}")


class EntryFormBase(forms.Form):
    kind: Kind

    def clean(self):
        data = super().clean()
        kind = self.kind
        today = timezone.localdate()
        for f in kind.fields:
            value = data.get(f.name)
            if f.type == "date" and isinstance(value, date) and value > today:
                self.add_error(f.name, "不能晚于今天")
            if f.type == "year" and isinstance(value, int) and value > today.year:
                self.add_error(f.name, f"不能晚于 {today.year} 年")
            if f.type == "month" and value and value > today.strftime("%Y-%m"):
                self.add_error(f.name, "不能晚于本月")
        for start, end, message in (
            ("enrolled_on", "graduated_on", "毕业时间不能早于入学时间"),
            ("from", "to", "结束时间不能早于开始时间"),
            ("obtained_on", "appointed_from", "聘任开始不能早于取得资格的时间"),
            ("appointed_from", "appointed_to", "聘任结束不能早于聘任开始"),
            ("decided_on", "ends_on", "期满时间不能早于决定时间"),
        ):
            if start in data and end in data and data[start] and data[end] and data[end] < data[start]:
                self.add_error(end, message)
        # Routes the ledger credits by days, subjects or courses need no hours of their own.
        counted = any(data.get(k) for k in ("days", "subjects", "courses", "level", "venue"))
        if (
            kind.code == "continuing_education"
            and data.get("hours") is None
            and data.get("credits") is None
            and not counted
        ):
            self.add_error("hours", "学时或学分至少填写一项")
        if kind.code == "education" and data.get("xuexin_status") == "verified" and not self._reviewer:
            self.add_error("xuexin_status", "“学信网已核验”由单位审核时确认，请选择其他状态")
        if kind.code == "achievement":
            sub = data.get("type")
            if sub in SUBTYPES:
                allowed = dict(SUBTYPES[sub])
                if not data.get("subtype"):
                    self.add_error("subtype", "该类成果必须选择细分类别")
                elif data["subtype"] not in allowed:
                    self.add_error("subtype", f"与成果类别不符，应为：{'、'.join(allowed.values())}")
        return data

    _reviewer = False

    def to_data(self) -> dict:
        """cleaned_data in the profile's own types: ISO dates, numbers, booleans; irrelevant fields dropped."""
        data = self.cleaned_data
        out: dict = {}
        for f in self.kind.fields:
            if not relevant(f, data):
                continue
            value = data.get(f.name)
            if f.type == "bool":
                out[f.name] = bool(value)
            elif value in (None, ""):
                continue
            elif isinstance(value, date):
                out[f.name] = value.isoformat()
            elif isinstance(value, Decimal):
                out[f.name] = int(value) if value == value.to_integral_value() else float(value)
            else:
                out[f.name] = value.strip() if isinstance(value, str) else value
        return out


def entry_form_class(kind_code: str) -> type[EntryFormBase]:
    kind = KINDS[kind_code]
    attrs = {f.name: _form_field(f, kind) for f in kind.fields}
    attrs["kind"] = kind
    return type(f"{kind_code.title().replace('_', '')}EntryForm", (EntryFormBase,), attrs)


def initial_from_data(kind: Kind, data: dict | None) -> dict:
    if data is None:
        return {f.name: f.default for f in kind.fields if f.default is not None}
    return {f.name: data.get(f.name, False if f.type == "bool" else None) for f in kind.fields}
