"""One wording for dates (core/dates.py) and one Typst engine with one font book (core/typesetting.py)."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest

from zhicheng.core import typesetting
from zhicheng.core.dates import cn_date, cn_month


def test_dates_are_written_as_the_notices_write_them():
    assert cn_date(date(2026, 3, 5)) == "2026年3月5日"
    assert cn_date(datetime(2026, 12, 31, 23, 59)) == "2026年12月31日"
    assert cn_month(date(2012, 7, 1)) == "2012年7月"
    assert cn_date(None) == "" and cn_month(None) == ""


@pytest.fixture
def fresh_engine(monkeypatch):
    """The engine as a new process finds it: no font book, no compiler; counts each font scan."""
    scans = []
    real = typesetting.typst.Fonts

    def counting(*args, **kwargs):
        scans.append(kwargs.get("font_paths"))
        return real(*args, **kwargs)

    monkeypatch.setattr(typesetting, "_fonts", None)
    monkeypatch.setattr(typesetting, "_local", threading.local())
    monkeypatch.setattr(typesetting.typst, "Fonts", counting)
    return scans


def test_every_template_folder_shares_one_font_book_scanned_once(fresh_engine):
    from zhicheng.certificates.pdf import TEMPLATE_DIR as certificates
    from zhicheng.documents.pdf import TEMPLATE_DIR as documents
    from zhicheng.evaluation.receipts import TEMPLATE_DIR as receipts

    compilers = {root: typesetting.compiler(root) for root in (documents, certificates, receipts)}
    assert len(set(map(id, compilers.values()))) == 3  # one compiler per template folder...
    assert typesetting.compiler(documents) is compilers[documents]  # ...kept for the thread
    assert len(fresh_engine) == 1  # and one font scan for all of them


def test_each_thread_gets_its_own_compiler_over_the_same_fonts(fresh_engine):
    from zhicheng.documents.pdf import TEMPLATE_DIR

    mine = typesetting.compiler(TEMPLATE_DIR)
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(typesetting.compiler(TEMPLATE_DIR)))
    worker.start()
    worker.join()
    assert theirs[0] is not mine
    assert len(fresh_engine) == 1


def test_a_missing_font_folder_is_a_render_error_naming_the_package(settings, fresh_engine):
    settings.DOCUMENTS_FONT_DIRS = ["/nonexistent/fonts"]
    with pytest.raises(typesetting.RenderError, match="fonts-noto-cjk"):
        typesetting.shared_fonts()


def test_a_date_fixes_the_timestamp_at_nine_beijing_time():
    moment = typesetting.aware(datetime(2026, 3, 5, 9, 0, 0, 123456))
    assert moment.isoformat() == "2026-03-05T09:00:00+08:00"
