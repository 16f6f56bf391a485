"""Reads of the archive, with their joins done and scoped by who is asking."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet

from zhicheng.accounts.models import Role, User

from . import access
from .models import Entry, EntryVersion, EvidenceFile, PersonalInfo


def personal_info_for(user) -> PersonalInfo | None:
    return PersonalInfo.objects.filter(user=user).select_related("employer__organization__region").first()


def entries_for_owner(user, *, kind: str | None = None) -> QuerySet[Entry]:
    qs = (
        Entry.objects.filter(owner=user, deleted_at__isnull=True)
        .select_related("latest_version", "approved_version")
        .prefetch_related(Prefetch("latest_version__files", queryset=EvidenceFile.objects.order_by("id")))
        .order_by("kind", "-id")
    )
    return qs.filter(kind=kind) if kind else qs


def get_entry_for_owner(*, user, pk: int) -> Entry:
    return (
        Entry.objects.filter(owner=user, deleted_at__isnull=True)
        .select_related("latest_version", "approved_version")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=EntryVersion.objects.select_related("reviewed_by").prefetch_related("files"),
            )
        )
        .get(pk=pk)
    )


def approved_versions_for(user, *, kinds: tuple[str, ...] | None = None) -> QuerySet[EntryVersion]:
    """The usable version of each live entry: the latest one the employer approved."""
    qs = (
        EntryVersion.objects.filter(
            entry__owner=user, entry__deleted_at__isnull=True, entry__approved_version=F("pk")
        )
        .select_related("entry")
        .prefetch_related("files")
        .order_by("entry__kind", "entry_id")
    )
    return qs.filter(entry__kind__in=kinds) if kinds else qs


def staff_of_employer(user) -> QuerySet:
    """Applicants whose 现工作单位 is this employer HR's organisation (SECURITY.md 6: own staff only)."""
    if user.role != Role.EMPLOYER or not user.organization_id:
        return User.objects.none()
    return User.objects.filter(role=Role.APPLICANT, personal_info__employer_id=user.organization_id)


def review_queue_for_employer(
    user, *, status: str = EntryVersion.Status.PENDING, owner_id: int | None = None
):
    if user.role != Role.EMPLOYER or not user.organization_id:
        return EntryVersion.objects.none()
    qs = (
        EntryVersion.objects.filter(entry__owner__personal_info__employer_id=user.organization_id)
        .filter(entry__deleted_at__isnull=True)
        .select_related("entry__owner", "reviewed_by")
        .prefetch_related("files")
    )
    if status == EntryVersion.Status.PENDING:
        qs = qs.filter(status=status).order_by("entry__owner_id", "created_at")
    else:
        qs = qs.filter(status=status, reviewed_org_id=user.organization_id).order_by("-reviewed_at")
    if owner_id:
        qs = qs.filter(entry__owner_id=owner_id)
    return qs


def pending_counts_by_person(user) -> list[dict]:
    return list(
        review_queue_for_employer(user)
        .order_by()
        .values("entry__owner_id", "entry__owner__real_name")
        .annotate(n=Count("id"))
        .order_by("entry__owner__real_name")
    )


def get_version_for_review(*, user, pk: int) -> EntryVersion:
    """Fetch and authorise in one: a version of someone who is not this employer's staff does not exist."""
    if user.role != Role.EMPLOYER or not user.organization_id:
        raise EntryVersion.DoesNotExist
    return (
        EntryVersion.objects.select_related("entry__owner__personal_info", "entry__approved_version")
        .prefetch_related("files", "entry__approved_version__files")
        .get(pk=pk, entry__owner__personal_info__employer_id=user.organization_id)
    )


def get_evidence_for_viewer(*, user, pk: int) -> EvidenceFile:
    """The owner, the owner's employer HR, and whoever the apps above allow (``archive.access``: whoever
    may view an application citing the file)."""
    evidence = EvidenceFile.objects.select_related("owner").get(pk=pk)
    if evidence.owner_id == user.pk:
        return evidence
    if (
        user.role == Role.EMPLOYER
        and user.organization_id
        and PersonalInfo.objects.filter(user_id=evidence.owner_id, employer_id=user.organization_id).exists()
    ):
        return evidence
    if access.may_read_evidence(user, evidence):  # e.g. a reviewer of an application citing it
        return evidence
    raise EvidenceFile.DoesNotExist


def entry_counts(user) -> dict[str, dict[str, int]]:
    """Per kind: live entries, usable (approved) ones, and ones waiting for or returned by the employer."""
    rows = (
        Entry.objects.filter(owner=user, deleted_at__isnull=True)
        .values("kind")
        .annotate(
            total=Count("id"),
            approved=Count("id", filter=Q(approved_version__isnull=False)),
            pending=Count("id", filter=Q(latest_version__status=EntryVersion.Status.PENDING)),
            returned=Count("id", filter=Q(latest_version__status=EntryVersion.Status.RETURNED)),
        )
    )
    return {r["kind"]: r for r in rows}
