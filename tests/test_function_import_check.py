"""tools/check_function_imports.py (run by `make check`) catches a function-level import without a reason."""

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "check_function_imports.py"
spec = importlib.util.spec_from_file_location("check_function_imports", TOOL)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def _missing(source: str) -> list[int]:
    return check.uncommented(source)[1]


def test_an_uncommented_function_level_import_is_flagged():
    source = "\n".join(
        [
            "import os",  # the top of the module: fine
            "def f():",
            "    from .models import Thing",
            "    return Thing",
        ]
    )
    assert check.uncommented(source) == (1, [3])


def test_a_bare_noqa_or_a_trailing_comment_of_the_line_above_is_no_reason():
    source = "\n".join(
        [
            "def f():",
            "    import time_machine  # noqa: F401",
            "def g(x):",
            "    x += 1  # counts",
            "    from .models import Thing",
        ]
    )
    assert _missing(source) == [2, 5]


def test_a_commented_function_level_import_passes():
    source = "\n".join(
        [
            "def f():",
            "    # cycle: kinds imports models",
            "    from .kinds import KINDS",
            "def g():",
            "    import pikepdf  # heavy: qpdf loads on first use",
            "def h():",
            "    from .pdf import (  # heavy: Typst loads on first render",
            "        render,",
            "    )",
        ]
    )
    assert check.uncommented(source) == (3, [])


def test_one_comment_covers_a_block_of_consecutive_imports_and_no_more():
    source = "\n".join(
        [
            "class Config:",
            "    def ready(self):",
            "        # in ready(): models load after the app registry",
            "        from zhicheng.core import jobs",
            "",
            "        from .tasks import relay",
            "        jobs.register(relay)",
            "        from .signals import connect",
        ]
    )
    assert _missing(source) == [8]


def test_the_repository_has_no_uncommented_function_level_imports():
    assert check.main() == 0
