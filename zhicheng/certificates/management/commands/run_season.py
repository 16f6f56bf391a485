"""Replay one seed plan's season end to end through the services the pages call (issue 13 §5).

    manage.py run_season linping-manufacturing-2022 --applicants 20 --seed 3

Each synthetic applicant gets an account and an approved archive (demo_people's builders), submits, and is
walked: employer review with its internal 公示 → the plan's department stages → 资格审查 → 资格审查公示 and
its close (which opens the evaluation case) → fee (when the plan has one) → assessments (when it has any) →
expert scoring by a panel of three → vote → results 公示 and approval in the plan's order → certificate.
A simulated clock (time-machine, a dev dependency: the command refuses to run without it) moves through
each period. With --seed, a few applicants are returned once, rejected, or fail the vote, deterministically.
Prints JSON Lines: one per applicant, then one with the totals.
"""

from __future__ import annotations

import json
import random
import time
from datetime import datetime, timedelta
from datetime import time as dtime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import services as app_services
from zhicheng.applications.models import Application, StatusHistory
from zhicheng.applications.routing import reviewer_org_for
from zhicheng.certificates.selectors import verify_by_number_and_name
from zhicheng.core.workdays import calendar
from zhicheng.evaluation.models import (
    CaseHistory,
    CaseStatus,
    EvaluationCase,
    ExpertProfile,
    Panel,
    ResultApproval,
    Vote,
)
from zhicheng.evaluation.services import cases as case_services
from zhicheng.evaluation.services import experts as expert_services
from zhicheng.evaluation.services import payments, results, scoring, votes
from zhicheng.organizations.models import Employer, Organization
from zhicheng.plans.models import Plan, StageKind
from zhicheng.review import services as review_services
from zhicheng.review.models import InternalPublicity, PublicityEntry

EMPLOYER_NAME = "温州精工机械有限公司"
PASSWORD = "Season#2020pass"

# CaseHistory action → stage name of the JSON Lines.
CASE_STAGE = {
    "pay": "fee",
    "assessment_pass": "exam",
    "assessment_fail": "exam",
    "pass_review": "vote",
    "fail_review": "vote",
    "publish": "results_publicity",
    "clear": "results_publicity",
    "approve": "approval",
    "decline": "approval",
    "certify": "certificate",
}


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, dtime(hour)))


def _id_number(n: int) -> str:
    """A valid 18-digit resident ID (GB 11643 check digit), distinct for n below 21,000."""
    body = f"3303021985{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


