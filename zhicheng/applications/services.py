"""Writes of the application wizard; every status change goes through workflow.transition (the one door).

Draft saves touch only the draft's own rows plus level/specialty/declaration_type/intake_department on the
Application, each with a conditional update on the status so that a save can never land on a submitted
application (SECURITY.md 8) even when it races a submission from another tab.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import secrets
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from zhicheng.archive.kinds import SELECTABLE_KINDS
from zhicheng.archive.models import PersonalInfo
from zhicheng.archive.photo import check_photo
from zhicheng.archive.selectors import approved_versions_for
from zhicheng.archive.uploads import check_evidence, files_removed_on_error, store
from zhicheng.core import audit
from zhicheng.core.dates import cn_date
from zhicheng.eligibility.checks import declarations_for_plan
from zhicheng.eligibility.services import eligibility_record_later
from zhicheng.organizations.models import Employer
from zhicheng.plans.models import TITLE_FOR_LEVEL, DeclarationType
from zhicheng.plans.requirements import ApplicantFacts, missing_attachments

from . import workflow
from .commitment import commitment_text, text_sha256
from .models import (
    Action,
    Application,
    ApplicationAttachment,
    ApplicationEntry,
    CommitmentSignature,
    SigningToken,
    Status,
    WizardDraft,
)
from .routing import may_go_direct
from .selectors import after_achievements_cutoff, effective_versions, latest_signature, round_snapshot
from .seniority import professional_work_years
from .text import SELF_STATEMENT_MAX, SPECIALTY_MAX, count_chars

SIGNING_TTL = timedelta(minutes=10)
SIGNATURE_MAX_BYTES = 2 * 1024 * 1024
EDITABLE = (Status.DRAFT, Status.RETURNED)

STEPS = [
    (1, "plan", "选择申报计划"),
    (2, "photo", "上传证件照"),
    (3, "commitment", "签署个人承诺"),
    (4, "info", "填写申报信息"),
    (5, "achievements", "选择相关业绩"),
    (6, "attachments", "上传相关附件"),
    (7, "preview", "预览确认提交"),
]
STEP_NUMBER = {slug: n for n, slug, _ in STEPS}


class ApplicationError(ValueError):
    """A refused wizard action; the message is Chinese and safe to show."""


# 著作、论文、项目可行性研究设计报告 among the achievement types: where the 代表作 is chosen.
WRITING_TYPES = ("paper", "book", "report")


class IncompleteApplication(ApplicationError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("申报信息不完整，请补充后再提交：" + "；".join(problems))


class SigningError(ApplicationError):
    pass


def edit_problem(application, today=None) -> str | None:
    """Why the applicant cannot change this application now, or None."""
    if application.status == Status.RETURNED:
        return None
    if application.status != Status.DRAFT:
        return (
            f"申报已提交（{application.get_status_display()}），不能修改。如需修改，可在单位开始审核前撤回。"
        )
    plan = application.plan
    if not plan.is_open(today):
        return (
            f"“{plan.name}”的个人申报时间为 {cn_date(plan.apply_start)} 至 {cn_date(plan.apply_end)}，"
            "当前不在申报时间内，草稿只能查看。"
        )
    return None


def _assert_editable(application, actor) -> None:
    if application.applicant_id != actor.pk:
        raise ApplicationError("只能修改本人的申报。")
    problem = edit_problem(application)
    if problem:
        raise ApplicationError(problem)


def _update_application(application, **fields) -> None:
    """Conditional on the status: a save that loses a race with 提交 changes nothing."""
    done = Application.objects.filter(pk=application.pk, status__in=EDITABLE).update(
        updated_at=timezone.now(), **fields
    )
    if done != 1:
        raise ApplicationError("申报已提交，不能修改。")
    for name, value in fields.items():
        setattr(application, name, value)


def _reach(application, step: int) -> None:
    WizardDraft.objects.filter(application=application, furthest_step__lt=step).update(furthest_step=step)


def _draft(application) -> WizardDraft:
    draft, _ = WizardDraft.objects.get_or_create(application=application)
    return draft


def _approved_employer(user, *, info=None) -> Employer:
    if info is None:
        info = PersonalInfo.objects.filter(user=user).select_related("employer__organization").first()
    if not info or not info.employer_id:
        raise ApplicationError("现工作单位：请先在“个人基本信息”中选择现工作单位。")
    if info.employer.status != Employer.Status.APPROVED:
        raise ApplicationError(f"现工作单位：“{info.employer.name}”尚未通过平台认证，暂不能申报。")
    return info.employer


# --- step 1 ---------------------------------------------------------------------------------------


def application_start(*, applicant, plan, level: str) -> tuple[Application, bool]:
    """Open (or find) the one application of this applicant to this plan: a double click or a second tab
    lands on the same row, guarded by the one_application_per_plan constraint."""
    if not plan.is_open():
        raise ApplicationError(f"申报计划：“{plan.name}”当前不在个人申报时间内。")
    if level not in plan.levels:
        raise ApplicationError("申报级别：该计划不受理此级别，请重新选择。")
    employer = _approved_employer(applicant)
    info = PersonalInfo.objects.filter(user=applicant).only("specialty").first()
    try:
        application, created = Application.objects.get_or_create(
            plan=plan,
            applicant=applicant,
            defaults={
                "level": level,
                "employer": employer,
                "specialty": (info.specialty if info else "")[:50],
            },
        )
    except IntegrityError:  # lost the race after get_or_create's own retry: the other request created it
        application, created = Application.objects.get(plan=plan, applicant=applicant), False
    _draft(application)
    if created:
        audit.record("application_draft_created", actor=applicant, obj=application, plan=plan.pk)
    elif application.level != level and edit_problem(application) is None:
        _update_application(application, level=level)
    return application, created


def draft_plan_save(*, application, actor, level: str) -> None:
    _assert_editable(application, actor)
    if level not in application.plan.levels:
        raise ApplicationError("申报级别：该计划不受理此级别，请重新选择。")
    _update_application(application, level=level)
    _reach(application, 2)


# --- step 2 ---------------------------------------------------------------------------------------


def _set_photo(application, content: bytes, width: int, height: int, saved: list[str]) -> WizardDraft:
    draft = WizardDraft.objects.select_for_update().get(application=application)
    old = draft.photo.name
    stored = store(content, folder="application-photos", extension="jpg", saved=saved)
    draft.photo.name = stored.name
    draft.photo_width, draft.photo_height, draft.photo_sha256 = width, height, stored.sha256
    draft.furthest_step = max(draft.furthest_step, 3)
    draft.save()
    if old:
        transaction.on_commit(lambda: draft.photo.storage.delete(old))
    return draft


def draft_photo_upload(*, application, actor, uploaded, make_default: bool = False) -> WizardDraft:
    _assert_editable(application, actor)
    checked = check_photo(uploaded)
    with files_removed_on_error() as saved, transaction.atomic():
        _draft(application)
        draft = _set_photo(application, checked.content, checked.width, checked.height, saved)
        if make_default:
            info, _ = PersonalInfo.objects.get_or_create(user=actor)
            stored = store(checked.content, folder="photos", extension="jpg", saved=saved)
            info.photo.name, info.photo_updated_at = stored.name, timezone.now()
            info.save(update_fields=["photo", "photo_updated_at", "updated_at"])
        audit.record("application_photo_set", actor=actor, obj=application, sha256=checked.sha256)
    return draft


def draft_photo_use_default(*, application, actor) -> WizardDraft:
    """Copy the default photo (checked when it was uploaded) so that a later change of it leaves this one."""
    _assert_editable(application, actor)
    info = PersonalInfo.objects.filter(user=actor).first()
    if not info or not info.photo:
        raise ApplicationError("证件照：个人基本信息中还没有默认证件照，请上传照片。")
    with info.photo.open("rb") as handle:
        content = handle.read()
    with Image.open(io.BytesIO(content)) as img:
        width, height = img.size
    with files_removed_on_error() as saved, transaction.atomic():
        _draft(application)
        draft = _set_photo(application, content, width, height, saved)
        audit.record("application_photo_set", actor=actor, obj=application, source="default")
    return draft


# --- step 3 ---------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signing_token_create(*, application, actor) -> tuple[str, SigningToken]:
    _assert_editable(application, actor)
    if not application.level:
        raise ApplicationError("申报级别：请先在第 1 步选择申报级别，再签署承诺。")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    row = SigningToken.objects.create(
        application=application, token_hash=_token_hash(token), created_at=now, expires_at=now + SIGNING_TTL
    )
    return token, row


def signing_token_lookup(token: str) -> SigningToken:
    row = (
        SigningToken.objects.select_related("application__plan", "application__applicant")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if row is None:
        raise SigningError("签署链接无效，请在电脑上的申报页面重新生成二维码。")
    if row.used_at is not None:
        raise SigningError("该二维码已使用过，不能再次签署。如需重新签署，请在电脑上重新生成二维码。")
    if row.expires_at <= timezone.now():
        raise SigningError("该二维码已过期（有效期 10 分钟），请在电脑上的申报页面重新生成。")
    return row


def _signature_png(data_url: str) -> bytes:
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise SigningError("签名：没有收到签名，请用手指在方框内签名后再提交。")
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SigningError("签名：签名图像已损坏，请清除后重新签名。") from exc
    if len(raw) > SIGNATURE_MAX_BYTES:
        raise SigningError("签名：签名图像过大，请清除后重新签名。")
    try:
        with Image.open(io.BytesIO(raw)) as img:
            if img.format != "PNG" or img.width > 4000 or img.height > 4000:
                raise SigningError("签名：签名图像格式不正确，请清除后重新签名。")
            img.load()
            rgba = img.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise SigningError("签名：签名图像已损坏，请清除后重新签名。") from exc
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    gray = flat.convert("L")
    inked = sum(gray.histogram()[:128])
    if inked < 150:
        raise SigningError("签名：没有检测到清晰的手写签名，请在方框内工整签名后再提交。")
    out = io.BytesIO()
    flat.save(out, format="PNG", optimize=True)
    return out.getvalue()


def commitment_sign(
    *, token: str, image_data_url: str, shown_sha256: str, ip: str | None = None, user_agent: str = ""
) -> CommitmentSignature:
    """The phone page's POST: one use of an unexpired token stores the signature of exactly the text shown."""
    png = _signature_png(image_data_url)
    with files_removed_on_error() as saved, transaction.atomic():
        row = signing_token_lookup(token)
        application = row.application
        problem = edit_problem(application)
        if problem:
            raise SigningError(problem)
        # Conditional update: of two phones posting the same token, exactly one succeeds.
        if SigningToken.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=timezone.now()) != 1:
            raise SigningError("该二维码已使用过，不能再次签署。")
        text = commitment_text(application)
        digest = text_sha256(text)
        if shown_sha256 != digest:
            raise SigningError("承诺书内容已发生变化（如申报级别已修改），请在电脑上重新生成二维码后签署。")
        stored = store(png, folder="signatures", extension="png", saved=saved)
        signature = CommitmentSignature.objects.create(
            application=application,
            text=text,
            text_sha256=digest,
            image=stored.name,
            signed_at=timezone.now(),
            ip=ip,
            user_agent=(user_agent or "")[:200],
        )
        _reach(application, 4)
        audit.record(
            "commitment_signed",
            actor=application.applicant,
            obj=application,
            text_sha256=digest,
            signature_sha256=stored.sha256,
        )
    return signature


