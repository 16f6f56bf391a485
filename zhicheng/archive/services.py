"""Writes of the archive: one transaction each, with its audit event and notifications after commit."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from stdnum.cn import ric

from zhicheng.accounts.models import Role, User
from zhicheng.core.uploads import UploadRejected
from zhicheng.notifications.services import notify

from . import audit_events
from .kinds import KINDS
from .models import Entry, EntryVersion, EvidenceFile, Gender, PersonalInfo
from .photo import check_photo
from .uploads import check_evidence, files_removed_on_error, store

EVIDENCE_TYPES = ("pdf", "jpeg")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10


class ArchiveError(ValueError):
    """A refused archive action; the message is Chinese and safe to show."""


def identity_facts(id_number: str) -> dict:
    """Birth date and gender are read from the ID number (checked digit and all), so they never disagree."""
    if not id_number:
        return {}
    try:
        birth = ric.get_birth_date(id_number)
    except Exception:  # noqa: BLE001 - an account created before validation; show nothing rather than wrong facts
        return {}
    return {"birth_date": birth, "gender": Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE}


@transaction.atomic
def personal_info_save(*, user, data: dict) -> PersonalInfo:
    info, _ = PersonalInfo.objects.select_for_update().get_or_create(user=user)
    data = dict(data)
    email = data.pop("email", None)
    for field, value in data.items():
        model_field = cast(models.Field, PersonalInfo._meta.get_field(field))  # a concrete column of the form
        setattr(info, field, value if value is not None else model_field.get_default())
    for field, value in identity_facts(user.id_number).items():
        setattr(info, field, value)
    info.save()
    if email is not None and email != user.email:
        get_user_model().objects.filter(pk=user.pk).update(email=email)
        user.email = email
    audit_events.personal_info_saved(actor=user, info=info)
    return info


def personal_photo_set(*, user, uploaded) -> PersonalInfo:
    """The default 证件照 the wizard offers first; held to the same rules as the wizard's photo."""
    checked = check_photo(uploaded)
    with files_removed_on_error() as saved, transaction.atomic():
        info, _ = PersonalInfo.objects.select_for_update().get_or_create(user=user)
        old = info.photo.name
        stored = store(checked.content, folder="photos", extension="jpg", saved=saved)
        info.photo.name = stored.name
        info.photo_updated_at = timezone.now()
        info.save(update_fields=["photo", "photo_updated_at", "updated_at"])
        audit_events.default_photo_set(actor=user, info=info)
    if old:
        transaction.on_commit(lambda: info.photo.storage.delete(old))
    return info


def _check_uploads(uploads) -> list:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > EVIDENCE_MAX_FILES:
        raise UploadRejected("佐证材料", f"一次最多上传 {EVIDENCE_MAX_FILES} 个文件")
    return [
        check_evidence(u, field_label=f"佐证材料“{getattr(u, 'name', '')[-40:]}”", allowed=EVIDENCE_TYPES,
                       max_bytes=EVIDENCE_MAX_BYTES)
        for u in uploads
    ]  # fmt: skip


def _store_evidence(owner, checked_files, saved) -> list[EvidenceFile]:
    rows = []
    for checked in checked_files:
        stored = store(checked.content, folder="archive-evidence", extension=checked.extension, saved=saved)
        rows.append(
            EvidenceFile.objects.create(
                owner=owner,
                file=stored.name,
                original_name=checked.original_name,
                kind=checked.kind,
                size=stored.size,
                sha256=stored.sha256,
            )
        )
    return rows


def _notify_employer_later(owner) -> None:
    info = PersonalInfo.objects.filter(user=owner).only("employer_id").first()
    if not info or not info.employer_id:
        return
    reviewers = User.objects.filter(organization_id=info.employer_id, role=Role.EMPLOYER, is_active=True)
    notify(
        recipients=reviewers,
        subject="有新的业绩档案待审核",
        body=f"{owner.masked_name} 提交了业绩档案，请在“业绩档案审核”中审核。",
        link="/archive/review/",
    )


def entry_create(*, owner, kind: str, data: dict, uploads=None) -> Entry:
    if kind not in KINDS:
        raise ArchiveError("类别：不存在该类业绩档案。")
    checked = _check_uploads(uploads)
    with files_removed_on_error() as saved, transaction.atomic():
        entry = Entry.objects.create(owner=owner, kind=kind)
        version = EntryVersion.objects.create(entry=entry, number=1, data=data)
        version.files.set(_store_evidence(owner, checked, saved))
        entry.latest_version = version
        entry.save(update_fields=["latest_version"])
        audit_events.entry_submitted(actor=owner, version=version)
        _notify_employer_later(owner)
    return entry


def entries_create_bulk(*, owner, items: list[tuple[str, dict]]) -> list[Entry]:
    """Several entries without files at once (an import of a whole archive, the demo's synthetic people):
    one transaction, one audit event per entry as `entry_create` writes, one notice to the employer."""
    unknown = sorted({kind for kind, _ in items if kind not in KINDS})
    if unknown:
        raise ArchiveError(f"类别：不存在该类业绩档案（{'、'.join(unknown)}）。")
    entries = []
    with transaction.atomic():
        for kind, data in items:
            entry = Entry.objects.create(owner=owner, kind=kind)
            version = EntryVersion.objects.create(entry=entry, number=1, data=data)
            entry.latest_version = version
            entry.save(update_fields=["latest_version"])
            audit_events.entry_submitted(actor=owner, version=version)
            entries.append(entry)
        if entries:
            _notify_employer_later(owner)
    return entries


