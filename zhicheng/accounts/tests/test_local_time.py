"""Times the platform writes out itself (not through a template) are in 北京时间, as the pages are."""

from datetime import UTC, datetime

import pytest

from zhicheng.accounts.models import OneTimeCode

pytestmark = pytest.mark.django_db


def test_a_codes_label_in_the_admin_says_beijing_time():
    # 23:30 UTC is 07:30 the next morning in 北京时间; the label used to print the UTC date and hour.
    code = OneTimeCode.objects.create(purpose=OneTimeCode.Purpose.PASSWORD_RESET, code_hash="x" * 64,
                                      expires_at=datetime(2026, 12, 8, 0, 0, tzinfo=UTC),
                                      created_at=datetime(2026, 12, 7, 23, 30, tzinfo=UTC))  # fmt: skip
    code.refresh_from_db()
    assert str(code) == "找回密码 2026-12-08 07:30"
