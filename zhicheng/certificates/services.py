"""Writes of the certificates app: issuing (signed), rendering, revoking, paper requests, integrity records."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Iterator
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.core.masking import mask_id_number
from zhicheng.core.outbox import enqueue_on_commit
from zhicheng.evaluation.machine import CANCELLABLE, transition
from zhicheng.evaluation.models import CaseAction, CaseStatus, EvaluationCase
from zhicheng.notifications.services import notify
from zhicheng.plans.levels import level_short, title_name

from . import events, signing
from .models import Certificate, CertificateSequence, IntegrityRecord, PaperRequest
from .tasks import render_certificates

LEVEL_DIGIT = {
    "technician": "1",
    "assistant": "2",
    "intermediate": "3",
    "associate_senior": "4",
    "senior": "5",
}
EMS_PATTERN = re.compile(r"^[A-Z]{2}\d{9}[A-Z]{2}$|^\d{13}$")
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
BAN_YEARS = 3
BAN_CLAUSE = (
    "《浙江省专业技术资格评审工作实施细则（试行）》（浙人专〔2006〕351号）：弄虚作假的，从评审次年起3年内不得申报；"
    "人力资源社会保障部令第40号：撤销其职称，记入职称评审诚信档案库，记录期限为三年"
)


class CertificateError(ValueError):
    """A refused request; the message is Chinese, names the field and the rule."""


NUMBER_SUFFIX_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand


def unguessable_suffix(length: int = 5) -> str:
    """A random tail after the serial (32⁵ ≈ 3.4 × 10⁷ choices): knowing one certificate's number says
    nothing about its neighbours'. Numbers issued before it have no tail and stay valid as they are."""
    return "".join(secrets.choice(NUMBER_SUFFIX_ALPHABET) for _ in range(length))


def _reserve_numbers(committee, year: int, count: int) -> range:
    """Serial numbers for a batch, under the sequence row's lock (two approvals never share a number)."""
    CertificateSequence.objects.get_or_create(committee=committee, year=year)
    seq = CertificateSequence.objects.select_for_update().get(committee=committee, year=year)
    first = seq.last + 1
    seq.last += count
    seq.save(update_fields=["last"])
    return range(first, first + count)


def certificates_issue(*, cases: Iterable, approval, actor) -> list[Certificate]:
    """One signed certificate per approved case, in the caller's transaction; PDFs after commit."""

    issued: list[Certificate] = []
    today = timezone.localdate()
    year = approval.approved_on.year
    rows = list(
        EvaluationCase.objects.filter(pk__in=[c.pk for c in cases])
        .select_related(
            "plan__committee__organization", "plan__committee__hr_bureau", "application__applicant"
        )
        .order_by("pk")
    )
    serials: dict[int, Iterator[int]] = {}
    for committee_id in {c.plan.committee_id for c in rows}:
        committee = next(c.plan.committee for c in rows if c.plan.committee_id == committee_id)
        serials[committee_id] = iter(
            _reserve_numbers(committee, year, sum(1 for c in rows if c.plan.committee_id == committee_id))
        )
    for case in rows:
        applicant = case.application.applicant
        committee = case.plan.committee
        region = committee.organization.region_id
        serial = f"{year}{region}{LEVEL_DIGIT.get(case.level, '9')}{next(serials[committee.pk]):05d}"
        number = f"{serial}-{unguessable_suffix()}"
        data = {
            "v": signing.PAYLOAD_VERSION,
            "number": number,
            "name": applicant.real_name,
            "id_number": mask_id_number(applicant.id_number),
            "series": case.plan.series,
            "title": title_name(case.level),
            "level": level_short(case.level),
            "specialty": case.specialty,
            "committee": committee.organization.name,
            "issuer": committee.hr_bureau.name,
            "approval_document": approval.document_number,
            "approved_on": approval.approved_on.isoformat(),
            "issued_on": today.isoformat(),
        }
        payload = signing.canonical(data)
        certificate = Certificate.objects.create(
            number=number,
            case=case,
            holder=applicant,
            name=data["name"],
            id_number_masked=data["id_number"],
            series=data["series"],
            title=data["title"],
            level=case.level,
            level_label=data["level"],
            specialty=data["specialty"],
            committee_name=data["committee"],
            issuer_name=data["issuer"],
            approval_document=approval.document_number,
            approved_on=approval.approved_on,
            issued_on=today,
            payload=payload,
            signature=signing.sign(payload),
            key_id=signing.key_id(),
            created_at=timezone.now(),
        )
        events.certificate_issued(actor=actor, certificate=certificate)
        issued.append(certificate)
    ids = [c.pk for c in issued]
    if getattr(settings, "PUBLIC_BASE_URL", ""):
        # Without a public address the QR code's host is not known yet: the first download renders it.
        # A broker outage never fails the issue: tasks.certificates_render_relay renders what is left.
        enqueue_on_commit(render_certificates, ids)
    return issued


