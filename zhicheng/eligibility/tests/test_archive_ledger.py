"""The profile built from the archive goes through the CE ledger (seed 003 附件8; issue 14 §1)."""

from datetime import date

import pytest

from zhicheng.archive import services
from zhicheng.archive.profile import build_profile
from zhicheng.eligibility.engine import evaluate

pytestmark = pytest.mark.django_db


def approved(owner, employer_user, data):
    entry = services.entry_create(owner=owner, kind="continuing_education", data=data)
    services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)


def test_ce_entries_recorded_by_route_are_credited_by_the_ledger(applicant, employer_user, archive):
    # 10 days of 本专业培训 = 40 h, capped at 36 per route and year; 2 days of 备案培训班 = 12 h.
    approved(
        applicant,
        employer_user,
        {"year": 2024, "category": "professional", "route": "specialty_training", "days": 10},
    )
    approved(
        applicant,
        employer_user,
        {"year": 2024, "category": "professional", "route": "filed_training", "days": 2},
    )
    profile = build_profile(applicant, as_of=date(2026, 12, 31), target_level="intermediate")
    records = [r for r in profile["continuing_education"] if r["year"] == 2024]
    assert {r["route"] for r in records} == {"specialty_training", "filed_training"}
    result = evaluate("wenzhou-mech-2020", {**profile, "as_of": "2024-12-31"})
    ce = next(c for c in result["criteria"] if c["id"] == "continuing_education")
    assert "2024年 合计 48" in ce["detail"] or "2024年 48" in ce["detail"], ce["detail"]
