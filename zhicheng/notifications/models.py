import uuid

from django.conf import settings
from django.db import models


class Message(models.Model):
    """The outbox: every SMS, e-mail and in-app message, kept whether or not a gateway sent it."""

    class Channel(models.TextChoices):
        SMS = "sms", "短信"
        EMAIL = "email", "电子邮件"
        INAPP = "inapp", "站内消息"

    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages", verbose_name="接收人"
    )
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    link = models.CharField("链接", max_length=300, blank=True)
    # SMS-worthy: the same notice also went out by SMS, so the message centre lists it apart from plain notices.
    important = models.BooleanField("重要（同时发送短信）", default=False)
    # What the message is about (e.g. one application: "张** · 2026年度…计划"), for grouping in the message centre.
    about = models.CharField("事项", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name="发送尝试次数")
    error = models.CharField(
        max_length=300, blank=True, verbose_name="最近一次失败原因"
    )  # the last failure's reason, kept after giving up
    # The outbox's delivery state (issue 12 item 6): a sender claims the row (queued → sending) with
    # a conditional UPDATE, so two workers never send one message; the key goes to the gateway so a
    # retry after a crash mid-send is recognised there; a failure waits next_attempt_at (back-off).
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name="幂等键")
    next_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name="下次尝试时间")
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name="领取时间")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="创建时间")
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="发送时间")
    read_at = models.DateTimeField(null=True, blank=True, verbose_name="阅读时间")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "消息"
        verbose_name_plural = "消息"
        indexes = [models.Index(fields=["recipient", "channel", "read_at"])]

    def __str__(self):
        return self.subject
