"""Kinds of criteria: scope — specialty, employer, civil servants, region."""

from __future__ import annotations

from .. import majors
from ..context import Context
from .base import MET, NOT_MET, REVIEW, Verdict, _join, kind


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


def strip_city(name: str) -> str:
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
        cities = {strip_city(c) for c in p["cities"]}
        ok = ok and (
            strip_city(region.get("city") or "") in cities or strip_city(region.get("county") or "") in cities
        )
    if p.get("counties"):
        ok = ok and (region.get("county") or "") in p["counties"]
    if ok:
        return Verdict(MET, f"用人单位所在地 {where}，属{p['label']}")
    note = f"，{p['otherwise_note']}" if p.get("otherwise_note") else ""
    return Verdict(p.get("otherwise", NOT_MET), f"用人单位所在地 {where}，不属{p['label']}{note}")
