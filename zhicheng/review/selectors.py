"""Reads of the review chain, with their joins done (DESIGN.md §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import office_scope
from zhicheng.applications.models import Action, Application, Lifecycle, Status, StatusHistory
from zhicheng.applications.routing import RoutingError, reviewer_org_for
from zhicheng.applications.timeline import TimelineEvent, TimelineStep
from zhicheng.core.dates import cn_date, local_time
from zhicheng.core.masking import mask_id_number
from zhicheng.core.replica import tolerates_lag
from zhicheng.core.workdays import TimeLeft, WorkCalendar, calendar
from zhicheng.plans.deadlines import stage_deadline
from zhicheng.plans.levels import level_label
from zhicheng.plans.models import DeclarationType, Plan, PlanStage
from zhicheng.plans.selectors import has_qualification_publicity
from zhicheng.publicity.models import Kind
from zhicheng.publicity.selectors import latest_entry, listed_in

from . import counts as queue_counts
from . import identity, names
from .models import (
    EntryState,
    IdentitySearchToken,
    RecommendationBatch,
    RecommendationItem,
    ReviewEntry,
)
from .permissions import STAGE_KINDS_FOR_ROLE, is_reviewer, reviewable_applications

PAGE_SIZE = 20
TABS = [
    ("pending", "待审查"),
    ("approved", "审查通过"),
    ("rejected", "审查不通过"),
    ("returned", "退回记录"),
    ("all", "全部"),
]
TAB_FILTERS = {
    "pending": Q(state=EntryState.PENDING),
    "approved": Q(state=EntryState.APPROVED),
    "rejected": Q(state=EntryState.REJECTED),
    "returned": Q(returned_count__gt=0),
    "all": Q(),
}
MAX_QUERY = 40
MAX_ID_LIST = 1000
# A search whose words match more than MAX_ID_LIST people is counted only in a queue of at most this many
# records (review_queue): beyond, the tabs are left uncounted.
BROAD_SEARCH_RECORDS = 2000


def declaration_label(value: str) -> str:
    return DeclarationType(value).label if value in DeclarationType.values else value


# --- the queue -----------------------------------------------------------------------------------


ELIGIBILITY_OUTCOMES = {"eligible", "ineligible", "needs_review", "unavailable"}


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows. Search words never travel in the URL (SECURITY.md 16): the search form
    is posted, the words are kept in the reviewer's session under a random key, and links carry
    only that key (`s`)."""

    tab: str = "pending"
    q: str = ""
    s: str = ""
    year: int | None = None
    plan: int | None = None
    eligibility: str = ""  # a stored verdict's outcome (eligibility.EligibilityCheck)
    after: int | None = None  # keyset cursors: application ids
    before: int | None = None

    @classmethod
    def from_query(cls, params, searches: dict | None = None) -> QueueFilters:
        def number(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 12 else None

        tab = params.get("tab") or "pending"
        key = (params.get("s") or "")[:16]
        q = (params.get("q") or "") if "q" in params else (searches or {}).get(key, "")
        return cls(
            tab=tab if tab in TAB_FILTERS else "pending",
            q=" ".join(q.split())[:MAX_QUERY],
            s=key if q else "",
            year=number("year"),
            plan=number("plan"),
            eligibility=e if (e := params.get("eligibility") or "") in ELIGIBILITY_OUTCOMES else "",
            after=number("after"),
            before=number("before"),
        )

    def query_string(self, **changes) -> str:
        values = {
            "tab": self.tab,
            "s": self.s,
            "year": self.year,
            "plan": self.plan,
            "eligibility": self.eligibility,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    @property
    def q_display(self) -> str:
        """The search words as echoed in the box: a whole ID number is shown masked."""
        return " ".join(
            mask_id_number(t) if len(t) == 18 and identity.looks_like_id_fragment(t) else t
            for t in self.q.split()
        )


@dataclass(frozen=True)
class PlanChoice:
    """A plan in the queue's filter: what the menu shows."""

    pk: int
    name: str
    year: int


# What a row of the list shows (the page and the API), and nothing more: one tuple per row from the page's
# join (the applicant's phone and the application's other columns are neither compiled, fetched, decrypted
# nor built into objects). tests/test_queue.py counts the page's statements with one row and with several
# (no read per row).
ROW_COLUMNS = (
    "application_id",
    "stage_id",
    "stage_kind",
    "plan_id",
    "state",
    "returned_count",
    "application__applicant__real_name",
    "application__applicant__id_number",
    "application__employer__organization__name",
    "application__level",
    "application__specialty",
    "application__submitted_at",
)
STATE_LABELS = dict(EntryState.choices)


@dataclass(slots=True)
class QueueRow:
    """A row of the queue as plain values, formatted once here: the page's template only prints them.

    Rendering 20 rows by walking model instances (three-level lookups, the date filter, the choices'
    display method, a URL tag per row) took ~7 ms of a ~25 ms queue page; plain values take ~2 ms
    (docs/performance.md, stop 21)."""

    pk: int
    stage_kind: str
    name: str
    masked_id: str
    employer: str
    year: int
    plan: str
    specialty: str  # as the applicant entered it ("" when the plan's own)
    specialty_shown: str  # the application's, else the plan's
    level: str
    state: str
    state_label: str
    returned_count: int
    submitted_at: datetime | None
    submitted: str  # local time, "2026-08-10 10:11:12", or "—"
    time_left: TimeLeft | None
    deadline: str  # the stage's deadline while pending, "2026-08-20", or ""
    row_class: str
    detail_url: str


def _row_class(left: TimeLeft | None) -> str:
    if left is None:
        return ""
    if left.overdue:
        return "overdue"
    return "due-soon" if left.due_within(2) else ""


@dataclass
class QueuePage:
    filters: QueueFilters
    rows: list[QueueRow]
    counts: dict[str, int] | None  # None: not counted (a search by a common surname)
    has_next: bool = False
    has_prev: bool = False
    next_cursor: int | None = None
    prev_cursor: int | None = None
    search_error: str = ""
    search_note: str = ""
    plans: list[PlanChoice] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def tabs(self):
        return [
            {
                "key": key,
                "label": label,
                "count": self.counts.get(key, 0) if self.counts is not None else None,
                "url": "?" + self.filters.query_string(tab=key),
                "active": key == self.filters.tab,
            }
            for key, label in TABS
        ]

    @property
    def tab_label(self) -> str:
        return dict(TABS)[self.filters.tab]

    @property
    def total(self) -> int | None:
        return self.counts.get(self.filters.tab, 0) if self.counts is not None else None

    @property
    def first_url(self) -> str:
        return "?" + self.filters.query_string()

    @property
    def next_url(self) -> str:
        return "?" + self.filters.query_string(after=self.next_cursor) if self.has_next else ""

    @property
    def prev_url(self) -> str:
        return "?" + self.filters.query_string(before=self.prev_cursor) if self.has_prev else ""

    @property
    def back(self) -> str:
        return self.filters.query_string()


def _entries_for(user) -> QuerySet[ReviewEntry]:
    if not is_reviewer(user):
        return ReviewEntry.objects.none()
    return ReviewEntry.objects.filter(
        organization_id=user.organization_id, stage_kind__in=STAGE_KINDS_FOR_ROLE[user.role]
    )


def _search(qs: QuerySet[ReviewEntry], q: str) -> tuple[QuerySet[ReviewEntry], str, str]:
    """Name fragments go through the name pieces (names.py); ID fragments through the keyed tokens (identity.py).
    Returns the narrowed records, an error, and the term that matched more than MAX_ID_LIST people, if any
    (a common surname: the tabs are then not counted, see review_queue)."""
    broad = ""
    for term in q.split():
        if identity.looks_like_id_fragment(term):
            parsed = identity.parse_id_term(term)
            if parsed.error:
                return qs.none(), parsed.error, ""
            # An ID term matches few people (a region code may match many): look their applications
            # up first and hand the queue a short list of ids, which both databases plan well; a
            # subquery makes PostgreSQL hash-join the whole queue before it filters.
            if parsed.full_index:
                users = (
                    User.objects.filter(id_number_index=parsed.full_index)
                    .exclude(id_number_index="")
                    .values("pk")
                )
            else:
                users = IdentitySearchToken.objects.filter(digest__in=parsed.digests).values("user_id")
            ids = list(
                Application.objects.filter(applicant_id__in=users).values_list("pk", flat=True)[
                    : MAX_ID_LIST + 1
                ]
            )
            if len(ids) <= MAX_ID_LIST:
                qs = qs.filter(application_id__in=ids)
            else:
                qs = qs.filter(application__applicant_id__in=users)
        elif re.search(r"\d", term) and not re.search(r"[\u4e00-\u9fff]", term):
            return (
                qs.none(),
                (f"“{term}”无法查询：身份证号关键字请输入{identity.ACCEPTED}；姓名请输入汉字。"),
                "",
            )
        else:
            # The name pieces' index finds the people (names.py); longer words are checked whole with icontains.
            # Few people (most fragments): their applications as a short id list. Many (a common surname):
            # a subquery, without first fetching a list that would be thrown away.
            users = names.users_matching(term)
            people = list(users.values_list("user_id", flat=True)[: MAX_ID_LIST + 1])
            ids = (
                list(Application.objects.filter(applicant_id__in=people).values_list("pk", flat=True))
                if len(people) <= MAX_ID_LIST
                else []
            )
            if len(people) <= MAX_ID_LIST and len(ids) <= MAX_ID_LIST:
                qs = qs.filter(application_id__in=ids)
            else:
                qs = qs.filter(application__applicant_id__in=users)
                broad = broad or (term if len(people) > MAX_ID_LIST else "")
            if len(names.normalise(term)) > names.MAX_GRAM:  # a piece of 1–2 characters is already exact
                qs = qs.filter(application__applicant__real_name__icontains=term)
    return qs, "", broad


@tolerates_lag  # a queue a few seconds old is fine; the page after a reviewer's own decision reads the primary
def review_queue(
    user, filters: QueueFilters, *, today: date | None = None, page_size: int = PAGE_SIZE
) -> QueuePage:
    base = _entries_for(user)

    # The plans this organisation has records in, for the filter: one EXISTS probe of entry_plan_idx per
    # plan (O(plans)), not `id IN (SELECT plan_id …)` over all of its records (O(records): ~120,000 for
    # a county at 200,000 applications).
    # Kept with the tab counts under the organisation's queue version (a new plan's first file bumps it).
    def scope_plans(base=base):
        plans = Plan.objects.filter(Exists(base.filter(plan_id=OuterRef("pk")))).order_by("-year", "name")
        return [PlanChoice(p.pk, p.name, p.year) for p in plans.only("pk", "name", "year")]

    if filters.year:
        base = base.filter(year=filters.year)
    if filters.plan:
        base = base.filter(plan_id=filters.plan)
    # The organisation's cache versions, read once for the counts and the plans below.
    scope = queue_counts.scope(user.organization_id) if is_reviewer(user) else ""
    scoped = base  # the organisation's records of the year and plan chosen, before verdict and words
    if filters.eligibility:
        base = base.filter(application__eligibility__outcome=filters.eligibility)
    base, search_error, broad = _search(base, filters.q)

    # One aggregate query for the five tab counts. COUNT(state), not COUNT(id) (state is never null): every
    # column it reads is in entry_count_idx, so PostgreSQL can answer from the index alone (an index-only
    # scan) instead of visiting each row of the table. Still O(records): without search words (which
    # narrow the records to a few) or a verdict filter (verdicts change outside the review chain), the
    # counts come from the cache under the organisation's queue version (counts.py), recounted after
    # every change of its records.
    def tab_counts(qs):
        return qs.aggregate(
            **{key: Count("state", filter=condition) for key, condition in TAB_FILTERS.items()}
        )

    def unsearched_counts():
        return queue_counts.cached(
            scope,
            (user.role, filters.year or "", filters.plan or ""),
            lambda: tab_counts(scoped),
        )

    search_note = ""
    if not is_reviewer(user):
        counts = tab_counts(base)
    elif broad and not filters.eligibility and unsearched_counts()["all"] > BROAD_SEARCH_RECORDS:
        # A common surname (“王”: ~2 % of a province, thousands of people) in a large queue: counting their
        # records in five tabs is O(people) on every view and grew +48 % from 10,000 to 200,000
        # applications, while the list below stops at the first 21 rows. The tabs are left uncounted and
        # the page says why. A small queue (a factory's) is still counted: its join is small.
        counts = None
        search_note = (
            f"与“{broad}”相符的申报人超过 {MAX_ID_LIST:,} 人，未统计各栏数量。"
            "输入更完整的姓名，或加上身份证号后四位，可更快找到。"
        )
    elif filters.q or filters.eligibility:
        counts = tab_counts(base)
    else:
        counts = unsearched_counts()

    # Five tables in the page's one join; the plans and the stages (two or three rows for a whole page) come in
    # two small reads. With all seven tables in one join PostgreSQL spent 5.5–7 ms *planning* the query
    # (searching the join orders) against 1.3 ms executing it: the largest part of a queue page's SQL.
    qs = base.filter(TAB_FILTERS[filters.tab]).values_list(*ROW_COLUMNS)
    if filters.before:
        chunk = list(qs.filter(application_id__gt=filters.before).order_by("application_id")[: page_size + 1])
        has_prev = len(chunk) > page_size
        entries = list(reversed(chunk[:page_size]))
        has_next = True
    else:
        if filters.after:
            qs = qs.filter(application_id__lt=filters.after)
        chunk = list(qs.order_by("-application_id")[: page_size + 1])
        has_next = len(chunk) > page_size
        entries = chunk[:page_size]
        has_prev = filters.after is not None
    if not entries:
        has_next = has_next and filters.before is None
    rows = _rows(entries, today or timezone.localdate())
    plans = queue_counts.cached(scope, (user.role, "plans"), scope_plans) if is_reviewer(user) else []
    return QueuePage(
        filters=filters,
        rows=rows,
        counts={k: counts[k] or 0 for k in TAB_FILTERS} if counts is not None else None,
        search_note=search_note,
        has_next=has_next and bool(entries),
        has_prev=has_prev and bool(entries or filters.before),
        next_cursor=entries[-1][0] if entries else None,
        prev_cursor=entries[0][0] if entries else None,
        search_error=search_error,
        plans=plans,
        years=sorted({p.year for p in plans}, reverse=True),
    )


def _rows(entries: list[tuple], today: date) -> list[QueueRow]:
    """The page's tuples (ROW_COLUMNS) as rows, with the plans and stages read once for the whole page."""
    plans = Plan.objects.only(
        "pk", "name", "year", "specialty", "employer_deadline", "department_deadline", "review_start"
    )
    plans = plans.in_bulk({e[3] for e in entries})
    pending = [e for e in entries if e[4] == EntryState.PENDING]
    stages = PlanStage.objects.in_bulk({e[1] for e in pending}) if pending else {}
    cal = calendar() if pending else WorkCalendar()
    left_by_stage: dict[int, TimeLeft | None] = {}  # every file at one stage shares its deadline
    rows = []
    for (
        pk,
        stage_id,
        stage_kind,
        plan_id,
        state,
        returned,
        name,
        id_number,
        employer,
        level,
        specialty,
        at,
    ) in entries:
        plan = plans[plan_id]
        left = None
        if state == EntryState.PENDING:
            if stage_id not in left_by_stage:
                due = stage_deadline(stages[stage_id], plan)
                left_by_stage[stage_id] = cal.time_left(today, due) if due else None
            left = left_by_stage[stage_id]
        rows.append(
            QueueRow(
                pk=pk,
                stage_kind=stage_kind,
                name=name,
                masked_id=mask_id_number(id_number),
                employer=employer or "",
                year=plan.year,
                plan=plan.name,
                specialty=specialty,
                specialty_shown=specialty or plan.specialty,
                level=level_label(level),
                state=state,
                state_label=STATE_LABELS.get(state, state),
                returned_count=returned,
                submitted_at=at,
                submitted=local_time(at, "—"),
                time_left=left,
                deadline=left.deadline.isoformat() if left else "",
                row_class=_row_class(left),
                detail_url=reverse("review:detail", args=[pk]),
            )
        )
    return rows


# --- one application -----------------------------------------------------------------------------


def application_for_review(user, pk: int) -> Application:
    """Fetch + authorise in one (DESIGN.md §4.1): out of scope is simply not found."""
    return get_object_or_404(
        reviewable_applications(user).select_related(
            "applicant",
            "plan__committee__organization",
            "employer__organization__region",
            "intake_department__region",
            "current_stage",
            "current_org",
            "returned_from_stage",
        ),
        pk=pk,
    )


def history_of(application) -> list[StatusHistory]:
    rows = list(application.history.select_related("actor", "organization", "stage", "internal_publicity"))
    for h in rows:
        h.publicity_record = getattr(h, "internal_publicity", None)
    return rows


def attachments_of(application) -> list:
    related = getattr(application, "attachments", None)
    if related is None:
        return []
    return list(related.all())


def attachment_of(application, attachment_id: int):
    related = getattr(application, "attachments", None)
    if related is None:
        return None
    return related.filter(pk=attachment_id).first()


# --- the applicant's timeline --------------------------------------------------------------------


# The step and event types are the applications app's (one timeline from draft to certificate).
__all__ = ["TimelineEvent", "TimelineStep"]


EVENT_LABELS = {
    Action.SUBMIT: "提交申报",
    Action.RESUBMIT: "修改后重新提交",
    Action.WITHDRAW: "申报人撤回",
    Action.APPROVE: "审核通过",
    Action.RETURN: "退回修改",
    Action.REJECT: "审核不通过",
}


def timeline_for(
    application,
    *,
    today: date | None = None,
    work_calendar: WorkCalendar | None = None,
    history: list[StatusHistory] | None = None,
) -> list:
    """Where the file is, which organisation holds it, its deadline, and every opinion so far.

    One step for submission, one per stage of the plan's chain, one for the 资格审查公示; the step
    holding the file now has `is_current`. The review chain's part of the one timeline
    (applications/timeline.py), which passes the one history it read as ``history``.
    """
    today = today or timezone.localdate()
    application = (
        Application.objects.select_related(
            "applicant",
            "plan__committee__organization",
            "employer__organization__region",
            "intake_department__region",
            "current_stage",
            "returned_from_stage",
        )
        .prefetch_related("plan__intake_departments__region", "plan__stages")
        .get(pk=application.pk)
    )
    plan = application.plan
    stages = sorted(plan.stages.all(), key=lambda s: s.order)
    if history is None:
        history = list(
            StatusHistory.objects.filter(application=application)
            .select_related("organization")
            .order_by("at", "id")
        )
    history = [h for h in history if h.machine == Lifecycle.APPLICATION]
    prefetch_related_objects(history, "internal_publicity")

    def event(h):
        org = h.organization.name if h.organization_id else ""
        label = "取消评审资格" if h.from_status == Status.QUALIFIED else EVENT_LABELS.get(h.action, h.action)
        if h.action in (Action.SUBMIT, Action.RESUBMIT) and org:
            label, org = f"{label}，送{org}审核", ""
        elif h.action == Action.WITHDRAW:
            org = ""
        return TimelineEvent(
            at=h.at,
            action=h.action,
            label=label,
            organization=org,
            opinion=h.opinion,
            # A missing reverse one-to-one raises a subclass of AttributeError.
            publicity=getattr(h, "internal_publicity", None),
        )

    status = application.status
    steps: list[TimelineStep] = []
    submit_events = [
        event(h) for h in history if h.action in (Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW)
    ]
    if status == Status.DRAFT:
        sub_state, sub_label = (
            ("current", "草稿，尚未提交") if not submit_events else ("current", "已撤回，待重新提交")
        )
    elif status == Status.RETURNED:
        sub_state, sub_label = "returned", "退回修改，待您修改后重新提交"
    else:
        sub_state, sub_label = "done", "已提交"
    todo = ""
    if status == Status.DRAFT:
        todo = f"请在{cn_date(plan.apply_end)}前完成并提交申报。" if plan.apply_end else "请完成并提交申报。"
    elif status == Status.RETURNED:
        todo = "请按退回意见修改后重新提交。"
    steps.append(
        TimelineStep(
            key="submit",
            title="个人申报",
            organization="",
            state=sub_state,
            state_label=sub_label,
            deadline=plan.apply_end if status in (Status.DRAFT,) else None,
            events=submit_events,
            todo=todo,
        )
    )
    cal = None
    current = application.current_stage
    returned_from = application.returned_from_stage
    rejected_stage_id = next(
        (
            h.stage_id
            for h in reversed(history)
            if h.action == Action.REJECT and h.from_status == Status.PENDING
        ),
        None,
    )
    for stage in stages:
        decisions = [
            h
            for h in history
            if h.stage_id == stage.pk and h.action in (Action.APPROVE, Action.RETURN, Action.REJECT)
        ]
        try:
            org = reviewer_org_for(application, stage).name
        except RoutingError:
            org = "待确定"
        deadline = stage_deadline(stage, plan)
        left = None
        if status == Status.PENDING and current and stage.pk == current.pk:
            state = "current"
            label = "审核中" if application.review_started_at else "待审核"
            if deadline:
                cal = cal or work_calendar or calendar()
                left = cal.time_left(today, deadline)
        elif status == Status.PENDING and current and stage.order > current.order:
            state, label = "upcoming", "未到达"
        elif status == Status.RETURNED and returned_from and stage.pk == returned_from.pk:
            state, label = "returned", "已退回修改"
        elif status == Status.RETURNED and returned_from and stage.order > returned_from.order:
            state, label = "upcoming", "未到达"
        elif status == Status.REJECTED and stage.pk == rejected_stage_id:
            state, label = "rejected", "审核不通过"
        elif (
            status == Status.REJECTED
            and rejected_stage_id
            and stage.order > _order(stages, rejected_stage_id)
        ):
            state, label = "skipped", "未到达"
        elif status == Status.DRAFT:
            state, label = "upcoming", "未提交"
        elif decisions and decisions[-1].action == Action.APPROVE:
            state, label = "done", "已通过"
        else:
            state, label = "upcoming", "未到达"
        steps.append(
            TimelineStep(
                key=f"stage-{stage.order}",
                title=stage.label,
                organization=org,
                state=state,
                state_label=label,
                deadline=deadline,
                time_left=left,
                events=[event(h) for h in decisions],
            )
        )
    if not has_qualification_publicity(plan, stages):
        return steps  # a road without a 资格审查公示 (温州 seed 000 五1): none to wait for
    listed = latest_entry(application.pk, Kind.QUALIFICATION)
    cancelled = [event(h) for h in history if h.from_status == Status.QUALIFIED]
    if listed:
        p = listed.publicity
        in_period = p.is_open
        state = "rejected" if cancelled else ("current" if in_period else "done")
        label = (
            "经核实取消评审资格"
            if cancelled
            else (f"公示中（{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}）" if in_period else "公示无异议")
        )
    elif status == Status.QUALIFIED:
        state, label = "current", "资格审查已通过，等待公示"
    elif status == Status.REJECTED and cancelled:
        state, label = "rejected", "经核实取消评审资格"
    else:
        state, label = "upcoming", "未到达"
    steps.append(
        TimelineStep(
            key="publicity",
            title="资格审查公示",
            organization=plan.committee.organization.name,
            state=state,
            state_label=label,
            deadline=listed.publicity.end if listed else None,
            events=cancelled,
        )
    )
    return steps


def _order(stages, stage_id) -> int:
    return next((s.order for s in stages if s.pk == stage_id), 0)


# --- 审核推荐 ---------------------------------------------------------------------------------------


def recommendable_entries(user, plan_id: int | None = None) -> QuerySet[ReviewEntry]:
    """What this department approved and has not yet recommended in the file's current round."""
    already = RecommendationItem.objects.filter(
        application_id=OuterRef("application_id"),
        organization_id=user.organization_id,
        round=OuterRef("application__round"),
    )
    qs = (
        _entries_for(user)
        .filter(state=EntryState.APPROVED, application__status__in=[Status.PENDING, Status.QUALIFIED])
        .filter(~Exists(already))
        .select_related("application__applicant", "application__employer__organization", "plan", "stage")
        .order_by("plan_id", "-application_id")
    )
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    return qs


def batches_of(user) -> QuerySet[RecommendationBatch]:
    if not is_reviewer(user) or user.role != Role.DEPARTMENT:
        return RecommendationBatch.objects.none()
    return RecommendationBatch.objects.filter(organization_id=user.organization_id).select_related(
        "plan", "submitted_by", "stage"
    )


def batches_received(user) -> QuerySet[RecommendationBatch]:
    """Batches of the committee office's plans, so the office sees who recommended whom and when."""
    if not is_reviewer(user) or user.role != Role.COMMITTEE_OFFICE:
        return RecommendationBatch.objects.none()
    return RecommendationBatch.objects.filter(office_scope(user)).select_related(
        "plan", "submitted_by", "stage", "organization"
    )


def batch_for(user, pk: int) -> RecommendationBatch:
    qs = batches_of(user) if user.role == Role.DEPARTMENT else batches_received(user)
    return get_object_or_404(
        qs.prefetch_related(
            Prefetch(
                "items",
                queryset=RecommendationItem.objects.select_related(
                    "application__applicant", "application__employer__organization"
                ),
            )
        ),
        pk=pk,
    )


# --- 资格审查公示 -----------------------------------------------------------------------------------


def office_plans(user) -> QuerySet[Plan]:
    if not is_reviewer(user) or user.role != Role.COMMITTEE_OFFICE:
        return Plan.objects.none()
    return Plan.objects.filter(office_scope(user, "")).order_by("-year", "name")


def publishable_applications(plan) -> QuerySet[Application]:
    """Qualified files of the plan not yet listed in any 资格审查公示."""
    return (
        Application.objects.filter(plan=plan, status=Status.QUALIFIED)
        .filter(~listed_in(Kind.QUALIFICATION, OuterRef("pk")))
        .select_related("applicant", "employer__organization")
        .order_by("employer__organization__name", "applicant__real_name", "pk")
    )
