"""我的业绩档案 and 业绩档案审核: entries, versions, the employer's queue, and the eligibility profile."""

import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.builders import ACHIEVEMENT, EDUCATION, PAPER, WORK, jpeg_with_size
from tests.factories import EmployerFactory, UserFactory, staff
from tests.samples import MALFORMED_PDF_UPLOADS, pdf_bytes, upload
from zhicheng.archive import services
from zhicheng.archive.models import Entry, EntryVersion, EvidenceFile, PersonalInfo
from zhicheng.archive.profile import build_profile
from zhicheng.core.models import AuditEvent
from zhicheng.notifications.models import Message

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "eligibility" / "schema" / "profile.schema.json").read_text(
        "utf-8"
    )
)


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post_education(client, **overrides):
    data = {**EDUCATION, "full_time": "on", **overrides}
    data.pop("converted_by_ce")
    return client.post("/archive/entries/new/education/", data)


def test_personal_info_page_derives_gender_and_birth_date_and_masks_numbers(
    client, login, applicant, employer
):
    login(applicant)
    response = client.post(
        "/archive/personal/",
        {
            "employer": employer.pk,
            "email": "new@example.com",
            "department": "技术部",
            "post": "工程师",
            "work_start": "2016-07-01",  # the factory's people are born 1990–1999: 14 or older by then
            "education_level": "bachelor",
            "degree": "bachelor_degree",
            "specialty": "机械",
            "establishment": "none",
        },
    )
    assert response.status_code == 302
    info = PersonalInfo.objects.get(user=applicant)
    assert info.birth_date.isoformat()[2:4] == applicant.id_number[8:10]
    assert info.gender == ("male" if int(applicant.id_number[16]) % 2 else "female")
    applicant.refresh_from_db()
    assert applicant.email == "new@example.com"
    page = client.get("/archive/personal/").content.decode()
    assert applicant.masked_phone in page and applicant.phone not in page
    assert applicant.id_number not in page and applicant.masked_id_number in page


def test_bad_personal_info_names_the_field_and_keeps_the_rest(client, login, applicant, employer):
    login(applicant)
    response = client.post(
        "/archive/personal/",
        {"employer": employer.pk, "department": "技术部", "postcode": "32500", "email": "x@"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "邮政编码：应为 6 位数字" in body and "电子邮箱：请输入有效的电子邮箱地址" in body
    assert 'value="技术部"' in body
    assert not PersonalInfo.objects.filter(user=applicant).exists()


def test_new_entry_waits_for_the_employer_and_tells_its_hr(
    client, login, applicant, employer_user, filled_info
):
    login(applicant)
    response = _post_education(client)
    entry = Entry.objects.get(owner=applicant)
    assert response.status_code == 302 and response["Location"] == f"/archive/entries/{entry.pk}/"
    version = entry.latest_version
    assert version.status == EntryVersion.Status.PENDING and entry.approved_version is None
    assert version.data["graduated_on"] == "2012-06-30" and version.data["full_time"] is True
    assert Message.objects.filter(recipient=employer_user, subject="有新的业绩档案待审核").exists()
    assert AuditEvent.objects.filter(event="archive_entry_submitted", object_id=str(version.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"graduated_on": ""}, "毕业时间：必须填写"),
        ({"enrolled_on": "2013-09-01"}, "毕业时间：毕业时间不能早于入学时间"),
        ({"graduated_on": "2099-01-01"}, "毕业时间：不能晚于今天"),
        ({"level": "phd"}, "学历：请从列表中选择"),
        ({"xuexin_status": "verified"}, "“学信网已核验”由单位审核时确认"),
    ],
)
def test_bad_entry_names_the_field_keeps_valid_input_and_stores_nothing(
    client, login, applicant, filled_info, overrides, message
):
    login(applicant)
    body = _post_education(client, **overrides).content.decode()
    assert message in body
    assert 'value="浙江工业大学"' in body
    assert not Entry.objects.exists()


