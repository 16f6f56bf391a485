"""run_season replays each seed plan's season through the services (issue 13 §5); the stages follow the notice."""

import io
import json

import pytest
from django.core.management import call_command

from zhicheng.certificates.models import Certificate
from zhicheng.certificates.selectors import verify_by_number_and_name
from zhicheng.core.models import AuditEvent
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db


def _season(code, n, seed=None):
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


def _by(line, stage):
    return [s["by"] for s in line["stages"] if s["stage"] == stage]


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True  # run_season loads the seed plans with load_demo when they are missing


def _before(order, *names):
    positions = [order.index(n) for n in names]
    return positions == sorted(positions)


def _assert_certified_and_verified(lines, totals, n):
    assert totals["totals"] == {"certified": n} and totals["applicants"] == n
    for line in lines:
        assert line["final"] == "certified" and line["certificate"]
        name = Certificate.objects.get(number=line["certificate"]).name
        assert verify_by_number_and_name(line["certificate"], name).state == "valid"
        dates = [s["on"] for s in line["stages"]]
        assert dates == sorted(dates), line["stages"]


def test_wenzhou_season_follows_seed_000():
    lines, totals = _season("wenzhou-mech-2020", 2)
    _assert_certified_and_verified(lines, totals, 2)
    for line in lines:
        # 附件2 4–5 单位内部公示 → 推荐; 五1 县级人力社保部门 … 逐级资格审查; 七8 评审费 offline to the 学会
        # (after qualification: 附件1 8–9); 五2 学会组织理论考试和面试答辩; 五3 评委会评审 → 报市职改办审批;
        # 五4 学会公示审批后的结果 ≥5个工作日; 五5 市人力社保局发文、制发电子证书.
        order = _order(line)
        assert order[:3] == ["employer_publicity", "employer_review", "department_review"]
        # 七, 附件1 9: the 评审表 (一式2份, stamped) reaches the 学会 after the fee, before the review.
        # 五1 names no 资格审查公示: the fee follows the 市人力社保局's 资格审查.
        assert "qualification_publicity" not in order
        tail = ["department_review", "fee", "exam", "interview", "paper_check", "expert_review", "vote",
                "approval", "results_publicity", "certificate"]  # fmt: skip
        assert order[-len(tail) :] == tail
        assert _by(line, "fee") == ["温州市机械工程学会"]
        assert _by(line, "exam") == _by(line, "interview") == ["温州市机械工程学会"]
        # 五1: 县级人力社保部门、市机械工程学会、市人力社保局逐级资格审查 (no separate 评委会办公室 check).
        assert "office_review" not in order
        assert _by(line, "department_review") == [
            "鹿城区人力资源和社会保障局", "温州市机械工程学会", "温州市人力资源和社会保障局",
        ]  # fmt: skip
        assert _by(line, "approval") == ["温州市职称改革领导小组办公室"]


def test_linping_season_follows_seed_001_without_fee_or_assessment():
    lines, totals = _season("linping-manufacturing-2022", 2)
    _assert_certified_and_verified(lines, totals, 2)
    for line in lines:
        # 附件3 一.4 单位内部公示 → 推荐; 附件3 二.2 主管部门审核推荐; 三(二) 评委会办公室资格审查、
        # 公示无异议后组织专家评审; 三(三) 评审结果公示 → 报杭州市人力社保局; no fee amount and no exam named.
        assert _order(line) == [
            "employer_publicity", "employer_review", "department_review", "office_review",
            "qualification_publicity", "expert_review", "vote", "results_publicity", "approval", "certificate",
            "paper_mailing",  # 二3, 附件4: 评审通过人员 EMS 邮寄，盖章后寄回
        ]  # fmt: skip
        assert _by(line, "department_review") == ["杭州市临平区人力资源和社会保障局"]
        review = next(s["on"] for s in line["stages"] if s["stage"] == "expert_review")
        assert review >= "2022-11-01"  # 二3: 11月评审


def test_zhejiang_senior_season_follows_seed_002():
    lines, totals = _season("zhejiang-mech-senior-2020", 2)
    _assert_certified_and_verified(lines, totals, 2)
    for line in lines:
        # 三 用人单位审核、公示 → 省、市、县经信或人力社保部门逐级审核推荐 → 评委会资格审查 → 评审前公示5个工作日
        # → 11—12月评审 → 结果公示 → 省人力社保厅.
        assert _order(line) == [
            "employer_publicity", "employer_review", "department_review", "office_review",
            "qualification_publicity", "paper_check", "expert_review", "vote", "results_publicity", "approval",
            "certificate",
        ]  # fmt: skip
        assert _by(line, "department_review") == ["鹿城区人力资源和社会保障局", "温州市人力资源和社会保障局"]
        assert _by(line, "approval") == ["浙江省人力资源和社会保障厅"]
        assert next(s["on"] for s in line["stages"] if s["stage"] == "expert_review") >= "2020-11-01"


def test_wenling_season_follows_seed_003_with_the_practical_before_review():
    lines, totals = _season("wenling-mechatronics-2022", 2)
    _assert_certified_and_verified(lines, totals, 2)
    for line in lines:
        # 三 单位审核 → 主管部门（经信）审核 → 评委会; 二(二)2 不少于3人专家组实操评议，及格者进入综合评审.
        assert _order(line) == [
            "employer_publicity", "employer_review", "department_review", "office_review",
            "qualification_publicity", "practical", "paper_check", "expert_review", "vote", "results_publicity",
            "approval",
            "certificate",
        ]  # fmt: skip
        assert _by(line, "department_review") == ["温岭市经济和信息化局"]


def test_a_seed_returns_rejects_or_fails_some_and_replays_the_same():
    lines, totals = _season("linping-manufacturing-2022", 8, seed=7)
    finals = [line["final"] for line in lines]
    assert "certified" in finals and "review_failed" in finals  # voted down by the panel
    rejected = [line for line in lines if line["final"] == "rejected"]
    assert rejected and "qualification_publicity" not in _order(rejected[0]), finals
    returned = [line for line in lines if len(_by(line, "department_review")) == 2]
    assert returned  # returned once, resubmitted, then approved
    again, _ = _season("linping-manufacturing-2022", 8, seed=7)
    assert [x["final"] for x in again] == finals  # deterministic per seed


def test_wenling_season_checks_the_originals_before_the_experts():
    lines, totals = _season("wenling-mechatronics-2022", 2)
    assert totals["totals"] == {"certified": 2}
    for line in lines:
        order = _order(line)
        # seed 003 四: 原件核查 10月31日至11月15日, before the review.
        assert _before(order, "employer_review", "paper_check", "expert_review", "vote", "certificate")


def test_a_seed_fails_some_at_the_exam_and_they_stop_before_the_review():
    lines, _ = _season("wenzhou-mech-2020", 6, seed=4)
    failed = [line for line in lines if line["final"] == "assessment_failed"]
    assert failed, [line["final"] for line in lines]
    for line in failed:
        assert _order(line)[-2:] == ["exam", "interview"] and line["certificate"] is None
    assert any(line["final"] == "certified" for line in lines)


def test_the_replay_reopens_and_closes_the_seed_plan_through_the_audited_service():
    _season("linping-manufacturing-2022", 1)
    plan = Plan.objects.get(ruleset_id="linping-manufacturing-2022")
    assert plan.status == Plan.Status.CLOSED
    events = list(AuditEvent.objects.filter(object_id=str(plan.pk)).values_list("event", flat=True))
    assert "plan_reopened" in events and "plan_closed" in events
