"""Which organisation holds an application at each stage of its plan's chain."""

from zhicheng.accounts.models import Role
from zhicheng.organizations.models import Organization
from zhicheng.plans.models import PlanStage, StageKind

STAGE_ROLE = {
    StageKind.EMPLOYER: Role.EMPLOYER,
    StageKind.COUNTY: Role.DEPARTMENT,
    StageKind.CITY: Role.DEPARTMENT,
    StageKind.PROVINCE: Role.DEPARTMENT,
    StageKind.COMMITTEE_OFFICE: Role.COMMITTEE_OFFICE,
}


class RoutingError(ValueError):
    pass


def reviewer_org_for(application, stage: PlanStage) -> Organization:
    if stage.kind == StageKind.EMPLOYER:
        if application.employer_id is None:
            raise RoutingError("现工作单位：未填写，无法提交到用人单位审核。")
        return application.employer.organization
    if stage.kind == StageKind.COMMITTEE_OFFICE:
        return application.plan.committee.organization
    # A department stage: the intake point itself if it sits at this level, otherwise the plan's
    # department of this level whose jurisdiction contains the intake point (or the employer).
    anchor = application.intake_department or (
        application.employer.organization if application.employer_id else None
    )
    if anchor is None:
        raise RoutingError("受理点：未选择，无法确定主管部门。")
    if anchor.kind == "department" and anchor.region.level == stage.kind:
        return anchor
    for dept in application.plan.intake_departments.all():
        if dept.region.level == stage.kind and dept.region.contains(anchor.region):
            return dept
    raise RoutingError(
        f"该计划没有覆盖“{anchor.region.full_name}”的{stage.get_kind_display()}部门，请联系评委会办公室。"
    )
