"""The kinds of criteria. A rule set's data names a kind and gives its parameters; each kind
is a small pure function (params, context) → Verdict, plus a plain-Chinese description for
the public page. Adding a rule set never needs a new function here — only a new *kind* does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import majors
from .achievements import Item, claim_matches, normalise_clause
from .context import (
    DEGREE_NAMES,
    EDUCATION_NAMES,
    EDUCATION_RANK,
    LEVEL_NAMES,
    OTHER_SERIES,
    SERIES_NAMES,
    VOCATIONAL_EQUIVALENT,
    Context,
    Education,
    paper_counts,
)
from .dates import (
    ZERO,
    Span,
    add_months,
    add_years,
    clip,
    month_index,
    month_label,
    span,
    to_date,
    total_span,
)

MET = "met"
NOT_MET = "not_met"
REVIEW = "needs_review"
NA = "not_applicable"
RESULT_ORDER = {MET: 0, NA: 0, REVIEW: 1, NOT_MET: 2}
RESULT_NAMES = {MET: "符合", NOT_MET: "不符合", REVIEW: "待审核", NA: "不适用"}


@dataclass(frozen=True)
class Verdict:
    result: str
    detail: str


@dataclass(frozen=True)
class Kind:
    name: str
    check: Callable[[Mapping[str, Any], Context], Verdict]
    describe: Callable[[Mapping[str, Any]], str]
    required: frozenset[str]
    optional: frozenset[str]
    compile: Callable[[dict[str, Any]], dict[str, Any]] | None


KINDS: dict[str, Kind] = {}


def kind(name: str, *, describe, required=(), optional=(), compile=None):
    def register(fn):
        KINDS[name] = Kind(name, fn, describe, frozenset(required), frozenset(optional), compile)
        return fn

    return register


def _num(value: float) -> str:
    return f"{value:g}"


def _join(items, sep="、") -> str:
    return sep.join(str(i) for i in items)


# ---------------------------------------------------------------------------------------
# Scope: specialty, employer, civil servants, region
# ---------------------------------------------------------------------------------------


def _describe_specialty(p):
    text = f"申报专业属本评委会评审范围（{_join(p['accepted'])}等）"
    for group in p.get("excluded", []):
        text += f"；从事{_join(group['names'])}等专业的，{group['reason']}"
    return text


@kind(
    "specialty_scope", required=["accepted"], optional=["excluded", "otherwise"], describe=_describe_specialty
)
def specialty_scope(p, ctx: Context) -> Verdict:
    spec = majors.normalise(ctx.specialty)
    for group in p.get("excluded", []):
        hit = next((name for name in group["names"] if majors.normalise(name) in spec), None)
        if hit:
            return Verdict(
                NOT_MET,
                f"申报专业「{ctx.specialty}」属{group['label']}（{_join(group['names'])}），{group['reason']}",
            )
    hit = next((name for name in p["accepted"] if majors.normalise(name) in spec), None)
    if hit:
        return Verdict(MET, f"申报专业「{ctx.specialty}」属评审范围（{hit}）")
    return Verdict(
        p.get("otherwise", REVIEW),
        f"申报专业「{ctx.specialty}」未列入评审范围（{_join(p['accepted'])}），需评委会办公室确认",
    )


EMPLOYER_TYPE_NAMES = {
    "private": "民营企业",
    "state_owned": "国有企业",
    "collective": "集体企业",
    "foreign": "外资企业",
    "public_institution": "事业单位",
    "civil_service_managed_institution": "参照公务员法管理的事业单位",
    "central_soe_branch": "中央企业驻杭分支企业",
    "provincial_soe": "浙江省省直国有及国有控股企业",
    "power_transport_highway_soe": "电力、交通、公路国有及国有控股企业",
    "other": "其他单位",
}


def _describe_employer_type(p):
    if "allowed" in p:
        return f"单位性质须为：{_join(EMPLOYER_TYPE_NAMES[t] for t in p['allowed'])}"
    return f"不含{_join(EMPLOYER_TYPE_NAMES[t] for t in p['excluded'])}"


@kind("employer_type", optional=["allowed", "excluded"], describe=_describe_employer_type)
def employer_type(p, ctx: Context) -> Verdict:
    value = ctx.profile.get("employer_type") or "private"
    name = EMPLOYER_TYPE_NAMES.get(value, value)
    if value in p.get("excluded", ()) or ("allowed" in p and value not in p["allowed"]):
        return Verdict(NOT_MET, f"单位性质为{name}，不在本评委会评审范围")
    return Verdict(MET, f"单位性质为{name}，属评审范围")


ESTABLISHMENT_NAMES = {
    "none": "非编制（企业）",
    "civil_service": "行政编制",
    "civil_service_managed": "参照公务员法管理",
    "public_institution": "事业编制",
}


def _describe_civil_servant(p):
    names = [
        ESTABLISHMENT_NAMES[e]
        for e in p.get("excluded_establishments", ["civil_service", "civil_service_managed"])
    ]
    return f"公务员（含参照公务员法管理人员）不得参加职称评审；不受理{_join(names)}人员"


@kind("civil_servant", optional=["excluded_establishments"], describe=_describe_civil_servant)
def civil_servant(p, ctx: Context) -> Verdict:
    establishment = ctx.profile.get("establishment") or "none"
    excluded = p.get("excluded_establishments", ["civil_service", "civil_service_managed"])
    if ctx.profile.get("civil_servant"):
        return Verdict(NOT_MET, "申报人为公务员或参照公务员法管理人员，不得参加专业技术人才职称评审")
    if establishment in excluded:
        return Verdict(NOT_MET, f"申报人属{ESTABLISHMENT_NAMES[establishment]}人员，不在申报范围")
    return Verdict(MET, f"非公务员，编制情况：{ESTABLISHMENT_NAMES.get(establishment, establishment)}")


def _strip_city(name: str) -> str:
    return (name or "").strip().removesuffix("市")


def _describe_region(p):
    where = p.get("label") or _join(p.get("counties") or p.get("cities") or [p.get("province", "")])
    return f"用人单位在{where}"


@kind(
    "employer_region",
    required=["label"],
    optional=["province", "cities", "counties", "otherwise", "otherwise_note"],
    describe=_describe_region,
)
def employer_region(p, ctx: Context) -> Verdict:
    region = ctx.profile.get("employer_region") or {}
    if not region:
        return Verdict(REVIEW, f"未提供用人单位所在地，需核实是否为{p['label']}单位")
    where = "".join(region.get(k) or "" for k in ("province", "city", "county")) or "（空）"
    ok = True
    if p.get("province") and region.get("province") and region["province"] != p["province"]:
        ok = False
    if p.get("cities"):
        cities = {_strip_city(c) for c in p["cities"]}
        ok = ok and (
            _strip_city(region.get("city") or "") in cities
            or _strip_city(region.get("county") or "") in cities
        )
    if p.get("counties"):
        ok = ok and (region.get("county") or "") in p["counties"]
    if ok:
        return Verdict(MET, f"用人单位所在地 {where}，属{p['label']}")
    note = f"，{p['otherwise_note']}" if p.get("otherwise_note") else ""
    return Verdict(p.get("otherwise", NOT_MET), f"用人单位所在地 {where}，不属{p['label']}{note}")


# ---------------------------------------------------------------------------------------
# Education and seniority (学历、资历)
# ---------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------
# k of n item lists (破格, 越级, 技能人才, 第八条–第十六条)
# ---------------------------------------------------------------------------------------


def _compile_items(p):
    p = dict(p)
    p["items"] = tuple(Item.compile(i) for i in p["items"])
    if not 1 <= p["k"] <= len(p["items"]):
        raise ValueError("k must be between 1 and the number of items")
    if p.get("period", "current_title") not in ("current_title", "all"):
        raise ValueError("period must be current_title or all")
    return p


def _describe_items(p):
    n, k = len(p["items"]), p["k"]
    if n == 1:
        head = "须具备"
    elif k == n:
        head = f"下列{n}项条件须全部具备"
    else:
        head = f"具备下列{n}项条件中的{k}项"
    if p.get("period", "current_title") == "current_title":
        head = "任现职期间，" + head
    return head + "：" + "；".join(f"{i.ref}{i.text}" for i in p["items"])


def _item_status(item: Item, p, ctx: Context, achievements) -> tuple[str, str]:
    """(met | review | none, explanation) for one catalogue item."""
    best, notes = "none", []
    for way in item.ways:
        status, note = _way_status(way, ctx, achievements)
        if status == "met":
            return "met", note
        if status == "review" and best == "none":
            best, notes = "review", [note]
        elif note and best == "none":
            notes.append(note)
    if best == "none" and item.qualitative:
        key = normalise_clause(p.get("claim_prefix", "") + item.ref)
        for claim in ctx.claims:
            if not claim_matches(claim.get("clause", ""), key, item.text):
                continue
            if claim.get("evidence"):
                return "review", f"申报人声明「{claim.get('text', '')}」（附佐证，待评审认定）"
            notes.append(f"声明「{claim.get('text', '')}」未附佐证")
    return best, "；".join(n for n in notes if n)


def _way_status(way, ctx: Context, achievements) -> tuple[str, str]:
    hit = "review" if way.review else "met"
    if way.filters:
        matched = [a for a in achievements if any(f.matches(a) for f in way.filters)]
        n = sum(a.count for a in matched)
        labels = "、".join(a.label() for a in matched)
        if n >= way.count_min:
            suffix = "（需评审认定）" if way.review else ""
            return hit, f"{way.label or '业绩'} {n} 项：{labels}{suffix}"
        # The clause names an issuing region the record does not give: a reviewer must look it
        # up, never a silent pass and never a refusal the applicant cannot understand.
        unknown = [
            a
            for a in achievements
            if a not in matched
            and any(f.issuer_region and f.matches(a, region_unknown=True) for f in way.filters)
        ]
        if unknown and n + sum(a.count for a in unknown) >= way.count_min:
            names = "、".join(a.label() for a in unknown)
            regions = "、".join(sorted({f.issuer_region for f in way.filters if f.issuer_region}))
            return "review", (
                f"{way.label or '业绩'}：{names} 未填写颁发（立项）单位所在地区（缺：颁发单位），"
                f"须为{regions}的，需审核"
            )
        if n:
            return "none", f"{way.label or '业绩'} {n} 项 < {way.count_min} 项：{labels}"
        return "none", ""
    if way.work_years_min is not None:
        length = total_span(ctx.work_intervals(professional=True))
        ok = length.at_least_years(way.work_years_min)
        sign = "≥" if ok else "<"
        return (
            hit if ok else "none"
        ), f"从事工程技术工作 {length.text()} {sign} {_num(way.work_years_min)}年"
    if way.salary_min is not None:
        salary = ctx.profile.get("annual_salary")
        if salary is None:
            return "none", ""
        ok = salary >= way.salary_min
        year = ctx.profile.get("annual_salary_year")
        text = f"{year}年" if year else ""
        sign = "≥" if ok else "<"
        return (
            hit if ok else "none"
        ), f"{text}年薪 {salary / 10000:g} 万元 {sign} {way.salary_min / 10000:g} 万元"
    if way.skill_levels:
        return _skill_status(way, ctx, hit)
    return "none", ""


SKILL_NAMES = {"senior_worker": "高级工", "technician": "技师", "senior_technician": "高级技师"}


def _skill_status(way, ctx: Context, hit: str) -> tuple[str, str]:
    best: tuple[Span, str] | None = None
    for cert in ctx.profile.get("skill_certificates") or []:
        if cert.get("level") not in way.skill_levels or not cert.get("obtained_on"):
            continue
        obtained = to_date(cert["obtained_on"])
        if obtained > ctx.as_of:
            continue
        length = total_span(clip(ctx.work_intervals(professional=False), start=obtained))
        if best is None or length > best[0]:
            best = (length, f"{SKILL_NAMES[cert['level']]}（{obtained.isoformat()}）")
    if best is None:
        return "none", ""
    ok = best[0].at_least_years(way.skill_years_min)
    sign = "≥" if ok else "<"
    return (
        hit if ok else "none"
    ), f"取得{best[1]}后从事技术技能工作 {best[0].text()} {sign} {_num(way.skill_years_min)}年"


@kind(
    "items",
    required=["k", "items"],
    optional=["claim_prefix", "period"],
    describe=_describe_items,
    compile=_compile_items,
)
def items(p, ctx: Context) -> Verdict:
    start = ctx.period_start if p.get("period", "current_title") == "current_title" else None
    until = ctx.achievements_until
    achievements = [a for a in ctx.achievements if a.date <= until and (start is None or a.date >= start)]
    late = [a for a in ctx.achievements if until < a.date <= ctx.as_of and (start is None or a.date >= start)]
    k, n = p["k"], len(p["items"])
    met, review = 0, 0
    lines: list[str] = []
    absent: list[str] = []
    for item in p["items"]:
        status, note = _item_status(item, p, ctx, achievements)
        if status == "met":
            met += 1
            lines.append(f"{item.ref}符合：{note}")
        elif status == "review":
            review += 1
            lines.append(f"{item.ref}待审核：{note}")
        else:
            absent.append(f"{item.ref}{item.text}")
            if note:
                lines.append(f"{item.ref}不足：{note}")
    head = f"须全部具备{n}项" if k == n else f"{n}项中须具备{k}项"
    period = ctx.period_text() if start is not None else "全部"
    if until < ctx.as_of:
        period += f"，业绩截至{until.isoformat()}"
    summary = f"{head}（{period}），已符合{met}项、待审核{review}项"
    if late:
        lines.append(f"业绩截止日（{until.isoformat()}）后取得的不计：" + "、".join(a.label() for a in late))
    if met >= k:
        result = MET
    elif met + review >= k:
        result = REVIEW
    else:
        result = NOT_MET
        if k < n:
            summary += f"，尚缺{k - met - review}项"
        else:
            # Every item is required: name the ones missing so the applicant knows what to add.
            lines.append("未具备：" + "；".join(absent))
    return Verdict(result, summary + ("：" + "；".join(lines) if lines else ""))


# ---------------------------------------------------------------------------------------
# Yearly records: continuing education, annual assessments
# ---------------------------------------------------------------------------------------


def resolve_year(ctx: Context, value: Any) -> int | None:
    """A year bound of the data: 2019, "as_of", "as_of-2", "current_title", "title:<level>", "minimum_period"."""
    if isinstance(value, int):
        return value
    if value == "as_of":
        return ctx.as_of.year
    if isinstance(value, str) and value.startswith("as_of-"):
        return ctx.as_of.year - int(value[6:])
    if value == "current_title":
        return ctx.period_start.year if ctx.period_start else None
    if isinstance(value, str) and value.startswith("title:"):
        held = ctx.counted_titles(value[6:])
        if held:
            return min(t.start for t in held).year
        return ctx.first_work_year
    if value == "minimum_period":
        years = ctx.facts.get("min_years")
        return ctx.as_of.year - int(years) + 1 if years else None
    raise ValueError(f"unknown year bound {value!r}")


def year_range(ctx: Context, p) -> tuple[int, int, str]:
    """Years a yearly rule covers; years before the first working year are not applicable."""
    start = resolve_year(ctx, p.get("from", "current_title"))
    if start is None and "default_years" in p:
        start = ctx.as_of.year - int(p["default_years"]) + 1
    end = resolve_year(ctx, p.get("to", "as_of")) or ctx.as_of.year
    if start is None:
        start = ctx.first_work_year or end
    note = ""
    if ctx.first_work_year and ctx.first_work_year > start:
        note = f"（{ctx.first_work_year}年参加工作，此前年度不适用）"
        start = ctx.first_work_year
    return start, end, note


def _check_year_bound(value, name):
    if isinstance(value, int):
        return
    if value in ("as_of", "current_title", "minimum_period"):
        return
    if isinstance(value, str) and value.startswith("as_of-") and value[6:].isdigit():
        return
    if isinstance(value, str) and value.startswith("title:") and value[6:] in LEVEL_NAMES:
        return
    raise ValueError(f"{name}: unknown year bound {value!r}")


CE_CATEGORIES = {
    "total": "合计",
    "professional": "专业科目",
    "general_public": "一般公需科目",
    "industry_public": "行业公需科目",
    "public": "公需科目（一般+行业）",
}
UNITS = {"hours": "学时", "credits": "学分"}


def _ce_value(got: Mapping[str, float], key: str) -> float:
    if key == "total":
        return sum(got.values())
    if key == "public":
        return got.get("general_public", 0) + got.get("industry_public", 0)
    return got.get(key, 0)


def _compile_ce(p):
    if p["mode"] not in ("per_year", "cumulative", "total"):
        raise ValueError("mode must be per_year, cumulative or total")
    if p.get("unit", "hours") not in UNITS:
        raise ValueError("unit must be hours or credits")
    for key in ("from", "to"):
        if key in p:
            _check_year_bound(p[key], key)
    for table in [*p.get("thresholds", []), p.get("per_year", {}), p.get("minimum", {})]:
        for key in table:
            if key not in CE_CATEGORIES and key not in ("from_year", "to_year"):
                raise ValueError(f"unknown continuing-education category {key!r}")
    if p["mode"] == "per_year" and not p.get("thresholds"):
        raise ValueError("per_year needs thresholds")
    if p["mode"] == "cumulative" and not p.get("per_year"):
        raise ValueError("cumulative needs per_year")
    if p["mode"] == "total" and not p.get("minimum"):
        raise ValueError("total needs minimum")
    return p


def _threshold_for(thresholds, year):
    for t in thresholds:
        if t.get("from_year", -9999) <= year <= t.get("to_year", 9999):
            return {k: v for k, v in t.items() if k in CE_CATEGORIES}
    return None


def _describe_ce(p):
    unit = UNITS[p.get("unit", "hours")]
    span_text = f"{_bound_text(p.get('from', 'current_title'))}至{_bound_text(p.get('to', 'as_of'))}"
    if p["mode"] == "per_year":
        parts = []
        for t in p["thresholds"]:
            when = (
                f"{t['from_year']}年及以后"
                if "from_year" in t and "to_year" not in t
                else f"{t['to_year']}年及以前"
                if "to_year" in t and "from_year" not in t
                else f"{t.get('from_year')}–{t.get('to_year')}年"
            )
            parts.append(f"{when}每年{_minimums(t, unit)}")
        return f"继续教育：{span_text}，" + "；".join(parts)
    if p["mode"] == "cumulative":
        return f"继续教育：{span_text}累计，按每年{_minimums(p['per_year'], unit)}计（自参加工作当年起算）"
    return f"继续教育：{span_text}合计{_minimums(p['minimum'], unit)}"


def _bound_text(value):
    if isinstance(value, int):
        return f"{value}年"
    if isinstance(value, str) and value.startswith("as_of-"):
        return f"资历截止年度前{value[6:]}年"
    return {
        "as_of": "资历截止年度",
        "current_title": "取得现职资格当年",
        "minimum_period": "晋升最低年限起始年度",
    }.get(value, "被聘任相应职务当年" if str(value).startswith("title:") else f"{value}")


def _minimums(table, unit):
    return "，".join(
        f"{CE_CATEGORIES[k]}不少于{_num(v)}{unit}" for k, v in table.items() if k in CE_CATEGORIES
    )


def _shortfalls(
    required: Mapping[str, float], got: Mapping[str, float], unit: str
) -> tuple[list[str], list[str]]:
    ok: list[str] = []
    short: list[str] = []
    for key, need in required.items():
        if key not in CE_CATEGORIES:
            continue
        value = _ce_value(got, key)
        (ok if value >= need else short).append(
            f"{CE_CATEGORIES[key]} {_num(value)} {'≥' if value >= need else '<'} {_num(need)}{unit}"
        )
    return ok, short


@kind(
    "continuing_education",
    required=["mode"],
    optional=["unit", "from", "to", "thresholds", "per_year", "minimum"],
    describe=_describe_ce,
    compile=_compile_ce,
)
def continuing_education(p, ctx: Context) -> Verdict:
    verdict = _continuing_education(p, ctx)
    problems = ctx.ce_records[1]
    if not problems:
        return verdict
    # Entries the ledger cannot credit are not silently dropped: a reviewer sees which field is missing.
    tail = "；无法计算学时的记录：" + "；".join(problems)
    if verdict.result == NOT_MET:
        return Verdict(REVIEW, verdict.detail + tail)
    return Verdict(verdict.result, verdict.detail + tail)


def _continuing_education(p, ctx: Context) -> Verdict:
    unit_key = p.get("unit", "hours")
    unit = UNITS[unit_key]
    start, end, note = year_range(ctx, p)
    if start > end:
        return Verdict(NA, f"{start}年前无须计算的年度{note}")
    totals = ctx.ce_totals(unit_key)
    years = range(start, end + 1)
    if p["mode"] == "per_year":
        lines, failures = [], []
        for year in years:
            required = _threshold_for(p["thresholds"], year)
            if required is None:
                continue
            of_year = totals.get(year, {})
            ok, short = _shortfalls(required, of_year, unit)
            if short:
                failures.append(f"{year}年 " + "，".join(short))
            else:
                lines.append(f"{year}年 {_num(_ce_value(of_year, 'total'))}{unit}")
        if failures:
            return Verdict(NOT_MET, f"{start}–{end}年逐年要求{note}，不足：" + "；".join(failures))
        return Verdict(MET, f"{start}–{end}年逐年达标{note}：" + "，".join(lines))
    got: dict[str, float] = {}
    for year in years:
        for category, value in totals.get(year, {}).items():
            got[category] = got.get(category, 0) + value
    if p["mode"] == "cumulative":
        count = len(years)
        required = {k: v * count for k, v in p["per_year"].items()}
        head = f"{start}–{end}年（{count}年）累计{note}"
    else:
        required = dict(p["minimum"])
        head = f"{start}年以来合计" if end >= ctx.as_of.year else f"{start}–{end}年合计"
    ok, short = _shortfalls(required, got, unit)
    if not short:
        return Verdict(MET, f"{head}：" + "；".join(ok))
    detail = f"{head}：" + "；".join(short + ok)
    if unit_key == "credits":
        hours_only = [
            r
            for r in ctx.ce_records[0]
            if r.get("credits") is None and r.get("hours") is not None and start <= r["year"] <= end
        ]
        if hours_only:
            return Verdict(REVIEW, detail + f"；另有{len(hours_only)}条仅登记学时的记录，需人工核定学分")
    return Verdict(NOT_MET, detail)


ASSESSMENT_NAMES = {
    "excellent": "优秀",
    "qualified": "合格（称职）",
    "basically_qualified": "基本合格",
    "unqualified": "不合格",
    "undetermined": "不确定等次",
}


def _compile_assessment(p):
    last = p.get("last_years")
    if last is not None and not (isinstance(last, int) and last > 0) and last != "minimum_period":
        raise ValueError("last_years must be a positive number of years or minimum_period")
    for key in ("from", "to"):
        if key in p:
            _check_year_bound(p[key], key)
    for result in p.get("accepted", []):
        if result not in ASSESSMENT_NAMES:
            raise ValueError(f"unknown assessment result {result!r}")
    return p


def _describe_assessment(p):
    accepted = p.get("accepted", ["excellent", "qualified"])
    lowest = ASSESSMENT_NAMES[accepted[-1]]
    last = p.get("last_years")
    if last is not None:
        period = "晋升级别最低年限内" if last == "minimum_period" else f"近{last}年"
        return f"年度考核：{period}（申报截止时已完成考核的最近年度起倒推）每年{lowest}以上"
    return f"年度考核：{_bound_text(p.get('from', 'current_title'))}至{_bound_text(p.get('to', 'as_of'))}每年{lowest}以上"


def _last_years_range(ctx: Context, p) -> tuple[int, int, str]:
    """ "近N年" / "晋升级别最低年限内": the N latest years whose assessment is made by the deadline.

    The deadline's own year is assessed only after the application closes, so the period ends
    with the year before it (seed 002 附件2 二9 "至少近三年" at 2020-10-10 → 2017–2019); no year
    inside the period is skipped as 尚未考核.
    """
    last = p["last_years"]
    years = (ctx.facts.get("min_years") or p.get("default_years")) if last == "minimum_period" else last
    end = min(ctx.reference_date.year - 1, ctx.as_of.year)
    start = end - int(years or 1) + 1
    note = ""
    if ctx.first_work_year and ctx.first_work_year > start:
        note = f"（{ctx.first_work_year}年参加工作，此前年度不适用）"
        start = ctx.first_work_year
    return start, end, note


@kind(
    "annual_assessment",
    optional=["from", "to", "accepted", "default_years", "last_years"],
    describe=_describe_assessment,
    compile=_compile_assessment,
)
def annual_assessment(p, ctx: Context) -> Verdict:
    accepted = set(p.get("accepted", ["excellent", "qualified"]))
    start, end, note = _last_years_range(ctx, p) if "last_years" in p else year_range(ctx, p)
    if start > end:
        return Verdict(NA, f"无须考核的年度{note}")
    # The assessment of the deadline's own year is made after the application closes.
    due_before = ctx.reference_date.year
    ok: list[str] = []
    bad: list[str] = []
    missing: list[str] = []
    pending: list[str] = []
    for year in range(start, end + 1):
        result = ctx.assessments.get(year)
        if result is None:
            (pending if year >= due_before else missing).append(str(year))
        elif result in accepted:
            ok.append(f"{year} {ASSESSMENT_NAMES[result]}")
        else:
            bad.append(f"{year} {ASSESSMENT_NAMES[result]}")
    head = f"{start}–{end}年度考核{note}"
    tail = f"；{_join(pending)}年度尚未考核，不计" if pending else ""
    later = ""
    if "last_years" in p:
        # A result already recorded for a year after the period (the deadline's own year) is
        # read too: a 不合格 there is not ignored either.
        for year in range(end + 1, ctx.as_of.year + 1):
            result = ctx.assessments.get(year)
            if result is None:
                continue
            if result in accepted:
                later = f"{year}"
                ok.append(f"{year} {ASSESSMENT_NAMES[result]}")
            else:
                bad.append(f"{year} {ASSESSMENT_NAMES[result]}")
    if bad or missing:
        parts = []
        if bad:
            parts.append("未达合格：" + "，".join(bad))
        if missing:
            parts.append(f"缺{_join(missing)}年度考核结果")
        if not bad and later:
            # The applicant counts the period from a later, already assessed year: whether that
            # stands in for the missing one is for the committee office, not a silent pass.
            return Verdict(
                REVIEW,
                f"{head}：" + "；".join(parts) + f"（已提供{later}年度考核结果，近年考核的起算需审核）",
            )
        return Verdict(NOT_MET, f"{head}：" + "；".join(parts) + tail)
    return Verdict(MET, f"{head}：" + "，".join(ok) + tail)


# ---------------------------------------------------------------------------------------
# Social insurance (社保)
# ---------------------------------------------------------------------------------------


def _si_reference(ctx: Context, p) -> tuple[Any, str]:
    if p.get("count_to", "as_of") == "application":
        # "当前处于正常参保缴费状态" (seed 003 二(二)7(3)) is the state when the person applies.
        if ctx.profile.get("applied_on"):
            return to_date(ctx.profile["applied_on"]), "申报时"
        if ctx.deadline:
            return ctx.deadline, "申报截止日"
        return ctx.as_of, "资历截止日（未提供申报日期）"
    if p.get("count_to", "as_of") == "deadline":
        if ctx.deadline:
            return ctx.deadline, "申报截止日"
        return ctx.as_of, "资历截止日（未提供申报截止日）"
    return ctx.as_of, "资历截止日"


def _in_cities(city: str, cities) -> bool:
    return _strip_city(city) in {_strip_city(c) for c in cities}


def _si_months(ctx: Context, p, ref_month: int) -> set[int]:
    months: set[int] = set()
    for period in ctx.profile.get("social_insurance") or []:
        if p.get("cities") and not _in_cities(period.get("city", ""), p["cities"]):
            continue
        if p.get("employer_only") and period.get("current_employer", True) is False:
            continue
        first = month_index(period["from"])
        last = month_index(period["to"]) if period.get("to") else ref_month
        months.update(range(first, min(last, ref_month) + 1))
    return months


def _describe_si(p):
    where = p.get("label") or ("在现单位" if p.get("employer_only") else "")
    run = "连续" if p.get("continuous") else "累计"
    until = "申报截止日前" if p.get("count_to") == "deadline" else ""
    return f"社保：{until}{where}{run}缴纳社会保险不少于{p['months_min']}个月"


@kind(
    "social_insurance",
    required=["months_min"],
    optional=["cities", "employer_only", "continuous", "count_to", "label", "otherwise"],
    describe=_describe_si,
)
def social_insurance(p, ctx: Context) -> Verdict:
    ref, ref_name = _si_reference(ctx, p)
    ref_month = ref.year * 12 + ref.month - 1
    months = _si_months(ctx, p, ref_month)
    where = p.get("label") or ("在现单位" if p.get("employer_only") else "")
    if p.get("continuous"):
        run = 0
        while ref_month - run in months:
            run += 1
        count, how = run, "连续缴纳"
        if run == 0 and months:
            how = f"连续缴纳（最近缴费月份 {month_label(max(months))}，未持续至{ref_name}）"
    else:
        count, how = len(months), "累计缴纳"
    need = p["months_min"]
    ok = count >= need
    detail = (
        f"截至{ref.isoformat()}（{ref_name}）{where}{how}社保 {count} 个月 {'≥' if ok else '<'} {need} 个月"
    )
    if ok:
        return Verdict(MET, detail)
    # "原则上" rules (seed 001 四) leave the exception to a reviewer.
    return Verdict(p.get("otherwise", NOT_MET), detail)


@kind("social_insurance_current", optional=["count_to"], describe=lambda p: "社保：当前处于正常参保缴费状态")
def social_insurance_current(p, ctx: Context) -> Verdict:
    ref, ref_name = _si_reference(ctx, p)
    ref_month = ref.year * 12 + ref.month - 1
    for period in ctx.profile.get("social_insurance") or []:
        first = month_index(period["from"])
        last = month_index(period["to"]) if period.get("to") else None
        if first <= ref_month and (last is None or last >= ref_month):
            return Verdict(MET, f"{ref_name}（{ref.isoformat()}）仍在{period.get('city', '')}正常参保缴费")
    return Verdict(NOT_MET, f"{ref_name}（{ref.isoformat()}）无正常参保缴费记录")


# ---------------------------------------------------------------------------------------
# Sanctions, integrity, previous attempt
# ---------------------------------------------------------------------------------------

SANCTION_NAMES = {
    "fine": "经济处罚",
    "technical_accident": "技术责任事故",
    "fraud": "弄虚作假",
    "discipline_under_investigation": "违纪违法立案调查",
    "serious_discipline": "严重违纪处分",
    "exam_misconduct": "人事考试违纪违规",
    "party_discipline": "党纪政纪处分",
    "administrative_penalty": "行政处罚",
    "criminal_penalty": "刑事处罚",
}


def _sanction_text(s) -> str:
    text = f"{s['decided_on'].isoformat()} {SANCTION_NAMES[s['kind']]}"
    if s.get("amount") is not None:
        text += f" {_num(s['amount'])}元"
    return text


def _describe_delay(p):
    return (
        f"任现职期间受经济处罚{_num(p['fine_min'])}元及以上的通报处分或为技术责任事故直接责任者的，"
        f"处罚在规定资历年限内的延迟{p['delay_years']}年申报，已超过规定年限的自处罚决定之日起延迟{p['delay_years']}年"
    )


@kind("sanction_delay", required=["fine_min", "delay_years"], describe=_describe_delay)
def sanction_delay(p, ctx: Context) -> Verdict:
    start = ctx.period_start
    relevant = [
        s
        for s in ctx.sanctions
        if s["decided_on"] <= ctx.as_of
        and (start is None or s["decided_on"] >= start)
        and (
            (
                s["kind"] == "fine"
                and (s.get("amount") or 0) >= p["fine_min"]
                and s.get("circulated") is not False
            )
            or (s["kind"] == "technical_accident" and s.get("direct_responsibility") is not False)
        )
    ]
    if not relevant:
        return Verdict(MET, "任现职期间无1000元及以上经济处罚通报或技术责任事故记录")
    delay = p["delay_years"]
    years, since = ctx.facts.get("min_years"), ctx.facts.get("seniority_start") or start
    failures: list[str] = []
    passed: list[str] = []
    for s in relevant:
        decided = s["decided_on"]
        if years and since and decided < add_months(since, round(years * 12)):
            # (一) within the required period: the required period grows by the delay.
            need = years + delay
            have = span(since, ctx.as_of)
            ok = have.at_least_years(need)
            text = f"{_sanction_text(s)}在规定资历年限（{_num(years)}年）内，延迟{delay}年：须满{_num(need)}年，现{have.text()}"
        else:
            # (二) after the required period: counted from the decision.
            have = span(decided, ctx.as_of)
            ok = have.at_least_years(delay)
            text = f"{_sanction_text(s)}，自处罚决定之日起延迟{delay}年：已过{have.text()}"
        (passed if ok else failures).append(text)
    if failures:
        return Verdict(NOT_MET, "；".join(failures))
    return Verdict(MET, "延迟期已满：" + "；".join(passed))


def _describe_ban(p):
    return f"有{_join(SANCTION_NAMES[k] for k in p['kinds'])}行为的，从次年起{p['years']}年内不得申报"


@kind("sanction_ban", required=["kinds", "years"], describe=_describe_ban)
def sanction_ban(p, ctx: Context) -> Verdict:
    year = ctx.as_of.year
    names = _join(SANCTION_NAMES[k] for k in p["kinds"])
    hits = [s for s in ctx.sanctions if s["kind"] in p["kinds"] and s["decided_on"] <= ctx.as_of]
    for s in hits:
        decided = s["decided_on"].year
        if decided <= year <= decided + p["years"]:
            return Verdict(
                NOT_MET,
                f"{_sanction_text(s)}：当年申报取消，{decided + 1}–{decided + p['years']}年不得申报（本次为{year}年度）",
            )
    if hits:
        return Verdict(MET, f"{names}记录的禁报期已满：" + "；".join(_sanction_text(s) for s in hits))
    return Verdict(MET, f"无{names}记录")


def _describe_pending(p):
    return f"{_join(SANCTION_NAMES[k] for k in p['kinds'])}仍在调查、处理、处罚或处分期内的，不得申报"


@kind("sanction_pending", required=["kinds"], optional=["unknown_end"], describe=_describe_pending)
def sanction_pending(p, ctx: Context) -> Verdict:
    ref = ctx.reference_date
    unknown = p.get("unknown_end", NOT_MET)
    names = _join(SANCTION_NAMES[k] for k in p["kinds"])
    open_, unclear = [], []
    for s in ctx.sanctions:
        if s["kind"] not in p["kinds"] or s["decided_on"] > ctx.as_of:
            continue
        if s["ends_on"] is None:
            unclear.append(_sanction_text(s))
        elif s["ends_on"] >= ref:
            open_.append(f"{_sanction_text(s)}（至{s['ends_on'].isoformat()}）")
    if open_ or (unclear and unknown == NOT_MET):
        return Verdict(
            NOT_MET, f"截至{ref.isoformat()}仍在调查、处理或处分期内：" + "；".join(open_ + unclear)
        )
    if unclear and unknown == REVIEW:
        return Verdict(REVIEW, "处理或处分期限未知，需审核：" + "；".join(unclear))
    tail = "（期限未填写的视为已结束：" + "；".join(unclear) + "）" if unclear else ""
    return Verdict(MET, f"截至{ref.isoformat()}无处理中的{names}{tail}")


def _describe_recent(p):
    period = f"近{p['years']}年" if "years" in p else "任现职期间"
    return f"{period}未受{_join(SANCTION_NAMES[k] for k in p['kinds'])}"


@kind(
    "sanction_recent",
    required=["kinds"],
    optional=["years", "result", "conduct_only"],
    describe=_describe_recent,
)
def sanction_recent(p, ctx: Context) -> Verdict:
    """conduct_only: kinds that count only when imposed for the person's professional activity
    (seed 003 附件1 一 "近3年未因职业活动受到党纪政纪处分、行政处罚"); a record that does not say
    (professional_conduct absent) is for a reviewer, not a silent pass."""
    since: date | None
    if "years" in p:
        since, period = add_years(ctx.as_of, -p["years"]), f"近{p['years']}年"
    else:
        since, period = ctx.period_start, "任现职期间"
    conduct_only = set(p.get("conduct_only", ()))
    recent = [
        s
        for s in ctx.sanctions
        if s["kind"] in p["kinds"]
        and s["decided_on"] <= ctx.as_of
        and (since is None or s["decided_on"] > since)
    ]
    hits = [
        _sanction_text(s)
        for s in recent
        if s["kind"] not in conduct_only or s.get("professional_conduct") is True
    ]
    unknown = [
        _sanction_text(s)
        for s in recent
        if s["kind"] in conduct_only and s.get("professional_conduct") is None
    ]
    if not hits and unknown:
        return Verdict(
            REVIEW,
            f"{period}有处分或处罚记录，未注明是否因职业活动受到（缺：是否因职业活动），需审核："
            + "；".join(unknown),
        )
    if hits:
        result = p.get("result", NOT_MET)
        suffix = "，需审核" if result == REVIEW else ""
        return Verdict(result, f"{period}有处分或处罚记录{suffix}：" + "；".join(hits))
    return Verdict(MET, f"{period}无{_join(SANCTION_NAMES[k] for k in p['kinds'])}记录")


@kind("previous_attempt", describe=lambda p: "上一年度未通过评审且本年度无新业绩的，不得申报")
def previous_attempt(p, ctx: Context) -> Verdict:
    attempt = ctx.profile.get("previous_attempt") or {}
    last_year = ctx.as_of.year - 1
    if attempt.get("year") != last_year or attempt.get("passed") is not False:
        return Verdict(NA, f"{last_year}年无未通过评审记录")
    new = attempt.get("new_achievements_since")
    if new is None:
        # Unstated: look for achievements of the current year in the archive.
        fresh = [a for a in ctx.all_achievements if a.date.year >= ctx.as_of.year and a.date <= ctx.as_of]
        new = bool(fresh)
    if new:
        return Verdict(MET, f"{last_year}年未通过评审，{ctx.as_of.year}年有新业绩")
    return Verdict(NOT_MET, f"{last_year}年未通过评审且{ctx.as_of.year}年无新业绩体现，不得申报")


# ---------------------------------------------------------------------------------------
# Other hard checks
# ---------------------------------------------------------------------------------------


@kind(
    "paper_similarity",
    required=["max"],
    optional=["require_retrieval_report"],
    describe=lambda p: (
        f"提供论文的须附第三方检索报告（含相似度检测），无报告的视作无此论文；相似度超过{p['max']:.0%}的一票否决"
    ),
)
def paper_similarity(p, ctx: Context) -> Verdict:
    papers = [a for a in ctx.all_achievements if a.kind == "paper" and a.date <= ctx.as_of]
    if not papers:
        return Verdict(NA, "未提供论文")
    over = [a for a in papers if (a.data.get("similarity") or 0) > p["max"]]
    if over:
        return Verdict(
            NOT_MET,
            "论文相似度超过"
            + f"{p['max']:.0%}，一票否决："
            + "；".join(f"{a.label()} 相似度 {a.data['similarity']:.0%}" for a in over),
        )
    ignored = [
        a
        for a in papers
        if not paper_counts(a, {"require_retrieval_report": p.get("require_retrieval_report")})
    ]
    detail = f"{len(papers)}篇论文相似度均不超过{p['max']:.0%}"
    if ignored:
        detail += f"；{len(ignored)}篇未附第三方检索报告，视作无此论文：" + "；".join(
            a.label() for a in ignored
        )
    return Verdict(MET, detail)


@kind(
    "title_held",
    required=["level"],
    describe=lambda p: f"须已取得本专业（工程系列）{LEVEL_NAMES[p['level']]}资格",
)
def title_held(p, ctx: Context) -> Verdict:
    level = p["level"]
    name = LEVEL_NAMES[level]
    counted = ctx.counted_titles(level)
    if counted:
        title = counted[-1]
        return Verdict(MET, f"已取得「{title.specialty}」专业{name}资格（{title.obtained_on.isoformat()}）")
    notes, unclear = uncounted_text(ctx, level)
    tail = f"；{notes}" if notes else ""
    if unclear:
        return Verdict(REVIEW, f"本专业{name}资格待认定{tail}")
    return Verdict(
        NOT_MET,
        f"未取得本专业{name}资格：业绩特别突出者破格仍须从{name}申报，未取得{name}资格的可按越级申报（第七条）{tail}",
    )


@kind("practical_assessment", describe=lambda p: "须参加专业实操考评，成绩合格后才能参加当年度评审")
def practical_assessment(p, ctx: Context) -> Verdict:
    value = ctx.profile.get("practical_assessment")
    if value == "passed":
        return Verdict(MET, "实操考评合格")
    if value == "failed":
        return Verdict(NOT_MET, "实操考评不合格，不能参加当年度评审")
    return Verdict(REVIEW, "尚未参加实操考评，合格后方可进入综合评审")


@kind("self_score", required=["min"], describe=lambda p: f"按量化赋分标准自评分达到{_num(p['min'])}分以上")
def self_score(p, ctx: Context) -> Verdict:
    score = ctx.profile.get("self_score")
    if score is None:
        return Verdict(NOT_MET, f"未提供量化自评分（须≥{_num(p['min'])}分）")
    ok = score >= p["min"]
    return Verdict(
        MET if ok else NOT_MET, f"量化自评分 {_num(score)} 分 {'≥' if ok else '<'} {_num(p['min'])} 分"
    )


@kind("title_confirmed", describe=lambda p: "从外省、外地调入人员原取得的资格须经调入审定确认")
def title_confirmed(p, ctx: Context) -> Verdict:
    unconfirmed = [t for t in ctx.titles if not t.confirmed]
    if unconfirmed:
        names = "、".join(
            f"{LEVEL_NAMES[t.level]}（{t.issuer_province}，{t.obtained_on.isoformat()}）" for t in unconfirmed
        )
        return Verdict(NOT_MET, f"{names}尚未完成调入审定确认")
    outside = [t for t in ctx.titles if t.issuer_province != "浙江省"]
    if outside:
        return Verdict(MET, "外省取得的资格已完成调入审定确认")
    return Verdict(NA, "资格均在本省取得，无须调入审定")


def _describe_transfer_title(p):
    years = f"满{_num(p['years'])}年" if p.get("years") else ""
    return f"已担任与申报级别相同的其他专业技术职务{years}"


@kind("transfer_title", optional=["years"], describe=_describe_transfer_title)
def transfer_title(p, ctx: Context) -> Verdict:
    name = LEVEL_NAMES[ctx.level]
    same_level = ctx.titles_at(ctx.level)
    if not same_level:
        return Verdict(NOT_MET, f"未取得其他专业的{name}资格，转评须为同级")
    spec = majors.normalise(ctx.specialty)
    other = [t for t in same_level if majors.normalise(t.specialty) != spec]
    if not other:
        return Verdict(NOT_MET, f"已取得「{ctx.specialty}」专业{name}资格，无须转评")
    length = total_span((t.start, min(t.end or ctx.as_of, ctx.as_of)) for t in other)
    need = p.get("years", 0)
    ok = length.at_least_years(need)
    detail = f"担任「{other[-1].specialty}」专业{name} {length.text()}"
    if need:
        detail += f" {'≥' if ok else '<'} {_num(need)}年"
    return Verdict(MET if ok else NOT_MET, detail)


@kind("transfer_work", required=["years"], describe=lambda p: f"现实际从事本专业工作满{_num(p['years'])}年")
def transfer_work(p, ctx: Context) -> Verdict:
    intervals = ctx.work_intervals(professional=True, related=True)
    current = [i for i in intervals if i[1] >= ctx.as_of]
    length = span(*current[-1]) if current else ZERO
    ok = length.at_least_years(p["years"])
    return Verdict(
        MET if ok else NOT_MET,
        f"现从事本专业工作 {length.text()} {'≥' if ok else '<'} {_num(p['years'])}年",
    )


@kind(
    "after_transfer",
    required=["years"],
    describe=lambda p: f"转评后聘任本专业技术职务满{_num(p['years'])}年，方可申报高一级",
)
def after_transfer(p, ctx: Context) -> Verdict:
    title = ctx.current_title
    if title is None or title.transferred_on is None or title.level == ctx.level:
        return Verdict(NA, "现职资格非转评取得")
    length = span(title.transferred_on, ctx.as_of)
    ok = length.at_least_years(p["years"])
    return Verdict(
        MET if ok else NOT_MET,
        f"{title.transferred_on.isoformat()}转评后 {length.text()} {'≥' if ok else '<'} {_num(p['years'])}年",
    )


@kind("referenced", required=["detail"], describe=lambda p: p["detail"])
def referenced(p, ctx: Context) -> Verdict:
    """Conditions held in a document the seeds only cite: a reviewer applies them."""
    return Verdict(REVIEW, p["detail"])


@kind(
    "public_institution_post",
    describe=lambda p: "事业单位实行评聘结合，须在核定的岗位结构比例内由单位择优推荐",
)
def public_institution_post(p, ctx: Context) -> Verdict:
    if (
        ctx.profile.get("employer_type") == "public_institution"
        or ctx.profile.get("establishment") == "public_institution"
    ):
        return Verdict(
            REVIEW, "事业单位人员：须在核定岗位结构比例内竞聘推荐，并提供《事业单位人员职称申报岗位信息表》"
        )
    return Verdict(NA, "非事业单位人员")


WORK_CATEGORY_NAMES = {
    "research": "技术研究",
    "design": "设计开发",
    "integration": "系统集成（工程）",
    "production": "生产制造（工艺）",
    "service": "技术服务",
}


@kind(
    "work_category",
    describe=lambda p: "须注明从事的工作类别（技术研究、设计开发、系统集成、生产制造、技术服务）",
)
def work_category(p, ctx: Context) -> Verdict:
    value = ctx.profile.get("work_category")
    if value is None:
        return Verdict(NOT_MET, "未注明从事的工作类别，无法确定适用的评审条件")
    return Verdict(MET, f"从事{WORK_CATEGORY_NAMES[value]}工作")


@kind(
    "enterprise_work",
    describe=lambda p: "在企业一直从事专业技术工作（由企业调入事业单位的在编人员可参照执行）",
)
def enterprise_work(p, ctx: Context) -> Verdict:
    if not ctx.work:
        return Verdict(NOT_MET, "未填写工作经历")
    graduated = max((e.graduated_on for e in ctx.educations), default=None)
    after = [w for w in ctx.work if graduated is None or (w.end or ctx.as_of) >= graduated]
    other = [w for w in after if not w.professional]
    if other:
        return Verdict(
            NOT_MET, f"{other[0].start.isoformat()}起有非专业技术工作经历，不符合“一直从事专业技术工作”"
        )
    latest = ctx.work[-1]
    if latest.employer_kind == "public_institution":
        return Verdict(REVIEW, "现在事业单位工作：由企业调入的在编人员可参照执行，需核实企业工作年限")
    if latest.employer_kind != "enterprise":
        return Verdict(NOT_MET, "现工作单位非企业")
    return Verdict(MET, "一直在企业从事专业技术工作")


def describe_kind(kind_name: str, params: Mapping[str, Any]) -> str:
    return KINDS[kind_name].describe(params)
