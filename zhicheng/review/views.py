"""Review pages. Thin: parse input → fetch + authorise → one service → render (DESIGN.md §4.1)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.applications import timeline
from zhicheng.applications.workflow import TransitionError
from zhicheng.core import audit
from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, calendar
from zhicheng.eligibility.checks import current_check
from zhicheng.plans.deadlines import stage_deadline

from . import events, selectors, services
from .forms import ApproveForm, EmployerApproveForm, PublicityForm, ReasonForm, RecommendationForm
from .permissions import REVIEWER_ROLES, can_decide, can_reveal_identifiers, needs_internal_publicity

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
QUEUE_TITLES = {
    Role.EMPLOYER: "职称申报资格审查",
    Role.DEPARTMENT: "职称评审资格审查",
    Role.COMMITTEE_OFFICE: "评委会资格审查",
}


def _approve_form(application, data=None, **kwargs):
    if needs_internal_publicity(application):
        return EmployerApproveForm(data, prefix="approve", **kwargs)
    return ApproveForm(data, prefix="approve", **kwargs)


# --- queue -----------------------------------------------------------------------------------------


SEARCH_SESSION_KEY = "review_searches"
MAX_REMEMBERED_SEARCHES = 20


def _remember_search(request, q: str) -> str:
    searches = dict(request.session.get(SEARCH_SESSION_KEY, {}))
    for key, value in searches.items():
        if value == q:
            return key
    key = secrets.token_urlsafe(6)
    searches[key] = q
    request.session[SEARCH_SESSION_KEY] = dict(list(searches.items())[-MAX_REMEMBERED_SEARCHES:])
    return key


@require_role(*REVIEWER_ROLES)
def queue(request):
    searches = request.session.get(SEARCH_SESSION_KEY, {})
    if request.method == "POST" or "q" in request.GET:
        # The search is posted; a link or bookmark with ?q= (an ID number in an access log) is turned
        # into the same remembered search and redirected to a URL without it (issue 12 item 20).
        params = (request.POST if request.method == "POST" else request.GET).copy()
        # The box echoes a whole ID number masked; posting it back unchanged keeps the real search.
        remembered = searches.get(params.get("s", ""), "")
        if remembered and params.get("q", "").strip() == selectors.QueueFilters(q=remembered).q_display:
            params["q"] = remembered
        posted = selectors.QueueFilters.from_query(params)
        key = _remember_search(request, posted.q) if posted.q else ""
        return redirect(f"{request.path}?{posted.query_string(s=key)}")
    filters = selectors.QueueFilters.from_query(request.GET, searches)
    page = selectors.review_queue(request.user, filters)
    bulk_form = None
    if filters.tab == "pending" and page.rows:
        bulk_form = (
            EmployerApproveForm(prefix="approve")
            if page.rows[0].stage_kind == "employer"
            else ApproveForm(prefix="approve")
        )
    return render(
        request,
        "review/queue.html",
        {"page": page, "title": QUEUE_TITLES[request.user.role], "bulk_form": bulk_form},
    )


@require_role(*REVIEWER_ROLES)
@require_POST
def bulk_approve(request):
    ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
    back = selectors.QueueFilters.from_query(QueryDict(request.POST.get("back", ""))).query_string()
    if not ids:
        messages.error(request, "批量审核：请先勾选要审核通过的申报。")
        return redirect(f"/review/?{back}")
    employer_stage = request.user.role == Role.EMPLOYER
    form = (EmployerApproveForm if employer_stage else ApproveForm)(request.POST, prefix="approve")
    if not form.is_valid():
        return render(
            request,
            "review/bulk_form.html",
            {"form": form, "ids": ids, "back": back, "title": QUEUE_TITLES[request.user.role]},
            status=200,
        )
    results = services.applications_bulk_approve(
        actor=request.user,
        application_ids=[int(i) for i in ids],
        opinion=form.cleaned_data["opinion"],
        publicity=form.publicity() if employer_stage else None,
    )
    return render(
        request,
        "review/bulk_result.html",
        {
            "results": results,
            "ok": sum(r.ok for r in results),
            "failed": sum(not r.ok for r in results),
            "back": back,
        },
    )


# --- one application -------------------------------------------------------------------------------


def _dossier_template() -> str | None:
    try:
        get_template("applications/_dossier.html")
    except TemplateDoesNotExist:
        return None
    return "applications/_dossier.html"


def _detail(request, application, *, approve_form=None, return_form=None, reject_form=None, status=200):
    user = request.user
    deciding = can_decide(user, application)
    # Full numbers only where the documents' rule allows them (the plan's committee office); every
    # such reveal is audited and never cached (issue 12 item 4).
    may_reveal = can_reveal_identifiers(user, application)
    reveal = may_reveal and request.GET.get("reveal") == "1"
    if reveal:
        audit.id_number_viewed(actor=user, subject=application.applicant)
    version = {"version": application.version}
    if deciding:
        approve_form = approve_form or _approve_form(application, initial=version)
        return_form = return_form or ReasonForm(prefix="return", initial=version, label="退回原因")
        reject_form = reject_form or ReasonForm(prefix="reject", initial=version, label="不通过原因")
    deadline = (
        stage_deadline(application.current_stage, application.plan) if application.current_stage else None
    )
    context = {
        "application": application,
        "applicant": application.applicant,
        "reveal_identifiers": reveal,
        "may_reveal": may_reveal,
        "dossier_template": _dossier_template(),
        "attachments": selectors.attachments_of(application),
        "history": selectors.history_of(application),
        "timeline": timeline.steps_for(application),
        "can_decide": deciding,
        "approve_form": approve_form,
        "return_form": return_form,
        "reject_form": reject_form,
        "employer_stage": needs_internal_publicity(application),
        "deadline": deadline,
        "time_left": calendar().time_left(timezone.localdate(), deadline) if deadline else None,
        "level_label": selectors.level_label(application.level),
        "declaration_label": selectors.declaration_label(application.declaration_type),
        # Every reviewer sees the same verdict as the applicant's preview (eligibility/checks.py): the stored
        # one while the archive, the answers and the rule set are as they were, else evaluated afresh.
        "eligibility": current_check(application),
    }
    return render(request, "review/detail.html", context, status=status)


@require_role(*REVIEWER_ROLES)
def detail(request, pk: int):
    # Reading a file changes nothing (DESIGN.md §4.13): 开始审核 is the reviewer's explicit POST below.
    application = selectors.application_for_review(request.user, pk)
    return _detail(request, application)


@require_role(*REVIEWER_ROLES)
@require_POST
def start(request, pk: int):
    """开始审核: from now on the applicant can no longer withdraw the file (SECURITY.md 21)."""
    application = selectors.application_for_review(request.user, pk)
    if services.review_mark_started(application=application, actor=request.user):
        messages.success(request, "已开始审核：申报人不能再撤回该申报。")
    return redirect("review:detail", pk=pk)


@require_role(*REVIEWER_ROLES)
@require_POST
def decide(request, pk: int):
    application = selectors.application_for_review(request.user, pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "return", "reject"):
        messages.error(request, "请选择审核结果：通过、退回修改或不通过。")
        return redirect("review:detail", pk=pk)
    if not can_decide(request.user, application):
        messages.error(request, "该申报当前不在您所在单位的审核环节，可能已被他人处理。请查看审查日志。")
        return redirect("review:detail", pk=pk)
    forms = {}
    if decision == "approve":
        form = forms["approve_form"] = _approve_form(application, request.POST)
    else:
        label = "退回原因" if decision == "return" else "不通过原因"
        form = forms[f"{decision}_form"] = ReasonForm(request.POST, prefix=decision, label=label)
    if not form.is_valid():
        return _detail(request, application, **forms)
    data = form.cleaned_data
    version = data.get("version")
    try:
        if decision == "approve":
            outcome = services.application_approve(
                application=application,
                actor=request.user,
                opinion=data["opinion"],
                publicity=form.publicity() if isinstance(form, EmployerApproveForm) else None,
                expected_version=version,
            )
        elif decision == "return":
            outcome = services.application_return(
                application=application, actor=request.user, reason=data["opinion"], expected_version=version
            )
        else:
            outcome = services.application_reject(
                application=application, actor=request.user, reason=data["opinion"], expected_version=version
            )
    except (TransitionError, services.ReviewError) as exc:
        form.add_error(None, str(exc))
        return _detail(request, application, **forms)
    name = application.applicant.real_name
    app = outcome.application
    if decision == "approve" and app.current_org_id:
        messages.success(
            request, f"已审核通过 {name} 的申报，已送 {app.current_org.name} 审核，并已通知申报人。"
        )
    elif decision == "approve":
        messages.success(request, f"{name} 的申报已通过资格审查，并已通知申报人。")
    elif decision == "return":
        messages.success(request, f"已将 {name} 的申报退回修改，并已将退回原因通知申报人。")
    else:
        messages.success(request, f"已作出 {name} 的申报审核不通过决定，并已通知申报人。")
    return redirect("review:queue")


@xframe_options_sameorigin
@require_role(*REVIEWER_ROLES)
def attachment(request, pk: int, attachment_id: int):
    """An attachment shown inside the review page (PDF in a frame, images inline), after the same
    scope check as the page itself; served from outside the web root (SECURITY.md 19)."""
    application = selectors.application_for_review(request.user, pk)
    item = selectors.attachment_of(application, attachment_id)
    if item is None or not item.file:
        raise Http404("附件不存在")
    kind = getattr(item, "kind", "pdf")
    download = request.GET.get("download") == "1"
    events.attachment_viewed(actor=request.user, application=application, attachment_id=item.pk)
    extension = {"jpeg": "jpg"}.get(kind, kind)
    response = FileResponse(
        item.file.open("rb"),
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
        as_attachment=download or kind not in CONTENT_TYPES,
        filename=f"{getattr(item, 'requirement_name', '附件')}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- 审核推荐 ---------------------------------------------------------------------------------------


@require_role(Role.DEPARTMENT, Role.COMMITTEE_OFFICE)
def batches(request):
    user = request.user
    if user.role == Role.DEPARTMENT:
        pending = list(selectors.recommendable_entries(user))
        groups: dict = {}
        for e in pending:
            groups.setdefault(e.plan, []).append(e)
        return render(
            request,
            "review/batches.html",
            {
                "groups": groups,
                "batches": selectors.batches_of(user)[:50],
                "form": RecommendationForm(),
                "received": False,
            },
        )
    return render(
        request, "review/batches.html", {"batches": selectors.batches_received(user)[:100], "received": True}
    )


@require_role(Role.DEPARTMENT)
@require_POST
def batch_submit(request):
    form = RecommendationForm(request.POST)
    plan = request.POST.get("plan", "")
    if not plan.isdigit():
        messages.error(request, "申报计划：请选择要推荐的计划。")
        return redirect("review:batches")
    if not form.is_valid():
        messages.error(request, "推荐说明：" + "；".join(form.errors.get("note", [])))
        return redirect("review:batches")
    try:
        batch = services.recommendation_submit(
            actor=request.user, plan_id=int(plan), note=form.cleaned_data["note"]
        )
    except services.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("review:batches")
    messages.success(request, f"已审核推荐 {batch.size} 名申报人员（{batch.plan.name}），并已通知下一环节。")
    return redirect("review:batch_detail", pk=batch.pk)


@require_role(Role.DEPARTMENT, Role.COMMITTEE_OFFICE)
def batch_detail(request, pk: int):
    batch = selectors.batch_for(request.user, pk)
    return render(request, "review/batch_detail.html", {"batch": batch})


# --- 资格审查公示 -----------------------------------------------------------------------------------


@require_role(Role.COMMITTEE_OFFICE)
def publicity_list(request):
    """The former list of 资格审查公示: now the 公示 module's office list (same filters, every kind)."""
    return redirect(f"{reverse('publicity:manage_list')}?kind=qualification")


