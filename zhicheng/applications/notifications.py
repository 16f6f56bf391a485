"""Messages at each transition: the applicant, and the reviewers of the next stage (12333 style SMS).

Texts follow the seeds' 12333 messages: who, what happened, what to do next, and where (the
platform). SMS carry no ID or phone number; the reviewers' message masks the applicant's name.
"""

from __future__ import annotations

from django.conf import settings

from zhicheng.accounts.models import Role, User
from zhicheng.core.dates import cn_date as _date
from zhicheng.notifications.services import notify
from zhicheng.plans.deadlines import stage_deadline

from .models import Action, Status
from .routing import STAGE_ROLE

SMS_REASON_CHARS = 40
PLATFORM = settings.PLATFORM_NAME


def _short(text: str, limit: int = SMS_REASON_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(history) -> str:
    return history.organization.name if history.organization_id else ""


def applicant_message(*, application, history) -> tuple[str, str, str]:
    """(subject, in-app body, SMS) for the applicant."""
    plan = application.plan.name
    name = application.applicant.real_name
    action = history.action
    now_at = application.current_org.name if application.current_org_id else ""
    # Where the decision was made: read only for the decisions that name it (a 提交 or 撤回 does not, and
    # the organisation row would be one more read inside every such transaction).
    decided_by = "" if action in (Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW) else _place(history)
    reason = history.opinion
    if action in (Action.SUBMIT, Action.RESUBMIT):
        verb = "已重新提交" if action == Action.RESUBMIT else "已提交"
        subject = f"职称申报{verb}"
        body = f"您申报的“{plan}”{verb}，现由{now_at}审核。审核期间请保持电话畅通，留意审核结果。"
        sms = f"【12333】{name}您好：您申报的{plan}{verb}，现由{now_at}审核，请留意审核结果。"
    elif action == Action.WITHDRAW:
        subject = "职称申报已撤回"
        body = f"您申报的“{plan}”已撤回，现为草稿。修改后请在申报截止前重新提交。"
        sms = f"【12333】{name}您好：您申报的{plan}已撤回，修改后请在申报截止前重新提交。"
    elif action == Action.APPROVE and application.status == Status.PENDING:
        subject = "职称申报审核通过"
        body = f"您申报的“{plan}”已通过{decided_by}审核，现由{now_at}审核。"
        sms = f"【12333】{name}您好：您申报的{plan}已通过{decided_by}审核，现由{now_at}审核。"
    elif action == Action.APPROVE:
        subject = "职称申报资格审查通过"
        body = (
            f"您申报的“{plan}”已通过{decided_by}资格审查。资格审查结果将在“评审公示”栏目公示，"
            "请按系统提示及时缴纳评审费。"
        )
        sms = f"【12333】{name}您好：您申报的{plan}已通过资格审查，请登录{PLATFORM}查看并按提示缴纳评审费。"
    elif action == Action.RETURN:
        due = stage_deadline(application.returned_from_stage, application.plan)
        by = f"请于{_date(due)}前" if due else "请尽快"
        subject = "职称申报被退回修改"
        body = f"您申报的“{plan}”被{decided_by}退回修改。退回原因：{reason}。{by}修改后重新提交。"
        sms = (
            f"【12333】{name}您好：您申报的{plan}被{decided_by}退回修改，原因：{_short(reason)}。"
            f"{by}登录{PLATFORM}修改后重新提交。"
        )
    elif history.from_status == Status.QUALIFIED:
        subject = "职称评审资格已取消"
        body = f"您申报的“{plan}”在资格审查公示期间经核实取消评审资格。原因：{reason}。"
        sms = f"【12333】{name}您好：您申报的{plan}经公示核实取消评审资格，原因：{_short(reason)}。"
    else:
        subject = "职称申报审核不通过"
        body = f"您申报的“{plan}”未通过{decided_by}审核。原因：{reason}。"
        sms = f"【12333】{name}您好：您申报的{plan}未通过{decided_by}审核，原因：{_short(reason)}。"
    return subject, body, sms


def notify_transition(*, application, history) -> None:
    subject, body, sms = applicant_message(application=application, history=history)
    notify(
        recipients=[application.applicant],
        subject=subject,
        body=body,
        sms=sms if "登录" in sms else f"{sms}请登录{PLATFORM}查看。",
        link=f"/applications/{application.pk}/",
        about=f"我的申报 · {application.plan.name}",
    )
    plan = application.plan.name
    masked = application.applicant.masked_name
    about = f"{masked} · {plan}"  # one application: the reviewer's message centre groups by it
    if application.status == Status.PENDING and application.current_org_id:
        stage = application.current_stage
        due = stage_deadline(stage, application.plan)
        by = f"，本环节截止日期为{_date(due)}" if due else ""
        reviewers = User.objects.filter(
            organization_id=application.current_org_id, role=STAGE_ROLE[stage.kind], is_active=True
        )
        again = "重新提交的" if history.action == Action.RESUBMIT else ""
        notify(
            recipients=reviewers,
            subject="新的职称申报待审核",
            body=f"{masked} {again}申报“{plan}”已到达{stage.label}环节，请及时审核{by}。",
            sms=f"【12333】您单位有1件{again}职称申报（{plan}）待审核{by}，请登录{PLATFORM}办理。",
            link=f"/review/applications/{application.pk}/",
            about=about,
        )
    elif history.action == Action.WITHDRAW and history.organization_id:
        reviewers = User.objects.filter(
            organization_id=history.organization_id, role=Role.EMPLOYER, is_active=True
        )
        notify(
            recipients=reviewers,
            subject="职称申报已被申报人撤回",
            body=f"{masked} 已撤回“{plan}”的申报，待其重新提交后再审核。",
            link="/review/",
            about=about,
        )
