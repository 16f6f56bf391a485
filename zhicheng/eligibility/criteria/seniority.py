"""Kinds of criteria: education and seniority (学历、资历), and the single-break (破格) route
that waives them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import majors
from ..context import (
    DEGREE_NAMES,
    EDUCATION_NAMES,
    EDUCATION_RANK,
    LEVEL_NAMES,
    OTHER_SERIES,
    SERIES_NAMES,
    VOCATIONAL_EQUIVALENT,
    Context,
    Education,
)
from ..dates import ZERO, Span, clip, total_span
from .base import MET, NOT_MET, REVIEW, Verdict, _num, kind


@dataclass(frozen=True)
class Row:
    label: str
    levels: frozenset[str]
    degrees: frozenset[str]
    years: float

    def accepts(self, education: Education, level: str) -> bool:
        return level in self.levels or (education.degree is not None and education.degree in self.degrees)


def _compile_rows(p):
    rows = []
    for row in p["rows"]:
        unknown = set(row) - {"label", "levels", "degrees", "years"}
        if unknown:
            raise ValueError(f"unknown row fields {sorted(unknown)}")
        for level in row.get("levels", []):
            if level not in EDUCATION_RANK:
                raise ValueError(f"unknown education level {level!r}")
        for degree in row.get("degrees", []):
            if degree not in DEGREE_NAMES:
                raise ValueError(f"unknown degree {degree!r}")
        rows.append(
            Row(
                row["label"],
                frozenset(row.get("levels", [])),
                frozenset(row.get("degrees", [])),
                row["years"],
            )
        )
    p = dict(p)
    p["rows"] = tuple(rows)
    basis = p["basis"]
    if not (
        basis in ("work", "work_after_graduation")
        or (isinstance(basis, dict) and basis.get("title") in LEVEL_NAMES)
    ):
        raise ValueError("basis must be work, work_after_graduation or {title: <level>}")
    return p


REGISTERED = "registered"
CONVERTED = "converted"
ANY_MATCHES = "any_matches"
STATUS_LABELS = {
    **majors.LABELS,
    REGISTERED: "已取得本专业国家注册类资格，视同具备规定学历",
    CONVERTED: "经一年以上本专业脱产继续教育认定为本专业或相近专业",
    ANY_MATCHES: "另有一致或相近的学历，按最高学历认定",
}
MAJOR_OK = {majors.SAME, majors.SIMILAR, REGISTERED, CONVERTED, ANY_MATCHES}


def effective_level(ctx: Context, education: Education) -> str:
    level = education.level
    if ctx.ruleset.education.get("vocational_equivalence") and education.vocational:
        equivalent = VOCATIONAL_EQUIVALENT[education.vocational]
        if EDUCATION_RANK[equivalent] > EDUCATION_RANK[level]:
            level = equivalent
    return level


def _has_registered_qualification(ctx: Context) -> bool:
    spec = majors.normalise(ctx.specialty)
    for q in ctx.profile.get("registered_qualifications") or []:
        own = majors.normalise(q.get("specialty") or q.get("name") or "")
        if own and spec and (own in spec or spec in own):
            return True
    return False


def education_statuses(ctx: Context) -> list[tuple[Education, str, str]]:
    """Each diploma with its effective level and how its major relates to the specialty."""
    policy = ctx.ruleset.education
    lists = ctx.ruleset.majors
    registered = policy.get("registered_qualification") and _has_registered_qualification(ctx)
    out = []
    for e in ctx.educations:
        if e.graduated_on > ctx.as_of:
            continue
        status = lists.classify(e.major, ctx.specialty)
        if status not in (majors.SAME, majors.SIMILAR):
            if registered:
                status = REGISTERED
            elif policy.get("ce_conversion") and e.converted_by_ce:
                status = CONVERTED
        out.append((e, effective_level(ctx, e), status))
    if policy.get("highest_if_any_matches") and any(
        s in (majors.SAME, majors.SIMILAR, CONVERTED) for _, _, s in out
    ):
        out = [(e, lvl, s if s in MAJOR_OK else ANY_MATCHES) for e, lvl, s in out]
    return out


@dataclass(frozen=True)
class Seniority:
    education: Education | None
    level: str | None
    status: str | None
    row: Row | None
    span: Span
    basis_text: str
    start: Any
    met: bool
    reason: str  # why no education qualifies, when none does

    @property
    def education_ok(self) -> bool:
        return self.row is not None

    @property
    def required(self) -> float:
        return self.row.years if self.row is not None else 0

    def education_text(self, ctx: Context) -> str:
        e, row = self.education, self.row
        assert e is not None and row is not None and self.status is not None, (
            "only for a qualifying education"
        )
        label = e.label(bool(ctx.ruleset.education.get("vocational_equivalence")))
        if e.degree and e.level not in row.levels:
            label = f"{label}（{DEGREE_NAMES[e.degree]}）"
        return f"{label}（{e.major}，{STATUS_LABELS[self.status]}）"


def _basis(ctx: Context, p, education: Education | None) -> tuple[Span, Any, str]:
    basis = p["basis"]
    if isinstance(basis, dict):
        level = basis["title"]
        intervals = ctx.title_intervals(level)
        text = f"任{LEVEL_NAMES[level]}"
        if not intervals:
            return ZERO, None, f"{text}（未取得{LEVEL_NAMES[level]}资格）"
    else:
        intervals = ctx.work_intervals(professional=True, related=p.get("related", True))
        text = "毕业后从事本专业或相近专业工作" if basis == "work_after_graduation" else "从事本专业技术工作"
    if education is not None and (basis == "work_after_graduation" or not p.get("combine", False)):
        intervals = clip(intervals, start=education.graduated_on)
    start = intervals[0][0] if intervals else None
    return total_span(intervals), start, text


def assess(ctx: Context, p) -> Seniority:
    """The best way the applicant's diplomas and years meet the rows of a seniority rule."""
    statuses = education_statuses(ctx)
    best: Seniority | None = None
    for row in p["rows"]:
        for education, level, status in statuses:
            if not row.accepts(education, level) or status == majors.OTHER:
                continue
            length, start, text = _basis(ctx, p, education)
            candidate = Seniority(
                education, level, status, row, length, text, start, length.at_least_years(row.years), ""
            )
            if best is None or _better(candidate, best):
                best = candidate
    if best is not None:
        return best
    length, start, text = _basis(ctx, p, None)
    return Seniority(
        None, None, None, None, length, text, start, False, _no_education_reason(ctx, p, statuses)
    )


