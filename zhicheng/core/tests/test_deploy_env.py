"""The production env template names only settings the project reads (a misspelt name is silently
ignored, and the deployment believes it configured something it did not)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _readers() -> str:
    files = [*ROOT.glob("config/**/*.py"), *ROOT.glob("deploy/**/*"), *ROOT.glob("zhicheng/**/*.py")]
    return "\n".join(
        f.read_text(errors="ignore") for f in files if f.is_file() and f.name != "zhicheng.env.example"
    )


def test_every_name_in_the_env_template_is_read_somewhere():
    template = (ROOT / "deploy/zhicheng.env.example").read_text()
    names = re.findall(r"^([A-Z][A-Z0-9_]*)=", template, flags=re.M)
    assert "TRUSTED_PROXIES" in names and "CLIENT_IP_HEADER" in names
    code = _readers()
    unread = [n for n in names if not re.search(rf"[\"'$]{{?{n}\b", code)]
    assert unread == []
