from django import template

from zhicheng.review.selectors import timeline_for

register = template.Library()


@register.inclusion_tag("review/_timeline.html")
def review_timeline(application):
    """{% load review_tags %}{% review_timeline application %}: the timeline of one application."""
    return {"timeline": timeline_for(application)}
