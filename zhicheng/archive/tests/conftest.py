"""Fixtures for the archive and the wizard: a filled-in applicant whose employer approved the archive."""

import io
from datetime import date

import pytest
from PIL import Image

from tests.factories import OrganizationFactory, PlanFactory
from zhicheng.archive import services
from zhicheng.archive.models import Establishment, PersonalInfo


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


@pytest.fixture
def filled_info(applicant, employer):
    return services.personal_info_save(
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


@pytest.fixture
def archive(applicant, employer_user, filled_info):
    """Education, work, title, two assessments, CE, social insurance and two achievements, all approved."""
    entries = {}
    for name, kind, data in [
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
    ]:
        entries[name] = services.entry_create(owner=applicant, kind=kind, data=dict(data))
    for entry in entries.values():
        services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
        entry.refresh_from_db()
    return entries


@pytest.fixture
def intake(regions):
    return OrganizationFactory(kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"])


@pytest.fixture
def plan(intake):
    plan = PlanFactory(name="2026年度温州市机械专业工程师评审计划")
    plan.intake_departments.set([intake])
    return plan


@pytest.fixture
def personal_info(filled_info) -> PersonalInfo:
    return filled_info
