"""The dashboard's numbers: one selector per chart, each a fixed number of aggregate queries
whatever the number of applications, scoped by role on the server as the queues are.

    committee office → applications of its committee's plans
    department       → applications in its jurisdiction that reached it (review.permissions)
    HR bureau        → applications of the plans of the committees it approves

Each selector returns a Table: the chart draws it, the page prints it beside the chart and the
Excel export writes it — one set of numbers, three views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import bureau_scope, has_role, office_scope
from zhicheng.applications.models import Application, Status
from zhicheng.core.workdays import calendar
from zhicheng.evaluation.models import AssessmentSitting, CaseStatus, VoteTally
from zhicheng.plans.deadlines import stage_deadline
from zhicheng.plans.models import Plan, PlanStage, StageKind
from zhicheng.review.permissions import reviewable_applications

DASHBOARD_ROLES = (Role.COMMITTEE_OFFICE, Role.DEPARTMENT, Role.HR_BUREAU)
# The season's picture, not a live queue: each table is counted at most once per CACHE_SECONDS for an
# office's scope and year (at 200,000 applications the six tables are 10 aggregates over the whole
# season, 1.8–5 s on the shared box). The page and the Excel export show the same numbers and say when
# they were counted.
CACHE_SECONDS = 300
WAIT_BUCKETS = ((5, "5天以内"), (15, "6–15天"), (30, "16–30天"), (None, "30天以上"))
RISK_BUCKETS = ("已逾期", "3个工作日内到期", "4–10个工作日", "10个工作日以上", "未设截止日期")
TOP_EMPLOYERS = 20
# A case whose vote passed, whatever happened to it afterwards (公示, 审批, 发证).
VOTE_PASSED = (
    CaseStatus.REVIEW_PASSED,
    CaseStatus.IN_PUBLICITY,
    CaseStatus.AWAITING_APPROVAL,
    CaseStatus.NOT_APPROVED,
    CaseStatus.APPROVED,
    CaseStatus.CERTIFIED,
    CaseStatus.REVOKED,
)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    chart: str = "bar"  # bar | stacked | line
    series: list[int] = field(default_factory=list)  # which columns the chart draws
    note: str = ""
    colors: list[str] = field(default_factory=list)  # one per drawn column; empty: the default palette
    computed_at: datetime | None = None  # when the numbers were counted (the page says so)

    def chart_data(self) -> dict:
        """What dashboard.js needs: categories (first column) and one series per drawn column."""
        return {
            "type": self.chart,
            "title": self.title,
            "colors": self.colors,
            "categories": [str(r[0]) for r in self.rows],
            "series": [
                {"name": self.columns[i], "data": [r[i] if r[i] is not None else 0 for r in self.rows]}
                for i in self.series
            ],
        }


def can_see_dashboard(user) -> bool:
    return has_role(user, *DASHBOARD_ROLES) and user.organization_id is not None


def applications_in_scope(user) -> QuerySet[Application]:
    """Submitted applications the user's office may count (never a draft: it is the applicant's)."""
    if not can_see_dashboard(user):
        return Application.objects.none()
    org = user.organization_id
    if user.role == Role.DEPARTMENT:
        return reviewable_applications(user)
    qs = Application.objects.exclude(status=Status.DRAFT)
    if user.role == Role.COMMITTEE_OFFICE:
        return qs.filter(plan__committee_id=org)
    return qs.filter(plan__committee__hr_bureau_id=org)


def season_years(user) -> list[int]:
    """The plan years the user's scope has applications in, newest first (one query, then the cache for
    CACHE_SECONDS: for a department it is a semi-join over every application of its jurisdiction)."""
    if not can_see_dashboard(user):
        return []
    key = f"dashboard:years:{user.role}:{user.organization_id}"
    years = cache.get(key)
    if years is None:
        years = _season_years(user)
        cache.set(key, years, timeout=CACHE_SECONDS)
    return years


def _season_years(user) -> list[int]:
    if user.role == Role.COMMITTEE_OFFICE:
        plans = Plan.objects.filter(office_scope(user, ""))
    elif user.role == Role.HR_BUREAU:
        plans = Plan.objects.filter(bureau_scope(user, ""))
    else:
        plans = Plan.objects.filter(pk__in=applications_in_scope(user).values("plan_id"))
    return sorted(set(plans.values_list("year", flat=True)), reverse=True)


def _stage_label(kind: str | None) -> str:
    return StageKind(kind).label if kind in StageKind.values else (kind or "—")


def _rate(passed: int, total: int) -> str:
    return f"{passed / total * 100:.1f}%" if total else "—"


def files_at_each_step(user, year: int, *, now=None) -> Table:
    """Files waiting at each step of the chain, and for how long (since they arrived there)."""
    now = now or timezone.now()
    buckets = {}
    lower = None
    for i, (days, _) in enumerate(WAIT_BUCKETS):
        cond = Q()
        if days is not None:
            cond &= Q(status_changed_at__gte=now - timedelta(days=days))
        if lower is not None:
            cond &= Q(status_changed_at__lt=now - timedelta(days=lower))
        buckets[f"w{i}"] = Count("pk", filter=cond)
        lower = days
    groups = (
        applications_in_scope(user)
        .filter(plan__year=year, status=Status.PENDING)
        .values("current_stage__kind")
        .annotate(n=Count("pk"), oldest=Min("status_changed_at"), **buckets)
    )
    order = {k: i for i, k in enumerate(StageKind.values)}
    rows = []
    for g in sorted(groups, key=lambda g: order.get(g["current_stage__kind"], 99)):
        longest = (now - g["oldest"]).days if g["oldest"] else 0
        rows.append(
            [_stage_label(g["current_stage__kind"]), g["n"]]
            + [g[f"w{i}"] for i in range(len(WAIT_BUCKETS))]
            + [longest]
        )
    return Table(
        key="steps",
        title="各环节在办件数及等待时间",
        columns=["环节", "在办件数"] + [label for _, label in WAIT_BUCKETS] + ["最长已等待（天）"],
        rows=rows,
        chart="stacked",
        series=list(range(2, 2 + len(WAIT_BUCKETS))),
        colors=["#15803d", "#a16207", "#c2410c", "#b91c1c"],
        note="在办：状态为“审核中”的申报；等待时间从送达该环节时起算（自然日）。",
    )


def deadlines_at_risk(user, year: int, *, today: date | None = None) -> Table:
    """Pending files by the working days left before their step's deadline (core/workdays.py)."""
    today = today or timezone.localdate()
    counts = dict(
        applications_in_scope(user)
        .filter(plan__year=year, status=Status.PENDING)
        .values_list("current_stage_id")
        .annotate(n=Count("pk"))
        .values_list("current_stage_id", "n")
    )
    stages = PlanStage.objects.filter(pk__in=list(counts)).select_related("plan")
    cal = calendar()
    per_kind: dict[str, list[int]] = {}
    for stage in stages:
        due = stage_deadline(stage, stage.plan)
        if due is None:
            bucket = 4
        else:
            left = cal.time_left(today, due)
            bucket = (
                0 if left.overdue else 1 if left.working_days <= 3 else 2 if left.working_days <= 10 else 3
            )
        per_kind.setdefault(stage.kind, [0] * len(RISK_BUCKETS))[bucket] += counts[stage.pk]
    order = {k: i for i, k in enumerate(StageKind.values)}
    rows = [
        [_stage_label(kind)] + values
        for kind, values in sorted(per_kind.items(), key=lambda kv: order[kv[0]])
    ]
    return Table(
        key="deadlines",
        title="截止日期临近的在办件（按工作日）",
        columns=["环节", *RISK_BUCKETS],
        rows=rows,
        chart="stacked",
        series=list(range(1, 1 + len(RISK_BUCKETS))),
        colors=["#b91c1c", "#c2410c", "#a16207", "#15803d", "#6b7280"],
        note="截止日期为该环节在申报计划中的截止日；剩余工作日按工作日历（含法定节假日调休）计算，截止日当天计入。",
    )


