"""Thin views: fetch and authorise, call one service, render (DESIGN.md §4.1)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.archive import selectors as archive_selectors
from zhicheng.archive.kinds import AUTOMATIC_KINDS, KINDS
from zhicheng.archive.photo import RULES_TEXT
from zhicheng.archive.views import file_response
from zhicheng.core.uploads import UploadRejected
from zhicheng.eligibility.checks import current_check
from zhicheng.eligibility.rulesets import counts_achievements
from zhicheng.plans.models import AttachmentDelivery, Plan, PlanAttachment
from zhicheng.plans.selectors import open_plans

from . import selectors, services, timeline, workflow
from .commitment import commitment_text, text_sha256
from .forms import InfoForm, LevelForm, PhotoUploadForm
from .models import Application, SigningToken, Status
from .services import STEPS, ApplicationError
from .text import SELF_STATEMENT_MAX


def _own(request, pk: int) -> Application:
    try:
        return selectors.get_application_for_owner(user=request.user, pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404("申报不存在") from exc


def _viewable(request, pk: int) -> Application:
    try:
        return selectors.get_application_for_viewer(user=request.user, pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404("申报不存在") from exc


def _wizard(request, application, step: str, template: str, context: dict, status: int = 200):
    draft = getattr(application, "draft", None)
    base = {
        "application": application,
        "plan": application.plan,
        "steps": STEPS,
        "step": step,
        "step_number": services.STEP_NUMBER[step],
        "furthest": draft.furthest_step if draft else 1,
        "read_only": services.edit_problem(application),
        "returned": selectors.last_return(application),
        "nav": "apply",
    }
    return render(request, template, {**base, **context}, status=status)


def _next(application, step: str):
    number = services.STEP_NUMBER[step]
    return redirect("applications:step", pk=application.pk, step=STEPS[number][1])


# --- 我的申报 ---------------------------------------------------------------------------------------


@require_role(Role.APPLICANT)
def mine(request):
    applications = list(selectors.my_applications(request.user))
    for application in applications:  # an applicant has a handful: where each is, told by the one timeline
        application.progress = timeline.summary(timeline.steps_for(application))
    return render(request, "applications/mine.html", {"applications": applications, "nav": "mine"})


def _optional_template(name: str) -> str | None:
    """The review chain's templates, when that app provides them (it is developed alongside)."""
    try:
        return select_template([name]).template.name
    except TemplateDoesNotExist:
        return None


@require_role(Role.APPLICANT)
def detail(request, pk: int):
    application = _own(request, pk)
    steps = timeline.steps_for(application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "history": selectors.history_for(application),
            "timeline": steps,
            "summary": timeline.summary(steps),
            "review_assets": _optional_template("review/_review_assets.html"),
            "returned": selectors.last_return(application),
            "edit_problem": services.edit_problem(application),
            "can_withdraw": application.status == Status.PENDING
            and application.review_started_at is None
            and application.current_stage is not None
            and application.current_stage.order == 1,
            "nav": "mine",
        },
    )


@require_role(Role.APPLICANT)
@require_POST
def withdraw(request, pk: int):
    application = _own(request, pk)
    version = request.POST.get("version", "")
    try:
        services.application_withdraw(
            application=application,
            actor=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "申报已撤回，可修改后重新提交。")
    return redirect("applications:detail", pk=pk)


# --- step 1: 选择申报计划 -----------------------------------------------------------------------------


