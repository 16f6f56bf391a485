"""What the documents app does when something happens below it (DESIGN.md §4.12): connected in apps.ready.

Every transition of an application changes its version, and so what its 评审表 prints (status, the
opinions): the worker renders the new version's documents after commit (rendered.py). A broker outage
loses only the head start: a request renders what is not stored yet.
"""

from __future__ import annotations

from django.conf import settings

from zhicheng.applications.models import Status
from zhicheng.applications.signals import application_transitioned
from zhicheng.core.outbox import enqueue

from .tasks import render_application_documents


def render_after_transition(sender, *, application_id: int, to_status: str, **kwargs) -> None:
    if not settings.RENDER_DOCUMENTS_AFTER_TRANSITION or to_status == Status.DRAFT:
        return  # withdrawn to a draft: nobody reads its documents until it is submitted again

    enqueue(render_application_documents, application_id)


def connect() -> None:
    application_transitioned.connect(
        render_after_transition, dispatch_uid="documents_render_after_transition"
    )