def entry_update(*, entry: Entry, actor, data: dict, uploads=None, remove_file_ids=()) -> EntryVersion:
    """A pending version is corrected in place (nobody has used it); otherwise a new version waits for approval."""
    if entry.owner_id != actor.pk:
        raise ArchiveError("只能修改本人的业绩档案。")
    checked = _check_uploads(uploads)
    with files_removed_on_error() as saved, transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk, deleted_at__isnull=True)
        latest = EntryVersion.objects.get(
            pk=cast(int, entry.latest_version_id)
        )  # set when the entry was made
        keep = [f for f in latest.files.all() if f.pk not in set(map(int, remove_file_ids))]
        new_files = _store_evidence(entry.owner, checked, saved)
        if latest.status == EntryVersion.Status.PENDING:
            version = latest
            version.data = data
            version.save(update_fields=["data", "updated_at"])
        else:
            number = (entry.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = EntryVersion.objects.create(entry=entry, number=number, data=data)
            entry.latest_version = version
            entry.save(update_fields=["latest_version"])
        version.files.set(keep + new_files)
        audit_events.entry_submitted(actor=actor, version=version)
        _notify_employer_later(entry.owner)
    return version


@transaction.atomic
def entry_delete(*, entry: Entry, actor) -> None:
    """Soft delete: versions used by applications stay where they are; a pending change is withdrawn."""
    if entry.owner_id != actor.pk:
        raise ArchiveError("只能删除本人的业绩档案。")
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["deleted_at"])
    entry.versions.filter(status=EntryVersion.Status.PENDING).update(status=EntryVersion.Status.WITHDRAWN)
    audit_events.entry_deleted(actor=actor, entry=entry)


def _lock_pending_for(*, version_id: int, actor) -> EntryVersion:
    if actor.role != Role.EMPLOYER or not actor.organization_id:
        raise ArchiveError("只有用人单位经办人可以审核业绩档案。")
    version = (
        EntryVersion.objects.select_for_update(of=("self",))
        .select_related("entry")
        .filter(pk=version_id, entry__owner__personal_info__employer_id=actor.organization_id)
        .first()
    )
    if version is None:
        raise EntryVersion.DoesNotExist
    if version.status != EntryVersion.Status.PENDING or version.entry.deleted_at:
        raise ArchiveError(f"该条业绩档案当前状态为“{version.get_status_display()}”，不能重复审核。")
    return version


def _approve(version: EntryVersion, actor, review_data: dict | None, *, bulk: bool) -> None:
    version.status = EntryVersion.Status.APPROVED
    version.reviewed_by = actor
    version.reviewed_org_id = actor.organization_id
    version.reviewed_at = timezone.now()
    version.review_data = review_data or {}
    version.save(
        update_fields=["status", "reviewed_by", "reviewed_org", "reviewed_at", "review_data", "updated_at"]
    )
    Entry.objects.filter(pk=version.entry_id).update(approved_version=version)
    audit_events.entry_approved(actor=actor, version=version, bulk=bulk)


@transaction.atomic
def entry_version_approve(
    *, version: EntryVersion | int, actor, review_data: dict | None = None
) -> EntryVersion:
    pk = version if isinstance(version, int) else version.pk
    locked = _lock_pending_for(version_id=pk, actor=actor)
    allowed_review = {"xuexin_status"} if locked.entry.kind == "education" else set()
    _approve(
        locked, actor, {k: v for k, v in (review_data or {}).items() if k in allowed_review and v}, bulk=False
    )
    return locked


@transaction.atomic
def entry_versions_approve_bulk(*, version_ids, actor) -> int:
    """Approve each still-pending version of the employer's own staff; others are skipped, not errors."""
    done = 0
    for pk in sorted({int(i) for i in version_ids}):
        try:
            locked = _lock_pending_for(version_id=pk, actor=actor)
        except (EntryVersion.DoesNotExist, ArchiveError):
            continue
        _approve(locked, actor, None, bulk=True)
        done += 1
    return done


@transaction.atomic
def entry_version_return(*, version: EntryVersion | int, actor, reason: str) -> EntryVersion:
    reason = (reason or "").strip()
    if not reason:
        raise ArchiveError("退回原因：必须填写。")
    pk = version if isinstance(version, int) else version.pk
    locked = _lock_pending_for(version_id=pk, actor=actor)
    locked.status = EntryVersion.Status.RETURNED
    locked.reviewed_by = actor
    locked.reviewed_org_id = actor.organization_id
    locked.reviewed_at = timezone.now()
    locked.return_reason = reason[:500]
    locked.save(
        update_fields=["status", "reviewed_by", "reviewed_org", "reviewed_at", "return_reason", "updated_at"]
    )
    audit_events.entry_returned(actor=actor, version=locked, reason=locked.return_reason)
    kind = KINDS[locked.entry.kind]
    notify(
        recipients=[locked.entry.owner],
        subject="业绩档案被退回修改",
        body=f"您的{kind.label}“{locked.summary}”被单位退回，原因：{locked.return_reason}",
        sms=f"【12333】您的业绩档案（{kind.label}）被单位退回修改，请登录{settings.PLATFORM_NAME}查看原因。",
        link=f"/archive/entries/{locked.entry_id}/",
    )
    return locked
