"""The meeting: attendance, one ballot per expert, the computed result at the quorum and 2/3 boundaries."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.core.models import AuditEvent
from zhicheng.evaluation.models import CaseStatus, Vote, VoteTally
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.votes import attendance_record, meeting_open, vote_cast, votes_close

from .helpers import World


@pytest.fixture
def panel_of_six(db, regions):
    return World(experts=6)


def _under_review(world, n=1):
    cases = [world.pay(world.case()) for _ in range(n)]
    world.assign(*cases)
    return cases


def test_each_expert_votes_once_a_second_ballot_is_refused_by_the_database(panel_of_six, as_user):
    world = panel_of_six
    (case,) = _under_review(world)
    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts)
    e = world.experts[0]
    vote_cast(meeting=meeting, case=case, user=e.user, choice="yes")
    with pytest.raises(ServiceError, match="每位专家只能投票一次"):
        vote_cast(meeting=meeting, case=case, user=e.user, choice="no")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(meeting=meeting, case=case, expert=e, choice="no", cast_at=timezone.now())
    client = as_user(e.user)
    client.post(f"/evaluation/expert/meetings/{meeting.pk}/", {"case": case.pk, "choice": "no"})
    assert list(Vote.objects.filter(case=case, expert=e).values_list("choice", flat=True)) == ["yes"]
    # The ballot's content never reaches the audit trail; that a ballot was cast does.
    cast = AuditEvent.objects.filter(event="vote_cast")
    assert cast.count() == 1 and "choice" not in cast.get().data


def test_exactly_two_thirds_of_those_present_passes_one_less_fails(panel_of_six):
    world = panel_of_six
    yes_case, no_case = _under_review(world, 2)
    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts)  # 6 of 6 present
    for i, e in enumerate(world.experts):
        vote_cast(meeting=meeting, case=yes_case, user=e.user, choice="yes" if i < 4 else "no")  # 4/6 = 2/3
        vote_cast(meeting=meeting, case=no_case, user=e.user, choice="yes" if i < 3 else "abstain")  # 3/6
    votes_close(meeting=meeting, actor=world.office)
    yes_case.refresh_from_db()
    no_case.refresh_from_db()
    assert yes_case.status == CaseStatus.REVIEW_PASSED
    assert no_case.status == CaseStatus.REVIEW_FAILED
    tally = VoteTally.objects.get(case=no_case)
    assert (tally.members, tally.present, tally.yes, tally.no, tally.abstain) == (6, 6, 3, 0, 3)
    assert "未达到通过所需的4票" in no_case.history.latest("id").opinion


def test_without_a_quorum_the_vote_is_void_and_the_case_waits_for_another_meeting(panel_of_six):
    world = panel_of_six
    (case,) = _under_review(world)
    (tally,) = world.vote([case], present=world.experts[:3])  # 3 of 6 < 2/3
    case.refresh_from_db()
    assert not tally.quorum_met and not tally.passed
    assert case.status == CaseStatus.UNDER_REVIEW
    (tally,) = world.vote([case], present=world.experts[:4])  # 4 of 6 = 2/3: a quorum
    case.refresh_from_db()
    assert tally.quorum_met and tally.passed and case.status == CaseStatus.REVIEW_PASSED


def test_present_members_who_do_not_vote_count_as_abstaining(panel_of_six):
    world = panel_of_six
    (case,) = _under_review(world)
    (tally,) = world.vote([case], choices={0: None, 1: None, 2: "no"})  # 3 yes, 1 no, 2 silent
    assert (tally.present, tally.yes, tally.no, tally.abstain, tally.passed) == (6, 3, 1, 2, False)


def test_an_expert_not_signed_in_cannot_vote(panel_of_six):
    world = panel_of_six
    (case,) = _under_review(world)
    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts[:4])
    with pytest.raises(ServiceError, match="请先由评委会办公室签到"):
        vote_cast(meeting=meeting, case=case, user=world.experts[5].user, choice="yes")
    with pytest.raises(ServiceError, match="已投票的专家不能取消签到"):
        vote_cast(meeting=meeting, case=case, user=world.experts[0].user, choice="yes")
        attendance_record(meeting=meeting, actor=world.office, present=world.experts[1:4])


def test_the_result_is_computed_never_typed(panel_of_six, as_user):
    """The office's close button takes no numbers; posting some changes nothing."""
    world = panel_of_six
    (case,) = _under_review(world)
    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts[:4])
    client = as_user(world.office)
    client.post(f"/evaluation/office/meetings/{meeting.pk}/close/", {"yes": 6, "present": 6, "passed": "1"})
    tally = VoteTally.objects.get(case=case)
    assert (tally.present, tally.yes, tally.abstain, tally.passed) == (4, 0, 4, False)


def test_a_second_open_meeting_for_the_same_panel_is_refused(panel_of_six):
    world = panel_of_six
    _under_review(world)
    meeting_open(panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室")
    with pytest.raises(ServiceError, match="已有正在表决的会议"):
        meeting_open(panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室")
