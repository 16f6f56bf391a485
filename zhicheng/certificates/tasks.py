from celery import shared_task


@shared_task
def render_certificates(certificate_ids: list[int]) -> int:
    """Render and store the PDFs of freshly issued certificates (after commit; eager in the default)."""
    from .models import Certificate
    from .services import certificate_pdf_bytes

    rendered = 0
    for certificate in Certificate.objects.filter(pk__in=certificate_ids).select_related(
        "case__application", "holder"
    ):
        certificate_pdf_bytes(certificate)
        rendered += 1
    return rendered
