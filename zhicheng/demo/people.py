"""Demo people: applicants with an approved archive, and applications already on the review path,
so that every role finds real work after `make run`. Everything goes through the real services."""

import base64
import functools
import io
import random
from datetime import date

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from zhicheng.accounts.models import Role, User, login_key
from zhicheng.applications import services as application_services
from zhicheng.applications.commitment import commitment_text, text_sha256
from zhicheng.archive import services as archive_services
from zhicheng.archive.models import Entry
from zhicheng.archive.selectors import approved_versions_for
from zhicheng.core.workdays import calendar
from zhicheng.review import services as review_services

PEOPLE = [
    # phone, name, ID number (valid check digits)
    ("13800000011", "王志强", "330302198803154532"),
    ("13800000012", "陈思远", "330302199106208819"),
    ("13800000013", "林晓燕", "330302199311027021"),
]


@functools.cache
def _photo() -> bytes:
    """Built once per process (deterministic, ~0.7 s to draw): a 330×440 JPEG of a plain figure on white with mild noise: above 30 KB, ratio 0.75."""
    rng = random.Random(7)
    img = Image.new("RGB", (330, 440), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    draw.ellipse((105, 70, 225, 200), fill=(224, 190, 160))
    draw.rectangle((70, 230, 260, 440), fill=(40, 60, 110))
    px = img.load()
    for _ in range(40000):
        x, y = rng.randrange(330), rng.randrange(440)
        r, g, b = px[x, y]
        d = rng.randint(-12, 12)
        px[x, y] = (max(0, min(255, r + d)), max(0, min(255, g + d)), max(0, min(255, b + d)))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=95)
    return out.getvalue()


@functools.cache
def _signature() -> str:
    img = Image.new("RGBA", (600, 220), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.line(
        [(40, 160), (140, 40), (220, 170), (320, 60), (420, 150), (540, 70)], fill=(0, 0, 0, 255), width=6
    )
    out = io.BytesIO()
    img.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


@functools.cache
def _pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _archive(user, employer, employer_user, graduated: int):

    archive_services.personal_info_save(
        user=user,
        data={
            "employer": employer,
            "department": "技术部",
            "post": "机械设计工程师",
            "work_start": date(graduated, 7, 1),
            "education_level": "bachelor",
            "degree": "bachelor_degree",
            "specialty": "机械",
        },
    )
    items = [
        ("education", {"level": "bachelor", "school": "浙江工业大学", "major": "机械工程", "graduated_on": f"{graduated}-06-30",
                       "full_time": True, "degree": "bachelor_degree", "converted_by_ce": False, "xuexin_status": "not_checked"}),
        ("work", {"employer_name": employer.name, "post": "技术部 设计员", "from": f"{graduated}-07-01", "professional": True,
                  "related": True, "employer_kind": "enterprise"}),
        ("title", {"level": "assistant", "series": "engineering", "specialty": "机械", "obtained_on": f"{graduated + 2}-12-20",
                   "appointed_from": f"{graduated + 3}-01-01", "issuer_province": "浙江省", "confirmed": True}),
        ("social_insurance", {"from": f"{graduated}-07", "city": "温州市", "province": "浙江省", "current_employer": True}),
        ("achievement", {"type": "patent", "title": "一种阀门密封结构", "date": f"{graduated + 6}-05-10", "level": "national",
                         "issuer": "government", "rank": 1, "role": "lead", "subtype": "utility", "count": 1,
                         "accepted": True, "in_specialty": True}),
    ]  # fmt: skip
    first_year = graduated + 2
    for year in range(first_year, date.today().year + 1):
        items.append(("assessment", {"year": year, "result": "qualified"}))
        items.append(
            (
                "continuing_education",
                {"year": year, "category": "professional", "hours": 64, "route": "registry"},
            )
        )
        items.append(
            (
                "continuing_education",
                {"year": year, "category": "general_public", "hours": 26, "route": "registry"},
            )
        )
    entries = archive_services.entries_create_bulk(owner=user, items=items)
    archive_services.entry_versions_approve_bulk(
        version_ids=[e.latest_version_id for e in entries], actor=employer_user
    )
    return entries


def _application(user, plan, intake, *, level: str = "intermediate", specialty: str = "机械"):

    app, _ = application_services.application_start(applicant=user, plan=plan, level=level)
    application_services.draft_photo_upload(
        application=app, actor=user, uploaded=SimpleUploadedFile("照片.jpg", _photo(), "image/jpeg")
    )
    token, _ = application_services.signing_token_create(application=app, actor=user)
    application_services.commitment_sign(
        token=token, image_data_url=_signature(), shown_sha256=text_sha256(commitment_text(app))
    )
    application_services.draft_info_save(
        application=app,
        actor=user,
        data={
            "declaration_type": "normal",
            "specialty": specialty,
            "work_category": "design",
            "self_statement": "任现职以来，主持完成阀门密封结构设计与试验，解决了高压工况下的泄漏问题。\n取得实用新型专利一项，并指导助理工程师两名。",
            "administrative_post": "无",
            "exceptional_reasons": "",
            "exceptional_resume": "",
            "self_score": None,
            "intake_department": intake,
        },
    )
    achievement = next(v for v in approved_versions_for(user) if v.entry.kind == "achievement")
    application_services.draft_entries_save(
        application=app, actor=user, version_ids=[achievement.pk], representative_id=achievement.pk
    )
    for requirement in plan.attachments.filter(required=True, condition="", delivery="upload"):
        application_services.attachment_upload(
            application=app,
            actor=user,
            requirement=requirement,
            uploaded=SimpleUploadedFile(f"{requirement.name}.pdf", _pdf(), "application/pdf"),
        )
    app.refresh_from_db()
    application_services.application_submit(application=app, actor=user)
    return app


def _advance(app, *, employer_user, departments: list) -> None:
    """Employer approves with its internal publicity record, then each department in turn approves."""

    cal = calendar()
    end = cal.add(timezone.localdate(), -1)
    publicity = {"start": cal.add(end, -5), "end": end, "result": "no_objection", "note": "公示期间无异议"}
    review_services.application_approve(
        application=app, actor=employer_user, opinion="经单位内部公示无异议，同意推荐。", publicity=publicity
    )
    for reviewer in departments:
        app.refresh_from_db()
        review_services.application_approve(
            application=app, actor=reviewer, opinion="材料齐全，符合申报条件，同意推荐。"
        )


def load_demo_people(*, password: str, employer, employer_user, main_applicant, plan, intake) -> int:

    created = 0
    if not Entry.objects.filter(owner=main_applicant).exists():
        _archive(main_applicant, employer, employer_user, graduated=2014)
    county = User.objects.get(username=login_key("13800000003"))
    # 王志强 waits at the employer, 陈思远 at the county (鹿城区), 林晓燕 at the city (温州市).
    chains = [None, [], [county]]
    for i, (phone, name, id_number) in enumerate(PEOPLE):
        if User.objects.filter(username=login_key(phone)).exists():
            continue
        user = User.objects.create_user(
            login=phone, password=password, role=Role.APPLICANT, real_name=name, id_number=id_number
        )
        _archive(user, employer, employer_user, graduated=2012 + i)
        app = _application(user, plan, intake)
        if chains[i] is not None:
            _advance(app, employer_user=employer_user, departments=chains[i])
        created += 1
    return created
