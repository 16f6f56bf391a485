"""Issue 4's browser test: a submitted application goes through the employer (with its internal publicity
record), the county (which returns it once), the city (审核推荐) and the committee office to the portal's
评审公示 page — in Debian's chromium, on phone and desktop widths, with screenshots in var/test-artifacts/."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from e2e.conftest import confirm_dialog, log_in
from tests.factories import PASSWORD, EmployerFactory, OrganizationFactory, PlanFactory, UserFactory, staff
from tests.samples import pdf_bytes
from zhicheng.applications import workflow
from zhicheng.applications.models import Application, Status
from zhicheng.core.workdays import calendar
from zhicheng.publicity.models import Publicity
from zhicheng.review.models import RecommendationBatch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _no_full_identifiers(html: str, *people) -> None:
    for person in people:
        assert person.id_number not in html and person.phone not in html


def test_review_chain_end_to_end(live_server, new_page, shot, settings, regions):
    settings.STAFF_OTP_REQUIRED = False
    base = live_server.url
    employer = EmployerFactory(organization__name="温州瓯江机械有限公司")
    county = OrganizationFactory(
        kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"]
    )
    city = OrganizationFactory(kind="department", name="温州市人力资源和社会保障局", region=regions["330300"])
    today = timezone.localdate()
    plan = PlanFactory(
        name="2026年度温州市机械专业工程师评审计划",
        committee__organization__name="温州市机械工程技术人员中级评委会",
        employer_deadline=today + timedelta(days=12),
        department_deadline=today + timedelta(days=30),
        review_start=today + timedelta(days=60),
        resubmit_to="returning_stage",
    )
    plan.intake_departments.add(county, city)
    hr = staff("employer", employer.organization, real_name="李经办")
    county_user = staff("department", county, real_name="王审核")
    city_user = staff("department", city, real_name="赵审核")
    office = staff("committee_office", plan.committee.organization, real_name="钱办公")
    applicant = UserFactory(real_name="胡小明")
    other = UserFactory(real_name="陈晓东")
    apps = []
    for person, specialty in ((applicant, "机械设计与制造"), (other, "机电一体化")):
        app = Application.objects.create(
            plan=plan,
            applicant=person,
            level="intermediate",
            specialty=specialty,
            declaration_type="normal",
            employer=employer,
            intake_department=county,
        )
        workflow.transition(application=app, action="submit", actor=person)
        apps.append(app)
    app = apps[0]
    from zhicheng.applications.models import ApplicationAttachment

    content = pdf_bytes()
    ApplicationAttachment.objects.create(
        application=app,
        requirement_name="学历证书",
        file=ContentFile(content, name="edu.pdf"),
        original_name="学历证书.pdf",
        kind="pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )

    # 1. The employer's HR, on a phone: the queue with its tabs, then the file.
    page = new_page(viewport=PHONE)
    log_in(page, base, hr.phone, PASSWORD)
    page.goto(f"{base}/review/")
    assert "职称申报资格审查" in page.content()
    assert page.inner_text("nav.tabs a.active") == "待审查 (2)"
    shot(page, "review-01-employer-queue-phone")
    page.fill("#q", "小明")
    page.click("button:has-text('查询')")
    page.wait_for_selector("table.queue")
    assert page.locator("table.queue tbody tr").count() == 1 and "胡小明" in page.inner_text("table.queue")
    assert "小明" not in page.url  # search words never travel in the URL
    page.click("table.queue a:has-text('胡小明')")
    page.wait_for_load_state()  # the whole page parsed, not just its heading
    page.wait_for_selector(".pdf-viewer[data-pdf-pages] canvas")  # the PDF is drawn in the page by pdf.js
    _no_full_identifiers(page.content(), applicant)
    shot(page, "review-02-employer-detail-phone")

    # A publicity of only four working days is refused, naming the rule; nothing is stored.
    cal = calendar()
    end = cal.add(today, -1)
    start4 = end
    while cal.count(start4, end) < 4:
        start4 -= timedelta(days=1)
    page.fill("#id_approve-publicity_start", start4.isoformat())
    page.fill("#id_approve-publicity_end", end.isoformat())
    page.check("#id_approve-publicity_result_0")
    page.click("form[data-decision=approve] button:has-text('审核通过')")
    confirm_dialog(page)
    page.wait_for_selector("p.error")
    assert "只有 4 个工作日" in page.inner_text("p.error")
    shot(page, "review-03-employer-publicity-too-short-phone")
    start5 = start4 - timedelta(days=1)
    while cal.count(start5, end) < 5:
        start5 -= timedelta(days=1)
    page.fill("#id_approve-publicity_start", start5.isoformat())
    page.fill("#id_approve-publicity_end", end.isoformat())
    page.check("#id_approve-publicity_result_0")
    page.click("form[data-decision=approve] button:has-text('审核通过')")
    confirm_dialog(page)
    page.wait_for_selector("text=已审核通过 胡小明 的申报")
    assert Publicity.objects.filter(kind="internal").get(application=app).working_days == 5
    assert page.inner_text("nav.tabs a.active") == "待审查 (1)"
    shot(page, "review-04-employer-after-approval-phone")

    # 2. The county reviewer, on a desktop, returns the file with a reason.
    desk = new_page(viewport=DESKTOP)
    log_in(desk, base, county_user.phone, PASSWORD)
    desk.goto(f"{base}/review/")
    assert "职称评审资格审查" in desk.content() and "温州瓯江机械有限公司" in desk.content()
    shot(desk, "review-05-county-queue-desktop")
    desk.click("table.queue a:has-text('胡小明')")
    desk.click("summary:has-text('退回修改')")
    desk.fill("#id_return-opinion", "继续教育学时证明缺少2025年度记录，请补充后重新提交。")
    desk.click("form button:has-text('退回修改')")
    desk.wait_for_selector("text=已将 胡小明 的申报退回修改")
    app.refresh_from_db()
    assert app.status == Status.RETURNED

    # The applicant corrects the file and resubmits it (the wizard's page); it goes back to the county.
    workflow.transition(application=app, action="resubmit", actor=applicant)
    app.refresh_from_db()
    assert app.current_org == county and app.round == 2
    desk.goto(f"{base}/review/?tab=returned")
    assert "胡小明" in desk.inner_text("table.queue")
    desk.goto(f"{base}/review/")
    desk.click("table.queue a:has-text('胡小明')")
    desk.wait_for_load_state()
    assert "第 2 次提交" in desk.content() and "继续教育学时证明缺少2025年度记录" in desk.content()
    shot(desk, "review-06-county-detail-after-resubmission-desktop")
    desk.fill("#id_approve-opinion", "经审查，符合申报条件，同意推荐。")
    desk.click("form[data-decision=approve] button:has-text('审核通过')")
    confirm_dialog(desk)
    desk.wait_for_selector("text=已送 温州市人力资源和社会保障局 审核")

    # 3. The city approves and submits its 审核推荐 batch to the committee office.
    city_page = new_page(viewport=DESKTOP)
    log_in(city_page, base, city_user.phone, PASSWORD)
    city_page.goto(f"{base}/review/")
    city_page.click("table.queue a:has-text('胡小明')")
    city_page.click("form[data-decision=approve] button:has-text('审核通过')")
    confirm_dialog(city_page)
    city_page.wait_for_selector("text=已送 温州市机械工程技术人员中级评委会 审核")
    city_page.click("a:has-text('审核推荐')")
    assert "待推荐 1 人" in city_page.content()
    city_page.click("button:has-text('审核推荐（1 人）')")
    confirm_dialog(city_page)
    city_page.wait_for_selector("h1:has-text('审核推荐名单')")
    assert "胡小明" in city_page.content() and RecommendationBatch.objects.get().size == 1
    shot(city_page, "review-07-city-recommendation-batch-desktop")

    # 4. The committee office qualifies the file and publishes the 公示.
    office_page = new_page(viewport=PHONE)
    log_in(office_page, base, office.phone, PASSWORD)
    office_page.goto(f"{base}/review/")
    assert "评委会资格审查" in office_page.content()
    office_page.click("table.queue a:has-text('胡小明')")
    office_page.wait_for_load_state()
    assert office_page.locator("#eligibility").count() == 1
    shot(office_page, "review-08-office-detail-phone")
    office_page.fill("#id_approve-opinion", "资格审查通过。")
    office_page.click("form[data-decision=approve] button:has-text('审核通过')")
    confirm_dialog(office_page)
    office_page.wait_for_selector("text=胡小明 的申报已通过资格审查")
    app.refresh_from_db()
    assert app.status == Status.QUALIFIED
    office_page.goto(f"{base}/review/publicity/new/")
    office_page.select_option("#id_plan", str(plan.pk))
    office_page.fill("#id_start", today.isoformat())
    office_page.fill("#id_contact", "公示期间如有异议，请以书面形式向评委会办公室反映，电话 0577-86591590。")
    office_page.click("button:has-text('发布公示')")
    office_page.wait_for_selector("text=已发布资格审查公示（1 人）")
    publicity = Publicity.objects.get(kind="qualification")
    assert publicity.working_days == 5 and publicity.end == cal.end_of_period(today, 5)
    office_page.click("summary:has-text('登记异议')")
    office_page.select_option(f"#id_o{publicity.entries.get().pk}-channel", "letter")
    office_page.fill(f"#id_o{publicity.entries.get().pk}-content", "反映其代表作论文作者排名有误。")
    office_page.click("button:has-text('登记异议')")
    office_page.wait_for_selector("text=已登记对 胡小明 的异议")
    assert "还有 1 件异议未处理" in office_page.content()
    office_page.check("input[value=dismissed]")
    office_page.fill("textarea[name$=resolution]", "经向作者单位核实，排名无误，异议不成立。")
    office_page.click("button:has-text('提交核查结论')")
    office_page.wait_for_selector("text=已处理对 胡小明 的异议")
    shot(office_page, "review-09-office-publicity-phone")

    # 5. The public 评审公示 page: name, employer, specialty, level — nothing else.
    public = new_page(viewport=PHONE)
    public.goto(f"{base}/publicity/")
    text = public.inner_text("main")
    assert (
        "胡小明" in text
        and "温州瓯江机械有限公司" in text
        and "机械设计与制造" in text
        and "中级（工程师）" in text
    )
    assert "陈晓东" not in text  # still with the employer: not qualified, not listed
    assert f"{publicity.working_days} 个工作日" in text
    html = public.content()
    _no_full_identifiers(html, applicant, other)
    assert not re.search(r"\d{3}\*+\d{4}", html)  # not even masked numbers
    shot(public, "review-10-portal-publicity-phone")

    # Every page a reviewer saw is Chinese and fits the phone (no sideways scrolling of the page).
    for p in (page, office_page, public):
        width = p.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"{p.url} is {width}px wide"
