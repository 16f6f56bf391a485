"""The kinds of criteria. A rule set's data names a kind and gives its parameters; each kind
is a small pure function (params, context) → Verdict, plus a plain-Chinese description for
the public page. Adding a rule set never needs a new function here — only a new *kind* does.

One module per section of the rules: ``scope``, ``seniority`` (学历、资历), ``item_lists``
(k of n lists), ``yearly`` (继续教育、年度考核), ``insurance`` (社保), ``sanctions`` and
``other``; ``base`` holds what they share. Importing this package imports every section, so
``KINDS`` — the registry the ``@kind`` decorator fills — is complete here, and every name the
single module used to define is still importable from ``zhicheng.eligibility.criteria``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import KINDS, MET, NA, NOT_MET, RESULT_NAMES, RESULT_ORDER, REVIEW, Kind, Verdict, kind
from .insurance import social_insurance, social_insurance_current
from .item_lists import SKILL_NAMES, items
from .other import (
    WORK_CATEGORY_NAMES,
    after_transfer,
    enterprise_work,
    paper_similarity,
    practical_assessment,
    public_institution_post,
    referenced,
    self_score,
    title_confirmed,
    title_held,
    transfer_title,
    transfer_work,
    work_category,
)
from .sanctions import (
    SANCTION_NAMES,
    previous_attempt,
    sanction_ban,
    sanction_delay,
    sanction_pending,
    sanction_recent,
)
from .scope import (
    EMPLOYER_TYPE_NAMES,
    ESTABLISHMENT_NAMES,
    civil_servant,
    employer_region,
    employer_type,
    specialty_scope,
    strip_city,
)
from .seniority import (
    ANY_MATCHES,
    CONVERTED,
    MAJOR_OK,
    REGISTERED,
    STATUS_LABELS,
    Row,
    Seniority,
    assess,
    education_statuses,
    education_years,
    effective_level,
    single_break,
    title_notes,
    uncounted_text,
)
from .yearly import (
    ASSESSMENT_NAMES,
    CE_CATEGORIES,
    UNITS,
    annual_assessment,
    continuing_education,
    resolve_year,
    year_range,
)

__all__ = [
    "ANY_MATCHES",
    "ASSESSMENT_NAMES",
    "CE_CATEGORIES",
    "CONVERTED",
    "EMPLOYER_TYPE_NAMES",
    "ESTABLISHMENT_NAMES",
    "KINDS",
    "Kind",
    "MAJOR_OK",
    "MET",
    "NA",
    "NOT_MET",
    "REGISTERED",
    "RESULT_NAMES",
    "RESULT_ORDER",
    "REVIEW",
    "Row",
    "SANCTION_NAMES",
    "SKILL_NAMES",
    "STATUS_LABELS",
    "Seniority",
    "UNITS",
    "Verdict",
    "WORK_CATEGORY_NAMES",
    "after_transfer",
    "annual_assessment",
    "assess",
    "civil_servant",
    "continuing_education",
    "education_statuses",
    "education_years",
    "effective_level",
    "employer_region",
    "employer_type",
    "enterprise_work",
    "items",
    "kind",
    "paper_similarity",
    "practical_assessment",
    "previous_attempt",
    "public_institution_post",
    "referenced",
    "resolve_year",
    "sanction_ban",
    "sanction_delay",
    "sanction_pending",
    "sanction_recent",
    "self_score",
    "single_break",
    "social_insurance",
    "social_insurance_current",
    "specialty_scope",
    "strip_city",
    "title_confirmed",
    "title_held",
    "title_notes",
    "transfer_title",
    "transfer_work",
    "uncounted_text",
    "work_category",
    "year_range",
    "describe_kind",
]


def describe_kind(kind_name: str, params: Mapping[str, Any]) -> str:
    return KINDS[kind_name].describe(params)
