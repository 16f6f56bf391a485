"""Each stage's deadline: the stage's own date when the plan sets one, else the plan's window for it.

Seed 001 二.2 (用人单位网上审核推荐截止时间), seed 002 一 (各地市及省级主管部门材料报送截止时间) and
seed 003 四 (所在单位审核报送截止时间) give the employer and department deadlines; the committee
office's qualification review has to be finished before the review itself starts.

It lives with the plans (issue 16 §1): the deadline is the plan's, and the applicant's notices
(applications) read it as well as the reviewers' queues (review) and the dashboards.
"""

from __future__ import annotations

from datetime import date

from zhicheng.plans.models import StageKind

DEPARTMENT_KINDS = (StageKind.COUNTY, StageKind.CITY, StageKind.PROVINCE)


def stage_deadline(stage, plan=None) -> date | None:
    if stage is None:
        return None
    if stage.deadline:
        return stage.deadline
    plan = plan or stage.plan
    if stage.kind == StageKind.EMPLOYER:
        return plan.employer_deadline
    if stage.kind in DEPARTMENT_KINDS:
        return plan.department_deadline
    if stage.kind == StageKind.COMMITTEE_OFFICE:
        return plan.review_start
    return None