_OUTCOME_COUNTS = {
    "n": Count("pk"),
    "pending": Count("pk", filter=Q(status=Status.PENDING)),
    "returned": Count("pk", filter=Q(status=Status.RETURNED)),
    "qualified": Count("pk", filter=Q(status=Status.QUALIFIED)),
    "rejected": Count("pk", filter=Q(status=Status.REJECTED)),
}
_OUTCOME_COLUMNS = ["申报件数", "审核中", "退回修改", "资格审查通过", "审核不通过"]


def by_county(user, year: int) -> Table:
    """Applications by the county (region) of the employer, with where they stand."""
    groups = (
        applications_in_scope(user)
        .filter(plan__year=year)
        .values("employer__organization__region__code", "employer__organization__region__name")
        .annotate(**_OUTCOME_COUNTS)
        .order_by("employer__organization__region__code")
    )
    rows = [
        [
            g["employer__organization__region__name"] or "未填写单位",
            g["n"],
            g["pending"],
            g["returned"],
            g["qualified"],
            g["rejected"],
        ]
        for g in groups
    ]
    return Table(
        key="county",
        title="按地区（用人单位所在县市区）",
        columns=["地区", *_OUTCOME_COLUMNS],
        rows=rows,
        series=[1, 4],
        note="地区取用人单位登记的所在地区。",
    )


