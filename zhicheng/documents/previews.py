"""Every document kind rendered from sample data, for the browser preview (/documents/preview/).
No real person's data is involved, so any signed-in user may look."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from . import pdf, roster, samples
from .http import PDF, XLSX


@dataclass(frozen=True)
class Preview:
    key: str
    label: str
    render: Callable[[], bytes]
    content_type: str = PDF
    filename: str = ""


@cache
def _photo() -> bytes:
    return samples.sample_photo()


def _roster_sample() -> bytes:
    buf = io.BytesIO()
    roster.write_roster(samples.sample_roster_rows(30), buf, meta=samples.ROSTER_META)
    return buf.getvalue()


PREVIEWS: dict[str, Preview] = {
    p.key: p
    for p in (
        Preview(
            "review_form",
            "专业技术职务任职资格评审表（A4）",
            lambda: pdf.review_form_pdf(samples.sample_review_form(photo=_photo())),
        ),
        Preview(
            "review_form_a3",
            "专业技术职务任职资格评审表（A3 正反面打印、中缝装订）",
            lambda: pdf.review_form_pdf(samples.sample_review_form(photo=_photo()), layout="A3"),
        ),
        Preview(
            "review_form_publicity",
            "专业技术职务任职资格评审表（公示版）",
            lambda: pdf.review_form_pdf(samples.sample_review_form(photo=_photo()), publicity=True),
        ),
        Preview(
            "publicity_employer",
            "公示表（用人单位内部公示）",
            lambda: pdf.publicity_sheet_pdf(samples.sample_publicity_sheet(audience="employer")),
        ),
        Preview(
            "publicity_committee",
            "公示表（评委会公示）",
            lambda: pdf.publicity_sheet_pdf(samples.sample_publicity_sheet(audience="committee")),
        ),
        Preview(
            "exceptional_approval",
            "破格推荐中级专业技术资格审批表",
            lambda: pdf.exceptional_approval_pdf(samples.sample_exceptional_approval()),
        ),
        Preview(
            "delegation_letter",
            "专业技术资格委托评审书",
            lambda: pdf.delegation_letter_pdf(samples.sample_delegation_letter()),
        ),
        Preview(
            "authorization_letter",
            "用人单位委托证明",
            lambda: pdf.authorization_letter_pdf(samples.sample_authorization_letter()),
        ),
        Preview(
            "mailing_checklist",
            "邮寄纸质材料清单",
            lambda: pdf.mailing_checklist_pdf(samples.sample_mailing_checklist()),
        ),
        Preview(
            "roster",
            "评委会评审对象资格审查花名册（Excel）",
            _roster_sample,
            content_type=XLSX,
            filename="花名册（示例）.xlsx",
        ),
    )
}
