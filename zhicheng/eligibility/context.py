"""The applicant's profile parsed once per evaluation, with the derived facts criteria share.

Criteria read dates and periods through this object so that each reading of the contract
("任现职期间", first working year, title years) is written once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from . import majors
from .achievements import Achievement, parse_achievements
from .dates import Interval, clip, merge, parse_date, to_date
from .ledger import ROUTES as LEDGER_ROUTES
from .ledger import LedgerError, entry_hours, ledger_records

if TYPE_CHECKING:
    from .rulesets import RuleSet

LEVEL_ORDER = ["technician", "assistant", "intermediate", "associate_senior", "senior"]
LEVEL_RANK = {level: i for i, level in enumerate(LEVEL_ORDER)}
LEVEL_NAMES = {
    "technician": "技术员",
    "assistant": "助理工程师",
    "intermediate": "工程师",
    "associate_senior": "高级工程师",
    "senior": "正高级工程师",
}
DECLARATION_NAMES = {
    "normal": "正常申报",
    "direct": "直接申报",
    "exceptional": "破格申报",
    "skip_level": "越级申报",
    "transfer": "转评",
    "skilled": "技能人才申报",
}
EDUCATION_NAMES = {
    "doctorate": "博士研究生",
    "master": "硕士研究生",
    "second_bachelor": "第二学士学位",
    "bachelor": "大学本科",
    "college": "大学专科",
    "technical_secondary": "中专",
    "high_school": "高中及以下",
}
EDUCATION_RANK = {
    "high_school": 0,
    "technical_secondary": 1,
    "college": 2,
    "bachelor": 3,
    "second_bachelor": 4,
    "master": 5,
    "doctorate": 6,
}
DEGREE_NAMES = {
    "bachelor_degree": "学士学位",
    "second_bachelor_degree": "第二学士学位",
    "master_degree": "硕士学位",
    "doctorate_degree": "博士学位",
}
# 技工院校 classes count as 中专 / 大专 / 本科 where a rule set says so (seed 001 附件1 二(一)).
VOCATIONAL_EQUIVALENT = {
    "intermediate_worker_class": "technical_secondary",
    "senior_worker_class": "college",
    "technician_class": "bachelor",
}
VOCATIONAL_NAMES = {
    "intermediate_worker_class": "技工院校中级工班",
    "senior_worker_class": "技工院校高级工班",
    "technician_class": "技工院校预备技师（技师）班",
}


@dataclass(frozen=True)
class Education:
    index: int
    level: str
    major: str
    graduated_on: date
    degree: str | None
    vocational: str | None
    converted_by_ce: bool

    def label(self, vocational_equivalence: bool) -> str:
        if vocational_equivalence and self.vocational:
            return VOCATIONAL_NAMES[self.vocational]
        return EDUCATION_NAMES[self.level]


@dataclass(frozen=True)
class Title:
    index: int
    level: str
    specialty: str
    obtained_on: date
    start: date  # 实际聘任 start (appointed_from, else obtained_on)
    end: date | None
    confirmed: bool
    issuer_province: str
    transferred_on: date | None
    series: str = "engineering"

    @property
    def since(self) -> date:
        """Start of "任现职": the earlier of qualification and appointment."""
        return min(self.obtained_on, self.start)


@dataclass(frozen=True)
class Work:
    start: date
    end: date | None
    professional: bool
    related: bool
    employer_kind: str


@dataclass
class Context:
    profile: dict[str, Any]
    ruleset: RuleSet
    as_of: date
    deadline: date | None
    level: str
    declaration: str
    specialty: str
    educations: list[Education]
    titles: list[Title]
    work: list[Work]
    # Facts a route criterion leaves for later checks (the minimum period for assessments
    # and the 第二十条 delay): min_years, seniority_start.
    facts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, profile: dict[str, Any], ruleset: RuleSet) -> Context:
        educations = [
            Education(
                index=i,
                level=e["level"],
                major=e.get("major", ""),
                graduated_on=to_date(e["graduated_on"]),
                degree=e.get("degree"),
                vocational=e.get("vocational"),
                converted_by_ce=bool(e.get("converted_by_ce", False)),
            )
            for i, e in enumerate(profile.get("education") or [])
        ]
        titles = []
        for i, t in enumerate(profile.get("titles") or []):
            obtained = to_date(t["obtained_on"])
            titles.append(
                Title(
                    index=i,
                    level=t["level"],
                    specialty=t.get("specialty", ""),
                    obtained_on=obtained,
                    start=parse_date(t.get("appointed_from")) or obtained,
                    end=parse_date(t.get("appointed_to")),
                    confirmed=t.get("confirmed", True) is not False,
                    issuer_province=t.get("issuer_province") or "浙江省",
                    transferred_on=parse_date(t.get("transferred_on")),
                    # The schema's default: a title without a series is of the engineering series.
                    series=t.get("series") or "engineering",
                )
            )
        work = [
            Work(
                start=to_date(w["from"]),
                end=parse_date(w.get("to")),
                professional=w.get("professional", True) is not False,
                related=w.get("related", True) is not False,
                employer_kind=w.get("employer_kind") or "enterprise",
            )
            for w in profile.get("work") or []
        ]
        return cls(
            profile=profile,
            ruleset=ruleset,
            as_of=to_date(profile["as_of"]),
            deadline=parse_date(profile.get("deadline")),
            level=profile["target_level"],
            declaration=profile["declaration"],
            specialty=profile.get("specialty", ""),
            educations=educations,
            titles=sorted(titles, key=lambda t: (t.obtained_on, LEVEL_RANK[t.level])),
            work=sorted(work, key=lambda w: w.start),
        )

    # -- titles -------------------------------------------------------------------------

    def titles_at(self, level: str) -> list[Title]:
        return [t for t in self.titles if t.level == level and t.obtained_on <= self.as_of]

    @cached_property
    def scope_terms(self) -> list[str]:
        """The specialties the committee reviews (its specialty_scope), normalised."""
        for spec in self.ruleset.scope:
            if spec.kind == "specialty_scope":
                return [majors.normalise(n) for n in spec.params["accepted"]]
        return []

    def title_standing(self, title: Title) -> str:
        """Whether a held title counts towards "任X年限" for this application.

        seed 003 第五条: a title of another series or specialty counts only after 转评 into this
        one ("转评后聘任…满1年方可申报高一级"; 转评前后同级年限可累计 — so once transferred, the
        years before count too). COUNTS: engineering series, same or related specialty (both
        within the committee's scope); OTHER_SERIES: 会计, 经济… — must be 转评 first;
        UNCLEAR: engineering, but whether its specialty is related is for a reviewer.
        """
        if title.transferred_on is not None and title.transferred_on <= self.as_of:
            return COUNTS
        if title.series != "engineering":
            return OTHER_SERIES
        own, wanted = majors.normalise(title.specialty), majors.normalise(self.specialty)
        if not own:
            return UNCLEAR
        if wanted and (own in wanted or wanted in own):
            return COUNTS
        terms = self.scope_terms
        if any(t in own for t in terms) and any(t in wanted for t in terms):
            return COUNTS
        return UNCLEAR

    def counted_titles(self, level: str) -> list[Title]:
        return [t for t in self.titles_at(level) if self.title_standing(t) == COUNTS]

    def uncounted_titles(self, level: str) -> list[tuple[Title, str]]:
        return [
            (t, standing) for t in self.titles_at(level) if (standing := self.title_standing(t)) != COUNTS
        ]

    def title_intervals(self, level: str) -> list[Interval]:
        """Appointment periods at a level in this series and specialty (or a related one, or
        transferred into it): 转评前后同级年限可累计 (第五条)."""
        return merge((t.start, min(t.end or self.as_of, self.as_of)) for t in self.counted_titles(level))

    @cached_property
    def current_title(self) -> Title | None:
        """The title "现职" refers to: the latest held at or below the target level."""
        held = [
            t
            for t in self.titles
            if t.obtained_on <= self.as_of and LEVEL_RANK[t.level] <= LEVEL_RANK[self.level]
        ]
        return held[-1] if held else None

    # -- work ---------------------------------------------------------------------------

    def work_intervals(self, *, professional: bool = True, related: bool = False) -> list[Interval]:
        chosen = [
            (w.start, min(w.end or self.as_of, self.as_of))
            for w in self.work
            if (w.professional or not professional) and (w.related or not related)
        ]
        return merge(clip(chosen, end=self.as_of))

    @cached_property
    def first_work_date(self) -> date | None:
        starts = [w.start for w in self.work if w.start <= self.as_of]
        return min(starts) if starts else None

    @cached_property
    def first_work_year(self) -> int | None:
        return self.first_work_date.year if self.first_work_date else None

    @cached_property
    def period_start(self) -> date | None:
        """ "任现职期间/以来": since the current title; without one, since work began (contract)."""
        if self.current_title is not None:
            return self.current_title.since
        return self.first_work_date

    def period_text(self) -> str:
        if self.current_title is not None:
            name = LEVEL_NAMES[self.current_title.level]
            return f"任现职（{name}，{self.current_title.since.isoformat()} 起）以来"
        if self.first_work_date is not None:
            return f"参加工作（{self.first_work_date.isoformat()}）以来"
        return "全部"

    @cached_property
    def achievements_until(self) -> date:
        """业绩 count up to the notice's 业绩截止日 (seed 000 二5: 2020-08-31), never past as_of."""
        cutoff = parse_date(self.profile.get("achievements_cutoff")) or parse_date(
            self.ruleset.achievements_cutoff
        )
        return min(cutoff, self.as_of) if cutoff else self.as_of

    @property
    def reference_date(self) -> date:
        """Where a rule says 申报截止日 the deadline counts; the cut-off date otherwise."""
        return self.deadline or self.as_of

    # -- records ------------------------------------------------------------------------

    @cached_property
    def all_achievements(self) -> list[Achievement]:
        return parse_achievements(self.profile.get("achievements") or [])

    @cached_property
    def achievements(self) -> list[Achievement]:
        """Achievements that may count: papers failing the rule set's paper policy are left out
        (seed 003 二(二)3: without a retrieval report a paper is "视作无此论文")."""
        policy = self.ruleset.paper_policy
        return [a for a in self.all_achievements if a.kind != "paper" or paper_counts(a, policy)]

    @cached_property
    def claims(self) -> list[dict[str, Any]]:
        return [c for c in self.profile.get("experience_claims") or [] if isinstance(c, dict)]

    @cached_property
    def assessments(self) -> dict[int, str]:
        # With two records for one year the worse one stands: a reviewer would not pick the better.
        worst: dict[int, str] = {}
        for record in self.profile.get("annual_assessments") or []:
            year, result = record["year"], record["result"]
            if year not in worst or ASSESSMENT_RANK[result] > ASSESSMENT_RANK[worst[year]]:
                worst[year] = result
        return worst

    @cached_property
    def ce_records(self) -> tuple[list[dict[str, Any]], list[str]]:
        """The CE records the rule sets count, and the entries the ledger could not read.

        A record carrying one of the ledger's routes (seed 003 附件8, 台经信人教〔2018〕90号 第六条)
        is credited through it: hours by route, rank weights, at most 36 hours per route and year
        unless the rule set lifts the cap (seed 002 四(四): 2020 online courseware). A record
        without a route (or "registry") is taken as registered: its hours are already credited.
        """
        plain: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        problems: list[str] = []
        for number, record in enumerate(self.profile.get("continuing_education") or [], start=1):
            route = record.get("route")
            if route not in LEDGER_ROUTES:
                plain.append(record)
                continue
            entry = {"date": f"{record['year']}-01-01", **record}
            try:
                entry_hours(entry, number)
            except LedgerError as exc:
                problems.append(_ledger_problem(number, LEDGER_ROUTES[route].name, str(exc)))
                continue
            entries.append(entry)
            if record.get("credits") is not None:
                plain.append(
                    {"year": record["year"], "category": record["category"], "credits": record["credits"]}
                )
        plain += ledger_records(entries, caps=self.ruleset.ledger_caps)
        return plain, problems

    def ce_totals(self, unit: str) -> dict[int, dict[str, float]]:
        totals: dict[int, dict[str, float]] = {}
        for record in self.ce_records[0]:
            value = record.get(unit)
            if value is None:
                continue
            per_year = totals.setdefault(record["year"], {})
            per_year[record["category"]] = per_year.get(record["category"], 0) + value
        return totals

    @cached_property
    def sanctions(self) -> list[dict[str, Any]]:
        out = []
        for record in self.profile.get("sanctions") or []:
            item = dict(record)
            item["decided_on"] = to_date(record["decided_on"])
            item["ends_on"] = parse_date(record.get("ends_on"))
            out.append(item)
        return out


LEDGER_FIELD_NAMES = {
    "days": "培训天数",
    "level": "级别",
    "venue": "发表载体",
    "subjects": "合格科目数",
    "courses": "合格课程数",
    "words": "本人撰写字数",
    "hours": "学时",
    "category": "科目类别",
    "date": "日期",
    "end": "结束日期",
}


def _ledger_problem(number: int, route_name: str, message: str) -> str:
    """A ledger message ("entries[3].days：缺少必填字段") in the applicant's words."""
    head, _, rest = message.partition("：")
    name = head.rsplit(".", 1)[-1] if head.startswith("entries[") else ""
    field_name = LEDGER_FIELD_NAMES.get(name, name)
    if field_name:
        return f"继续教育第{number}条（{route_name}）缺少或填错「{field_name}」：{rest or message}"
    return f"继续教育第{number}条（{route_name}）：{message}"


COUNTS = "counts"
OTHER_SERIES = "other_series"
UNCLEAR = "unclear"
SERIES_NAMES = {"engineering": "工程系列", "other": "其他系列"}

ASSESSMENT_RANK = {
    "excellent": 0,
    "qualified": 1,
    "basically_qualified": 2,
    "undetermined": 3,
    "unqualified": 4,
}


def paper_counts(paper: Achievement, policy: Mapping[str, Any]) -> bool:
    if policy.get("require_retrieval_report") and not paper.data.get("has_retrieval_report"):
        return False
    limit = policy.get("max_similarity")
    similarity = paper.data.get("similarity")
    return not (limit is not None and similarity is not None and similarity > limit)
