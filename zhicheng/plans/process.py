"""A plan's whole process as one ordered list, and the rules that refuse an impossible one.

The steps live where they are configured: the review chain in ``PlanStage`` (here), fees, assessments, the
vote and the results order in ``evaluation`` (EvaluationRules, AssessmentSpec), paper materials in
``paper``. Each app above this one adds its steps with ``contribute(func)`` in its ``AppConfig.ready()``;
``func(plan, *, stages)`` returns ``Step``s. The plan editor shows ``steps_for(plan)`` and refuses what
``problems_in(steps)`` finds, so no page here reaches up into a higher app.

The rules are data: ``ORDER_RULES`` (this step must come before that one) and ``STEP_RULES`` (a step's own
settings), each with the clause it comes from and the message the office reads. The step codes are the
names ``run_season`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS

from .models import StageKind

CATALOGUE: dict[str, str] = {
    "employer_review": "用人单位审核",
    "employer_publicity": "单位内部公示",
    "department_review": "主管部门审核",
    "office_review": "评委会办公室资格审查",
    "qualification_publicity": "资格审查公示",
    "paper_check": "纸质材料原件核查",
    "fee": "缴纳评审费",
    "exam": "理论考试",
    "interview": "面试答辩",
    "practical": "实操评议",
    "expert_review": "专家评审",
    "vote": "评委会评议表决",
    "results_publicity": "评审结果公示",
    "approval": "人社部门审批",
    "certificate": "发文及电子证书",
    "paper_mailing": "邮寄纸质材料",
}
CHAIN = ("employer_review", "department_review", "office_review")
ASSESSMENTS = ("exam", "interview", "practical")
PUBLICITIES = ("employer_publicity", "qualification_publicity", "results_publicity")


@dataclass(frozen=True)
class Step:
    code: str
    holder: str = ""
    title: str = ""  # the notice's own name when it differs from the catalogue's
    detail: str = ""  # settings in a few words: 不少于5个工作日, 合格线60分, 10月31日至11月15日 …
    params: dict = field(default_factory=dict)
    edit_url: str = ""  # where the office edits a step that lives in another app
    clause: str = ""

    @property
    def label(self) -> str:
        return self.title or CATALOGUE[self.code]


@dataclass(frozen=True)
class OrderRule:
    first: tuple[str, ...]
    then: tuple[str, ...]
    reason: str  # why, with the clause


# "first" must come before "then" whenever both are in the process.
ORDER_RULES: tuple[OrderRule, ...] = (
    OrderRule(
        ("employer_review",), ("department_review", "office_review"), "单位审核推荐后才报主管部门和评委会"
    ),
    OrderRule(
        ("department_review",), ("office_review",), "主管部门审核推荐后才报评委会办公室（各通知“申报程序”）"
    ),
    OrderRule(CHAIN, ("qualification_publicity",), "公示的是资格审查通过的人员"),
    OrderRule(CHAIN, ("fee",), "资格审查通过后才缴纳评审费（临平附件2 二7、浙江高工六(二)）"),
    OrderRule(CHAIN, ASSESSMENTS, "资格审查通过后才组织考试考评（温州五2）"),
    OrderRule(
        ("qualification_publicity",),
        ("expert_review", "vote"),
        "公示无异议后，组织专家评审（临平三(二)、浙江高工四(三)）",
    ),
    OrderRule(("paper_check",), ("expert_review", "vote"), "原件核查在评审之前（温岭四）"),
    OrderRule(ASSESSMENTS, ("vote",), "考试考评合格后方可进入综合评审"),
    OrderRule(("expert_review",), ("vote",), "专家评审后由评委会评议表决"),
    OrderRule(
        ("vote",), ("approval", "results_publicity"), "评委会提出评审结果后才公示、报审批（温州五3–4）"
    ),
    OrderRule(
        ("approval", "results_publicity"), ("certificate",), "审批、公示后才发文并制发电子证书（温州五5）"
    ),
    OrderRule(("vote",), ("paper_mailing",), "只有评审通过人员才需邮寄纸质材料（临平二3、附件4）"),
)


def _days_at_least(n: int) -> Callable[[Step], str]:
    def check(step: Step) -> str:
        days = step.params.get("days")
        if days is None or days < n:
            return f"公示期不少于{n}个工作日（各通知均要求不少于{n}个工作日），当前为{days or 0}个工作日"
        return ""

    return check


def _pass_mark(step: Step) -> str:
    mark, full = step.params.get("pass_mark"), step.params.get("full_mark")
    if mark is None or mark == "":
        return "必须设置合格分数线（合格后方可进入综合评审）"
    if Decimal(str(mark)) <= 0 or (full is not None and Decimal(str(mark)) > Decimal(str(full))):
        return "合格分数线须大于0且不高于满分"
    return ""


def _three_examiners(step: Step) -> str:
    n = step.params.get("examiners") or 0
    return "" if n >= 3 else f"实操评议须由不少于3名专家评分，当前为{n}名"


def _window(step: Step) -> str:
    start, end = step.params.get("start"), step.params.get("end")
    if not start or not end:
        return "必须填写核查开始和截止日期（温岭四：10月31日至11月15日）"
    if end < start:
        return "核查截止日期不能早于开始日期"
    if not step.params.get("address"):
        return "必须填写核查地址（温岭四：温岭市大溪镇金利路8号泵业服务综合体9楼）"
    if not step.params.get("items"):
        return "至少列出一项需核查的原件"
    return ""


def _mailing(step: Step) -> str:
    if not step.params.get("address"):
        return "必须填写邮寄地址（临平附件4：临平南大街265号市民之家721办公室）"
    if not step.params.get("copies"):
        return "必须填写评审表份数"
    return ""


def _department_holder(step: Step) -> str:
    return "" if step.holder else "须指明由哪一类部门或哪一单位审核"


STEP_RULES: dict[str, tuple[Callable[[Step], str], ...]] = {
    "employer_publicity": (_days_at_least(MIN_PUBLICITY_WORKING_DAYS),),
    "qualification_publicity": (_days_at_least(MIN_PUBLICITY_WORKING_DAYS),),
    "results_publicity": (_days_at_least(MIN_PUBLICITY_WORKING_DAYS),),
    "exam": (_pass_mark,),
    "interview": (_pass_mark,),
    "practical": (_pass_mark, _three_examiners),
    "paper_check": (_window,),
    "paper_mailing": (_mailing,),
    "department_review": (_department_holder,),
}


@dataclass(frozen=True)
class Problem:
    position: int  # 1-based place in the list
    step: Step
    message: str

    def __str__(self) -> str:
        return f"第{self.position}步“{self.step.label}”：{self.message}。"


def problems_in(steps: list[Step]) -> list[Problem]:
    """Every broken rule, named by step and place; empty when the process can run."""
    problems: list[Problem] = []
    if steps and steps[0].code != "employer_review":
        problems.append(Problem(1, steps[0], "第一步必须是用人单位审核（个人申报后先由所在单位审核）"))
    for i, step in enumerate(steps, start=1):
        for check in STEP_RULES.get(step.code, ()):
            message = check(step)
            if message:
                problems.append(Problem(i, step, message))
    for rule in ORDER_RULES:
        for i, step in enumerate(steps, start=1):
            if step.code not in rule.then:
                continue
            later_first = [(j, s) for j, s in enumerate(steps, start=1) if j > i and s.code in rule.first]
            if later_first:
                j, blocker = later_first[0]
                problems.append(Problem(i, step, f"不能排在第{j}步“{blocker.label}”之前：{rule.reason}"))
    return sorted(problems, key=lambda p: p.position)


# ---------------------------------------------------------------------------------------------------------
# Composition: the chain here, the rest from the apps that own it.

Contributor = Callable[..., list[Step]]
_CONTRIBUTORS: list[Contributor] = []


def contribute(func: Contributor) -> None:
    """Add an app's steps (idempotent: ready() may run twice in tests)."""
    if func not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(func)


