"""Carry the rows of the three former 公示 stacks into the one 公示 module (issue 13 §1):

- review.InternalPublicity           → Publicity(kind="internal") + its one Entry (the file, cleared)
- review.Publicity / PublicityEntry / Objection         → kind="qualification", entries and objections as they were
- evaluation.ResultPublicity / ResultEntry / ResultObjection → kind="results"; an entry's file is its case's
  application; its outcome is "withdrawn" when an objection against it was upheld, "cleared" when the
  公示 closed, else "listed" (the former results list had no outcome column)

Every row keeps its dates, people and texts; `legacy_ref` names the former row ("review.publicity:12"),
because the evaluation's case history still names the former ids. The reverse copies everything back.
zhicheng/publicity/tests/test_migration.py proves that nothing is lost either way.
"""

from django.db import migrations

# plans.models.Level's labels when this migration was written (a migration does not import app code).
LEVELS = {
    "technician": "员级（技术员）",
    "assistant": "助理级（助理工程师）",
    "intermediate": "中级（工程师）",
    "associate_senior": "副高级（高级工程师）",
    "senior": "正高级（正高级工程师）",
}


def _result(status, objection_count):
    if status != "closed":
        return ""
    return "objection" if objection_count else "no_objection"


def forward(apps, schema_editor):
    Publicity = apps.get_model("publicity", "Publicity")
    Entry = apps.get_model("publicity", "Entry")
    Objection = apps.get_model("publicity", "Objection")
    OldInternal = apps.get_model("review", "InternalPublicity")
    OldQual = apps.get_model("review", "Publicity")
    OldQualObjection = apps.get_model("review", "Objection")
    OldResult = apps.get_model("evaluation", "ResultPublicity")
    OldResultObjection = apps.get_model("evaluation", "ResultObjection")
    Rules = apps.get_model("evaluation", "EvaluationRules")
    User = apps.get_model("accounts", "User")
    Organization = apps.get_model("organizations", "Organization")

    def copy_objection(old, entry, ref):
        Objection.objects.create(
            entry=entry,
            received_on=old.received_on,
            channel=old.channel,
            content=old.content,
            recorded_by_id=old.recorded_by_id,
            recorded_at=old.recorded_at,
            status=old.status,
            resolution=old.resolution,
            resolved_by_id=old.resolved_by_id,
            resolved_at=old.resolved_at,
            legacy_ref=f"{ref}:{old.pk}",
        )

    for old in OldInternal.objects.select_related("application__applicant").order_by("pk"):
        app = old.application
        employer_name = ""
        if app.employer_id:  # an Employer's key is its organisation's
            org = Organization.objects.filter(pk=app.employer_id).first()
            employer_name = org.name if org else ""
        row = Publicity.objects.create(
            kind="internal",
            plan_id=app.plan_id,
            organization_id=old.organization_id,
            title=f"{app.applicant.real_name}职称申报材料单位内部公示"[:200],
            start=old.start,
            end=old.end,
            working_days=old.working_days,
            min_working_days=5,
            status="closed",
            result=old.result,
            note=old.note,
            application_id=old.application_id,
            history_id=old.history_id,
            round=old.round,
            recommendation=old.recommendation,
            created_by_id=old.recorded_by_id,
            created_at=old.recorded_at,
            closed_by_id=old.recorded_by_id,
            closed_at=old.recorded_at,
            ended_notice_sent=True,
            legacy_ref=f"review.internalpublicity:{old.pk}",
        )
        Entry.objects.create(
            publicity=row,
            application_id=old.application_id,
            name=app.applicant.real_name,
            employer_name=employer_name[:100],
            specialty=(app.specialty or "")[:50],
            level=LEVELS.get(app.level, app.level or "")[:50],
            outcome="cleared",
        )

    for old in OldQual.objects.order_by("pk"):
        objections = list(OldQualObjection.objects.filter(entry__publicity=old).order_by("pk"))
        organization_id = User.objects.filter(pk=old.created_by_id).values_list("organization_id", flat=True).first()
        row = Publicity.objects.create(
            kind="qualification",
            plan_id=old.plan_id,
            organization_id=organization_id,
            title=old.title,
            start=old.start,
            end=old.end,
            working_days=old.working_days,
            min_working_days=5,
            contact=old.contact,
            status=old.status,
            result=_result(old.status, len(objections)),
            created_by_id=old.created_by_id,
            created_at=old.created_at,
            closed_by_id=old.closed_by_id,
            closed_at=old.closed_at,
            ended_notice_sent=old.ended_notice_sent,
            legacy_ref=f"review.publicity:{old.pk}",
        )
        entries = {}
        for e in old.entries.order_by("pk"):
            entries[e.pk] = Entry.objects.create(
                publicity=row,
                application_id=e.application_id,
                name=e.name,
                employer_name=e.employer_name,
                specialty=e.specialty,
                level=e.level,
                outcome=e.outcome,
            )
        for o in objections:
            copy_objection(o, entries[o.entry_id], "review.objection")

    for old in OldResult.objects.order_by("pk"):
        objections = list(OldResultObjection.objects.filter(entry__publicity=old).order_by("pk"))
        organization_id = User.objects.filter(pk=old.created_by_id).values_list("organization_id", flat=True).first()
        rules_days = Rules.objects.filter(plan_id=old.plan_id).values_list("publicity_working_days", flat=True).first()
        minimum = max(5, min(rules_days or 5, old.working_days))
        row = Publicity.objects.create(
            kind="results",
            plan_id=old.plan_id,
            organization_id=organization_id,
            title=old.title,
            start=old.start,
            end=old.end,
            working_days=old.working_days,
            min_working_days=minimum,
            contact=old.contact,
            status=old.status,
            result=_result(old.status, len(objections)),
            created_by_id=old.created_by_id,
            created_at=old.created_at,
            closed_by_id=None,
            closed_at=old.closed_at,
            # The former results 公示 sent no reminder at the end of its period.
            ended_notice_sent=old.status == "closed",
            legacy_ref=f"evaluation.resultpublicity:{old.pk}",
        )
        upheld = {o.entry_id for o in objections if o.status == "upheld"}
        entries = {}
        for e in old.entries.select_related("case").order_by("pk"):
            if e.pk in upheld:
                outcome = "withdrawn"
            elif old.status == "closed":
                outcome = "cleared"
            else:
                outcome = "listed"
            entries[e.pk] = Entry.objects.create(
                publicity=row,
                application_id=e.case.application_id,
                name=e.name,
                employer_name=e.employer_name,
                specialty=e.specialty,
                level=e.level,
                outcome=outcome,
            )
        for o in objections:
            copy_objection(o, entries[o.entry_id], "evaluation.resultobjection")


