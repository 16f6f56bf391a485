"""The 花名册 (seed 003 附件7): read as columns, not model instances, in chunks by primary key, so
the number of queries grows with the number of chunks, never with the number of applications."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from zhicheng.applications.models import Action, Application, ApplicationEntry, Status, StatusHistory
from zhicheng.organizations.models import Organization
from zhicheng.plans.models import StageKind
from zhicheng.review.models import EntryState, ReviewEntry

from ..data import (
    EXCEPTIONAL_DECLARATIONS,
    SPECIALTY_MAX_CHARS,
    RosterMeta,
    RosterRow,
)
from ..models import ExportJob
from .archive import assessments, current_post, current_title, highest_education
from .delegation_letter import delegated_applications
from .vocab import (
    ACTIVE_STATUSES,
    DEGREE_LABEL,
    DEPARTMENT_STAGES,
    EDUCATION_FOR_LEVEL,
    GENDER_LABEL,
    birth_date_from_id,
    local_date,
    parse_date,
    qualification_name,
)

ROSTER_KINDS = ("education", "title", "assessment", "continuing_education")
ROSTER_COLUMNS = (
    "pk",
    "level",
    "specialty",
    "declaration_type",
    "intake_department__name",
    "applicant__real_name",
    "applicant__id_number",
    "applicant__phone",
    "applicant__personal_info__gender",
    "applicant__personal_info__birth_date",
    "applicant__personal_info__work_start",
    "applicant__personal_info__department",
    "applicant__personal_info__post",
    "applicant__personal_info__address",
    "applicant__personal_info__postcode",
    "applicant__personal_info__foreign_language",
    "applicant__personal_info__computer",
    "employer__nature",
    "employer__organization__name",
    "employer__organization__region__name",
    "employer__organization__region__level",
    "draft__work_years",
    "draft__administrative_post",
    "draft__exceptional_reasons",
)


def roster_applications(plan) -> QuerySet[Application]:
    """The 资格审查花名册's people: the plan's files at the committee office's 资格审查 or
    past it (资格审查通过)."""
    return Application.objects.filter(plan=plan).filter(
        Q(status=Status.QUALIFIED) | Q(status=Status.PENDING, current_stage__kind=StageKind.COMMITTEE_OFFICE)
    )


def roster_count(plan) -> int:
    return roster_applications(plan).count()


def roster_meta(
    plan, *, viewer=None, delegating_unit: str = "", submitted_on: date | None = None
) -> RosterMeta:
    """Header and footer: 委托单位 and 填报人 are the unit that compiles the list and the person
    exporting it (seed 003 附件7 注1: 本表由委托单位填写)."""
    return RosterMeta(
        delegating_unit=delegating_unit,
        filled_by=getattr(viewer, "real_name", "") if viewer is not None else "",
        mobile=getattr(viewer, "phone", "") if viewer is not None else "",
        email=getattr(viewer, "email", "") if viewer is not None else "",
        submitted_on=submitted_on or timezone.localdate(),
        title=plan.roster_heading,
    )


# The committee office's copy of each 委托单位's 花名册 (seed 003 附件7 注1 "本表由委托单位填写",
# 附件5 一1 "由用人单位或主管部门统一汇总填报"): one per unit that recommended files to the plan.

DELEGATED_ROSTER_KIND = "delegated_roster"  # kinds.DELEGATED_ROSTER (kinds imports this module)


@dataclass(frozen=True)
class RecommendingUnit:
    """A unit (employer or 主管部门) that approved and sent on files that reached the office."""

    org_id: int
    name: str
    count: int
    filled_by: Any  # the unit's 经办人 (a user) or None
    filled_on: date | None
    from_own_export: bool  # 填报人 is who made the unit's own latest export, not the approver


def unit_roster_applications(plan, unit_org_id: int, reached: QuerySet[Application]) -> QuerySet[Application]:
    """The unit's recommended files (delegated_applications) among those that reached the office."""
    return delegated_applications(plan, unit_org_id).filter(pk__in=reached.values("pk"))


