"""Export kinds over sample data, for the tests of the export pipeline (start → task → file → audit →
download): they need no database rows, so a test of the pipeline does not depend on any real
kind's data. Registered per test by the ``sample_export_kinds`` fixture (tests/fixtures.py);
the running platform offers only the real kinds (documents/kinds.py)."""

from collections.abc import Iterator
from typing import Any

from zhicheng.accounts.models import Role
from zhicheng.documents import pdf, registry, samples
from zhicheng.documents.data import RenderedDocument

# Who may start the sample exports: the staff roles that export for real (employers, 主管部门,
# 评委会办公室, 人社局, admins); applicants and experts never export batches.
SAMPLE_EXPORT_ROLES = {Role.EMPLOYER, Role.DEPARTMENT, Role.COMMITTEE_OFFICE, Role.HR_BUREAU, Role.ADMIN}


def _sample_allowed(user: Any, params: dict[str, Any]) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in SAMPLE_EXPORT_ROLES


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


SAMPLE_KINDS = (
    registry.ExportKind(
        key="sample_roster",
        label="花名册（示例数据）",
        build=_sample_roster,
        allowed=_sample_allowed,
        params={"count": "行数（1–10000）"},
    ),
    registry.ExportKind(
        key="sample_review_forms",
        label="评审表批量 ZIP（示例数据）",
        build=_sample_review_forms,
        allowed=_sample_allowed,
        params={"count": "份数（1–500）"},
    ),
)
