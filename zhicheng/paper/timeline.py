"""The applicant's paper steps on the one timeline: what to bring or mail, where, by when."""

from zhicheng.applications.timeline import TimelineEvent, TimelineStep

from . import selectors
from .models import PaperCheck, PaperWhen

# 温州附件1 9: 评审费缴纳成功后……报送评审表; seed 003 四: 原件核查 before the review — after the fee, before
# the assessments (keys assessment-<pk>) and the expert review.
BEFORE_REVIEW_GOES_BEFORE = ("assessment-", "expert_review")


def _items(step) -> str:
    return "、".join(step.items)


def steps_for(application, *, today, history=None) -> list[TimelineStep]:
    out = []
    office = application.plan.committee.organization.name
    before = selectors.step_for(application.plan, PaperWhen.BEFORE_REVIEW)
    if before is not None and application.status not in ("draft",):
        check = selectors.check_for(application)
        if check and check.state == PaperCheck.State.PASSED:
            out.append(TimelineStep(
                "paper_check", before.title, office, "done", "核查通过",
                events=[TimelineEvent(check.checked_at, "paper_check", "核查通过", office, "")],
                goes_before=BEFORE_REVIEW_GOES_BEFORE,
            ))  # fmt: skip
        else:
            todo = f"请于{before.window_label}携带以下材料到{before.address}核查：{_items(before)}。"
            if check:
                todo = f"原件核查未通过（{check.note}），请补正后再到{before.address}核查。"
            out.append(TimelineStep(
                "paper_check", before.title, office, "current", check.get_state_display() if check else "待核查",
                deadline=before.end, todo=todo, goes_before=BEFORE_REVIEW_GOES_BEFORE,
            ))  # fmt: skip
    after = selectors.step_for(application.plan, PaperWhen.AFTER_PASS)
    if after is not None:
        if selectors.case_passed(application):
            mailing = selectors.mailing_for(application)
            if mailing is None:
                out.append(TimelineStep(
                    "paper_mailing", after.title, office, "current", "待邮寄", deadline=after.end,
                    todo=f"评审已通过：请将{_items(after)}通过EMS邮寄至{after.address}，并在“纸质材料”页面登记EMS单号。",
                ))  # fmt: skip
            else:
                done = mailing.returned_at or (mailing.received_at if not after.stamp_and_return else None)
                events = [
                    TimelineEvent(
                        mailing.mailed_at, "paper_mailed", f"已寄出（EMS {mailing.tracking_number}）", "", ""
                    )
                ]
                if mailing.received_at:
                    events.append(
                        TimelineEvent(mailing.received_at, "paper_received", "办理单位已收到", office, "")
                    )
                if mailing.returned_at:
                    label = f"评审表已盖章寄回（EMS {mailing.return_tracking_number}）"
                    events.append(TimelineEvent(mailing.returned_at, "paper_returned", label, office, ""))
                out.append(TimelineStep(
                    "paper_mailing", after.title, office, "done" if done else "current", mailing.state_label,
                    events=events,
                ))  # fmt: skip
        elif application.status not in ("draft", "rejected"):
            out.append(TimelineStep("paper_mailing", after.title, office, "upcoming", "评审通过后邮寄"))
    return out
