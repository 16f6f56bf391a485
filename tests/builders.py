"""The one builder the tests share: a scenario built through the platform's own services, so that
each test starts from a state the platform itself produced (an approved archive, a wizard filled
in step by step, a submitted application). Fixtures over these live in tests/fixtures.py; the
row-level factories in tests/factories/."""

import base64
import io
from datetime import date

from PIL import Image, ImageDraw

from tests.samples import pdf_bytes, upload
from zhicheng.applications import services as application_services
from zhicheng.applications.commitment import commitment_text, text_sha256
from zhicheng.archive import services as archive_services
from zhicheng.archive.models import Establishment, PersonalInfo

# --------------------------------------------------------------------------- the archive


def jpeg_with_size(width: int, height: int, size: int | None = None, *, noise: bool = False) -> bytes:
    """A real JPEG of width×height; padded with COM segments to exactly `size` bytes when given."""
    img = Image.new("RGB", (width, height), (235, 240, 245))
    if noise:
        img = Image.effect_noise((width, height), 60).convert("RGB")
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    data = out.getvalue()
    if size is None:
        return data
    pad = size - len(data)
    assert pad == 0 or pad >= 4, f"base JPEG is {len(data)} bytes, cannot pad to {size}"
    segments = []
    while pad > 0:
        chunk = min(pad, 65537)
        if 0 < pad - chunk < 4:
            chunk -= 4
        body = chunk - 4
        segments.append(b"\xff\xfe" + (body + 2).to_bytes(2, "big") + b"z" * body)
        pad -= chunk
    result = data[:2] + b"".join(segments) + data[2:]
    assert len(result) == size
    return result


def photo_ok() -> bytes:
    return jpeg_with_size(300, 400, 40 * 1024)


EDUCATION = {
    "level": "bachelor",
    "school": "浙江工业大学",
    "major": "机械工程",
    "graduated_on": "2012-06-30",
    "full_time": True,
    "degree": "bachelor_degree",
    "converted_by_ce": False,
    "xuexin_status": "not_checked",
}
WORK = {
    "employer_name": "温州测试机械有限公司",
    "post": "技术部 设计员",
    "from": "2012-07-01",
    "professional": True,
    "related": True,
    "employer_kind": "enterprise",
}
TITLE = {
    "level": "assistant",
    "series": "engineering",
    "specialty": "机械",
    "obtained_on": "2016-12-20",
    "appointed_from": "2017-01-01",
    "issuer_province": "浙江省",
    "confirmed": True,
}
ACHIEVEMENT = {
    "type": "patent",
    "title": "一种阀门密封结构",
    "date": "2020-05-10",
    "level": "national",
    "issuer": "government",
    "rank": 1,
    "role": "lead",
    "subtype": "utility",
    "count": 1,
    "accepted": True,
    "in_specialty": True,
}
PAPER = {
    "type": "paper",
    "title": "阀门密封性能试验研究",
    "date": "2021-03-01",
    "level": "province",
    "issuer": "government",
    "rank": 1,
    "role": "first_author",
    "count": 1,
    "accepted": True,
    "similarity": 0.12,
    "has_retrieval_report": True,
    "venue": "journal",
    "in_specialty": True,
}


def fill_personal_info(applicant, employer) -> PersonalInfo:
    """The applicant's 个人信息, filled in as the archive page would."""
    return archive_services.personal_info_save(
        user=applicant,
        data={
            "employer": employer,
            "department": "技术部",
            "post": "机械设计工程师",
            "work_start": date(2012, 7, 1),
            "education_level": "bachelor",
            "degree": "bachelor_degree",
            "specialty": "机械",
            "establishment": Establishment.NONE,
            "email": "hu@example.com",
        },
    )


ARCHIVE = [
    ("education", "education", EDUCATION),
    ("work", "work", WORK),
    ("title", "title", TITLE),
    ("assessment_2022", "assessment", {"year": 2022, "result": "qualified"}),
    ("assessment_2023", "assessment", {"year": 2023, "result": "excellent"}),
    (
        "ce",
        "continuing_education",
        {"year": 2023, "category": "professional", "hours": 64, "route": "registry"},
    ),
    (
        "si",
        "social_insurance",
        {"from": "2012-07", "city": "温州市", "province": "浙江省", "current_employer": True},
    ),
    ("patent", "achievement", ACHIEVEMENT),
    ("paper", "achievement", PAPER),
]


def approved_archive(applicant, employer_user) -> dict:
    """Education, work, title, two assessments, CE, social insurance and two achievements, each entered
    by the applicant and approved by the employer."""
    entries = {}
    for name, kind, data in ARCHIVE:
        entries[name] = archive_services.entry_create(owner=applicant, kind=kind, data=dict(data))
    for entry in entries.values():
        archive_services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
        entry.refresh_from_db()
    return entries


# --------------------------------------------------------------------------- the wizard


def signature_data_url(strokes: int = 3) -> str:
    img = Image.new("RGBA", (600, 220), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    for i in range(strokes):
        draw.line(
            [(40 + i * 150, 160), (120 + i * 150, 40), (180 + i * 150, 170)], fill=(0, 0, 0, 255), width=6
        )
    out = io.BytesIO()
    img.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def sign(application):
    token, _ = application_services.signing_token_create(application=application, actor=application.applicant)
    return application_services.commitment_sign(
        token=token,
        image_data_url=signature_data_url(),
        shown_sha256=text_sha256(commitment_text(application)),
    )


INFO = {
    "declaration_type": "normal",
    "specialty": "机械",
    "work_category": "design",
    "self_statement": "任现职以来，主持完成阀门密封结构设计与试验。\n取得实用新型专利一项。",
    "administrative_post": "无",
    "exceptional_reasons": "",
    "exceptional_resume": "",
    "self_score": None,
}


def draft_application(applicant, plan, level="intermediate"):
    application, _ = application_services.application_start(applicant=applicant, plan=plan, level=level)
    return application


def ready_application(application, *, archive, intake):
    """Every step of the wizard done through the services (photo, signature, information, entries,
    attachments): the application is ready for 提交."""
    applicant = application.applicant
    application_services.draft_photo_upload(
        application=application, actor=applicant, uploaded=upload("照片.jpg", photo_ok(), "image/jpeg")
    )
    sign(application)
    application_services.draft_info_save(
        application=application, actor=applicant, data={**INFO, "intake_department": intake}
    )
    patent = archive["patent"].approved_version_id
    application_services.draft_entries_save(
        application=application, actor=applicant, version_ids=[patent, archive["paper"].approved_version_id],
        representative_id=patent,
    )  # fmt: skip
    for requirement in application.plan.attachments.all():
        application_services.attachment_upload(
            application=application,
            actor=applicant,
            requirement=requirement,
            uploaded=upload("学历证书.pdf", pdf_bytes()),
        )
    application.refresh_from_db()
    return application
