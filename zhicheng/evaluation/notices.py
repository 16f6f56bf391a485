"""Messages of the evaluation, 12333 style: who, what happened, what to do next, and where.

SMS carry no ID or phone number. Messages to experts never name the applicant (blind review).
All of them go through notifications.notify, which delivers after commit.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.core.dates import cn_date
from zhicheng.notifications.services import notify

from .models import CaseAction, CaseStatus

PLATFORM = settings.PLATFORM_NAME


def money(value) -> str:
    text = format(value, "f")
    return text[:-3] if text.endswith(".00") else text


def _case_link(case) -> str:
    return f"/evaluation/cases/{case.pk}/"


def case_opened(*, case) -> None:
    """After qualification: the fee, the deadline and where to pay (seed 001 附件2 7)."""
    name, plan = case.application.applicant.real_name, case.plan.name
    fee, due = money(case.fee_amount), cn_date(case.fee_deadline)
    notify(
        recipients=[case.application.applicant],
        subject="请缴纳职称评审费",
        body=(
            f"您申报的“{plan}”已通过资格审查。请于{due}前缴纳评审费{fee}元"
            "（可在“我的评审”中网上缴费，或按通知到评委会办公室线下缴纳）。逾期未缴费的，不进入评审。"
        ),
        sms=f"【12333】{name}您好：您申报的{plan}已通过资格审查，请于{due}前登录{PLATFORM}缴纳评审费{fee}元，逾期不进入评审。",
        link=_case_link(case),
        about=f"我的申报 · {case.application.plan.name}",
    )


def _applicant_text(case, history) -> tuple[str, str, str] | None:
    plan = case.plan.name
    name = case.application.applicant.real_name
    action, to = history.action, history.to_status
    reason = history.opinion
    if action == CaseAction.PAY:
        nxt = "请留意考试考评安排" if to == CaseStatus.IN_ASSESSMENT else "等待专家评审"
        return (
            "评审费缴费成功",
            f"您已缴纳“{plan}”评审费{money(case.fee_amount)}元，收据可随时在“我的评审”中下载。{nxt}。",
            f"【12333】{name}您好：您已缴纳{plan}评审费{money(case.fee_amount)}元，{nxt}，收据请登录{PLATFORM}下载。",
        )
    if action == CaseAction.NO_FEE:
        nxt = "请留意考试考评安排" if to == CaseStatus.IN_ASSESSMENT else "等待专家评审"
        return (
            "进入评审",
            f"您申报的“{plan}”资格审查公示无异议，本计划不收评审费，{nxt}。进度可在“我的申报”中查看。",
            f"【12333】{name}您好：您申报的{plan}资格审查公示无异议，{nxt}，进度请登录{PLATFORM}查看。",
        )
    if action == CaseAction.EXPIRE:
        return (
            "未在规定时间内缴纳评审费",
            f"您申报的“{plan}”未在{cn_date(case.fee_deadline)}前缴纳评审费，本次不进入评审。如有疑问请联系评委会办公室。",
            f"【12333】{name}您好：您申报的{plan}未在规定时间内缴纳评审费，本次不进入评审，如有疑问请联系评委会办公室。",
        )
    if action == CaseAction.ASSESSMENT_PASS:
        return (
            "考试考评合格",
            f"您参加的“{plan}”考试考评成绩合格，进入综合评审环节。成绩可在“我的评审”中查看。",
            f"【12333】{name}您好：您参加的{plan}考试考评合格，进入综合评审，成绩请登录{PLATFORM}查看。",
        )
    if action == CaseAction.ASSESSMENT_FAIL:
        return (
            "考试考评未合格",
            f"您参加的“{plan}”考试考评成绩未达合格线，本年度不进入综合评审。成绩可在“我的评审”中查看。",
            f"【12333】{name}您好：您参加的{plan}考试考评未合格，本年度不进入综合评审，成绩请登录{PLATFORM}查看。",
        )
    if action == CaseAction.PASS_REVIEW or action == CaseAction.FAIL_REVIEW:
        # The result becomes public with the 公示 / the bureau's 发文; the applicant learns it then.
        return None
    if action == CaseAction.PUBLISH:
        return (
            "评审结果公示",
            f"您申报的“{plan}”评审结果正在“评审公示”栏目公示，公示期满无异议后报人社部门审批。",
            f"【12333】{name}您好：您申报的{plan}评审结果正在公示，公示期满无异议后报人社部门审批。",
        )
    if action == CaseAction.CANCEL:
        return (
            "职称评审资格已取消",
            f"您申报的“{plan}”经核实取消评审资格。原因：{reason}。",
            f"【12333】{name}您好：您申报的{plan}经核实取消评审资格，详情请登录{PLATFORM}查看。",
        )
    if action == CaseAction.DECLINE:
        return (
            "评审结果未获审批通过",
            f"您申报的“{plan}”评审结果未获人社部门审批通过。原因：{reason}。",
            f"【12333】{name}您好：您申报的{plan}评审结果未获审批通过，详情请登录{PLATFORM}查看。",
        )
    if action == CaseAction.CERTIFY:
        return (
            "职称电子证书已发放",
            f"您申报的“{plan}”已经人社部门审批发文，电子证书已发放，可在“我的证书”中下载，也可申请纸质证书。",
            f"【12333】{name}您好：您申报的{plan}已审批发文，电子证书已发放，请登录{PLATFORM}下载。",
        )
    if action == CaseAction.REVOKE:
        return (
            "职称资格已撤销",
            f"您通过“{plan}”取得的职称资格已被撤销，电子证书作废。原因：{reason}。",
            f"【12333】{name}您好：您通过{plan}取得的职称资格已被撤销，详情请登录{PLATFORM}查看。",
        )
    return None


def notify_case_transition(*, case, history) -> None:
    text = _applicant_text(case, history)
    if text is None:
        return
    subject, body, sms = text
    notify(
        recipients=[case.application.applicant],
        subject=subject,
        body=body,
        sms=sms,
        link=_case_link(case),
        about=f"我的申报 · {case.application.plan.name}",
    )


def assessment_scheduled(*, session, cases) -> None:
    spec = session.spec
    local = timezone.localtime(session.starts_at)
    when = f"{cn_date(local.date())} {local:%H:%M}"
    for case in cases:
        applicant = case.application.applicant
        notify(
            recipients=[applicant],
            subject=f"{spec.name}安排",
            body=f"您申报的“{case.plan.name}”{spec.name}定于{when}在{session.place}举行。{session.note}".strip(),
            sms=f"【12333】{applicant.real_name}您好：您的{spec.name}定于{when}在{session.place}举行，请准时参加。",
            link=_case_link(case),
            about=f"我的申报 · {case.application.plan.name}",
        )


def experts_assigned(*, panel, expert, count: int) -> None:
    # cycle: services.cases imports this module
    from .services.cases import rules_for

    due = cn_date(rules_for(panel.plan).scoring_due)
    by = f"，请于{due}前完成评分" if due else "，请及时完成评分"
    notify(
        recipients=[expert.user],
        subject="新的评审任务",
        body=f"“{panel.plan.name}”{panel.name}有{count}份评审材料分配给您{by}。",
        sms=f"【12333】您有{count}份职称评审材料待评分（{panel.plan.name}）{by}，请登录{PLATFORM}办理。",
        link="/evaluation/expert/",
    )


def scoring_reminder(*, expert, panel, pending: int, due) -> None:
    notify(
        recipients=[expert.user],
        subject="评分即将截止",
        body=f"“{panel.plan.name}”{panel.name}尚有{pending}份材料未提交评分，截止日期为{cn_date(due)}。",
        sms=f"【12333】您尚有{pending}份职称评审材料未提交评分，截止日期{cn_date(due)}，请登录{PLATFORM}办理。",
        link="/evaluation/expert/",
    )


def meeting_opened(*, meeting) -> None:
    panel = meeting.panel
    notify(
        recipients=[m.expert.user for m in panel.members.select_related("expert__user")],
        subject="评审会议表决",
        body=f"“{panel.plan.name}”{panel.name}评审会议于{cn_date(meeting.held_on)}在{meeting.place}举行，请签到后进行表决。",
        link=f"/evaluation/expert/meetings/{meeting.pk}/",
    )


def results_ready_for_approval(*, plan, count: int) -> None:
    reviewers = User.objects.filter(
        organization_id=plan.committee.hr_bureau_id, role=Role.HR_BUREAU, is_active=True
    )
    notify(
        recipients=reviewers,
        subject="评审结果待审批",
        body=f"“{plan.name}”评审结果公示期满，{count}人待审批发文。",
        sms=f"【12333】{plan.committee.organization.name}报送的{count}人评审结果待审批，请登录{PLATFORM}办理。",
        link=f"/evaluation/bureau/plans/{plan.pk}/",
    )
