import pytest


@pytest.fixture
def certified(world):
    return world.certified_case()
