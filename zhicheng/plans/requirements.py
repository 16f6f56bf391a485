"""Which of a plan's attachments an application must upload: the condition on each attachment row
is data (``PlanAttachment.condition``), evaluated here against a few facts of the application.

Pure: the caller (applications) gathers the facts from the application and the archive; nothing
here reads the database, so the vocabulary is tested with tables of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import AttachmentCondition, AttachmentDelivery


@dataclass(frozen=True)
class ApplicantFacts:
    declaration_type: str = ""
    # The last month with social insurance paid outside 浙江省 (None: never). seed 001 附件2 二5(4),
    # seed 002 四(五), seed 003 附件3 二5(2): in-province records are taken by the system.
    last_out_of_province_insurance: date | None = None
    public_institution: bool = False  # works at a 事业单位 (seed 002 附件2 二11, seed 003 附件3 二5(3))
    today: date | None = None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def condition_holds(attachment, facts: ApplicantFacts) -> bool:
    """Does the attachment's condition apply to this applicant?"""
    condition = attachment.condition
    kind = facts.declaration_type
    if condition == AttachmentCondition.EVERYONE:
        return True
    if condition == AttachmentCondition.OUT_OF_PROVINCE_INSURANCE:
        last = facts.last_out_of_province_insurance
        if last is None:
            return False
        if not attachment.condition_years:
            return True
        today = facts.today or date.today()
        return last >= _years_before(today, attachment.condition_years)
    if condition == AttachmentCondition.PUBLIC_INSTITUTION:
        return facts.public_institution
    if condition == AttachmentCondition.EXCEPTIONAL:
        return kind == "exceptional"
    if condition == AttachmentCondition.EXCEPTIONAL_OR_SKIP_LEVEL:
        return kind in ("exceptional", "skip_level")
    if condition == AttachmentCondition.SKIP_LEVEL:
        return kind == "skip_level"
    if condition == AttachmentCondition.SKILLED:
        return kind == "skilled"
    if condition == AttachmentCondition.TRANSFER:
        return kind == "transfer"
    # An unknown condition never silently drops a requirement.
    return True


def is_uploaded_at_submit(attachment) -> bool:
    return attachment.delivery == AttachmentDelivery.UPLOAD


def missing_attachments(attachments, facts: ApplicantFacts, uploaded_ids: set[int]) -> list[str]:
    """One Chinese line per required upload still missing, naming the attachment and why it is
    asked of this applicant, e.g. “省外社保缴纳证明：未上传（近1年内有省外缴纳社保记录的人员须提供，
    依据：附件3 二5(2)）”."""
    problems = []
    for a in attachments:
        if not (a.required and is_uploaded_at_submit(a) and condition_holds(a, facts)):
            continue
        if a.pk in uploaded_ids:
            continue
        basis = f"，依据：{a.clause}" if a.clause else ""
        problems.append(f"{a.name}：未上传（{a.applies_to}须提供{basis}）")
    return problems