@require_role(Role.APPLICANT)
def start(request):
    info = archive_selectors.personal_info_for(request.user)
    mine_by_plan = {a.plan_id: a for a in selectors.my_applications(request.user)}
    plans = list(open_plans())
    error = None
    if request.method == "POST":
        plan = get_object_or_404(Plan, pk=request.POST.get("plan") or 0)
        form = LevelForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                application, created = services.application_start(
                    applicant=request.user, plan=plan, level=form.cleaned_data["level"]
                )
            except ApplicationError as exc:
                error = str(exc)
            else:
                if not created:
                    messages.info(request, "您已有该计划的申报，已为您打开（一个计划只能申报一次）。")
                return redirect("applications:step", pk=application.pk, step="photo")
        else:
            error = "申报级别：请选择"
    return render(
        request,
        "applications/start.html",
        {
            "plans": [(p, mine_by_plan.get(p.pk)) for p in plans],
            "info": info,
            "error": error,
            "approved": archive_selectors.entry_counts(request.user),
            "nav": "apply",
        },
        status=200,
    )


@require_role(Role.APPLICANT)
def step(request, pk: int, step: str):
    handlers = {
        "plan": step_plan,
        "photo": step_photo,
        "commitment": step_commitment,
        "info": step_info,
        "achievements": step_achievements,
        "attachments": step_attachments,
        "preview": step_preview,
    }
    if step not in handlers:
        raise Http404("没有该步骤")
    return handlers[step](request, _own(request, pk))


def step_plan(request, application):
    form = LevelForm(request.POST or None, plan=application.plan, initial={"level": application.level})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_plan_save(
                application=application, actor=request.user, level=form.cleaned_data["level"]
            )
        except ApplicationError as exc:
            error = str(exc)
        else:
            return _next(application, "plan")
    return _wizard(
        request, application, "plan", "applications/step_plan.html", {"form": form, "error": error}
    )


def step_photo(request, application):
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("use_default"):
                services.draft_photo_use_default(application=application, actor=request.user)
            elif form.is_valid():
                services.draft_photo_upload(
                    application=application,
                    actor=request.user,
                    uploaded=form.cleaned_data["photo"],
                    make_default=form.cleaned_data["make_default"],
                )
            else:
                raise UploadRejected("证件照", "请选择照片文件")
        except (UploadRejected, ApplicationError) as exc:
            error = str(exc)
        else:
            messages.success(request, "证件照已保存（已去除照片中的拍摄信息）。")
            return _next(application, "photo")
    info = archive_selectors.personal_info_for(request.user)
    return _wizard(
        request,
        application,
        "photo",
        "applications/step_photo.html",
        {"form": form, "error": error, "rules": RULES_TEXT, "default_photo": bool(info and info.photo)},
        status=200,
    )


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    return svg[svg.find("<svg") :]


def step_commitment(request, application):
    signature = selectors.latest_signature(application)
    return _wizard(
        request,
        application,
        "commitment",
        "applications/step_commitment.html",
        {
            "text": commitment_text(application),
            "signature": signature,
            "signature_current": services.signature_is_current(application, signature),
        },
    )


@require_role(Role.APPLICANT)
@require_POST
def signing_qr(request, pk: int):
    application = _own(request, pk)
    try:
        token, row = services.signing_token_create(application=application, actor=request.user)
    except ApplicationError as exc:
        return render(request, "applications/_signing_error.html", {"error": str(exc)})
    url = request.build_absolute_uri(reverse("applications:sign", args=[token]))
    return render(
        request,
        "applications/_signing_qr.html",
        {"application": application, "url": url, "svg": _qr_svg(url), "token": row},
    )


@require_role(Role.APPLICANT)
def signing_status(request, pk: int):
    application = _own(request, pk)
    token = SigningToken.objects.filter(application=application, pk=request.GET.get("t") or 0).first()
    if token is None:
        raise Http404("二维码不存在")
    if token.used_at is not None and application.signatures.filter(signed_at__gte=token.created_at).exists():
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("applications:step", args=[application.pk, "info"])
        messages.success(request, "个人承诺已签署。")
        return response
    remaining = int((token.expires_at - timezone.now()).total_seconds())
    return render(
        request,
        "applications/_signing_wait.html",
        {
            "application": application,
            "token": token,
            "remaining": max(remaining, 0),
            "expired": remaining <= 0,
        },
    )


