"""The queue's tab counts come from the cache under the organisation's queue version (review/counts.py):
counted once, recounted after every change of the organisation's records, never stale after a decision."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PlanFactory
from zhicheng.applications import workflow
from zhicheng.review.tracking import rebuild_entries

pytestmark = pytest.mark.django_db

COUNT_SQL = 'COUNT("review_reviewentry"."state")'


def _tab_counts(html: str) -> dict[str, int]:
    return {
        label: int(n)
        for label, n in re.findall(
            r">(待审查|审查通过|审查不通过|退回记录|全部) <span class=\"count\">\((\d+)\)", html
        )
    }


def _view(client, url="/review/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    counted = sum(COUNT_SQL in q["sql"] for q in queries.captured_queries)
    # The header's unread-message count is cached on its own (notifications.selectors.unread_count).
    own = [q for q in queries.captured_queries if '"notifications_message"' not in q["sql"]]
    return _tab_counts(response.content.decode()), counted, len(own)


def test_the_tab_counts_are_counted_once_not_on_every_view(chain, as_user):
    chain.new_application("甲")
    chain.new_application("乙")
    c = as_user(chain.employer_user)
    first, counted_first, queries_first = _view(c)
    second, counted_second, queries_second = _view(c, "/review/?tab=all")
    assert first == second == {"待审查": 2, "审查通过": 0, "审查不通过": 0, "退回记录": 0, "全部": 2}
    assert (counted_first, counted_second) == (1, 0)
    assert queries_second == queries_first - 2  # the counts, and the plans of the filter kept beside them


def test_the_plan_filter_is_kept_until_the_records_change(chain, as_user):
    """The plans the organisation has files in (the filter's menu) are read once and kept under the queue
    version: a file of a new plan arriving bumps it, and the menu shows the new plan."""
    chain.new_application("甲")
    c = as_user(chain.employer_user)
    html = c.get("/review/").content.decode()
    assert chain.plan.name in html
    with CaptureQueriesContext(connection) as queries:
        c.get("/review/")
    assert not any('FROM "plans_plan"' in q["sql"] and "EXISTS" in q["sql"] for q in queries.captured_queries)
    other = PlanFactory(name="2025年度机械专业助理工程师评审计划", year=2025)
    other.intake_departments.add(chain.county, chain.city)
    chain.new_application("乙", plan=other)
    assert "2025年度机械专业助理工程师评审计划" in c.get("/review/").content.decode()


def test_a_decision_recounts_both_the_deciding_and_the_receiving_organisation(chain, as_user):
    a = chain.new_application("甲")
    chain.new_application("乙")
    employer = as_user(chain.employer_user)
    assert _view(employer)[0]["待审查"] == 2
    county = as_user(chain.county_user)
    assert _view(county)[0]["全部"] == 0

    workflow.transition(application=a, action="approve", actor=chain.employer_user, opinion="同意推荐")

    counts, counted, _ = _view(as_user(chain.employer_user))
    assert counted == 1
    assert counts == {"待审查": 1, "审查通过": 1, "审查不通过": 0, "退回记录": 0, "全部": 2}
    counts, counted, _ = _view(as_user(chain.county_user))
    assert counted == 1
    assert counts == {"待审查": 1, "审查通过": 0, "审查不通过": 0, "退回记录": 0, "全部": 1}


def test_a_return_and_a_resubmission_each_recount(chain, as_user):
    a = chain.new_application("甲")
    c = as_user(chain.employer_user)
    _view(c)
    workflow.transition(application=a, action="return", actor=chain.employer_user, opinion="请补充学历证书")
    assert _view(c)[0] == {"待审查": 0, "审查通过": 0, "审查不通过": 0, "退回记录": 1, "全部": 1}
    workflow.transition(application=a, action="resubmit", actor=a.applicant)
    assert _view(c)[0] == {"待审查": 1, "审查通过": 0, "审查不通过": 0, "退回记录": 1, "全部": 1}


def test_search_and_verdict_filters_count_live(chain, as_user):
    chain.new_application("胡小明")
    chain.new_application("王大成")
    c = as_user(chain.employer_user)
    _view(c)
    response = c.post("/review/", {"q": "小明", "tab": "all"})
    counts, counted, _ = _view(c, response["Location"])
    assert counted == 1
    assert counts["全部"] == 1
    counts, counted, _ = _view(c, "/review/?tab=all&eligibility=eligible")
    assert counted == 1


def test_a_rebuild_of_the_records_recounts_every_organisation(chain, as_user):
    chain.new_application("甲")
    c = as_user(chain.employer_user)
    assert _view(c)[0]["全部"] == 1
    # Records changed outside the workflow (a bulk load, a repair), then rebuilt from the history.
    from zhicheng.review.models import ReviewEntry

    ReviewEntry.objects.all().delete()
    assert _view(c)[0]["全部"] == 1  # the cached count: nothing told the queue yet
    rebuild_entries()
    counts, counted, _ = _view(c)
    assert counted == 1
    assert counts["全部"] == 1


def test_years_and_plans_are_counted_apart(chain, as_user):
    a = chain.new_application("甲")
    c = as_user(chain.employer_user)
    assert _view(c, f"/review/?tab=all&plan={a.plan_id}")[0]["全部"] == 1
    assert _view(c, f"/review/?tab=all&plan={a.plan_id + 1000}")[0]["全部"] == 0
    assert _view(c, f"/review/?tab=all&year={a.plan.year - 1}")[0]["全部"] == 0
