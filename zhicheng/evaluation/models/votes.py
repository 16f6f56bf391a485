"""The panel's meeting: attendance, ballots and each case's tally (services/votes.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .cases import EvaluationCase
from .experts import ExpertProfile, Panel


class Meeting(models.Model):
    """评审会议: the panel meets, attendance is taken and the members vote on each case."""

    class Status(models.TextChoices):
        OPEN = "open", "表决中"
        CLOSED = "closed", "已结束"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=150)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "评审会议"
        verbose_name_plural = "评审会议"
        constraints = [
            models.UniqueConstraint(
                fields=["panel"], condition=Q(status="open"), name="one_open_meeting_per_panel"
            )
        ]


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"], name="attend_once")]


class Vote(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", "赞成"
        NO = "no", "反对"
        ABSTAIN = "abstain", "弃权"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="votes")
    case = models.ForeignKey(EvaluationCase, on_delete=models.PROTECT, related_name="votes")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField("表决意见", max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = "表决票"
        verbose_name_plural = "表决票"
        constraints = [
            # SECURITY.md 7: each expert votes once on a case at a meeting; a second ballot is refused by the database.
            models.UniqueConstraint(fields=["meeting", "case", "expert"], name="one_vote_per_expert")
        ]


class VoteTally(models.Model):
    """The computed result of one case's vote at one meeting (the 花名册's 总人数/出席人数/赞成数/反对数)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tallies")
    case = models.ForeignKey(EvaluationCase, on_delete=models.PROTECT, related_name="tallies")
    members = models.PositiveSmallIntegerField("评委总人数")
    present = models.PositiveSmallIntegerField("出席人数")
    yes = models.PositiveSmallIntegerField("赞成数")
    no = models.PositiveSmallIntegerField("反对数")
    abstain = models.PositiveSmallIntegerField("弃权数")
    quorum_met = models.BooleanField("达到出席人数要求")
    passed = models.BooleanField("表决通过")
    rule = models.CharField("表决规则", max_length=200)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "-closed_at"]
        verbose_name = "表决结果"
        verbose_name_plural = "表决结果"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="one_tally_per_meeting_and_case"),
            models.CheckConstraint(
                condition=Q(present__lte=F("members")), name="tally_present_within_members"
            ),
            models.CheckConstraint(
                condition=Q(yes=F("present") - F("no") - F("abstain")), name="tally_votes_add_up"
            ),
            models.CheckConstraint(
                condition=Q(passed=False) | Q(quorum_met=True), name="tally_pass_needs_quorum"
            ),
        ]