# seed 000 三(三), 001 附件3 一4, 002 四(三), 003 五(一): 不少于5个工作日.
EMPLOYER_PUBLICITY_DAYS = MIN_PUBLICITY_WORKING_DAYS


def chain_steps(stages: Iterable) -> list[Step]:
    """The review chain as the office arranged it (stages in order, saved or proposed)."""
    steps: list[Step] = []
    for stage in stages:
        if stage.kind == StageKind.EMPLOYER:
            steps.append(Step("employer_review", holder="用人单位", title=stage.title))
            steps.append(
                Step(
                    "employer_publicity",
                    holder="用人单位",
                    detail=f"不少于{EMPLOYER_PUBLICITY_DAYS}个工作日",
                    params={"days": EMPLOYER_PUBLICITY_DAYS},
                )
            )
        elif stage.kind == StageKind.COMMITTEE_OFFICE:
            steps.append(Step("office_review", holder="评委会办公室", title=stage.title))
        else:
            steps.append(
                Step(
                    "department_review",
                    holder=stage.holder_label,
                    title=stage.label,
                    detail="无主管部门的非公企业直接报送" if stage.non_public_direct else "",
                )
            )
    return steps


# Where a contributed step sits after the chain. The results 公示 and the approval share a place: the plan
# says which comes first (温州五3–4: approval first; 临平三(三)(四): 公示 first) and its app returns them so.
# The papers go in after the fee (温州附件1 9: 评审费缴纳成功后……报送评审表), before the exams and the review.
AFTER_CHAIN_PLACE: dict[str, int] = {
    "qualification_publicity": 1,
    "fee": 2,
    "paper_check": 3,
    "exam": 4,
    "interview": 4,
    "practical": 4,
    "expert_review": 5,
    "vote": 6,
    "results_publicity": 7,
    "approval": 7,
    "certificate": 8,
    "paper_mailing": 9,
}


def steps_for(plan, *, stages: list | None = None) -> list[Step]:
    """The whole process in order: the chain as arranged, then each contributing app's steps in their
    place (a stable sort keeps each app's own order within a place)."""
    stages = list(stages if stages is not None else plan.stages.order_by("order"))
    contributed = [step for func in _CONTRIBUTORS for step in func(plan, stages=stages)]
    contributed.sort(key=lambda s: AFTER_CHAIN_PLACE.get(s.code, 99))
    return chain_steps(stages) + contributed


# ---------------------------------------------------------------------------------------------------------
# Which steps files have passed: told by the app that moves files (applications), read by the editor.

PassedStages = Callable[..., set[int]]
_PASSED: list[PassedStages] = []


def contribute_passed(func: PassedStages) -> None:
    if func not in _PASSED:
        _PASSED.append(func)


def passed_stage_ids(plan) -> set[int]:
    """Ids of the plan's review stages that at least one file has passed (approved there)."""
    ids: set[int] = set()
    for func in _PASSED:
        ids |= func(plan)
    return ids
