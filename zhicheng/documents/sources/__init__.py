"""Selectors that fill the document layer's dataclasses from the platform's records.

The renderers (``pdf.py``, ``roster.py``) never touch the ORM; this module is the one
bridge between the models of the applications, archive, review, organisations, plans and
evaluation apps and the frozen dataclasses in ``data.py``. It reads, it never writes.

* What an application uses from the archive is the set of versions pinned when it was
  submitted (``applications.selectors.versions_used_by``): the form shows what the
  reviewers approved, not what the applicant changed afterwards.
* Stage opinions come from the append-only ``StatusHistory`` (who decided, where, when,
  with which opinion) plus the employer's ``InternalPublicity`` record; a stage that has not
  decided yet prints an empty box to be filled in by hand.
* Permission is not decided here except where a function takes a ``viewer``: the callers
  (views, export kinds) pass querysets already scoped by ``permissions.py``.

The 花名册 reads columns, not model instances (``roster_rows``): 10,000 applications with
their archive entries are ~100,000 rows, and building a Django model object for each
costs more than the whole Excel file. It pages through the applications by primary key in
chunks and fetches each chunk's related rows in one query per table, so the number of
queries grows with the number of chunks, never with the number of applications.

One module per document (``review_form``, ``publicity_sheet``, ``exceptional_approval``,
``delegation_letter``, ``mailing_checklist``, ``roster``) plus what they share: ``vocab`` (the
vocabularies and small parsers), ``archive`` (archive data → form parts) and ``records`` (the
application's own records). Every public name is importable from ``zhicheng.documents.sources``
as before.
"""

from __future__ import annotations

from zhicheng.plans.levels import level_short

from .archive import (
    Archive,
    achievement_of,
    achievement_summary,
    assessments,
    ce_total,
    continuing_education,
    current_post,
    current_title,
    education_entries,
    highest_education,
    title_entries,
    title_name,
    work_entries,
)
from .delegation_letter import delegated_applications, delegation_letter_data
from .exceptional_approval import exceptional_approval_data
from .mailing_checklist import mailing_checklist_data
from .publicity_sheet import (
    committee_publicity_sheet_data,
    employer_publicity_applications,
    employer_publicity_sheet_data,
    qualification_labels,
)
from .records import draft_of, employer_name_of, personal_info_of, pinned_versions, related_or_none
from .review_form import (
    build_review_form,
    decided_stages,
    review_form_data,
    review_form_queryset,
    review_forms,
    stage_opinions,
)
from .roster import (
    DELEGATED_ROSTER_KIND,
    ROSTER_COLUMNS,
    ROSTER_KINDS,
    CeBound,
    RecommendingUnit,
    Span,
    ce_period,
    recommending_units,
    roster_applications,
    roster_count,
    roster_meta,
    roster_rows,
    unit_roster_applications,
)
from .vocab import (
    ACHIEVEMENT_CATEGORY,
    ACTIVE_STATUSES,
    ASSESSMENT_LABEL,
    DECLARATION_LABEL,
    DEGREE_LABEL,
    DEPARTMENT_LEVEL_TITLE,
    DEPARTMENT_STAGES,
    EDUCATION_FOR_LEVEL,
    EDUCATION_RANK,
    GENDER_LABEL,
    GRADE_LABEL,
    TITLE_RANK,
    as_decimal,
    as_int,
    birth_date_from_id,
    choice_label,
    declaration_label,
    local_date,
    parse_date,
    qualification_name,
)

__all__ = [
    "ACHIEVEMENT_CATEGORY",
    "ACTIVE_STATUSES",
    "ASSESSMENT_LABEL",
    "Archive",
    "CeBound",
    "DECLARATION_LABEL",
    "DEGREE_LABEL",
    "DELEGATED_ROSTER_KIND",
    "DEPARTMENT_LEVEL_TITLE",
    "DEPARTMENT_STAGES",
    "EDUCATION_FOR_LEVEL",
    "EDUCATION_RANK",
    "GENDER_LABEL",
    "GRADE_LABEL",
    "ROSTER_COLUMNS",
    "ROSTER_KINDS",
    "RecommendingUnit",
    "Span",
    "TITLE_RANK",
    "achievement_of",
    "achievement_summary",
    "as_decimal",
    "as_int",
    "assessments",
    "birth_date_from_id",
    "build_review_form",
    "ce_period",
    "ce_total",
    "choice_label",
    "committee_publicity_sheet_data",
    "continuing_education",
    "current_post",
    "current_title",
    "decided_stages",
    "declaration_label",
    "delegated_applications",
    "delegation_letter_data",
    "draft_of",
    "education_entries",
    "employer_name_of",
    "employer_publicity_applications",
    "employer_publicity_sheet_data",
    "exceptional_approval_data",
    "highest_education",
    "level_short",
    "local_date",
    "mailing_checklist_data",
    "parse_date",
    "personal_info_of",
    "pinned_versions",
    "qualification_labels",
    "qualification_name",
    "recommending_units",
    "related_or_none",
    "review_form_data",
    "review_form_queryset",
    "review_forms",
    "roster_applications",
    "roster_count",
    "roster_meta",
    "roster_rows",
    "stage_opinions",
    "title_entries",
    "title_name",
    "unit_roster_applications",
    "work_entries",
]
