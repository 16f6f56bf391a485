"""Reads of applications with their joins done, scoped by who asks."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from zhicheng.archive.kinds import AUTOMATIC_KINDS, KINDS, SELECTABLE_KINDS
from zhicheng.archive.models import EntryVersion, PersonalInfo
from zhicheng.archive.selectors import approved_versions_for
from zhicheng.plans.models import TITLE_FOR_LEVEL, DeclarationType, PlanAttachment

from .models import (
    Action,
    Application,
    ApplicationEntry,
    CommitmentSignature,
    Status,
    StatusHistory,
    WizardDraft,
)
from .permissions import can_view_application

_RELATED = (
    "plan__committee__organization",
    "applicant",
    "employer__organization__region",
    "intake_department",
    "current_stage",
    "current_org",
    "draft",
)


def my_applications(user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related(*_RELATED).order_by("-id")


def get_application_for_owner(*, user, pk: int) -> Application:
    return my_applications(user).get(pk=pk)


def get_application_for_viewer(*, user, pk: int) -> Application:
    application = Application.objects.select_related(*_RELATED).get(pk=pk)
    if not can_view_application(user, application):
        raise Application.DoesNotExist
    return application


def history_for(application) -> list[StatusHistory]:
    return list(application.history.select_related("actor", "organization", "stage").order_by("at", "id"))


def last_return(application) -> StatusHistory | None:
    if application.status != Status.RETURNED:
        return None
    return (
        application.history.filter(action=Action.RETURN)
        .select_related("organization", "stage")
        .order_by("-at", "-id")
        .first()
    )


def latest_signature(application) -> CommitmentSignature | None:
    return application.signatures.order_by("-signed_at", "-id").first()


def after_achievements_cutoff(plan, version) -> bool:
    """An achievement dated after the plan's 业绩截止日 (seed 000 二5 "业绩等相关材料截止时间为2020年
    8月31日"): the wizard does not let it be picked and the engine does not count it."""
    cutoff = plan.achievements_cutoff
    if cutoff is None or version.entry.kind != "achievement":
        return False
    day = (version.data or {}).get("date")
    return bool(day) and str(day)[:10] > cutoff.isoformat()


def achievements_until(plan):
    """The last day whose achievements count for the plan: its 业绩截止日, else the 资历计算截止日
    (for the 评审表 and the roster: what they list is what the verdict counted)."""
    return plan.achievements_cutoff or plan.seniority_cutoff


def selectable_versions(user) -> list[EntryVersion]:
    return list(approved_versions_for(user, kinds=SELECTABLE_KINDS))


@dataclass
class Dossier:
    """Everything the 预览 and the reviewers' pages show, loaded in a fixed number of queries."""

    application: Application
    info: object
    draft: object
    basics: list[tuple[object, list[EntryVersion]]] = field(default_factory=list)
    selected: list[tuple[ApplicationEntry, EntryVersion]] = field(default_factory=list)
    attachments: list[tuple[str, bool, object]] = field(default_factory=list)
    signature: CommitmentSignature | None = None
    returned: StatusHistory | None = None
    highest_title: dict | None = None

    @property
    def editable_view(self) -> bool:
        return self.application.status in (Status.DRAFT, Status.RETURNED)


def effective_versions(
    application,
) -> tuple[list[EntryVersion], list[tuple[ApplicationEntry, EntryVersion | None]]]:
    """What the application uses: pinned versions once submitted; while it is being edited, the current
    approved version of each automatic kind and of each picked entry (what 提交 will pin).

    Three queries for a draft (its rows, the applicant's approved basics, the evidence files of every
    version returned, read once for all), two once submitted (rows, files). Each version returned has its
    ``entry`` loaded, so ``summary`` and ``kind_spec`` cost nothing more."""
    rows = list(
        application.entries.select_related("version__entry__approved_version").order_by("order", "id")
    )
    if application.status in (Status.DRAFT, Status.RETURNED):
        basics = list(
            approved_versions_for(application.applicant, kinds=AUTOMATIC_KINDS).prefetch_related(None)
        )
        selected: list[tuple[ApplicationEntry, EntryVersion | None]] = []
        for row in rows:
            if row.automatic:
                continue
            entry = row.version.entry
            current = entry.approved_version if entry.deleted_at is None else None
            if current is not None:
                current.entry = entry  # the same entry row: no query when its summary is asked for
            selected.append((row, current))
        versions = basics + [row.version for row in rows]
        versions += [current for _, current in selected if current is not None]
        prefetch_related_objects(versions, "files")
        return basics, selected
    prefetch_related_objects([r.version for r in rows], "files")
    basics = [r.version for r in rows if r.automatic]
    return basics, [(r, r.version) for r in rows if not r.automatic]


