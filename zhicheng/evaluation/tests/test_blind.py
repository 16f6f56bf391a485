"""Blind review: crawl every expert page and API answer; no name, ID number, phone or employer name."""

import json

from django.utils import timezone

from tests.factories import EmployerFactory, UserFactory, staff
from zhicheng.applications.models import ApplicationEntry, WizardDraft
from zhicheng.archive.models import Entry, EntryVersion
from zhicheng.evaluation.blind import blind_case, employer_short_names, pinyin_patterns, redactor
from zhicheng.evaluation.services.votes import attendance_record, meeting_open


def _rich_application(world):
    """An applicant whose own words name themselves, their employer and their phone."""
    employer = EmployerFactory(organization__name="温州瓯江精密机械有限公司")
    applicant = UserFactory(real_name="欧阳明华", phone="13912345678", id_number="330302199001011234")
    case = world.pay(world.case(applicant=applicant, employer=employer))
    application = case.application
    WizardDraft.objects.create(
        application=application,
        work_years=9,
        self_statement=(
            "本人欧阳明华，2015年起在温州瓯江精密机械有限公司从事数控机床设计。\n"
            "联系电话 139-1234-5678，身份证号 330302 19900101 1234。"
        ),
    )
    reviewer = staff("employer", employer.organization)
    for order, (kind, data) in enumerate(
        [
            (
                "work",
                {"employer_name": "温州瓯江精密机械有限公司", "post": "技术部 主管", "from": "2015-07-01"},
            ),
            (
                "work",
                {
                    "employer_name": "乐清正泰电器股份有限公司",
                    "post": "设计员",
                    "from": "2012-07-01",
                    "to": "2015-06-30",
                },
            ),
            (
                "achievement",
                {"type": "project", "title": "欧阳明华主持的五轴联动加工中心研制", "date": "2021-05-01"},
            ),
        ]
    ):
        entry = Entry.objects.create(owner=applicant, kind=kind)
        version = EntryVersion.objects.create(
            entry=entry,
            number=1,
            data=data,
            status="approved",
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
        )
        ApplicationEntry.objects.create(application=application, version=version, order=order)
    return case, [
        "欧阳明华",
        "欧阳**",
        "欧**",
        "330302199001011234",
        "330***********1234",
        "13912345678",
        "139****5678",
        "1234-5678",
        "温州瓯江精密机械有限公司",
        "乐清正泰电器股份有限公司",
    ]