@require_role(Role.COMMITTEE_OFFICE)
def publicity_new(request):
    plans = list(selectors.office_plans(request.user))
    waiting = {p.pk: selectors.publishable_applications(p).count() for p in plans}
    plans_with_list = [p for p in plans if waiting[p.pk]]
    today = timezone.localdate()
    form = PublicityForm(
        request.POST or None,
        plans=plans_with_list,
        initial={"start": today, "end": calendar().end_of_period(today, MIN_PUBLICITY_WORKING_DAYS)},
    )
    if request.method == "POST" and form.is_valid():
        plan = next(p for p in plans_with_list if p.pk == form.cleaned_data["plan"])
        try:
            publicity = services.publicity_open(
                actor=request.user,
                plan=plan,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                contact=form.cleaned_data["contact"],
            )
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"已发布资格审查公示（{publicity.entries.count()} 人），公示期 {publicity.start:%Y-%m-%d} 至 "
                f"{publicity.end:%Y-%m-%d}，共 {publicity.working_days} 个工作日。",
            )
            return redirect("publicity:manage_detail", pk=publicity.pk)
    return render(
        request,
        "review/publicity_new.html",
        {"form": form, "plan_rows": [(p, waiting[p.pk]) for p in plans_with_list]},
    )


@require_role(Role.COMMITTEE_OFFICE)
def publicity_detail(request, pk: int):
    """The former page of one 资格审查公示: objections and closing are the 公示 module's now."""
    return redirect("publicity:manage_detail", pk=pk)
