"""The continuing-education ledger of 台经信人教〔2018〕90号 and 台经信〔2019〕39号."""

import pytest

from zhicheng.eligibility import evaluate
from zhicheng.eligibility.ledger import (
    LedgerError,
    cap_for,
    compile_ledger,
    entry_hours,
    ledger_records,
    rank_weight,
)

from .helpers import base


@pytest.mark.parametrize(
    ("participants", "weights"),
    [
        (1, [1.00]),
        (2, [0.80, 0.20]),
        (3, [0.75, 0.15, 0.10]),
        (4, [0.70, 0.15, 0.10, 0.05]),
        (5, [0.65, 0.15, 0.10, 0.05, 0.05]),
        (6, [0.60, 0.15, 0.10, 0.05, 0.05, 0.05]),
        (9, [0.60, 0.15, 0.10, 0.05, 0.05, 0.05, 0.0, 0.0, 0.0]),
    ],
)
def test_rank_weights_follow_the_table_of_2019_39(participants, weights):
    assert [rank_weight(rank, participants) for rank in range(1, participants + 1)] == weights


def test_weights_of_a_shared_item_never_exceed_one():
    for n in range(1, 12):
        assert sum(rank_weight(r, n) for r in range(1, n + 1)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("entry", "hours"),
    [
        ({"route": "advanced_seminar", "level": "province"}, 36),
        ({"route": "advanced_seminar", "level": "national"}, 36),
        ({"route": "advanced_seminar", "level": "city"}, 24),
        ({"route": "advanced_seminar", "level": "county"}, 24),
        ({"route": "filed_training", "days": 3}, 18),
        ({"route": "overseas_training", "days": 2}, 12),
        ({"route": "specialty_training", "days": 2}, 8),
        ({"route": "specialty_training"}, 4),  # one day unless told otherwise
        ({"route": "online_course", "hours": 7.5}, 7.5),
        ({"route": "research", "level": "national"}, 36),
        ({"route": "research", "level": "province"}, 24),
        ({"route": "research", "level": "city"}, 12),
        ({"route": "research", "level": "county"}, 6),
        ({"route": "research", "level": "province", "rank": 2, "participants": 3}, 3.6),
        ({"route": "publication", "venue": "core"}, 8),
        ({"route": "publication", "venue": "national"}, 6),
        ({"route": "publication", "venue": "province"}, 4),
        ({"route": "publication", "venue": "other"}, 3),
        ({"route": "publication", "venue": "core", "rank": 1, "participants": 2}, 6.4),
        ({"route": "publication", "venue": "national", "kind": "book", "words": 25000}, 12),  # full 万字 only
        ({"route": "qualification_exam", "subjects": 2}, 12),
        ({"route": "degree_course", "courses": 3}, 9),
        ({"route": "service", "days": 5}, 20),
        ({"route": "specialty_training", "days": 2, "in_specialty": False}, 0),
    ],
)
def test_each_route_credits_its_hours(entry, hours):
    ledger = compile_ledger([{"date": "2021-05-10", **entry}])
    assert ledger.lines[0].hours == pytest.approx(hours)
    assert ledger.lines[0].year == 2021


@pytest.mark.parametrize(("days", "hours"), [(6, 36), (7, 36), (5, 30)])
def test_each_route_counts_at_most_36_hours_a_year(days, hours):
    ledger = compile_ledger([{"route": "filed_training", "date": "2021-03-01", "days": days}])
    assert ledger.totals == {2021: {"professional": hours}}


def test_the_cap_fills_in_date_order_and_notes_what_was_cut():
    entries = [
        {"route": "specialty_training", "date": "2021-09-01", "days": 5},
        {"route": "specialty_training", "date": "2021-03-01", "days": 5},
    ]
    ledger = compile_ledger(entries)
    by_index = {line.index: line for line in ledger.lines}
    assert by_index[1].hours == 20  # March first
    assert by_index[0].hours == 16
    assert "36学时上限" in by_index[0].note


def test_each_route_has_its_own_cap():
    entries = [
        {"route": "filed_training", "date": "2021-03-01", "days": 6},
        {"route": "online_course", "date": "2021-04-01", "hours": 40},
        {"route": "qualification_exam", "date": "2021-05-01", "subjects": 7},
    ]
    assert compile_ledger(entries).totals == {2021: {"professional": 108}}


