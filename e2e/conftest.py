"""Browser tests: Playwright (Python) driving Debian's chromium, headless, against pytest-django's live server."""

import json
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


AXE_SOURCE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# After each page's load, axe-core (from npm, never a CDN) checks it and reports on the console; the
# fixture collects the reports and the browser's own Content-Security-Policy complaints.
AXE_RUNNER = """
window.addEventListener("load", () => {
  if (window.top !== window || !window.axe) return;
  setTimeout(() => {
    window.axe.run(document, { resultTypes: ["violations"] }).then((result) => {
      const bad = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " " + n.html.slice(0, 160)) }));
      console.log("AXE-RESULT " + JSON.stringify({ url: location.pathname + location.search, violations: bad }));
    });
  }, 50);
});
"""


class PageAudit:
    """What the browser said about the pages a test visited: axe-core's serious/critical findings and CSP refusals."""

    def __init__(self):
        self.checked = {}  # path -> list of serious/critical violations
        self.csp = []

    def listen(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._text(str(error)))

    def _console(self, message):
        text = message.text
        if text.startswith("AXE-RESULT "):
            report = json.loads(text[len("AXE-RESULT ") :])
            self.checked.setdefault(report["url"], []).extend(report["violations"])
            return
        self._text(text)

    def _text(self, text):
        if "Content Security Policy" in text or "Refused to" in text:
            self.csp.append(text)

    def problems(self):
        found = [f"CSP: {line}" for line in self.csp]
        for url, violations in self.checked.items():
            found += [f"axe {v['impact']} {v['id']} on {url}: {v['help']} {v['nodes']}" for v in violations]
        return found


@pytest.fixture
def page_audit():
    return PageAudit()


@pytest.fixture
def new_page(browser, page_audit):
    contexts = []

    def _new(**kwargs):
        context = browser.new_context(locale="zh-CN", **kwargs)
        context.set_default_timeout(15_000)
        context.add_init_script(path=str(AXE_SOURCE))
        context.add_init_script(script=AXE_RUNNER)
        contexts.append(context)
        page = context.new_page()
        page_audit.listen(page)
        return page

    yield _new
    for context in contexts:
        for page in context.pages:
            page.wait_for_timeout(300)  # the last page's axe report
        context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "axe-pages.txt").open("a", encoding="utf-8") as log:
        for url, violations in sorted(page_audit.checked.items()):
            log.write(f"{url}\t{len(violations)}\n")
    problems = page_audit.problems()
    assert not problems, "\n".join(problems)


def confirm_dialog(page, expect=None):
    """Accept the platform's confirmation <dialog> (site.js) for an irreversible act, after checking that it
    says what will happen."""
    dialog = page.locator("dialog.confirm-dialog[open]")
    if expect:
        assert expect in dialog.inner_text(), dialog.inner_text()
    dialog.locator("[data-confirm-ok]").click()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def log_in(page, base_url, login, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", login)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/**")
