"""One timeline for the whole life of an application, from draft to certificate (issue 13 §1, §4).

It reads the one history (applications.StatusHistory: every move of both transition tables, written by
applications/engine.py) once, and hands it to the apps that tell the steps: the chain of reviewers and the
资格审查公示 (review), then the evaluation (fee, assessments, expert review, results 公示, approval,
certificate). Each app above this one contributes its steps in its ``AppConfig.ready()`` with
``contribute(func)``; ``func(application, *, today, history)`` returns a list of ``TimelineStep``. The
applicant's pages and the reviewers' detail page ask ``steps_for`` and ``summary`` here and render
templates/applications/_timeline.html, so no page reaches up into a higher app and each step is told by
the app that knows it.

A step is ``done`` only when what it names happened — a row of the one history says so (a paid fee, a
passed exam, a cleared 公示); a step that the plan does not have (no fee, no exam) is not shown at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from zhicheng.core.workdays import TimeLeft, calendar

from .models import StatusHistory


@dataclass
class TimelineEvent:
    at: object
    action: str
    label: str
    organization: str
    opinion: str
    publicity: object | None = None


@dataclass
class TimelineStep:
    key: str
    title: str
    organization: str
    state: str  # done | current | returned | rejected | upcoming | skipped
    state_label: str
    deadline: date | None = None
    time_left: TimeLeft | None = None
    events: list[TimelineEvent] = field(default_factory=list)
    todo: str = ""  # what the applicant must do now, in one polite sentence (pay, attend, mail)
    # A step told by an app that registers after the steps it precedes: it goes before the first step
    # whose key starts with one of these (the paper check before the assessments and the expert review).
    goes_before: tuple[str, ...] = ()

    @property
    def is_current(self) -> bool:
        return self.state in ("current", "returned")

    @property
    def done_on(self):
        return self.events[-1].at if self.state == "done" and self.events else None


Contributor = Callable[..., list[TimelineStep]]
_CONTRIBUTORS: list[Contributor] = []


def contribute(func: Contributor) -> None:
    """Add an app's steps (idempotent: ready() may run twice in tests)."""
    if func not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(func)


def history_of(application) -> list[StatusHistory]:
    """The one history of the application, oldest first (both tables' rows)."""
    return list(
        StatusHistory.objects.filter(application_id=application.pk)
        .select_related("organization", "stage")
        .order_by("at", "id")
    )


def steps_for(application, *, today: date | None = None) -> list[TimelineStep]:
    today = today or timezone.localdate()
    history = history_of(application)
    steps: list[TimelineStep] = []
    for func in _CONTRIBUTORS:
        steps.extend(func(application, today=today, history=history))
    for step in [s for s in steps if s.goes_before]:
        steps.remove(step)
        at = next((i for i, s in enumerate(steps) if s.key.startswith(step.goes_before)), len(steps))
        steps.insert(at, step)
    return steps


@dataclass
class Summary:
    headline: str  # where the file is, in a few words: "评审结果公示 · 公示中"
    holder: str  # who holds the file now ("" when the applicant does, or nobody)
    deadline: date | None
    time_left: TimeLeft | None
    todo: list[str]
    finished: bool


def summary(steps: list[TimelineStep], *, today: date | None = None) -> Summary:
    today = today or timezone.localdate()
    current = next((s for s in steps if s.is_current or s.state == "rejected"), None)
    if current is None:
        reached = [s for s in steps if s.state == "done"]
        last = reached[-1] if reached else (steps[0] if steps else None)
        finished = bool(steps) and steps[-1].state == "done"  # the road's last step (the certificate)
        headline = f"{last.title} · {last.state_label}" if last else ""
        return Summary(headline, "", None, None, [s.todo for s in steps if s.todo], finished)
    deadline = current.deadline if current.is_current else None
    left = current.time_left
    if deadline and left is None and deadline >= today:
        left = calendar().time_left(today, deadline)
    holder = "" if current.state == "returned" else current.organization
    return Summary(
        f"{current.title} · {current.state_label}",
        holder,
        deadline,
        left,
        [s.todo for s in steps if s.todo],
        False,
    )
