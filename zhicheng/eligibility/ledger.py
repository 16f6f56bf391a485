"""The continuing-education ledger (继续教育学时登记) of seed 003 附件8.

台经信人教〔2018〕90号 第六条 lists the routes for 专业科目 and their hours; 台经信〔2019〕39号
adds that each route counts at most 36 hours a year, that hours belong to the year of the
activity, and the rank weights for shared items. 第七条 公需科目 are registered as the
course marks them. A plan may lift the cap for a route and year (seed 002 四(四): online
courseware in 2020).

Pure: entries in (approved archive entries, as dicts), totals out — the per-year,
per-category records that profile.continuing_education carries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import parse_date

DEFAULT_CAP = 36.0

# 台经信〔2019〕39号 8: weights by number of participants (6 or more share one row) and rank.
RANK_WEIGHTS: dict[int, tuple[float, ...]] = {
    1: (1.00,),
    2: (0.80, 0.20),
    3: (0.75, 0.15, 0.10),
    4: (0.70, 0.15, 0.10, 0.05),
    5: (0.65, 0.15, 0.10, 0.05, 0.05),
    6: (0.60, 0.15, 0.10, 0.05, 0.05, 0.05),
}


@dataclass(frozen=True)
class RouteRule:
    name: str
    clause: str
    category: str = "professional"
    capped: bool = True
    weighted: bool = False


ROUTES: dict[str, RouteRule] = {
    "advanced_seminar": RouteRule("工程类高研班", "台经信人教〔2018〕90号 第六条(一)"),
    "filed_training": RouteRule("备案的工程类培训班、研修班", "台经信人教〔2018〕90号 第六条(二)"),
    "overseas_training": RouteRule("国（境）外工程类培训进修、学术研讨", "台经信人教〔2018〕90号 第六条(三)"),
    "specialty_training": RouteRule("本专业工程类培训进修、学术研讨", "台经信人教〔2018〕90号 第六条(四)"),
    "online_course": RouteRule("继续教育基地面授课程、网络课件", "台经信人教〔2018〕90号 第六条(五)"),
    "research": RouteRule(
        "本专业工程类立法、课题研究、规划标准制定", "台经信人教〔2018〕90号 第六条(六)", weighted=True
    ),
    "publication": RouteRule(
        "本专业工程类论文（译文）、著作（译作）", "台经信人教〔2018〕90号 第六条(七)", weighted=True
    ),
    "qualification_exam": RouteRule("本专业工程类专业技术人员资格考试", "台经信人教〔2018〕90号 第六条(八)"),
    "degree_course": RouteRule("本专业工程类在职学历（学位）教育", "台经信人教〔2018〕90号 第六条(九)"),
    "service": RouteRule("兼职教师、对口支援、服务基层、服务企业", "台经信人教〔2018〕90号 第六条(十)"),
    # 公需科目 are not among 第六条's routes, so the 36-hour cap does not apply to them.
    "public_course": RouteRule("公需科目课程", "台经信人教〔2018〕90号 第七条", category="", capped=False),
}

PER_DAY = {"filed_training": 6, "overseas_training": 6, "specialty_training": 4, "service": 4}
SEMINAR_HOURS = {"national": 36, "province": 36, "city": 24, "county": 24}
RESEARCH_HOURS = {"national": 36, "province": 24, "city": 12, "county": 6}
PUBLICATION_HOURS = {"core": 8, "national": 6, "province": 4, "other": 3}
PER_SUBJECT = 6
PER_COURSE = 3
WORDS_PER_UNIT = 10_000
PUBLIC_CATEGORIES = ("general_public", "industry_public")


class LedgerError(ValueError):
    """An entry the ledger cannot read; the message names the entry and field in Chinese."""


def rank_weight(rank: int, participants: int) -> float:
    """Share of a jointly credited item for the person at `rank` among `participants`."""
    if participants < 1 or rank < 1:
        raise LedgerError("排名和参与人数须为正整数")
    row = RANK_WEIGHTS[min(participants, 6)]
    return row[rank - 1] if rank <= len(row) else 0.0


@dataclass(frozen=True)
class LedgerLine:
    index: int
    route: str
    year: int
    category: str
    base_hours: float  # before the weight and the cap
    weight: float
    hours: float  # credited
    note: str = ""


@dataclass
class Ledger:
    lines: list[LedgerLine] = field(default_factory=list)

    @property
    def totals(self) -> dict[int, dict[str, float]]:
        out: dict[int, dict[str, float]] = {}
        for line in self.lines:
            per_year = out.setdefault(line.year, {})
            per_year[line.category] = round(per_year.get(line.category, 0) + line.hours, 2)
        return out

    def continuing_education(self) -> list[dict[str, Any]]:
        """The records profile.continuing_education carries, one per year and category."""
        return [
            {"year": year, "category": category, "hours": hours}
            for year, per_year in sorted(self.totals.items())
            for category, hours in sorted(per_year.items())
        ]


def _field(entry: Mapping[str, Any], index: int, name: str, kind=int, choices=None):
    value = entry.get(name)
    if value is None:
        raise LedgerError(f"entries[{index}].{name}：缺少必填字段")
    if choices is not None and value not in choices:
        raise LedgerError(f"entries[{index}].{name}：取值必须是 {'、'.join(choices)} 之一（收到 {value!r}）")
    if kind in (int, float) and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
        raise LedgerError(f"entries[{index}].{name}：应为非负数（收到 {value!r}）")
    return value


def _date(entry: Mapping[str, Any], index: int, name: str) -> date | None:
    try:
        return parse_date(entry.get(name))
    except ValueError:
        raise LedgerError(
            f"entries[{index}].{name}：应为 YYYY-MM-DD 格式的有效日期（收到 {entry.get(name)!r}）"
        ) from None


def _days_by_year(entry: Mapping[str, Any], index: int, start: date) -> dict[int, int]:
    """Training days per calendar year: a course over New Year splits by the days in each year."""
    end = _date(entry, index, "end")
    if end is None:
        return {start.year: _field(entry, index, "days") if "days" in entry else 1}
    if end < start:
        raise LedgerError(f"entries[{index}].end：结束日期早于开始日期")
    out: dict[int, int] = {}
    for year in range(start.year, end.year + 1):
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        out[year] = (last - first).days + 1
    return out


def entry_hours(entry: Mapping[str, Any], index: int = 0) -> list[tuple[int, str, float, float, str]]:
    """(year, category, base hours, weight, note) for one entry, before the yearly cap."""
    route = _field(entry, index, "route", str, tuple(ROUTES))
    _field(entry, index, "date", str)
    start = _date(entry, index, "date")
    assert start is not None  # _field refused a missing date
    if entry.get("in_specialty") is False and route != "public_course":
        # 台经信〔2019〕39号 3: "非本专业的培训、研修活动不计学时".
        return [(start.year, "professional", 0.0, 1.0, "非本专业，不计学时")]
    weight, note = 1.0, ""
    if ROUTES[route].weighted:
        participants = int(entry.get("participants", 1))
        rank = int(entry.get("rank", 1))
        weight = rank_weight(rank, participants)
        note = f"{participants}人中排名第{rank}，加权系数{weight:.2f}"
    if route in PER_DAY:
        days = _days_by_year(entry, index, start)
        return [
            (y, "professional", PER_DAY[route] * d, 1.0, f"{d}天×{PER_DAY[route]}学时")
            for y, d in days.items()
        ]
    if route == "advanced_seminar":
        level = _field(entry, index, "level", str, tuple(SEMINAR_HOURS))
        return [(start.year, "professional", SEMINAR_HOURS[level], 1.0, "")]
    if route == "research":
        level = _field(entry, index, "level", str, tuple(RESEARCH_HOURS))
        return [(start.year, "professional", RESEARCH_HOURS[level], weight, note)]
    if route == "publication":
        venue = _field(entry, index, "venue", str, tuple(PUBLICATION_HOURS))
        if entry.get("kind", "paper") == "book":
            # Hours are per full 10,000 characters written ("每万字著作").
            units = math.floor(_field(entry, index, "words") / WORDS_PER_UNIT)
            note = f"{units}万字；{note}"
        else:
            units = 1
        return [(start.year, "professional", PUBLICATION_HOURS[venue] * units, weight, note)]
    if route == "qualification_exam":
        subjects = _field(entry, index, "subjects")
        return [(start.year, "professional", PER_SUBJECT * subjects, 1.0, f"{subjects}科合格")]
    if route == "degree_course":
        courses = _field(entry, index, "courses")
        return [(start.year, "professional", PER_COURSE * courses, 1.0, f"{courses}门课程合格")]
    hours = float(_field(entry, index, "hours", float))
    if route == "public_course":
        category = _field(entry, index, "category", str, PUBLIC_CATEGORIES)
        return [(start.year, category, hours, 1.0, "")]
    return [(start.year, "professional", hours, 1.0, "按课件标定学时")]


def cap_for(
    route: str, year: int, caps: Mapping[Any, float | None] | None, default_cap: float
) -> float | None:
    """The yearly cap of a route: a (route, year) override, then a route override, then the default."""
    if caps:
        if (route, year) in caps:
            return caps[(route, year)]
        if route in caps:
            return caps[route]
    return default_cap


def compile_ledger(
    entries: Iterable[Mapping[str, Any]],
    *,
    default_cap: float = DEFAULT_CAP,
    caps: Mapping[Any, float | None] | None = None,
) -> Ledger:
    """Credit approved entries: hours by route rule × rank weight, at most `default_cap` per
    route and year (None in `caps` lifts it), in date order so that the earliest activities
    fill the cap first."""
    rows = []
    for index, entry in enumerate(entries):
        if entry.get("approved") is False:
            continue  # only entries the employer approved reach the ledger
        for year, category, base, weight, note in entry_hours(entry, index):
            rows.append(
                (_date(entry, index, "date"), index, entry["route"], year, category, base, weight, note)
            )
    rows.sort(key=lambda r: (r[3], r[0], r[1]))
    used: dict[tuple[str, int], float] = {}
    ledger = Ledger()
    for _, index, route, year, category, base, weight, note in rows:
        hours = round(base * weight, 2)
        if ROUTES[route].capped:
            cap = cap_for(route, year, caps, default_cap)
            if cap is not None:
                room = max(cap - used.get((route, year), 0.0), 0.0)
                if hours > room:
                    note = "；".join(
                        filter(None, [note, f"超出该途径{year}年度{cap:g}学时上限，计{room:g}学时"])
                    )
                    hours = room
            used[(route, year)] = used.get((route, year), 0.0) + hours
        ledger.lines.append(LedgerLine(index, route, year, category, base, weight, round(hours, 2), note))
    return ledger


def ledger_records(entries: Iterable[Mapping[str, Any]], **options: Any) -> list[dict[str, Any]]:
    """Shortcut: entries → profile.continuing_education records."""
    return compile_ledger(entries, **options).continuing_education()
