"""What an expert sees of an application (blind review).

Experts judge the work, not the person: unless the plan turns blind review off, the expert's pages and
API carry no name, ID number, phone, employer name or photo. Only our own structured data is shown, and
it passes through a redactor that blanks those values wherever they occur in free text (a self statement
that names the employer, an achievement that cites the applicant) and drops fields that name a workplace.
Scanned attachments cannot be redacted, so they are not shown under blind review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from zhicheng.organizations.models import Region
from zhicheng.plans.levels import level_label as _level_label
from zhicheng.plans.models import DeclarationType

HIDDEN = "■■"
_WORKPLACE_FIELDS = ("employer", "organization", "organisation", "company", "unit", "workplace")


@dataclass(frozen=True)
class BlindEntry:
    kind: str
    summary: str
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class BlindCase:
    case_id: int
    code: str
    plan: str
    specialty: str
    level: str
    declaration_type: str
    work_years: str
    self_statement: list[str]
    entries: list[BlindEntry]
    blind: bool
    # Only when the plan turns blind review off (still never the ID number or phone):
    name: str = ""
    employer: str = ""

    def as_dict(self) -> dict:
        data = {
            "id": self.case_id,
            "code": self.code,
            "plan": self.plan,
            "specialty": self.specialty,
            "level": self.level,
            "declaration_type": self.declaration_type,
            "work_years": self.work_years,
            "self_statement": self.self_statement,
            "entries": [
                {"kind": e.kind, "summary": e.summary, "rows": [list(r) for r in e.rows]}
                for e in self.entries
            ],
            "blind": self.blind,
        }
        if not self.blind:
            data |= {"name": self.name, "employer": self.employer}
        return data


# Between the characters of a name: spaces (half or full width), middle dots, hyphens.
_GAP = r"[\s\u00b7\u30fb\-]*"
# Between pinyin syllables: also apostrophes, full stops and a comma ("Lin, Xiaoyan").
_SYLLABLE_GAP = r"[\s\-'’.,，·]*"
EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
_COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "总公司", "公司", "集团", "厂")
# Province-level names (GB/T 2260), so that an employer outside the platform's own regions still loses its prefix.
_PROVINCES = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
]
_REGION_SUFFIXES = ("自治区", "特别行政区", "省", "市", "区", "县")


def redactor(*secrets: str, patterns: Iterable[str] = ()) -> Callable[[str], str]:
    """A function blanking every given value (a name however spaced, an ID number's or phone's digits
    however separated), every given regex (a name in pinyin) and every e-mail address."""
    words = sorted({s.strip() for s in secrets if s and len(s.strip()) >= 2}, key=len, reverse=True)
    compiled = []
    for word in words:
        if word.isdigit() or (word[:-1].isdigit() and len(word) >= 11):
            # 330302 1990 0101 1234 or 139-0000-0001: digits with optional separators.
            compiled.append(r"[\s\-]?".join(re.escape(ch) for ch in word))
        else:
            # 林 晓燕, 林　晓燕, 林·晓燕: a name or employer is still itself with gaps between its characters.
            compiled.append(_GAP.join(re.escape(ch) for ch in word if not ch.isspace()))
    compiled += list(patterns)
    compiled.append(EMAIL)
    rx = re.compile("|".join(f"(?:{p})" for p in compiled), re.IGNORECASE)
    return lambda text: rx.sub(HIDDEN, text or "")


def _readings(char: str) -> list[str]:
    """Every toneless pinyin reading of one character (单 → dan, shan, chan), ü spelled v, u, yu or ü."""
    from pypinyin import Style, pinyin  # its dictionary loads with the first blind case, not at start-up

    out: set[str] = set()
    for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
        if not reading.isascii() or not reading.isalpha():
            return []
        out.add(reading)
        if "v" in reading:
            out |= {reading.replace("v", "u"), reading.replace("v", "yu"), reading.replace("v", "ü")}
    return sorted(out, key=len, reverse=True)


def pinyin_patterns(name: str) -> list[str]:
    """Regexes for a Chinese name written in pinyin: surname first or last, syllables joined or apart,
    any case (Lin Xiaoyan, LIN Xiao-yan, linxiaoyan, Xiaoyan Lin). Surnames of one or two characters
    (欧阳) are both tried. Nothing for a name that is not all Chinese characters."""
    chars = [c for c in name if not c.isspace()]
    if len(chars) < 2:
        return []
    syllables = [_readings(c) for c in chars]
    if not all(syllables):
        return []

    def run(parts: list[list[str]]) -> str:
        return _SYLLABLE_GAP.join("(?:" + "|".join(map(re.escape, p)) + ")" for p in parts)

    forms = {run(syllables)}
    for split in (1, 2):
        if len(chars) > split:
            forms.add(run(syllables[split:]) + _SYLLABLE_GAP + run(syllables[:split]))
    return [rf"(?<![A-Za-z]){form}(?![A-Za-z])" for form in sorted(forms)]


def _region_prefixes() -> list[str]:
    names = set(_PROVINCES)
    for name in Region.objects.values_list("name", flat=True):
        names.add(name)
        for suffix in _REGION_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                names.add(name[: -len(suffix)])
    return sorted(names, key=len, reverse=True)


def employer_short_names(name: str) -> list[str]:
    """What people call an employer: 温州精工机械有限公司 → 精工机械有限公司, 精工机械. Region prefixes
    (浙江、温州市、鹿城区, also in brackets) and the legal form (有限公司、股份有限公司…) come off. Only a
    company's name is shortened to its core: 温州大学 would shorten to the common word 大学."""
    core = re.sub(r"[（(][^）)]*[）)]", "", name or "").strip()
    prefixes = _region_prefixes()
    stripped = True
    while stripped:
        stripped = False
        for prefix in prefixes:
            if core.startswith(prefix) and len(core) - len(prefix) >= 2:
                core, stripped = core[len(prefix) :], True
                break
    forms = []
    if core != name and len(core) >= 4:
        forms.append(core)  # 精工机械有限公司
    for suffix in _COMPANY_SUFFIXES:
        if core.endswith(suffix) and len(core) - len(suffix) >= 2:
            forms.append(core[: -len(suffix)])  # 精工机械
            break
    return forms


