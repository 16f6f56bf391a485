"""Writes of paper materials: the office's step settings and item-by-item check, the applicant's EMS number,
the office's receipt and the stamped form sent back. Keyword-only, one transaction, a named audit event."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role

from . import events, selectors
from .models import PaperCheck, PaperMailing, PaperStep

# 国内 EMS: 13 digits; 国际/部分国内: 2 letters, 9 digits, 2 letters (EA123456789CN).
EMS_NUMBER = re.compile(r"^(\d{13}|[A-Z]{2}\d{9}[A-Z]{2})$")
EMS_RULE = "应为13位数字，或2个字母加9位数字再加2个字母（如 EA123456789CN）"
# What a step that files have passed may still change (a later deadline, a new phone number).
FREE_AFTER_USE = {"end", "contact"}


class PaperError(Exception):
    """A refused action; the message is Chinese and safe to show."""


def _office_of(actor, plan) -> None:
    if actor.role != Role.COMMITTEE_OFFICE or actor.organization_id != plan.committee.organization_id:
        raise PaperError("只有本计划的评委会办公室可以办理纸质材料。")


def _ems(value: str, label: str) -> str:
    number = (value or "").strip().upper().replace(" ", "")
    if not EMS_NUMBER.match(number):
        raise PaperError(f"{label}：{EMS_RULE}。")
    return number


@transaction.atomic
def paper_step_save(*, actor, plan, step: PaperStep, changed: list[str]) -> PaperStep:
    """Save the office's settings of a paper step; once files have passed it only the deadline and the
    contact may change (issue 13 "Bad input")."""
    _office_of(actor, plan)
    created = step.pk is None
    if not created and (step.checks.exists() or step.mailings.exists()):
        locked = [name for name in changed if name not in FREE_AFTER_USE]
        if locked:
            labels = "、".join(str(PaperStep._meta.get_field(n).verbose_name) for n in locked)
            raise PaperError(
                f"“{step.title}”：已有申报办理过此环节，不能再修改{labels}（可延长截止日期、修改联系人）。"
            )
    step.plan = plan
    step.save()
    events.paper_step_saved(actor=actor, step=step, created=created)
    return step


@transaction.atomic
def paper_check_record(
    *, actor, step: PaperStep, application, checked: list[str], note: str = ""
) -> PaperCheck:
    """The office's check of one file's originals, item by item: all items seen → passed; otherwise the
    missing ones are written down for the applicant (a later check after 补正 replaces this one)."""
    _office_of(actor, step.plan)
    if application.plan_id != step.plan_id:
        raise PaperError("申报：不属于本计划。")
    unknown = [i for i in checked if i not in step.items]
    if unknown:
        raise PaperError(f"核对材料：“{unknown[0]}”不在本环节的材料清单中。")
    missing = [i for i in step.items if i not in checked]
    note = (note or "").strip()
    if missing and not note:
        note = "缺：" + "；".join(missing)
    check, _ = PaperCheck.objects.select_for_update().update_or_create(
        step=step,
        application=application,
        defaults={
            "state": PaperCheck.State.INCOMPLETE if missing else PaperCheck.State.PASSED,
            "checked_items": [i for i in step.items if i in checked],
            "note": note[:300],
            "checked_by": actor,
            "checked_at": timezone.now(),
        },
    )
    events.paper_check_recorded(actor=actor, check=check)
    return check


@transaction.atomic
def paper_mailing_register(*, actor, application, tracking_number: str) -> PaperMailing:
    """The applicant's EMS number; may be corrected until the office has received the parcel."""
    if actor.pk != application.applicant_id:
        raise PaperError("只能登记本人申报的邮寄信息。")
    step = selectors.mailing_step_due(application)
    if step is None:
        raise PaperError("评审通过后才需要邮寄纸质材料，目前无需邮寄。")
    number = _ems(tracking_number, "EMS单号")
    mailing = PaperMailing.objects.select_for_update().filter(step=step, application=application).first()
    if mailing and mailing.received_at:
        raise PaperError("办理单位已收到您的材料，单号不能再修改。")
    if mailing is None:
        mailing = PaperMailing(step=step, application=application)
    mailing.tracking_number = number
    mailing.mailed_at = timezone.now()
    mailing.save()
    events.paper_mailed(actor=actor, mailing=mailing)
    return mailing


@transaction.atomic
def paper_mailing_receive(*, actor, mailing: PaperMailing) -> PaperMailing:
    mailing = (
        PaperMailing.objects.select_for_update().select_related("step__plan__committee").get(pk=mailing.pk)
    )
    _office_of(actor, mailing.step.plan)
    if mailing.received_at:
        raise PaperError("已登记收到，无需重复操作。")
    mailing.received_at, mailing.received_by = timezone.now(), actor
    mailing.save(update_fields=["received_at", "received_by"])
    events.paper_received(actor=actor, mailing=mailing)
    return mailing


@transaction.atomic
def paper_mailing_return(*, actor, mailing: PaperMailing, tracking_number: str) -> PaperMailing:
    """The stamped 评审表 sent back by EMS 到付 (seed 001 二3)."""
    mailing = (
        PaperMailing.objects.select_for_update().select_related("step__plan__committee").get(pk=mailing.pk)
    )
    _office_of(actor, mailing.step.plan)
    if not mailing.step.stamp_and_return:
        raise PaperError("本环节不寄回评审表。")
    if not mailing.received_at:
        raise PaperError("请先登记收到材料，再登记寄回评审表。")
    if mailing.returned_at:
        raise PaperError("已登记寄回，无需重复操作。")
    mailing.return_tracking_number = _ems(tracking_number, "回寄EMS单号")
    mailing.returned_at = timezone.now()
    mailing.save(update_fields=["return_tracking_number", "returned_at"])
    events.paper_form_returned(actor=actor, mailing=mailing)
    return mailing
