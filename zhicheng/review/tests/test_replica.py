"""The read replica: lag-tolerant pages read it; a read after the user's own write never does.

The `replica` alias of the test settings is a TEST MIRROR of the default database: a second connection
to the same rows, so the test can see on which connection each query ran.
"""

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from zhicheng.core.replica import PIN_COOKIE, lag_tolerated, request_scope
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_on(settings):
    settings.READ_REPLICA_ENABLED = True


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def _get(client, url):
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(url)
    assert response.status_code == 200, url
    return response, _tables(on_replica), _tables(on_primary)


def test_queue_and_public_pages_read_from_the_replica(chain, as_user, client, replica_on):
    chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    del c.cookies[PIN_COOKIE]  # the login's pin has expired: a later visit
    response, replica, primary = _get(c, "/review/")
    assert "胡小明" in response.content.decode()
    assert "review_reviewentry" in replica and "review_reviewentry" not in primary
    # The session and the user are not lag-tolerant: never from the replica (the session comes from the
    # cache once written, SESSION_ENGINE cached_db; the user from the primary).
    assert "django_session" not in replica
    user_row = 'SELECT "accounts_user"."id", "accounts_user"."password"'
    assert user_row in primary and user_row not in replica

    _, replica, primary = _get(client, "/publicity/")
    assert "publicity_publicity" in replica and "publicity_publicity" not in primary


def test_the_page_after_the_users_own_post_reads_the_primary(chain, as_user, replica_on):
    chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    del c.cookies[PIN_COOKIE]
    posted = c.post("/review/", {"q": "胡", "tab": "all"})  # a POST: its browser is pinned for a moment
    assert posted.status_code == 302 and PIN_COOKIE in posted.cookies
    response, replica, primary = _get(c, posted["Location"])
    assert "胡小明" in response.content.decode()
    assert "review_reviewentry" in primary and "review_reviewentry" not in replica


def test_a_read_after_a_write_in_the_same_request_reads_the_primary(chain, replica_on):
    with request_scope(), lag_tolerated():
        assert router.db_for_read(Plan) == "replica"
        chain.plan.save(update_fields=["name"])
        assert router.db_for_read(Plan) == "default"


def test_without_a_replica_everything_reads_the_primary(settings, chain):
    settings.READ_REPLICA_ENABLED = False
    with request_scope(), lag_tolerated():
        assert router.db_for_read(Plan) == "default"