def signature_is_current(application, signature) -> bool:
    return signature is not None and signature.text_sha256 == text_sha256(commitment_text(application))


# --- step 4 ---------------------------------------------------------------------------------------


def work_years_for(application, *, basics=None) -> int:
    """basics: effective_versions' approved basics of a draft when already read (提交), else one query."""
    if basics is None:
        basics = approved_versions_for(application.applicant, kinds=("work",))
    periods = [v.data for v in basics if v.entry.kind == "work"]
    return professional_work_years(periods, application.plan.seniority_cutoff)


def draft_info_save(*, application, actor, data: dict) -> WizardDraft:
    """data: cleaned InfoForm output (declaration_type, specialty, work_category, intake_department,
    self_statement, administrative_post, exceptional_reasons, exceptional_resume, self_score)."""
    _assert_editable(application, actor)
    if count_chars(data["self_statement"]) > SELF_STATEMENT_MAX:
        raise ApplicationError(f"本人述职：不能超过 {SELF_STATEMENT_MAX} 字。")
    exceptional = data["declaration_type"] == DeclarationType.EXCEPTIONAL
    with transaction.atomic():
        _update_application(
            application,
            declaration_type=data["declaration_type"],
            specialty=data["specialty"],
            intake_department=data.get("intake_department"),
        )
        draft = WizardDraft.objects.select_for_update().get(application=application)
        draft.self_statement = data["self_statement"]
        draft.work_category = data.get("work_category") or ""
        draft.administrative_post = data.get("administrative_post") or ""
        draft.exceptional_reasons = data.get("exceptional_reasons", "") if exceptional else ""
        draft.exceptional_resume = data.get("exceptional_resume", "") if exceptional else ""
        draft.self_score = data.get("self_score")
        draft.work_years = work_years_for(application)
        draft.furthest_step = max(draft.furthest_step, 5)
        draft.save()
    return draft


