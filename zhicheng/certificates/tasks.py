from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from zhicheng.core.outbox import enqueue

from .models import Certificate


@shared_task
def render_certificates(certificate_ids: list[int]) -> int:
    """Render and store the PDFs of freshly issued certificates (after commit; eager in the default)."""
    from .services import certificate_pdf_bytes  # services enqueues this task: a cycle inside the app

    rendered = 0
    for certificate in Certificate.objects.filter(pk__in=certificate_ids).select_related(
        "case__application", "holder"
    ):
        certificate_pdf_bytes(certificate)
        rendered += 1
    return rendered


def certificates_render_relay() -> int:
    """The periodic job: render certificates issued more than a minute ago whose PDF is still missing
    (their task message was lost to a broker outage). Rendering twice is harmless: the first stored
    PDF wins (services.certificate_pdf_bytes)."""
    if not getattr(settings, "PUBLIC_BASE_URL", ""):
        return 0  # the first download renders it, with the host of that request
    cutoff = timezone.now() - timedelta(minutes=1)
    ids = list(
        Certificate.objects.filter(pdf="", created_at__lte=cutoff)
        .order_by("id")
        .values_list("pk", flat=True)[:200]
    )
    return len(ids) if ids and enqueue(render_certificates, ids) else 0