def by_employer(user, year: int) -> Table:
    """The employers with the most applications (the first TOP_EMPLOYERS)."""
    groups = (
        applications_in_scope(user)
        .filter(plan__year=year)
        .values("employer_id", "employer__organization__name")
        .annotate(**_OUTCOME_COUNTS)
        .order_by("-n", "employer__organization__name")[:TOP_EMPLOYERS]
    )
    rows = [
        [
            g["employer__organization__name"] or "未填写单位",
            g["n"],
            g["pending"],
            g["returned"],
            g["qualified"],
            g["rejected"],
        ]
        for g in groups
    ]
    return Table(
        key="employer",
        title=f"按用人单位（申报最多的前 {TOP_EMPLOYERS} 家）",
        columns=["用人单位", *_OUTCOME_COLUMNS],
        rows=rows,
        series=[1, 4],
    )


def pass_rates(user, year: int) -> Table:
    """Pass rates at 资格审查, at the exams (考试考评) and at the vote (评审表决)."""
    apps = applications_in_scope(user).filter(plan__year=year)
    qual = apps.aggregate(
        yes=Count("pk", filter=Q(status=Status.QUALIFIED)),
        no=Count("pk", filter=Q(status=Status.REJECTED)),
    )
    exams = AssessmentSitting.objects.filter(
        case__application__in=apps.values("pk"), passed__isnull=False
    ).aggregate(yes=Count("pk", filter=Q(passed=True)), no=Count("pk", filter=Q(passed=False)))
    votes = VoteTally.objects.filter(case__application__in=apps.values("pk")).aggregate(
        yes=Count("pk", filter=Q(passed=True)), no=Count("pk", filter=Q(passed=False))
    )
    rows = []
    for label, c in (("资格审查", qual), ("考试考评", exams), ("评审表决", votes)):
        total = c["yes"] + c["no"]
        rows.append([label, total, c["yes"], c["no"], _rate(c["yes"], total)])
    return Table(
        key="pass",
        title="各环节通过率",
        columns=["环节", "已有结论", "通过", "未通过", "通过率"],
        rows=rows,
        chart="stacked",
        series=[2, 3],
        colors=["#15803d", "#b91c1c"],
        note="资格审查：已审核完结的申报（通过＝资格审查通过，未通过＝任一环节审核不通过）；"
        "考试考评：已录入成绩的每场考试；评审表决：每次表决结果。",
    )


def compared_with_last_season(user, year: int) -> Table:
    """This season against the same committee's plans of the year before."""
    groups = (
        applications_in_scope(user)
        .filter(plan__year__in=(year - 1, year))
        .values("plan__committee__organization__name", "plan__year")
        .annotate(
            n=Count("pk"),
            qualified=Count("pk", filter=Q(status=Status.QUALIFIED)),
            voted=Count("pk", filter=Q(evaluation__status__in=VOTE_PASSED)),
        )
        .order_by("plan__committee__organization__name")
    )
    table: dict[str, dict] = {}
    for g in groups:
        table.setdefault(g["plan__committee__organization__name"], {})[g["plan__year"]] = g
    rows = []
    empty = {"n": 0, "qualified": 0, "voted": 0}
    for name, by_year in table.items():
        before, now = by_year.get(year - 1, empty), by_year.get(year, empty)
        rows.append(
            [
                name,
                before["n"],
                now["n"],
                now["n"] - before["n"],
                before["qualified"],
                now["qualified"],
                before["voted"],
                now["voted"],
            ]
        )
    return Table(
        key="seasons",
        title=f"与上一年度比较（{year - 1} 年 / {year} 年）",
        columns=[
            "评审委员会",
            f"{year - 1}年申报",
            f"{year}年申报",
            "增减",
            f"{year - 1}年资格审查通过",
            f"{year}年资格审查通过",
            f"{year - 1}年评审通过",
            f"{year}年评审通过",
        ],
        rows=rows,
        series=[1, 2],
        note="同一评审委员会上一年度申报计划的申报；评审通过＝评审表决通过（含其后公示、审批、发证）。",
    )


SELECTORS = {
    "steps": files_at_each_step,
    "deadlines": deadlines_at_risk,
    "county": by_county,
    "employer": by_employer,
    "pass": pass_rates,
    "seasons": compared_with_last_season,
}


def table_for(user, key: str, year: int) -> Table:
    """One table of the dashboard, from the cache when it was counted in the last CACHE_SECONDS."""
    cache_key = f"dashboard:{key}:{user.role}:{user.organization_id}:{year}"
    table = cache.get(cache_key)
    if table is None:
        table = SELECTORS[key](user, year)
        table.computed_at = timezone.now()
        cache.set(cache_key, table, timeout=CACHE_SECONDS)
    return table


def dashboard_tables(user, year: int) -> list[Table]:
    return [table_for(user, key, year) for key in SELECTORS]