@login_not_required
def sign(request, token: str):
    """The phone page: reachable without login only through a valid, unused, unexpired token."""
    try:
        row = services.signing_token_lookup(token)
    except services.SigningError as exc:
        return render(request, "applications/sign.html", {"error": str(exc)}, status=410)
    application = row.application
    text = commitment_text(application)
    error = None
    if request.method == "POST":
        try:
            services.commitment_sign(
                token=token,
                image_data_url=request.POST.get("signature", ""),
                shown_sha256=request.POST.get("text_sha256", ""),
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except services.SigningError as exc:
            error = str(exc)
        else:
            return render(request, "applications/sign.html", {"done": True})
    response = render(
        request,
        "applications/sign.html",
        {"text": text, "text_sha256": text_sha256(text), "error": error, "applicant": application.applicant},
    )
    # The token is in the URL: never send it to another site ("no-referrer" would make the POST's Origin null).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


def step_info(request, application):
    draft = application.draft
    initial = {
        "declaration_type": application.declaration_type,
        "specialty": application.specialty,
        "work_category": draft.work_category,
        "intake_department": application.intake_department_id,
        "self_statement": draft.self_statement,
        "administrative_post": draft.administrative_post,
        "exceptional_reasons": draft.exceptional_reasons,
        "exceptional_resume": draft.exceptional_resume,
        "self_score": draft.self_score,
    }
    form = InfoForm(request.POST or None, application=application, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_info_save(application=application, actor=request.user, data=form.cleaned_data)
        except ApplicationError as exc:
            error = str(exc)
        else:
            return _next(application, "info")
    return _wizard(
        request,
        application,
        "info",
        "applications/step_info.html",
        {
            "form": form,
            "error": error,
            "work_years": services.work_years_for(application),
            "max_chars": SELF_STATEMENT_MAX,
        },
    )


def step_achievements(request, application):
    error = None
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("versions") if v.isdigit()]
        rep = request.POST.get("representative", "")
        try:
            count = services.draft_entries_save(
                application=application,
                actor=request.user,
                version_ids=ids,
                representative_id=int(rep) if rep.isdigit() else None,
            )
        except ApplicationError as exc:
            error = str(exc)
        else:
            limit = application.plan.suggested_max_achievements
            if count == 0 and counts_achievements(
                application.plan.ruleset_id, application.level, application.declaration_type
            ):
                messages.warning(
                    request,
                    "您没有选择任何业绩成果，而本计划的任职资格条件对所选申报类型要求业绩成果：缺少业绩将不符合申报条件。"
                    "如确有业绩，请返回第 5 步选择。",
                )
            if count > limit:
                messages.warning(
                    request,
                    f"已选择 {count} 项业绩，超过本计划建议的 {limit} 项：业绩材料要突出代表性，不宜过多过杂。",
                )
            return _next(application, "achievements")
    chosen = {
        row.version.entry_id: row
        for row in application.entries.filter(automatic=False).select_related("version")
    }
    versions = selectors.selectable_versions(request.user)
    basics = archive_selectors.approved_versions_for(request.user, kinds=AUTOMATIC_KINDS)
    picked = set(request.POST.getlist("versions")) if request.method == "POST" else None
    rows = []
    for v in versions:
        row = chosen.get(v.entry_id)
        rows.append(
            {
                "version": v,
                "kind": KINDS[v.entry.kind],
                "checked": (str(v.pk) in picked) if picked is not None else row is not None,
                "representative": (request.POST.get("representative") == str(v.pk))
                if picked is not None
                else bool(row and row.representative),
                "newer": bool(row and row.version_id != v.pk),
                "late": selectors.after_achievements_cutoff(application.plan, v),
            }
        )
    return _wizard(
        request,
        application,
        "achievements",
        "applications/step_achievements.html",
        {
            "rows": rows,
            "basics": basics,
            "error": error,
            "limit": application.plan.suggested_max_achievements,
            "cutoff": application.plan.achievements_cutoff,
            "pending": archive_selectors.entry_counts(request.user),
            "rules_count_achievements": counts_achievements(
                application.plan.ruleset_id, application.level, application.declaration_type
            ),
            "has_chosen": any(r["checked"] for r in rows),
        },
    )


def step_attachments(request, application):
    # Paper materials (mailed after passing, brought to the interview) are not uploaded here.
    requirements = list(
        PlanAttachment.objects.filter(plan=application.plan, delivery=AttachmentDelivery.UPLOAD).order_by(
            "order", "id"
        )
    )
    errors: dict[int, str] = {}
    if request.method == "POST":
        requirement = next((r for r in requirements if str(r.pk) == request.POST.get("requirement")), None)
        if requirement is None:
            raise Http404("附件不存在")
        try:
            services.attachment_upload(
                application=application,
                actor=request.user,
                requirement=requirement,
                uploaded=request.FILES.get("file"),
            )
        except (UploadRejected, ApplicationError) as exc:
            errors[requirement.pk] = str(exc)
        else:
            messages.success(request, f"“{requirement.name}”已上传。")
            return redirect("applications:step", pk=application.pk, step="attachments")
    uploads = {a.requirement_id: a for a in application.attachments.all()}
    rows = [{"requirement": r, "upload": uploads.get(r.pk), "error": errors.get(r.pk)} for r in requirements]
    return _wizard(
        request,
        application,
        "attachments",
        "applications/step_attachments.html",
        {"rows": rows},
        status=200,
    )


@require_role(Role.APPLICANT)
@require_POST
def attachment_delete(request, pk: int, attachment_id: int):
    application = _own(request, pk)
    try:
        services.attachment_delete(application=application, actor=request.user, attachment_id=attachment_id)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "附件已删除。")
    return redirect("applications:step", pk=pk, step="attachments")