def _better(a: Seniority, b: Seniority) -> bool:
    def key(s: Seniority):
        return (s.met, s.status != majors.UNLISTED, s.span.months / max(s.required * 12, 1))

    return key(a) > key(b)


def _no_education_reason(ctx: Context, p, statuses) -> str:
    wanted = "；".join(f"{r.label}" for r in p["rows"])
    if not statuses:
        return f"未填写学历，规定学历为：{wanted}"
    for row in p["rows"]:
        for education, level, status in statuses:
            if row.accepts(education, level) and status == majors.OTHER:
                return (
                    f"{EDUCATION_NAMES[level]}（{education.major}）所学专业与申报专业「{ctx.specialty}」"
                    f"不一致或不相近，视为不具备规定学历"
                )
    top = max(statuses, key=lambda s: EDUCATION_RANK[s[1]])
    return f"最高学历{EDUCATION_NAMES[top[1]]}，未达到规定学历（{wanted}）"


def title_notes(ctx: Context, p) -> tuple[str, bool]:
    """Held titles left out of "任X年限" (seed 003 第五条), and whether any is for a reviewer."""
    basis = p.get("basis")
    level = basis.get("title") if isinstance(basis, dict) else p.get("level")
    if not level:
        return "", False
    return uncounted_text(ctx, level)


def uncounted_text(ctx: Context, level: str) -> tuple[str, bool]:
    notes, unclear = [], False
    name = LEVEL_NAMES[level]
    for title, standing in ctx.uncounted_titles(level):
        if standing == OTHER_SERIES:
            notes.append(
                f"所持{title.specialty or '其他'}专业{name}（{SERIES_NAMES.get(title.series, title.series)}）不属工程系列，"
                f"须先转评为本专业{name}，转评后聘任满1年方可申报高一级，不计入任职年限"
            )
        else:
            unclear = True
            notes.append(
                f"所持「{title.specialty or '（未填写专业）'}」专业{name}与申报专业「{ctx.specialty}」"
                f"是否相同或相近无法自动判断（缺：资格专业与申报专业的对应关系），需审核"
            )
    return "；".join(notes), unclear


