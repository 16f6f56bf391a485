#!/usr/bin/env python3
"""Fails on a role written as a string literal in production code or templates (issue 16, §2).

Roles are named by `zhicheng.accounts.models.Role` only: `user.role == Role.EXPERT` in Python. Templates
do not ask for the user's role at all: they ask the apps' permission predicates through the `can` tag
(`{% can "review.recommend" as may_recommend %}`, zhicheng/accounts/templatetags/permission_tags.py), so a
`user.role` in a template fails too.
A literal such as `role == "expert"` or `role="expert"` compiles and silently stops matching the day a
value is renamed. Tests, migrations and the Role class itself are exempt.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALUES = "applicant|employer|department|committee_office|expert|hr_bureau|admin"
LIT = rf"""["']({VALUES})["']"""
PATTERNS = [
    # role == "x", user.role != "x", role="x" (a keyword argument), role in ("x", ...), role__in=["x"]
    re.compile(rf"\brole\w*\s*(?:==|!=|=)\s*{LIT}"),
    re.compile(rf"\brole\w*\s*(?:not\s+)?(?:in|=)\s*[\[({{][^\])}}]*{LIT}"),
    re.compile(rf"{LIT}\s*(?:==|!=)\s*[\w.]*role\b"),
    re.compile(rf"""getattr\([^)]*["']role["'][^)]*\)\s*(?:==|!=)\s*{LIT}"""),
    re.compile(rf"""getattr\([^)]*["']role["'][^)]*\)\s*(?:not\s+)?in\s*[\[({{][^\])}}]*{LIT}"""),
    # has_role(user, "x"), @require_role("x", ...), allowed(status, action, "x")
    re.compile(rf"\b(?:has_role|require_role)\([^)]*{LIT}"),
    re.compile(rf"\ballowed\([^)]*,\s*{LIT}\s*\)"),
    # tables keyed by role: (Status.X, Action.Y, "x") in a transition table, ROLES = ("x", ...),
    # STAGE_KINDS_FOR_ROLE["x"], a stage kind mapped to the role that acts on it
    re.compile(rf"\b(?:Action|A)\.\w+,\s*{LIT}\s*\)"),
    re.compile(rf"\b[A-Z_]*ROLES?\b[A-Z_]*\s*(?::[^=]*)?=\s*.*{LIT}"),
    re.compile(rf"ROLE\w*\[\s*{LIT}\s*\]"),
    re.compile(rf"\bStageKind\.\w+:\s*{LIT}"),
]
SKIP_PARTS = {"tests", "migrations", "node_modules", ".venv"}
TEMPLATE_ROLE = re.compile(r"\buser\.role\b")


def offending_lines(path: Path):
    template = path.suffix == ".html"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if any(p.search(line) for p in PATTERNS):
            yield number, "role literal (use Role.<NAME>): " + line.strip()
        elif template and TEMPLATE_ROLE.search(line):
            yield number, "role check in a template (ask the {% can %} tag): " + line.strip()


def main() -> int:
    files = [*ROOT.glob("zhicheng/**/*.py"), *ROOT.glob("config/**/*.py")]
    files += [*ROOT.glob("templates/**/*.html"), *ROOT.glob("zhicheng/**/templates/**/*.html")]
    found = 0
    for path in sorted(files):
        rel = path.relative_to(ROOT)
        if SKIP_PARTS & set(rel.parts):
            continue
        for number, line in offending_lines(path):
            print(f"{rel}:{number}: {line[:170]}")
            found += 1
    if found:
        print(
            f"{found} role literal(s) or template role check(s): name roles by Role, ask {{% can %}}.",
            file=sys.stderr,
        )
        return 1
    print(f"role literals: none in {len(files)} production files and templates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
