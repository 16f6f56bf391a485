from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.core.uploads import UploadRejected

from . import selectors, services
from .models import Employer
from .permissions import can_view_employer_letter


def _own_employer(user) -> Employer:
    if user.role != Role.EMPLOYER or user.organization_id is None:
        raise PermissionDenied("仅用人单位经办人可以办理单位认证。")
    return get_object_or_404(Employer.objects.select_related("organization__region"), pk=user.organization_id)


@require_role(Role.EMPLOYER)
def onboarding(request):
    employer = _own_employer(request.user)
    error = None
    if request.method == "POST":
        try:
            services.employer_letter_upload(
                employer=employer, actor=request.user, uploaded=request.FILES.get("letter")
            )
        except UploadRejected as exc:
            error = str(exc)
        except (ValueError, AttributeError) as exc:
            error = str(exc) if isinstance(exc, ValueError) else "委托证明扫描件：请选择要上传的 PDF 文件。"
        else:
            messages.success(request, "委托证明已上传，请等待平台审核。审核结果将以短信和站内消息通知您。")
            return redirect("organizations:onboarding")
    return render(request, "organizations/onboarding.html", {"employer": employer, "error": error})


@require_role(Role.ADMIN)
def employer_review_list(request):
    status = request.GET.get("status", Employer.Status.PENDING)
    qs = Employer.objects.select_related("organization__region").order_by(
        "-letter_uploaded_at", "organization__name"
    )
    if status in Employer.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "organizations/employer_review_list.html",
        {"employers": qs[:200], "status": status, "statuses": Employer.Status.choices},
    )


@require_role(Role.ADMIN)
def employer_review_detail(request, pk: int):
    employer = get_object_or_404(
        Employer.objects.select_related("organization__region", "reviewed_by"), pk=pk
    )
    return render(request, "organizations/employer_review_detail.html", {"employer": employer})


@require_role(Role.ADMIN)
@require_POST
def employer_decide(request, pk: int):
    employer = get_object_or_404(Employer, pk=pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            services.employer_approve(employer=employer, actor=request.user)
            messages.success(request, f"已通过 {employer.name} 的单位认证，并已短信通知经办人。")
        elif decision == "reject":
            services.employer_reject(
                employer=employer, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, f"已退回 {employer.name} 的单位认证，并已告知原因。")
        else:
            messages.error(request, "请选择审核结果。")
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("organizations:employer_review_detail", pk=pk)
    return redirect("organizations:employer_review_list")


@xframe_options_sameorigin
def employer_letter_file(request, pk: int):
    employer = get_object_or_404(Employer, pk=pk)
    if not can_view_employer_letter(request.user, employer):
        raise Http404
    if not employer.letter:
        raise Http404("尚未上传委托证明")
    # Shown inline in the review page's viewer; served from outside the web root after the permission check.
    return FileResponse(
        employer.letter.open("rb"),
        content_type="application/pdf",
        as_attachment=request.GET.get("download") == "1",
        filename="委托证明.pdf",
    )


def employer_search(request):
    """For the applicant's 现工作单位 picker: approved ones can be chosen, others say why not."""
    return render(
        request,
        "organizations/_employer_search.html",
        {"employers": selectors.search_employers(request.GET.get("q", ""))},
    )
