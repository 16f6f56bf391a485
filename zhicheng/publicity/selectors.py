"""Reads of the 公示 module: the public page, the office's pages, and the questions other apps ask."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Entry, Kind, Objection, Publicity
from .permissions import can_manage_plan

PORTAL_RECENT_DAYS = 60
PUBLIC_KINDS = (Kind.QUALIFICATION, Kind.RESULTS)


def public_publicities(today: date | None = None, kind: str | None = None) -> list[Publicity]:
    """The one public 评审公示 page: lists whose period has begun and those closed in the last 60 days.
    Only the four public columns are read (SECURITY.md 14); names withdrawn after an upheld objection
    are not shown. The internal 公示 is held at the employer and never published here."""
    today = today or timezone.localdate()
    kinds = [kind] if kind in PUBLIC_KINDS else list(PUBLIC_KINDS)
    qs = (
        Publicity.objects.filter(kind__in=kinds, start__lte=today)
        .filter(Q(status=Publicity.Status.OPEN) | Q(end__gte=today - timedelta(days=PORTAL_RECENT_DAYS)))
        .select_related("plan__committee__organization")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=Entry.objects.exclude(outcome=Entry.Outcome.WITHDRAWN).only(
                    "publicity_id", "name", "employer_name", "specialty", "level"
                ),
            )
        )
        .order_by("-start", "-id")
    )
    return list(qs)


def publicities_for_office(user, *, kind: str | None = None, plan=None) -> QuerySet[Publicity]:
    if not can_manage_plan(user):
        return Publicity.objects.none()
    qs = Publicity.objects.filter(plan__committee_id=user.organization_id, kind__in=PUBLIC_KINDS)
    if kind:
        qs = qs.filter(kind=kind)
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs.select_related("plan").annotate(
        size=Count("entries", distinct=True),
        open_objections=Count(
            "entries__objections", filter=Q(entries__objections__status="open"), distinct=True
        ),
    )


def publicity_for_office(user, pk: int) -> Publicity:
    return get_object_or_404(
        publicities_for_office(user).select_related("plan", "created_by", "closed_by"),
        pk=pk,
    )


def entries_with_objections(publicity) -> list[Entry]:
    return list(
        publicity.entries.prefetch_related(
            Prefetch("objections", queryset=Objection.objects.select_related("recorded_by", "resolved_by"))
        ).order_by("employer_name", "name", "id")
    )


def objection_for_office(user, pk: int) -> Objection:
    if not can_manage_plan(user):
        raise Http404("objection")
    return get_object_or_404(
        Objection.objects.select_related("entry__publicity__plan"),
        pk=pk,
        entry__publicity__plan__committee_id=user.organization_id,
        entry__publicity__kind__in=PUBLIC_KINDS,
    )


def latest_entry(application_id: int, kind: str) -> Entry | None:
    """The file's line in its latest 公示 of this kind (the timelines)."""
    return (
        Entry.objects.filter(application_id=application_id, publicity__kind=kind)
        .select_related("publicity")
        .order_by("-id")
        .first()
    )


def listed_in(kind: str, application_ref) -> Exists:
    """Exists(): the file (an OuterRef or id) is on some list of this kind."""
    return Exists(Entry.objects.filter(application_id=application_ref, publicity__kind=kind))


def cleared_in(kind: str, application_ref) -> Exists:
    return Exists(
        Entry.objects.filter(
            application_id=application_ref,
            publicity__kind=kind,
            publicity__status=Publicity.Status.CLOSED,
            outcome=Entry.Outcome.CLEARED,
        )
    )


def internal_publicity_of(history) -> Publicity | None:
    """The employer's internal 公示 recorded with this approval (a missing reverse one-to-one raises)."""
    return getattr(history, "internal_publicity", None)