def step_preview(request, application):
    return _wizard(
        request,
        application,
        "preview",
        "applications/step_preview.html",
        {
            "problems": services.missing_items(application)
            if services.edit_problem(application) is None
            else [],
            # The same verdict the reviewers will see; it informs, it does not block 提交.
            "check": current_check(application),
        },
    )


@require_role(Role.APPLICANT)
@require_POST
def submit(request, pk: int):
    # No read of the application before the service's: its locked read checks the owner (a stranger's
    # pk ends in TransitionError, answered below with 404 like every page of someone else's file).
    version = request.POST.get("version", "")
    try:
        services.application_submit(
            application=pk,
            actor=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except Application.DoesNotExist as exc:
        raise Http404("申报不存在") from exc
    except services.IncompleteApplication as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect("applications:step", pk=pk, step="preview")
    except workflow.TransitionError as exc:
        application = _own(request, pk)
        if application.status == Status.PENDING:
            # A double click or a second tab: the first request submitted it; say so instead of failing.
            messages.info(request, "该申报已提交，无需重复提交。")
            return redirect("applications:detail", pk=pk)
        messages.error(request, str(exc))
        return redirect("applications:step", pk=pk, step="preview")
    messages.success(request, "申报已提交，等待所在单位审核。审核结果将以短信和站内消息通知您。")
    return redirect("applications:detail", pk=pk)


# --- files, each behind can_view_application --------------------------------------------------------


def photo_file(request, pk: int):
    application = _viewable(request, pk)
    draft = getattr(application, "draft", None)
    if not draft or not draft.photo:
        raise Http404("未上传证件照")
    return file_response(draft.photo, download_name="证件照.jpg")


def signature_file(request, pk: int):
    application = _viewable(request, pk)
    signature = selectors.latest_signature(application)
    if signature is None:
        raise Http404("未签署")
    return file_response(signature.image, download_name="承诺书签名.png")


def attachment_file(request, pk: int, attachment_id: int):
    application = _viewable(request, pk)
    row = application.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise Http404("附件不存在")
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(row.kind, "bin")
    return file_response(row.file, download_name=f"{row.requirement_name}.{extension}")
