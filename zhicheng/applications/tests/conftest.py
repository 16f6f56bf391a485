# ruff: noqa: F811  (fixtures imported by name are redefined as arguments, as pytest intends)
"""The wizard's tests use the archive's fixtures (an applicant whose employer approved the archive)."""

import base64
import io

import pytest
from PIL import Image, ImageDraw

from tests.samples import pdf_bytes, upload
from zhicheng.applications import services
from zhicheng.applications.commitment import commitment_text, text_sha256
from zhicheng.archive.tests.conftest import (  # noqa: F401 - fixtures are found by name
    archive,
    filled_info,
    intake,
    personal_info,
    photo_ok,
    plan,
)


def signature_data_url(strokes: int = 3) -> str:
    img = Image.new("RGBA", (600, 220), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    for i in range(strokes):
        draw.line(
            [(40 + i * 150, 160), (120 + i * 150, 40), (180 + i * 150, 170)], fill=(0, 0, 0, 255), width=6
        )
    out = io.BytesIO()
    img.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def sign(application):
    token, _ = services.signing_token_create(application=application, actor=application.applicant)
    return services.commitment_sign(
        token=token,
        image_data_url=signature_data_url(),
        shown_sha256=text_sha256(commitment_text(application)),
    )


INFO = {
    "declaration_type": "normal",
    "specialty": "机械",
    "work_category": "design",
    "self_statement": "任现职以来，主持完成阀门密封结构设计与试验。\n取得实用新型专利一项。",
    "administrative_post": "无",
    "exceptional_reasons": "",
    "exceptional_resume": "",
    "self_score": None,
}


@pytest.fixture
def draft_app(applicant, plan, archive):
    application, _ = services.application_start(applicant=applicant, plan=plan, level="intermediate")
    return application


@pytest.fixture
def ready(draft_app, applicant, plan, archive, intake):
    """An application with every step done through the services, ready for 提交."""
    app = draft_app
    services.draft_photo_upload(
        application=app, actor=applicant, uploaded=upload("照片.jpg", photo_ok(), "image/jpeg")
    )
    sign(app)
    services.draft_info_save(application=app, actor=applicant, data={**INFO, "intake_department": intake})
    patent = archive["patent"].approved_version_id
    services.draft_entries_save(
        application=app, actor=applicant, version_ids=[patent, archive["paper"].approved_version_id],
        representative_id=patent,
    )  # fmt: skip
    for requirement in plan.attachments.all():
        services.attachment_upload(
            application=app,
            actor=applicant,
            requirement=requirement,
            uploaded=upload("学历证书.pdf", pdf_bytes()),
        )
    app.refresh_from_db()
    return app
