"""The portal's 评审结果公示: name, employer, specialty and level only (SECURITY.md 14)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from zhicheng.accounts.models import Role

from .. import selectors


@login_not_required
def publicity(request):
    return render(
        request, "evaluation/public_publicity.html", {"publicities": selectors.open_result_publicities()}
    )


def index(request):
    """/evaluation/: each role's own entry page."""
    from django.shortcuts import redirect

    target = {
        Role.APPLICANT: "evaluation:my_cases",
        Role.COMMITTEE_OFFICE: "evaluation:office_home",
        Role.EXPERT: "evaluation:expert_home",
        Role.HR_BUREAU: "evaluation:bureau_home",
    }.get(getattr(request.user, "role", ""), "evaluation:public_publicity")
    return redirect(target)
