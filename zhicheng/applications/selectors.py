"""Reads of applications with their joins done, scoped by who asks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from zhicheng.archive.kinds import AUTOMATIC_KINDS, KINDS
from zhicheng.archive.models import EntryVersion
from zhicheng.archive.selectors import approved_versions_for
from zhicheng.plans.models import PlanAttachment

from .models import Action, Application, ApplicationEntry, CommitmentSignature, Status, StatusHistory
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
    from zhicheng.archive.kinds import SELECTABLE_KINDS

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
    approved version of each automatic kind and of each picked entry (what 提交 will pin)."""
    rows = list(
        application.entries.select_related("version__entry__approved_version")
        .prefetch_related("version__files", "version__entry__approved_version__files")
        .order_by("order", "id")
    )
    if application.status in (Status.DRAFT, Status.RETURNED):
        basics = list(approved_versions_for(application.applicant, kinds=AUTOMATIC_KINDS))
        selected = []
        for row in rows:
            if row.automatic:
                continue
            entry = row.version.entry
            current = entry.approved_version if entry.deleted_at is None else None
            selected.append((row, current))
        return basics, selected
    basics = [r.version for r in rows if r.automatic]
    return basics, [(r, r.version) for r in rows if not r.automatic]


def versions_used_by(application) -> list[EntryVersion]:
    """The archive versions this application uses, for build_profile(entries=...): the pinned ones once
    submitted; while it is a draft (or returned), what 提交 would pin. Use this rather than
    application.entries, which for a draft holds only the picked achievements."""
    basics, selected = effective_versions(application)
    return basics + [v for _, v in selected if v is not None]


def dossier_for(application) -> Dossier:
    from zhicheng.archive.models import PersonalInfo

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
