"""Kinds of criteria: social insurance (社保)."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..dates import month_index, month_label, to_date
from .base import MET, NOT_MET, Verdict, kind
from .scope import strip_city


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
    return strip_city(city) in {strip_city(c) for c in cities}


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
