"""我的申报 over JSON: the same selectors, permission predicate and services as the pages."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import has_role

from . import selectors, services, workflow
from .models import Application

router = Router(tags=["职称申报"])


class ApplicationOut(Schema):
    id: int
    plan_id: int
    plan: str
    level: str
    specialty: str
    declaration_type: str
    status: str
    status_label: str
    current_stage: str | None
    current_org: str | None
    round: int
    version: int
    submitted_at: datetime | None


class EntryRef(Schema):
    version_id: int
    kind: str
    summary: str
    representative: bool
    automatic: bool


class AttachmentRef(Schema):
    id: int
    name: str
    kind: str
    size: int


class HistoryOut(Schema):
    at: datetime
    round: int
    action: str
    action_label: str
    to_status: str
    organization: str | None
    opinion: str


class ApplicationDetailOut(ApplicationOut):
    self_statement: str
    work_years: int | None
    intake_department: str | None
    entries: list[EntryRef]
    attachments: list[AttachmentRef]
    signed_at: datetime | None
    commitment_sha256: str | None
    missing: list[str]
    history: list[HistoryOut]


class SubmitIn(Schema):
    expected_version: int | None = None


class ErrorItem(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


def _out(a: Application) -> dict:
    return {
        "id": a.pk,
        "plan_id": a.plan_id,
        "plan": a.plan.name,
        "level": a.level,
        "specialty": a.specialty,
        "declaration_type": a.declaration_type,
        "status": a.status,
        "status_label": a.get_status_display(),
        "current_stage": a.current_stage.get_kind_display() if a.current_stage_id else None,
        "current_org": a.current_org.name if a.current_org_id else None,
        "round": a.round,
        "version": a.version,
        "submitted_at": a.submitted_at,
    }


def _applicant(request):
    if not has_role(request.user, Role.APPLICANT):
        raise HttpError(403, "您的账号没有此项操作的权限。")


def _own(request, pk: int) -> Application:
    _applicant(request)
    try:
        return selectors.get_application_for_owner(user=request.user, pk=pk)
    except Application.DoesNotExist as exc:
        raise HttpError(404, "申报不存在") from exc


@router.get("/", response=list[ApplicationOut], summary="我的申报")
def my_applications(request):
    _applicant(request)
    return [_out(a) for a in selectors.my_applications(request.user)]


@router.get("/{int:pk}", response=ApplicationDetailOut, summary="申报详情")
def application_detail(request, pk: int):
    application = _own(request, pk)
    basics, selected = selectors.effective_versions(application)
    entries = [
        EntryRef(version_id=v.pk, kind=v.entry.kind, summary=v.summary, representative=row.representative,
                 automatic=False)
        for row, v in selected
        if v is not None
    ] + [
        EntryRef(version_id=v.pk, kind=v.entry.kind, summary=v.summary, representative=False, automatic=True)
        for v in basics
    ]  # fmt: skip
    signature = selectors.latest_signature(application)
    draft = getattr(application, "draft", None)
    editable = services.edit_problem(application) is None
    return {
        **_out(application),
        "self_statement": draft.self_statement if draft else "",
        "work_years": draft.work_years if draft else None,
        "intake_department": application.intake_department.name if application.intake_department_id else None,
        "entries": entries,
        "attachments": [
            AttachmentRef(id=a.pk, name=a.requirement_name, kind=a.kind, size=a.size)
            for a in application.attachments.all()
        ],
        "signed_at": signature.signed_at if signature else None,
        "commitment_sha256": signature.text_sha256 if signature else None,
        "missing": services.missing_items(application) if editable else [],
        "history": [
            HistoryOut(
                at=h.at,
                round=h.round,
                action=h.action,
                action_label=h.get_action_display(),
                to_status=h.to_status,
                organization=h.organization.name if h.organization_id else None,
                opinion=h.opinion,
            )
            for h in selectors.history_for(application)
        ],
    }


def _field(problem: str) -> str:
    return problem.split("：", 1)[0]


@router.post(
    "/{int:pk}/submit",
    response={200: ApplicationOut, 409: ErrorOut, 422: ErrorOut},
    summary="提交（退回后为重新提交）",
)
def submit(request, pk: int, payload: SubmitIn | None = None):
    application = _own(request, pk)
    try:
        services.application_submit(
            application=application,
            actor=request.user,
            expected_version=payload.expected_version if payload else None,
        )
    except services.IncompleteApplication as exc:
        return Status(422, ErrorOut(detail=[ErrorItem(loc=["body", _field(p)], msg=p) for p in exc.problems]))
    except workflow.TransitionError as exc:
        return Status(409, ErrorOut(detail=[ErrorItem(loc=["status"], msg=str(exc))]))
    application = selectors.get_application_for_owner(user=request.user, pk=pk)
    return Status(200, _out(application))
