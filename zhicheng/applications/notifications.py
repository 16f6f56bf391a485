"""Messages at each transition: the applicant, and the reviewers of the next stage (12333 style SMS)."""

from zhicheng.accounts.models import User
from zhicheng.notifications.services import notify

from .routing import STAGE_ROLE


def notify_transition(*, application, history) -> None:
    plan = application.plan
    applicant = application.applicant
    action = history.get_action_display()
    status = application.get_status_display()
    where = application.current_stage.get_kind_display() if application.current_stage else ""
    body = f"您申报的“{plan.name}”已{action}，当前状态：{status}{'（' + where + '）' if where else ''}。"
    if history.opinion:
        body += f"意见：{history.opinion}"
    notify(
        recipients=[applicant],
        subject=f"职称申报{action}",
        body=body,
        sms=f"【12333】{applicant.real_name}您好：您申报的{plan.name}已{action}，当前状态：{status}。请登录职称申报与评审平台查看。",
        link=f"/applications/{application.pk}/",
    )
    if application.status == "pending" and application.current_org_id:
        reviewers = User.objects.filter(
            organization_id=application.current_org_id,
            role=STAGE_ROLE[application.current_stage.kind],
            is_active=True,
        )
        notify(
            recipients=reviewers,
            subject="新的职称申报待审核",
            body=f"{applicant.masked_name} 申报的“{plan.name}”已到达{where}环节，请及时审核。",
            sms=f"【12333】您单位有1件职称申报（{plan.name}）待审核，请登录职称申报与评审平台办理。",
            link="/review/",
        )
