"""/evaluation/ and the former public 评审结果公示 page, now the 公示 module's one public page."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import reverse

from zhicheng.accounts.models import Role


@login_not_required
def publicity(request):
    """The former 评审结果公示 page: the one public page, filtered to the results (a redirect)."""
    return redirect(f"{reverse('publicity:public')}?kind=results")


def index(request):
    """/evaluation/: each role's own entry page."""
    target = {
        Role.APPLICANT: "evaluation:my_cases",
        Role.COMMITTEE_OFFICE: "evaluation:office_home",
        Role.EXPERT: "evaluation:expert_home",
        Role.HR_BUREAU: "evaluation:bureau_home",
    }.get(getattr(request.user, "role", ""), "")
    return redirect(target) if target else redirect(f"{reverse('publicity:public')}?kind=results")
