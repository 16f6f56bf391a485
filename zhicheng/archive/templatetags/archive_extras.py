from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ counts|get_item:kind.code }}: a dict look-up by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)
