"""The expert pool, panels, case assignment and conflicts of interest (回避)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User, login_key
from zhicheng.organizations.models import Employer

from .. import events, gates, notices
from ..conflicts import Affiliation, ApplicantFacts, ExpertFacts, Relation, detect
from ..machine import TransitionError, transition
from ..models import (
    CaseAction,
    CaseStatus,
    ConflictOfInterest,
    EvaluationCase,
    ExpertAffiliation,
    ExpertProfile,
    ExpertRelation,
    Meeting,
    Panel,
    PanelMember,
)
from . import ServiceError
from .cases import rules_for

# --------------------------------------------------------------------------- pool


def expert_user_by_phone(phone: str) -> User:
    user = User.objects.filter(username=login_key(phone), role=Role.EXPERT).first()
    if user is None:
        raise ServiceError("手机号码：未找到使用该手机号登录的评审专家账号，请先由平台管理员开设专家账号。")
    return user


def _employer_named(name: str) -> Employer | None:
    return Employer.objects.filter(organization__name=name.strip()).first()


@transaction.atomic
def expert_profile_save(
    *,
    actor,
    committee,
    user: User,
    specialty: str,
    level: str,
    title: str,
    organization_name: str,
    active: bool = True,
    affiliations: Sequence[tuple[str, int, int | None]] = (),
    relations: Sequence[tuple[str, str, str]] = (),
    profile: ExpertProfile | None = None,
) -> ExpertProfile:
    """Create or update an expert in the committee's pool, with work history and listed relations.

    Conflicts are detected again for every case on the expert's panels, so a history added later still
    hides a case the expert must not judge.
    """
    if user.role != Role.EXPERT:
        raise ServiceError("专家账号：该账号不是评审专家角色。")
    other = ExpertProfile.objects.filter(user=user).exclude(pk=getattr(profile, "pk", None)).first()
    if other is not None:
        raise ServiceError("专家账号：该专家已在专家库中，请直接修改其信息。")
    created = profile is None
    profile = profile or ExpertProfile(user=user, committee=committee)
    if profile.committee_id != committee.pk:
        raise ServiceError("专家：不属于本评委会专家库。")
    profile.specialty = specialty.strip()
    profile.level = level
    profile.title = title.strip()
    profile.organization_name = organization_name.strip()
    profile.employer = _employer_named(organization_name)
    profile.active = active
    profile.save()
    profile.affiliations.all().delete()
    ExpertAffiliation.objects.bulk_create(
        [
            ExpertAffiliation(
                expert=profile,
                organization_name=name,
                employer=_employer_named(name),
                start_year=start,
                end_year=end,
            )
            for name, start, end in affiliations
        ]
    )
    profile.relations.all().delete()
    for kind, name, id_number in relations:
        ExpertRelation.objects.create(expert=profile, kind=kind, person_name=name, id_number=id_number)
    events.expert_saved(actor=actor, expert=profile, created=created)
    cases = EvaluationCase.objects.filter(panel__members__expert=profile).distinct()
    conflicts_refresh(cases=cases, experts=[profile])
    return profile


# --------------------------------------------------------------------------- conflicts


def _applicant_facts(case: EvaluationCase) -> ApplicantFacts:
    application = case.application
    employer = application.employer
    return ApplicantFacts(
        name=application.applicant.real_name,
        id_index=application.applicant.id_number_index,
        employer_id=employer.pk if employer else None,
        employer_name=employer.organization.name if employer else "",
    )


def _expert_facts(expert: ExpertProfile) -> ExpertFacts:
    return ExpertFacts(
        employer_id=expert.employer_id,
        organization_name=expert.organization_name,
        affiliations=tuple(
            Affiliation(a.employer_id, a.organization_name, a.start_year, a.end_year)
            for a in expert.affiliations.all()
        ),
        relations=tuple(
            Relation(r.get_kind_display(), r.person_name, r.id_number_index) for r in expert.relations.all()
        ),
    )


def conflicts_refresh(
    *, cases: Iterable[EvaluationCase], experts: Iterable[ExpertProfile]
) -> list[ConflictOfInterest]:
    """Record every automatic ground found between these cases and experts. A ground the office dismissed
    stays dismissed (one row per case, expert and ground), so a false positive is not raised again."""
    cases = list(
        EvaluationCase.objects.filter(pk__in=[c.pk for c in cases]).select_related(
            "application__applicant", "application__employer__organization", "plan"
        )
    )
    experts = list(
        ExpertProfile.objects.filter(pk__in=[e.pk for e in experts]).prefetch_related(
            "affiliations", "relations"
        )
    )
    if not cases or not experts:
        return []
    this_year = timezone.localdate().year
    expert_facts = {e.pk: _expert_facts(e) for e in experts}
    existing = set(
        ConflictOfInterest.objects.filter(case__in=cases, expert__in=experts).values_list(
            "case_id", "expert_id", "source"
        )
    )
    found: list[ConflictOfInterest] = []
    now = timezone.now()
    for case in cases:
        years = rules_for(case.plan).conflict_years
        applicant = _applicant_facts(case)
        for expert in experts:
            for source, detail in detect(
                applicant, expert_facts[expert.pk], years=years, this_year=this_year
            ):
                if (case.pk, expert.pk, source) in existing:
                    continue
                found.append(
                    ConflictOfInterest(
                        case=case, expert=expert, source=source, detail=detail[:300], found_at=now
                    )
                )
    created = []
    for conflict in found:
        try:
            with transaction.atomic():
                conflict.save()
        except IntegrityError:
            continue  # recorded a moment ago by a concurrent refresh
        events.conflict_found(conflict=conflict)
        created.append(conflict)
    return created


def conflict_declare(*, case: EvaluationCase, expert: ExpertProfile, reason: str) -> ConflictOfInterest:
    """The expert declares a conflict; the case leaves their list at once."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ServiceError("回避理由：请说明需要回避的原因。")
    with transaction.atomic():
        conflict, created = ConflictOfInterest.objects.get_or_create(
            case=case,
            expert=expert,
            source=ConflictOfInterest.Source.DECLARED,
            defaults={"detail": reason[:300], "found_at": timezone.now()},
        )
        if created:
            events.conflict_declared(actor=expert.user, conflict=conflict)
    return conflict


