"""Issue 13 §1: the rows of the three former 公示 stacks are carried into the one 公示 module with nothing
lost — counts, dates, entries, objections and their resolutions — and the reverse gives them back."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zhicheng.applications.models import StatusHistory

BEFORE = [
    ("publicity", "0001_one_publicity_module"),
    ("review", "0007_chinese_labels"),
    ("evaluation", "0007_delete_case_history"),
]
AFTER = [
    ("publicity", "0002_carry_over_the_three_stacks"),
    ("review", "0008_publicity_moved_to_publicity_app"),
    ("evaluation", "0008_results_publicity_moved_to_publicity_app"),
]
T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _objection(model, entry, n, *, status="open", **extra):
    resolved = status != "open"
    return model.objects.create(
        entry=entry,
        received_on=date(2026, 9, 2) + timedelta(days=n),
        channel=["letter", "phone", "visit", "online"][n % 4],
        content=f"异议内容{n}",
        recorded_by_id=extra["by"],
        recorded_at=T0 + timedelta(hours=n),
        status=status,
        resolution=f"核查结论{n}" if resolved else "",
        resolved_by_id=extra["by"] if resolved else None,
        resolved_at=T0 + timedelta(days=1, hours=n) if resolved else None,
    )


def _old_rows(old):
    """Everything the three former stacks hold, as plain values (no keys of their own)."""

    def objections(qs):
        return sorted(
            (
                o.received_on,
                o.channel,
                o.content,
                o.recorded_by_id,
                o.recorded_at,
                o.status,
                o.resolution,
                o.resolved_by_id,
                o.resolved_at,
            )
            for o in qs
        )

    internal = sorted(
        (
            r.application_id,
            r.history_id,
            r.organization_id,
            r.round,
            r.start,
            r.end,
            r.working_days,
            r.result,
            r.note,
            r.recommendation,
            r.recorded_by_id,
            r.recorded_at,
        )
        for r in old.get_model("review", "InternalPublicity").objects.all()
    )
    qualification = sorted(
        (
            p.plan_id,
            p.title,
            p.start,
            p.end,
            p.working_days,
            p.contact,
            p.status,
            p.created_by_id,
            p.created_at,
            p.closed_by_id,
            p.closed_at,
            p.ended_notice_sent,
            tuple(
                sorted(
                    (
                        e.application_id,
                        e.name,
                        e.employer_name,
                        e.specialty,
                        e.level,
                        e.outcome,
                        tuple(objections(e.objections.all())),
                    )
                    for e in p.entries.all()
                )
            ),
        )
        for p in old.get_model("review", "Publicity").objects.all()
    )
    results = sorted(
        (
            p.plan_id,
            p.title,
            p.start,
            p.end,
            p.working_days,
            p.contact,
            p.status,
            p.created_by_id,
            p.created_at,
            p.closed_at,
            tuple(
                sorted(
                    (
                        e.case.application_id,
                        e.name,
                        e.employer_name,
                        e.specialty,
                        e.level,
                        tuple(objections(e.objections.all())),
                    )
                    for e in p.entries.all()
                )
            ),
        )
        for p in old.get_model("evaluation", "ResultPublicity").objects.all()
    )
    return internal, qualification, results


@pytest.mark.django_db(transaction=True)
def test_the_three_stacks_are_carried_over_with_nothing_lost_and_given_back_on_reverse(world):
    cases = [world.case() for _ in range(4)]
    apps_ = [c.application for c in cases]
    office = world.office
    employer_org = apps_[0].employer_id
    histories = [
        StatusHistory.objects.create(
            application=a,
            at=T0 - timedelta(days=20),
            actor=a.applicant,
            role="employer",
            organization_id=a.employer_id,
            action="approve",
            from_status="pending",
            to_status="pending",
            opinion="同意推荐",
            round=1,
        )
        for a in apps_[:2]
    ]

    from zhicheng.publicity.models import Entry as CurrentEntry
    from zhicheng.publicity.models import Publicity as CurrentPublicity

    baseline = {
        "qualification": CurrentPublicity.objects.filter(kind="qualification").count(),
        "entries": CurrentEntry.objects.count(),
    }
    assert baseline == {"qualification": 4, "entries": 4} and CurrentPublicity.objects.count() == 4

    old = _migrate(BEFORE)
    Internal = old.get_model("review", "InternalPublicity")
    Qual = old.get_model("review", "Publicity")
    QualEntry = old.get_model("review", "PublicityEntry")
    QualObjection = old.get_model("review", "Objection")
    Result = old.get_model("evaluation", "ResultPublicity")
    ResultEntry = old.get_model("evaluation", "ResultEntry")
    ResultObjection = old.get_model("evaluation", "ResultObjection")

    for n, (a, h) in enumerate(zip(apps_[:2], histories, strict=True)):
        Internal.objects.create(
            application_id=a.pk,
            history_id=h.pk,
            organization_id=employer_org,
            round=1,
            start=date(2026, 8, 3),
            end=date(2026, 8, 7),
            working_days=5,
            result=["no_objection", "objection"][n],
            note=["", "有同事反映业绩排名，经核实无误。"][n],
            recommendation="经单位内部公示无异议，同意推荐。",
            recorded_by_id=a.applicant_id,
            recorded_at=T0 - timedelta(days=20),
        )
    closed = Qual.objects.create(
        plan_id=world.plan.pk,
        title="资格审查结果公示（一）",
        start=date(2026, 9, 1),
        end=date(2026, 9, 7),
        working_days=5,
        contact="0577-88888888",
        status="closed",
        created_by_id=office.pk,
        created_at=T0,
        closed_by_id=office.pk,
        closed_at=T0 + timedelta(days=8),
        ended_notice_sent=True,
    )
    still_open = Qual.objects.create(
        plan_id=world.plan.pk,
        title="资格审查结果公示（二）",
        start=date(2026, 9, 10),
        end=date(2026, 9, 16),
        working_days=5,
        contact="书面反映",
        status="open",
        created_by_id=office.pk,
        created_at=T0 + timedelta(days=9),
    )
    entries = [
        QualEntry.objects.create(
            publicity=closed,
            application_id=a.pk,
            name=f"申报人{i}",
            employer_name="温州精工机械有限公司",
            specialty="机械",
            level="中级（工程师）",
            outcome=outcome,
        )
        for i, (a, outcome) in enumerate(zip(apps_[:3], ["cleared", "cleared", "withdrawn"], strict=True))
    ]
    listed = QualEntry.objects.create(
        publicity=still_open,
        application_id=apps_[3].pk,
        name="申报人3",
        employer_name="",
        specialty="机械",
        level="中级（工程师）",
    )
    _objection(QualObjection, entries[0], 0, status="dismissed", by=office.pk)
    _objection(QualObjection, entries[2], 1, status="upheld", by=office.pk)
    _objection(QualObjection, listed, 2, by=office.pk)
    r_closed = Result.objects.create(
        plan_id=world.plan.pk,
        title="评审结果公示",
        start=date(2026, 11, 2),
        end=date(2026, 11, 6),
        working_days=5,
        contact="0577-86591590",
        status="closed",
        created_by_id=office.pk,
        created_at=T0 + timedelta(days=60),
        closed_at=T0 + timedelta(days=67),
    )
    r_open = Result.objects.create(
        plan_id=world.plan.pk,
        title="评审结果公示（补充）",
        start=date(2026, 11, 16),
        end=date(2026, 11, 20),
        working_days=5,
        contact="0577-86591590",
        created_by_id=office.pk,
        created_at=T0 + timedelta(days=75),
    )
    r_entries = [
        ResultEntry.objects.create(
            publicity=pub,
            case_id=c.pk,
            name=f"申报人{i}",
            employer_name="温州精工机械有限公司",
            specialty="机械",
            level="工程师（中级）",
        )
        for i, (pub, c) in enumerate([(r_closed, cases[0]), (r_closed, cases[1]), (r_open, cases[2])])
    ]
    _objection(ResultObjection, r_entries[1], 3, status="upheld", by=office.pk)
    _objection(ResultObjection, r_entries[0], 4, status="dismissed", by=office.pk)
    _objection(ResultObjection, r_entries[2], 5, by=office.pk)
    before = _old_rows(old)

    new = _migrate(AFTER)
    Publicity = new.get_model("publicity", "Publicity")
    Entry = new.get_model("publicity", "Entry")
    Objection = new.get_model("publicity", "Objection")
    # Counts: 2 internal + 2 qualification + 2 results; 2 + 4 + 3 entries; 0 + 3 + 3 objections — beside the
    # rows the builders made through the services (each case stood a 资格审查公示), which went back and forth.
    kinds = sorted(Publicity.objects.values_list("kind", flat=True))
    assert kinds == ["internal"] * 2 + ["qualification"] * (2 + baseline["qualification"]) + ["results"] * 2
    assert Entry.objects.count() == 9 + baseline["entries"] and Objection.objects.count() == 6
    # Dates, people and texts, row by row.
    q1 = Publicity.objects.get(legacy_ref=f"review.publicity:{closed.pk}")
    assert (q1.kind, q1.start, q1.end, q1.working_days, q1.status, q1.result) == (
        "qualification",
        date(2026, 9, 1),
        date(2026, 9, 7),
        5,
        "closed",
        "objection",
    )
    assert (q1.closed_by_id, q1.closed_at, q1.created_at, q1.contact) == (
        office.pk,
        T0 + timedelta(days=8),
        T0,
        "0577-88888888",
    )
    assert sorted(q1.entries.values_list("application_id", "outcome")) == sorted(
        [(apps_[0].pk, "cleared"), (apps_[1].pk, "cleared"), (apps_[2].pk, "withdrawn")]
    )
    upheld = Objection.objects.get(entry__publicity=q1, status="upheld")
    assert (upheld.entry.application_id, upheld.resolution, upheld.resolved_by_id, upheld.received_on) == (
        apps_[2].pk,
        "核查结论1",
        office.pk,
        date(2026, 9, 3),
    )
    q2 = Publicity.objects.get(legacy_ref=f"review.publicity:{still_open.pk}")
    assert (q2.status, q2.result) == ("open", "")
    assert Objection.objects.get(entry__publicity=q2).status == "open"
    i2 = Publicity.objects.get(kind="internal", application_id=apps_[1].pk)
    assert (i2.result, i2.note, i2.history_id, i2.round, i2.status) == (
        "objection",
        "有同事反映业绩排名，经核实无误。",
        histories[1].pk,
        1,
        "closed",
    )
    assert i2.entries.get().application_id == apps_[1].pk
    r1 = Publicity.objects.get(legacy_ref=f"evaluation.resultpublicity:{r_closed.pk}")
    assert (r1.kind, r1.result, r1.closed_at) == ("results", "objection", T0 + timedelta(days=67))
    assert sorted(r1.entries.values_list("application_id", "outcome")) == sorted(
        [(apps_[0].pk, "cleared"), (apps_[1].pk, "withdrawn")]
    )
    r2 = Publicity.objects.get(legacy_ref=f"evaluation.resultpublicity:{r_open.pk}")
    assert r2.entries.get().outcome == "listed"
    assert {o.legacy_ref.split(":")[0] for o in Objection.objects.all()} == {
        "review.objection",
        "evaluation.resultobjection",
    }

    # The reverse gives every row back, field for field.
    old_again = _migrate(BEFORE)
    assert _old_rows(old_again) == before
    _migrate(AFTER)