def verify_url(certificate: Certificate, base: str) -> str:
    return f"{base.rstrip('/')}/certificates/verify/?t={signing.qr_token(certificate.number)}"


def _photo_of(certificate: Certificate) -> bytes | None:
    """The photo the applicant submitted with the application (seed 001 附件2 二1: 照片用于制作职称电子证书)."""
    application = certificate.case.application
    for owner, field in (
        (getattr(application, "draft", None), "photo"),
        (getattr(certificate.holder, "personal_info", None), "photo"),
    ):
        file = getattr(owner, field, None) if owner is not None else None
        if file:
            try:
                with file.open("rb") as fh:
                    return fh.read()
            except (OSError, ValueError):
                continue
    return None


def certificate_pdf_bytes(certificate: Certificate, *, base_url: str = "") -> bytes:
    """The stored PDF, rendered once (on issue or at first download) and the same bytes ever after, so that
    a downloaded file can be compared byte for byte with what was issued."""
    if certificate.pdf and certificate.pdf_sha256:
        try:
            with certificate.pdf.open("rb") as fh:
                data = fh.read()
            if hashlib.sha256(data).hexdigest() == certificate.pdf_sha256:
                return data
        except OSError:
            pass
    from .pdf import certificate_pdf  # Typst and pikepdf load with the first PDF, not in every process

    base = getattr(settings, "PUBLIC_BASE_URL", "") or base_url
    data = certificate_pdf(
        certificate, verify_url=verify_url(certificate, base), photo=_photo_of(certificate)
    )
    with transaction.atomic():
        row = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if row.pdf and row.pdf_sha256:
            return certificate_pdf_bytes(row)  # rendered by a concurrent request meanwhile
        row.pdf.save(f"{row.number}.pdf", ContentFile(data), save=False)
        row.pdf_sha256 = hashlib.sha256(data).hexdigest()
        row.save(update_fields=["pdf", "pdf_sha256"])
        certificate.pdf, certificate.pdf_sha256 = row.pdf, row.pdf_sha256
    return data


def certificate_revoke(*, certificate: Certificate, actor, reason: str, on: date) -> Certificate:
    """The title is revoked: the certificate shows as revoked (with the date) wherever it is checked."""

    with transaction.atomic():
        row = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if row.status == Certificate.Status.REVOKED:
            raise CertificateError(f"证书 {row.number} 已于{row.revoked_on:%Y-%m-%d}撤销。")
        row.status, row.revoked_on, row.revoked_reason = Certificate.Status.REVOKED, on, reason[:300]
        row.save(update_fields=["status", "revoked_on", "revoked_reason"])
        if row.case.status == CaseStatus.CERTIFIED:
            transition(case=row.case, action=CaseAction.REVOKE, actor=actor, opinion=reason)
        events.certificate_revoked(actor=actor, certificate=row)
    return row


# --------------------------------------------------------------------------- paper certificates


