"""Conflict-of-interest detection (回避), pure: plain facts in, reasons out.

Three automatic grounds, each a reason an expert must not judge an applicant:
  same_employer  the expert works where the applicant works now;
  past_employer  the expert worked there within the last N years (the plan's 回避年限);
  relation       the applicant is a person listed in the expert's relations — matched on the ID number's
                 keyed hash; a listed name without an ID number that equals the applicant's name is
                 flagged too, as a possible false positive the committee office may dismiss with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")


def same_organisation_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return _SPACES.sub("", (s or "").replace("（", "(").replace("）", ")")).lower()

    return bool(norm(a)) and norm(a) == norm(b)


@dataclass(frozen=True)
class ApplicantFacts:
    name: str
    id_index: str
    employer_id: int | None
    employer_name: str


@dataclass(frozen=True)
class Affiliation:
    employer_id: int | None
    organization_name: str
    start_year: int
    end_year: int | None


@dataclass(frozen=True)
class Relation:
    kind_label: str
    person_name: str
    id_index: str


@dataclass(frozen=True)
class ExpertFacts:
    employer_id: int | None
    organization_name: str
    affiliations: tuple[Affiliation, ...] = field(default_factory=tuple)
    relations: tuple[Relation, ...] = field(default_factory=tuple)


def _same(employer_id: int | None, name: str, applicant: ApplicantFacts) -> bool:
    if employer_id is not None and applicant.employer_id is not None:
        return employer_id == applicant.employer_id
    return same_organisation_name(name, applicant.employer_name)


def detect(
    applicant: ApplicantFacts, expert: ExpertFacts, *, years: int, this_year: int
) -> list[tuple[str, str]]:
    """[(source, detail)] for every ground found; empty when the expert may judge the applicant."""
    found: list[tuple[str, str]] = []
    if _same(expert.employer_id, expert.organization_name, applicant):
        found.append(("same_employer", f"专家现工作单位“{expert.organization_name}”与申报人现工作单位相同"))
    since = this_year - years
    for a in expert.affiliations:
        ended = a.end_year if a.end_year is not None else this_year
        if ended >= since and _same(a.employer_id, a.organization_name, applicant):
            period = f"{a.start_year}–{a.end_year if a.end_year else '至今'}"
            found.append(
                ("past_employer", f"专家{period}年曾在“{a.organization_name}”工作，在{years}年回避期内")
            )
            break
    for r in expert.relations:
        if r.id_index and applicant.id_index and r.id_index == applicant.id_index:
            found.append(("relation", f"专家登记的{r.kind_label}关系人即申报人（身份证号一致）"))
            break
        if not r.id_index and r.person_name and r.person_name.strip() == applicant.name.strip():
            found.append(
                (
                    "relation",
                    f"专家登记的{r.kind_label}关系人与申报人同名（未登记身份证号，请核实是否同一人）",
                )
            )
            break
    return found
