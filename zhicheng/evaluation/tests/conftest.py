"""The evaluation's own fixture. ``world`` and ``as_user`` come from the shared plugin (tests/fixtures.py)."""

import pytest

from .helpers import World


@pytest.fixture
def world_with_assessment(db, regions):
    """The world of tests/fixtures.py ``world``, with the plan holding assessments."""
    return World(assessments=True)
