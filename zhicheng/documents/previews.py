"""Every document kind rendered from sample data, for the browser preview and the demo
export kinds. No real person's data is involved, so any signed-in user may look."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from zhicheng.accounts.models import Role

from . import pdf, registry, roster, samples
from .data import RenderedDocument
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

# Who may start the demo exports: the staff roles that export for real (employers, 主管部门,
# 评委会办公室, 人社局, admins); applicants and experts never export batches.
DEMO_EXPORT_ROLES = {Role.EMPLOYER, Role.DEPARTMENT, Role.COMMITTEE_OFFICE, Role.HR_BUREAU, Role.ADMIN}


def _demo_allowed(user: Any, params: dict[str, Any]) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in DEMO_EXPORT_ROLES


def _bounded(params: dict[str, Any], name: str, default: int, maximum: int) -> int:
    try:
        value = int(params.get(name, default))
    except (TypeError, ValueError):
        value = default
    return max(1, min(value, maximum))


def _sample_roster(request: registry.ExportRequest) -> registry.RosterExport:
    n = _bounded(request.params, "count", 1000, 10_000)
    return registry.RosterExport(
        meta=samples.ROSTER_META,
        rows=samples.sample_roster_rows(n),
        total=n,
        filename="花名册（示例数据）.xlsx",
    )


def _sample_review_forms(request: registry.ExportRequest) -> registry.DocumentBatch:
    n = _bounded(request.params, "count", 20, 500)

    def documents() -> Iterator[RenderedDocument]:
        for i in range(1, n + 1):
            form = samples.sample_review_form(
                reference=f"DEMO-{request.job_id}-{i:05d}", photo=samples.sample_photo(seed=i)
            )
            yield RenderedDocument(f"{i:04d}_{form.applicant.name}_评审表.pdf", pdf.review_form_pdf(form))

    return registry.DocumentBatch(documents=documents(), total=n, filename="评审表（示例数据）.zip")


DEMO_KINDS = (
    registry.ExportKind(
        key="sample_roster",
        label="花名册（示例数据）",
        build=_sample_roster,
        allowed=_demo_allowed,
        params={"count": "行数（1–10000）"},
    ),
    registry.ExportKind(
        key="sample_review_forms",
        label="评审表批量 ZIP（示例数据）",
        build=_sample_review_forms,
        allowed=_demo_allowed,
        params={"count": "份数（1–500）"},
    ),
)


def register_demo_kinds() -> None:
    for kind in DEMO_KINDS:
        registry.register(kind, replace=True)