# --- step 5 ---------------------------------------------------------------------------------------


def draft_entries_save(*, application, actor, version_ids, representative_id: int | None) -> int:
    """Replace the picked entries; returns how many. Only approved versions of the applicant's own live
    entries can be picked, and the 代表作 must be one of the picked achievements."""
    _assert_editable(application, actor)
    wanted = [int(v) for v in dict.fromkeys(version_ids)]
    allowed = {v.pk: v for v in approved_versions_for(actor, kinds=SELECTABLE_KINDS).filter(pk__in=wanted)}
    unknown = [v for v in wanted if v not in allowed]
    if unknown:
        raise ApplicationError("相关业绩：所选业绩不存在或尚未通过单位审核，请刷新页面后重新选择。")
    late = [v for v in allowed.values() if after_achievements_cutoff(application.plan, v)]
    if late:
        cutoff = application.plan.achievements_cutoff
        raise ApplicationError(
            f"相关业绩：“{late[0].summary}”晚于本计划的业绩材料截止时间（{cn_date(cutoff)}），不能选择。"
        )
    if representative_id is not None:
        if representative_id not in allowed:
            raise ApplicationError("代表作：代表作必须是本次选择的业绩之一。")
        if allowed[representative_id].entry.kind != "achievement":
            raise ApplicationError("代表作：请从“业绩成果”中确定代表作。")
    elif any(v.entry.kind == "achievement" for v in allowed.values()):
        raise ApplicationError("代表作：请在所选业绩成果中确定一篇代表作。")
    with transaction.atomic():
        _update_application(application)
        application.entries.filter(automatic=False).delete()
        ApplicationEntry.objects.bulk_create(
            ApplicationEntry(
                application=application, version_id=pk, representative=pk == representative_id, order=i
            )
            for i, pk in enumerate(wanted)
        )
        _reach(application, 6)
    return len(wanted)


