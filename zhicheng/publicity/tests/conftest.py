"""The 公示 tests reuse the review chain's builders (tests may import any app); the evaluation's `world`
comes from the shared plugin (tests/fixtures.py)."""

from zhicheng.review.tests.conftest import as_user, chain  # noqa: F401
