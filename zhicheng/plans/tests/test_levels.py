"""A level's names, in one place (plans/levels.py)."""

from zhicheng.plans.levels import level_label, level_short, title_name
from zhicheng.plans.models import Level


def test_a_level_is_named_with_its_title_alone_or_by_its_title():
    assert level_label(Level.INTERMEDIATE) == "中级（工程师）"
    assert level_short(Level.INTERMEDIATE) == "中级"
    assert title_name(Level.INTERMEDIATE) == "工程师"
    assert [level_short(v) for v in Level.values] == ["员级", "助理级", "中级", "副高级", "正高级"]


def test_a_code_that_is_not_a_level_is_shown_as_it_is():
    assert level_label("expert_panel") == "expert_panel"
    assert level_short("") == ""
    assert title_name("unknown") == "unknown"
