"""manage.py evaluate_eligibility: one file → the result JSON; several → JSON Lines in order."""

import json
from io import StringIO

import pytest
from django.conf import settings

if not settings.configured:  # run with -p no:django: only the pure tests apply
    pytest.skip("needs Django settings", allow_module_level=True)

from django.core.management import CommandError, call_command  # noqa: E402

from .helpers import CASES, case  # noqa: E402


def run_command(*args):
    out = StringIO()
    call_command("evaluate_eligibility", *map(str, args), stdout=out)
    return out.getvalue()


def test_a_case_file_carries_its_own_ruleset():
    result = json.loads(run_command(CASES / "senior-short-years-low-score.json"))
    assert result["ruleset"] == "zhejiang-mech-senior-2020"
    assert result["outcome"] == "ineligible"


def test_a_bare_profile_needs_the_ruleset_option(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(
        json.dumps(case("wenling-engineer-too-few-years")["profile"], ensure_ascii=False), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="--ruleset"):
        run_command(path)
    result = json.loads(run_command(path, "--ruleset", "wenling-mechatronics-2022"))
    assert result["outcome"] == "ineligible"


def test_several_files_print_one_result_per_line_in_order():
    names = ["wenzhou-engineer-normal-ok", "linping-excluded-specialty", "senior-normal-ok"]
    lines = run_command(*(CASES / f"{n}.json" for n in names)).splitlines()
    results = [json.loads(line) for line in lines]
    assert [r["ruleset"] for r in results] == [case(n)["ruleset"] for n in names]
    assert [r["outcome"] for r in results] == ["needs_review", "ineligible", "needs_review"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "不是有效的 JSON"),
        ('{"ruleset": "nowhere", "profile": {}}', "未找到规则集"),
        (
            '{"ruleset": "wenling-mechatronics-2022", "profile": {"as_of": "2022-12-31"}}',
            "profile.target_level：缺少必填字段",
        ),
    ],
)
def test_errors_name_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message) as caught:
        run_command(path)
    assert "bad.json" in str(caught.value)
