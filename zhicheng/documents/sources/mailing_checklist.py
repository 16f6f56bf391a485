"""The 邮寄纸质材料清单: what an applicant mails on paper, by the plan's instructions."""

from __future__ import annotations

from django.utils import timezone

from zhicheng.applications.models import Application

from ..data import (
    EXCEPTIONAL_DECLARATIONS,
    MailingChecklistData,
    MailingItem,
    default_mailing_items,
)
from ..models import MailingInstructions
from .records import employer_name_of, personal_info_of
from .vocab import qualification_name


def mailing_checklist_data(application: Application) -> MailingChecklistData | None:
    """邮寄纸质材料清单 (seed 001 附件4) of one application, with the address the committee
    office set for the plan; None while the office has not set one."""

    instructions = MailingInstructions.objects.filter(plan_id=application.plan_id).first()
    if instructions is None:
        return None
    app = (
        Application.objects.select_related("plan", "applicant__personal_info", "employer__organization")
        .filter(pk=application.pk)
        .get()
    )
    info = personal_info_of(app)
    items = list(
        default_mailing_items(
            exceptional=app.declaration_type in EXCEPTIONAL_DECLARATIONS, platform_name=app.plan.watermark
        )
    )
    copies = instructions.review_form_copies
    items[0] = MailingItem(
        name=f"带有“{app.plan.watermark}”水印的《专业技术职务任职资格评审表》",
        copies=f"一式{copies}份",
        note="A3纸正反面打印、中缝装订，贴照片" if instructions.a3_booklet else "",
    )
    extra = [
        MailingItem(name=line.strip(), copies="")
        for line in instructions.extra_items.splitlines()
        if line.strip()
    ]
    items[-1:-1] = extra  # the plan's own items before 回寄地址
    address = " ".join(p for p in ((info.address if info else ""), (info.postcode if info else "")) if p)
    notes = tuple(line.strip() for line in instructions.notes.splitlines() if line.strip())
    return MailingChecklistData(
        plan_name=app.plan.name,
        applicant_name=app.applicant.real_name,
        employer=employer_name_of(app, info),
        qualification=f"{app.specialty or app.plan.specialty}专业{qualification_name(app.level)}",
        applicant_phone=app.applicant.phone,
        items=tuple(items),
        mail_to_address=instructions.address,
        mail_to_contact=instructions.recipient,
        mail_to_phone=instructions.phone,
        return_address=address,
        return_recipient=app.applicant.real_name,
        return_phone=app.applicant.phone,
        issued_on=timezone.localdate(),
        **({"notes": notes} if notes else {}),
    )