def test_a_plan_can_lift_the_cap_for_a_route_and_year():
    entries = [
        {"route": "online_course", "date": "2020-04-01", "hours": 50},
        {"route": "online_course", "date": "2021-04-01", "hours": 50},
        {"route": "filed_training", "date": "2020-04-01", "days": 7},
    ]
    totals = compile_ledger(entries, caps={("online_course", 2020): None}).totals
    assert totals == {2020: {"professional": 50 + 36}, 2021: {"professional": 36}}


def test_cap_lookup_prefers_route_and_year_then_route_then_default():
    caps = {("online_course", 2020): None, "research": 48}
    assert cap_for("online_course", 2020, caps, 36) is None
    assert cap_for("online_course", 2021, caps, 36) == 36
    assert cap_for("research", 2021, caps, 36) == 48


def test_hours_belong_to_the_year_of_the_activity_and_a_course_over_new_year_splits():
    ledger = compile_ledger([{"route": "filed_training", "date": "2020-12-30", "end": "2021-01-02"}])
    assert ledger.totals == {2020: {"professional": 12}, 2021: {"professional": 12}}


def test_public_courses_are_registered_by_category_without_the_route_cap():
    entries = [
        {"route": "public_course", "date": "2021-02-01", "hours": 30, "category": "general_public"},
        {"route": "public_course", "date": "2021-03-01", "hours": 20, "category": "general_public"},
        {"route": "public_course", "date": "2021-03-01", "hours": 12, "category": "industry_public"},
    ]
    assert compile_ledger(entries).totals == {2021: {"general_public": 50, "industry_public": 12}}


def test_unapproved_entries_do_not_reach_the_ledger():
    entries = [
        {"route": "filed_training", "date": "2021-03-01", "days": 2, "approved": False},
        {"route": "filed_training", "date": "2021-04-01", "days": 1},
    ]
    assert compile_ledger(entries).totals == {2021: {"professional": 6}}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"route": "karaoke", "date": "2021-01-01"}, "entries[0].route：取值必须是"),
        ({"route": "research", "date": "2021-01-01"}, "entries[0].level：缺少必填字段"),
        ({"route": "research", "date": "2021-01-01", "level": "galactic"}, "entries[0].level：取值必须是"),
        ({"route": "filed_training", "date": "2021-13-01"}, "entries[0].date：应为 YYYY-MM-DD"),
        ({"route": "filed_training", "date": "2021-03-05", "end": "2021-03-01"}, "结束日期早于开始日期"),
        ({"route": "qualification_exam", "date": "2021-01-01", "subjects": -1}, "应为非负数"),
        (
            {"route": "research", "date": "2021-01-01", "level": "city", "rank": 0, "participants": 2},
            "排名和参与人数",
        ),
    ],
)
def test_an_unreadable_entry_is_refused_with_the_field_named(entry, message):
    with pytest.raises(LedgerError) as caught:
        compile_ledger([entry])
    assert message in str(caught.value)


def test_entry_hours_reports_the_weight_used():
    ((year, category, base_hours, weight, note),) = entry_hours(
        {"route": "research", "date": "2022-01-05", "level": "city", "rank": 3, "participants": 4}
    )
    assert (year, category, base_hours, weight) == (2022, "professional", 12, 0.10)
    assert "4人中排名第3" in note


def test_ledger_records_feed_the_profile_and_the_engine():
    entries = []
    for year in range(2019, 2023):
        entries += [
            {"route": "advanced_seminar", "date": f"{year}-03-01", "level": "province"},
            {"route": "filed_training", "date": f"{year}-05-01", "days": 5},
            {
                "route": "publication",
                "date": f"{year}-06-01",
                "venue": "national",
                "rank": 1,
                "participants": 1,
            },
            {"route": "public_course", "date": f"{year}-02-01", "hours": 20, "category": "general_public"},
        ]
    records = ledger_records(entries)
    assert {"year": 2019, "category": "professional", "hours": 72} in records
    profile = base("wenling-mechatronics-2022", continuing_education=records)
    result = evaluate("wenling-mechatronics-2022", profile)
    ce = next(c for c in result["criteria"] if c["id"] == "continuing_education")
    assert ce["result"] == "met"
    assert "合计 368 ≥ 360学时" in ce["detail"]
