import uuid

from django.db import migrations, models


def give_each_message_a_key(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    for pk in Message.objects.filter(idempotency_key__isnull=True).values_list("pk", flat=True).iterator():
        Message.objects.filter(pk=pk).update(idempotency_key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="message",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="message",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="message",
            name="idempotency_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_message_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="message",
            name="idempotency_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="message",
            name="status",
            field=models.CharField(
                choices=[("queued", "待发送"), ("sending", "发送中"), ("sent", "已发送"), ("failed", "发送失败")],
                db_index=True,
                default="queued",
                max_length=8,
                verbose_name="状态",
            ),
        ),
    ]
