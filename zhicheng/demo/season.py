"""Replay one seed plan's season end to end through the services the pages call (issue 13 §5, §6).

Each synthetic applicant gets an account and an approved archive (demo_people's builders), submits, and is
walked: employer review with its internal 公示 → the plan's department stages → 资格审查 → 资格审查公示 and
its close (which opens the evaluation case) → fee (when the plan has one) → assessments (when it holds any:
理论考试, 面试答辩, 实操评议) → expert scoring by a panel of three → vote → results 公示 and approval in the
plan's order → certificate. A simulated clock (time-machine, a dev dependency) moves through each period.
With a seed, a few applicants are returned once, rejected, fail an assessment or fail the vote,
deterministically. Used by `manage.py run_season` and by `load_demo` (small seasons for the demo).
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import services as app_services
from zhicheng.applications.models import Application, StatusHistory
from zhicheng.applications.routing import reviewer_org_for
from zhicheng.core.workdays import calendar
from zhicheng.demo.people import _application, _archive
from zhicheng.evaluation.models import (
    AssessmentKind,
    AssessmentSitting,
    CaseStatus,
    EvaluationCase,
    ExpertProfile,
    Panel,
    ResultApproval,
    Vote,
)
from zhicheng.evaluation.services import assessments as assessment_services
from zhicheng.evaluation.services import cases as case_services
from zhicheng.evaluation.services import experts as expert_services
from zhicheng.evaluation.services import payments, results, scoring, votes
from zhicheng.organizations.models import Employer, Organization
from zhicheng.paper import selectors as paper_selectors
from zhicheng.paper import services as paper_services
from zhicheng.paper.models import PaperCheck, PaperMailing
from zhicheng.plans import services as plan_services
from zhicheng.plans.models import Plan, StageKind
from zhicheng.plans.selectors import has_qualification_publicity
from zhicheng.publicity import services as publicity_services
from zhicheng.publicity.models import Kind, Publicity
from zhicheng.publicity.models import QualificationEntry as PublicityEntry
from zhicheng.review import services as review_services

EMPLOYER_NAME = "温州精工机械有限公司"
PASSWORD = "Season#2020pass"

# An assessment's kind → the stage name of the JSON Lines.
ASSESSMENT_STAGE = {
    AssessmentKind.THEORY: "exam",
    AssessmentKind.INTERVIEW: "interview",
    AssessmentKind.PRACTICAL: "practical",
}

# CaseHistory action → stage name (assessments are read from their sittings instead).
CASE_STAGE = {
    "pay": "fee",
    "pass_review": "vote",
    "fail_review": "vote",
    "publish": "results_publicity",
    "clear": "results_publicity",
    "approve": "approval",
    "decline": "approval",
    "certify": "certificate",
}

EXPERT_ORGS = ["浙江大学机械工程学院", "温州大学机电工程学院", "浙江工业大学机械工程学院"]


# --- 公示: every call into the one 公示 module, in one place --------------------


def qualification_publicity_open(*, office, plan, day):
    return review_services.publicity_open(actor=office, plan=plan, start=day, contact="0577-88888888")


def qualification_publicity_close(*, office, publicity, day) -> None:
    publicity_services.publicity_close(actor=office, publicity=publicity, today=day)


def qualification_publicity_end(publicity) -> date:
    return publicity.end


def results_publicity_open(*, office, plan, start, end):
    return results.result_publicity_open(
        plan=plan, actor=office, title="评审结果公示", start=start, end=end, contact="0577-86591590"
    )


def results_publicity_close(*, office, publicity, day) -> None:
    publicity_services.publicity_close(actor=office, publicity=publicity, today=day)


def publicity_rows(app: Application, history: StatusHistory | None) -> dict:
    """The employer's internal 公示 recorded with its approval (history given) or the closed 资格审查公示."""
    if history is not None:
        record = Publicity.objects.filter(kind=Kind.INTERNAL, history_id=history.pk).first()
        return {"end": record.end} if record else {}
    entry = PublicityEntry.objects.filter(application=app).select_related("publicity").order_by("pk").last()
    if entry and entry.publicity.closed_at:
        return {"end": entry.publicity.end}
    return {}


