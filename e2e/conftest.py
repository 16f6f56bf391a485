"""Browser tests: Playwright (Python) driving Debian's chromium, headless, against pytest-django's live server."""

import functools
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
# axe-core (from npm, never a CDN) checks every page the tests open, in its final state: after the load
# event and after the in-page pdf.js viewers have drawn their pages (a viewer's scroll box exists only
# then). Each document announces itself on the console when it starts (AXE-VISIT) and reports when axe
# has answered (AXE-RESULT); before the test acts on a page again (click, fill, key press, goto...) it
# waits for that answer (see _audited below), so no page is left before it was checked, and a page that
# was opened but never checked fails the test all the same.
AXE_RUNNER = """
(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const url = location.pathname + location.search;
  console.log("AXE-VISIT " + JSON.stringify({ url }));
  let finish;
  window.__axeChecked = new Promise((resolve) => { finish = resolve; });
  const settled = () => Array.from(document.querySelectorAll("[data-pdf-src]")).every(
    (el) => el.dataset.pdfPages || el.dataset.pdfError);
  const check = () => window.axe.run(document, { resultTypes: ["violations"] }).then((result) => {
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " " + n.html.slice(0, 160)) }));
    const minor = result.violations.filter((v) => v.impact !== "serious" && v.impact !== "critical")
      .map((v) => v.id + "(" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
    console.log("AXE-RESULT " + JSON.stringify({ url, violations: bad, minor }));
  }, (error) => {
    console.log("AXE-RESULT " + JSON.stringify({ url, violations: [{ id: "axe-error", impact: "critical",
      help: String(error), nodes: [] }], minor: [] }));
  }).finally(finish);
  window.addEventListener("load", () => {
    const started = Date.now();
    const wait = () => (settled() || Date.now() - started > 15000 ? check() : setTimeout(wait, 100));
    wait();
  });
})();
"""
AXE_WAIT = "() => Promise.race([window.__axeChecked || true, new Promise((r) => setTimeout(r, 20000))])"


class PageAudit:
    """What the browser said about the pages a test visited: axe-core's serious/critical findings, the pages
    opened but never checked, and CSP refusals."""

    def __init__(self):
        self.visited = set()
        self.checked = {}  # path -> list of serious/critical violations
        self.minor = {}  # path -> ids of moderate/minor violations (reported, not failed)
        self.csp = []

    def listen(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._text(str(error)))

    def _console(self, message):
        text = message.text
        if text.startswith("AXE-VISIT "):
            self.visited.add(json.loads(text[len("AXE-VISIT ") :])["url"])
            return
        if text.startswith("AXE-RESULT "):
            report = json.loads(text[len("AXE-RESULT ") :])
            self.checked.setdefault(report["url"], []).extend(report["violations"])
            self.minor.setdefault(report["url"], set()).update(report.get("minor", []))
            return
        self._text(text)

    def _text(self, text):
        if "Content Security Policy" in text or "Refused to" in text:
            self.csp.append(text)

    def problems(self):
        found = [f"CSP: {line}" for line in self.csp]
        found += [
            f"axe never checked {url} (the page was left before its check)"
            for url in sorted(self.visited - set(self.checked))
        ]
        for url, violations in self.checked.items():
            found += [f"axe {v['impact']} {v['id']} on {url}: {v['help']} {v['nodes']}" for v in violations]
        return found


def _wait_for_axe(page):
    """Let axe finish on the document the page shows now."""
    from playwright.sync_api import Error

    for _ in range(3):  # a navigation in flight replaces the document under us: ask the new one
        try:
            page.evaluate(AXE_WAIT)
            return
        except Error as error:
            if page.is_closed() or "destroyed" not in str(error) and "navigat" not in str(error):
                return  # not an HTML page (a download, a PDF) or gone: nothing left to check


ACTIONS = [
    "click",
    "dblclick",
    "tap",
    "fill",
    "type",
    "press",
    "press_sequentially",
    "check",
    "uncheck",
    "set_checked",
    "select_option",
    "set_input_files",
    "focus",
    "hover",
    "dispatch_event",
    "goto",
    "reload",
    "go_back",
    "go_forward",
]


def _audited(method):
    @functools.wraps(method)
    def act(self, *args, **kwargs):
        page = self if hasattr(self, "_axe_audited") else getattr(self, "_axe_page", None)
        if page is None and hasattr(self, "page"):
            page = self.page
        if page is not None and getattr(page, "_axe_audited", False):
            _wait_for_axe(page)
        return method(self, *args, **kwargs)

    act._axe_wrapped = True
    return act


def _audit_actions():
    """Every action on a page, a locator or the keyboard first lets axe finish the page it acts on."""
    from playwright.sync_api import Keyboard, Locator, Page

    for cls in (Page, Locator, Keyboard):
        for name in ACTIONS:
            method = getattr(cls, name, None)
            if method is not None and not getattr(method, "_axe_wrapped", False):
                setattr(cls, name, _audited(method))


@pytest.fixture
def page_audit():
    return PageAudit()


@pytest.fixture
def new_page(browser, page_audit):
    _audit_actions()
    contexts = []

    def _new(**kwargs):
        context = browser.new_context(locale="zh-CN", **kwargs)
        context.set_default_timeout(15_000)
        context.add_init_script(path=str(AXE_SOURCE))
        context.add_init_script(script=AXE_RUNNER)
        contexts.append(context)
        page = context.new_page()
        page_audit.listen(page)
        page._axe_audited = True
        page.keyboard._axe_page = page
        return page

    yield _new
    for context in contexts:
        for page in context.pages:
            _wait_for_axe(page)
            page.wait_for_timeout(50)  # the console message of the last report
        context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "axe-pages.txt").open("a", encoding="utf-8") as log:
        for url in sorted(page_audit.visited | set(page_audit.checked)):
            violations = page_audit.checked.get(url)
            serious = "unchecked" if violations is None else len(violations)
            minor = "; ".join(sorted(page_audit.minor.get(url, ())))
            log.write(f"{url}\t{serious}\t{minor}\n")
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
