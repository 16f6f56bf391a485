"""tools/check_role_literals.py (run by `make check`) catches a role written as a string, not the Role constant."""

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "check_role_literals.py"
spec = importlib.util.spec_from_file_location("check_role_literals", TOOL)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def _flagged(tmp_path, text: str, name: str = "x.py") -> list[int]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [number for number, _ in check.offending_lines(path)]


def test_role_literals_in_python_are_flagged(tmp_path):
    source = "\n".join(
        [
            'if user.role == "expert": pass',
            'User.objects.filter(role="applicant")',
            'has_role(user, "committee_office")',
            '@require_role("department")',
            'REVIEWER_ROLES = ("employer", "department")',
            '(Status.DRAFT, Action.SUBMIT, "applicant"): Status.PENDING,',
        ]
    )
    assert _flagged(tmp_path, source) == [1, 2, 3, 4, 5, 6]


def test_role_literals_in_templates_are_flagged(tmp_path):
    assert _flagged(tmp_path, '{% if user.role == "employer" %}x{% endif %}', "t.html") == [1]


def test_role_checks_in_templates_are_flagged_even_with_the_constant(tmp_path):
    """Templates ask the {% can %} tag; a role comparison in a template fails, constant or not."""
    template = "\n".join(
        [
            "{% if user.role == Role.EMPLOYER %}x{% endif %}",
            "{% if request.user.role != Role.DEPARTMENT %}y{% endif %}",
            '{% can "review.recommend" as may %}{% if may %}z{% endif %}',
            "{% if h.role == Role.APPLICANT %}申报人{% endif %}",  # a record's role, not the user's
        ]
    )
    assert _flagged(tmp_path, template, "t.html") == [1, 2]


def test_role_constants_and_other_strings_pass(tmp_path):
    source = "\n".join(
        [
            "if user.role == Role.EXPERT: pass",
            'context = {"employer": employer}',
            'Organization.objects.filter(kind="department")',
            'select_related("applicant")',
        ]
    )
    assert _flagged(tmp_path, source) == []


def test_the_repository_has_no_role_literals():
    assert check.main() == 0