# --- step 6 ---------------------------------------------------------------------------------------


def attachment_upload(*, application, actor, requirement, uploaded) -> ApplicationAttachment:
    _assert_editable(application, actor)
    if requirement.plan_id != application.plan_id:
        raise ApplicationError("附件：该附件不属于本申报计划。")
    allowed = tuple(t for t in requirement.allowed_types if t in ("pdf", "jpeg", "png")) or ("pdf",)
    checked = check_evidence(
        uploaded, field_label=requirement.name, allowed=allowed, max_bytes=requirement.max_mb * 1024 * 1024
    )
    with files_removed_on_error() as saved, transaction.atomic():
        _update_application(application)
        stored = store(
            checked.content, folder="application-attachments", extension=checked.extension, saved=saved
        )
        old = (
            ApplicationAttachment.objects.select_for_update()
            .filter(application=application, requirement=requirement)
            .first()
        )
        if old is not None:
            old_name = old.file.name
            old.delete()
            transaction.on_commit(lambda: default_storage_delete(old_name))
        row = ApplicationAttachment.objects.create(
            application=application,
            requirement=requirement,
            requirement_name=requirement.name,
            file=stored.name,
            original_name=checked.original_name,
            kind=checked.kind,
            size=stored.size,
            sha256=stored.sha256,
        )
        audit.record("application_attachment_uploaded", actor=actor, obj=application, name=requirement.name)
    return row


def default_storage_delete(name: str) -> None:
    default_storage.delete(name)


def attachment_delete(*, application, actor, attachment_id: int) -> None:
    _assert_editable(application, actor)
    with transaction.atomic():
        _update_application(application)
        row = ApplicationAttachment.objects.filter(application=application, pk=attachment_id).first()
        if row is None:
            raise ApplicationError("附件：文件不存在或已删除。")
        name = row.file.name
        row.delete()
        transaction.on_commit(lambda: default_storage_delete(name))


# --- step 7 ---------------------------------------------------------------------------------------


@dataclass
class SubmitReads:
    """What missing_items reads, read once: 提交 hands the same rows to the employer check, the work
    years, the pinning and the round's snapshot instead of reading them again (issue 15 §3)."""

    info: PersonalInfo | None
    draft: WizardDraft | None
    basics: list
    selected: list
    attachments: list  # the uploaded files, in the order of the plan's requirements