# --- the clock -------------------------------------------------------------------------------------------


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, dtime(hour)))


@contextmanager
def simulated_clock():
    """Yields travel(moment): every service sees `moment` as now until the next call. Needs time-machine."""
    import time_machine  # a dev dependency; ImportError tells the caller the replay cannot run

    state = [None]

    def travel(moment):
        if state[0] is not None:
            state[0].stop()
        state[0] = time_machine.travel(moment, tick=False)
        state[0].start()

    try:
        yield travel
    finally:
        if state[0] is not None:
            state[0].stop()


def _id_number(n: int) -> str:
    """A valid 18-digit resident ID (GB 11643 check digit), distinct for n below 21,000."""
    body = f"3303021985{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def seed_plan(code: str) -> Plan | None:
    """The dated seed plan with this rule-set code (not the rolling 演示 plan)."""
    return (
        Plan.objects.filter(ruleset_id=code).exclude(name__endswith="（演示）").order_by("year", "pk").first()
    )


def _role(kind: str) -> str:
    return {StageKind.EMPLOYER: Role.EMPLOYER, StageKind.COMMITTEE_OFFICE: Role.COMMITTEE_OFFICE}.get(
        kind, Role.DEPARTMENT
    )


class Season:
    def __init__(self, plan: Plan, *, seed: int | None, progress=None):
        self.plan = plan
        self.progress = progress or (lambda message: None)
        self.rng = random.Random(seed) if seed is not None else None
        self.cal = calendar()
        self.staff: dict[tuple[int, str], User] = {}
        self.level = "intermediate" if "intermediate" in plan.levels else plan.levels[0]
        self.specialty = (plan.allowed_specialties or [plan.specialty])[0]
        self.has_assessments = any(s.applies_to(self.level) for s in plan.assessment_specs.all())
        # One hash for every synthetic account: hashing is deliberately slow (Argon2), the accounts are alike.
        self._password_hash = make_password(PASSWORD)

    # --- people ------------------------------------------------------------------------------------------
    def user_for(self, org: Organization, role: str) -> User:
        key = (org.pk, role)
        if key not in self.staff:
            user = User.objects.filter(organization=org, role=role, is_active=True).order_by("pk").first()
            if user is None:
                n = User.objects.count()
                user = User.objects.create_user(
                    login=f"season-{role}-{org.pk}-{n}", password=PASSWORD, role=role,
                    real_name=f"{org.name[:6]}经办人", organization=org,
                )  # fmt: skip
            self.staff[key] = user
        return self.staff[key]

    def office(self) -> User:
        return self.user_for(self.plan.committee.organization, Role.COMMITTEE_OFFICE)

    def fate(self) -> str:
        """Most pass; with a seed a few are returned once, rejected by a department, fail an assessment
        (plans that hold one) or fail the vote."""
        if self.rng is None:
            return "pass"
        r = self.rng.random()
        if r < 0.15:
            return "return"
        if r < 0.25:
            return "reject"
        if r < 0.35:
            return "fail_vote"
        if r < 0.45 and self.has_assessments:
            return "fail_exam"
        return "pass"

    def _applicant(self, n: int) -> User:
        user = User.objects.create_user(
            login=f"139{n:08d}", password=None, role=Role.APPLICANT,
            real_name=f"申报人{n}", id_number=_id_number(n),
        )  # fmt: skip
        user.password = self._password_hash
        user.save(update_fields=["password"])
        return user

    # --- the road ----------------------------------------------------------------------------------------
    def run(self, n: int, travel, *, stop_at: str | None = None) -> list[Application]:
        """Walk n applicants through the season. stop_at (the demo's use) leaves them waiting at a step:
        "employer", "departments", "office", "publicity", "fee", "assessment", "review", "approval"."""
        plan = self.plan
        employer = Employer.objects.select_related("organization").get(organization__name=EMPLOYER_NAME)
        employer_user = self.user_for(employer.organization, Role.EMPLOYER)
        intake = plan.intake_departments.order_by("pk").first()
        office = self.office()
        day = plan.apply_start
        travel(_at(day))
        base = User.objects.count()
        apps, fates = [], {}
        for i in range(n):
            user = self._applicant(base + i)
            _archive(user, employer, employer_user, graduated=plan.year - 10)
            app = _application(user, plan, intake, level=self.level, specialty=self.specialty)
            apps.append(app)
            fates[app.pk] = self.fate()
            if (i + 1) % 100 == 0:
                self.progress(f"{i + 1} 名申报人已提交")
        if stop_at == "employer":
            return apps
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
        if stop_at == "departments":
            return apps
        self.progress("单位审核完成")
        day = self.review_chain(apps, fates, day, travel, hold_at_office=stop_at == "office")
        self.progress("资格审查完成")
        if stop_at in ("office", "publicity"):
            return apps
        # 资格审查公示 and its close: the close opens the evaluation cases. A road without one (温州) opened
        # them as each file was qualified.
        if has_qualification_publicity(plan):
            day = self.cal.next_workday(day + timedelta(days=1))
            travel(_at(day))
            qual = qualification_publicity_open(office=office, plan=plan, day=day)
            day = self.cal.next_workday(qualification_publicity_end(qual) + timedelta(days=1))
            travel(_at(day))
            qualification_publicity_close(office=office, publicity=qual, day=day)
        case_services.case_open_for_qualified(plan=plan)  # idempotent: the event already opened them
        cases = list(EvaluationCase.objects.filter(application__in=apps).select_related("application"))
        if stop_at == "fee":
            return apps
        for case in cases:
            if case.status == CaseStatus.AWAITING_PAYMENT:
                payments.payment_offline_record(
                    case=case, actor=office, receipt_number=f"SJ{case.pk:08d}", amount=case.fee_amount, paid_on=day
                )  # fmt: skip
        if stop_at == "assessment":
            return apps
        self.progress("资格审查公示结束、评审费已缴")
        day = self.assessments(cases, fates, office, day, travel)
        ready = list(
            EvaluationCase.objects.filter(pk__in=[c.pk for c in cases], status=CaseStatus.AWAITING_REVIEW)
        )
        if ready:
            self.evaluate(ready, fates, office, day, travel, stop_at=stop_at)
        return apps

    def review_chain(self, apps, fates, day, travel, *, hold_at_office=False) -> date:
        """Departments and the office, each stage in the plan's order; returns the last working day used."""
        returned: set[int] = set()
        while True:
            pending = Application.objects.filter(pk__in=[a.pk for a in apps], status="pending")
            if hold_at_office:
                pending = pending.exclude(current_stage__kind=StageKind.COMMITTEE_OFFICE)
            moving = list(pending.select_related("current_stage", "plan", "applicant"))
            if not moving:
                return day
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

    def assessments(self, cases, fates, office, day, travel) -> date:
        """Each assessment the plan holds, in its order: a sitting scheduled, then the examiners' marks.
        A `fail_exam` applicant fails the first one (the pass mark gates the review)."""
        specs = [s for s in self.plan.assessment_specs.order_by("order", "pk") if s.applies_to(self.level)]
        for i, spec in enumerate(specs):
            sittings = list(
                AssessmentSitting.objects.filter(
                    spec=spec, case__in=cases, case__status=CaseStatus.IN_ASSESSMENT, score__isnull=True
                ).select_related("case")
            )
            if not sittings:
                continue
            day = self.cal.next_workday(day + timedelta(days=1))
            travel(_at(day))
            sitting_day = self.cal.add(day, 5)
            assessment_services.assessment_session_schedule(
                spec=spec, actor=office, starts_at=_at(sitting_day), place="温州市学院中路276号科技合作大楼7楼",
                note="请携带身份证原件，提前15分钟到场。", cases=[s.case for s in sittings],
            )  # fmt: skip
            day = sitting_day
            travel(_at(day, 16))
            examiners = max(spec.min_examiners, 1 if spec.kind == AssessmentKind.THEORY else 3)
            for sitting in sittings:
                fails = i == 0 and fates[sitting.case.application_id] == "fail_exam"
                mark = spec.pass_mark - 15 if fails else spec.pass_mark + 18
                marks = [(f"考评专家{k + 1}", str(min(mark + k, spec.full_mark))) for k in range(examiners)]
                assessment_services.assessment_scores_record(sitting=sitting, actor=office, marks=marks)
        return day

    def evaluate(self, cases, fates, office, day, travel, *, stop_at=None):
        plan = self.plan
        panel_experts = self.experts(office)
        n = Panel.objects.filter(plan=plan).count() + 1
        panel = expert_services.panel_create(
            plan=plan, actor=office, name=f"{plan.specialty}专业评审组（第{n}组）"
        )
        for i, e in enumerate(panel_experts):
            expert_services.panel_member_add(panel=panel, actor=office, expert=e, is_chair=i == 0)
        # Expert review within the notice's review window when it names one (e.g. 临平 附件 评审时间).
        day = self.cal.next_workday(max(day + timedelta(days=1), plan.review_start or day))
        travel(_at(day))
        self.check_papers(office, [c.application for c in cases])
        expert_services.panel_cases_assign(panel=panel, actor=office, cases=cases)
        if stop_at == "review":
            return
        cases = list(
            EvaluationCase.objects.filter(pk__in=[c.pk for c in cases]).select_related("application")
        )
        form = case_services.rules_for(plan).scoring_form
        day = self.cal.next_workday(day + timedelta(days=2))
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
        bureau = self.user_for(plan.committee.hr_bureau, Role.HR_BUREAU)
        approval_first = results.approval_first(case_services.rules_for(plan))
        if stop_at == "approval":
            if not approval_first:
                self.publicise(office, day, travel)
            return
        if approval_first:
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
        self.mail_papers(office, cases)

    # Paper materials (docs/process.md): the office checks every original before the experts (seed 003 四);
    # those who passed mail by EMS, the office receives and returns the stamped 评审表 (seed 001 二3).
    def check_papers(self, office, apps):
        for app in apps:
            step = paper_selectors.pending_check(app)
            if step is not None:
                paper_services.paper_check_record(
                    actor=office, step=step, application=app, checked=step.items
                )

    def mail_papers(self, office, cases):
        for case in EvaluationCase.objects.filter(pk__in=[c.pk for c in cases]).select_related("application"):
            app = case.application
            if paper_selectors.mailing_step_due(app) is None:
                continue
            mailing = paper_services.paper_mailing_register(
                actor=app.applicant, application=app, tracking_number=f"10{app.pk:011d}"
            )
            mailing = paper_services.paper_mailing_receive(actor=office, mailing=mailing)
            if mailing.step.stamp_and_return:
                paper_services.paper_mailing_return(
                    actor=office, mailing=mailing, tracking_number=f"11{app.pk:011d}"
                )

    def approve(self, bureau, day):
        number = ResultApproval.objects.count() + 12  # one 发文文号 per approval, never reused
        results.results_approve(
            plan=self.plan, actor=bureau, document_number=f"温人社发〔{day.year}〕{number}号", approved_on=day
        )

    def publicise(self, office, day, travel):
        day = self.cal.next_workday(day + timedelta(days=1))
        travel(_at(day))
        end = self.cal.end_of_period(day, case_services.rules_for(self.plan).publicity_working_days)
        pub = results_publicity_open(office=office, plan=self.plan, start=day, end=end)
        day = self.cal.next_workday(end + timedelta(days=1))
        travel(_at(day))
        results_publicity_close(office=office, publicity=pub, day=day)
        return day

    def experts(self, office) -> list[ExpertProfile]:
        committee = self.plan.committee
        pool = list(
            ExpertProfile.objects.filter(committee=committee, active=True)
            .select_related("user")
            .order_by("pk")[:3]
        )
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
                    organization_name=EXPERT_ORGS[len(pool)],
                )  # fmt: skip
            )
        return pool


