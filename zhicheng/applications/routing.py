"""Which organisation holds an application at each stage of its plan's chain.

A department review is held by a named kind of office at a region level (县级人力社保部门, 市经信局…) or by
one organisation the notice names (seed 000 五1: 市机械工程学会). The kind of office is data on the stage;
the organisation is found from the applicant's 受理点 (or employer) region, so one plan routes files from
鹿城区 and 瓯海区 to their own county bureau and then to the one city bureau above both.
"""

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

# 浙人专〔2007〕57号 natures of a 非公企业 (seed 003 三: 无主管部门的股份制企业和民营等非公企业 … 经单位审核同意后
# 直接按申报类别、专业进行推荐报送). 集体企业 and 国有企业 have a 主管部门 by definition.
NON_PUBLIC_NATURES = frozenset({"私营企业和个体工商户", "外商投资企业", "港澳台投资企业", "其它类企业"})


class RoutingError(ValueError):
    pass


def _anchor(application) -> Organization | None:
    return application.intake_department or (
        application.employer.organization if application.employer_id else None
    )


def _matches(org: Organization, stage: PlanStage) -> bool:
    return (
        org.kind == Organization.Kind.DEPARTMENT
        and org.region.level == stage.kind
        and (not stage.office_kind or org.department_kind == stage.office_kind)
    )


def _department_for(application, stage: PlanStage) -> Organization | None:
    if stage.organization_id:
        return stage.organization
    anchor = _anchor(application)
    if anchor is None:
        return None
    if _matches(anchor, stage):
        return anchor
    # The plan's own intake points first (the office chose them), then any department of that kind
    # whose jurisdiction contains the applicant's: the city bureau above a county intake point.
    for dept in sorted(application.plan.intake_departments.all(), key=lambda d: d.pk):
        if _matches(dept, stage) and dept.region.contains(anchor.region):
            return dept
    candidates = Organization.objects.filter(
        kind=Organization.Kind.DEPARTMENT, region__level=stage.kind
    ).select_related("region")
    if stage.office_kind:
        candidates = candidates.filter(department_kind=stage.office_kind)
    for dept in candidates.order_by("pk"):
        if dept.region.contains(anchor.region):
            return dept
    return None


def may_go_direct(application) -> bool:
    """Whether this file may skip the plan's department reviews: the plan lets a 非公企业 without a
    主管部门 go straight on (seed 003 三) and the employer is one."""
    if not application.employer_id or application.employer.nature not in NON_PUBLIC_NATURES:
        return False
    return any(s.non_public_direct for s in application.plan.stages.all())


def stage_applies(application, stage: PlanStage) -> bool:
    """Whether the file passes through this stage at all: a 非公企业 that named no 受理点 (it has no
    主管部门) skips the department reviews marked 非公企业直接报送 (seed 003 三)."""
    if not stage.non_public_direct or application.intake_department_id:
        return True
    return not may_go_direct(application)


def next_stage(application, stages) -> PlanStage | None:
    """The first of ``stages`` (in order) the file passes through, or None: the chain is done."""
    for stage in stages:
        if stage_applies(application, stage):
            return stage
    return None


def reviewer_org_for(application, stage: PlanStage) -> Organization:
    if stage.kind == StageKind.EMPLOYER:
        if application.employer_id is None:
            raise RoutingError("现工作单位：未填写，无法提交到用人单位审核。")
        return application.employer.organization
    if stage.kind == StageKind.COMMITTEE_OFFICE:
        return application.plan.committee.organization
    if stage.organization_id is None and _anchor(application) is None:
        raise RoutingError("受理点：未选择，无法确定主管部门。")
    dept = _department_for(application, stage)
    if dept is None:
        where = _anchor(application).region.full_name
        raise RoutingError(
            f"没有覆盖“{where}”的{stage.holder_label}，无法进入“{stage.label}”环节，请联系评委会办公室。"
        )
    return dept
