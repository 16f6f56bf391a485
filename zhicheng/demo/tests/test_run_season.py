"""run_season replays a seed plan's season through the services (issue 13 §5); the stages follow the notice."""

import io
import json

import pytest
from django.core.management import call_command

from zhicheng.certificates.models import Certificate
from zhicheng.certificates.selectors import verify_by_number_and_name

pytestmark = pytest.mark.django_db


def _season(code, n, seed=None, settings=None):
    out = io.StringIO()
    args = [code, "--applicants", str(n)] + (["--seed", str(seed)] if seed is not None else [])
    call_command("run_season", *args, stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    return lines[:-1], lines[-1]


def _order(line):
    names = []
    for s in line["stages"]:
        if not names or names[-1] != s["stage"]:
            names.append(s["stage"])
    return names


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True  # run_season loads the seed plans with load_demo when they are missing


def _before(order, *names):
    positions = [order.index(n) for n in names]
    return positions == sorted(positions)


def _assert_certificates_verify(lines):
    for line in lines:
        assert line["certificate"]
        name = Certificate.objects.get(number=line["certificate"]).name
        assert verify_by_number_and_name(line["certificate"], name).state == "valid"


def test_linping_season_follows_its_notice_without_a_fee_and_certificates_verify():
    lines, totals = _season("linping-manufacturing-2022", 3)
    assert totals["totals"] == {"certified": 3} and totals["applicants"] == 3
    for line in lines:
        order = _order(line)
        # seed 001 附件3 一.4 单位内部公示 → 推荐; 附件3 二.2 主管部门审核推荐; 三(二) 评委会办公室资格审查、
        # 公示无异议后组织专家评审; the notice names no 评审费, so no fee step at all.
        assert order == [
            "employer_publicity", "employer_review", "department_review", "office_review",
            "qualification_publicity", "expert_review", "vote", "results_publicity", "approval", "certificate",
            "paper_mailing",  # 二3, 附件4: 评审通过人员 EMS 邮寄，盖章后寄回
        ]  # fmt: skip
        assert line["stages"][2]["by"] == "杭州市临平区人力资源和社会保障局"
        assert line["final"] == "certified"
        dates = [s["on"] for s in line["stages"]]
        assert dates == sorted(dates)
    _assert_certificates_verify(lines)


def test_wenzhou_season_approves_before_the_results_publicity_and_collects_the_fee_first():
    lines, totals = _season("wenzhou-mech-2020", 3)
    assert totals["totals"] == {"certified": 3}
    for line in lines:
        order = _order(line)
        # seed 000 七 8: 评审费 paid (offline, to the 学会) before the review; 五 3–4: 评委会评审 → 市职改办审批
        # → 学会公示审批结果（≥5个工作日）→ 发放电子证书.
        # 五1: 县级人力社保部门、市机械工程学会、市人力社保局逐级资格审查 (no separate 评委会办公室 check).
        assert "office_review" not in order
        assert _before(order, "department_review", "fee", "expert_review", "vote")
        assert _before(order, "vote", "approval", "results_publicity", "certificate")
        fee = next(s for s in line["stages"] if s["stage"] == "fee")
        assert fee["by"] == "温州市机械工程学会"
        assert [s["by"] for s in line["stages"] if s["stage"] == "department_review"] == [
            "鹿城区人力资源和社会保障局", "温州市机械工程学会", "温州市人力资源和社会保障局",
        ]  # fmt: skip
    _assert_certificates_verify(lines)


def test_a_seed_returns_rejects_or_fails_some_and_replays_the_same():
    lines, totals = _season("linping-manufacturing-2022", 8, seed=7)
    finals = [line["final"] for line in lines]
    assert any(f != "certified" for f in finals), finals
    assert "certified" in finals and "review_failed" in finals  # voted down by the panel
    rejected = [line for line in lines if line["final"] == "rejected"]
    assert rejected and "qualification_publicity" not in _order(rejected[0]), finals
    returned = [
        line for line in lines if [s["stage"] for s in line["stages"]].count("department_review") == 2
    ]
    assert returned  # returned once, resubmitted, then approved
    _assert_certificates_verify([line for line in lines if line["final"] == "certified"])
    again, _ = _season("linping-manufacturing-2022", 8, seed=7)
    assert [x["final"] for x in again] == finals  # deterministic per seed


def test_wenling_season_checks_the_originals_before_the_experts():
    lines, totals = _season("wenling-mechatronics-2022", 2)
    assert totals["totals"] == {"certified": 2}
    for line in lines:
        order = _order(line)
        # seed 003 四: 原件核查 10月31日至11月15日, before the review.
        assert _before(order, "employer_review", "paper_check", "expert_review", "vote", "certificate")
