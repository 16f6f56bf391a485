import json

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Append-only, keyed and chained record of who did what (SECURITY.md 9–10).

    Rows are written only through zhicheng.core.audit. Each row is sealed when written (`mac`: an
    HMAC-SHA256 of its content with a key kept outside the database), and a drainer links it into
    the chain shortly after commit (`seq`, `prev_hash`, `hash`), so an audited transaction never
    waits on a global lock. `verify_audit` recomputes both.
    """

    at = models.DateTimeField(db_index=True, verbose_name="时间")
    event = models.CharField(max_length=64, db_index=True, verbose_name="事件")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作人",
    )
    actor_label = models.CharField(max_length=64, blank=True, verbose_name="操作人名称")
    role = models.CharField(max_length=32, blank=True, verbose_name="角色")
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name="IP 地址")
    object_type = models.CharField(max_length=64, blank=True, verbose_name="对象类型")
    object_id = models.CharField(max_length=64, blank=True, db_index=True, verbose_name="对象编号")
    result = models.CharField(max_length=16, default="ok", verbose_name="结果")
    data = models.JSONField(default=dict, blank=True, verbose_name="详细数据")
    mac = models.CharField(max_length=64, default="", verbose_name="校验码（MAC）")
    # Filled by audit.chain_drain(): position in the chain, the previous link and this row's link.
    seq = models.BigIntegerField(null=True, blank=True, unique=True, verbose_name="序号")
    prev_hash = models.CharField(max_length=64, blank=True, verbose_name="前一条哈希")
    hash = models.CharField(max_length=64, null=True, blank=True, unique=True, verbose_name="哈希")

    class Meta:
        ordering = ["id"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def canonical(self) -> bytes:
        body = {
            "at": self.at.isoformat(),
            "event": self.event,
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "role": self.role,
            "ip": self.ip,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "result": self.result,
            "data": self.data,
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, default=str).encode()

    def save(self, *args, **kwargs):
        if self.pk:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")


class AuditHead(models.Model):
    """The chain's head, touched only by the drainer: the last link and its position, plus the
    checkpoint a retention purge leaves (the link of the last purged row), all sealed by `mac`."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)  # the seq of the last chained row
    base_seq = models.BigIntegerField(default=0)  # rows up to here were purged by retention
    base_hash = models.CharField(max_length=64, default="0" * 64)
    mac = models.CharField(max_length=64, default="")


class CalendarOverride(models.Model):
    """Official holidays and 调休 make-up days that chinese-calendar does not know yet."""

    date = models.DateField(unique=True, verbose_name="日期")
    is_workday = models.BooleanField(verbose_name="是否上班")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "工作日历调整"
        verbose_name_plural = "工作日历调整"

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.note}"


class JobRun(models.Model):
    """When each registered periodic job (core/jobs.py) last ran, so that it runs once per interval however
    many runners there are (`run_periodic_jobs --loop`, Celery beat)."""

    name = models.CharField("任务", max_length=64, unique=True)
    last_started_at = models.DateTimeField("最近开始", null=True, blank=True)
    last_finished_at = models.DateTimeField("最近结束", null=True, blank=True)
    last_result = models.CharField("结果", max_length=300, blank=True)
    last_ok = models.BooleanField("成功", default=True)

    class Meta:
        verbose_name = "定时任务"
        verbose_name_plural = "定时任务"

    def __str__(self):
        return self.name
