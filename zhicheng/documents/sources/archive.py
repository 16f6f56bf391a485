"""Archive → form parts: pure functions over the archive's version data (dicts in the schema of
archive/kinds.py), shared by the model-instance path (评审表) and the column path (花名册)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhicheng.archive.kinds import SUBTYPES

from ..data import (
    Achievement,
    AnnualAssessment,
    ContinuingEducationYear,
    EducationEntry,
    TitleEntry,
    WorkEntry,
)
from .vocab import (
    ACHIEVEMENT_CATEGORY,
    ASSESSMENT_LABEL,
    DEGREE_LABEL,
    EDUCATION_FOR_LEVEL,
    EDUCATION_RANK,
    GRADE_LABEL,
    TITLE_RANK,
    as_decimal,
    as_int,
    choice_label,
    parse_date,
    qualification_name,
)

# Pure functions over the archive's version data (dicts in the schema of archive/kinds.py),
# so they are shared by the model-instance path (评审表) and the column path (花名册).


def highest_education(educations: Iterable[dict]) -> dict | None:
    ranked = [e for e in educations if e.get("level") in EDUCATION_FOR_LEVEL]
    if not ranked:
        return None
    return min(ranked, key=lambda e: (EDUCATION_RANK.index(e["level"]), str(e.get("graduated_on") or "")))


def education_entries(educations: Iterable[dict]) -> tuple[EducationEntry, ...]:
    out = []
    for e in sorted(educations, key=lambda e: str(e.get("graduated_on") or "")):
        end = parse_date(e.get("graduated_on"))
        level = EDUCATION_FOR_LEVEL.get(e.get("level", ""))
        if end is None or level is None:
            continue
        out.append(
            EducationEntry(
                start=parse_date(e.get("enrolled_on")),
                end=end,
                school=str(e.get("school") or ""),
                major=str(e.get("major") or ""),
                level=level,
                degree=DEGREE_LABEL.get(e.get("degree") or "", ""),
                mode="全日制" if e.get("full_time", True) else "非全日制",
            )
        )
    return tuple(out)


def work_entries(works: Iterable[dict]) -> tuple[WorkEntry, ...]:
    out = []
    for w in sorted(works, key=lambda w: str(w.get("from") or "")):
        start = parse_date(w.get("from"))
        if start is None:
            continue
        post = str(w.get("post") or "")
        description = " ".join(str(w.get("description") or "").split())
        out.append(
            WorkEntry(
                start=start,
                end=parse_date(w.get("to")),
                employer=str(w.get("employer_name") or ""),
                # 从事何种专业技术工作: the applicant's description when given, else the post.
                work=description or post,
                post=post if description else "",
            )
        )
    return tuple(out)


def title_name(t: dict) -> str:
    name = qualification_name(str(t.get("level") or ""))
    specialty = str(t.get("specialty") or "").strip()
    return f"{name}（{specialty}）" if specialty else name


def title_entries(titles: Iterable[dict]) -> tuple[TitleEntry, ...]:
    out = []
    for t in sorted(titles, key=lambda t: str(t.get("obtained_on") or "")):
        obtained = parse_date(t.get("obtained_on"))
        if obtained is None:
            continue
        out.append(
            TitleEntry(
                name=title_name(t),
                obtained_on=obtained,
                issued_by=str(t.get("issued_by") or ""),
                appointed_on=parse_date(t.get("appointed_from")),
                certificate_no=str(t.get("certificate_no") or ""),
            )
        )
    return tuple(out)


def current_title(titles: Iterable[dict]) -> dict | None:
    ranked = [t for t in titles if t.get("level") in TITLE_RANK and parse_date(t.get("obtained_on"))]
    if not ranked:
        return None
    return max(ranked, key=lambda t: (TITLE_RANK.index(t["level"]), str(t.get("obtained_on"))))


def current_post(title: dict | None, *, today: date | None = None) -> tuple[str, date | None]:
    """现聘专业技术职务: the highest title while its appointment runs (no end, or not ended)."""
    if not title or not title.get("appointed_from"):
        return "", None
    ends = parse_date(title.get("appointed_to"))
    if ends is not None and ends < (today or timezone.localdate()):
        return "", None
    return qualification_name(str(title.get("level"))), parse_date(title.get("appointed_from"))


def assessments(rows: Iterable[dict], *, employer: str = "") -> tuple[AnnualAssessment, ...]:
    out = []
    for a in sorted(rows, key=lambda a: as_int(a.get("year")) or 0):
        year = as_int(a.get("year"))
        if year is None:
            continue
        out.append(
            AnnualAssessment(
                year=year,
                result=ASSESSMENT_LABEL.get(a.get("result", ""), str(a.get("result") or "")),
                employer=str(a.get("employer_name") or employer),
            )
        )
    return tuple(out)


def _ce_amount(row: dict) -> Decimal:
    # 学时 when given; a record kept in 学分 counts as its number (the form has one column).
    return (
        as_decimal(row.get("hours")) if row.get("hours") not in (None, "") else as_decimal(row.get("credits"))
    )


def continuing_education(rows: Iterable[dict]) -> tuple[ContinuingEducationYear, ...]:
    per_year: dict[int, dict[str, Any]] = {}
    for r in rows:
        year = as_int(r.get("year"))
        if year is None:
            continue
        slot = per_year.setdefault(
            year,
            {
                "general_public": Decimal(0),
                "industry_public": Decimal(0),
                "professional": Decimal(0),
                "by": [],
            },
        )
        category = r.get("category")
        if category in ("general_public", "industry_public", "professional"):
            slot[category] += _ce_amount(r)
        by = str(r.get("provider") or "") or choice_label("continuing_education", "route", r.get("route"))
        if by and by not in slot["by"]:
            slot["by"].append(by)
    return tuple(
        ContinuingEducationYear(
            year=year,
            general_hours=slot["general_public"],
            industry_hours=slot["industry_public"],
            professional_hours=slot["professional"],
            registry="、".join(slot["by"]),
        )
        for year, slot in sorted(per_year.items())
    )


def ce_total(rows: Iterable[dict]) -> Decimal:
    return sum((_ce_amount(r) for r in rows), Decimal(0))


def achievement_of(kind: str, data: dict) -> Achievement:
    if kind == "experience_claim":
        return Achievement(
            category="经历能力",
            title=f"{data.get('clause', '')}：{' '.join(str(data.get('text') or '').split())}",
        )
    type_ = str(data.get("type") or "")
    role = choice_label("achievement", "role", data.get("role"))
    rank = as_int(data.get("rank"))
    if rank:
        role = f"{role}（排名第{rank}）" if role else f"排名第{rank}"
    level = choice_label("achievement", "level", data.get("level"))
    subtype = dict(SUBTYPES.get(type_, ())).get(data.get("subtype") or "", "")
    grade = GRADE_LABEL.get(as_int(data.get("grade")) or 0, "")
    return Achievement(
        category=ACHIEVEMENT_CATEGORY.get(type_, "其他"),
        title=str(data.get("title") or ""),
        achieved_on=parse_date(data.get("date")),
        role=role,
        level=" ".join(p for p in (f"{level}级" if level else "", subtype, grade) if p),
        source=str(data.get("issuer_region") or ""),
    )


def achievement_summary(items: Sequence[Achievement], *, limit: int = 6) -> str:
    """One line for the employer's 公示表: 专利：一种阀门密封结构（2020.05）；…"""
    parts = []
    for a in items[:limit]:
        when = f"（{a.achieved_on.year}.{a.achieved_on.month:02d}）" if a.achieved_on else ""
        parts.append(f"{a.category}：{a.title}{when}")
    if len(items) > limit:
        parts.append(f"等{len(items)}项")
    return "；".join(parts)


@dataclass
class Archive:
    """An application's archive versions grouped by kind (merged with the employer's checks)."""

    by_kind: dict[str, list[dict]]
    achievements: list[Achievement]

    @classmethod
    def of(cls, versions: Iterable[Any], *, representative_entries: Iterable[int] = ()) -> Archive:
        by_kind: dict[str, list[dict]] = defaultdict(list)
        picked: list[Achievement] = []
        representative = set(representative_entries)
        for v in versions:
            kind = v.entry.kind
            data = v.merged_data
            by_kind[kind].append(data)
            if kind in ("achievement", "experience_claim"):
                a = achievement_of(kind, data)
                if v.entry_id in representative:
                    a = replace(a, representative=True)
                picked.append(a)
        return cls(by_kind=by_kind, achievements=picked)

    def get(self, kind: str) -> list[dict]:
        return self.by_kind.get(kind, [])
