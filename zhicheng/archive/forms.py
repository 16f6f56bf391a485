from django import forms

from zhicheng.organizations.models import Employer

from .models import EducationLevel, PersonalInfo


class PersonalInfoForm(forms.ModelForm):
    employer = forms.ModelChoiceField(
        label="现工作单位",
        queryset=Employer.objects.select_related("organization"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "所选单位不存在，请重新搜索选择。"},
    )
    work_start = forms.DateField(
        label="参加工作时间", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    education_level = forms.ChoiceField(
        label="最高学历", choices=[("", "请选择")] + EducationLevel.choices, required=False
    )

    class Meta:
        model = PersonalInfo
        fields = ["employer", "department", "post", "work_start", "education_level", "degree"]

    def clean_employer(self):
        employer = self.cleaned_data.get("employer")
        if employer is not None and employer.status != Employer.Status.APPROVED:
            raise forms.ValidationError(
                f"“{employer.name}”尚未通过平台认证（{employer.get_status_display()}），暂不能选择。"
                "请联系单位经办人上传用人单位委托证明并等待审核。"
            )
        return employer
