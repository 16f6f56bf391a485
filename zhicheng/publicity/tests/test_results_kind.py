"""评审结果公示 through the one 公示 module (moved from evaluation/tests/test_results.py): at least five
working days, four public fields only, objections and closing under the same rule as the 资格审查公示."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from zhicheng.core.models import CalendarOverride
from zhicheng.core.workdays import calendar
from zhicheng.evaluation.models import CaseStatus
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.results import result_publicity_open
from zhicheng.notifications.models import Message
from zhicheng.publicity.models import Entry
from zhicheng.publicity.services import PublicityError, objection_record, objection_resolve, publicity_close

ID_OR_PHONE = re.compile(r"\d{17}[\dX]|1[3-9]\d{9}|\d{3}\*+\d{4}")


def _passed(world, n=1):
    cases = [world.pay(world.case()) for _ in range(n)]
    world.assign(*cases)
    world.vote(cases)
    return cases


def test_a_publicity_shorter_than_five_working_days_is_refused_naming_the_rule(world):
    _passed(world)
    start = calendar().next_workday(timezone.localdate() + timedelta(days=1))
    end = calendar().end_of_period(start, 4)
    with pytest.raises(ServiceError, match="只有 4 个工作日，不少于 5 个工作日"):
        result_publicity_open(
            plan=world.plan, actor=world.office, title="公示", start=start, end=end, contact="电话"
        )
    assert not Entry.objects.filter(publicity__kind="results").exists()


def test_a_holiday_does_not_count_towards_the_publicity(world):
    _passed(world)
    start = calendar().next_workday(timezone.localdate() + timedelta(days=1))
    end = calendar().end_of_period(start, 5)
    CalendarOverride.objects.create(date=calendar().add(start, 1), is_workday=False, note="临时休息日")
    with pytest.raises(ServiceError, match="只有 4 个工作日"):
        result_publicity_open(
            plan=world.plan, actor=world.office, title="公示", start=start, end=end, contact="电话"
        )


def test_the_public_list_shows_name_employer_specialty_and_level_only(world, client):
    (case,) = _passed(world)
    world.publicise(case)
    entry = Entry.objects.get(publicity__kind="results")
    assert (entry.name, entry.specialty, entry.level) == ("胡小明", "机械", "工程师（中级）")
    body = client.get("/evaluation/publicity/", follow=True).content.decode()
    assert "胡小明" in body and entry.employer_name in body and "工程师（中级）" in body
    assert not ID_OR_PHONE.search(body)
    assert case.application.applicant.id_number not in body


def test_an_upheld_objection_cancels_the_result_and_the_rest_go_for_approval(world):
    kept, challenged = _passed(world, 2)
    publicity = world.publicise(kept, challenged)
    entry = Entry.objects.get(application=challenged.application, publicity=publicity)
    objection = objection_record(
        entry=entry,
        actor=world.office,
        received_on=timezone.localdate(),
        channel="letter",
        content="论文涉嫌抄袭",
    )
    with pytest.raises(PublicityError, match="还有 1 件异议未处理"):
        publicity_close(publicity=publicity, actor=world.office, today=publicity.end + timedelta(days=1))
    objection_resolve(objection=objection, actor=world.office, upheld=True, resolution="经核实论文抄袭属实")
    with pytest.raises(PublicityError, match="期满后才能结束公示"):
        publicity_close(publicity=publicity, actor=world.office, today=publicity.end)
    closed = publicity_close(publicity=publicity, actor=world.office, today=publicity.end + timedelta(days=1))
    assert closed.entries.filter(outcome="cleared").count() == 1
    assert closed.entries.get(application=challenged.application).outcome == "withdrawn"
    assert closed.result == "objection"
    kept.refresh_from_db()
    challenged.refresh_from_db()
    assert kept.status == CaseStatus.AWAITING_APPROVAL
    assert challenged.status == CaseStatus.CANCELLED
    assert Message.objects.filter(recipient=world.bureau, subject="评审结果待审批").exists()


def test_a_dismissed_objection_keeps_the_name_on_the_list(world):
    (case,) = _passed(world)
    publicity = world.publicise(case)
    objection = objection_record(
        entry=Entry.objects.get(publicity__kind="results"),
        actor=world.office,
        received_on=timezone.localdate(),
        channel="phone",
        content="反映业绩不实",
    )
    objection_resolve(objection=objection, actor=world.office, upheld=False, resolution="经核实业绩真实")
    world.close_publicity(publicity)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_APPROVAL