def recommending_units(plan, reached: QuerySet[Application]) -> list[RecommendingUnit]:
    """Each employer or 主管部门 that approved files of ``plan`` now in ``reached`` (the office's
    reached_applications), by name, with the 填报人 of its roster: whoever of the unit made its latest
    own 花名册 export for the plan, else the 经办人 who last recommended one of those files."""

    active = reached.filter(plan=plan, status__in=ACTIVE_STATUSES)
    counts: dict[int, int] = defaultdict(int)
    for org_id in (
        ReviewEntry.objects.filter(plan=plan, state=EntryState.APPROVED, application__in=active.values("pk"))
        .exclude(stage_kind=StageKind.COMMITTEE_OFFICE)
        .values_list("organization_id", flat=True)
    ):
        counts[org_id] += 1
    # Two queries for all units (not two per unit): the latest own export, the latest recommendation.
    latest_job: dict[int, Any] = {}
    for job in (
        ExportJob.objects.filter(
            kind=DELEGATED_ROSTER_KIND,
            status=ExportJob.Status.DONE,
            params__plan_id=str(plan.pk),
            requested_by__organization_id__in=list(counts),
        )
        .select_related("requested_by")
        .order_by("finished_at", "pk")
    ):
        latest_job[job.requested_by.organization_id] = job
    latest_decision: dict[int, tuple[int, datetime]] = {}
    for org_id, actor_id, at in (
        StatusHistory.objects.filter(
            application__in=active.values("pk"),
            organization_id__in=[o for o in counts if o not in latest_job],
            machine="application",
            action=Action.APPROVE,
        )
        .order_by("at", "pk")
        .values_list("organization_id", "actor_id", "at")
    ):
        latest_decision[org_id] = (actor_id, at)
    actors = get_user_model().objects.in_bulk([a for a, _ in latest_decision.values()])
    units = []
    for org in Organization.objects.filter(pk__in=counts).order_by("name", "pk"):
        if org.pk in latest_job:
            job = latest_job[org.pk]
            filler, on, own = job.requested_by, local_date(job.finished_at), True
        elif org.pk in latest_decision:
            actor_id, at = latest_decision[org.pk]
            filler, on, own = actors.get(actor_id), local_date(at), False
        else:
            filler, on, own = None, None, False
        units.append(RecommendingUnit(org.pk, org.name, counts[org.pk], filler, on, own))
    return units


def roster_rows(
    plan, *, viewer=None, applications: QuerySet[Application] | None = None, chunk_size: int = 500
) -> Iterator[RosterRow]:
    """RosterRow per applicant, streamed in primary-key order.

    Three queries per chunk of ``chunk_size`` applications (the applications' own columns,
    their pinned archive versions, the departments that reviewed them), whatever the number of applications: no query per row, and memory bounded by one
    chunk. ``applications`` narrows the set (a queryset already scoped by the caller);
    ``viewer`` is accepted for symmetry with the other selectors: permission is the export
    kind's predicate, and the roster shows everything to whoever may export it.

    The related rows of a chunk are selected by the chunk's primary-key range within the
    plan rather than by a list of 2,000 ids (building and binding that list costs more than
    the query); rows of applications outside the chunk are skipped.
    """
    base = (applications if applications is not None else roster_applications(plan)).order_by("pk")
    today = timezone.localdate()
    periods: dict[tuple[str, str], tuple[CeBound, CeBound]] = {}
    as_of = plan.seniority_cutoff.year
    last = 0
    while True:
        chunk = list(base.filter(pk__gt=last).values(*ROSTER_COLUMNS)[:chunk_size])
        if not chunk:
            return
        ids = {r["pk"] for r in chunk}
        span = (plan.pk, chunk[0]["pk"], chunk[-1]["pk"])
        archive = _roster_archive(span, ids)
        departments = _roster_departments(span, ids)
        qualification = {level: qualification_name(level) for level in {r["level"] for r in chunk}}
        for r in chunk:
            key = (r["level"], r["declaration_type"])
            if key not in periods:
                periods[key] = ce_period(plan, *key)
            yield _roster_row(
                r,
                archive.get(r["pk"], {}),
                department=departments.get(r["pk"]) or r["intake_department__name"] or "",
                # 下一级评委会推荐评审情况 is the vote of the committee below this one that
                # recommended the file (seed 003 附件7). The platform records no such vote, and
                # this committee's own vote is not it: the columns stay blank for the
                # 委托单位 to fill in where a lower committee did vote.
                tally=None,
                recommended=qualification[r["level"]],
                today=today,
                ce_period=periods[key],
                as_of=as_of,
            )
        last = chunk[-1]["pk"]
        if len(chunk) < chunk_size:
            return


