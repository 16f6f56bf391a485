from django.db import models


class Notice(models.Model):
    """A published notice (通知公告), summarised in our own words with its key facts."""

    title = models.CharField("标题", max_length=200)
    issuer = models.CharField("发文单位", max_length=100)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    published_on = models.DateField("发布日期")
    summary = models.TextField("摘要")
    key_facts = models.JSONField("要点", default=list)  # [{"label": ..., "value": ...}]
    attachments = models.JSONField("附件", default=list)  # ["附件1 …", …]
    is_published = models.BooleanField("公开", default=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"

    def __str__(self):
        return self.title
