"""The one rule of every 公示 (issue 13 §1), for the three kinds alike.

PUBLICITY_RULE — 公示期与异议受理规则:

1. The period covers at least N working days, N ≥ 5, counted by core/workdays.py (the start counts when
   it is a working day). Seed 001 三(二)（资格审查公示）and 三(三)（评审结果公示）: 公示期不少于五个工作日;
   seed 000 五.4: 评审结果进行公示，公示时间不少于5个工作日; seed 003 五(一) and seed 000 三(三):
   单位内部公示不少于5个工作日; seed 002 四(三): 公示时间一般不少于 5 个工作日. N is stored on each 公示 (`min_working_days`): the results 公示 takes it
   from the plan's evaluation rules.
2. An objection is accepted only while the 公示 is open, for a name still listed, received on a day
   within the period (start ≤ received ≤ end) and not in the future, with its content and one of the
   listed channels. Before issue 13 the results 公示 accepted objections received after its last day
   while the qualification 公示 did not: the two windows had drifted apart.
3. A 公示 ends only after its last day, and only when every objection has been resolved: seed 001
   三(二)/(三) and seed 002 三 say 公示无异议后 the next step follows, so nothing follows an open objection.
4. An objection upheld takes the name off the list (经核实取消资格); dismissed, the name stays.
5. The internal 公示 is recorded with the employer's approval after it has ended (seed 003 五(一):
   公示情况在填写审核意见时录入系统): the period must be over, and a result 有异议 must be explained.
"""

from __future__ import annotations

from datetime import date

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, WorkCalendar

RULE_NAME = "PUBLICITY_RULE"
RULE_TITLE = "公示期与异议受理规则"
RULE_CLAUSES = (
    "浙江省机械工程学会（seed 001）三(二)、三(三)：公示期不少于五个工作日，公示无异议后方进入下一环节",
    "温州（seed 000）五.4：审批后的评审结果公示不少于5个工作日；三(三)：单位内部公示不少于5个工作日",
    "温岭（seed 003）五(一)：单位内部公示不少于5个工作日，公示情况在填写审核意见时录入系统",
)


def period_problems(
    cal: WorkCalendar, start: date | None, end: date | None, *, minimum: int = MIN_PUBLICITY_WORKING_DAYS
) -> list[str]:
    """Rule 1: why a period is not acceptable (empty when it is)."""
    return cal.publicity_problems(start, end, minimum=max(minimum, MIN_PUBLICITY_WORKING_DAYS))


def objection_problem(*, publicity, entry, received_on: date | None, today: date) -> str | None:
    """Rule 2: why an objection cannot be recorded (None when it can). The message names the field."""
    if publicity.status != publicity.Status.OPEN:
        return "该公示已结束，不能再登记异议。"
    if entry.outcome == entry.Outcome.WITHDRAWN:
        return "该人员已经核实取消资格，无需再登记异议。"
    if received_on is None:
        return "收到日期：必须填写。"
    if not (publicity.start <= received_on <= publicity.end) or received_on > today:
        return (
            f"收到日期：只受理公示期内（{publicity.start:%Y-%m-%d} 至 {publicity.end:%Y-%m-%d}）提出的异议，"
            "且不能晚于今天。"
        )
    return None


def close_problem(*, publicity, open_objections: int, today: date) -> str | None:
    """Rule 3: why the 公示 cannot end yet (None when it can)."""
    if publicity.status != publicity.Status.OPEN:
        return "该公示已结束。"
    if today <= publicity.end:
        return f"公示期至 {publicity.end:%Y-%m-%d} 结束，期满后才能结束公示。"
    if open_objections:
        return f"还有 {open_objections} 件异议未处理，请核实处理后再结束公示。"
    return None


def internal_record_problem(*, start, end, result, note, today: date, cal: WorkCalendar) -> str | None:
    """Rule 5: the employer's record of its internal 公示."""
    problems = period_problems(cal, start, end)
    if problems:
        return f"单位内部公示结束日期：{problems[0]}。"
    if end >= today:
        return "单位内部公示结束日期：公示期满后才能录入结果并审核通过。"
    if result not in ("no_objection", "objection"):
        return "公示结果：请选择“无异议”或“有异议”。"
    if result == "objection" and not (note or "").strip():
        return "公示情况说明：公示有异议时必须说明异议内容及核实处理情况。"
    return None