class Season:
    def __init__(self, plan: Plan, *, seed: int | None, out):
        self.plan = plan
        self.rng = random.Random(seed) if seed is not None else None
        self.out = out
        self.cal = calendar()
        self.staff: dict[int, User] = {}

    # --- people -------------------------------------------------------------------------------------
    def user_for(self, org: Organization, role: str) -> User:
        if org.pk not in self.staff:
            user = User.objects.filter(organization=org, role=role, is_active=True).order_by("pk").first()
            if user is None:
                n = User.objects.count()
                user = User.objects.create_user(
                    login=f"season-{role}-{org.pk}-{n}", password=PASSWORD, role=role,
                    real_name=f"{org.name[:6]}经办人", organization=org,
                )  # fmt: skip
            self.staff[org.pk] = user
        return self.staff[org.pk]

    def fate(self) -> str:
        """Most pass; with a seed a few are returned once, rejected by a department or fail the vote."""
        if self.rng is None:
            return "pass"
        r = self.rng.random()
        return "return" if r < 0.15 else "reject" if r < 0.25 else "fail_vote" if r < 0.35 else "pass"

    # --- the road ------------------------------------------------------------------------------------
    def run(self, n: int, travel) -> list[dict]:
        from zhicheng.core.demo_people import _application, _archive

        plan = self.plan
        employer = Employer.objects.select_related("organization").get(organization__name=EMPLOYER_NAME)
        employer_user = self.user_for(employer.organization, Role.EMPLOYER)
        intake = plan.intake_departments.order_by("pk").first()
        office = self.user_for(plan.committee.organization, Role.COMMITTEE_OFFICE)
        bureau = self.user_for(plan.committee.hr_bureau, Role.HR_BUREAU)
        day = plan.apply_start
        travel(_at(day))
        base = User.objects.count()
        apps, fates = [], {}
        for i in range(n):
            user = User.objects.create_user(
                login=f"139{base + i:08d}", password=PASSWORD, role=Role.APPLICANT,
                real_name=f"申报人{base + i}", id_number=_id_number(base + i),
            )  # fmt: skip
            _archive(user, employer, employer_user, graduated=plan.year - 10)
            app = _application(user, plan, intake)
            apps.append(app)
            fates[app.pk] = self.fate()
        # Employer: its internal 公示 of 5 working days, then approval.
        start = self.cal.next_workday(day + timedelta(days=1))
        end = self.cal.end_of_period(start, 5)
        day = self.cal.next_workday(end + timedelta(days=1))
        travel(_at(day))
        publicity = {"start": start, "end": end, "result": "no_objection", "note": "公示期间无异议"}
        for app in apps:
            # A fresh row: application_approve decides whether the internal 公示 is needed from the instance
            # it is given (needs_internal_publicity reads current_stage), and the one from _application is stale.
            app.refresh_from_db()
            review_services.application_approve(
                application=app, actor=employer_user, opinion="经单位内部公示无异议，同意推荐。",
                publicity=dict(publicity),
            )  # fmt: skip
        # Departments and the office, each stage in the plan's order.
        returned = set()
        while True:
            moving = [
                a for a in Application.objects.filter(pk__in=[a.pk for a in apps], status__in=("pending",))
            ]
            if not moving:
                break
            day = self.cal.next_workday(day + timedelta(days=1))
            travel(_at(day))
            for app in moving:
                stage = app.current_stage
                reviewer = self.user_for(reviewer_org_for(app, stage), _role(stage.kind))
                f = fates[app.pk]
                if stage.kind != StageKind.COMMITTEE_OFFICE and f == "return" and app.pk not in returned:
                    review_services.application_return(
                        application=app, actor=reviewer, reason="请补充业绩证明材料。"
                    )
                    returned.add(app.pk)
                    app.refresh_from_db()
                    app_services.application_submit(application=app, actor=app.applicant)
                elif stage.kind != StageKind.COMMITTEE_OFFICE and f == "reject":
                    review_services.application_reject(
                        application=app, actor=reviewer, reason="不符合申报条件。"
                    )
                else:
                    review_services.application_approve(
                        application=app, actor=reviewer, opinion="材料齐全，符合申报条件，同意推荐。"
                    )
        # 资格审查公示 and its close: the close opens the evaluation cases.
        day = self.cal.next_workday(day + timedelta(days=1))
        travel(_at(day))
        qual = review_services.publicity_open(actor=office, plan=plan, start=day, contact="0577-88888888")
        day = self.cal.next_workday(qual.end + timedelta(days=1))
        travel(_at(day))
        review_services.publicity_close(actor=office, publicity=qual, today=day)
        case_services.case_open_for_qualified(plan=plan)  # idempotent: the close event already opened them
        cases = list(EvaluationCase.objects.filter(application__in=apps).select_related("application"))
        for case in cases:
            if case.status == CaseStatus.AWAITING_PAYMENT:
                payments.payment_offline_record(
                    case=case, actor=office, receipt_number=f"SJ{case.pk:08d}", amount=case.fee_amount, paid_on=day
                )  # fmt: skip
        ready = [
            c
            for c in EvaluationCase.objects.filter(
                pk__in=[c.pk for c in cases], status=CaseStatus.AWAITING_REVIEW
            )
        ]
        if ready:
            self.evaluate(ready, fates, office, bureau, day, travel)
        return apps

    def evaluate(self, cases, fates, office, bureau, day, travel):
        plan = self.plan
        panel_experts = self.experts(office)
        n = Panel.objects.filter(plan=plan).count() + 1
        panel = expert_services.panel_create(
            plan=plan, actor=office, name=f"{plan.specialty}专业评审组（第{n}组）"
        )
        for i, e in enumerate(panel_experts):
            expert_services.panel_member_add(panel=panel, actor=office, expert=e, is_chair=i == 0)
        expert_services.panel_cases_assign(panel=panel, actor=office, cases=cases)
        cases = list(
            EvaluationCase.objects.filter(pk__in=[c.pk for c in cases]).select_related("application")
        )
        form = case_services.rules_for(plan).scoring_form
        # Expert review within the notice's review window when it names one (e.g. 临平 附件 评审时间).
        day = self.cal.next_workday(max(day + timedelta(days=3), plan.review_start or day))
        travel(_at(day))
        for case in cases:
            for e in panel_experts:
                marks = {item["key"]: int(item["max"] * 0.8) for item in form}
                scoring.score_save(
                    case=case, user=e.user, marks=marks, comment="业绩与申报级别相符。", submit=True
                )
        day = self.cal.next_workday(day + timedelta(days=1))
        travel(_at(day))
        meeting = votes.meeting_open(panel=panel, actor=office, held_on=day, place="评审会议室")
        votes.attendance_record(meeting=meeting, actor=office, present=panel_experts)
        for case in cases:
            choice = Vote.Choice.NO if fates[case.application_id] == "fail_vote" else Vote.Choice.YES
            for e in panel_experts:
                votes.vote_cast(meeting=meeting, case=case, user=e.user, choice=choice)
        votes.votes_close(meeting=meeting, actor=office)
        if results.approval_first(case_services.rules_for(plan)):
            day = self.cal.next_workday(day + timedelta(days=1))
            travel(_at(day))
            self.approve(bureau, day)
            day = self.publicise(office, day, travel)
            results.results_certify(plan=plan, actor=bureau)
        else:
            day = self.publicise(office, day, travel)
            day = self.cal.next_workday(day + timedelta(days=1))
            travel(_at(day))
            self.approve(bureau, day)

    def approve(self, bureau, day):
        number = ResultApproval.objects.count() + 12  # one 发文文号 per approval, never reused
        results.results_approve(
            plan=self.plan, actor=bureau, document_number=f"温人社发〔{day.year}〕{number}号", approved_on=day
        )

    def publicise(self, office, day, travel):
        day = self.cal.next_workday(day + timedelta(days=1))
        travel(_at(day))
        end = self.cal.end_of_period(day, 5)
        # result_publicity_open locks the cases with select_for_update but opens no transaction itself, so
        # outside one it fails on PostgreSQL (TransactionManagementError; the office page too). Reported.
        with transaction.atomic():
            pub = results.result_publicity_open(
                plan=self.plan,
                actor=office,
                title="评审结果公示",
                start=day,
                end=end,
                contact="0577-86591590",
            )
        day = self.cal.next_workday(end + timedelta(days=1))
        travel(_at(day))
        results.result_publicity_close(publicity=pub, actor=office, today=day)
        return day

    def experts(self, office) -> list[ExpertProfile]:
        committee = self.plan.committee
        pool = list(ExpertProfile.objects.filter(committee=committee, active=True).select_related("user")[:3])
        orgs = ["浙江大学机械工程学院", "温州大学机电工程学院", "浙江工业大学机械工程学院"]
        while len(pool) < 3:
            n = User.objects.count()
            user = User.objects.create_user(
                login=f"season-expert-{committee.pk}-{n}", password=PASSWORD, role=Role.EXPERT,
                real_name=f"评审专家{n}",
            )  # fmt: skip
            pool.append(
                expert_services.expert_profile_save(
                    actor=office,
                    committee=committee,
                    user=user,
                    specialty=self.plan.specialty,
                    level="senior",
                    title="正高级工程师",
                    organization_name=orgs[len(pool)],
                )  # fmt: skip
            )
        return pool


