"""Per-application PDFs served from storage, rendered once per version by a worker (issue 15).

Rendering a 评审表 costs a request 15–21× the cheapest page and grows a web worker by ~170 MB, so the
PDFs an application's readers ask for are rendered after commit by a Celery task
(tasks.render_application_documents, sent on every workflow transition) and kept through Django's
storage API (RenderedDocument.file: local disk by default, the shared object storage in production).

A request looks the document up by the application's current key; a hit is read from storage, a miss
(a version the worker has not reached yet, a broker outage, a photo just changed) is rendered in the
request as before and not stored: a GET writes nothing, and the reader never waits for the worker.
A change of any part of the key (a transition bumps the version) makes the stored file unused at once;
the next render replaces it and deletes the old file.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.applications.models import Application, Status
from zhicheng.applications.selectors import versions_used_by
from zhicheng.archive.models import PersonalInfo

from . import pdf, sources
from .data import EXCEPTIONAL_DECLARATIONS
from .models import RenderedDocument

logger = logging.getLogger(__name__)

REVIEW_FORM = "review_form"
EXCEPTIONAL_APPROVAL = "exceptional_approval"


# ?variant= of the 评审表: layout, 公示版?, file-name suffix, label.
REVIEW_FORM_VARIANTS = {
    "a4": ("A4", False, "", "A4 版"),
    "a3": ("A3", False, "（A3正反面打印中缝装订）", "A3 装订版"),
    "publicity": ("A4", True, "（公示版）", "公示版"),
}


def plan_variant(plan) -> str:
    """The variant the plan's notice asks for (seed 003 附件5 一2: A3 正反面打印后中缝装订)."""
    return "a3" if plan.review_form_paper == "A3" else "a4"


def document_key(application: Application) -> str:
    """What a per-application PDF rests on: the application's version, and when the application row,
    the applicant's personal information (photo, gender, ethnicity …) and the plan (watermark, paper,
    copies) last changed."""
    info = PersonalInfo.objects.filter(user_id=application.applicant_id).values_list("updated_at", flat=True)
    parts = (
        application.pk,
        application.version,
        application.updated_at,
        info.first(),
        application.plan.updated_at,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def stored(application: Application, *, kind: str, variant: str = "", revealed: bool = False) -> bytes | None:
    """The stored PDF for the application's current key, or None (not rendered yet, or stale)."""
    row = (
        RenderedDocument.objects.filter(
            application=application,
            kind=kind,
            variant=variant,
            revealed=revealed,
            key=document_key(application),
        )
        .only("file")
        .first()
    )
    if row is None:
        return None
    try:
        with row.file.open("rb") as fh:
            return fh.read()
    except OSError:
        logger.warning("rendered %s of application %s is missing from storage", kind, application.pk)
        return None


def store(
    application: Application,
    *,
    kind: str,
    variant: str = "",
    revealed: bool = False,
    render: Callable[[], bytes],
) -> bool:
    """Render and keep one document for the application's current key; False when it is current
    already (a duplicate message renders nothing)."""
    key = document_key(application)
    lookup = {"application": application, "kind": kind, "variant": variant, "revealed": revealed}
    if RenderedDocument.objects.filter(**lookup, key=key).exists():
        return False
    content = render()
    with transaction.atomic():
        row = RenderedDocument.objects.select_for_update().filter(**lookup).first()
        old = row.file.name if row is not None and row.file else ""
        if row is None:
            row = RenderedDocument(**lookup)
        row.key = key
        row.rendered_at = timezone.now()
        row.file.save(f"{kind}.pdf", ContentFile(content), save=False)
        row.save()
    if old and old != row.file.name:
        row.file.storage.delete(old)
    return True


def render_all(application_id: int) -> int:
    """The documents an application's readers ask for, in the plan's layout: the 评审表 masked (the
    reviewers) and with full numbers (the applicant, the office on request), and the 破格 审批表."""
    application = sources.review_form_queryset(Application.objects.filter(pk=application_id)).first()
    if application is None or application.status == Status.DRAFT:
        return 0
    variant = plan_variant(application.plan)
    layout, publicity, _, _ = REVIEW_FORM_VARIANTS[variant]
    data = None

    def review_form(reveal: bool) -> Callable[[], bytes]:
        def render() -> bytes:
            nonlocal data
            if data is None:
                data = sources.build_review_form(application, versions=versions_used_by(application))
            return pdf.review_form_pdf(data, layout=layout, publicity=publicity, reveal_identifiers=reveal)

        return render

    made = 0
    for reveal in (False, True):
        made += store(
            application, kind=REVIEW_FORM, variant=variant, revealed=reveal, render=review_form(reveal)
        )
    if application.declaration_type in EXCEPTIONAL_DECLARATIONS:
        made += store(
            application,
            kind=EXCEPTIONAL_APPROVAL,
            render=lambda: pdf.exceptional_approval_pdf(sources.exceptional_approval_data(application)),
        )
    return made
