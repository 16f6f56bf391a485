"""Kinds of criteria: k of n item lists (破格, 越级, 技能人才, 第八条–第十六条)."""

from __future__ import annotations

from ..achievements import Item, claim_matches, normalise_clause
from ..context import Context
from ..dates import Span, clip, to_date, total_span
from .base import MET, NOT_MET, REVIEW, Verdict, _num, kind


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