def versions_used_by(application) -> list[EntryVersion]:
    """The archive versions this application uses, for build_profile(entries=...): the pinned ones once
    submitted; while it is a draft (or returned), what 提交 would pin. Use this rather than
    application.entries, which for a draft holds only the picked achievements."""
    basics, selected = effective_versions(application)
    return basics + [v for _, v in selected if v is not None]


def version_stamps_used_by(application) -> list[tuple[int, object]]:
    """(pk, updated_at) of each version versions_used_by would give, in one query once submitted:
    what the eligibility verdict's basis compares without loading the versions themselves."""
    if application.status in (Status.DRAFT, Status.RETURNED):
        return [(v.pk, v.updated_at) for v in versions_used_by(application)]
    return list(
        ApplicationEntry.objects.filter(application=application).values_list(
            "version_id", "version__updated_at"
        )
    )


def versions_used_by_many(applications) -> dict[int, list[EntryVersion]]:
    """versions_used_by for a chunk of applications in three queries (the pinned rows, their versions
    with the entry's kind, the evidence files of 经历 claims: the only kind whose profile item reads
    them) instead of three per application: the plan-wide re-run of the eligibility check reads
    thousands at once. Drafts and returned files (what 提交 would pin) go through versions_used_by one
    by one; they are few in a re-run."""
    pinned = [a.pk for a in applications if a.status not in (Status.DRAFT, Status.RETURNED)]
    pinned_rows = ApplicationEntry.objects.filter(application_id__in=pinned)
    rows = list(
        pinned_rows.order_by("application_id", "order", "id").values_list(
            "application_id", "automatic", "version_id"
        )
    )
    # A subquery rather than thousands of version ids as parameters (their conversion alone is costly).
    versions = {
        v.pk: v
        for v in EntryVersion.objects.filter(pk__in=pinned_rows.values("version_id"))
        .select_related("entry")
        .only("data", "updated_at", "entry__kind")
    }
    prefetch_related_objects([v for v in versions.values() if v.entry.kind == "experience_claim"], "files")
    automatic: dict[int, list[EntryVersion]] = {pk: [] for pk in pinned}
    chosen: dict[int, list[EntryVersion]] = {pk: [] for pk in pinned}
    for application_id, is_automatic, version_id in rows:
        (automatic if is_automatic else chosen)[application_id].append(versions[version_id])
    out = {pk: automatic[pk] + chosen[pk] for pk in pinned}
    for application in applications:
        if application.pk not in out:
            out[application.pk] = versions_used_by(application)
    return out


def dossier_for(application) -> Dossier:
    info = (
        PersonalInfo.objects.filter(user_id=application.applicant_id)
        .select_related("employer__organization")
        .first()
    )
    draft = getattr(application, "draft", None)
    basics, selected = effective_versions(application)
    groups = []
    for code in AUTOMATIC_KINDS:
        versions = [v for v in basics if v.entry.kind == code]
        versions.sort(key=lambda v: str(v.data.get(KINDS[code].sort_key, "")))
        if versions or code in ("education", "work", "title", "assessment", "continuing_education"):
            groups.append((KINDS[code], versions))
    titles = [v.data for v in basics if v.entry.kind == "title"]
    order = ["technician", "assistant", "intermediate", "associate_senior", "senior"]
    highest = max(titles, key=lambda t: (order.index(t["level"]), t.get("obtained_on", "")), default=None)
    uploads = {a.requirement_id: a for a in application.attachments.all()}
    requirements = list(
        PlanAttachment.objects.filter(plan_id=application.plan_id, delivery="upload").order_by("order", "id")
    )
    attachments = [(r.name, r.required, uploads.pop(r.pk, None)) for r in requirements]
    attachments += [(a.requirement_name, False, a) for a in uploads.values()]
    return Dossier(
        application=application,
        info=info,
        draft=draft,
        basics=groups,
        selected=selected,
        attachments=attachments,
        signature=latest_signature(application),
        returned=last_return(application),
        highest_title=highest,
    )


