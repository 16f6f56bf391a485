"""The one Typst engine of the platform: one font book per process, one compiler per thread and
template folder, used by every PDF (the documents, the e-certificate, the fee receipt).

A renderer hands over a *view model* (a dict of already formatted, already masked strings) that
goes to Typst as one JSON value in ``sys.inputs``, never spliced into markup: nothing an applicant
types can change a document's structure. Scanning the Noto CJK collections costs ~100 ms and tens
of megabytes, so it is done once per process and shared by every template folder; before there
was one cache here and another in certificates/pdf.py, and a process that rendered both kinds
paid twice (bench/bench_typst_engine.py).

It sits in core, the bottom floor, because renderers on several floors use it (evaluation's
receipt, documents, certificates). Importing it loads Typst: import it from the renderers only,
which the processes that never render a PDF do not load (documents/tests/test_startup.py).
"""

from __future__ import annotations

import json
import os
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import typst
from django.conf import settings

DEFAULT_FONT_DIRS = ("/usr/share/fonts/opentype/noto",)
BEIJING = timezone(timedelta(hours=8))  # Asia/Shanghai, no DST

_fonts_lock = threading.Lock()
_fonts: typst.Fonts | None = None
_local = threading.local()


class RenderError(RuntimeError):
    """A template failed to compile (or no font was found); carries Typst's diagnostic for the logs."""


def font_dirs() -> tuple[str, ...]:
    """Font folders: Django setting DOCUMENTS_FONT_DIRS, else $ZHICHENG_FONT_DIRS, else Debian's
    fonts-noto-cjk."""
    if settings.configured and settings.DOCUMENTS_FONT_DIRS:
        return tuple(settings.DOCUMENTS_FONT_DIRS)
    env = os.environ.get("ZHICHENG_FONT_DIRS")
    if env:
        return tuple(p for p in env.split(os.pathsep) if p)
    return DEFAULT_FONT_DIRS


def shared_fonts() -> typst.Fonts:
    """The font book, scanned once per process."""
    global _fonts
    if _fonts is None:
        with _fonts_lock:
            if _fonts is None:
                dirs = [d for d in font_dirs() if Path(d).is_dir()]
                if not dirs:
                    raise RenderError(f"没有找到中文字体目录：{font_dirs()}（请安装 fonts-noto-cjk）")
                # System fonts are ignored so output does not depend on what else is installed.
                _fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=dirs)
    return _fonts


def compiler(root: Path) -> typst.Compiler:
    """The compiler for templates under ``root``. typst.Compiler holds mutable state and releases
    the GIL while compiling, so each thread gets its own; the font book behind them is shared."""
    compilers: dict[Path, typst.Compiler] | None = getattr(_local, "compilers", None)
    if compilers is None:
        compilers = _local.compilers = {}
    found = compilers.get(root)
    if found is None:
        found = compilers[root] = typst.Compiler(
            root=str(root), font_paths=shared_fonts(), ignore_system_fonts=True
        )
    return found


def aware(moment: datetime) -> datetime:
    """Typst wants whole seconds and an aware timestamp with a fixed offset: a naive one is
    taken as Beijing time, a zoneinfo one (Django's localtime) is pinned to its offset."""
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=BEIJING)
    offset = moment.utcoffset() or timedelta(0)
    return moment.astimezone(timezone(offset))


def compile_typst(
    template: str,
    view: dict[str, Any],
    *,
    root: Path,
    on: date | datetime,
    extra: dict[str, str] | None = None,
) -> bytes:
    """Compile ``root/template`` with ``view`` as JSON in ``sys.inputs["data"]`` (plus ``extra``
    inputs). ``on`` fixes the PDF's timestamp (a date: 09:00 Beijing time that day), so the same
    data always gives the same bytes (cacheable, diffable)."""
    if not isinstance(on, datetime):
        on = datetime(on.year, on.month, on.day, 9, tzinfo=BEIJING)
    inputs = {"data": json.dumps(view, ensure_ascii=False, separators=(",", ":")), **(extra or {})}
    try:
        pdf = compiler(root).compile(
            input=str(root / template), format="pdf", sys_inputs=inputs, timestamp=aware(on)
        )
    except typst.TypstError as exc:
        raise RenderError(f"{template}: {exc.message}\n{exc.diagnostic}") from exc
    assert isinstance(pdf, bytes)
    return pdf
