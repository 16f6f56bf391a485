import pytest

from .helpers import World


@pytest.fixture
def world(db, regions):
    return World()


@pytest.fixture
def world_with_assessment(db, regions):
    return World(assessments=True)
