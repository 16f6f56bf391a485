"""Export jobs (start, watch, download), the browser preview of every document kind, and the
documents of real applications and plans (评审表, 破格审批表, 邮寄清单, 公示表, 委托评审书).

Every document view is: fetch and authorise in one (selectors.get_*_for_document, 404 for
anything out of scope) → fill the dataclass (sources) → render (pdf) → respond (http).
PDFs are sent inline for the platform's pdf.js viewer (``<div class="pdf-viewer"
data-pdf-src="…">``) and as an attachment with ``?download=1``.

Audit (SECURITY.md 9, 13, 15): a full ID number shown to anyone but its owner records
id_number_viewed; a downloaded file holding other people's data records export_made with
its row count. Inline previews are page views and are not export records.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.applications.models import Application
from zhicheng.core import audit
from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, calendar
from zhicheng.organizations.models import Employer
from zhicheng.plans.models import Plan
from zhicheng.review.models import Publicity
from zhicheng.review.permissions import reached_applications

from . import pdf, permissions, registry, rendered, selectors, services, sources
from .authorization import authorization_letter_for
from .data import PublicityRecord, exceptional_form_title
from .forms import EmployerPublicityForm, MailingInstructionsForm
from .http import document_response
from .models import ExportJob
from .previews import PREVIEWS
from .rendered import REVIEW_FORM_VARIANTS, plan_variant


def _job_or_404(request, pk: int) -> ExportJob:
    try:
        return selectors.get_export_job_for_view(user=request.user, pk=pk)
    except ExportJob.DoesNotExist as exc:
        raise Http404("导出任务不存在") from exc


@require_GET
def job_list(request):
    user = request.user
    kinds = [(k, k.options_for(user)) for k in registry.kinds_for(user)]
    jobs = [(job, _label(job)) for job in selectors.export_jobs_for(user)[:30]]
    plans = list(selectors.plans_with_documents(user))
    return render(request, "documents/job_list.html", {"kinds": kinds, "jobs": jobs, "plans": plans})


@require_POST
def job_start(request):
    kind = request.POST.get("kind", "")
    try:
        spec = registry.get(kind)
    except registry.UnknownExportKind as exc:
        raise Http404("没有这种导出") from exc
    # Only the parameters the kind declares are taken from the form.
    params = {name: request.POST[name] for name in spec.params if request.POST.get(name, "").strip()}
    # PermissionDenied from the service becomes the platform's 403 page.
    try:
        job = services.export_job_start(kind=kind, requested_by=request.user, params=params)
    except registry.MissingExportParameter as exc:
        messages.error(request, f"{spec.label}：{exc}")
        return redirect(request.POST.get("next") if _safe_next(request) else "documents:job_list")
    messages.success(request, f"已开始导出“{spec.label}”，完成后可在本页下载。")
    return redirect("documents:job_detail", pk=job.pk)


def _safe_next(request) -> bool:

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@require_GET
def job_detail(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "documents/job_detail.html", {"job": job, "label": _label(job)})


@require_GET
def job_progress(request, pk: int):
    """The fragment htmx polls; once the job is finished it stops asking for itself."""
    job = _job_or_404(request, pk)
    return render(request, "documents/_job_progress.html", {"job": job})


@require_GET
def job_download(request, pk: int):
    try:
        job = selectors.get_export_job_for_download(user=request.user, pk=pk)
    except ExportJob.DoesNotExist as exc:
        raise Http404("文件不存在或尚未生成") from exc
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename or job.file.name)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def preview_index(request):
    return render(
        request,
        "documents/preview_index.html",
        {"previews": PREVIEWS.values(), "current": request.GET.get("show", "review_form")},
    )


@require_GET
@xframe_options_sameorigin  # shown in the preview page's <iframe>
def preview(request, key: str):
    item = PREVIEWS.get(key)
    if item is None:
        raise Http404("没有这种文书")
    inline = not item.filename
    return document_response(
        item.render(),
        filename=item.filename or f"{item.label}（示例）.pdf",
        content_type=item.content_type,
        inline=inline,
    )


def _label(job: ExportJob) -> str:
    try:
        return registry.get(job.kind).label
    except registry.UnknownExportKind:
        return job.kind


# =========================================================================== documents of an application


def _download(request) -> bool:
    return request.GET.get("download") == "1"


def _application_or_404(request, pk: int, allowed) -> Application:
    try:
        return selectors.get_application_for_document(user=request.user, pk=pk, allowed=allowed)
    except Application.DoesNotExist as exc:
        raise Http404("文书不存在") from exc


def _plan_or_404(request, pk: int, allowed) -> Plan:
    try:
        return selectors.get_plan_for_document(user=request.user, pk=pk, allowed=allowed)
    except Plan.DoesNotExist as exc:
        raise Http404("文书不存在") from exc


def _publicity_period(request) -> PublicityRecord:
    """The period printed on a 公示版 the employer has not recorded yet: ?start= (default
    today) and five working days (seed 003 五(一))."""
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = timezone.localdate()
    return PublicityRecord(start=start, end=calendar().end_of_period(start, MIN_PUBLICITY_WORKING_DAYS))


def _reveal(request, application: Application) -> bool:
    """Full numbers for the applicant always; for the committee office when it asks (?reveal=1)."""
    if application.applicant_id == request.user.pk:
        return True
    return request.GET.get("reveal") == "1" and permissions.reveals_identifiers(request.user, application)


def _audit_other_persons_file(request, application: Application, *, kind: str, revealed: bool) -> None:
    if application.applicant_id == request.user.pk:
        return  # the applicant reading their own form
    if revealed:
        audit.id_number_viewed(actor=request.user, subject=application.applicant)
    if _download(request):
        audit.export_made(actor=request.user, kind=kind, rows=1, obj=application)


@require_GET
@xframe_options_sameorigin
def review_form(request, pk: int):
    """专业技术职务任职资格评审表 of one application: ?variant=a4 (default) | a3 | publicity."""
    application = _application_or_404(request, pk, permissions.can_download_review_form)
    variant = request.GET.get("variant") or plan_variant(application.plan)
    if variant not in REVIEW_FORM_VARIANTS:
        variant = "a4"
    layout, publicity, suffix, _label_ = REVIEW_FORM_VARIANTS[variant]
    reveal = not publicity and _reveal(request, application)
    # The worker's copy for this version when there is one (rendered.py); the 公示版 prints a period
    # chosen in the request, so it is always rendered here.
    content = (
        None
        if publicity
        else rendered.stored(application, kind=rendered.REVIEW_FORM, variant=variant, revealed=reveal)
    )
    if content is None:
        data = sources.review_form_data(
            application,
            viewer=request.user,
            publicity_period=_publicity_period(request) if publicity else None,
        )
        content = pdf.review_form_pdf(data, layout=layout, publicity=publicity, reveal_identifiers=reveal)
    _audit_other_persons_file(request, application, kind="review_form", revealed=reveal)
    return document_response(
        content,
        filename=f"{application.applicant.real_name}_专业技术职务任职资格评审表{suffix}.pdf",
        inline=not _download(request),
    )


@require_GET
@xframe_options_sameorigin
def exceptional_approval(request, pk: int):
    """破格推荐中级专业技术资格审批表 (破格申报 only)."""
    application = _application_or_404(request, pk, permissions.can_download_exceptional_approval)
    content = rendered.stored(application, kind=rendered.EXCEPTIONAL_APPROVAL)
    if content is None:
        content = pdf.exceptional_approval_pdf(sources.exceptional_approval_data(application))
    _audit_other_persons_file(request, application, kind="exceptional_approval", revealed=False)
    return document_response(
        content,
        filename=f"{application.applicant.real_name}_{exceptional_form_title(application.level, application.declaration_type)}.pdf",
        inline=not _download(request),
    )


@require_GET
@xframe_options_sameorigin
def mailing_checklist(request, pk: int):
    """The applicant's 邮寄纸质材料清单; 404 until the committee office has set the address."""
    application = _application_or_404(request, pk, permissions.can_download_mailing_checklist)
    data = sources.mailing_checklist_data(application)
    if data is None:
        raise Http404("评委会办公室尚未设置纸质材料邮寄地址")
    content = pdf.mailing_checklist_pdf(data, reveal_identifiers=True)  # the applicant's own numbers
    return document_response(
        content, filename=f"{data.applicant_name}_邮寄纸质材料清单.pdf", inline=not _download(request)
    )


