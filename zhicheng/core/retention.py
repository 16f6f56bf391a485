"""How long records are kept, as data (SECURITY.md 11), and the daily job that purges the rest.

SECURITY.md 11 asks for at least 6 months of logs and at least 3 years of records of
personal-information processing (PIPL; 等保 2.0 §8.1.4 asks for 6 months of audit logs). Each
rule below keeps a little more than its minimum; nothing that is a decision or an application
is ever purged here (those are the case file, kept by the archive rules of the office).

The audit chain is purged only as a whole oldest segment, with a sealed checkpoint, so what
remains still verifies (audit.purge_chain_before; docs/security.md explains why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from . import audit

YEAR = timedelta(days=365)


@dataclass(frozen=True)
class Rule:
    label: str  # app_label.Model
    date_field: str
    keep: timedelta
    why: str
    only: dict = field(default_factory=dict)  # further filter: purge only these rows


AUDIT_KEEP = 3 * YEAR + timedelta(days=31)  # audit rows include views of full ID numbers and exports

RULES: list[Rule] = [
    Rule("axes.AccessLog", "attempt_time", YEAR, "登录日志：≥6 个月（等保 2.0 §8.1.4），保留 1 年"),
    Rule("axes.AccessFailureLog", "attempt_time", YEAR, "登录失败日志：≥6 个月，保留 1 年"),
    Rule(
        "notifications.Message",
        "created_at",
        3 * YEAR + timedelta(days=31),
        "已发出或放弃的短信、邮件、站内消息：个人信息处理记录 ≥3 年",
        only={"status__in": ["sent", "failed"]},
    ),
]


def retention_purge(*, now=None) -> int:
    """Delete what is past its retention; returns the number of rows deleted."""
    now = now or timezone.now()
    deleted = 0
    for rule in RULES:
        try:
            model = apps.get_model(rule.label)
        except LookupError:
            continue  # an optional app that is not installed here
        qs = model.objects.filter(**{f"{rule.date_field}__lt": now - rule.keep}, **rule.only)
        deleted += qs.delete()[0]
    deleted += audit.purge_chain_before(now - AUDIT_KEEP)
    return deleted
