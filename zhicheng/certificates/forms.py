from django import forms

from .models import IntegrityRecord, PaperRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LookupForm(forms.Form):
    number = forms.CharField(label="证书编号", max_length=32)
    name = forms.CharField(label="持证人姓名", max_length=50)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="电子证书文件（PDF）", help_text="上传从本平台下载的电子证书 PDF，核对其数字签名。"
    )


class PaperRequestForm(forms.Form):
    kind = forms.ChoiceField(label="申请类别", choices=PaperRequest.Kind.choices)
    reason = forms.CharField(
        label="申请说明", max_length=300, required=False, help_text="换发须说明原因（遗失、损毁或信息变更）。"
    )
    recipient = forms.CharField(label="收件人", max_length=50)
    phone = forms.CharField(label="收件人手机号码", max_length=11)
    address = forms.CharField(label="邮寄地址", max_length=200)
    postcode = forms.CharField(label="邮政编码", max_length=6)


class MailForm(forms.Form):
    ems_number = forms.CharField(label="EMS 邮件号", max_length=20)
    mailed_on = forms.DateField(label="寄出日期", widget=DATE)


class IntegrityForm(forms.Form):
    case = forms.ModelChoiceField(label="当事人（评审案卷）", queryset=None)
    kind = forms.ChoiceField(label="失信情形", choices=IntegrityRecord.Kind.choices)
    description = forms.CharField(label="查实情况", widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label="认定日期", widget=DATE)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: (
            f"{c.code} {c.application.applicant.real_name}（{c.plan.name}，{c.get_status_display()}）"
        )