@require_GET
def application_documents(request, pk: int):
    """Every document of one application the user may read, with the pdf.js viewer."""
    waiting = (
        Application.objects.select_related("plan", "current_stage")
        .filter(pk=pk, applicant_id=request.user.pk)
        .first()
    )
    if (
        waiting is not None
        and permissions.is_own_submitted(request.user, waiting)
        and not permissions.review_form_released(waiting)
    ):
        # The notice names the step after which the applicant prints the form: say so, not 404.
        return render(request, "documents/not_yet_released.html", {"application": waiting})
    application = _application_or_404(request, pk, permissions.can_download_review_form)
    user = request.user
    own = application.applicant_id == user.pk
    show = request.GET.get("show", "review_form")
    variant = request.GET.get("variant") or plan_variant(application.plan)
    if variant not in REVIEW_FORM_VARIANTS:
        variant = "a4"
    can_reveal = not own and permissions.reveals_identifiers(user, application)
    reveal = can_reveal and request.GET.get("reveal") == "1"
    documents = [("review_form", "专业技术职务任职资格评审表")]
    if permissions.can_download_exceptional_approval(user, application):
        documents.append(
            ("exceptional_approval", exceptional_form_title(application.level, application.declaration_type))
        )
    mailing_ready = False
    if permissions.can_download_mailing_checklist(user, application):
        documents.append(("mailing_checklist", "邮寄纸质材料清单"))
        mailing_ready = selectors.mailing_instructions_for(application.plan) is not None
    if show not in dict(documents):
        show = "review_form"
    return render(
        request,
        "documents/application_documents.html",
        {
            "application": application,
            "own": own,
            "documents": documents,
            "show": show,
            "show_label": dict(documents)[show],
            "variant": variant,
            "variants": [(key, v[3]) for key, v in REVIEW_FORM_VARIANTS.items()],
            "can_reveal": can_reveal,
            "reveal": reveal,
            "mailing_ready": mailing_ready,
        },
    )


