from django import template

from zhicheng.plans.models import TITLE_FOR_LEVEL, DeclarationType

from ..selectors import changes_since_return, dossier_for

register = template.Library()


@register.simple_tag
def load_dossier(application):
    """{% load_dossier application as d %}: the dossier's data in a fixed number of queries."""
    return dossier_for(application)


@register.filter
def level_title(level: str) -> str:
    return TITLE_FOR_LEVEL.get(level, level or "—")


@register.filter
def declaration_label(value: str) -> str:
    return DeclarationType(value).label if value in DeclarationType.values else (value or "—")


@register.inclusion_tag("applications/_changes.html")
def changes_since_return_for(application, audience="reviewer"):
    """{% changes_since_return_for application "applicant" %}: the list of what changed since the
    last 退回修改, beside the return reason; nothing when the file was never returned."""
    return {"changes": changes_since_return(application), "audience": audience}
