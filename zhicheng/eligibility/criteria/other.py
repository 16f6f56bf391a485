"""Kinds of criteria: the other hard checks (paper similarity, title held, transfers,
practical assessment, self score, work category...)."""

from __future__ import annotations

from .. import majors
from ..context import LEVEL_NAMES, Context, paper_counts
from ..dates import ZERO, span, total_span
from .base import MET, NA, NOT_MET, REVIEW, Verdict, _num, kind
from .seniority import uncounted_text


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