Span = tuple[int, int, int]  # plan id, first and last application id of a chunk


def _roster_archive(span: Span, ids: set[int]) -> dict[int, dict[str, list[dict]]]:
    """The pinned versions of the kinds the roster prints, per application: one query.

    The plan and the chunk's id range lead it, so both databases start from the application
    index and follow primary keys. With a list of ids instead, SQLite (which keeps no
    statistics) started from the entry-kind index and visited every entry of those kinds in
    the database: 45 s per chunk at 10,000 applicants instead of 0.02 s. (Looking versions
    up by primary-key lists instead was measured too: no faster on PostgreSQL, three times
    slower on SQLite, whose cost grows with every bound value.) The rows are read from the
    cursor with the JSON as text — three plain columns need none of Django's row converters
    — and parsed in one call per chunk.
    """
    plan_id, first, last = span
    qs = (
        ApplicationEntry.objects.filter(
            application__plan_id=plan_id,
            application_id__gte=first,
            application_id__lte=last,
            automatic=True,
            version__entry__kind__in=ROSTER_KINDS,
        )
        .order_by()
        .values_list(
            "application_id", "version__entry__kind", Cast("version__data", output_field=TextField())
        )
    )
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = [row for row in cursor.fetchall() if row[0] in ids]
    parsed = json.loads("[" + ",".join(row[2] for row in rows) + "]")
    out: dict[int, dict[str, list[dict]]] = {}
    for (app_id, kind, _), data in zip(rows, parsed, strict=True):
        out.setdefault(app_id, {}).setdefault(kind, []).append(data)
    return out


def _roster_departments(span: Span, ids: set[int]) -> dict[int, str]:
    """注10 主管部门: the department whose stamp is on the 评审表 — the first department stage
    that reviewed the file (county before city before province)."""

    _, first, last = span
    rank = {kind: i for i, kind in enumerate(DEPARTMENT_STAGES)}
    best: dict[int, tuple[int, str]] = {}
    # By the application range alone: a plan condition would make the database read the
    # whole plan's records for every chunk.
    rows = ReviewEntry.objects.filter(
        application_id__gte=first, application_id__lte=last, stage_kind__in=DEPARTMENT_STAGES
    ).values_list("application_id", "stage_kind", "organization__name")
    for app_id, kind, name in rows:
        if app_id in ids and (app_id not in best or rank[kind] < best[app_id][0]):
            best[app_id] = (rank[kind], name)
    return {app_id: name for app_id, (_, name) in best.items()}


CeBound = int | str | None


def ce_period(plan, level: str = "", declaration: str = "") -> tuple[CeBound, CeBound]:
    """The years the plan's rule set counts 继续教育 over, as the rule set's own bounds (a year,
    ``as_of``, ``as_of-N``, ``current_title``, ``title:<level>``): the roster's 继续教育情况 is
    the hours of those years (seed 003 二(二)1: 2019–2022; seed 002 四(四): from 2018; seed 000
    二4: every year of the current title). (None, None) when the plan has no rule set."""
    # Lazy: the rule sets load the eligibility engine and jsonschema, which a roster export
    # must not pay for at start-up (documents/tests/test_startup.py).
    from zhicheng.eligibility.rulesets import UnknownRuleset, get_ruleset

    try:
        ruleset = get_ruleset(plan.ruleset_id)
    except (UnknownRuleset, LookupError, ValueError):
        return None, None
    specs = [*ruleset.checks, *(s for group in ruleset.requirements.values() for s in group)]
    specs += [s for route in ruleset.routes.values() for s in route.specs]
    for spec in specs:
        if spec.kind == "continuing_education" and (
            not (level and declaration) or spec.applies(level, declaration, None)
        ):
            return spec.params.get("from"), spec.params.get("to", "as_of")
    return None, None


def _ce_year(bound: CeBound, *, as_of: int, titles: list[dict], current: dict | None) -> int | None:
    if isinstance(bound, int):
        return bound
    if bound == "as_of":
        return as_of
    if isinstance(bound, str) and bound.startswith("as_of-") and bound[6:].isdigit():
        return as_of - int(bound[6:])
    if bound == "current_title" and current:
        obtained = parse_date(current.get("obtained_on"))
        return obtained.year if obtained else None
    if isinstance(bound, str) and bound.startswith("title:"):
        level = bound[6:]
        held = [
            parse_date(t.get("appointed_from") or t.get("obtained_on"))
            for t in titles
            if t.get("level") == level
        ]
        held = [d for d in held if d]
        return min(held).year if held else None
    return None


