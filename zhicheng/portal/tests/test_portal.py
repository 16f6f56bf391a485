import pytest

from zhicheng.demo.seed import load_demo
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/notices/",
    "/plans/",
    "/committees/",
    "/series/",
    "/conditions/",
    "/publicity/",
    "/certificates/verify/",
]


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    return load_demo(with_people=False)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_render_in_chinese_without_login(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-CN">' in body and "职称申报与评审平台" in body


def test_home_lists_the_four_seed_plans_and_the_open_demo_plan(client, demo):
    body = client.get("/").content.decode()
    for name in [
        "2020年度温州市机械专业中、初级",
        "2022年度临平区制造业",
        "2022年度台州（温岭）机电",
        "2020年度浙江省机电制造专业高级工程师",
    ]:
        assert name in body
    assert "申报中" in body


def test_seed_plans_carry_their_real_dates_and_fees(demo):
    wenzhou = Plan.objects.get(name__startswith="2020年度温州市")
    assert (wenzhou.apply_start.isoformat(), wenzhou.apply_end.isoformat()) == ("2020-09-15", "2020-10-31")
    assert {f.level: int(f.amount) for f in wenzhou.fees.all()} == {"intermediate": 180, "assistant": 100}
    linping = Plan.objects.get(name__startswith="2022年度临平区")
    assert (linping.apply_start.isoformat(), linping.apply_end.isoformat(), linping.employer_deadline.isoformat()) == (
        "2022-08-01", "2022-08-15", "2022-08-26",
    )  # fmt: skip
    wenling = Plan.objects.get(name__startswith="2022年度台州")
    assert (wenling.apply_end.isoformat(), wenling.employer_deadline.isoformat()) == (
        "2022-10-20",
        "2022-11-02",
    )
    assert (wenling.paper_start.isoformat(), wenling.paper_end.isoformat()) == ("2022-10-31", "2022-11-15")
    senior = Plan.objects.get(name__startswith="2020年度浙江省")
    assert senior.department_deadline.isoformat() == "2020-10-10" and senior.levels == ["associate_senior"]


def test_notice_detail_shows_key_facts_and_attachments(client, demo):
    from zhicheng.portal.models import Notice

    notice = Notice.objects.get(doc_number="温机工协创〔2022〕2号")
    body = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "2022年9月1日至10月20日" in body and "附件7 评委会评审对象资格审查花名册" in body


def test_demo_data_is_idempotent_and_refused_in_production(settings, demo):
    again = load_demo(with_people=False)
    assert again["plans"] == demo["plans"] == 5 and again["accounts_created"] == 0
    settings.DEMO_MODE = False
    with pytest.raises(RuntimeError, match="演示模式"):
        load_demo()


def test_each_demo_account_logs_in_and_sees_its_own_home(client, demo, settings):
    settings.STAFF_OTP_REQUIRED = False
    expected = {
        "13800000001": "申报人", "13800000002": "用人单位经办人", "13800000003": "主管部门审核人员",
        "13800000004": "评委会办公室", "13800000005": "评审专家", "13800000006": "人社局审批人员", "admin": "平台管理员",
    }  # fmt: skip
    for login_name, role_label in expected.items():
        client.post("/accounts/logout/")
        response = client.post("/accounts/login/", {"username": login_name, "password": "Demo@2026"})
        assert response.status_code == 302, login_name
        home = client.get("/accounts/home/").content.decode()
        assert f"角色：{role_label}" in home, login_name


def test_english_only_when_chosen(client, demo):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").headers["Content-Language"] == "zh-hans"
    assert "职称申报计划" in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    assert "Review plans" in response.content.decode() and '<html lang="en">' in response.content.decode()


def test_conditions_pages_list_each_rule_set_with_clauses(client, demo):
    listing = client.get("/conditions/").content.decode()
    for title in ["2022年度临平区制造业专业工程师资格评审"]:
        assert title in listing
    detail = client.get("/conditions/wenling-mechatronics-2022/").content.decode()
    assert "温机工协创〔2022〕" in detail and "依据：" in detail and "继续教育" in detail
    assert client.get("/conditions/no-such-set/").status_code == 404


def test_demo_people_give_every_role_work_and_load_twice_without_duplicates(settings):
    from zhicheng.applications.models import Application
    from zhicheng.archive.models import Entry

    settings.DEMO_MODE = True
    load_demo()
    again = load_demo()
    assert again["accounts_created"] == 0
    pending = Application.objects.filter(status="pending").select_related("current_stage", "current_org")
    assert sorted((a.applicant.real_name, a.current_stage.kind, a.current_org.name) for a in pending) == [
        ("林晓燕", "city", "温州市人力资源和社会保障局"),
        ("王志强", "employer", "温州精工机械有限公司"),
        ("陈思远", "county", "鹿城区人力资源和社会保障局"),
    ]
    # Demo archives are complete enough for the engine: every verdict is computed, none is an error.
    from zhicheng.eligibility.checks import check_application

    for app in pending:
        check = check_application(app)
        assert check.result is not None, check.error
    # The main demo applicant has an approved archive and no application yet: the wizard is theirs to try.
    main = Entry.objects.filter(owner__real_name="张明远")
    assert main.exists() and not Application.objects.filter(applicant__real_name="张明远").exists()
