"""The 公示 pages: one public page for every kind, and the committee office's page of one 公示 (its list,
objections, period and closing). Thin: forms check input, services write, selectors read; GET never writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.core.replica import tolerates_lag

from . import rules, selectors, services
from .forms import ObjectionForm, RescheduleForm, ResolveForm
from .models import Kind, Objection, Publicity
from .permissions import can_manage

KIND_TABS = [("", "全部"), (Kind.QUALIFICATION, "资格审查公示"), (Kind.RESULTS, "评审结果公示")]


@login_not_required
@require_safe
@tolerates_lag
def public(request):
    """评审公示 (portal): the qualification and results lists — name, employer, specialty, level only."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in selectors.PUBLIC_KINDS else ""
    today = timezone.localdate()
    return render(
        request,
        "publicity/public.html",
        {
            "publicities": selectors.public_publicities(today, kind or None),
            "today": today,
            "kind": kind,
            "tabs": KIND_TABS,
        },
    )


@require_role(Role.COMMITTEE_OFFICE)
@require_safe
def manage_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in selectors.PUBLIC_KINDS else ""
    return render(
        request,
        "publicity/manage_list.html",
        {
            "publicities": selectors.publicities_for_office(request.user, kind=kind or None),
            "today": timezone.localdate(),
            "kind": kind,
            "tabs": KIND_TABS,
        },
    )


def _page(request, publicity, *, objection_forms=None, resolve_forms=None, reschedule_form=None, status=200):
    today = timezone.localdate()
    entries = selectors.entries_with_objections(publicity)
    objection_forms, resolve_forms = objection_forms or {}, resolve_forms or {}
    for entry in entries:
        entry.objection_form = objection_forms.get(entry.pk) or ObjectionForm(
            prefix=f"o{entry.pk}", initial={"received_on": min(today, publicity.end)}
        )
        for objection in entry.objections.all():
            objection.resolve_form = resolve_forms.get(objection.pk) or ResolveForm(prefix=f"r{objection.pk}")
    open_objections = sum(1 for e in entries for o in e.objections.all() if o.status == Objection.Status.OPEN)
    close_problem = rules.close_problem(publicity=publicity, open_objections=open_objections, today=today)
    return render(
        request,
        "publicity/manage_detail.html",
        {
            "publicity": publicity,
            "entries": entries,
            "open_objections": open_objections,
            "can_close": close_problem is None,
            "reschedule_form": reschedule_form
            or RescheduleForm(initial={"start": publicity.start, "end": publicity.end}),
            "rule_title": rules.RULE_TITLE,
            "rule_clauses": rules.RULE_CLAUSES,
            "today": today,
        },
        status=status,
    )


@require_role(Role.COMMITTEE_OFFICE)
@require_safe
def manage_detail(request, pk: int):
    return _page(request, selectors.publicity_for_office(request.user, pk))


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def objection_new(request, pk: int):
    publicity = selectors.publicity_for_office(request.user, pk)
    entry = next((e for e in publicity.entries.all() if str(e.pk) == request.POST.get("entry")), None)
    if entry is None:
        messages.error(request, "被反映人员：请从公示名单中选择。")
        return redirect("publicity:manage_detail", pk=pk)
    form = ObjectionForm(request.POST, prefix=f"o{entry.pk}")
    if form.is_valid():
        try:
            services.objection_record(actor=request.user, entry=entry, **form.cleaned_data)
        except services.PublicityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记对 {entry.name} 的异议，请在结束公示前核实处理。")
            return redirect("publicity:manage_detail", pk=pk)
    return _page(request, publicity, objection_forms={entry.pk: form}, status=400)


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def objection_resolve(request, pk: int):
    objection = selectors.objection_for_office(request.user, pk)
    publicity = selectors.publicity_for_office(request.user, objection.entry.publicity_id)
    form = ResolveForm(request.POST, prefix=f"r{objection.pk}")
    if form.is_valid():
        try:
            services.objection_resolve(
                actor=request.user,
                objection=objection,
                upheld=form.cleaned_data["decision"] == "upheld",
                resolution=form.cleaned_data["resolution"],
            )
        except services.PublicityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已处理对 {objection.entry.name} 的异议。")
            return redirect("publicity:manage_detail", pk=publicity.pk)
    return _page(request, publicity, resolve_forms={objection.pk: form}, status=400)


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def reschedule(request, pk: int):
    publicity = selectors.publicity_for_office(request.user, pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            row = services.publicity_reschedule(actor=request.user, publicity=publicity, **form.cleaned_data)
        except services.PublicityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"公示期已调整为 {row.start:%Y-%m-%d} 至 {row.end:%Y-%m-%d}，共 {row.working_days} 个工作日。",
            )
            return redirect("publicity:manage_detail", pk=pk)
    return _page(request, publicity, reschedule_form=form, status=400)


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def close(request, pk: int):
    publicity: Publicity = selectors.publicity_for_office(request.user, pk)
    if not can_manage(request.user, publicity):
        messages.error(request, "只有本计划的评委会办公室可以结束公示。")
        return redirect("publicity:manage_detail", pk=pk)
    try:
        row = services.publicity_close(actor=request.user, publicity=publicity)
    except services.PublicityError as exc:
        messages.error(request, str(exc))
    else:
        cleared = row.entries.filter(outcome="cleared").count()
        messages.success(
            request, f"{row.get_kind_display()}已结束，公示无异议 {cleared} 人，已按流程进入下一步。"
        )
    return redirect("publicity:manage_detail", pk=pk)
