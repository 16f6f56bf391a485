"""Thin views: fetch and authorize, call a service, render."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.applications.models import Application
from zhicheng.plans.models import Plan

from . import selectors, services
from .forms import CheckForm, PaperStepForm, TrackingForm
from .models import PaperMailing, PaperStep, PaperWhen


def _office_plan_or_404(request, pk) -> Plan:
    plan = Plan.objects.filter(pk=pk, committee__organization_id=request.user.organization_id).first()
    if plan is None:
        raise Http404("计划不存在")
    return plan


def _render_office(request, plan, *, forms=None, status=200):
    steps = {s.when: s for s in PaperStep.objects.filter(plan=plan)}
    forms = forms or {}
    sections = []
    for when, label in PaperWhen.choices:
        step = steps.get(when)
        form = forms.get(when) or PaperStepForm(
            instance=step,
            prefix=when,
            initial={"when": when, "title": "原件核查" if when == "before_review" else "邮寄纸质材料"},
        )
        rows = []
        if step and when == PaperWhen.BEFORE_REVIEW:
            rows = [{**r, "form": CheckForm(step=step, prefix=f"c{r['application'].pk}",
                                            initial={"checked": r["check"].checked_items if r["check"] else []})}
                    for r in selectors.files_to_check(step)]  # fmt: skip
        elif step:
            rows = selectors.files_to_receive(step)
        sections.append({"when": when, "label": label, "step": step, "form": form, "rows": rows})
    return render(request, "paper/office_plan.html", {"plan": plan, "sections": sections}, status=status)


@require_role(Role.COMMITTEE_OFFICE)
def office_plan(request, pk: int):
    return _render_office(request, _office_plan_or_404(request, pk))


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def step_save(request, pk: int):
    plan = _office_plan_or_404(request, pk)
    when = request.POST.get("when_prefix", "")
    if when not in PaperWhen.values:
        raise Http404("未知的环节")
    step = PaperStep.objects.filter(plan=plan, when=when).first()
    form = PaperStepForm(request.POST, instance=step, prefix=when)
    if form.is_valid():
        form.instance.when = when
        try:
            services.paper_step_save(
                actor=request.user, plan=plan, step=form.instance, changed=form.changed_data
            )
            messages.success(request, f"“{form.instance.title}”已保存。")
            return redirect("paper:office_plan", pk=plan.pk)
        except services.PaperError as exc:
            form.add_error(None, str(exc))
    return _render_office(request, plan, forms={when: form}, status=400)


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def check_record(request, pk: int, app_pk: int):
    step = get_object_or_404(PaperStep, pk=pk, plan__committee__organization_id=request.user.organization_id)
    application = get_object_or_404(Application, pk=app_pk, plan_id=step.plan_id)
    form = CheckForm(request.POST, step=step, prefix=f"c{application.pk}")
    if form.is_valid():
        try:
            check = services.paper_check_record(
                actor=request.user, step=step, application=application,
                checked=form.cleaned_data["checked"], note=form.cleaned_data["note"],
            )  # fmt: skip
            messages.success(request, f"{application.applicant.real_name}：{check.get_state_display()}。")
        except services.PaperError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "核对材料：请从清单中选择。")
    return redirect("paper:office_plan", pk=step.plan_id)


def _mailing_for_office(request, pk) -> PaperMailing:
    return get_object_or_404(
        PaperMailing, pk=pk, step__plan__committee__organization_id=request.user.organization_id
    )


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def mailing_receive(request, pk: int):
    mailing = _mailing_for_office(request, pk)
    try:
        services.paper_mailing_receive(actor=request.user, mailing=mailing)
        messages.success(request, "已登记收到纸质材料。")
    except services.PaperError as exc:
        messages.error(request, str(exc))
    return redirect("paper:office_plan", pk=mailing.step.plan_id)


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def mailing_return(request, pk: int):
    mailing = _mailing_for_office(request, pk)
    try:
        services.paper_mailing_return(
            actor=request.user, mailing=mailing, tracking_number=request.POST.get("tracking_number", "")
        )
        messages.success(request, "已登记寄回盖章的评审表。")
    except services.PaperError as exc:
        messages.error(request, str(exc))
    return redirect("paper:office_plan", pk=mailing.step.plan_id)


@require_role(Role.APPLICANT)
def applicant_page(request, pk: int):
    application = get_object_or_404(Application, pk=pk, applicant=request.user)
    form = TrackingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.paper_mailing_register(
                    actor=request.user,
                    application=application,
                    tracking_number=form.cleaned_data["tracking_number"],
                )
                messages.success(request, "EMS单号已登记，办理单位收到后会在此显示。")
                return redirect("paper:applicant_page", pk=application.pk)
            except services.PaperError as exc:
                if str(exc).startswith("EMS单号："):
                    form.add_error("tracking_number", str(exc).split("：", 1)[1])
                else:
                    form.add_error(None, str(exc))
        status = 400
    context = {
        "application": application,
        "before": selectors.step_for(application.plan, PaperWhen.BEFORE_REVIEW),
        "check": selectors.check_for(application),
        "after": selectors.step_for(application.plan, PaperWhen.AFTER_PASS),
        "due": selectors.mailing_step_due(application),
        "mailing": selectors.mailing_for(application),
        "form": form,
    }
    return render(request, "paper/applicant.html", context, status=status)