def _seniority_detail(ctx: Context, s: Seniority) -> str:
    sign = "≥" if s.met else "<"
    return f"{s.education_text(ctx)}，{s.basis_text} {s.span.text()} {sign} {_num(s.required)}年"


def _describe_rows(p):
    basis = p["basis"]
    if isinstance(basis, dict):
        what = f"取得{LEVEL_NAMES[basis['title']]}资格后实际聘任满"
    elif basis == "work_after_graduation":
        what = "毕业后从事本专业或相近专业工作满"
    else:
        what = "从事本专业技术工作满"
    parts = [f"{r.label}，{what}{_num(r.years)}年" for r in p["rows"]]
    text = "；".join(parts)
    if p.get("combine"):
        text += "（取得学历前后的年限可累计）"
    return text + "；所学专业须与申报专业相同或相近"


@kind(
    "education_years",
    required=["rows", "basis"],
    optional=["combine", "related"],
    describe=_describe_rows,
    compile=_compile_rows,
)
def education_years(p, ctx: Context) -> Verdict:
    s = assess(ctx, p)
    ctx.facts["min_years"] = s.required or None
    ctx.facts["seniority_start"] = s.start
    notes, unclear = title_notes(ctx, p)
    tail = f"；{notes}" if notes else ""
    if not s.education_ok:
        return Verdict(NOT_MET, s.reason + tail)
    detail = _seniority_detail(ctx, s) + tail
    if not s.met:
        return Verdict(REVIEW if unclear else NOT_MET, detail)
    if s.status == majors.UNLISTED:
        return Verdict(REVIEW, detail + "；所学专业与申报专业的对应关系需审核")
    return Verdict(MET, detail)


def _describe_single_break(p):
    base = _describe_rows(p)
    edu = f"不具备规定学历的，{_describe_title_years(p, p['education_break_years'])}"
    if "years_break_min" in p:
        years = f"具备规定学历的，{_describe_title_years(p, p['years_break_min'])}"
    else:
        years = f"具备规定学历的，资历可提前不超过{_num(p['years_break_advance'])}年"
    return f"仅限单破（学历破格或资历破格之一）。规定学历资历：{base}。{edu}；{years}"


def _describe_title_years(p, years):
    basis = p["basis"]
    if isinstance(basis, dict):
        return f"任{LEVEL_NAMES[basis['title']]}满{_num(years)}年"
    return f"从事本专业技术工作满{_num(years)}年"


@kind(
    "single_break",
    required=["rows", "basis", "education_break_years"],
    optional=["combine", "related", "years_break_advance", "years_break_min"],
    describe=_describe_single_break,
    compile=_compile_rows,
)
def single_break(p, ctx: Context) -> Verdict:
    s = assess(ctx, p)
    ctx.facts["seniority_start"] = s.start
    if s.education_ok and s.met:
        ctx.facts["min_years"] = s.required
        return Verdict(MET, f"已具备规定学历和资历，无需破格：{_seniority_detail(ctx, s)}")
    if s.education_ok:
        ctx.facts["min_years"] = s.required
        if "years_break_min" in p:
            need = p["years_break_min"]
        else:
            need = max(s.required - p["years_break_advance"], 0)
        ok = s.span.at_least_years(need)
        detail = (
            f"资历破格：{s.education_text(ctx)}，{s.basis_text} {s.span.text()} "
            f"{'≥' if ok else '<'} {_num(need)}年（规定{_num(s.required)}年）"
        )
        if not ok:
            notes, unclear = title_notes(ctx, p)
            tail = f"；{notes}" if notes else ""
            return Verdict(REVIEW if unclear else NOT_MET, detail + "，超出资历破格的限度" + tail)
        if s.status == majors.UNLISTED:
            return Verdict(REVIEW, detail + "；所学专业对应关系需审核")
        return Verdict(MET, detail)
    need = p["education_break_years"]
    ctx.facts["min_years"] = need
    # Education is broken, so the years are measured without clipping at any graduation.
    length, start, text = _basis(ctx, p, None)
    ok = length.at_least_years(need)
    detail = f"学历破格：{s.reason}；{text} {length.text()} {'≥' if ok else '<'} {_num(need)}年"
    if ok:
        return Verdict(MET, detail)
    notes, unclear = title_notes(ctx, p)
    tail = f"；{notes}" if notes else ""
    return Verdict(REVIEW if unclear else NOT_MET, detail + "；学历、资历不可同时破格（单破）" + tail)