def blind_case(case, *, reveal: bool = False) -> BlindCase:
    application = case.application
    applicant = application.applicant
    employer_name = application.employer.organization.name if application.employer_id else ""
    secrets = [applicant.real_name, applicant.id_number, applicant.phone, employer_name, applicant.email]
    # The masked forms too (胡**, 330***…): a masked name still points at a person.
    secrets += [applicant.masked_name, applicant.masked_id_number, applicant.masked_phone]
    draft = getattr(application, "draft", None)
    workplaces = [employer_name]
    entries_raw = []
    for use in application.entries.select_related("version__entry").order_by("order", "pk"):
        version = use.version
        entries_raw.append((version.kind_spec.label, version.summary, version.display_rows))
        for key, value in version.merged_data.items():
            if any(part in key for part in _WORKPLACE_FIELDS) and isinstance(value, str):
                workplaces.append(value)
    # Every workplace in full and by its short name (精工机械); the name also in pinyin (Lin Xiaoyan).
    secrets += workplaces + [short for name in workplaces if name for short in employer_short_names(name)]
    redact = (
        (lambda text: text)
        if reveal
        else redactor(*secrets, patterns=pinyin_patterns(applicant.real_name or ""))
    )
    entries = [
        BlindEntry(
            kind=kind,
            summary=redact(summary),
            rows=[
                (label, HIDDEN if (not reveal and "单位" in label) else redact(str(text)))
                for label, text in rows
            ],
        )
        for kind, summary, rows in entries_raw
    ]
    statement = (draft.self_statement if draft else "") or ""
    return BlindCase(
        case_id=case.pk,
        code=case.code,
        plan=case.plan.name,
        specialty=case.specialty,
        level=_level_label(case.level),
        declaration_type=(
            DeclarationType(application.declaration_type).label
            if application.declaration_type in DeclarationType.values
            else ""
        ),
        work_years=f"{draft.work_years}年" if draft and draft.work_years is not None else "",
        self_statement=[redact(p.strip()) for p in statement.replace("\r\n", "\n").split("\n") if p.strip()],
        entries=entries,
        blind=not reveal,
        name=applicant.real_name if reveal else "",
        employer=employer_name if reveal else "",
    )
