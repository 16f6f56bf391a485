"""Reads of the certificates app: verification, the holder's certificates, integrity bans."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.permissions import office_scope

from . import signing
from .models import Certificate, IntegrityRecord, PaperRequest

VALID, REVOKED, UNKNOWN, TAMPERED = "valid", "revoked", "unknown", "tampered"


@dataclass(frozen=True)
class Verification:
    """What the public page shows: the state, a sentence, and the certificate's public fields."""

    state: str  # valid | revoked | unknown | tampered
    message: str
    certificate: Certificate | None = None

    @property
    def revoked_on(self) -> date | None:
        return self.certificate.revoked_on if self.certificate else None


def _found(certificate: Certificate) -> Verification:
    if certificate.status == Certificate.Status.REVOKED:
        return Verification(
            REVOKED, f"该证书已于{certificate.revoked_on:%Y年%m月%d日}被撤销，不再有效。", certificate
        )
    if not signing.verify(certificate.payload, certificate.signature):
        # The database row itself no longer matches its signature: never report it as valid.
        return Verification(TAMPERED, "证书记录与其数字签名不符，无法确认真伪，请联系发证机关。")
    return Verification(VALID, "经查验，该证书真实有效。", certificate)


def verify_by_number_and_name(number: str, name: str) -> Verification:
    number, name = (number or "").strip(), (name or "").strip()
    certificate = Certificate.objects.filter(number=number).first() if number else None
    # A wrong name answers exactly like an unknown number: the page must not confirm that a number exists.
    if certificate is None or not name or certificate.name != name:
        return Verification(UNKNOWN, "未查到与该证书编号和姓名相符的证书，请核对后重试。")
    return _found(certificate)


def verify_token(token: str) -> Verification:
    number = signing.read_qr_token(token)
    if number is None:
        return Verification(UNKNOWN, "二维码无效或已损坏，无法查验；请改用证书编号和姓名查询。")
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None:
        return Verification(UNKNOWN, "未查到该二维码对应的证书。")
    return _found(certificate)


def verify_pdf(data: bytes) -> Verification:
    """An uploaded certificate file: its embedded signature, then our record, then the file's own bytes."""
    from .pdf import embedded  # pikepdf loads with the first uploaded file, not in every process

    found = embedded(data)
    if found is None:
        return Verification(UNKNOWN, "该文件不含电子证书签名信息，不是本平台签发的电子证书。")
    if not signing.verify(found["payload"], found["signature"]):
        return Verification(TAMPERED, "数字签名验证失败：文件中的证书内容已被篡改或签名无效。")
    try:
        number = json.loads(found["payload"])["number"]
    except (ValueError, KeyError, TypeError):
        return Verification(TAMPERED, "证书内容格式不正确。")
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None or certificate.payload != found["payload"]:
        return Verification(UNKNOWN, "签名有效，但本平台没有该证书的签发记录。")
    if certificate.pdf_sha256 and hashlib.sha256(data).hexdigest() != certificate.pdf_sha256:
        return Verification(
            TAMPERED,
            "文件内容与签发的电子证书不一致（页面内容可能被修改），请以平台查询结果或重新下载的证书为准。",
        )
    return _found(certificate)


def certificates_for_holder(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder=user).order_by("-issued_on", "number")


def paper_requests_for_office(user) -> QuerySet[PaperRequest]:
    return (
        PaperRequest.objects.filter(office_scope(user, "certificate__case__plan"))
        .select_related("certificate")
        .order_by("status", "-requested_at")
    )


def get_paper_request_for_mailing(user, pk: int) -> PaperRequest:
    """A paper request the user's committee office may register as mailed; 404 for any other."""
    return get_object_or_404(
        PaperRequest.objects.filter(office_scope(user, "certificate__case__plan")), pk=pk
    )


def integrity_records_for_office(user) -> QuerySet[IntegrityRecord]:
    """The 诚信档案 records the user's organisation entered."""
    if not user.organization_id:
        return IntegrityRecord.objects.none()
    return IntegrityRecord.objects.filter(organization_id=user.organization_id).select_related(
        "person", "certificate", "recorded_by"
    )


def integrity_bans_for(user) -> list[dict]:
    """The person's integrity records as sanctions the eligibility profile builder can read directly
    (``profile["sanctions"]``; kind "fraud" is what the rule sets' ``sanction_ban`` criterion looks for).

    Each item: kind, decided_on and ends_on (ISO dates), ban_from_year, ban_until_year, clause, summary,
    record_id. The ban runs from the year after the decision for three years.
    """
    rows = IntegrityRecord.objects.filter(person=user).order_by("decided_on", "pk")
    return [_ban(r) for r in rows]


def integrity_bans_by_person(person_ids) -> dict[int, list[dict]]:
    """integrity_bans_for for many people in one query (the eligibility re-run of a whole plan)."""
    out: dict[int, list[dict]] = {pk: [] for pk in person_ids}
    for r in IntegrityRecord.objects.filter(person_id__in=out).order_by("decided_on", "pk"):
        out[r.person_id].append(_ban(r))
    return out


def _ban(r) -> dict:
    return {
        "kind": "fraud",
        "decided_on": r.decided_on.isoformat(),
        "ends_on": date(r.ban_until_year, 12, 31).isoformat(),
        "ban_from_year": r.ban_from_year,
        "ban_until_year": r.ban_until_year,
        "clause": r.clause,
        "summary": f"{r.get_kind_display()}（{r.decided_on:%Y年%m月%d日}认定，{r.ban_from_year}–{r.ban_until_year}年不得申报）",
        "source": "integrity_record",
        "record_id": r.pk,
    }
