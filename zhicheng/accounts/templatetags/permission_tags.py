"""``{% can %}``: templates ask the apps' permission predicates, never ``user.role ==`` (issue 16 §2).

    {% load permission_tags %}
    {% can "review.recommend" as may_recommend %}
    {% can "review.decide" application as may_decide %}
    {% if may_recommend %}…{% endif %}

The first argument names ``<app>.<action>``: the predicate ``zhicheng.<app>.permissions.can_<action>``,
called with the request's user and any further arguments. Only ``can_*`` functions of an app's
``permissions`` module can be named, so a template cannot call anything else. The module is found when
the template renders: a template sits above every app (it renders in any of their views), so the tag
names its predicates by dotted path instead of importing them into this floor (import contract,
docs/architecture.md). An unknown name is a programming error and raises at render time.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import import_module
from typing import Any

from django import template

register = template.Library()

NAME = re.compile(r"^(?P<app>[a-z][a-z_]*)\.(?P<action>[a-z][a-z_]*)$")


@cache
def predicate(name: str):
    """The ``can_<action>`` function that ``<app>.<action>`` names."""
    match = NAME.match(name)
    if not match:
        raise template.TemplateSyntaxError(
            f"can：权限名称应写作 “应用.动作”，例如 “review.recommend”，而不是 “{name}”。"
        )
    try:
        module = import_module(f"zhicheng.{match['app']}.permissions")
    except ModuleNotFoundError as exc:
        raise template.TemplateSyntaxError(f"can：应用 “{match['app']}” 没有 permissions 模块。") from exc
    function = getattr(module, f"can_{match['action']}", None)
    if not callable(function):
        raise template.TemplateSyntaxError(f"can：{module.__name__} 中没有 can_{match['action']}。")
    return function


@register.simple_tag(takes_context=True)
def can(context, name: str, *args: Any) -> bool:
    """Whether the request's user may do ``name`` (to the objects given after it)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return False
    return bool(predicate(name)(user, *args))
