"""Certificate lists shown on other apps' pages: the page includes the tag, so the app below does not
import certificates (the HR bureau's results page in evaluation, issue 16 §1)."""

from django import template

from ..models import Certificate

register = template.Library()


@register.inclusion_tag("certificates/_plan_certificates.html")
def plan_certificates(plan):
    """已发放电子证书 of a plan, by number (the page that shows it has already checked who may see the plan)."""
    return {"certificates": Certificate.objects.filter(case__plan=plan).order_by("number")}
