"""Builders for the evaluation's tests: a qualified application, experts, and a case walked to any stage
through the real services (so each test starts from a state the platform itself produced)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tests.factories import EmployerFactory, PlanFactory, UserFactory, staff
from zhicheng.applications.models import Application
from zhicheng.evaluation.models import CaseStatus, EvaluationCase, ExpertProfile, Vote
from zhicheng.evaluation.services.cases import case_open_for_qualified, rules_for


def qualified_application(
    *, plan, applicant=None, employer=None, level="intermediate", specialty="机械", cleared=True
):
    applicant = applicant or UserFactory(real_name="胡小明")
    employer = employer or EmployerFactory()
    application = Application.objects.create(
        plan=plan,
        applicant=applicant,
        level=level,
        specialty=specialty,
        declaration_type="normal",
        employer=employer,
    )
    # Test setup only: the review chain's own tests walk workflow.transition to "qualified".
    Application.objects.filter(pk=application.pk).update(status="qualified")
    application.refresh_from_db()
    if cleared:
        clear_in_publicity(application)
    return application


def clear_in_publicity(application):
    """Test setup only: the name stood a closed 资格审查公示 (test_lifecycle walks the real services)."""
    from zhicheng.review.models import Publicity, PublicityEntry

    today = timezone.localdate()
    publicity = Publicity.objects.create(
        plan=application.plan,
        title="资格审查结果公示",
        start=today - timedelta(days=14),
        end=today - timedelta(days=7),
        working_days=5,
        contact="0577-88888888",
        status=Publicity.Status.CLOSED,
        created_by=application.applicant,
        created_at=timezone.now(),
        closed_at=timezone.now(),
    )
    PublicityEntry.objects.create(
        publicity=publicity,
        application=application,
        name=application.applicant.real_name,
        employer_name="",
        specialty=application.specialty,
        level=application.level,
        outcome=PublicityEntry.Outcome.CLEARED,
    )


def office_of(plan):
    return staff("committee_office", plan.committee.organization, real_name="王办公")


def bureau_of(plan):
    return staff("hr_bureau", plan.committee.hr_bureau, real_name="赵审批")


def expert(plan, *, name="专家", organization_name="浙江大学机械工程学院", employer=None, **profile):
    user = UserFactory(role="expert", real_name=name, id_number="")
    return ExpertProfile.objects.create(
        user=user,
        committee=plan.committee,
        specialty=profile.pop("specialty", "机械"),
        level=profile.pop("level", "associate_senior"),
        title=profile.pop("title", "高级工程师"),
        organization_name=employer.organization.name if employer else organization_name,
        employer=employer,
        **profile,
    )


def open_case(plan, **kwargs) -> EvaluationCase:
    application = qualified_application(plan=plan, **kwargs)
    case_open_for_qualified(plan=plan)
    return EvaluationCase.objects.get(application=application)


class World:
    """One plan with an office, a bureau, a panel of experts and cases that can be pushed along."""

    def __init__(self, *, experts=5, assessments=False):
        from zhicheng.evaluation.models import AssessmentSpec

        self.plan = PlanFactory()
        self.office = office_of(self.plan)
        self.bureau = bureau_of(self.plan)
        self.rules = rules_for(self.plan)
        if assessments:
            AssessmentSpec.objects.create(
                plan=self.plan,
                kind="practical",
                name="实操评议",
                min_examiners=3,
                pass_mark=60,
                full_mark=100,
            )
        self.experts = [expert(self.plan, name=f"专家{i}") for i in range(experts)]
        self.panel = None

    def case(self, **kwargs) -> EvaluationCase:
        return open_case(self.plan, **kwargs)

    def pay(self, case):
        from zhicheng.evaluation.services.payments import payment_offline_record

        payment_offline_record(
            case=case,
            actor=self.office,
            receipt_number=f"SJ{case.pk:06d}",
            amount=case.fee_amount,
            paid_on=timezone.localdate(),
        )
        case.refresh_from_db()
        return case

    def pass_assessments(self, case):
        """Each assessment the case sits (the plan's specs, e.g. the 温州 seed plan's 理论考试 and 面试答辩):
        scheduled and passed through the services."""
        from datetime import timedelta

        from zhicheng.evaluation.services.assessments import (
            assessment_scores_record,
            assessment_session_schedule,
        )

        for sitting in case.sittings.select_related("spec").order_by("spec__order", "pk"):
            assessment_session_schedule(
                spec=sitting.spec, actor=self.office, starts_at=timezone.now() + timedelta(days=1),
                place="评委会考场", note="", cases=[case],
            )  # fmt: skip
            sitting.refresh_from_db()
            marks = [(f"考评人{i + 1}", "80") for i in range(max(sitting.spec.min_examiners, 1))]
            assessment_scores_record(sitting=sitting, actor=self.office, marks=marks)
        case.refresh_from_db()
        return case

    def make_panel(self):
        from zhicheng.evaluation.services.experts import panel_create, panel_member_add

        if self.panel is None:
            self.panel = panel_create(plan=self.plan, actor=self.office, name="机械专业评审组")
            for i, e in enumerate(self.experts):
                panel_member_add(panel=self.panel, actor=self.office, expert=e, is_chair=i == 0)
        return self.panel

    def assign(self, *cases):
        from zhicheng.evaluation.services.experts import panel_cases_assign

        panel_cases_assign(panel=self.make_panel(), actor=self.office, cases=list(cases))
        for c in cases:
            c.refresh_from_db()

    def vote(self, cases, *, present=None, choices=None):
        """Open a meeting, sign in `present` experts (default all), each votes `choices[i]` (default yes)."""
        from zhicheng.evaluation.services.votes import attendance_record, meeting_open, vote_cast, votes_close

        meeting = meeting_open(
            panel=self.make_panel(), actor=self.office, held_on=timezone.localdate(), place="评审会议室"
        )
        present = self.experts if present is None else present
        attendance_record(meeting=meeting, actor=self.office, present=present)
        for i, e in enumerate(present):
            choice = (choices or {}).get(i, Vote.Choice.YES)
            if choice is None:
                continue
            for c in cases:
                vote_cast(meeting=meeting, case=c, user=e.user, choice=choice)
        tallies = votes_close(meeting=meeting, actor=self.office)
        for c in cases:
            c.refresh_from_db()
        return tallies

    def publicise(self, *cases, start: date | None = None):
        from zhicheng.core.workdays import calendar
        from zhicheng.evaluation.services.results import result_publicity_open

        start = start or timezone.localdate()
        end = calendar().end_of_period(start, 5)
        publicity = result_publicity_open(
            plan=self.plan,
            actor=self.office,
            title="评审结果公示",
            start=start,
            end=end,
            contact="0577-86591590",
        )
        for c in cases:
            c.refresh_from_db()
        return publicity

    def close_publicity(self, publicity):
        from zhicheng.evaluation.services.results import result_publicity_close

        result_publicity_close(
            publicity=publicity, actor=self.office, today=publicity.end + timedelta(days=1)
        )

    def approve(self, document="温人社发〔{year}〕12号"):
        from zhicheng.evaluation.services.results import results_approve

        today = timezone.localdate()
        return results_approve(
            plan=self.plan,
            actor=self.bureau,
            document_number=document.format(year=today.year),
            approved_on=today,
        )

    def certified_case(self, **kwargs) -> EvaluationCase:
        case = self.pay(self.case(**kwargs))
        assert case.status == CaseStatus.AWAITING_REVIEW
        self.assign(case)
        self.vote([case])
        publicity = self.publicise(case)
        self.close_publicity(publicity)
        self.approve()
        case.refresh_from_db()
        return case