def submit_reads(application) -> SubmitReads:
    info = (
        PersonalInfo.objects.filter(user_id=application.applicant_id)
        .select_related("employer__organization")
        .first()
    )
    draft = WizardDraft.objects.filter(application=application).first()
    basics, selected = effective_versions(application)
    attachments = list(application.attachments.all().order_by("requirement__order", "id"))
    return SubmitReads(info=info, draft=draft, basics=basics, selected=selected, attachments=attachments)


def missing_items(application, *, reads: SubmitReads | None = None) -> list[str]:
    """What still stops 提交, each named by its field and the rule, in the order of the wizard."""
    if reads is None:
        reads = submit_reads(application)
    problems: list[str] = []
    plan = application.plan
    info = reads.info
    if application.status == Status.DRAFT and not plan.is_open():
        problems.append("申报计划：当前不在个人申报时间内")
    if not info or not info.employer_id:
        problems.append("现工作单位：未选择（个人基本信息）")
    elif info.employer.status != Employer.Status.APPROVED:
        problems.append("现工作单位：尚未通过平台认证")
    for field, label in (("department", "所在部门"), ("post", "岗位/职务"), ("work_start", "参加工作时间"),
                         ("education_level", "最高学历")):  # fmt: skip
        if not info or not getattr(info, field):
            problems.append(f"{label}：未填写（个人基本信息）")
    if application.level not in plan.levels:
        problems.append("申报级别：未选择或不在本计划受理范围内")
    draft = reads.draft
    if not draft or not draft.photo:
        problems.append("证件照：未上传")
    signature = latest_signature(application)
    if signature is None:
        problems.append("个人承诺：未签署《专业技术资格申报材料真实性保证书》")
    elif not signature_is_current(application, signature):
        problems.append("个人承诺：申报信息已变更，请重新签署")
    if application.declaration_type not in declarations_for_plan(plan, application.level or None):
        problems.append("申报类型：未选择或不在本计划受理范围内")
    if not application.specialty:
        problems.append("从事专业：未填写")
    elif count_chars(application.specialty) > SPECIALTY_MAX:
        problems.append(f"从事专业：不能超过 {SPECIALTY_MAX} 个字")
    if not draft or not draft.self_statement.strip():
        problems.append("本人述职：未填写")
    elif count_chars(draft.self_statement) > SELF_STATEMENT_MAX:
        problems.append(f"本人述职：不能超过 {SELF_STATEMENT_MAX} 字")
    intake_ids = set(plan.intake_departments.values_list("pk", flat=True))
    if application.intake_department_id is None:
        if intake_ids and not may_go_direct(application):
            problems.append("受理点：未选择")
    elif intake_ids and application.intake_department_id not in intake_ids:
        problems.append("受理点：未选择")
    if application.declaration_type == DeclarationType.EXCEPTIONAL and draft:
        if not draft.exceptional_reasons.strip():
            problems.append("破格推荐理由：未填写")
        if not draft.exceptional_resume.strip():
            problems.append("简历（破格推荐审批表）：未填写")
    basics, selected = reads.basics, reads.selected
    kinds = {v.entry.kind for v in basics}
    if "education" not in kinds:
        problems.append("学历学位：业绩档案中没有审核通过的学历")
    if "work" not in kinds:
        problems.append("工作经历：业绩档案中没有审核通过的工作经历")
    if not any(row.version.entry.kind == "achievement" for row, _ in selected):
        problems.append("相关业绩：至少选择一项审核通过的业绩成果")
    elif not any(row.representative for row, _ in selected):
        problems.append("代表作：未确定")
    elif plan.representative_is_writing:
        # seed 001 附件2 二5(9), seed 002 附件2 二10, seed 003 附件5 二9: 任现职以来的著作、论文、
        # 项目可行性研究设计报告…需确定一篇代表作 — when such works are chosen, one of them.
        writings = [row for row, _ in selected if row.version.data.get("type") in WRITING_TYPES]
        if writings and not any(row.representative for row in writings):
            problems.append("代表作：请在所选的论文、著作、技术报告中确定一篇代表作")
    for row, current in selected:
        if current is None:
            problems.append(f"相关业绩：“{row.version.summary}”已删除，请重新选择")
    uploaded = {a.requirement_id for a in reads.attachments}
    facts = attachment_facts(application, info=info, basics=basics)
    problems += missing_attachments(plan.attachments.all(), facts, uploaded)
    return problems


