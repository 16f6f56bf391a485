"""Issue 2's browser test: register → upload 委托证明 → admin approves → applicant can choose the employer."""

import pytest

from e2e.conftest import log_in
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, staff
from tests.samples import pdf_bytes
from tests.senders import last_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_employer_onboarding_end_to_end(live_server, new_page, shot, settings, tmp_path, regions, sms_outbox):
    settings.STAFF_OTP_REQUIRED = False
    admin = staff("admin", OrganizationFactory(kind="platform", name="平台运营中心"), real_name="管理员")
    applicant = UserFactory(real_name="胡小明")
    base = live_server.url

    # 1. The employer registers, on a phone-sized screen.
    hr = new_page(viewport={"width": 390, "height": 844})
    hr.goto(f"{base}/accounts/register/employer/")
    hr.fill("#id_phone", "13700000002")
    hr.click("button[name=send_code]")  # the phone is proven by an SMS code first
    hr.wait_for_selector("#chosen-phone")
    hr.fill("#id_code", last_code(sms_outbox))
    hr.fill("#id_name", "温州新锐机电有限公司")
    hr.fill("#id_uscc", "91330302MA2AB1234")  # one character short: refused with the rule named
    hr.select_option("#id_nature", "私营企业和个体工商户")
    hr.select_option("#id_region", "330302")
    hr.fill("#id_contact_name", "刘经办")
    hr.fill("#id_password1", "Good-Pass1")
    hr.fill("#id_password2", "Good-Pass1")
    hr.click("button:has-text('提交注册')")
    assert "统一社会信用代码：统一社会信用代码校验未通过" in hr.content()
    assert hr.input_value("#id_name") == "温州新锐机电有限公司"
    hr.fill("#id_uscc", "91330302MA2AB12341")
    hr.fill("#id_password1", "Good-Pass1")
    hr.fill("#id_password2", "Good-Pass1")
    hr.click("button:has-text('提交注册')")
    hr.wait_for_url(f"{base}/organizations/onboarding/")
    assert "待上传委托证明" in hr.inner_text("#employer-status")

    # 2. It downloads its 委托证明 and uploads the stamped scan.
    with hr.expect_download() as download:
        hr.click("a:has-text('下载《用人单位委托证明》')")
    assert download.value.suggested_filename.endswith(".pdf")
    scan = tmp_path / "stamped.pdf"
    scan.write_bytes(pdf_bytes())
    hr.set_input_files("#letter", str(scan))
    hr.click("text=上传并提交审核")
    hr.wait_for_selector("text=委托证明已上传")
    assert "待平台审核" in hr.inner_text("#employer-status")
    shot(hr, "onboarding-employer-pending-phone")

    # 3. The platform admin reviews the letter in the page and approves.
    admin_page = new_page(viewport={"width": 1280, "height": 900})
    log_in(admin_page, base, admin.phone, PASSWORD)
    admin_page.goto(f"{base}/organizations/review/")
    admin_page.click("text=查看")
    admin_page.wait_for_selector(
        ".pdf-viewer[data-pdf-pages='1'] canvas"
    )  # the scan is rendered in the page by pdf.js
    shot(admin_page, "onboarding-admin-review")
    admin_page.click("button:has-text('审核通过')")
    admin_page.wait_for_selector("text=已通过 温州新锐机电有限公司 的单位认证")

    # 4. The employer learns it by message; the applicant can now choose it.
    hr.goto(f"{base}/accounts/messages/")
    assert "用人单位委托证明审核通过" in hr.content()
    applicant_page = new_page(viewport={"width": 390, "height": 844})
    log_in(applicant_page, base, applicant.phone, PASSWORD)
    applicant_page.goto(f"{base}/archive/personal/")
    applicant_page.fill("#employer-q", "新锐")
    applicant_page.click("button:has-text('选择')")
    assert applicant_page.inner_text("[data-employer-name]") == "温州新锐机电有限公司"
    applicant_page.click("button:has-text('保存')")
    applicant_page.wait_for_selector("text=个人基本信息已保存")
    assert "温州新锐机电有限公司" in applicant_page.inner_text("[data-employer-name]")
    shot(applicant_page, "onboarding-applicant-chooses-employer")
