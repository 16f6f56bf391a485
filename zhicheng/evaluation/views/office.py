"""The committee office's side: cases, fees, assessments, experts, panels, meetings, results 公示."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, calendar
from zhicheng.plans.models import Plan

from .. import forms, permissions, selectors
from ..machine import TransitionError, allowed
from ..models import (
    AssessmentSitting,
    AssessmentSpec,
    CaseStatus,
    ConflictOfInterest,
    ExpertProfile,
    ExpertScore,
    Meeting,
    Panel,
    ResultObjection,
    ResultPublicity,
    Vote,
    VoteTally,
)
from ..services import ServiceError
from ..services import assessments as assessment_services
from ..services import cases as case_services
from ..services import experts as expert_services
from ..services import payments as payment_services
from ..services import results as result_services
from ..services import votes as vote_services
from . import or_404

office_only = require_role(Role.COMMITTEE_OFFICE)
WORD_FOR_RELATION = {kind: word for word, kind in forms.ExpertForm.RELATION_WORDS.items()}


def _plan(request, pk) -> Plan:
    return or_404(permissions.office_plans(request.user).get, pk=pk)


def _panel(request, pk) -> Panel:
    return selectors.get_panel_for_office(request.user, pk)


def _fail(request, exc) -> None:
    messages.error(request, str(exc))


# --------------------------------------------------------------------------- plans and cases


@office_only
def home(request):
    plans = permissions.office_plans(request.user).order_by("-year", "-pk")
    return render(request, "evaluation/office_home.html", {"plans": plans})


@office_only
def plan_overview(request, pk: int):
    plan = _plan(request, pk)
    counts = selectors.status_counts(plan)
    status = request.GET.get("status", "")
    if status and status not in CaseStatus.values:
        status = ""
    return render(
        request,
        "evaluation/office_plan.html",
        {
            "plan": plan,
            "tab": "cases",
            "counts": [
                (v, label, n) for (v, label), n in zip(CaseStatus.choices, counts.values(), strict=True) if n
            ],
            "status": status,
            "cases": selectors.cases_of_plan(plan, status or None),
            # Cases open when the 资格审查公示 closes; a name cleared but without a case (an earlier failure,
            # or rows from before the event) is opened by the office's explicit POST below.
            "waiting": case_services.cleared_without_case(plan).count(),
        },
    )


@office_only
@require_POST
def open_cases(request, pk: int):
    plan = _plan(request, pk)
    opened = case_services.case_open_for_qualified(plan=plan, actor=request.user)
    if opened.opened:
        messages.success(
            request, f"已为{len(opened.opened)}名资格审查公示无异议的申报人开通评审，并已短信通知。"
        )
    for text in opened.skipped:
        messages.warning(request, text)
    if not opened.opened and not opened.skipped:
        messages.info(request, "没有待开通评审的申报人。")
    return redirect("evaluation:plan_overview", pk=plan.pk)


@office_only
def plan_rules(request, pk: int):
    plan = _plan(request, pk)
    rules = case_services.rules_for(plan)
    locked = ExpertScore.objects.filter(case__plan=plan).exists()
    data = request.POST if request.method == "POST" else None
    form = forms.RulesForm(data, instance=rules, scoring_locked=locked)
    specs = forms.AssessmentSpecFormSet(data, instance=plan, prefix="specs")
    if request.method == "POST" and form.is_valid() and specs.is_valid():
        case_services.evaluation_rules_save(actor=request.user, form=form, spec_formset=specs)
        messages.success(request, "评审规则已保存。")
        return redirect("evaluation:plan_rules", pk=plan.pk)
    return render(
        request, "evaluation/office_rules.html", {"plan": plan, "tab": "rules", "form": form, "specs": specs}
    )


@office_only
def case_detail(request, pk: int):
    case = or_404(selectors.get_case_for_office, user=request.user, pk=pk)
    return render(
        request,
        "evaluation/office_case.html",
        {
            "case": case,
            "plan": case.plan,
            "history": case.history.select_related("actor"),
            "payments": case.payments.all(),
            "sittings": case.sittings.select_related("spec", "session").prefetch_related("scores"),
            "scores": case.scores.select_related("expert__user"),
            "tallies": case.tallies.all(),
            "conflicts": case.conflicts.select_related("expert__user"),
            "payment_form": forms.OfflinePaymentForm(
                initial={"amount": case.fee_amount, "paid_on": timezone.localdate()}
            )
            if permissions.can_record_offline_payment(request.user, case)
            else None,
            "cancel_form": forms.ReasonForm()
            if allowed(case.status, "cancel", Role.COMMITTEE_OFFICE)
            else None,
            "summary": selectors.score_summary(case),
        },
    )


@office_only
@require_POST
def record_payment(request, pk: int):
    case = or_404(selectors.get_case_for_office, user=request.user, pk=pk)
    form = forms.OfflinePaymentForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}：{e}" if label else e)
        return redirect("evaluation:office_case", pk=case.pk)
    try:
        payment = payment_services.payment_offline_record(case=case, actor=request.user, **form.cleaned_data)
        messages.success(request, f"已登记线下缴费，收据编号 {payment.receipt_number}。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:office_case", pk=case.pk)


@office_only
@require_POST
def cancel_case(request, pk: int):
    case = or_404(selectors.get_case_for_office, user=request.user, pk=pk)
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        try:
            case_services.case_cancel(case=case, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, f"评审案卷 {case.code} 已取消评审资格。")
        except (ServiceError, TransitionError) as exc:
            _fail(request, exc)
    else:
        messages.error(request, "原因：必须填写。")
    return redirect("evaluation:office_case", pk=case.pk)


# --------------------------------------------------------------------------- assessments


@office_only
def assessments(request, pk: int):
    plan = _plan(request, pk)
    specs = list(AssessmentSpec.objects.filter(plan=plan).prefetch_related("sessions"))
    spec_id = request.GET.get("spec") or request.POST.get("spec")
    spec = next((s for s in specs if str(s.pk) == str(spec_id)), specs[0] if specs else None)
    sittings = (
        AssessmentSitting.objects.filter(spec=spec)
        .select_related("case__application__applicant", "session", "spec")
        .prefetch_related("scores")
        .order_by("case_id")
        if spec
        else AssessmentSitting.objects.none()
    )
    unscheduled = sittings.filter(session__isnull=True, case__status=CaseStatus.IN_ASSESSMENT)
    form = forms.ScheduleForm(request.POST if request.method == "POST" else None, sittings=unscheduled)
    if request.method == "POST" and spec and form.is_valid():
        try:
            assessment_services.assessment_session_schedule(
                spec=spec,
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                place=form.cleaned_data["place"],
                note=form.cleaned_data["note"],
                cases=[s.case for s in form.cleaned_data["sittings"]],
            )
            messages.success(request, f"{spec.name}已安排，并已通知参加人员。")
            return redirect(f"{request.path}?spec={spec.pk}")
        except ServiceError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "evaluation/office_assessments.html",
        {
            "plan": plan,
            "tab": "assessments",
            "specs": specs,
            "spec": spec,
            "sittings": sittings,
            "form": form,
        },
    )


@office_only
def sitting_scores(request, pk: int):
    sitting = selectors.get_sitting_for_scoring(request.user, pk)
    rows = max(sitting.spec.min_examiners, 3) + 2
    existing = list(sitting.scores.all())
    marks = [(s.examiner, str(s.score)) for s in existing] + [("", "")] * (rows - len(existing))
    error = ""
    if request.method == "POST":
        marks = [
            (request.POST.get(f"examiner_{i}", ""), request.POST.get(f"score_{i}", "")) for i in range(rows)
        ]
        try:
            assessment_services.assessment_scores_record(sitting=sitting, actor=request.user, marks=marks)
            messages.success(request, f"{sitting.case.code} 的{sitting.spec.name}成绩已录入。")
            return redirect(
                f"/evaluation/office/plans/{sitting.spec.plan_id}/assessments/?spec={sitting.spec_id}"
            )
        except ServiceError as exc:
            error = str(exc)
    return render(
        request,
        "evaluation/office_sitting_scores.html",
        {
            "sitting": sitting,
            "plan": sitting.spec.plan,
            "tab": "assessments",
            "marks": list(enumerate(marks)),
            "error": error,
        },
    )


# --------------------------------------------------------------------------- experts


@office_only
def experts(request):
    form = forms.ExpertForm(request.POST or None)
    committee = request.user.organization.committee
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = expert_services.expert_user_by_phone(data["phone"])
            expert_services.expert_profile_save(
                actor=request.user,
                committee=committee,
                user=user,
                specialty=data["specialty"],
                level=data["level"],
                title=data["title"],
                organization_name=data["organization_name"],
                active=data["active"],
                affiliations=data["affiliations"],
                relations=data["relations"],
            )
            messages.success(request, f"已将 {user.real_name} 加入专家库。")
            return redirect("evaluation:experts")
        except ServiceError as exc:
            form.add_error("phone" if "手机" in str(exc) or "账号" in str(exc) else None, str(exc))
    pool = (
        permissions.office_experts(request.user)
        .prefetch_related("affiliations", "relations")
        .order_by("specialty", "pk")
    )
    return render(request, "evaluation/office_experts.html", {"form": form, "experts": pool})


@office_only
def expert_edit(request, pk: int):
    profile = or_404(permissions.office_experts(request.user).get, pk=pk)
    initial = {
        "specialty": profile.specialty,
        "level": profile.level,
        "title": profile.title,
        "organization_name": profile.organization_name,
        "active": profile.active,
        "affiliations": "\n".join(
            f"{a.organization_name}｜{a.start_year}｜{a.end_year or ''}" for a in profile.affiliations.all()
        ),
        "relations": "\n".join(
            f"{WORD_FOR_RELATION.get(r.kind, '其他')}｜{r.person_name}｜{forms.KEEP_ID if r.id_number else ''}"
            for r in profile.relations.all()
        ),
    }
    form = forms.ExpertForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stored = {(r.kind, r.person_name): r.id_number for r in profile.relations.all()}
        data["relations"] = [
            (kind, name, stored.get((kind, name), "") if id_number == forms.KEEP_ID else id_number)
            for kind, name, id_number in data["relations"]
        ]
        try:
            expert_services.expert_profile_save(
                actor=request.user,
                committee=profile.committee,
                user=profile.user,
                profile=profile,
                specialty=data["specialty"],
                level=data["level"],
                title=data["title"],
                organization_name=data["organization_name"],
                active=data["active"],
                affiliations=data["affiliations"],
                relations=data["relations"],
            )
            messages.success(request, f"{profile.user.real_name} 的专家信息已保存，回避关系已重新核对。")
            return redirect("evaluation:experts")
        except ServiceError as exc:
            form.add_error(None, str(exc))
    return render(request, "evaluation/office_expert_edit.html", {"form": form, "profile": profile})


# --------------------------------------------------------------------------- panels


@office_only
def panels(request, pk: int):
    plan = _plan(request, pk)
    form = forms.PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel = expert_services.panel_create(plan=plan, actor=request.user, **form.cleaned_data)
            messages.success(request, f"评审组“{panel.name}”已建立。请在“评审组专家”中从专家库选择专家加入。")
            return redirect("evaluation:panel", pk=panel.pk)
        except ServiceError as exc:
            form.add_error("name", str(exc))
    return render(
        request,
        "evaluation/office_panels.html",
        {"plan": plan, "tab": "panels", "form": form, "panels": selectors.panels_of_plan(plan)},
    )


@office_only
def panel_detail(request, pk: int):
    panel = _panel(request, pk)
    plan = panel.plan
    members = panel.members.select_related("expert__user")
    in_panel = [m.expert_id for m in members]
    open_meeting = panel.meetings.filter(status=Meeting.Status.OPEN).first()
    return render(
        request,
        "evaluation/office_panel.html",
        {
            "plan": plan,
            "tab": "panels",
            "panel": panel,
            "members": members,
            "member_form": forms.MemberForm(
                experts=permissions.office_experts(request.user).filter(active=True).exclude(pk__in=in_panel)
            ),
            "assign_form": forms.AssignForm(cases=_assignable(plan)),
            "cases": panel.cases.select_related(
                "application__applicant", "application__employer__organization"
            ).order_by("pk"),
            "conflicts": ConflictOfInterest.objects.filter(case__panel=panel)
            .select_related("case__application__applicant", "expert__user", "dismissed_by")
            .order_by("status", "case_id"),
            "progress": selectors.panel_progress(panel),
            "meetings": panel.meetings.order_by("-held_on"),
            "open_meeting": open_meeting,
            "meeting_form": forms.MeetingForm(initial={"held_on": timezone.localdate()})
            if not open_meeting
            else None,
            "dismiss_form": forms.ReasonForm(),
        },
    )


def _assignable(plan):
    return selectors.cases_of_plan(plan, CaseStatus.AWAITING_REVIEW)


@office_only
@require_POST
def panel_members(request, pk: int):
    panel = _panel(request, pk)
    try:
        if request.POST.get("remove"):
            expert = get_object_or_404(permissions.office_experts(request.user), pk=request.POST["remove"])
            expert_services.panel_member_remove(panel=panel, actor=request.user, expert=expert)
            messages.success(request, f"已将 {expert.user.real_name} 移出评审组。")
        else:
            form = forms.MemberForm(request.POST, experts=permissions.office_experts(request.user))
            if not form.is_valid():
                messages.error(request, "专家：请从专家库中选择。")
            else:
                expert_services.panel_member_add(panel=panel, actor=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    f"已将 {form.cleaned_data['expert'].user.real_name} 加入评审组，并已核对回避关系。",
                )
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:panel", pk=panel.pk)


@office_only
@require_POST
def panel_assign(request, pk: int):
    panel = _panel(request, pk)
    form = forms.AssignForm(request.POST, cases=_assignable(panel.plan))
    if not form.is_valid():
        messages.error(request, "待专家评审的材料：请至少选择一份。")
        return redirect("evaluation:panel", pk=panel.pk)
    try:
        count = expert_services.panel_cases_assign(
            panel=panel, actor=request.user, cases=form.cleaned_data["cases"]
        )
        messages.success(request, f"已分配{count}份材料到“{panel.name}”，并已自动核对回避关系、通知专家。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:panel", pk=panel.pk)


@office_only
@require_POST
def conflict_dismiss(request, pk: int):
    conflict = selectors.get_conflict_for_dismissal(request.user, pk)
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("核实说明：必须填写。")
        expert_services.conflict_dismiss(
            conflict=conflict, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "已核实为无需回避，理由已记录。")
    except ServiceError as exc:
        _fail(request, exc)
    return (
        redirect("evaluation:panel", pk=conflict.case.panel_id)
        if conflict.case.panel_id
        else redirect("evaluation:office_case", pk=conflict.case_id)
    )


# --------------------------------------------------------------------------- meetings and votes


@office_only
@require_POST
def meeting_open(request, pk: int):
    panel = _panel(request, pk)
    form = forms.MeetingForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("会议日期和地点：必须填写。")
        meeting = vote_services.meeting_open(panel=panel, actor=request.user, **form.cleaned_data)
        messages.success(request, "评审会议已开始，请为出席专家签到。")
        return redirect("evaluation:meeting", pk=meeting.pk)
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:panel", pk=panel.pk)


def _meeting(request, pk) -> Meeting:
    return selectors.get_meeting_for_office(request.user, pk)


@office_only
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    panel = meeting.panel
    experts = ExpertProfile.objects.filter(memberships__panel=panel).select_related("user")
    present = list(meeting.attendance.values_list("expert_id", flat=True))
    if meeting.status == Meeting.Status.OPEN:
        cases = list(
            panel.cases.filter(status=CaseStatus.UNDER_REVIEW)
            .select_related("application__applicant")
            .order_by("pk")
        )
        ballots = {}
        for case_id in Vote.objects.filter(meeting=meeting).values_list("case_id", flat=True):
            ballots[case_id] = ballots.get(case_id, 0) + 1
        counts = vote_services.tally_counts_for(meeting=meeting, cases=cases)
        rows = [{"case": c, "counts": counts[c.pk], "ballots": ballots.get(c.pk, 0)} for c in cases]
    else:
        rows = [
            {"case": t.case, "tally": t}
            for t in VoteTally.objects.filter(meeting=meeting).select_related("case__application__applicant")
        ]
    return render(
        request,
        "evaluation/office_meeting.html",
        {
            "plan": panel.plan,
            "tab": "panels",
            "meeting": meeting,
            "panel": panel,
            "attendance_form": forms.AttendanceForm(members=experts, initial={"present": present}),
            "present_count": len(present),
            "rows": rows,
        },
    )


@office_only
@require_POST
def meeting_attendance(request, pk: int):
    meeting = _meeting(request, pk)
    experts = ExpertProfile.objects.filter(memberships__panel=meeting.panel)
    form = forms.AttendanceForm(request.POST, members=experts)
    try:
        if not form.is_valid():
            raise ServiceError("出席专家：请从本评审组专家中选择。")
        n = vote_services.attendance_record(
            meeting=meeting, actor=request.user, present=form.cleaned_data["present"]
        )
        messages.success(request, f"签到已保存：出席{n}人。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:meeting", pk=meeting.pk)


@office_only
@require_POST
def meeting_close(request, pk: int):
    meeting = _meeting(request, pk)
    try:
        tallies = vote_services.votes_close(meeting=meeting, actor=request.user)
        passed = sum(1 for t in tallies if t.passed)
        void = sum(1 for t in tallies if not t.quorum_met)
        text = f"表决结束：{len(tallies)}份材料中通过{passed}份"
        messages.success(
            request, text + (f"；{void}份因出席人数不足表决无效，须另行组织表决。" if void else "。")
        )
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:meeting", pk=meeting.pk)


# --------------------------------------------------------------------------- results 公示


@office_only
def publicity(request, pk: int):
    plan = _plan(request, pk)
    form = forms.PublicityForm(
        request.POST or None,
        initial={
            "title": f"{plan.name}评审结果公示",
            "start": timezone.localdate(),
            "end": calendar().end_of_period(timezone.localdate(), MIN_PUBLICITY_WORKING_DAYS),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            result_services.result_publicity_open(plan=plan, actor=request.user, **form.cleaned_data)
            messages.success(request, "评审结果已在门户“评审结果公示”栏目发布。")
            return redirect("evaluation:publicity", pk=plan.pk)
        except ServiceError as exc:
            form.add_error(None, str(exc))
    publicities = (
        ResultPublicity.objects.filter(plan=plan)
        .prefetch_related(
            "entries__case",
            Prefetch("entries__objections", queryset=ResultObjection.objects.select_related("resolved_by")),
        )
        .order_by("-start")
    )
    return render(
        request,
        "evaluation/office_publicity.html",
        {
            "plan": plan,
            "tab": "publicity",
            "form": form,
            # 温州 (approval first): the 公示 lists the names the bureau approved, not those just voted through.
            "ready": selectors.cases_of_plan(plan, result_services.publishable_status(plan)),
            "approval_first": result_services.approval_first(case_services.rules_for(plan)),
            "publicities": publicities,
            "today": timezone.localdate(),
            "resolve_form": forms.ResolveForm(),
        },
    )


def _publicity(request, pk) -> ResultPublicity:
    return selectors.get_publicity_for_office(request.user, pk)


@office_only
@require_POST
def objection_record(request, pk: int):
    pub = _publicity(request, pk)
    form = forms.ObjectionForm(request.POST, entries=pub.entries.all())
    try:
        if not form.is_valid():
            raise ServiceError(
                "；".join(
                    f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items() if f in form.fields
                )
            )
        result_services.result_objection_record(actor=request.user, **form.cleaned_data)
        messages.success(request, "异议已登记，请核查后处理。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:publicity", pk=pub.plan_id)


@office_only
@require_POST
def objection_resolve(request, pk: int):
    objection = selectors.get_objection_for_resolution(request.user, pk)
    form = forms.ResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("核查结论：必须填写。")
        result_services.result_objection_resolve(objection=objection, actor=request.user, **form.cleaned_data)
        messages.success(request, "异议已处理。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:publicity", pk=objection.entry.publicity.plan_id)


@office_only
@require_POST
def publicity_close(request, pk: int):
    pub = _publicity(request, pk)
    try:
        with transaction.atomic():
            n = result_services.result_publicity_close(publicity=pub, actor=request.user)
        after = (
            "待人社部门发文并发放电子证书"
            if result_services.approval_first(case_services.rules_for(pub.plan))
            else "已报人社部门审批"
        )
        messages.success(request, f"公示已结束：{n}人公示无异议，{after}。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("evaluation:publicity", pk=pub.plan_id)
