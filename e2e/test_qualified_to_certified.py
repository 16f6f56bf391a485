"""Issue 7's browser test: one application from 资格审查通过 to a certificate anyone can check.

payment (sandbox cashier, signed callback) → practical assessment (3 examiners) → expert scoring (blind)
→ meeting vote → results 公示 on the portal → HR bureau approval (发文) → certificate download → public
verification by number and name, by the QR code's link and by upload; a tampered file or a wrong name fails.
"""

import io
import json
import re
import subprocess
from datetime import datetime, time, timedelta

import pikepdf
import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from e2e.conftest import ARTIFACTS, confirm_dialog, log_in
from tests.factories import (
    PASSWORD,
    CommitteeFactory,
    EmployerFactory,
    OrganizationFactory,
    PlanFactory,
    UserFactory,
    staff,
)
from zhicheng.applications.models import Application, WizardDraft
from zhicheng.certificates.tests.qrscan import qr_encodes
from zhicheng.core.workdays import calendar
from zhicheng.evaluation.models import AssessmentSpec, CaseStatus, EvaluationCase
from zhicheng.evaluation.tests.helpers import clear_in_publicity
from zhicheng.publicity.models import Publicity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _world(regions):
    bureau_org = OrganizationFactory(kind="hr_bureau", name="温州市人力资源和社会保障局")
    committee = CommitteeFactory(
        organization__name="温州市机械工程专业中级职务任职资格评审委员会",
        organization__region=regions["330300"],
        hr_bureau=bureau_org,
        organizer="温州市机械工程学会",
    )
    plan = PlanFactory(committee=committee, name="2026年度温州市机械专业中、初级专业技术资格评审计划")
    AssessmentSpec.objects.create(
        plan=plan, kind="practical", name="实操评议", min_examiners=3, pass_mark=60, full_mark=100
    )
    employer = EmployerFactory(organization__name="温州新锐机电有限公司")
    applicant = UserFactory(real_name="胡小明", phone="13900000001")
    application = Application.objects.create(
        plan=plan,
        applicant=applicant,
        level="intermediate",
        specialty="机械",
        declaration_type="normal",
        employer=employer,
    )
    WizardDraft.objects.create(
        application=application,
        work_years=8,
        self_statement=(
            "本人胡小明，2018年起在温州新锐机电有限公司从事数控机床进给系统设计，"
            "主持完成伺服刀塔等3项新产品开发，获授权发明专利1项。"
        ),
    )
    # Test setup only: the review chain's own browser test walks the chain up to 资格审查通过.
    Application.objects.filter(pk=application.pk).update(status="qualified")
    application.refresh_from_db()
    clear_in_publicity(application)  # the name stood the 资格审查公示 (closed without objection)
    office = staff("committee_office", committee.organization, real_name="王办公", phone="13700000011")
    bureau = staff("hr_bureau", bureau_org, real_name="赵审批", phone="13700000012")
    experts = [
        UserFactory(role="expert", real_name=name, phone=f"1360000002{i}", id_number="")
        for i, name in enumerate(["钱专家", "孙专家", "李专家"])
    ]
    return plan, applicant, office, bureau, experts


def _case(plan):
    return EvaluationCase.objects.get(plan=plan)


