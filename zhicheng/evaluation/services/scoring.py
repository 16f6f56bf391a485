"""Online scoring on the plan's scoring form, and reminders before the due date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.core.workdays import calendar

from .. import events, notices, permissions
from ..models import CaseStatus, ExpertScore, Panel, PanelMember, ScoreReminder
from ..rules import score_sheet
from . import ServiceError
from .cases import rules_for

COMMENT_LIMIT = 2000


def score_save(*, case, user, marks: Mapping[str, object], comment: str, submit: bool) -> ExpertScore:
    """Save (暂存) or submit an expert's scoring; a submitted scoring is final."""
    profile = permissions.expert_profile(user)
    if profile is None or not permissions.expert_cases(user).filter(pk=case.pk).exists():
        raise ServiceError("该评审材料不在您的评审任务中。")
    rules = rules_for(case.plan)
    if rules.scoring_due and timezone.localdate() > rules.scoring_due and submit:
        raise ServiceError(
            f"评分：评分截止日期{notices.cn_date(rules.scoring_due)}已过，请联系评委会办公室。"
        )
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LIMIT:
        raise ServiceError(f"评审意见：不能超过{COMMENT_LIMIT}字。")
    sheet, problems = score_sheet(rules.scoring_form, marks)
    if not submit:
        problems = [p for p in problems if "必须填写" not in p]
    if submit and not comment:
        problems.append("评审意见：提交评分时必须填写评审意见")
    if problems:
        raise ServiceError("；".join(problems))
    kept = (
        {k: str(v) for k, v in sheet.marks.items()}
        if sheet
        else {
            item["key"]: str(marks.get(item["key"])).strip()
            for item in rules.scoring_form
            if str(marks.get(item["key"]) or "").strip()
        }
    )
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                score, _ = ExpertScore.objects.select_for_update().get_or_create(
                    case=case, expert=profile, defaults={"updated_at": now}
                )
        except IntegrityError:
            score = ExpertScore.objects.select_for_update().get(case=case, expert=profile)
        if score.status == ExpertScore.Status.SUBMITTED:
            raise ServiceError("评分已提交，不能修改。")
        score.marks, score.comment, score.updated_at = kept, comment, now
        if submit:
            score.total, score.status, score.submitted_at = sheet.total, ExpertScore.Status.SUBMITTED, now
        score.save()
        events.score_saved(actor=user, score=score, submitted=submit)
    return score


def scoring_reminders_send(*, today: date | None = None) -> int:
    """Remind each expert with unsubmitted scorings when the due date is within the plan's reminder
    window (working days); at most once per expert, panel and due date."""
    today = today or timezone.localdate()
    cal = calendar()
    sent = 0
    panels = Panel.objects.filter(cases__status=CaseStatus.UNDER_REVIEW).select_related("plan").distinct()
    for panel in panels:
        rules = rules_for(panel.plan)
        due = rules.scoring_due
        if due is None or due < today or cal.count(today, due) > max(rules.reminder_working_days, 1):
            continue
        case_ids = list(panel.cases.filter(status=CaseStatus.UNDER_REVIEW).values_list("pk", flat=True))
        for member in PanelMember.objects.filter(panel=panel).select_related("expert__user"):
            visible = permissions.expert_cases(member.expert.user).filter(pk__in=case_ids)
            submitted = ExpertScore.objects.filter(
                expert=member.expert, case__in=visible, status=ExpertScore.Status.SUBMITTED
            ).count()
            pending = visible.count() - submitted
            if pending <= 0:
                continue
            try:
                with transaction.atomic():
                    ScoreReminder.objects.create(
                        expert=member.expert, panel=panel, due=due, pending=pending, sent_at=timezone.now()
                    )
                    notices.scoring_reminder(expert=member.expert, panel=panel, pending=pending, due=due)
            except IntegrityError:
                continue  # already reminded for this due date
            sent += 1
    if sent:
        events.scoring_reminders_sent(count=sent)
    return sent