@transaction.atomic
def paper_request_create(
    *,
    certificate: Certificate,
    user,
    kind: str,
    reason: str,
    recipient: str,
    phone: str,
    address: str,
    postcode: str,
) -> PaperRequest:
    if certificate.holder_id != user.pk:
        raise CertificateError("只能为本人的证书申请纸质证书。")
    if certificate.status != Certificate.Status.VALID:
        raise CertificateError("证书已撤销，不能申请纸质证书。")
    if kind not in PaperRequest.Kind.values:
        raise CertificateError("申请类别：请选择申领或换发。")
    problems = []
    if not recipient.strip():
        problems.append("收件人：必须填写")
    if not PHONE_PATTERN.match(phone.strip()):
        problems.append("收件人手机号码：应为11位手机号码")
    if len(address.strip()) < 6:
        problems.append("邮寄地址：请填写详细地址（省市区街道门牌）")
    if not re.fullmatch(r"\d{6}", postcode.strip()):
        problems.append("邮政编码：应为6位数字")
    if kind == PaperRequest.Kind.REISSUE and not reason.strip():
        problems.append("申请说明：换发须说明原因（遗失、损毁或信息变更）")
    if problems:
        raise CertificateError("；".join(problems))
    if PaperRequest.objects.filter(certificate=certificate, status=PaperRequest.Status.REQUESTED).exists():
        raise CertificateError("该证书已有一份待办理的纸质证书申请，请等待寄出后再申请。")
    request = PaperRequest.objects.create(
        certificate=certificate,
        kind=kind,
        reason=reason.strip()[:300],
        recipient=recipient.strip()[:50],
        phone=phone.strip(),
        address=address.strip()[:200],
        postcode=postcode.strip(),
        requested_at=timezone.now(),
    )
    events.paper_requested(actor=user, request=request)
    return request


@transaction.atomic
def paper_request_mail(*, request: PaperRequest, actor, ems_number: str, mailed_on: date) -> PaperRequest:
    ems_number = (ems_number or "").strip().upper().replace(" ", "")
    if not EMS_PATTERN.match(ems_number):
        raise CertificateError("EMS 邮件号：应为13位数字，或2位字母+9位数字+2位字母（如 EA123456789CN）。")
    if mailed_on > timezone.localdate():
        raise CertificateError("寄出日期：不能晚于今天。")
    row = PaperRequest.objects.select_for_update().get(pk=request.pk)
    if row.status != PaperRequest.Status.REQUESTED:
        raise CertificateError("该申请已寄出。")
    row.status, row.ems_number, row.mailed_on, row.handled_by = (
        PaperRequest.Status.MAILED,
        ems_number,
        mailed_on,
        actor,
    )
    row.save(update_fields=["status", "ems_number", "mailed_on", "handled_by"])
    events.paper_mailed(actor=actor, request=row)
    notify(
        recipients=[row.certificate.holder],
        subject="纸质证书已寄出",
        body=f"您申请的纸质证书（证书编号 {row.certificate.number}）已于{mailed_on:%Y-%m-%d}通过 EMS 寄出，邮件号 {ems_number}。",
        sms=f"【12333】{row.certificate.holder.real_name}您好：您申请的纸质职称证书已通过EMS寄出，邮件号{ems_number}，请注意查收。",
        link="/certificates/",
    )
    return row


# --------------------------------------------------------------------------- integrity records


def integrity_record_create(*, actor, case, kind: str, description: str, decided_on: date) -> IntegrityRecord:
    """Fraud found: the record, the title revoked or the case cancelled, and a ban of three years from the
    following year (seed 002 五; seed 003 六(三): 从评审次年起3年内不得申报)."""

    description = (description or "").strip()
    problems = []
    if kind not in IntegrityRecord.Kind.values:
        problems.append("失信情形：请从列表中选择")
    if len(description) < 10:
        problems.append("查实情况：请写明查实的弄虚作假事实（至少10个字）")
    if decided_on > timezone.localdate():
        problems.append("认定日期：不能晚于今天")
    if problems:
        raise CertificateError("；".join(problems))
    reason = f"{IntegrityRecord.Kind(kind).label}：{description}"
    with transaction.atomic():
        certificate = Certificate.objects.filter(case=case).first()
        record = IntegrityRecord.objects.create(
            person=case.application.applicant,
            organization_id=actor.organization_id,
            case=case,
            certificate=certificate,
            kind=kind,
            description=description,
            decided_on=decided_on,
            ban_from_year=decided_on.year + 1,
            ban_until_year=decided_on.year + BAN_YEARS,
            clause=BAN_CLAUSE[:300],
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        if certificate is not None and certificate.status == Certificate.Status.VALID:
            certificate_revoke(certificate=certificate, actor=actor, reason=reason, on=decided_on)
        elif case.status in CANCELLABLE:
            transition(case=case, action=CaseAction.CANCEL, actor=actor, opinion=reason)
        events.integrity_recorded(actor=actor, row=record)
    return record
