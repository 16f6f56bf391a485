"""Matching achievements and experience claims against the item catalogues of a rule set.

A catalogue item (破格, 越级, 第八条–第十六条) is met by countable achievements dated within the
period, or — when the item is qualitative — made reviewable by a claim with evidence.
Filters are compiled from the rule set's data once, when it is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import to_date

LEVEL_ORDER = ["enterprise", "county", "city", "province", "national", "international"]
LEVEL_RANK = {name: i for i, name in enumerate(LEVEL_ORDER)}
LEVEL_NAMES = {
    "enterprise": "企业级",
    "county": "县（市、区）级",
    "city": "市（厅）级",
    "province": "省部级",
    "national": "国家级",
    "international": "国际级",
}
KIND_NAMES = {
    "tech_award": "科技成果奖",
    "product_award": "优秀工业新产品（新技术）奖",
    "design_award": "工程设计奖",
    "consulting_award": "工程咨询成果奖",
    "construction_award": "工程建设奖",
    "first_set_equipment": "首台（套）产品",
    "patent": "专利",
    "key_project": "重点项目",
    "research_project": "科研项目",
    "standard": "技术标准",
    "problem_solved": "解决技术难题",
    "innovation_team": "企业技术中心/重点技术创新团队",
    "paper": "论文",
    "paper_award": "优秀论文奖",
    "book": "著作/译作",
    "report": "技术报告",
    "tech_promotion": "新技术推广应用",
    "renovation_plan": "建设或改造规划",
    "tech_renovation": "技术改造项目",
    "service_task": "技术服务项目",
    "honour": "荣誉称号",
    "skill_contest": "技能竞赛",
    "skill_honour": "技能荣誉",
    "high_level_talent": "高层次人才",
}
SUBTYPE_NAMES = {
    "invention": "发明",
    "utility": "实用新型",
    "design": "外观设计",
}

_CLAUSE_TRANSLATE = str.maketrans({"（": "(", "）": ")", " ": "", "　": "", "\t": ""})


def normalise_clause(text: str) -> str:
    return (text or "").translate(_CLAUSE_TRANSLATE).rstrip("。.；;，,")


@dataclass(frozen=True)
class Achievement:
    index: int
    kind: str
    date: date
    data: Mapping[str, Any]

    @property
    def count(self) -> int:
        return int(self.data.get("count") or 1)

    def label(self) -> str:
        d = self.data
        name = KIND_NAMES.get(self.kind, self.kind)
        if self.kind == "patent" and d.get("subtype") in SUBTYPE_NAMES:
            name = f"{SUBTYPE_NAMES[d['subtype']]}专利"
        parts = [LEVEL_NAMES[d["level"]] if d.get("level") in LEVEL_NAMES else "", name]
        if d.get("grade"):
            parts.append(f"{d['grade']}等奖")
        text = "".join(parts)
        if d.get("title"):
            text += f"「{d['title']}」"
        if d.get("rank"):
            text += f"第{d['rank']}名"
        if self.count > 1:
            text += f"×{self.count}"
        return f"{text}（{self.date.isoformat()}）"


def parse_achievements(records: Iterable[Mapping[str, Any]]) -> list[Achievement]:
    return [
        Achievement(index=i, kind=r["kind"], date=to_date(r["date"]), data=r) for i, r in enumerate(records)
    ]


def _set(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


@dataclass(frozen=True)
class AchievementFilter:
    """One way an achievement can count for an item; every given condition must hold."""

    kinds: frozenset[str]
    level_min: int | None = None
    level_max: int | None = None
    issuers: frozenset[str] | None = None
    grade_max: int | None = None
    rank_max: int | None = None
    roles: frozenset[str] | None = None
    subtypes: frozenset[str] | None = None
    venues: frozenset[str] | None = None
    words_min: int | None = None
    issuer_region: str | None = None
    need_accepted: bool = True

    FIELDS = frozenset(
        {
            "kind",
            "level_min",
            "level_max",
            "issuer",
            "grade_max",
            "rank_max",
            "role",
            "subtype",
            "venue",
            "words_min",
            "issuer_region",
            "accepted",
        }
    )

    @classmethod
    def compile(cls, spec: Mapping[str, Any]) -> AchievementFilter:
        unknown = set(spec) - cls.FIELDS
        if unknown:
            raise ValueError(f"unknown achievement filter fields {sorted(unknown)}")
        for key in ("level_min", "level_max"):
            if key in spec and spec[key] not in LEVEL_RANK:
                raise ValueError(f"{key} must be one of {LEVEL_ORDER}")
        kinds = _set(spec["kind"])
        if not kinds:
            raise ValueError("an achievement filter needs kind")
        return cls(
            kinds=kinds,
            level_min=LEVEL_RANK[spec["level_min"]] if "level_min" in spec else None,
            level_max=LEVEL_RANK[spec["level_max"]] if "level_max" in spec else None,
            issuers=_set(spec.get("issuer")),
            grade_max=spec.get("grade_max"),
            rank_max=spec.get("rank_max"),
            roles=_set(spec.get("role")),
            subtypes=_set(spec.get("subtype")),
            venues=_set(spec.get("venue")),
            words_min=spec.get("words_min"),
            issuer_region=spec.get("issuer_region"),
            need_accepted=spec.get("accepted", True),
        )

    def matches(self, a: Achievement, *, region_unknown: bool = False) -> bool:
        """Every condition holds. With region_unknown, an achievement whose issuing region is not
        given (where the clause names one) matches too: the caller makes that needs_review."""
        d = a.data
        if a.kind not in self.kinds:
            return False
        # Achievements outside the applied specialty never count (本专业领域; 第十七条 "与申报专业相关").
        if d.get("in_specialty") is False:
            return False
        if self.need_accepted and d.get("accepted") is False:
            return False
        if self.level_min is not None or self.level_max is not None:
            rank = LEVEL_RANK.get(d.get("level") or "")
            if rank is None:
                return False
            if self.level_min is not None and rank < self.level_min:
                return False
            if self.level_max is not None and rank > self.level_max:
                return False
        if self.issuers is not None and (d.get("issuer") or "government") not in self.issuers:
            return False
        # An unknown grade, rank or role cannot satisfy a condition on it: the reviewer
        # would have nothing to check the claim against.
        if self.grade_max is not None and not (d.get("grade") and d["grade"] <= self.grade_max):
            return False
        if self.rank_max is not None and not (d.get("rank") and d["rank"] <= self.rank_max):
            return False
        if self.roles is not None and d.get("role") not in self.roles:
            return False
        if self.subtypes is not None and d.get("subtype") not in self.subtypes:
            return False
        # Venue is checked only when given: a paper record without one is a journal paper.
        if self.venues is not None and d.get("venue") is not None and d["venue"] not in self.venues:
            return False
        if self.words_min is not None and (d.get("words") or 0) < self.words_min:
            return False
        if not self.issuer_region:
            return True
        if region_unknown:
            return not d.get("issuer_region")
        return self.issuer_region in (d.get("issuer_region") or "")


@dataclass(frozen=True)
class Way:
    """One alternative within an item: countable achievements, years, salary, a skill certificate or a claim."""

    filters: tuple[AchievementFilter, ...] = ()
    count_min: int = 1
    review: bool = False  # a match only makes the item reviewable (qualitative wording)
    work_years_min: float | None = None
    salary_min: float | None = None
    skill_levels: frozenset[str] | None = None
    skill_years_min: float = 0
    label: str = ""

    FIELDS = frozenset(
        {
            "achievement",
            "count_min",
            "review",
            "work_years_min",
            "salary_min",
            "skill_certificate",
            "years_min",
            "label",
        }
    )

    @classmethod
    def compile(cls, spec: Mapping[str, Any]) -> Way:
        unknown = set(spec) - cls.FIELDS
        if unknown:
            raise ValueError(f"unknown item alternative fields {sorted(unknown)}")
        raw = spec.get("achievement")
        filters = tuple(AchievementFilter.compile(f) for f in ([raw] if isinstance(raw, dict) else raw or []))
        skill = spec.get("skill_certificate")
        way = cls(
            filters=filters,
            count_min=int(spec.get("count_min", 1)),
            review=bool(spec.get("review", False)),
            work_years_min=spec.get("work_years_min"),
            salary_min=spec.get("salary_min"),
            skill_levels=_set(skill) if skill else None,
            skill_years_min=float(spec.get("years_min", 0)),
            label=spec.get("label", ""),
        )
        if not (
            way.filters or way.work_years_min is not None or way.salary_min is not None or way.skill_levels
        ):
            raise ValueError(
                "an item alternative needs achievement, work_years_min, salary_min or skill_certificate"
            )
        return way


@dataclass(frozen=True)
class Item:
    ref: str
    text: str
    ways: tuple[Way, ...]
    qualitative: bool

    @classmethod
    def compile(cls, spec: Mapping[str, Any]) -> Item:
        unknown = set(spec) - {"ref", "text", "any", "qualitative"}
        if unknown:
            raise ValueError(f"unknown item fields {sorted(unknown)}")
        ways = tuple(Way.compile(w) for w in spec.get("any") or [])
        qualitative = bool(spec.get("qualitative", not ways))
        return cls(ref=str(spec["ref"]), text=spec.get("text", ""), ways=ways, qualitative=qualitative)


MIN_TEXT_MATCH = 8  # characters; shorter free text is too vague to name a condition


def claim_matches(claim_clause: str, key: str, item_text: str = "") -> bool:
    """Does a claim name this item? Either by clause, with or without the document
    ("第十五条(二)1(1)", "温机工协创〔2022〕1号 第十五条（二）1（1）"), or — as the archive lets an
    applicant write — by the condition's own words ("具有指导助理工程师工作和学习的经历和能力")."""
    text = normalise_clause(claim_clause)
    if key and (text == key or text.endswith(key)):
        return True
    condition = normalise_clause(item_text)
    if len(text) < MIN_TEXT_MATCH or not condition:
        return False
    return condition in text or text in condition
