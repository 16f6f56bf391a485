"""The panel's meeting: attendance, one ballot per expert and case, and the computed result."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import events, notices, permissions
from ..machine import transition
from ..models import (
    Attendance,
    CaseAction,
    CaseStatus,
    ConflictOfInterest,
    EvaluationCase,
    ExpertProfile,
    Meeting,
    Panel,
    Vote,
    VoteTally,
)
from ..rules import VoteRule, vote_outcome
from . import ServiceError
from .cases import rules_for


@transaction.atomic
def meeting_open(*, panel: Panel, actor, held_on: date, place: str) -> Meeting:
    place = (place or "").strip()
    if not place:
        raise ServiceError("会议地点：必须填写。")
    if not panel.cases.filter(status=CaseStatus.UNDER_REVIEW).exists():
        raise ServiceError("评审会议：本评审组没有待表决的材料。")
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                panel=panel, held_on=held_on, place=place[:150], opened_by=actor, opened_at=timezone.now()
            )
    except IntegrityError as exc:
        raise ServiceError("评审会议：本评审组已有正在表决的会议。") from exc
    events.meeting_opened(actor=actor, meeting=meeting)
    notices.meeting_opened(meeting=meeting)
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, present: Iterable[ExpertProfile]) -> int:
    """签到: who is in the room. A member who has already voted cannot be struck off."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.status != Meeting.Status.OPEN:
        raise ServiceError("评审会议已结束，不能修改签到。")
    member_ids = set(meeting.panel.members.values_list("expert_id", flat=True))
    wanted = {e.pk for e in present}
    if not wanted <= member_ids:
        raise ServiceError("签到：只能选择本评审组的专家。")
    voted = set(Vote.objects.filter(meeting=meeting).values_list("expert_id", flat=True))
    if voted - wanted:
        raise ServiceError("签到：已投票的专家不能取消签到。")
    Attendance.objects.filter(meeting=meeting).exclude(expert_id__in=wanted).delete()
    have = set(Attendance.objects.filter(meeting=meeting).values_list("expert_id", flat=True))
    Attendance.objects.bulk_create([Attendance(meeting=meeting, expert_id=pk) for pk in wanted - have])
    events.attendance_recorded(actor=actor, meeting=meeting, present=len(wanted))
    return len(wanted)


def vote_cast(*, meeting: Meeting, case: EvaluationCase, user, choice: str) -> Vote:
    """One ballot; a second one from the same expert on the same case is refused by the database."""
    if choice not in Vote.Choice.values:
        raise ServiceError("表决意见：请选择赞成、反对或弃权。")
    profile = permissions.expert_profile(user)
    if profile is None or not permissions.expert_cases(user).filter(pk=case.pk).exists():
        raise ServiceError("该评审材料不在您的表决范围内。")
    if meeting.status != Meeting.Status.OPEN or case.panel_id != meeting.panel_id:
        raise ServiceError("该评审会议不在表决中。")
    if not Attendance.objects.filter(meeting=meeting, expert=profile).exists():
        raise ServiceError("表决：请先由评委会办公室签到后再投票。")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                meeting=meeting, case=case, expert=profile, choice=choice, cast_at=timezone.now()
            )
            events.vote_cast(actor=user, vote=vote)
    except IntegrityError as exc:
        raise ServiceError("表决：您已对该申报投过票，每位专家只能投票一次。") from exc
    return vote


def tally_counts_for(*, meeting: Meeting, cases) -> dict[int, dict[str, int]]:
    """总人数 / 出席人数 / 赞成 / 反对 / 弃权 per case, in four queries for the whole meeting.

    Members who must recuse (active conflict) are not members of that case's vote; present members who
    did not vote count as abstaining."""
    case_ids = [c.pk for c in cases]
    panel_members = set(meeting.panel.members.values_list("expert_id", flat=True))
    attending = set(Attendance.objects.filter(meeting=meeting).values_list("expert_id", flat=True))
    recused: dict[int, set[int]] = {pk: set() for pk in case_ids}
    for case_id, expert_id in ConflictOfInterest.objects.filter(
        case_id__in=case_ids, status=ConflictOfInterest.Status.ACTIVE
    ).values_list("case_id", "expert_id"):
        recused[case_id].add(expert_id)
    ballots: dict[int, dict[int, str]] = {pk: {} for pk in case_ids}
    for case_id, expert_id, choice in Vote.objects.filter(meeting=meeting, case_id__in=case_ids).values_list(
        "case_id", "expert_id", "choice"
    ):
        ballots[case_id][expert_id] = choice
    out = {}
    for pk in case_ids:
        members = panel_members - recused[pk]
        present = attending & members
        votes = [choice for expert, choice in ballots[pk].items() if expert in present]
        yes = votes.count(Vote.Choice.YES)
        no = votes.count(Vote.Choice.NO)
        out[pk] = {
            "members": len(members),
            "present": len(present),
            "yes": yes,
            "no": no,
            "abstain": len(present) - yes - no,
        }
    return out


def tally_counts(*, meeting: Meeting, case: EvaluationCase) -> dict[str, int]:
    return tally_counts_for(meeting=meeting, cases=[case])[case.pk]


def votes_close(*, meeting: Meeting, actor) -> list[VoteTally]:
    """Close the meeting: compute each case's result under the plan's rule and move the case.

    Without a quorum the vote is void: the tally is kept and the case stays under review for another meeting.
    """
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",)).select_related("panel__plan").get(pk=meeting.pk)
        )
        if meeting.status != Meeting.Status.OPEN:
            raise ServiceError("评审会议已结束。")
        rule = VoteRule.of(rules_for(meeting.panel.plan))
        tallies = []
        now = timezone.now()
        cases = list(meeting.panel.cases.filter(status=CaseStatus.UNDER_REVIEW).order_by("pk"))
        all_counts = tally_counts_for(meeting=meeting, cases=cases)
        for case in cases:
            counts = all_counts[case.pk]
            outcome = vote_outcome(rule, **counts)
            tally = VoteTally.objects.create(
                meeting=meeting,
                case=case,
                **counts,
                quorum_met=outcome.quorum_met,
                passed=outcome.passed,
                rule=rule.text[:200],
                closed_by=actor,
                closed_at=now,
            )
            events.vote_closed(actor=actor, tally=tally)
            if outcome.quorum_met:
                transition(
                    case=case,
                    action=CaseAction.PASS_REVIEW if outcome.passed else CaseAction.FAIL_REVIEW,
                    actor=actor,
                    opinion=f"评委{counts['members']}人，出席{counts['present']}人，赞成{counts['yes']}票，"
                    f"反对{counts['no']}票，弃权{counts['abstain']}票。{outcome.explanation}",
                    data={"tally": tally.pk},
                )
            tallies.append(tally)
        meeting.status, meeting.closed_at = Meeting.Status.CLOSED, now
        meeting.save(update_fields=["status", "closed_at"])
    return tallies