@pytest.mark.parametrize("kind", sorted(MALFORMED_PDF_UPLOADS))
def test_malformed_evidence_is_refused_and_leaves_no_file(
    client, login, applicant, filled_info, settings, kind
):
    login(applicant)
    response = client.post(
        "/archive/entries/new/education/",
        {**EDUCATION, "files": upload("../../evil.pdf", MALFORMED_PDF_UPLOADS[kind]())},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "佐证材料" in body and "已填写的内容已保留" in body
    assert not Entry.objects.exists() and not EvidenceFile.objects.exists()
    assert _files(settings) == []


def test_polyglot_and_pixel_bomb_evidence_are_refused(applicant, filled_info, settings):
    import io

    from PIL import Image

    bomb = io.BytesIO()
    Image.new("L", (20000, 20000)).save(bomb, format="JPEG", quality=1)
    for data, message in [
        (jpeg_with_size(300, 400) + pdf_bytes(), "图片数据之后还附带了其他内容"),
        (bomb.getvalue(), "像素过多"),
    ]:
        with pytest.raises(services.UploadRejected, match=message):
            services.entry_create(
                owner=applicant,
                kind="education",
                data=EDUCATION,
                uploads=[upload("a.jpg", data, "image/jpeg")],
            )
    assert not Entry.objects.exists() and _files(settings) == []


def test_evidence_is_stored_under_a_generated_name_and_served_only_to_whom_may_see_it(
    client, login, applicant, employer_user, filled_info, settings
):
    entry = services.entry_create(
        owner=applicant, kind="education", data=EDUCATION, uploads=[upload("毕业证书.pdf", pdf_bytes())]
    )
    evidence = entry.latest_version.files.get()
    assert evidence.original_name == "毕业证书.pdf" and "毕业" not in evidence.file.name
    assert Path(evidence.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    login(applicant)
    response = client.get(f"/archive/evidence/{evidence.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    stranger = UserFactory()
    client.logout()
    login(stranger)
    assert client.get(f"/archive/evidence/{evidence.pk}/").status_code == 404
    client.logout()
    login(employer_user)
    assert client.get(f"/archive/evidence/{evidence.pk}/").status_code == 200


def test_changing_an_approved_entry_creates_a_new_version_and_keeps_the_approved_one(
    applicant, employer_user, filled_info
):
    entry = services.entry_create(owner=applicant, kind="achievement", data=ACHIEVEMENT)
    v1 = services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
    v2 = services.entry_update(entry=entry, actor=applicant, data={**ACHIEVEMENT, "rank": 2})
    entry.refresh_from_db()
    v1.refresh_from_db()
    assert (v1.number, v2.number) == (1, 2)
    assert v1.status == "approved" and v1.data["rank"] == 1
    assert entry.approved_version_id == v1.pk and entry.latest_version_id == v2.pk and v2.status == "pending"
    # Correcting the pending version edits it in place: no third version.
    v2b = services.entry_update(entry=entry, actor=applicant, data={**ACHIEVEMENT, "rank": 3})
    assert v2b.pk == v2.pk and EntryVersion.objects.filter(entry=entry).count() == 2
    services.entry_version_approve(version=v2.pk, actor=employer_user)
    entry.refresh_from_db()
    assert entry.approved_version_id == v2.pk and entry.approved_version.data["rank"] == 3


def test_only_one_pending_version_per_entry_is_a_database_rule(applicant, filled_info):
    from django.db import IntegrityError, transaction

    entry = services.entry_create(owner=applicant, kind="work", data=WORK)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryVersion.objects.create(entry=entry, number=2, data=WORK)


def test_return_needs_a_reason_is_audited_and_reaches_the_applicant(
    client, login, applicant, employer_user, filled_info
):
    entry = services.entry_create(owner=applicant, kind="work", data=WORK)
    login(employer_user)
    empty = client.post(f"/archive/review/{entry.latest_version_id}/return/", {"reason": "  "})
    assert "退回原因：" in empty.content.decode()
    assert EntryVersion.objects.get(pk=entry.latest_version_id).status == "pending"
    client.post(f"/archive/review/{entry.latest_version_id}/return/", {"reason": "请上传劳动合同"})
    version = EntryVersion.objects.get(pk=entry.latest_version_id)
    assert version.status == "returned" and version.return_reason == "请上传劳动合同"
    event = AuditEvent.objects.get(event="archive_entry_returned")
    assert event.actor == employer_user and event.data["reason"] == "请上传劳动合同"
    assert "请上传劳动合同" in Message.objects.get(recipient=applicant, channel="inapp").body
    # Returned: fixing it creates version 2 for the employer again.
    v2 = services.entry_update(
        entry=entry, actor=applicant, data=WORK, uploads=[upload("合同.pdf", pdf_bytes())]
    )
    assert v2.number == 2 and v2.status == "pending"


def test_approving_twice_is_refused_and_leaves_one_event(applicant, employer_user, filled_info):
    entry = services.entry_create(owner=applicant, kind="work", data=WORK)
    services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
    with pytest.raises(services.ArchiveError, match="不能重复审核"):
        services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
    assert AuditEvent.objects.filter(event="archive_entry_approved").count() == 1


def test_an_employer_cannot_see_or_decide_another_employers_staff(
    client, login, applicant, filled_info, regions
):
    entry = services.entry_create(owner=applicant, kind="work", data=WORK)
    other_hr = staff("employer", EmployerFactory().organization, real_name="王经办")
    login(other_hr)
    assert "温州测试机械有限公司" not in client.get("/archive/review/").content.decode()
    assert client.get(f"/archive/review/{entry.latest_version_id}/").status_code == 404
    assert client.post(f"/archive/review/{entry.latest_version_id}/approve/").status_code == 404
    assert (
        client.post(f"/archive/review/{entry.latest_version_id}/return/", {"reason": "x"}).status_code == 404
    )
    client.post("/archive/review/bulk-approve/", {"versions": [entry.latest_version_id]})
    assert EntryVersion.objects.get(pk=entry.latest_version_id).status == "pending"
    assert client.get("/archive/entries/").status_code == 403  # an employer has no archive of its own


def test_employer_queue_lists_own_staff_and_bulk_approves(
    client, login, applicant, employer_user, filled_info
):
    ids = [services.entry_create(owner=applicant, kind=k, data=d).latest_version_id
           for k, d in [("education", EDUCATION), ("work", WORK), ("achievement", PAPER)]]  # fmt: skip
    login(employer_user)
    page = client.get("/archive/review/").content.decode()
    assert "胡小明" in page and "阀门密封性能试验研究" in page and "业绩档案审核" in page
    response = client.post("/archive/review/bulk-approve/", {"versions": ids})
    assert response.status_code == 302
    assert set(EntryVersion.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"approved"}
    assert AuditEvent.objects.filter(event="archive_entry_approved", data__bulk=True).count() == 3


def test_employer_confirms_the_xuexin_check_when_approving_education(
    client, login, applicant, employer_user, filled_info
):
    entry = services.entry_create(owner=applicant, kind="education", data=EDUCATION)
    login(employer_user)
    client.post(f"/archive/review/{entry.latest_version_id}/approve/", {"xuexin_status": "verified"})
    version = EntryVersion.objects.get(pk=entry.latest_version_id)
    assert (
        version.review_data == {"xuexin_status": "verified"}
        and version.data["xuexin_status"] == "not_checked"
    )
    assert ("学信网核验", "学信网已核验") in version.display_rows


def test_profile_from_the_approved_archive_is_valid_against_the_shared_schema(applicant, archive):
    profile = build_profile(applicant, as_of=date(2026, 12, 31), deadline=date(2026, 10, 20))
    errors = sorted(
        Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(profile),
        key=str,
    )
    assert errors == []
    assert profile["target_level"] == "intermediate"  # one above the 助理工程师 held
    assert profile["education"] == [
        {"level": "bachelor", "major": "机械工程", "graduated_on": "2012-06-30", "degree": "bachelor_degree",
         "converted_by_ce": False}
    ]  # fmt: skip
    assert profile["work"] == [
        {
            "from": "2012-07-01",
            "to": None,
            "professional": True,
            "related": True,
            "employer_kind": "enterprise",
        }
    ]
    assert profile["titles"][0]["appointed_from"] == "2017-01-01"
    assert [a["year"] for a in profile["annual_assessments"]] == [2022, 2023]
    assert profile["continuing_education"] == [
        {"year": 2023, "category": "professional", "hours": 64, "route": "registry"}
    ]
    assert profile["social_insurance"] == [
        {"from": "2012-07", "to": None, "city": "温州市", "province": "浙江省", "current_employer": True}
    ]
    paper = next(a for a in profile["achievements"] if a["kind"] == "paper")
    assert paper["similarity"] == 0.12 and paper["venue"] == "journal" and "subtype" not in paper
    assert profile["employer_type"] == "private" and profile["civil_servant"] is False
    assert profile["employer_region"] == {"province": "浙江省", "city": "温州市", "county": "鹿城区"}
    assert profile["deadline"] == "2026-10-20"


def test_profile_uses_only_approved_versions(applicant, employer_user, archive):
    services.entry_update(entry=archive["patent"], actor=applicant, data={**ACHIEVEMENT, "rank": 9})
    services.entry_create(owner=applicant, kind="achievement", data={**PAPER, "title": "未审核的论文"})
    profile = build_profile(applicant, as_of=date(2026, 12, 31))
    titles = [a["title"] for a in profile["achievements"]]
    assert "未审核的论文" not in titles
    assert next(a for a in profile["achievements"] if a["kind"] == "patent")["rank"] == 1


def test_every_kind_maps_to_a_schema_array_and_every_profile_field_is_a_schema_property():
    from zhicheng.archive.kinds import KINDS

    for kind in KINDS.values():
        array = SCHEMA["properties"][kind.profile_key]
        props = array["items"]["properties"]
        for f in kind.fields:
            if f.profile and f.key != "route":  # route is the CE ledger's extra field (extras are allowed)
                assert f.key in props, (kind.code, f.key)
            if f.profile and f.type == "choice" and "enum" in props.get(f.key, {}):
                assert {v for v, _ in f.choices} <= set(props[f.key]["enum"]), (kind.code, f.key)


def test_archive_api_lists_and_creates_with_chinese_422(client, login, applicant, archive):
    login(applicant)
    body = client.get("/api/v1/archive/").json()
    assert body["personal"]["masked_phone"] == applicant.masked_phone and len(body["entries"]) == 9
    bad = client.post(
        "/api/v1/archive/entries", {"kind": "work", "data": {"from": "2020-01-01", "to": "2019-01-01"}},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 422
    messages = [d["msg"] for d in bad.json()["detail"]]
    assert "工作单位：必须填写" in messages and "结束时间：结束时间不能早于开始时间" in messages
    ok = client.post(
        "/api/v1/archive/entries", {"kind": "work", "data": WORK}, content_type="application/json"
    )
    assert ok.status_code == 201 and ok.json()["latest"]["status"] == "pending"


def test_archive_pages_render_for_every_kind(client, login, applicant, archive):
    from zhicheng.archive.kinds import KINDS

    login(applicant)
    for code in KINDS:
        assert client.get(f"/archive/entries/new/{code}/").status_code == 200
        assert client.get(f"/archive/entries/?kind={code}").status_code == 200
    detail = client.get(f"/archive/entries/{archive['paper'].pk}/").content.decode()
    assert "检测相似度" in detail and "12.0%" in detail


def test_a_whole_archive_is_created_at_once_with_one_notice_to_the_employer(
    applicant, employer_user, filled_info
):
    items = [("education", EDUCATION), ("work", WORK), ("achievement", ACHIEVEMENT)]
    entries = services.entries_create_bulk(owner=applicant, items=items)
    assert [e.kind for e in entries] == ["education", "work", "achievement"]
    assert all(e.latest_version.status == EntryVersion.Status.PENDING for e in entries)
    assert AuditEvent.objects.filter(event="archive_entry_submitted", actor=applicant).count() == 3
    notices = Message.objects.filter(recipient=employer_user, subject="有新的业绩档案待审核")
    assert notices.count() == len({m.channel for m in notices})  # one per channel, not one per entry
    with pytest.raises(services.ArchiveError, match="类别：不存在该类业绩档案（nonsense）"):
        services.entries_create_bulk(owner=applicant, items=[("work", WORK), ("nonsense", {})])
    assert Entry.objects.filter(owner=applicant).count() == 3  # nothing of the refused batch kept