def backward(apps, schema_editor):
    """Copy every 公示 back into the three former tables, then empty the new ones."""
    Publicity = apps.get_model("publicity", "Publicity")
    Objection = apps.get_model("publicity", "Objection")
    OldInternal = apps.get_model("review", "InternalPublicity")
    OldQual = apps.get_model("review", "Publicity")
    OldQualEntry = apps.get_model("review", "PublicityEntry")
    OldQualObjection = apps.get_model("review", "Objection")
    OldResult = apps.get_model("evaluation", "ResultPublicity")
    OldResultEntry = apps.get_model("evaluation", "ResultEntry")
    OldResultObjection = apps.get_model("evaluation", "ResultObjection")
    Case = apps.get_model("evaluation", "EvaluationCase")

    def fields(o):
        return {
            "received_on": o.received_on,
            "channel": o.channel,
            "content": o.content,
            "recorded_by_id": o.recorded_by_id,
            "recorded_at": o.recorded_at,
            "status": o.status,
            "resolution": o.resolution,
            "resolved_by_id": o.resolved_by_id,
            "resolved_at": o.resolved_at,
        }

    for p in Publicity.objects.order_by("pk"):
        if p.kind == "internal":
            OldInternal.objects.create(
                application_id=p.application_id,
                history_id=p.history_id,
                organization_id=p.organization_id,
                round=p.round or 1,
                start=p.start,
                end=p.end,
                working_days=p.working_days,
                result=p.result,
                note=p.note,
                recommendation=p.recommendation,
                recorded_by_id=p.created_by_id,
                recorded_at=p.created_at,
            )
        elif p.kind == "qualification":
            old = OldQual.objects.create(
                plan_id=p.plan_id,
                title=p.title,
                start=p.start,
                end=p.end,
                working_days=p.working_days,
                contact=p.contact,
                status=p.status,
                created_by_id=p.created_by_id,
                created_at=p.created_at,
                closed_by_id=p.closed_by_id,
                closed_at=p.closed_at,
                ended_notice_sent=p.ended_notice_sent,
            )
            for e in p.entries.order_by("pk"):
                oe = OldQualEntry.objects.create(
                    publicity=old,
                    application_id=e.application_id,
                    name=e.name,
                    employer_name=e.employer_name,
                    specialty=e.specialty,
                    level=e.level,
                    outcome=e.outcome,
                )
                for o in Objection.objects.filter(entry=e).order_by("pk"):
                    OldQualObjection.objects.create(entry=oe, **fields(o))
        else:
            old = OldResult.objects.create(
                plan_id=p.plan_id,
                title=p.title,
                start=p.start,
                end=p.end,
                working_days=p.working_days,
                contact=p.contact,
                status=p.status,
                created_by_id=p.created_by_id,
                created_at=p.created_at,
                closed_at=p.closed_at,
            )
            for e in p.entries.order_by("pk"):
                case = Case.objects.get(application_id=e.application_id)
                oe = OldResultEntry.objects.create(
                    publicity=old,
                    case=case,
                    name=e.name,
                    employer_name=e.employer_name,
                    specialty=e.specialty,
                    level=e.level,
                )
                for o in Objection.objects.filter(entry=e).order_by("pk"):
                    OldResultObjection.objects.create(entry=oe, **fields(o))
    Objection.objects.all().delete()
    Publicity.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0001_one_publicity_module"),
        ("review", "0007_chinese_labels"),
        ("evaluation", "0005_chinese_labels"),
        ("accounts", "__first__"),
        ("organizations", "__first__"),
    ]

    operations = [migrations.RunPython(forward, backward)]
