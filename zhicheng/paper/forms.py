from django import forms

from .models import PaperStep, PaperWhen


class PaperStepForm(forms.ModelForm):
    items = forms.CharField(
        label="材料清单",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一项；办理时逐项核对",
        error_messages={"required": "至少列出一项材料。"},
    )

    class Meta:
        model = PaperStep
        fields = [
            "when",
            "title",
            "start",
            "end",
            "address",
            "contact",
            "items",
            "copies",
            "stamp_and_return",
            "clause",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The section decides when (评审前 / 评审通过后); the office does not pick it twice.
        self.fields["when"].widget = forms.HiddenInput()
        if self.instance.pk:
            self.initial["items"] = "\n".join(self.instance.items)

    def clean_items(self):
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not items:
            raise forms.ValidationError("至少列出一项材料。")
        return items

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if data.get("when") == PaperWhen.BEFORE_REVIEW and not (start and end):
            self.add_error("end", "评审前核查须填写开始和截止日期（如温岭：10月31日至11月15日）。")
        if start and end and end < start:
            self.add_error("end", "截止日期不能早于开始日期。")
        return data


class CheckForm(forms.Form):
    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked"] = forms.MultipleChoiceField(
            label="已核对的原件", choices=[(i, i) for i in step.items], required=False,
            widget=forms.CheckboxSelectMultiple,
        )  # fmt: skip
        self.fields["note"] = forms.CharField(
            label="说明",
            max_length=300,
            required=False,
            help_text="材料不全时写明需补正的内容；留空则自动列出未核对项",
        )


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(label="EMS单号", max_length=20)
