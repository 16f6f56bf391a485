"""Saving a form a page rendered keeps what it showed (issue 12 item 1)."""

import pytest

from tests.html import form_data, page_forms
from zhicheng.archive.models import Entry, PersonalInfo

pytestmark = pytest.mark.django_db


def _the_form(html: str, field: str) -> dict:
    return next(f for f in page_forms(html) if any(name == field for name, _ in f["fields"]))


def test_saving_personal_info_as_rendered_keeps_the_work_start_date(client, login, applicant, filled_info):
    login(applicant)
    form = _the_form(client.get("/archive/personal/").content.decode(), "work_start")
    date_input = next(i for i in form["inputs"] if i["name"] == "work_start")
    assert date_input["type"] == "date" and date_input["value"] == "2012-07-01"
    response = client.post("/archive/personal/", form_data(form))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PersonalInfo.objects.get(user=applicant).work_start.isoformat() == "2012-07-01"
    assert "尚未填写" not in client.get("/archive/personal/").content.decode()


def test_resaving_every_entry_as_rendered_keeps_its_dates_and_numbers(client, login, applicant, archive):
    login(applicant)
    for entry in archive.values():
        before = entry.versions.order_by("-number").first().data
        page = client.get(f"/archive/entries/{entry.pk}/edit/").content.decode()
        form = _the_form(page, next(iter(before)))
        for i in form["inputs"]:
            if i["type"] == "date" and i["value"]:
                assert len(i["value"]) == 10 and i["value"][4] == "-", (entry.kind, i)
        response = client.post(f"/archive/entries/{entry.pk}/edit/", form_data(form))
        assert response.status_code == 302, (entry.kind, response.content.decode()[:3000])
        after = Entry.objects.get(pk=entry.pk).versions.order_by("-number").first().data
        assert after == before, entry.kind
