# ruff: noqa: F811  (fixtures imported by name are redefined as arguments, as pytest intends)
"""Issue 17 §3: the wizard can be done by keyboard only. From the login form to 提交, every field is reached
with Tab (proving the focus order reaches it), filled by typing or the arrow keys, and every step is sent
with Enter; nothing is clicked. The photo and the signature are taken through the services first: the
photo is a file from the applicant's disk and the signature is drawn with a finger on a phone, which is
what those steps are for. axe-core checks every page (conftest)."""

import re

import pytest

from tests.factories import PASSWORD
from tests.samples import pdf_bytes, upload
from zhicheng.applications import services
from zhicheng.applications.tests.conftest import sign
from zhicheng.archive.tests.conftest import (  # noqa: F401 - fixtures are found by name
    archive,
    filled_info,
    intake,
    photo_ok,
    plan,
)

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus; fail if the focus order never gets there."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("(e) => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def arrow_to(page, selector: str, value: str, *, limit: int = 30) -> None:
    """Choose an option of the focused <select> with the arrow keys."""
    tab_to(page, selector)
    for _ in range(limit):
        if page.eval_on_selector(selector, "(e) => e.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector}: the arrow keys never reached {value}")


def type_into(page, selector: str, text: str) -> None:
    """Tab to the field, select what is in it and type over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_the_wizard_by_keyboard_only(live_server, new_page, shot, applicant, plan, archive, intake, tmp_path):
    application, _ = services.application_start(applicant=applicant, plan=plan, level="intermediate")
    services.draft_photo_upload(
        application=application, actor=applicant, uploaded=upload("照片.jpg", photo_ok(), "image/jpeg")
    )
    sign(application)
    scan = tmp_path / "学历证书.pdf"
    scan.write_bytes(pdf_bytes())
    base = live_server.url
    page = new_page(viewport={"width": 1280, "height": 900})

    # 登录: type, Tab, type, Enter.
    page.goto(f"{base}/accounts/login/")
    type_into(page, "#id_username", applicant.phone)
    type_into(page, "#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/accounts/home/$"))

    # 4 填写申报信息: selects by arrow keys, text by typing, Enter on the button.
    page.goto(f"{base}/applications/{application.pk}/step/info/")
    arrow_to(page, "#id_declaration_type", "normal")
    type_into(page, "#id_specialty", "机械")
    arrow_to(page, "#id_work_category", "design")
    arrow_to(page, "#id_intake_department", str(intake.pk))
    type_into(page, "#id_administrative_post", "无")
    type_into(page, "#id_self_statement", "任现职以来主持阀门密封结构设计，取得实用新型专利一项。")
    tab_to(page, "button[type=submit]:has-text('保存，下一步')")
    shot(page, "keyboard-wizard-info-focus")
    focus = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none", "the focused button shows where the focus is"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/step/achievements/$"))

    # 5 选择相关业绩: Space picks the patent as 代表作.
    tab_to(page, "input[name=representative]")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=representative]")
    tab_to(page, "button[type=submit]:has-text('保存，下一步')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/step/attachments/$"))

    # 6 上传相关附件: the file input opens the file chooser from the keyboard.
    tab_to(page, "input[name=file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(scan))
    tab_to(page, "button:has-text('上传')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已上传")

    # 7 预览确认提交.
    page.goto(f"{base}/applications/{application.pk}/step/preview/")
    assert "还不能提交" not in page.content()
    tab_to(page, "button[type=submit]:has-text('提交')")
    shot(page, "keyboard-wizard-preview-focus")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=申报已提交")
    application.refresh_from_db()
    assert application.status == "pending"
