"""The review queue and decisions over JSON: the same selectors, predicates and services as the pages.

Mounted by config/api.py as `api.add_router("/review/", "zhicheng.review.api.router")`.
Search words go in a POST body (/queue/search), never in the URL (SECURITY.md 16).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhicheng.applications import timeline
from zhicheng.applications.workflow import StaleApplication, TransitionError

from . import selectors, services
from .permissions import can_decide, is_reviewer, needs_internal_publicity

router = Router(tags=["审核"])


class QueueItemOut(Schema):
    id: int
    name: str
    id_number_masked: str
    employer: str
    year: int
    plan: str
    level: str
    specialty: str
    state: str
    state_label: str
    returned_count: int
    submitted_at: datetime | None
    deadline: date | None
    working_days_left: int | None
    overdue: bool


class QueueOut(Schema):
    tab: str
    counts: dict[str, int] | None  # null: not counted (a search by a common surname; see search_note)
    items: list[QueueItemOut]
    next_cursor: int | None
    prev_cursor: int | None
    search_error: str
    search_note: str = ""


class QueueSearchIn(Schema):
    q: str = ""
    tab: str = "pending"
    year: int | None = None
    plan: int | None = None
    after: int | None = None
    before: int | None = None


class HistoryOut(Schema):
    at: datetime
    stage: str | None
    organization: str | None
    action: str
    action_label: str
    opinion: str


class StepOut(Schema):
    key: str
    title: str
    organization: str
    state: str
    state_label: str
    deadline: date | None
    working_days_left: int | None


class ReviewDetailOut(Schema):
    id: int
    name: str
    id_number_masked: str
    plan: str
    status: str
    status_label: str
    current_stage: str | None
    current_org: str | None
    version: int
    can_decide: bool
    needs_internal_publicity: bool
    history: list[HistoryOut]
    timeline: list[StepOut]


class PublicityIn(Schema):
    start: date
    end: date
    result: Literal["no_objection", "objection"]
    note: str = ""


class DecisionIn(Schema):
    decision: Literal["approve", "return", "reject"]
    opinion: str
    version: int | None = None
    publicity: PublicityIn | None = None


class DecisionOut(Schema):
    id: int
    status: str
    status_label: str
    current_stage: str | None
    current_org: str | None
    version: int


class ErrorOut(Schema):
    detail: str


def _reviewer(request):
    if not is_reviewer(request.user):
        raise HttpError(403, "您的账号没有审核权限。")
    return request.user


def _queue(user, filters: selectors.QueueFilters) -> dict:
    page = selectors.review_queue(user, filters)
    return {
        "tab": filters.tab,
        "counts": page.counts,
        "items": [
            {
                "id": r.pk,
                "name": r.name,
                "id_number_masked": r.masked_id,
                "employer": r.employer,
                "year": r.year,
                "plan": r.plan,
                "level": r.level,
                "specialty": r.specialty,
                "state": r.state,
                "state_label": r.state_label,
                "returned_count": r.returned_count,
                "submitted_at": r.submitted_at,
                "deadline": r.time_left.deadline if r.time_left else None,
                "working_days_left": r.time_left.working_days if r.time_left else None,
                "overdue": bool(r.time_left and r.time_left.overdue),
            }
            for r in page.rows
        ],
        "next_cursor": page.next_cursor if page.has_next else None,
        "prev_cursor": page.prev_cursor if page.has_prev else None,
        "search_error": page.search_error,
        "search_note": page.search_note,
    }


@router.get("/queue", response=QueueOut, summary="审查列表（不含查询关键字）")
def queue(
    request,
    tab: str = "pending",
    year: int | None = None,
    plan: int | None = None,
    after: int | None = None,
    before: int | None = None,
):
    user = _reviewer(request)
    params = {"tab": tab, "year": str(year or ""), "plan": str(plan or ""), "after": str(after or "")}
    params["before"] = str(before or "")
    return _queue(user, selectors.QueueFilters.from_query(params))


@router.post("/queue/search", response=QueueOut, summary="按姓名或身份证号关键字查询审查列表")
def queue_search(request, payload: QueueSearchIn):
    user = _reviewer(request)
    params = {k: "" if v is None else str(v) for k, v in payload.dict().items()}
    return _queue(user, selectors.QueueFilters.from_query(params))


def _status(app) -> dict:
    return {
        "id": app.pk,
        "status": app.status,
        "status_label": app.get_status_display(),
        "current_stage": app.current_stage.get_kind_display() if app.current_stage else None,
        "current_org": app.current_org.name if app.current_org_id else None,
        "version": app.version,
    }


@router.get("/applications/{application_id}", response=ReviewDetailOut, summary="申报审查详情")
def detail(request, application_id: int):
    user = _reviewer(request)
    app = selectors.application_for_review(user, application_id)
    return {
        **_status(app),
        "name": app.applicant.real_name,
        "id_number_masked": app.applicant.masked_id_number,
        "plan": app.plan.name,
        "can_decide": can_decide(user, app),
        "needs_internal_publicity": needs_internal_publicity(app),
        "history": [
            {
                "at": h.at,
                "stage": h.stage.get_kind_display() if h.stage_id else None,
                "organization": h.organization.name if h.organization_id else None,
                "action": h.action,
                "action_label": h.get_action_display(),
                "opinion": h.opinion,
            }
            for h in selectors.history_of(app)
        ],
        "timeline": [
            {
                "key": s.key,
                "title": s.title,
                "organization": s.organization,
                "state": s.state,
                "state_label": s.state_label,
                "deadline": s.deadline,
                "working_days_left": s.time_left.working_days if s.time_left else None,
            }
            for s in timeline.steps_for(app)
        ],
    }


@router.post(
    "/applications/{application_id}/decision",
    response={200: DecisionOut, 400: ErrorOut, 409: ErrorOut},
    summary="审核：通过、退回修改或不通过",
)
def decide(request, application_id: int, payload: DecisionIn):
    user = _reviewer(request)
    app = selectors.application_for_review(user, application_id)
    if not can_decide(user, app):
        return Status(409, {"detail": "该申报当前不在您所在单位的审核环节，可能已被他人处理。"})
    try:
        if payload.decision == "approve":
            publicity = payload.publicity.dict() if payload.publicity else None
            outcome = services.application_approve(
                application=app,
                actor=user,
                opinion=payload.opinion,
                publicity=publicity if needs_internal_publicity(app) else None,
                expected_version=payload.version,
            )
        elif payload.decision == "return":
            outcome = services.application_return(
                application=app, actor=user, reason=payload.opinion, expected_version=payload.version
            )
        else:
            outcome = services.application_reject(
                application=app, actor=user, reason=payload.opinion, expected_version=payload.version
            )
    except StaleApplication as exc:
        return Status(409, {"detail": str(exc)})
    except (TransitionError, services.ReviewError) as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, _status(outcome.application))
