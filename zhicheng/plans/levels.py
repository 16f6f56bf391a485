"""How a level (``Level``) is named on screen and on paper, in one place:

* ``level_label``: the level with its title, 中级（工程师）;
* ``level_short``: the level alone, 中级;
* ``title_name``: the title conferred at the level, 工程师 (``TITLE_FOR_LEVEL``).

A code that is not a level (an old or empty value) is shown as it is.
"""

from __future__ import annotations

from .models import TITLE_FOR_LEVEL, Level


def level_label(level: str) -> str:
    """中级（工程师） from intermediate."""
    return Level(level).label if level in Level.values else level


def level_short(level: str) -> str:
    """中级 from intermediate."""
    return level_label(level).split("（")[0]


def title_name(level: str) -> str:
    """工程师 from intermediate."""
    return TITLE_FOR_LEVEL.get(level, level)
