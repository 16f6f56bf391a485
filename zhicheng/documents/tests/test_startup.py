"""What a process loads at start-up: the roster's memory budget (<100 MB, issue 6) has no room
for libraries the process never uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
from django.conf import settings
settings.DEMO_MODE = False  # production's apps: no demo export kinds
import django
django.setup()
from zhicheng.documents import roster, sources  # what a roster export imports
heavy = ("typst", "PIL", "jsonschema", "zhicheng.eligibility.engine", "zhicheng.documents.pdf")
print(" ".join(name for name in heavy if name in sys.modules))
"""


def test_start_up_and_a_roster_export_load_neither_typst_nor_the_eligibility_engine():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == []


def test_the_eligibility_package_still_offers_its_names():
    import zhicheng.eligibility as eligibility

    assert eligibility.evaluate.__module__ == "zhicheng.eligibility.engine"
    assert eligibility.ProfileInvalid.__module__ == "zhicheng.eligibility.validation"
    assert sorted(eligibility.__all__) == sorted(eligibility._HOME)
