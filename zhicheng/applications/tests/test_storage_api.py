"""Uploaded files go through Django's storage API only, so several machines can share object storage.

A storage with no local path (`.path()` raises), like S3,: the whole wizard, the 提交, the
file views and the 评审表 work on it, so nothing in these paths reads a file from the disk by name.
"""

import sys

import pytest
from django.core.files.storage import InMemoryStorage, default_storage

from zhicheng.applications import services
from zhicheng.documents import sources

pytestmark = pytest.mark.django_db


class ObjectStorage(InMemoryStorage):
    """Like S3: files by name through the API, no path on this machine's disk."""

    def path(self, name):
        # InMemoryStorage resolves names with path() internally; any other caller is reading by path.
        if not sys._getframe(1).f_globals.get("__name__", "").startswith("django.core.files.storage"):
            raise NotImplementedError("object storage has no local path")
        return super().path(name)


@pytest.fixture(autouse=True)
def _storage_without_paths(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.ObjectStorage"},
    }


def test_the_wizard_submit_file_views_and_review_form_need_no_local_path(ready, client, login):
    photo = ready.draft.photo
    with pytest.raises(NotImplementedError):
        default_storage.path(photo.name)
    assert default_storage.exists(photo.name)

    services.application_submit(application=ready, actor=ready.applicant)

    login(ready.applicant)
    served = client.get(f"/applications/{ready.pk}/photo.jpg")
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    assert body[:2] == b"\xff\xd8" and len(body) == default_storage.size(photo.name)
    attachment = ready.attachments.first()
    assert client.get(f"/applications/{ready.pk}/attachments/{attachment.pk}/").status_code == 200

    data = sources.review_form_data(ready, viewer=ready.applicant)
    assert data.applicant.photo == body  # the JPEG itself, read through the storage