# =========================================================================== documents of a plan


@require_GET
def plan_documents(request, pk: int):
    """What the user's organisation can print or export for one plan."""
    plan = _plan_or_404(request, pk, permissions.can_open_plan_documents)
    user = request.user
    export_kinds = [
        (k, k.options_for(user))
        for k in registry.kinds_for(user)
        if "plan_id" in k.params and k.allowed(user, {"plan_id": str(plan.pk)})
    ]
    context = {
        "plan": plan,
        "export_kinds": export_kinds,
        "is_office": permissions.can_manage_mailing(user, plan),
        "is_employer": permissions.can_download_employer_publicity(user, plan),
        "can_delegate": permissions.can_download_delegation_letter(user, plan),
        "delegated": 0,
    }
    if context["is_office"]:
        context["mailing"] = selectors.mailing_instructions_for(plan)
        context["publicities"] = list(selectors.plan_publicities(plan))
    if permissions.can_export_unit_rosters(user, plan):
        # seed 003 附件7 注1, 附件5 一1: the 花名册 as each 委托单位 compiled it, one per unit.
        context["units"] = sources.recommending_units(plan, reached_applications(user).filter(plan=plan))
    if context["can_delegate"]:
        context["delegated"] = sources.delegated_applications(plan, user.organization_id).count()
    if context["is_employer"]:
        context["staff"] = list(selectors.employer_staff_applications(plan, user.organization_id))
        context["publicity_form"] = EmployerPublicityForm(initial=_employer_publicity_settings(request, plan))
        context["publicity_rows"] = sources.employer_publicity_applications(
            plan, user.organization_id
        ).count()
    return render(request, "documents/plan_documents.html", context)


def _publicity_session_key(plan: Plan) -> str:
    return f"documents:employer_publicity:{plan.pk}"


def _employer_publicity_settings(request, plan: Plan) -> dict:
    """The period and contact last chosen for this plan's 公示表, kept in the session so that the
    phone number never travels in a URL (SECURITY.md 16)."""
    saved = request.session.get(_publicity_session_key(plan), {})
    try:
        start = date.fromisoformat(saved.get("start", ""))
    except ValueError:
        start = timezone.localdate()
    return {
        "start": start,
        "contact_department": saved.get("contact_department", "本单位人事部门"),
        "contact_phone": saved.get("contact_phone", ""),
    }


