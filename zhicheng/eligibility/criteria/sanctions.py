"""Kinds of criteria: sanctions, integrity, the previous attempt."""

from __future__ import annotations

from datetime import date

from ..context import Context
from ..dates import add_months, add_years, span
from .base import MET, NA, NOT_MET, REVIEW, Verdict, _join, _num, kind

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
