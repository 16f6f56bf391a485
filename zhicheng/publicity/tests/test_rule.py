"""PUBLICITY_RULE, the one rule of every 公示: the same objection window for both public kinds, a period that
can be changed while open but never below its minimum of working days, and the audit trail of each step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhicheng.core.models import AuditEvent
from zhicheng.core.workdays import calendar
from zhicheng.publicity import rules
from zhicheng.publicity.models import Entry, Publicity
from zhicheng.publicity.services import PublicityError, objection_record, publicity_reschedule

pytestmark = pytest.mark.django_db


def _passed(world):
    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    return case


def _results_publicity(world):
    case = _passed(world)
    return world.publicise(case), case


def test_the_results_publicity_refuses_an_objection_received_after_its_last_day(world):
    """Before issue 13 the results 公示 took objections after its end while the qualification 公示 did not."""
    publicity, case = _results_publicity(world)
    entry = Entry.objects.get(publicity=publicity)
    late = publicity.end + timedelta(days=1)
    with pytest.raises(PublicityError, match="收到日期：只受理公示期内"):
        objection_record(
            actor=world.office,
            entry=entry,
            received_on=late,
            channel="letter",
            content="逾期反映",
            today=late,
        )
    assert not entry.objections.exists()


def test_an_objection_needs_a_listed_channel_and_content_naming_the_field(world):
    publicity, _ = _results_publicity(world)
    entry = Entry.objects.get(publicity=publicity)
    today = timezone.localdate()
    with pytest.raises(PublicityError, match="反映方式：请选择"):
        objection_record(actor=world.office, entry=entry, received_on=today, channel="fax", content="反映")
    with pytest.raises(PublicityError, match="异议内容：必须填写"):
        objection_record(actor=world.office, entry=entry, received_on=today, channel="letter", content="  ")


def test_the_period_can_be_lengthened_while_open_and_never_shortened_below_its_minimum(world, as_user):
    publicity, _ = _results_publicity(world)
    cal = calendar()
    longer = cal.end_of_period(publicity.start, 7)
    row = publicity_reschedule(actor=world.office, publicity=publicity, end=longer)
    assert (row.end, row.working_days) == (longer, 7)
    event = AuditEvent.objects.get(event="publicity_rescheduled")
    assert event.data["end"] == longer.isoformat() and event.data["kind"] == "results"
    with pytest.raises(PublicityError, match="公示结束日期：.*不少于 5 个工作日"):
        publicity_reschedule(actor=world.office, publicity=row, end=cal.end_of_period(publicity.start, 4))
    # Through the page: the same refusal, in Chinese, nothing changed.
    c = as_user(world.office)
    response = c.post(
        f"/publicity/manage/{row.pk}/reschedule/",
        {"start": row.start.isoformat(), "end": cal.end_of_period(row.start, 3).isoformat()},
    )
    assert response.status_code == 400 and "只有 3 个工作日" in response.content.decode()
    row.refresh_from_db()
    assert row.end == longer


def test_the_start_cannot_move_once_the_publicity_has_begun(world):
    publicity, _ = _results_publicity(world)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(PublicityError, match="公示开始日期：公示已经开始的不能再改开始日期"):
        publicity_reschedule(
            actor=world.office,
            publicity=publicity,
            start=tomorrow,
            end=calendar().end_of_period(tomorrow, 5),
        )


def test_another_committee_cannot_change_the_period(world):
    from tests.factories import CommitteeFactory, staff

    publicity, _ = _results_publicity(world)
    stranger = staff("committee_office", CommitteeFactory().organization)
    with pytest.raises(PublicityError, match="只有本计划的评委会办公室"):
        publicity_reschedule(actor=stranger, publicity=publicity, end=publicity.end + timedelta(days=7))


def test_the_rule_names_its_clauses_and_the_internal_record_follows_it():
    assert rules.RULE_NAME == "PUBLICITY_RULE"
    assert any("seed 001" in c and "三(二)" in c for c in rules.RULE_CLAUSES)
    assert any("seed 000" in c and "五.4" in c for c in rules.RULE_CLAUSES)
    assert any("seed 003" in c for c in rules.RULE_CLAUSES)
    cal = calendar()
    today = timezone.localdate()
    end = cal.add(today, -2)
    start = cal.add(end, -4)
    assert (
        rules.internal_record_problem(
            start=start, end=end, result="no_objection", note="", today=today, cal=cal
        )
        is None
    )
    assert "说明异议内容" in rules.internal_record_problem(
        start=start, end=end, result="objection", note="", today=today, cal=cal
    )
    assert "公示期满后" in rules.internal_record_problem(
        start=start, end=today, result="no_objection", note="", today=today, cal=cal
    )


def test_the_public_page_shows_both_kinds_and_filters_by_kind(world, client):
    publicity, case = _results_publicity(world)  # the case stood a closed 资格审查公示 first
    qual = Publicity.objects.get(kind="qualification")
    mark_results, mark_qual = f'id="pub-{publicity.pk}"', f'id="pub-{qual.pk}"'
    both = client.get("/publicity/").content.decode()
    assert mark_results in both and mark_qual in both
    only_results = client.get("/publicity/?kind=results").content.decode()
    assert mark_results in only_results and mark_qual not in only_results
    only_qual = client.get("/publicity/?kind=qualification").content.decode()
    assert mark_qual in only_qual and mark_results not in only_qual