@transaction.atomic
def conflict_dismiss(*, conflict: ConflictOfInterest, actor, reason: str) -> ConflictOfInterest:
    """A false positive found automatically is dismissed by the office, with the reason kept."""
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ServiceError("核实说明：请写明经核实无需回避的理由（至少4个字）。")
    row = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
    if row.source == ConflictOfInterest.Source.DECLARED:
        raise ServiceError("专家本人申请的回避不能撤销。")
    if row.status != ConflictOfInterest.Status.ACTIVE:
        raise ServiceError("该回避记录已核实处理。")
    if row.case.status != CaseStatus.UNDER_REVIEW and row.case.status != CaseStatus.AWAITING_REVIEW:
        raise ServiceError("该申报已不在评审阶段，回避记录不能再修改。")
    row.status = ConflictOfInterest.Status.DISMISSED
    row.dismissed_by, row.dismissed_at, row.dismissed_reason = actor, timezone.now(), reason[:300]
    row.save(update_fields=["status", "dismissed_by", "dismissed_at", "dismissed_reason"])
    events.conflict_dismissed(actor=actor, conflict=row)
    return row


# --------------------------------------------------------------------------- panels


@transaction.atomic
def panel_create(*, plan, actor, name: str, specialty_group: str = "") -> Panel:
    name = (name or "").strip()
    if not name:
        raise ServiceError("评审组名称：必须填写。")
    if Panel.objects.filter(plan=plan, name=name).exists():
        raise ServiceError(f"评审组名称：本计划已有“{name}”。")
    panel = Panel.objects.create(
        plan=plan,
        name=name[:60],
        specialty_group=specialty_group.strip()[:60],
        created_at=timezone.now(),
        created_by=actor,
    )
    events.panel_created(actor=actor, panel=panel)
    return panel


@transaction.atomic
def panel_member_add(*, panel: Panel, actor, expert: ExpertProfile, is_chair: bool = False) -> PanelMember:
    if expert.committee_id != panel.plan.committee_id or not expert.active:
        raise ServiceError("专家：只能选择本评委会专家库中在库的专家。")
    if Meeting.objects.filter(panel=panel, status=Meeting.Status.OPEN).exists():
        raise ServiceError("评审会议表决中，不能调整评审组成员。")
    if is_chair:
        panel.members.filter(is_chair=True).update(is_chair=False)
    try:
        with transaction.atomic():
            member = PanelMember.objects.create(panel=panel, expert=expert, is_chair=is_chair)
    except IntegrityError as exc:
        raise ServiceError(f"专家：{expert.user.real_name} 已在本评审组中。") from exc
    events.panel_member_added(actor=actor, panel=panel, expert=expert)
    conflicts_refresh(cases=panel.cases.all(), experts=[expert])
    return member


@transaction.atomic
def panel_member_remove(*, panel: Panel, actor, expert: ExpertProfile) -> None:
    if Meeting.objects.filter(panel=panel, status=Meeting.Status.OPEN).exists():
        raise ServiceError("评审会议表决中，不能调整评审组成员。")
    deleted, _ = PanelMember.objects.filter(panel=panel, expert=expert).delete()
    if deleted:
        events.panel_member_removed(actor=actor, panel=panel, expert=expert)


def panel_cases_assign(*, panel: Panel, actor, cases: Iterable[EvaluationCase]) -> int:
    """Send cases to a panel for scoring; conflicts are detected for every member before anyone is told."""
    experts = [m.expert for m in panel.members.select_related("expert__user")]
    if len(experts) < 3:
        raise ServiceError("评审组：至少需要3位专家才能分配评审材料。")
    cases = list(cases)
    if not cases:
        raise ServiceError("申报：请至少选择一份待专家评审的材料。")
    with transaction.atomic():
        for case in cases:
            if case.plan_id != panel.plan_id:
                raise ServiceError("申报：只能分配本计划的材料。")
            refusal = gates.assign_refusal(case)
            if refusal:
                raise ServiceError(f"评审案卷 {case.code}：{refusal}")
            try:
                transition(
                    case=case, action=CaseAction.ASSIGN, actor=actor, panel=panel, data={"panel": panel.pk}
                )
            except TransitionError as exc:
                raise ServiceError(f"评审案卷 {case.code}：{exc}") from exc
        conflicts_refresh(cases=cases, experts=experts)
        conflicted = {}
        for expert_id in ConflictOfInterest.objects.filter(
            case__in=cases, status=ConflictOfInterest.Status.ACTIVE
        ).values_list("expert_id", flat=True):
            conflicted[expert_id] = conflicted.get(expert_id, 0) + 1
        for expert in experts:
            count = len(cases) - conflicted.get(expert.pk, 0)
            if count > 0:
                notices.experts_assigned(panel=panel, expert=expert, count=count)
    return len(cases)


def panel_case_unassign(*, case: EvaluationCase, actor, reason: str) -> None:
    if case.votes.exists() or case.scores.filter(status="submitted").exists():
        raise ServiceError("已有专家提交评分或投票的材料不能撤回分组。")
    try:
        transition(case=case, action=CaseAction.UNASSIGN, actor=actor, opinion=reason)
    except TransitionError as exc:
        raise ServiceError(str(exc)) from exc
