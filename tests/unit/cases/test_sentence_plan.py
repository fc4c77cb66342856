"""The implementation plan with its weekly schedule (§6; R20, R22–R25, R31)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from valvo.domain.cases.sentence_plan import check_sentence_plan_data, read_sentence_plan
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import ACT_2011, DRAFT_2007

ITEMS = {
    key: "written"
    for key in (
        "abode",
        "activity",
        "monitoring",
        "abode_timing",
        "movement",
        "support",
        "personal_time",
        "other",
    )
}


def plan(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "start": "2027-01-04",  # a Monday
        "end": "2027-01-17",  # a Sunday: two full weeks
        "items": dict(ITEMS),
        "weekly": [
            {"weekday": d, "start": "08:00", "end": "16:00", "purpose": "activity"}
            for d in range(5)
        ],
    }
    doc.update(changes)
    return doc


def codes(doc: dict[str, Any], policy: Any = DRAFT_2007) -> list[str]:
    return [e.code for e in check_sentence_plan_data(doc, policy)]


def test_a_lawful_plan_has_no_errors() -> None:
    assert codes(plan()) == []


def test_r20_every_section_6_item_is_required() -> None:
    items = dict(ITEMS, support=" ", other="")
    errors = check_sentence_plan_data(plan(items=items), DRAFT_2007)
    assert [e.code for e in errors] == ["plan_item_missing", "plan_item_missing"]
    assert "item 6, the support measures" in errors[0].message
    assert "item 8" in errors[1].message


def test_r24_the_weekly_windows_count_in_every_week() -> None:
    thin = plan(weekly=[{"weekday": 0, "start": "08:00", "end": "12:00", "purpose": "activity"}])
    assert codes(thin) == ["activity_below_minimum", "activity_below_minimum"]
    heavy = plan(
        weekly=[
            *plan()["weekly"],
            {"weekday": 5, "start": "08:00", "end": "10:00", "purpose": "activity"},
        ]
    )
    assert codes(heavy) == ["activity_above_maximum", "activity_above_maximum"]
    # The 2011 act allows 50 h for a special reason (330/2011 §3.2).
    assert codes(dict(heavy, activity_hours_justification="seasonal work"), ACT_2011) == []


def test_r25_activity_at_night_needs_a_reason() -> None:
    evening = {"weekday": 5, "start": "17:00", "end": "19:00", "purpose": "activity"}
    weekdays = plan()["weekly"][:4]  # 32 h, so the evening's 2 h stay under 40
    assert codes(plan(weekly=[*weekdays, evening])) == [
        "activity_at_night_unjustified",
        "activity_at_night_unjustified",
    ]
    justified = dict(evening, justification="evening shift at the same employer")
    assert codes(plan(weekly=[*weekdays, justified])) == []


def test_the_week_is_expanded_over_the_period_and_cut_at_its_end() -> None:
    night = {"weekday": 6, "start": "22:00", "end": "02:00", "purpose": "personal"}
    parsed, errors = read_sentence_plan(plan(weekly=[*plan()["weekly"], night]))
    assert errors == ()
    intervals = parsed.intervals()
    assert len(intervals) == 12  # ten working days and two Sunday nights
    last = max(intervals, key=lambda i: i.start)
    local = datetime.fromisoformat  # plan times are wall-clock, without an offset
    assert (last.start, last.end) == (local("2027-01-17T22:00"), local("2027-01-18T00:00"))


def test_r23_the_schedule_the_engine_enforces() -> None:
    one_off = [{"purpose": "personal", "start": "2027-01-09T10:00", "end": "2027-01-09T12:00"}]
    parsed, _ = read_sentence_plan(plan(one_off=one_off))
    weekly, singles = parsed.schedule_entries()
    assert weekly[0] == {"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"}
    assert singles == [
        {"start": "2027-01-09T10:00:00", "end": "2027-01-09T12:00:00", "purpose": "personal"}
    ]


def test_a_one_off_ending_before_it_starts_is_reported_not_fatal() -> None:
    backwards = [{"purpose": "personal", "start": "2027-01-09T12:00", "end": "2027-01-09T10:00"}]
    assert codes(plan(one_off=backwards)) == ["interval_ends_before_start"]


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        (
            {"weekly": [{"weekday": 7, "start": "08:00", "end": "16:00", "purpose": "activity"}]},
            "weekday",
        ),
        (
            {"weekly": [{"weekday": 1, "start": "08:00", "end": "08:00", "purpose": "activity"}]},
            "no length",
        ),
        ({"weekly": [{"weekday": 1, "start": "08:00", "end": "16:00", "purpose": "party"}]}, "R31"),
        ({"sobriety": "yes"}, "unknown key"),
        ({"items": {"abode": "x", "hobby": "y"}}, "unknown key"),
        ({"start": "2027-02-30"}, "start"),
    ],
)
def test_what_is_not_a_plan_is_refused(changes: dict[str, Any], where: str) -> None:
    with pytest.raises(LawInputError) as caught:
        check_sentence_plan_data(plan(**changes), DRAFT_2007)
    assert where in caught.value.message
