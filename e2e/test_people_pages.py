"""Issue 12 item 17 and issue 17 §1/§3 in a real browser: the CSP is enforced (an inline script is refused and
the fixture notices), 大字号 works from the keyboard, the confirmation dialog says what will happen and can be
cancelled, and the plan editor is usable on a phone. axe-core checks every page visited (see conftest)."""

import pytest

from e2e.conftest import log_in
from tests.factories import PASSWORD, PlanFactory, UserFactory, staff

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"viewport": {"width": 390, "height": 844}}


def test_the_browser_enforces_the_policy_and_the_audit_notices_a_refusal(live_server, new_page, page_audit):
    page = new_page()
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; "
        "document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran") is None  # refused by script-src 'self'
    assert any("Content Security Policy" in line for line in page_audit.csp)
    page_audit.csp.clear()  # the refusal was this test's own doing


def test_large_text_is_switched_on_by_keyboard_and_remembered(live_server, new_page, shot, regions):
    user = UserFactory(real_name="胡小明")
    page = new_page(**PHONE)
    base = live_server.url
    page.goto(f"{base}/plans/")
    before = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    page.focus(".large-text-toggle button")
    page.keyboard.press("Enter")
    page.wait_for_selector("html.large-text", state="attached")
    assert page.url == f"{base}/plans/"
    after = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert after >= before * 1.2
    assert page.get_attribute(".large-text-toggle button", "aria-pressed") == "true"
    shot(page, "people-large-text-phone")
    log_in(page, base, user.phone, PASSWORD)
    assert page.locator("html.large-text").count() == 1  # still on after logging in
    page.focus(".large-text-toggle button")
    page.keyboard.press("Enter")  # off again, now on the account
    page.wait_for_selector("html:not(.large-text)", state="attached")
    user.refresh_from_db()
    assert user.large_text is False


def test_the_confirmation_says_what_will_happen_and_cancel_leaves_everything_as_it_was(
    live_server, new_page, regions
):
    from tests.builders import ACHIEVEMENT
    from zhicheng.archive import services
    from zhicheng.archive.models import Entry

    user = UserFactory(real_name="胡小明")
    entry = services.entry_create(owner=user, kind="achievement", data=dict(ACHIEVEMENT))
    page = new_page()
    base = live_server.url
    log_in(page, base, user.phone, PASSWORD)
    page.goto(f"{base}/archive/entries/{entry.pk}/")
    page.click("button:has-text('删除')")
    dialog = page.locator("dialog.confirm-dialog[open]")
    assert "已提交的申报仍保留当时使用的版本" in dialog.inner_text()
    page.keyboard.press("Escape")  # 取消 by keyboard
    page.wait_for_selector("dialog.confirm-dialog:not([open])", state="attached")
    assert Entry.objects.get(pk=entry.pk).deleted_at is None
    page.click("button:has-text('删除')")
    page.click("dialog.confirm-dialog[open] [data-confirm-ok]")
    page.wait_for_selector("text=已删除该条")
    assert Entry.objects.get(pk=entry.pk).deleted_at is not None


def test_the_plan_editor_is_usable_on_a_phone(live_server, new_page, shot, settings, regions):
    settings.STAFF_OTP_REQUIRED = False
    plan = PlanFactory()
    office = staff("committee_office", plan.committee.organization, real_name="赵敏")
    page = new_page(**PHONE)
    log_in(page, live_server.url, office.phone, PASSWORD)
    page.goto(f"{live_server.url}/office/plans/{plan.pk}/")
    # The 环节 are cards now (one per step, docs/process.md); the fees and the 附件 stay tables.
    wraps = page.locator(".table-wrap:has(table.formset)")
    assert wraps.count() == 2
    for i in range(2):
        scroll, client = wraps.nth(i).evaluate("w => [w.scrollWidth, w.clientWidth]")
        assert scroll > client  # the table scrolls sideways instead of being clipped or squeezed
    stage_select = page.locator("main select").first
    assert stage_select.evaluate("s => s.getBoundingClientRect().width") >= 120
    assert "请选择" in page.content() and "---------" not in page.content()
    shot(page, "people-plan-editor-phone")
