"""Kinds of criteria: yearly records — continuing education, annual assessments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import LEVEL_NAMES, Context
from .base import MET, NA, NOT_MET, REVIEW, Verdict, _join, _num, kind


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
