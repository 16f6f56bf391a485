"""JSON API: evaluate a (what-if) profile, list and describe rule sets.

Mounted by config/api.py at /api/v1/eligibility/; authentication is the API's session
login, so a what-if evaluation needs a logged-in user (SECURITY.md 5: default deny).
"""

from typing import Any

from ninja import Router, Schema, Status

from .engine import evaluate
from .rulesets import UnknownRuleset, describe_ruleset, list_rulesets
from .validation import ProfileInvalid

router = Router(tags=["资格条件"])


class EvaluateIn(Schema):
    ruleset: str
    profile: dict[str, Any]


class CriterionOut(Schema):
    id: str
    title: str
    clause: str
    result: str
    detail: str


class ResultOut(Schema):
    ruleset: str
    ruleset_version: int
    target_level: str
    declaration: str
    as_of: str
    outcome: str
    criteria: list[CriterionOut]


class FieldError(Schema):
    field: str
    message: str


class ProfileErrorOut(Schema):
    detail: str
    errors: list[FieldError]


class NotFoundOut(Schema):
    detail: str


@router.post(
    "/evaluate",
    response={200: ResultOut, 404: NotFoundOut, 422: ProfileErrorOut},
    summary="按规则集检查申报条件（资格自测）",
)
def evaluate_profile(request, payload: EvaluateIn):
    try:
        return Status(200, evaluate(payload.ruleset, payload.profile))
    except UnknownRuleset as exc:
        return Status(404, {"detail": str(exc)})
    except ProfileInvalid as exc:
        return Status(422, {"detail": "申报信息不符合要求", "errors": exc.errors})


@router.get("/rulesets", summary="已发布的规则集")
def rulesets(request) -> list[dict[str, Any]]:
    return list_rulesets()


@router.get(
    "/rulesets/{ruleset_id}", response={200: dict[str, Any], 404: NotFoundOut}, summary="任职资格条件"
)
def ruleset_detail(request, ruleset_id: str):
    try:
        return Status(200, describe_ruleset(ruleset_id))
    except UnknownRuleset as exc:
        return Status(404, {"detail": str(exc)})