def _month_end(value) -> date | None:
    """The last day of a 社保 record's month ("2021-06" or "2021-06-01"); None when unreadable."""
    try:
        year, month = (int(p) for p in str(value)[:7].split("-"))
        return date(year, month, monthrange(year, month)[1])
    except (TypeError, ValueError):
        return None


def attachment_facts(application, *, info, basics) -> ApplicantFacts:
    """What the plan's attachment conditions ask of this application (plans.requirements)."""
    today = timezone.localdate()
    last_outside = None
    for v in basics:
        if v.entry.kind != "social_insurance":
            continue
        province = str(v.data.get("province") or "浙江省").strip()
        if province.startswith("浙江"):
            continue
        end = _month_end(v.data.get("to")) if v.data.get("to") else today
        if end and (last_outside is None or end > last_outside):
            last_outside = end
    employer = info.employer if info and info.employer_id else None
    public_institution = bool(
        info
        and (
            info.establishment == "public_institution"
            or info.employer_category == "public_institution"
            or (employer is not None and "事业单位" in (employer.nature or ""))
        )
    )
    return ApplicantFacts(
        declaration_type=application.declaration_type,
        last_out_of_province_insurance=last_outside,
        public_institution=public_institution,
        today=today,
    )


def _pin_entries(application, *, basics, selected) -> None:
    """Fix the versions this round uses: the application keeps them whatever happens to the archive later.
    basics, selected: effective_versions(application), read once by 提交."""
    application.entries.filter(automatic=True).delete()
    moved = []
    for row, current in selected:
        if current is not None and row.version_id != current.pk:
            row.version = current
            moved.append(row)
    if moved:
        ApplicationEntry.objects.bulk_update(moved, ["version"])  # one statement, however many moved
    start = len(selected)
    ApplicationEntry.objects.bulk_create(
        ApplicationEntry(application=application, version=v, automatic=True, order=start + i)
        for i, v in enumerate(basics)
    )


def application_submit(
    *, application: Application | int, actor, expected_version: int | None = None
) -> workflow.Outcome:
    """提交 (or 重新提交 after a return): check completeness, pin the archive versions, then transition.

    The row lock plus the workflow's version check make a double click, a second tab or a retry end in
    exactly one transition; the loser gets StaleApplication/TransitionError and nothing it wrote stays.
    """
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("plan", "applicant", "intake_department")
            .get(pk=application.pk if isinstance(application, Application) else application)
        )
        if app.applicant_id != actor.pk:
            raise workflow.TransitionError("只能提交本人的申报。")
        if expected_version is not None and app.version != expected_version:
            raise workflow.StaleApplication("该申报已提交或已被处理，请刷新页面查看最新状态。")
        if app.status not in EDITABLE:
            raise workflow.TransitionError(f"当前状态“{app.get_status_display()}”下不能提交。")
        action = Action.SUBMIT if app.status == Status.DRAFT else Action.RESUBMIT
        # One read of the personal info, the draft and the archive versions for every step below.
        reads = submit_reads(app)
        problems = missing_items(app, reads=reads)
        if problems:
            raise IncompleteApplication(problems)
        employer = _approved_employer(app.applicant, info=reads.info)
        draft = reads.draft
        if draft is None:
            raise WizardDraft.DoesNotExist
        draft.work_years = work_years_for(app, basics=reads.basics)
        draft.furthest_step = 7
        draft.save(update_fields=["work_years", "furthest_step", "saved_at"])
        if app.employer_id != employer.pk:
            Application.objects.filter(pk=app.pk, version=app.version).update(employer=employer)
            app.employer = employer
        _pin_entries(app, basics=reads.basics, selected=reads.selected)
        # Kept in the history row so that, after a return, both sides can see what changed (issue 17 §5).
        snapshot = round_snapshot(app, draft=draft, selected=reads.selected, attachments=reads.attachments)
        outcome = workflow.transition(
            application=app.pk,
            action=action,
            actor=actor,
            expected_version=app.version,
            data={"snapshot": snapshot},
        )
        eligibility_record_later(app.pk)
    return outcome


def application_withdraw(*, application, actor, expected_version: int | None = None) -> workflow.Outcome:
    return workflow.transition(
        application=application.pk, action=Action.WITHDRAW, actor=actor, expected_version=expected_version
    )


def level_label(level: str) -> str:
    return TITLE_FOR_LEVEL.get(level, level)