def _hours_total(rows: list[dict], *, start: int | None = None, end: int | None = None) -> Decimal | None:
    """继续教育情况（学时数） for the roster: the hours recorded for the years ``start``–``end``
    (the rule set's period; open ends count every year). Records holding only 学分 are not
    hours and are left out rather than added to them. Summed as floats (a few records of at
    most two decimals each, rounded back), several times faster than Decimal on 40,000
    records."""
    if not rows:
        return None
    total = 0.0
    for r in rows:
        year = r.get("year")
        if isinstance(year, int) and (
            (start is not None and year < start) or (end is not None and year > end)
        ):
            continue
        try:
            total += float(r.get("hours") or 0)
        except (TypeError, ValueError):
            continue
    return Decimal(str(round(total, 2)))


def _roster_row(
    r: dict,
    archive: dict[str, list[dict]],
    *,
    department: str,
    tally,
    recommended: str,
    today: date,
    ce_period: tuple[CeBound, CeBound] = (None, None),
    as_of: int | None = None,
) -> RosterRow:
    educations = archive.get("education", [])
    highest = highest_education(educations)
    titles = archive.get("title", [])
    title = current_title(titles)
    post, post_since = current_post(title, today=today)
    specialty = (r["specialty"] or "").strip()
    remarks = ""
    if len(specialty) > SPECIALTY_MAX_CHARS:
        # 注8 allows six characters (they go on the certificate); a longer one is shown in
        # 备注 for the office to shorten with the applicant rather than cut here.
        remarks = f"从事专业“{specialty}”超过{SPECIALTY_MAX_CHARS}个字（注8），请与申报人核对"
        specialty = ""
    department_position = " ".join(
        p for p in (r["applicant__personal_info__department"], r["applicant__personal_info__post"]) if p
    )
    admin = (r["draft__administrative_post"] or "").strip()
    if admin and admin != "无":
        department_position = f"{department_position}（{admin}）" if department_position else admin
    region_level = r["employer__organization__region__level"]
    id_number = r["applicant__id_number"] or ""
    return RosterRow(
        name=r["applicant__real_name"],
        id_number=id_number,
        employer=r["employer__organization__name"] or "",
        employer_nature=r["employer__nature"] or "",
        gender=GENDER_LABEL.get(r["applicant__personal_info__gender"] or "", ""),
        birth_date=r["applicant__personal_info__birth_date"] or birth_date_from_id(id_number),
        work_start=r["applicant__personal_info__work_start"],
        department_position=department_position,
        education_level=EDUCATION_FOR_LEVEL.get(highest["level"], "") if highest else "",
        degree=DEGREE_LABEL.get((highest or {}).get("degree") or "", ""),
        graduated_on=parse_date(highest.get("graduated_on")) if highest else None,
        school=str(highest.get("school") or "") if highest else "",
        major=str(highest.get("major") or "") if highest else "",
        specialty=specialty,
        specialty_years=r["draft__work_years"] or 0,
        current_qualification=qualification_name(title["level"]) if title else "",
        current_qualification_on=parse_date(title.get("obtained_on")) if title else None,
        current_post=post,
        current_post_on=post_since,
        recommended_qualification=recommended,
        assessments=assessments(archive.get("assessment", [])),
        ce_hours=_hours_total(
            archive.get("continuing_education", []),
            start=_ce_year(ce_period[0], as_of=as_of or today.year, titles=titles, current=title),
            end=_ce_year(ce_period[1], as_of=as_of or today.year, titles=titles, current=title),
        ),
        phone=r["applicant__phone"] or "",
        address=r["applicant__personal_info__address"] or "",
        postcode=r["applicant__personal_info__postcode"] or "",
        foreign_language=r["applicant__personal_info__foreign_language"] or "",
        computer=r["applicant__personal_info__computer"] or "",
        department=department,
        county=r["employer__organization__region__name"] if region_level in ("county", "city") else "",
        lower_committee=tally,
        exceptional_basis=(r["draft__exceptional_reasons"] or "")
        if r["declaration_type"] in EXCEPTIONAL_DECLARATIONS
        else "",
        remarks=remarks,
    )
