"""SECURITY.md 6–8: every reviewer sees only its scope; every out-of-scope probe gets 404/403 and leaks nothing."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from tests.factories import CommitteeFactory, EmployerFactory, OrganizationFactory, UserFactory, staff
from tests.samples import pdf_bytes
from zhicheng.applications import workflow
from zhicheng.applications.models import ApplicationAttachment, Status
from zhicheng.core.models import AuditEvent

from .conftest import publicity_post

pytestmark = pytest.mark.django_db

# actor → expected answer for the file now held by the county (it passed the employer already).
EXPECTED_VIEW = {
    "employer_own": 200,
    "employer_other": 404,
    "county_routed": 200,
    "county_other_region": 404,
    "city_not_yet_routed": 404,
    "city_other_province_part": 404,
    "office_of_plan": 200,
    "office_other_committee": 404,
    "applicant_owner": 403,
    "applicant_other": 403,
    "expert": 403,
    "hr_bureau": 403,
    "admin": 403,
}


@pytest.fixture
def world(chain, regions):
    app = chain.new_application("胡小明")
    ApplicationAttachment.objects.create(
        application=app,
        requirement_name="学历证书",
        file=ContentFile(pdf_bytes(), name="a.pdf"),
        kind="pdf",
        size=100,
        sha256=hashlib.sha256(b"x").hexdigest(),
    )
    workflow.transition(application=app, action="approve", actor=chain.employer_user, opinion="同意")
    app.refresh_from_db()
    ouhai = OrganizationFactory(kind="department", name="瓯海区人社局", region=regions["330304"])
    taizhou = OrganizationFactory(kind="department", name="台州市人社局", region=regions["331000"])
    chain.plan.intake_departments.add(ouhai, taizhou)
    actors = {
        "employer_own": chain.employer_user,
        "employer_other": staff("employer", EmployerFactory().organization),
        "county_routed": chain.county_user,
        "county_other_region": staff("department", ouhai),
        "city_not_yet_routed": chain.city_user,
        "city_other_province_part": staff("department", taizhou),
        "office_of_plan": chain.office_user,
        "office_other_committee": staff("committee_office", CommitteeFactory().organization),
        "applicant_owner": app.applicant,
        "applicant_other": UserFactory(real_name="路人甲"),
        "expert": staff("expert", None),
        "hr_bureau": staff("hr_bureau", chain.plan.committee.hr_bureau),
        "admin": staff("admin", OrganizationFactory(kind="platform", name="平台")),
    }
    return app, actors


def _no_leak(response, app):
    body = response.content.decode(errors="ignore")
    # The platform's own error pages carry the signed-in user's name in the masthead: the owner
    # seeing their own name there is no leak, so only what follows the masthead is searched.
    body = body.split("</header>", 1)[-1]
    applicant = app.applicant
    for secret in (applicant.real_name, applicant.id_number, applicant.masked_id_number, applicant.phone):
        assert secret not in body, secret


def _state(app):
    app.refresh_from_db()
    return (app.status, app.version, app.current_org_id, app.history.count())


@pytest.mark.parametrize("who", sorted(EXPECTED_VIEW))
def test_detail_and_attachment_matrix(world, as_user, who):
    app, actors = world
    c = as_user(actors[who])
    attachment = app.attachments.get()
    detail = c.get(f"/review/applications/{app.pk}/")
    file = c.get(f"/review/applications/{app.pk}/attachments/{attachment.pk}/")
    expected = EXPECTED_VIEW[who]
    assert detail.status_code == expected and file.status_code == expected
    if expected == 200:
        assert "胡小明" in detail.content.decode()
    else:
        _no_leak(detail, app)
        _no_leak(file, app)
    if expected == 403:
        assert AuditEvent.objects.filter(event="access_denied", actor=actors[who]).exists()


@pytest.mark.parametrize(
    "who", sorted(set(EXPECTED_VIEW) - {"county_routed"})
)  # the holder: see test_decisions
def test_decisions_out_of_scope_change_nothing(world, as_user, who):
    app, actors = world
    before = _state(app)
    c = as_user(actors[who])
    for decision, field, value in [
        ("approve", "approve-opinion", "同意"),
        ("reject", "reject-opinion", "不符合"),
    ]:
        r = c.post(
            f"/review/applications/{app.pk}/decide/", {"decision": decision, field: value, **publicity_post()}
        )
        assert r.status_code in {302, 403, 404}
        if r.status_code == 302:  # in scope to read, not the holder: sent back with a message
            assert EXPECTED_VIEW[who] == 200
            follow = c.get(r["Location"]).content.decode()
            assert "不在您所在单位的审核环节" in follow
        else:
            assert r.status_code == EXPECTED_VIEW[who]
            _no_leak(r, app)
    bulk = c.post("/review/bulk-approve/", {"ids": [app.pk], **publicity_post()})
    if bulk.status_code == 200:
        assert (
            "不在您的审核范围内" in bulk.content.decode()
            or "不在您所在单位的审核环节" in bulk.content.decode()
        )
    else:
        assert bulk.status_code == 403
    assert _state(app) == before


@pytest.mark.parametrize("who", sorted(EXPECTED_VIEW))
def test_queues_list_only_the_scope(world, as_user, who):
    app, actors = world
    c = as_user(actors[who])
    response = c.get("/review/?tab=all")
    if EXPECTED_VIEW[who] == 403:
        assert response.status_code == 403
        _no_leak(response, app)
        return
    body = response.content.decode()
    in_queue = "胡小明" in body
    assert in_queue == (who in {"employer_own", "county_routed"}), who


def test_anonymous_is_sent_to_login_everywhere(world, client):
    app, _ = world
    for url in [
        "/review/",
        f"/review/applications/{app.pk}/",
        "/review/recommendations/",
        "/review/publicity/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(f"/review/applications/{app.pk}/decide/", {"decision": "approve"}).status_code == 302
    assert _state(app)[0] == Status.PENDING


def test_a_draft_is_invisible_even_to_its_own_employer(chain, as_user):
    draft = chain.new_application("胡小明", submit=False)
    assert as_user(chain.employer_user).get(f"/review/applications/{draft.pk}/").status_code == 404


def test_role_pages_of_other_roles_are_refused(world, as_user):
    _, actors = world
    assert as_user(actors["employer_own"]).get("/review/publicity/").status_code == 403
    assert as_user(actors["employer_own"]).get("/review/recommendations/").status_code == 403
    assert as_user(actors["county_routed"]).get("/review/publicity/new/").status_code == 403


def test_another_departments_batch_is_not_found(chain, as_user):
    from zhicheng.review.services import recommendation_submit

    app = chain.new_application("胡小明")
    workflow.transition(application=app, action="approve", actor=chain.employer_user, opinion="同意")
    workflow.transition(application=app, action="approve", actor=chain.county_user, opinion="同意")
    batch = recommendation_submit(actor=chain.county_user, plan_id=chain.plan.pk)
    response = as_user(chain.city_user).get(f"/review/recommendations/{batch.pk}/")
    assert response.status_code == 404
    _no_leak(response, app)
    assert as_user(chain.office_user).get(f"/review/recommendations/{batch.pk}/").status_code == 200
