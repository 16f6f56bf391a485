"""ID-fragment tokens stay in step with the encrypted number; queue records equal a rebuild from history."""

import os

import pytest
from django.db import connection

from tests.factories import UserFactory, valid_id_number
from zhicheng.applications import workflow
from zhicheng.review import identity
from zhicheng.review.models import IdentitySearchToken, ReviewEntry
from zhicheng.review.tracking import rebuild_entries

from .conftest import finished_publicity

pytestmark = pytest.mark.django_db


def test_tokens_are_keyed_hashes_not_the_digits(db):
    user = UserFactory(real_name="胡小明")
    number = user.id_number
    tokens = set(IdentitySearchToken.objects.filter(user=user).values_list("digest", flat=True))
    assert tokens == identity.tokens_for(number) and len(tokens) == 4
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, source FROM review_identitysearchtoken")
        raw = " ".join(" ".join(row) for row in cursor.fetchall())
    for fragment in (number[-4:], number[-6:], number[:6], number[6:14]):
        assert fragment not in raw
    # The same fragment of another kind hashes differently (domain separation).
    assert identity.token("last6", number[:6]) != identity.token("region", number[:6])


def test_tokens_follow_a_changed_id_number_and_logins_do_not_touch_them(db, django_assert_num_queries):
    user = UserFactory(real_name="胡小明")
    before = user.id_number
    user.id_number = valid_id_number(777)
    user.save()
    new = set(IdentitySearchToken.objects.filter(user=user).values_list("digest", flat=True))
    assert new == identity.tokens_for(user.id_number)
    assert (
        identity.token("last4", before[-4:]) not in new and identity.token("birth", before[6:14]) not in new
    )
    with django_assert_num_queries(1):
        user.save(update_fields=["last_login"])


@pytest.mark.parametrize(
    ("term", "kinds"),
    [("1234", 1), ("12345X", 1), ("330302", 2), ("19850315", 1)],
)
def test_fragment_shapes(term, kinds):
    parsed = identity.parse_id_term(term)
    assert not parsed.error and len(parsed.digests) == kinds


def test_full_number_uses_the_accounts_blind_index(db):
    user = UserFactory()
    assert identity.parse_id_term(user.id_number).full_index == user.id_number_index


def test_incremental_queue_records_equal_a_rebuild_from_history(chain):
    from zhicheng.review.services import application_approve

    a = chain.new_application("甲")
    b = chain.new_application("乙")
    c = chain.new_application("丙")
    d = chain.new_application("丁")
    application_approve(
        application=a, actor=chain.employer_user, opinion="同意", publicity=finished_publicity()
    )
    workflow.transition(application=a, action="return", actor=chain.county_user, opinion="请补充")
    workflow.transition(application=a, action="resubmit", actor=a.applicant)
    workflow.transition(application=b, action="reject", actor=chain.employer_user, opinion="不符合")
    workflow.transition(application=c, action="withdraw", actor=c.applicant)
    application_approve(
        application=d, actor=chain.employer_user, opinion="同意", publicity=finished_publicity()
    )
    workflow.transition(application=d, action="approve", actor=chain.county_user, opinion="同意")

    def snapshot():
        return sorted(
            ReviewEntry.objects.values_list(
                "application_id",
                "organization_id",
                "stage_id",
                "state",
                "returned_count",
                "decided_at",
                "last_opinion",
            )
        )

    incremental = snapshot()
    assert ("withdrawn" in {row[3] for row in incremental}) and len(incremental) == 7
    ReviewEntry.objects.all().delete()
    assert rebuild_entries() == 7
    assert snapshot() == incremental


def test_rebuild_command_restores_the_name_pieces_of_bulk_loaded_applicants():
    from django.core.management import call_command

    from zhicheng.accounts.models import User
    from zhicheng.review.models import NameSearchToken

    user = UserFactory(real_name="欧阳小明")
    NameSearchToken.objects.all().delete()  # as after a bulk load that sent no signals
    User.objects.filter(pk=user.pk).update(real_name="欧阳晓明")
    call_command("rebuild_review_entries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    pieces = set(NameSearchToken.objects.filter(user=user).values_list("gram", flat=True))
    assert pieces == {"欧", "阳", "晓", "明", "欧阳", "阳晓", "晓明"}