def _role(kind: str) -> str:
    return {StageKind.EMPLOYER: Role.EMPLOYER, StageKind.COMMITTEE_OFFICE: Role.COMMITTEE_OFFICE}.get(
        kind, Role.DEPARTMENT
    )


def stages_of(app: Application) -> list[dict]:
    """The applicant's road as it happened: the review chain's history, the 公示, then the case history."""
    rows = []
    for h in StatusHistory.objects.filter(application=app).select_related("stage", "organization"):
        if h.action not in ("approve", "return", "reject") or h.stage is None:
            continue
        name = {
            StageKind.EMPLOYER: "employer_review",
            StageKind.COMMITTEE_OFFICE: "office_review",
        }.get(h.stage.kind, "department_review")
        by = h.organization.name if h.organization else ""
        if name == "employer_review" and h.action == "approve":
            # The internal 公示 recorded with the employer's approval (its end precedes the approval).
            record = InternalPublicity.objects.filter(history_id=h.pk).first()
            if record:
                rows.append({"stage": "employer_publicity", "by": by, "on": record.end.isoformat()})
        rows.append(
            {"stage": name, "by": by, "on": timezone.localtime(h.at).date().isoformat(), "action": h.action}
        )

    entry = PublicityEntry.objects.filter(application=app).select_related("publicity").order_by("pk").last()
    office = app.plan.committee.organization.name
    if entry and entry.publicity.closed_at:
        rows.append({"stage": "qualification_publicity", "by": office, "on": entry.publicity.end.isoformat()})
    case = EvaluationCase.objects.filter(application=app).first()
    if case:
        for h in CaseHistory.objects.filter(case=case):
            if h.action == "assign":
                rows.append(
                    {
                        "stage": "expert_review",
                        "by": office,
                        "on": timezone.localtime(h.at).date().isoformat(),
                    }
                )
            name = CASE_STAGE.get(h.action)
            if name is None or (rows and rows[-1]["stage"] == name and name == "results_publicity"):
                continue
            by = app.plan.committee.hr_bureau.name if name in ("approval", "certificate") else office
            if name == "fee":
                by = case_services.rules_for(app.plan).fee_collector or office
            rows.append({"stage": name, "by": by, "on": timezone.localtime(h.at).date().isoformat()})
    return rows


