"""What an expert sees of an application (blind review).

Experts judge the work, not the person: unless the plan turns blind review off, the expert's pages and
API carry no name, ID number, phone, employer name or photo. Only our own structured data is shown, and
it passes through a redactor that blanks those values wherever they occur in free text (a self statement
that names the employer, an achievement that cites the applicant) and drops fields that name a workplace.
Scanned attachments cannot be redacted, so they are not shown under blind review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from zhicheng.plans.models import DeclarationType, Level

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


def redactor(*secrets: str) -> Callable[[str], str]:
    """A function blanking every given value (and an ID number's or phone's digits however spaced)."""
    words = sorted({s.strip() for s in secrets if s and len(s.strip()) >= 2}, key=len, reverse=True)
    patterns = []
    for word in words:
        if word.isdigit() or (word[:-1].isdigit() and len(word) >= 11):
            # 330302 1990 0101 1234 or 139-0000-0001: digits with optional separators.
            patterns.append(r"[\s\-]?".join(re.escape(ch) for ch in word))
        else:
            patterns.append(re.escape(word))
    if not patterns:
        return lambda text: text
    rx = re.compile("|".join(patterns), re.IGNORECASE)
    return lambda text: rx.sub(HIDDEN, text or "")


def _level_label(level: str) -> str:
    return Level(level).label if level in Level.values else level


def blind_case(case, *, reveal: bool = False) -> BlindCase:
    application = case.application
    applicant = application.applicant
    employer_name = application.employer.organization.name if application.employer_id else ""
    secrets = [applicant.real_name, applicant.id_number, applicant.phone, employer_name]
    # The masked forms too (胡**, 330***…): a masked name still points at a person.
    secrets += [applicant.masked_name, applicant.masked_id_number, applicant.masked_phone]
    draft = getattr(application, "draft", None)
    entries_raw = []
    for use in application.entries.select_related("version__entry").order_by("order", "pk"):
        version = use.version
        entries_raw.append((version.kind_spec.label, version.summary, version.display_rows))
        for key, value in version.merged_data.items():
            if any(part in key for part in _WORKPLACE_FIELDS) and isinstance(value, str):
                secrets.append(value)
    redact = (lambda text: text) if reveal else redactor(*secrets)
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