def test_qualified_application_goes_to_a_verified_certificate(
    live_server, new_page, shot, settings, tmp_path, regions
):
    settings.STAFF_OTP_REQUIRED = False
    plan, applicant, office, bureau, experts = _world(regions)
    base = live_server.url

    # 1. The case opens when the 资格审查公示 closes (an event); here the name was cleared before, so the
    #    office opens it with its explicit button (a GET of the page changes nothing).
    desk = new_page(viewport={"width": 1280, "height": 900})
    log_in(desk, base, office.phone, PASSWORD)
    desk.goto(f"{base}/evaluation/office/plans/{plan.pk}/")
    assert not EvaluationCase.objects.filter(plan=plan).exists()
    desk.click("text=开通评审并通知申报人")
    desk.wait_for_selector("text=已为1名资格审查公示无异议的申报人开通评审")
    assert "待缴评审费" in desk.inner_text("table")
    shot(desk, "eval-01-office-cases")

    # 2. The applicant pays online on a phone: the sandbox cashier, then the signed callback.
    phone = new_page(viewport={"width": 390, "height": 844})
    log_in(phone, base, applicant.phone, PASSWORD)
    phone.goto(f"{base}/accounts/messages/")
    assert "请缴纳职称评审费" in phone.content()
    phone.goto(f"{base}/evaluation/my/")
    phone.click("text=查看")
    assert "180" in phone.inner_text("#fee")
    phone.click("button:has-text('马上支付')")
    phone.wait_for_selector("text=沙箱支付收银台")
    shot(phone, "eval-02-sandbox-cashier")
    phone.click("#confirm-pay")
    phone.wait_for_selector("text=支付成功")
    assert phone.inner_text("#case-status") == "考试考评中"
    with phone.expect_download() as receipt:
        phone.click("text=下载收据")
    receipt_path = tmp_path / "receipt.pdf"
    receipt.value.save_as(receipt_path)
    receipt_text = PdfReader(receipt_path).pages[0].extract_text().replace(" ", "")
    assert "壹佰捌拾元整" in receipt_text and "胡小明" in receipt_text
    shot(phone, "eval-03-applicant-paid")

    # 3. Practical assessment (实操评议): scheduled, announced, scored by three experts, averaged.
    desk.goto(f"{base}/evaluation/office/plans/{plan.pk}/assessments/")
    starts = timezone.localtime() + timedelta(days=2)
    desk.fill("#id_starts_at", starts.strftime("%Y-%m-%dT09:00"))
    desk.fill("#id_place", "温州市学院中路276号科技合作大楼7楼实操室")
    desk.fill("#id_note", "请携带身份证原件")
    desk.check("input[name=sittings]")
    desk.click("button:has-text('发布安排并通知')")
    desk.wait_for_selector("text=实操评议已安排")
    desk.click("text=录入成绩")
    for i, (name, score) in enumerate([("钱专家", "72"), ("孙专家", "65"), ("李专家", "68.5")]):
        desk.fill(f"input[name=examiner_{i}]", name)
        desk.fill(f"input[name=score_{i}]", score)
    desk.click("button:has-text('保存成绩')")
    desk.wait_for_selector("text=成绩已录入")
    phone.goto(f"{base}/evaluation/cases/{_case(plan).pk}/")
    assessments = phone.inner_text("#assessments")
    assert "科技合作大楼7楼实操室" in assessments and "68.5 分" in assessments and "合格" in assessments
    assert phone.inner_text("#case-status") == "待专家评审"
    shot(phone, "eval-04-applicant-assessment-result")

    # 4. The office puts three experts in the pool, forms a panel and sends the file to it.
    desk.goto(f"{base}/evaluation/office/experts/")
    for user, org in zip(
        experts, ["浙江大学机械工程学院", "温州大学机电工程学院", "瑞安市质量技术监督检测院"], strict=True
    ):
        desk.fill("#id_phone", user.phone)
        desk.fill("#id_specialty", "机械")
        desk.select_option("#id_level", "associate_senior")
        desk.fill("#id_title", "高级工程师")
        desk.fill("#id_organization_name", org)
        desk.click("button:has-text('加入专家库')")
        desk.wait_for_selector(f"text=已将 {user.real_name} 加入专家库")
    desk.goto(f"{base}/evaluation/office/plans/{plan.pk}/panels/")
    desk.fill("#id_name", "机械专业评审组")
    desk.click("button:has-text('建立评审组')")
    desk.wait_for_selector("text=评审组“机械专业评审组”已建立")
    for user in experts:
        option = desk.locator("#id_expert option", has_text=user.real_name)
        desk.select_option("#id_expert", value=option.get_attribute("value"))
        desk.click("button:has-text('加入评审组')")
        desk.wait_for_selector(f"text=已将 {user.real_name} 加入评审组")
    desk.check("input[name=cases]")
    desk.click("button:has-text('分配到本组')")
    desk.wait_for_selector("text=已分配1份材料")
    panel_url = desk.url

    # 5. Each expert scores the file without seeing who it is (blind review).
    code = _case(plan).code
    expert_pages = []
    for i, user in enumerate(experts):
        page = new_page(viewport={"width": 1280, "height": 900})
        log_in(page, base, user.phone, PASSWORD)
        page.goto(f"{base}/evaluation/expert/")
        page.click(f"tr:has-text('{code}') a.btn")
        page.wait_for_selector("text=盲审材料")
        assert "数控机床进给系统设计" in page.inner_text("main")
        for key, mark in (("theory", 16), ("experience", 25), ("achievements", 28 + i), ("papers", 11)):
            page.fill(f"#mark_{key}", str(mark))
        page.fill("#comment", "专业基础扎实，业绩与申报级别相符。")
        if i == 0:
            shot(page, "eval-05-expert-blind-scoring")
        body = page.content()
        for secret in ("胡小明", "胡**", "温州新锐机电有限公司", applicant.id_number, applicant.phone):
            assert secret not in body
        page.click("button:has-text('提交评分')")
        page.wait_for_selector("text=评分已提交")
        expert_pages.append(page)
    desk.goto(panel_url)
    submitted = desk.locator("#progress td[data-label=已提交]").all_inner_texts()
    pending = desk.locator("#progress td[data-label=未评]").all_inner_texts()
    assert (submitted, pending) == (["1", "1", "1"], ["0", "0", "0"])
    shot(desk, "eval-06-office-scoring-progress")

    # 6. The meeting: sign-in, one ballot each, the result computed.
    desk.fill("#id_place", "温州市机械工程学会第一会议室")
    desk.click("button:has-text('召开评审会议')")
    desk.wait_for_selector("text=评审会议已开始")
    for box in desk.locator("input[name=present]").all():
        box.check()
    desk.click("button:has-text('保存签到')")
    desk.wait_for_selector("text=签到已保存：出席3人")
    meeting_url = desk.url
    for page in expert_pages:
        page.goto(f"{base}/evaluation/expert/")
        page.click("text=进入表决")
        page.check("input[name=choice][value=yes]")
        page.click("button:has-text('投票')")
        confirm_dialog(page, expect="投票提交后不能更改")
        page.wait_for_selector("text=已投票：赞成")
    desk.goto(meeting_url)
    desk.click("#close-vote")
    confirm_dialog(desk)
    desk.wait_for_selector("text=表决结束：1份材料中通过1份")
    row = desk.inner_text("table tbody tr")
    assert re.search(r"3\s+3\s+3\s+0\s+0\s+通过", row), row
    shot(desk, "eval-07-vote-result")

    # 7. Results 公示 on the portal for five working days: name, employer, specialty, level only.
    desk.goto(f"{base}/evaluation/office/plans/{plan.pk}/publicity/")
    today = timezone.localdate()
    end = calendar().end_of_period(today, 5)
    desk.fill("#id_end", end.isoformat())
    desk.fill("#id_contact", "温州市机械工程学会 0577-86591590")
    desk.click("button:has-text('发布公示')")
    desk.wait_for_selector("text=评审结果已在门户")
    public = new_page(viewport={"width": 390, "height": 844})
    public.goto(f"{base}/evaluation/publicity/")
    listing = public.inner_text("main")
    assert "胡小明" in listing and "温州新锐机电有限公司" in listing and "工程师（中级）" in listing
    assert applicant.id_number not in public.content() and applicant.phone not in public.content()
    shot(public, "eval-08-public-results-publicity")

    # The period runs its course: the office closes it the next working day after the last one.
    after = timezone.make_aware(datetime.combine(calendar().next_workday(end + timedelta(days=1)), time(9)))
    with time_machine.travel(after, tick=True):
        desk.goto(f"{base}/accounts/login/")  # the old session has idled out over the period
        log_in(desk, base, office.phone, PASSWORD)
        results_publicity = Publicity.objects.get(kind="results", plan=plan)
        desk.goto(f"{base}/publicity/manage/{results_publicity.pk}/")
        desk.click("button:has-text('结束公示')")
        confirm_dialog(desk)
        desk.wait_for_selector("text=评审结果公示已结束，公示无异议 1 人")
    assert _case(plan).status == CaseStatus.AWAITING_APPROVAL

    # 8. The HR bureau approves with its document number; the certificate is issued and signed.
    hr = new_page(viewport={"width": 1280, "height": 900})
    log_in(hr, base, bureau.phone, PASSWORD)
    hr.goto(f"{base}/evaluation/bureau/")
    hr.click("a.btn:has-text('审批')")
    hr.fill("#id_document_number", "温人社发")  # refused, with the rule named
    hr.click("#approve")
    confirm_dialog(hr)
    hr.wait_for_selector("text=发文文号：格式应为")
    document = f"温人社发〔{today.year}〕12号"
    hr.fill("#id_document_number", document)
    hr.click("#approve")
    confirm_dialog(hr, expect="证书签发后不能收回")
    hr.wait_for_selector(f"text=已审批通过1人（{document}）")
    shot(hr, "eval-09-bureau-approved")

    # 9. The applicant downloads the e-certificate.
    phone.goto(f"{base}/certificates/")
    with phone.expect_download() as download:
        phone.click("text=下载电子证书")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    certificate_path = ARTIFACTS / "eval-certificate.pdf"
    download.value.save_as(certificate_path)
    shot(phone, "eval-10-my-certificates")
    page_png = ARTIFACTS / "eval-certificate-page1"
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", "-f", "1", str(certificate_path), str(page_png)],
        check=True,
    )
    pdf_bytes = certificate_path.read_bytes()
    assert len(PdfReader(io.BytesIO(pdf_bytes)).pages) == 1
    text = PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text().replace(" ", "").replace("\n", "")
    number = re.search(r"证书编号(\d{16}-[0-9A-Z]{5})", text).group(
        1
    )  # serial and random tail (issue 12 item 14)
    assert "胡小明" in text and document.replace(" ", "") in text

    # 10. Anyone verifies it: by number and name, by the QR code's link, by uploading the file.
    public.goto(f"{base}/certificates/verify/")
    public.fill("#id_number", number)
    public.fill("#id_name", "胡小明")
    public.click("button:has-text('查询')")
    assert "证书有效" in public.inner_text("#verdict")
    shot(public, "eval-11-verify-valid")
    public.fill("#id_number", number)
    public.fill("#id_name", "胡晓明")
    public.click("button:has-text('查询')")
    assert "未查到证书" in public.inner_text("#verdict")
    # Scanning the QR code: the printed symbol reads exactly as the verification link.
    with pikepdf.open(io.BytesIO(pdf_bytes)) as doc:
        qr_link = str(doc.docinfo["/ZhichengVerifyURL"])
    assert qr_link.startswith(f"{base}/certificates/verify/?t=")
    assert qr_encodes(f"{page_png}.png", qr_link)
    public.goto(qr_link)
    assert "证书有效" in public.inner_text("#verdict") and number in public.inner_text("#verdict")
    public.goto(f"{base}/certificates/verify/")
    public.set_input_files("#id_file", str(certificate_path))
    public.click("button:has-text('上传并查验')")
    assert "证书有效" in public.inner_text("#verdict")

    # A tampered certificate (another name written into its signed data) fails.
    with pikepdf.open(io.BytesIO(pdf_bytes)) as doc:
        data = json.loads(str(doc.docinfo["/ZhichengCertificate"]))
        data["name"] = "胡晓明"
        doc.docinfo["/ZhichengCertificate"] = json.dumps(
            data, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        tampered = tmp_path / "tampered.pdf"
        doc.save(tampered)
    public.set_input_files("#id_file", str(tampered))
    public.click("button:has-text('上传并查验')")
    verdict = public.inner_text("#verdict")
    assert "查验未通过" in verdict and "数字签名验证失败" in verdict
    shot(public, "eval-12-verify-tampered")
    assert _case(plan).status == CaseStatus.CERTIFIED
