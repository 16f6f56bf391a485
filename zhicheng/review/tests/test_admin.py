"""Administrators can read the review records in the admin, in Chinese, but not change them there."""

import pytest

from zhicheng.review.services import application_approve

from .conftest import finished_publicity

pytestmark = pytest.mark.django_db


def test_review_records_are_read_only_in_the_admin(chain, admin_user, login):
    app = chain.new_application("胡小明")
    application_approve(
        application=app, actor=chain.employer_user, opinion="同意推荐", publicity=finished_publicity()
    )
    client = login(admin_user)
    # The internal 公示 is a row of the one 公示 module (kind internal), read-only there too.
    page = client.get("/django-admin/publicity/publicity/?kind__exact=internal").content.decode()
    assert "单位内部公示" in page and "公示工作日数" in page and "无异议" in page
    record = app.internal_publicities.get()
    change = client.get(f"/django-admin/publicity/publicity/{record.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get("/django-admin/publicity/publicity/add/").status_code == 403
    assert (
        client.post(f"/django-admin/publicity/publicity/{record.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/django-admin/core/jobrun/").status_code == 200  # the one job registry lives in core
