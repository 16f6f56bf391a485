from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from zhicheng.core.crypto import blind_index
from zhicheng.organizations.models import EMPLOYER_NATURES, Employer, Organization, Region

from . import codes
from .models import ORGANIZATION_KIND_FOR_ROLE, Role, User, login_key
from .validators import validate_id_number, validate_phone, validate_uscc


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="手机号码 / 登录名",
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "手机号码（登录名）或密码不正确。连续失败 5 次，账号将被锁定 15 分钟。",
        "inactive": "该账号已停用，请联系平台管理员。",
    }


class PasswordFieldsMixin(forms.Form):
    password1 = forms.CharField(
        label="设置密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少 8 位，含大写字母、小写字母、数字、符号中的至少 3 类。",
    )
    password2 = forms.CharField(
        label="确认密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password2(self):
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError("两次输入的密码不一致。")
        if p2:
            password_validation.validate_password(p2)
        return p2


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label="手机号码",
        max_length=11,
        help_text="用于登录和接收短信通知；我们先发送短信验证码，确认号码归您所有。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )

    def clean_phone(self):
        return validate_phone(self.cleaned_data["phone"])


class SmsCodeMixin(forms.Form):
    """The SMS code sent to the phone of the first step. Whether the phone already has an account is never
    said here: a registered number receives no code, so its answer is the same "验证码不正确"."""

    code = forms.CharField(
        label="短信验证码",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    purpose = "register"

    def __init__(self, *args, phone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.phone = phone

    def checks_after_code(self) -> None:
        """Checks that may tell something about other accounts: made only once the phone is proven."""

    def clean(self):
        data = super().clean()
        if not self.errors and self.phone:
            if not codes.phone_code_check(
                purpose=self.purpose, phone=self.phone, code=data.get("code"), use=False
            ):
                self.add_error(
                    "code", "短信验证码不正确或已过期（10 分钟内有效，最多尝试 5 次），请重新获取。"
                )
            else:
                self.checks_after_code()
        return data


class ApplicantRegistrationForm(SmsCodeMixin, PasswordFieldsMixin):
    real_name = forms.CharField(label="真实姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=18)
    email = forms.EmailField(label="电子邮箱（选填）", required=False)
    agree = forms.BooleanField(
        label="我已阅读并同意《个人信息保护告知书》",
        error_messages={"required": "请阅读并同意个人信息保护告知书。"},
    )

    field_order = ["code", "real_name", "id_number", "email", "password1", "password2", "agree"]

    def clean_real_name(self):
        name = self.cleaned_data["real_name"].strip()
        if len(name) < 2:
            raise forms.ValidationError("请填写与身份证一致的真实姓名。")
        return name

    def clean_id_number(self):
        return validate_id_number(self.cleaned_data["id_number"])

    def checks_after_code(self):
        # Told only to someone who proved a phone, and counted as an attempt of that phone's code.
        if User.objects.filter(id_number_index=blind_index(self.cleaned_data["id_number"])).exists():
            self.add_error(
                "id_number",
                "该身份证号无法注册新账号：一人只能注册一个个人账号。如已注册，请用原手机号登录或找回密码。",
            )


class EmployerRegistrationForm(SmsCodeMixin, PasswordFieldsMixin):
    name = forms.CharField(label="单位全称", max_length=100, help_text="与营业执照或法人证书一致")
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    nature = forms.ChoiceField(label="单位性质", choices=[("", "请选择")] + EMPLOYER_NATURES)
    region = forms.ModelChoiceField(
        label="所在地区（县、市、区）", queryset=Region.objects.none(), empty_label="请选择"
    )
    contact_name = forms.CharField(label="经办人姓名", max_length=50)
    email = forms.EmailField(label="电子邮箱（选填）", required=False)

    field_order = [
        "name",
        "uscc",
        "nature",
        "region",
        "contact_name",
        "code",
        "email",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level=Region.Level.COUNTY).select_related(
            "parent__parent"
        )
        self.fields["region"].label_from_instance = lambda r: r.full_name

    def clean_uscc(self):
        value = validate_uscc(self.cleaned_data["uscc"])
        if Employer.objects.filter(uscc=value).exists():
            raise forms.ValidationError("该统一社会信用代码已注册，请使用单位已有账号登录。")
        return value


class StaffAccountForm(forms.Form):
    role = forms.ChoiceField(
        label="角色", choices=[(r.value, r.label) for r in Role if r not in (Role.APPLICANT, Role.EMPLOYER)]
    )
    organization = forms.ModelChoiceField(
        label="所属机构", queryset=None, required=False, empty_label="（专家可不选）"
    )
    real_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号码（登录名）", max_length=11)
    password = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.exclude(kind="employer").select_related(
            "region"
        )

    def clean_phone(self):
        phone = validate_phone(self.cleaned_data["phone"])
        if User.objects.filter(username=login_key(phone)).exists():
            raise forms.ValidationError("该手机号码已有账号。")
        return phone

    def clean_password(self):
        password_validation.validate_password(self.cleaned_data["password"])
        return self.cleaned_data["password"]

    def clean(self):
        data = super().clean()
        role, org = data.get("role"), data.get("organization")
        expected = ORGANIZATION_KIND_FOR_ROLE.get(role)
        if expected and (org is None or org.kind != expected):
            self.add_error("organization", f"该角色须绑定到一个“{Organization.Kind(expected).label}”类机构。")
        return data


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label="6 位动态口令",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("动态口令应为 6 位数字。")
        return token


class ChinesePasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确。",
        "password_mismatch": "两次输入的新密码不一致。",
    }


class PasswordResetForm(SmsCodeMixin, PasswordFieldsMixin):
    purpose = "password_reset"
    field_order = ["code", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "新密码"
        self.fields["password2"].label = "确认新密码"


class ActivationCodeForm(forms.Form):
    activation_code = forms.CharField(
        label="绑定激活码",
        max_length=20,
        help_text="由平台管理员发给您本人的 12 位激活码（72 小时内有效，只能使用一次）。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