class Command(BaseCommand):
    help = "按申报计划的规则，用平台自身的服务模拟一整季的申报与评审（JSON Lines 输出）。"

    def add_arguments(self, parser):
        parser.add_argument("plan_code", help="申报计划的规则集代码，例如 linping-manufacturing-2022")
        parser.add_argument("--applicants", type=int, default=10)
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, **opts):
        try:
            import time_machine
        except ImportError as exc:  # a dev dependency: the clock must move through the 公示 periods
            raise CommandError("run_season 需要开发依赖 time-machine（uv sync --group dev）。") from exc
        code = opts["plan_code"]
        plans = Plan.objects.filter(ruleset_id=code).exclude(name__endswith="（演示）").order_by("year")
        if not plans.exists():
            from zhicheng.core.demo import load_demo

            load_demo(with_people=False)
        plan = plans.first()
        if plan is None:
            raise CommandError(f"规则集代码“{code}”：没有对应的种子申报计划。")
        started = time.perf_counter()
        traveller = [None]

        def travel(moment):
            if traveller[0] is not None:
                traveller[0].stop()
            traveller[0] = time_machine.travel(moment, tick=False)
            traveller[0].start()

        # The seed plans are loaded as closed (their season is past). There is no service to reopen a closed
        # plan (plan_publish takes drafts only), so the replay opens it for its own run and closes it again,
        # as the demo loader sets a plan's status; no application or case row is ever written directly.
        was = plan.status
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PUBLISHED)
        plan.refresh_from_db()
        try:
            season = Season(plan, seed=opts["seed"], out=self.stdout)
            apps = season.run(opts["applicants"], travel)
        finally:
            if traveller[0] is not None:
                traveller[0].stop()
            Plan.objects.filter(pk=plan.pk).update(status=was)
        totals: dict[str, int] = {}
        for app in apps:
            app.refresh_from_db()
            case = EvaluationCase.objects.filter(application=app).first()
            cert = getattr(case, "certificate", None) if case else None
            final = case.status if case else app.status
            if cert is not None:
                assert verify_by_number_and_name(cert.number, cert.name).state == "valid"
            totals[final] = totals.get(final, 0) + 1
            line = {
                "application": app.pk,
                "stages": [{k: r[k] for k in ("stage", "by", "on")} for r in stages_of(app)],
                "final": final,
                "certificate": cert.number if cert else None,
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        elapsed = time.perf_counter() - started
        self.stdout.write(
            json.dumps(
                {"totals": totals, "applicants": len(apps), "plan": plan.name, "seconds": round(elapsed, 2)},
                ensure_ascii=False,
            )
        )
