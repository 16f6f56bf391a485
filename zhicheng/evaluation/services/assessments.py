"""Theory exam, interview (答辩) and practical assessment (实操评议): schedule and scores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from zhicheng.eligibility.services import practical_assessment_record

from .. import events, notices
from ..machine import TransitionError, transition
from ..models import (
    AssessmentKind,
    AssessmentScore,
    AssessmentSession,
    AssessmentSitting,
    AssessmentSpec,
    CaseAction,
    CaseStatus,
    EvaluationCase,
)
from ..rules import assessment_result
from . import ServiceError


@transaction.atomic
def assessment_session_schedule(
    *, spec: AssessmentSpec, actor, starts_at, place: str, note: str, cases: Iterable[EvaluationCase]
) -> AssessmentSession:
    """Schedule a sitting and seat the chosen candidates; they are told the time and place."""
    place = (place or "").strip()
    if not place:
        raise ServiceError("地点：必须填写。")
    if starts_at <= timezone.now():
        raise ServiceError("开始时间：必须晚于现在。")
    case_ids = [c.pk for c in cases]
    sittings = list(
        AssessmentSitting.objects.select_for_update(of=("self",))
        .filter(spec=spec, case_id__in=case_ids, case__status=CaseStatus.IN_ASSESSMENT, score__isnull=True)
        .select_related("case__application__applicant", "case__plan")
    )
    if not sittings:
        raise ServiceError("参加人员：请至少选择一位待考试考评、尚无成绩的申报人。")
    session = AssessmentSession.objects.create(
        spec=spec,
        starts_at=starts_at,
        place=place[:150],
        note=(note or "").strip()[:300],
        created_by=actor,
        created_at=timezone.now(),
    )
    AssessmentSitting.objects.filter(pk__in=[s.pk for s in sittings]).update(session=session)
    events.assessment_scheduled(actor=actor, session=session, count=len(sittings))
    notices.assessment_scheduled(session=session, cases=[s.case for s in sittings])
    return session


def assessment_scores_record(
    *, sitting: AssessmentSitting, actor, marks: Sequence[tuple[str, object]]
) -> AssessmentSitting:
    """Enter the examiners' marks; the sitting's score is their average, and once every assessment of the
    case has a result the case moves on: all required ones passed → 待专家评审, otherwise not admitted."""
    cleaned: list[tuple[str, object]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, (examiner, raw) in enumerate(marks, start=1):
        examiner = (examiner or "").strip()
        raw_text = "" if raw is None else str(raw).strip()
        if not examiner and not raw_text:
            continue
        if not examiner:
            problems.append(f"第{i}行评分人：必须填写")
            continue
        if examiner in seen:
            problems.append(f"第{i}行评分人：“{examiner}”重复")
            continue
        seen.add(examiner)
        try:
            value = Decimal(raw_text)
        except InvalidOperation:
            problems.append(f"第{i}行分数：“{raw_text}”不是数字")
            continue
        if value != value.quantize(Decimal("0.1")):
            problems.append(f"第{i}行分数：最多保留一位小数")
            continue
        cleaned.append((examiner[:50], value))
    if problems:
        raise ServiceError("；".join(problems))
    spec = sitting.spec
    result, problems = assessment_result(
        [v for _, v in cleaned],
        full_mark=spec.full_mark,
        pass_mark=spec.pass_mark,
        min_examiners=spec.min_examiners,
        drop_extremes=spec.drop_extremes,
    )
    if result is None:
        raise ServiceError("；".join(problems))
    with transaction.atomic():
        case = EvaluationCase.objects.select_for_update(of=("self",)).get(pk=sitting.case_id)
        if case.status != CaseStatus.IN_ASSESSMENT:
            raise ServiceError(f"成绩：案卷当前状态为“{case.get_status_display()}”，成绩已确认，不能修改。")
        row = AssessmentSitting.objects.select_for_update(of=("self",)).get(pk=sitting.pk)
        if row.session_id is None:
            raise ServiceError("成绩：尚未安排考试考评时间地点，不能录入成绩。")
        AssessmentScore.objects.filter(sitting=row).delete()
        AssessmentScore.objects.bulk_create(
            [AssessmentScore(sitting=row, examiner=name, score=value) for name, value in cleaned]
        )
        row.score, row.passed = result.score, result.passed
        row.recorded_by, row.recorded_at = actor, timezone.now()
        row.save(update_fields=["score", "passed", "recorded_by", "recorded_at"])
        events.assessment_scored(actor=actor, sitting=row)
        if spec.kind == AssessmentKind.PRACTICAL:
            # seed 003 附件1 五: the 实操 result feeds the eligibility verdict (practical_assessment).
            practical_assessment_record(
                application=case.application, passed=result.passed, score=result.score, actor=actor
            )
        sittings = list(case.sittings.select_related("spec"))
        if all(s.passed is not None for s in sittings):
            ok = all(s.passed for s in sittings if s.spec.required)
            summary = "；".join(
                f"{s.spec.name}{s.score}分（{'合格' if s.passed else '不合格'}）" for s in sittings
            )
            try:
                transition(
                    case=case,
                    action=CaseAction.ASSESSMENT_PASS if ok else CaseAction.ASSESSMENT_FAIL,
                    actor=actor,
                    opinion=summary,
                )
            except TransitionError as exc:
                raise ServiceError(str(exc)) from exc
    return row
