import pytest

from zhicheng.evaluation.tests.conftest import as_user  # noqa: F401 - shared fixture
from zhicheng.evaluation.tests.helpers import World


@pytest.fixture
def world(db, regions):
    return World()


@pytest.fixture
def certified(world):
    return world.certified_case()