def applications_prefetched(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.prefetch_related(
        Prefetch("entries", queryset=ApplicationEntry.objects.select_related("version__entry")),
        "attachments",
    )


# --- what changed since the return (issue 17 §5) -------------------------------------------------
# Each 提交/重新提交 keeps a snapshot of what was sent in its status-history row (data["snapshot"]):
# the picked achievements by their pinned archive version, the attachments by their SHA-256, the
# wizard's fields and the 述职 text. The draft itself is edited in place after a return, so the
# snapshot is the only record of the round the reviewer returned.

SNAPSHOT_FIELDS = (
    ("level", "申报级别"),
    ("declaration_type", "申报类型"),
    ("specialty", "从事专业"),
    ("intake_department", "受理点"),
    ("work_category", "从事工作类别"),
    ("work_years", "专业工作年限"),
    ("administrative_post", "行政职务"),
    ("exceptional_reasons", "破格推荐理由"),
    ("exceptional_resume", "简历"),
    ("self_score", "自评分"),
)


_READ = object()


def round_snapshot(application, *, draft=_READ, selected=None, attachments=None) -> dict:
    """What this round sends (or, while editable, what 提交 would send), as plain JSON. 提交 passes the
    draft, effective_versions' ``selected`` and the attachments (in requirement order) it has already
    read (the same rows, under the same lock)."""
    if draft is _READ:
        draft = WizardDraft.objects.filter(application_id=application.pk).first()
    intake = application.intake_department.name if application.intake_department_id else ""
    values = {
        "level": TITLE_FOR_LEVEL.get(application.level, application.level),
        "declaration_type": (
            DeclarationType(application.declaration_type).label
            if application.declaration_type in DeclarationType.values
            else application.declaration_type
        ),
        "specialty": application.specialty,
        "intake_department": intake,
    }
    if draft is not None:
        values.update(
            work_category=draft.get_work_category_display() if draft.work_category else "",
            work_years="" if draft.work_years is None else str(draft.work_years),
            administrative_post=draft.administrative_post,
            exceptional_reasons=draft.exceptional_reasons,
            exceptional_resume=draft.exceptional_resume,
            self_score="" if draft.self_score is None else str(draft.self_score),
        )
    if selected is None:
        _, selected = effective_versions(application)
    entries = [
        {
            "entry": row.version.entry_id,
            "version": (current or row.version).pk,
            "number": (current or row.version).number,
            "kind": KINDS[row.version.entry.kind].label if row.version.entry.kind in KINDS else "",
            "summary": (current or row.version).summary,
            "representative": row.representative,
        }
        for row, current in selected
    ]
    attachments = [
        {"name": a.requirement_name, "file": a.original_name, "sha256": a.sha256, "size": a.size}
        for a in (
            application.attachments.all().order_by("requirement__order", "id")
            if attachments is None
            else attachments
        )
    ]
    return {
        "fields": {key: str(values.get(key) or "") for key, _ in SNAPSHOT_FIELDS},
        "entries": entries,
        "attachments": attachments,
        "statement": draft.self_statement if draft is not None else "",
    }


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Changes:
    """The differences between the round that was returned and what is (or will be) sent now."""

    returned: StatusHistory
    available: bool = True  # False for a round submitted before snapshots were kept
    fields: list[FieldChange] = field(default_factory=list)
    entries: list[tuple[str, str]] = field(default_factory=list)  # (what happened, the achievement)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (what happened, the file)
    statement_before: list[tuple[str, str]] = field(default_factory=list)  # (op, text): "same" | "del"
    statement_after: list[tuple[str, str]] = field(default_factory=list)  # (op, text): "same" | "ins"

    @property
    def statement_changed(self) -> bool:
        return any(op != "same" for op, _ in self.statement_before + self.statement_after)

    @property
    def any(self) -> bool:
        return bool(self.fields or self.entries or self.attachments or self.statement_changed)


_TOKEN = re.compile(r"[A-Za-z0-9.%]+|\s+|.", re.S)


def text_diff(before: str, after: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A word-level diff for Chinese without a segmenter: each Han character, each run of Latin
    letters or digits, each run of spaces is one token. Returns the two sides as (op, text) runs."""
    a, b = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []

    def add(side, op, text):
        if not text:
            return
        if side and side[-1][0] == op:
            side[-1] = (op, side[-1][1] + text)
        else:
            side.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(left, "same", "".join(a[i1:i2]))
            add(right, "same", "".join(b[j1:j2]))
        else:
            add(left, "del", "".join(a[i1:i2]))
            add(right, "ins", "".join(b[j1:j2]))
    return left, right


def _snapshot_of_round(application, round_no: int) -> dict | None:
    row = (
        application.history.filter(action__in=(Action.SUBMIT, Action.RESUBMIT), round=round_no)
        .order_by("-at", "-id")
        .first()
    )
    return (row.data or {}).get("snapshot") if row is not None else None


def changes_since_return(application) -> Changes | None:
    """What the applicant changed since the last 退回修改, or None when the file was never returned.

    Before: the snapshot kept when the returned round was submitted. After: the snapshot of the
    round submitted since (what the reviewer now holds), or, while the file is still with the
    applicant, what 重新提交 would send."""
    returned = (
        application.history.filter(action=Action.RETURN)
        .select_related("organization", "stage")
        .order_by("-at", "-id")
        .first()
    )
    if returned is None:
        return None
    before = _snapshot_of_round(application, returned.round)
    if application.status in (Status.DRAFT, Status.RETURNED):
        after = round_snapshot(application)
    else:
        after = (
            _snapshot_of_round(application, application.round) if application.round > returned.round else None
        )
        if after is None:
            return None  # not yet resubmitted (or withdrawn and not sent again)
    if before is None:
        return Changes(returned=returned, available=False)
    changes = Changes(returned=returned)
    for key, label in SNAPSHOT_FIELDS:
        old, new = before["fields"].get(key, ""), after["fields"].get(key, "")
        if old != new:
            changes.fields.append(FieldChange(label, old or "（空）", new or "（空）"))

    def name(e):
        return f"{e['kind']}：{e['summary']}" if e.get("kind") else e["summary"]

    old_entries = {e["entry"]: e for e in before["entries"]}
    new_entries = {e["entry"]: e for e in after["entries"]}
    for key, e in new_entries.items():
        old = old_entries.get(key)
        if old is None:
            changes.entries.append(("新增", name(e)))
            continue
        if old["version"] != e["version"]:
            changes.entries.append((f"档案更新（第 {old['number']} 版 → 第 {e['number']} 版）", name(e)))
        if old["representative"] != e["representative"]:
            changes.entries.append(("设为代表作" if e["representative"] else "取消代表作", name(e)))
    for key, e in old_entries.items():
        if key not in new_entries:
            changes.entries.append(("移除", name(e)))

    old_files = {a["name"]: a for a in before["attachments"]}
    new_files = {a["name"]: a for a in after["attachments"]}
    for key, a in new_files.items():
        old = old_files.get(key)
        if old is None:
            changes.attachments.append(("新增", f"{key}（{a['file']}）"))
        elif old["sha256"] != a["sha256"]:
            changes.attachments.append(("已替换", f"{key}（原 {old['file']} → 现 {a['file']}）"))
    for key, a in old_files.items():
        if key not in new_files:
            changes.attachments.append(("已删除", f"{key}（{a['file']}）"))

    changes.statement_before, changes.statement_after = text_diff(before["statement"], after["statement"])
    return changes


def passed_stage_ids(plan) -> set[int]:
    """The plan's review stages at which some file was approved: the plan editor may no longer move them."""
    return set(
        StatusHistory.objects.filter(application__plan=plan, action=Action.APPROVE, stage__isnull=False)
        .values_list("stage_id", flat=True)
        .distinct()
    )
