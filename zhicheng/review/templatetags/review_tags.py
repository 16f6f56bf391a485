from django import template

from zhicheng.applications.timeline import steps_for

register = template.Library()


@register.inclusion_tag("applications/_timeline.html")
def review_timeline(application):
    """{% load review_tags %}{% review_timeline application %}: the one timeline of one application."""
    return {"timeline": steps_for(application)}
