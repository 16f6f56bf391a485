from django.contrib import messages
from django.shortcuts import redirect, render

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role

from .forms import PersonalInfoForm
from .models import PersonalInfo
from .services import identity_facts, personal_info_save


@require_role(Role.APPLICANT)
def personal_info(request):
    info = PersonalInfo.objects.filter(user=request.user).select_related("employer__organization").first()
    form = PersonalInfoForm(request.POST or None, instance=info)
    if request.method == "POST" and form.is_valid():
        personal_info_save(user=request.user, data={f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, "个人基本信息已保存。")
        return redirect("archive:personal_info")
    return render(
        request,
        "archive/personal_info.html",
        {"form": form, "info": info, "facts": identity_facts(request.user.id_number)},
    )