def test_no_expert_page_or_api_answer_names_the_applicant(world, as_user):
    case, secrets = _rich_application(world)
    world.assign(case)
    expert = world.experts[1]
    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts)
    client = as_user(expert.user)
    marks = {f"mark_{c['key']}": c["max"] for c in world.rules.scoring_form}
    pages = {
        "/evaluation/expert/": client.get("/evaluation/expert/"),
        "case": client.get(f"/evaluation/expert/cases/{case.pk}/"),
        "scoring error": client.post(f"/evaluation/expert/cases/{case.pk}/", {"submit": "1", "comment": ""}),
        "scored": client.post(
            f"/evaluation/expert/cases/{case.pk}/",
            {**marks, "submit": "1", "comment": "业绩突出"},
            follow=True,
        ),
        "meeting": client.get(f"/evaluation/expert/meetings/{meeting.pk}/"),
        "voted": client.post(
            f"/evaluation/expert/meetings/{meeting.pk}/", {"case": case.pk, "choice": "yes"}, follow=True
        ),
        "api list": client.get("/evaluation/api/expert/cases/"),
        "api case": client.get(f"/evaluation/api/expert/cases/{case.pk}/"),
        "messages": client.get("/accounts/messages/"),
        "home": client.get("/accounts/home/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            body = json.dumps(response.json(), ensure_ascii=False)
        for secret in secrets:
            assert secret not in body, (name, secret)
        assert "photo" not in body.lower() and "<img" not in body, name
    # The expert still reads the substance, with the identifying parts blanked.
    detail = pages["api case"].json()
    assert detail["blind"] is True and "name" not in detail and "employer" not in detail
    assert any("数控机床设计" in p for p in detail["self_statement"])
    assert any("五轴联动加工中心研制" in e["summary"] for e in detail["entries"])
    assert "■■" in detail["self_statement"][0]
    work = [e for e in detail["entries"] if e["kind"] == "工作经历"]
    assert work and all(value == "■■" for e in work for label, value in e["rows"] if "单位" in label)


def test_a_plan_without_blind_review_shows_name_and_employer_but_never_id_or_phone(world, as_user):
    world.rules.blind_review = False
    world.rules.save()
    case, _ = _rich_application(world)
    world.assign(case)
    client = as_user(world.experts[0].user)
    body = client.get(f"/evaluation/expert/cases/{case.pk}/").content.decode()
    assert "欧阳明华" in body and "温州瓯江精密机械有限公司" in body
    api = client.get(f"/evaluation/api/expert/cases/{case.pk}/").json()
    assert api["name"] == "欧阳明华" and api["blind"] is False
    for secret in ("330302199001011234", "13912345678", "330***********1234", "139****5678"):
        assert secret not in body and secret not in json.dumps(api, ensure_ascii=False)


def test_redactor_blanks_digits_however_they_are_spaced():
    redact = redactor("13912345678", "330302199001011234", "温州瓯江")
    assert (
        redact("电话139 1234 5678，139-1234-5678；证号330302 19900101 1234，温州瓯江")
        == "电话■■，■■；证号■■，■■"
    )


# --- forms a careful reader still recognised (issue 12 item 19) -------------------------------------------


def test_redactor_blanks_a_name_written_with_spaces_between_its_characters():
    redact = redactor("林晓燕")
    assert redact("申报人林 晓燕、林　晓燕（全角空格）与林晓燕") == "申报人■■、■■（全角空格）与■■"


def test_redactor_blanks_the_name_in_pinyin_in_either_order_and_any_spelling():
    redact = redactor(patterns=pinyin_patterns("林晓燕"))
    for text in ("Lin Xiaoyan", "LIN Xiao-yan", "linxiaoyan", "Xiaoyan Lin", "Xiao Yan LIN", "Lin, Xiaoyan"):
        assert redact(f"第一作者 {text}（通讯作者）") == "第一作者 ■■（通讯作者）", text
    # Heteronyms: 单 as a surname reads shan; 吕 is written lv, lu or lyu.
    assert redact(f"by {'Shan Xue'}") == f"by {'Shan Xue'}"  # another person's name is left alone
    assert redactor(patterns=pinyin_patterns("单雪"))("by Shan Xue") == "by ■■"
    assert redactor(patterns=pinyin_patterns("吕丽"))("Lyu Li; Lv Li; Lü Li") == "■■; ■■; ■■"
    # A longer Latin word that merely contains the syllables is not a name.
    assert redact("Linxiaoyanabc") == "Linxiaoyanabc"


def test_the_short_name_of_the_employer_is_redacted_too(db, regions):
    assert "精工机械" in employer_short_names("温州精工机械有限公司")
    assert "精工机械" in employer_short_names("浙江温州精工机械股份有限公司")
    assert "正泰电器" in employer_short_names("瓯海正泰电器股份有限公司（温州）")
    assert "大学" not in employer_short_names("温州大学")  # a generic word is never a secret
    redact = redactor(*employer_short_names("温州精工机械有限公司"), "温州精工机械有限公司")
    assert redact("在精工机械从事设计；温州精工机械有限公司") == "在■■从事设计；■■"


def test_e_mail_addresses_in_free_text_are_redacted():
    redact = redactor("胡小明")
    assert redact("邮箱hu.xiaoming+ce@example.com.cn联系，或 lin_xy@163.com。") == "邮箱■■联系，或 ■■。"


def test_blind_case_redacts_every_form_in_the_self_statement_and_entries(world):
    employer = EmployerFactory(organization__name="温州精工机械有限公司")
    applicant = UserFactory(real_name="林晓燕", phone="13912345678", id_number="330302199001011234")
    case = world.pay(world.case(applicant=applicant, employer=employer))
    WizardDraft.objects.create(
        application=case.application,
        work_years=9,
        self_statement="本人林 晓燕（Lin Xiaoyan），在精工机械任设计员，邮箱 lxy@jinggong.com。",
    )
    blind = blind_case(case)
    text = json.dumps(blind.as_dict(), ensure_ascii=False)
    for secret in ("林 晓燕", "Lin Xiaoyan", "精工机械", "lxy@jinggong.com"):
        assert secret not in text, secret
    assert "任设计员" in text