def replay(
    plan: Plan, n: int, *, seed: int | None, stop_at: str | None = None, progress=None
) -> list[Application]:
    """Open a closed seed plan for its replay (plans service, audited), walk the season, close it again."""
    season = Season(plan, seed=seed, progress=progress)
    office = season.office()
    was = plan.status
    if was == Plan.Status.CLOSED:
        plan = plan_services.plan_reopen(
            actor=office, plan=plan, reason=f"回放{plan.year}年度评审（run_season）"
        )
        season.plan = plan
    try:
        with simulated_clock() as travel:
            return season.run(n, travel, stop_at=stop_at)
    finally:
        if was == Plan.Status.CLOSED:
            plan_services.plan_close(actor=office, plan=plan, reason="回放结束")


def stages_of(app: Application) -> list[dict]:
    """The applicant's road as it happened: the review chain's history, the 公示, then the case history."""
    rows = []
    plan = app.plan
    office = plan.committee.organization.name
    for h in StatusHistory.objects.filter(application=app, machine="application").select_related(
        "stage", "organization"
    ):
        if h.action not in ("approve", "return", "reject") or h.stage is None:
            continue
        name = {
            StageKind.EMPLOYER: "employer_review",
            StageKind.COMMITTEE_OFFICE: "office_review",
        }.get(h.stage.kind, "department_review")
        by = h.organization.name if h.organization else ""
        if name == "employer_review" and h.action == "approve":
            internal = publicity_rows(app, h)
            if internal:  # its end precedes the approval
                rows.append({"stage": "employer_publicity", "by": by, "on": internal["end"].isoformat()})
        rows.append({"stage": name, "by": by, "on": timezone.localtime(h.at).date().isoformat()})
    qualification = publicity_rows(app, None)
    if qualification:
        rows.append(
            {"stage": "qualification_publicity", "by": office, "on": qualification["end"].isoformat()}
        )
    case = EvaluationCase.objects.filter(application=app).first()
    if case is None:
        return rows
    examiner = plan.committee.organizer or office  # seed 000 五2: the 学会 holds the exam and interview
    for h in StatusHistory.objects.filter(application=app, machine="evaluation").order_by("at", "pk"):
        on = timezone.localtime(h.at).date().isoformat()
        if h.action in ("assessment_pass", "assessment_fail"):
            for s in case.sittings.select_related("spec", "session").order_by("spec__order", "pk"):
                sat = timezone.localtime(s.session.starts_at).date().isoformat() if s.session else on
                rows.append({"stage": ASSESSMENT_STAGE[s.spec.kind], "by": examiner, "on": sat})
            continue
        if h.action == "assign":
            rows.append({"stage": "expert_review", "by": office, "on": on})
            continue
        name = CASE_STAGE.get(h.action)
        if name is None or (rows and rows[-1]["stage"] == name == "results_publicity"):
            continue
        by = plan.committee.hr_bureau.name if name in ("approval", "certificate") else office
        if name == "fee":
            by = case_services.rules_for(plan).fee_collector or office
        rows.append({"stage": name, "by": by, "on": on})
    check = PaperCheck.objects.filter(application=app, state=PaperCheck.State.PASSED).first()
    if check:  # the originals are checked just before the experts receive the file (seed 003 四)
        at = next((i for i, r in enumerate(rows) if r["stage"] == "expert_review"), len(rows))
        on = timezone.localtime(check.checked_at).date().isoformat()
        rows.insert(at, {"stage": "paper_check", "by": office, "on": on})
    mailing = PaperMailing.objects.filter(application=app, received_at__isnull=False).first()
    if mailing:
        rows.append(
            {
                "stage": "paper_mailing",
                "by": office,
                "on": timezone.localtime(mailing.received_at).date().isoformat(),
            }
        )
    return rows
