"""Majors against the same/similar lists of seed 003 第十八条."""

import pytest

from zhicheng.eligibility.majors import OTHER, SAME, SIMILAR, UNLISTED
from zhicheng.eligibility.rulesets import default_rulesets


@pytest.fixture
def lists():
    return default_rulesets()["linping-manufacturing-2022"].majors


@pytest.mark.parametrize(
    ("major", "specialty", "expected"),
    [
        ("机械工程", "机电制造", SAME),
        ("机械设计制造及其自动化专业", "机电制造", SAME),
        ("测控技术与仪器", "机电制造", SAME),  # in both lists: same wins
        ("电子信息工程", "机械", SIMILAR),
        ("信管理与信息系统", "机电制造", SIMILAR),  # the seed's typo
        ("信息管理与信息系统", "机电制造", SIMILAR),  # the corrected name
        ("英语", "机电制造", OTHER),
        ("英语", "化工", UNLISTED),  # the lists speak only of 机械/机电 specialties
        ("机械工程", "化工", SAME),
    ],
)
def test_major_is_classified_against_the_lists(lists, major, specialty, expected):
    assert lists.classify(major, specialty) == expected


def test_wenling_lists_cover_every_specialty_of_its_plan():
    lists = default_rulesets()["wenling-mechatronics-2022"].majors
    assert lists.classify("英语", "泵与电机") == OTHER