@require_POST
def employer_publicity_settings(request, pk: int):
    """Keep the period and contact of the employer's 公示表 (in the session) and go back."""
    plan = _plan_or_404(request, pk, permissions.can_download_employer_publicity)
    form = EmployerPublicityForm(request.POST)
    if form.is_valid():
        request.session[_publicity_session_key(plan)] = {
            "start": form.cleaned_data["start"].isoformat(),
            "contact_department": form.cleaned_data["contact_department"].strip(),
            "contact_phone": form.cleaned_data["contact_phone"].strip(),
        }
        messages.success(request, "公示期和异议受理方式已更新，公示表已按新的设置生成。")
    else:
        messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()))
    return redirect("documents:plan_documents", pk=plan.pk)


@require_GET
@xframe_options_sameorigin
def employer_publicity(request, pk: int):
    """单位内部公示表 of the employer's own staff in a plan, with the period and contact last
    chosen on the plan's page (default: from today, five working days)."""
    plan = _plan_or_404(request, pk, permissions.can_download_employer_publicity)

    employer = Employer.objects.select_related("organization").get(pk=request.user.organization_id)
    settings = _employer_publicity_settings(request, plan)
    data = sources.employer_publicity_sheet_data(
        plan,
        employer,
        start=settings["start"],
        end=calendar().end_of_period(settings["start"], MIN_PUBLICITY_WORKING_DAYS),
        contact_department=settings["contact_department"],
        contact_phone=settings["contact_phone"],
    )
    if _download(request):
        audit.export_made(actor=request.user, kind="employer_publicity", rows=len(data.rows), obj=plan)
    return document_response(
        pdf.publicity_sheet_pdf(data),
        filename=f"{plan.name}_单位内部公示表.pdf",
        inline=not _download(request),
    )


@require_GET
@xframe_options_sameorigin
def committee_publicity(request, pk: int):
    """The committee's 资格审查公示 list as a PDF to post or file (its four public columns)."""
    try:
        publicity = selectors.get_publicity_for_sheet(user=request.user, pk=pk)
    except Publicity.DoesNotExist as exc:
        raise Http404("文书不存在") from exc
    data = sources.committee_publicity_sheet_data(publicity)
    if _download(request):
        audit.export_made(actor=request.user, kind="committee_publicity", rows=len(data.rows), obj=publicity)
    return document_response(
        pdf.publicity_sheet_pdf(data), filename=f"{publicity.title}.pdf", inline=not _download(request)
    )


@require_GET
@xframe_options_sameorigin
def delegation_letter(request, pk: int):
    """专业技术资格委托评审书 + 委托评审名册 of the user's organisation for a plan: the files it
    approved and sent on to the committee."""
    plan = _plan_or_404(request, pk, permissions.can_download_delegation_letter)
    organization = request.user.organization
    try:
        data = sources.delegation_letter_data(plan, delegating_org=organization)
    except ValueError as exc:
        raise Http404("本单位在该计划中还没有审核通过、送评审委员会的人员") from exc
    if _download(request):
        audit.export_made(actor=request.user, kind="delegation_letter", rows=len(data.persons), obj=plan)
    return document_response(
        pdf.delegation_letter_pdf(data),
        filename=f"{plan.name}_专业技术资格委托评审书.pdf",
        inline=not _download(request),
    )


@require_http_methods(["GET", "POST"])
def mailing_settings(request, pk: int):
    """The committee office sets where the plan's paper materials are mailed."""
    plan = _plan_or_404(request, pk, permissions.can_manage_mailing)
    instance = selectors.mailing_instructions_for(plan)
    form = MailingInstructionsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.mailing_instructions_save(plan=plan, actor=request.user, data=form.cleaned_data)
        messages.success(request, "纸质材料邮寄设置已保存，申报人的邮寄清单将使用新的地址。")
        return redirect("documents:plan_documents", pk=plan.pk)
    return render(
        request, "documents/mailing_settings.html", {"plan": plan, "form": form, "instance": instance}
    )


@require_role(Role.EMPLOYER)
@require_GET
def authorization_letter(request):
    """用人单位委托证明, filled in with the employer's own details: step 1 of 单位认证 (organizations:onboarding)."""
    if request.user.organization_id is None:
        raise PermissionDenied("仅用人单位经办人可以办理单位认证。")
    employer = get_object_or_404(
        Employer.objects.select_related("organization__region"), pk=request.user.organization_id
    )
    response = HttpResponse(authorization_letter_for(employer), content_type="application/pdf")
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E7%94%A8%E4%BA%BA%E5%8D%95%E4%BD%8D%E5%A7%94%E6%89%98%E8%AF%81%E6%98%8E.pdf"
    )
    return response
