"""The 公示 tests reuse the review chain's and the evaluation's builders (tests may import any app)."""

from zhicheng.evaluation.tests.conftest import world  # noqa: F401
from zhicheng.review.tests.conftest import as_user, chain  # noqa: F401
