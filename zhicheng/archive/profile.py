"""The eligibility profile (shared/eligibility/profile.schema.json) built from approved archive entries.

Each entry kind feeds one array of the profile and its ``profile`` fields already carry the schema's
names and units (kinds.py), so this is a projection, not a translation: what the employer approved
is what the eligibility engine reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .kinds import KINDS, relevant
from .models import EntryVersion, Establishment, PersonalInfo
from .selectors import approved_versions_for

NEXT_LEVEL = {
    None: "assistant",
    "technician": "assistant",
    "assistant": "intermediate",
    "intermediate": "associate_senior",
    "associate_senior": "senior",
    "senior": "senior",
}
LEVEL_ORDER = ["technician", "assistant", "intermediate", "associate_senior", "senior"]

# Employer.nature (浙人专〔2007〕57号) → the profile's employer_type.
EMPLOYER_TYPE_FOR_NATURE = {
    "国有企业": "state_owned",
    "集体企业": "collective",
    "私营企业和个体工商户": "private",
    "外商投资企业": "foreign",
    "港澳台投资企业": "foreign",
    "其它类企业": "other",
    "机关": "other",
    "社会公益类事业单位": "public_institution",
    "监督管理类事业单位": "public_institution",
    "中介服务类事业单位": "public_institution",
    "生产经营类事业单位": "public_institution",
}
# Arrays that hold dates as the "to" of a period: an empty end means "still", which the schema writes as null.
OPEN_ENDED = {"work": "to", "social_insurance": "to"}


LOAD = object()  # build_profile's "read it yourself"


def personal_info_for_profiles():
    """PersonalInfo with the joins build_profile reads (the employer's region up to the province)."""
    return PersonalInfo.objects.select_related("employer__organization__region__parent__parent")


def item_for(version: EntryVersion) -> dict:
    kind = KINDS[version.entry.kind]
    data = version.data
    item: dict = {}
    for f in kind.fields:
        if not f.profile or not relevant(f, data):
            continue
        value = data.get(f.name)
        if value is None or value == "":
            continue
        item[f.key] = value
    if kind.code in OPEN_ENDED:
        item.setdefault(OPEN_ENDED[kind.code], None)
    if kind.code == "experience_claim":
        item["evidence"] = bool(version.files.all())
    return item


def _region(info: PersonalInfo | None) -> dict | None:
    if not info or not info.employer_id:
        return None
    region, names = info.employer.organization.region, {}
    while region is not None:
        names[region.level] = region.name
        region = region.parent
    return names or None


def build_profile(
    user,
    *,
    as_of: date,
    deadline: date | None = None,
    entries: Iterable[EntryVersion] | None = None,
    target_level: str | None = None,
    declaration: str | None = None,
    specialty: str | None = None,
    work_category: str | None = None,
    self_score=None,
    info=LOAD,
    bans: list[dict] | None = None,
) -> dict:
    """A dict valid against profile.schema.json.

    entries: the versions to use — an application's pinned versions; by default every approved,
    live entry of the user. target_level defaults to the level above the highest title held,
    declaration to "normal", specialty to 个人基本信息's 现从事专业 (then the latest title's).
    info (the PersonalInfo or None) and bans (integrity_bans_for's list) may be passed in by a caller
    that loaded them for many people at once (the eligibility re-run); by default they are read here.
    """
    if info is LOAD:
        info = personal_info_for_profiles().filter(user=user).first()
    versions = list(entries) if entries is not None else list(approved_versions_for(user))
    arrays: dict[str, list[dict]] = {k.profile_key: [] for k in KINDS.values()}
    sort_keys: dict[str, str] = {}
    for version in versions:
        kind = KINDS[version.entry.kind]
        arrays[kind.profile_key].append(item_for(version))
        sort_keys[kind.profile_key] = KINDS[version.entry.kind].field(kind.sort_key).key
    for key, items in arrays.items():
        if key in sort_keys:
            items.sort(key=lambda i, k=sort_keys[key]: (str(i.get(k) or ""),))

    titles = arrays["titles"]
    highest = max((t["level"] for t in titles), key=LEVEL_ORDER.index, default=None)
    if specialty is None:
        specialty = (info.specialty if info else "") or (titles[-1]["specialty"] if titles else "")
    profile: dict = {
        "as_of": as_of.isoformat(),
        "target_level": target_level or NEXT_LEVEL[highest],
        "declaration": declaration or "normal",
        "specialty": specialty,
        **arrays,
    }
    if deadline is not None:
        profile["deadline"] = deadline.isoformat()
    if work_category:
        profile["work_category"] = work_category
    if self_score is not None:
        profile["self_score"] = float(self_score)
    if info is not None:
        profile["establishment"] = info.establishment or Establishment.NONE
        profile["civil_servant"] = info.establishment in (
            Establishment.CIVIL_SERVICE,
            Establishment.CIVIL_SERVICE_MANAGED,
        )
        employer_type = info.employer_category or (
            EMPLOYER_TYPE_FOR_NATURE.get(info.employer.nature) if info.employer_id else None
        )
        if employer_type:
            profile["employer_type"] = employer_type
        region = _region(info)
        if region:
            profile["employer_region"] = region
        if info.annual_salary is not None:
            profile["annual_salary"] = float(info.annual_salary)
            if info.annual_salary_year:
                profile["annual_salary_year"] = info.annual_salary_year
    # 诚信档案: fraud found by a committee office bans the person whatever their own archive says.
    if bans is None:
        # upward (named exception in docs/architecture.md): the 诚信档案 bans live in certificates
        from zhicheng.certificates.selectors import integrity_bans_for

        bans = integrity_bans_for(user)
    profile["sanctions"] = profile.get("sanctions", []) + [
        {k: ban[k] for k in ("kind", "decided_on", "ends_on", "clause", "summary") if k in ban}
        for ban in bans
    ]
    return profile
