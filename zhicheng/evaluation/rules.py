"""Pure rules of the evaluation: the vote, the scoring form, assessment results, money in words.

No I/O here: each function takes plain values and is table-tested (DESIGN.md §4.8).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

# --------------------------------------------------------------------------- the meeting vote


@dataclass(frozen=True)
class VoteRule:
    """Quorum: present ≥ quorum × members. Pass: yes ≥ pass × base (present, or all members).

    The seeds' 花名册 (seed 003 附件7) records 总人数 / 出席人数 / 赞成数 / 反对数 per applicant; the
    customary rule of Zhejiang's committees is that at least two thirds of the members attend and
    at least two thirds of those present vote yes. Each plan may set other fractions.
    """

    quorum_numerator: int = 2
    quorum_denominator: int = 3
    pass_numerator: int = 2
    pass_denominator: int = 3
    pass_base: str = "present"  # or "members"

    def __post_init__(self):
        if self.quorum_denominator <= 0 or self.pass_denominator <= 0:
            raise ValueError("denominators must be positive")
        if not (0 <= self.quorum_numerator <= self.quorum_denominator):
            raise ValueError("quorum fraction must be between 0 and 1")
        if not (0 < self.pass_numerator <= self.pass_denominator):
            raise ValueError("pass fraction must be in (0, 1]")
        if self.pass_base not in ("present", "members"):
            raise ValueError("pass_base is 'present' or 'members'")

    @classmethod
    def of(cls, rules) -> VoteRule:
        return cls(
            quorum_numerator=rules.quorum_numerator,
            quorum_denominator=rules.quorum_denominator,
            pass_numerator=rules.pass_numerator,
            pass_denominator=rules.pass_denominator,
            pass_base=rules.pass_base,
        )

    @property
    def text(self) -> str:
        base = "出席评委" if self.pass_base == "present" else "评委总数"
        return (
            f"出席人数不少于评委总数的{self.quorum_numerator}/{self.quorum_denominator}，"
            f"赞成票不少于{base}的{self.pass_numerator}/{self.pass_denominator}"
        )


@dataclass(frozen=True)
class VoteOutcome:
    members: int
    present: int
    yes: int
    no: int
    abstain: int
    quorum_met: bool
    passed: bool
    explanation: str


def vote_outcome(
    rule: VoteRule, *, members: int, present: int, yes: int, no: int, abstain: int
) -> VoteOutcome:
    """The result of one application's vote, in integers only (2/3 of 9 is exactly 6, never 5.999…)."""
    if min(members, present, yes, no, abstain) < 0:
        raise ValueError("counts cannot be negative")
    if present > members:
        raise ValueError("more present than members")
    if yes + no + abstain != present:
        raise ValueError("yes + no + abstain must equal the members present")
    quorum_met = members > 0 and present * rule.quorum_denominator >= members * rule.quorum_numerator
    base = present if rule.pass_base == "present" else members
    enough_yes = yes * rule.pass_denominator >= base * rule.pass_numerator and yes > 0
    passed = quorum_met and enough_yes
    need_present = -(-members * rule.quorum_numerator // rule.quorum_denominator)
    need_yes = -(-base * rule.pass_numerator // rule.pass_denominator)
    if not quorum_met:
        why = f"出席{present}人，少于应出席的{need_present}人（评委{members}人），表决无效，须另行组织表决"
    elif passed:
        why = f"赞成{yes}票，达到通过所需的{need_yes}票"
    else:
        why = f"赞成{yes}票，未达到通过所需的{need_yes}票"
    return VoteOutcome(members, present, yes, no, abstain, quorum_met, passed, why)


# --------------------------------------------------------------------------- the scoring form

# A plan's scoring form is data: [{"key", "label", "weight", "max"}]. Weights add up to 100; an
# expert's mark for a criterion lies in [0, max]; the total is Σ mark / max × weight (0–100).
# The default follows seed 000 六 (业绩评估、理论考试、答辩面试相结合的量化评价) and the
# criteria of seed 003 附件2 (专业理论知识、工作经历和能力、业绩与成果、论文著作).
DEFAULT_SCORING_FORM: list[dict[str, Any]] = [
    {"key": "theory", "label": "专业理论知识", "weight": 20, "max": 20},
    {"key": "experience", "label": "专业技术工作经历和能力", "weight": 30, "max": 30},
    {"key": "achievements", "label": "专业技术工作业绩与成果", "weight": 35, "max": 35},
    {"key": "papers", "label": "论文、著作及技术报告", "weight": 15, "max": 15},
]


def scoring_form_problems(form: Any) -> list[str]:
    """Why a scoring form cannot be used; empty when it is sound."""
    if not isinstance(form, list) or not form:
        return ["评分表：至少需要一个评分项"]
    problems: list[str] = []
    keys: set[str] = set()
    total_weight = Decimal(0)
    for i, item in enumerate(form, start=1):
        if not isinstance(item, Mapping):
            problems.append(f"评分表第{i}项：格式不正确")
            continue
        label = str(item.get("label") or "").strip()
        key = str(item.get("key") or "").strip()
        if not label:
            problems.append(f"评分表第{i}项：评分项名称必须填写")
        if not key or not key.replace("_", "").isalnum() or not key.isascii():
            problems.append(f"评分表第{i}项：代码只能由英文字母、数字和下划线组成")
        elif key in keys:
            problems.append(f"评分表第{i}项：代码“{key}”重复")
        keys.add(key)
        try:
            weight = Decimal(str(item.get("weight")))
            top = Decimal(str(item.get("max")))
        except (InvalidOperation, TypeError):
            problems.append(f"评分表第{i}项：权重和满分必须是数字")
            continue
        if weight <= 0:
            problems.append(f"评分表第{i}项：权重必须大于0")
        if top <= 0:
            problems.append(f"评分表第{i}项：满分必须大于0")
        total_weight += weight
    if not problems and total_weight != 100:
        problems.append(f"评分表：各项权重之和为{_num(total_weight)}，必须等于100")
    return problems


@dataclass(frozen=True)
class ScoreSheet:
    marks: dict[str, Decimal]
    total: Decimal


def score_sheet(form: list[Mapping[str, Any]], raw: Mapping[str, Any]) -> tuple[ScoreSheet | None, list[str]]:
    """Check an expert's marks against the form; (sheet, []) or (None, problems naming each item)."""
    marks: dict[str, Decimal] = {}
    problems: list[str] = []
    total = Decimal(0)
    for item in form:
        key, label = item["key"], item["label"]
        top, weight = Decimal(str(item["max"])), Decimal(str(item["weight"]))
        value = raw.get(key)
        if value is None or str(value).strip() == "":
            problems.append(f"{label}：必须填写分数（0–{_num(top)}）")
            continue
        try:
            mark = Decimal(str(value).strip())
        except InvalidOperation:
            problems.append(f"{label}：“{value}”不是数字")
            continue
        if not mark.is_finite() or mark < 0 or mark > top:
            problems.append(f"{label}：分数必须在0至{_num(top)}之间")
            continue
        if mark != mark.quantize(Decimal("0.1")):
            problems.append(f"{label}：最多保留一位小数")
            continue
        marks[key] = mark
        total += mark / top * weight
    if problems:
        return None, problems
    return ScoreSheet(marks, total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)), []


# --------------------------------------------------------------------------- assessments


@dataclass(frozen=True)
class AssessmentResult:
    score: Decimal
    passed: bool


def assessment_result(
    marks: Iterable[Decimal],
    *,
    full_mark: Decimal,
    pass_mark: Decimal,
    min_examiners: int,
    drop_extremes: bool = False,
) -> tuple[AssessmentResult | None, list[str]]:
    """Several examiners' marks averaged (one decimal, half up) and held against the pass mark; with
    ``drop_extremes`` one highest and one lowest mark are left out first, as many panels do."""
    marks = list(marks)
    problems: list[str] = []
    if len(marks) < min_examiners:
        problems.append(f"评分人数：至少需要{min_examiners}位评分人的分数，现有{len(marks)}位")
    for m in marks:
        if m < 0 or m > full_mark:
            problems.append(f"分数：每个分数必须在0至{_num(full_mark)}之间（{_num(m)}不在范围内）")
            break
    if drop_extremes and len(marks) < 3:
        problems.append("评分人数：去掉最高分和最低分后取平均，至少需要3位评分人的分数")
    if problems:
        return None, problems
    counted = sorted(marks)[1:-1] if drop_extremes else marks
    average = (sum(counted, Decimal(0)) / len(counted)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return AssessmentResult(average, average >= pass_mark), []


# --------------------------------------------------------------------------- money

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_SECTIONS = ["", "万", "亿"]


def amount_in_words(amount: Decimal) -> str:
    """人民币大写 for receipts: 180 → 壹佰捌拾元整, 100.5 → 壹佰元伍角, 1005.06 → 壹仟零伍元零陆分."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("amount cannot be negative")
    yuan = int(amount)
    fen_total = int((amount - yuan) * 100)
    jiao, fen = divmod(fen_total, 10)
    if yuan >= 10**12:
        raise ValueError("amount too large")
    words = _integer_words(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    return words


def _integer_words(n: int) -> str:
    sections = []
    while n:
        n, part = divmod(n, 10000)
        sections.append(part)
    out = ""
    need_zero = False
    for index in range(len(sections) - 1, -1, -1):
        part = sections[index]
        if part == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or part < 1000):
            out += "零"
        out += _section_words(part) + _SECTIONS[index]
        need_zero = False
    return out


def _section_words(n: int) -> str:
    digits = [int(c) for c in f"{n:04d}"]
    out, zero = "", False
    for i, d in enumerate(digits):
        unit = _UNITS[3 - i]
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + unit
    return out


def _num(value: Decimal | int) -> str:
    d = Decimal(value)
    return format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")
