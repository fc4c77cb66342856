"""Attendance reconciliation: the partner's statement against the GPS record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.factories import HOME, circle_zone, offset
from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import ZoneKind
from valvo.domain.partners.attendance import (
    Action,
    Fix,
    GpsSummary,
    GpsVerdict,
    Outcome,
    Statement,
    gps_attendance,
    reconcile,
)
from valvo.domain.partners.attendance_alarm import attendance_breach, condition_key

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
END = START + timedelta(hours=4)
PLACE = circle_zone("place", ZoneKind.INCLUSION, HOME, 100).prepared()


def fixes(
    east_m: float,
    every: timedelta,
    until: datetime = END,
    start: datetime = START,
    accuracy: float = 8.0,
) -> list[Fix]:
    lon, lat = offset(HOME, east_m, 0)
    out, at = [], start
    while at < until:
        out.append(Fix(at, lon, lat, accuracy))
        at += every
    return out


def test_fixes_inside_the_place_for_the_whole_session_are_present() -> None:
    summary = gps_attendance(PLACE, fixes(0, timedelta(minutes=5)), START, END)
    assert summary.verdict is GpsVerdict.PRESENT
    assert summary.share_inside == 1.0
    assert summary.inside == 48
    assert summary.outside == 0


def test_half_an_hour_inside_is_partial_and_far_away_is_absent() -> None:
    inside = fixes(0, timedelta(minutes=5), until=START + timedelta(minutes=30))
    away = fixes(2000, timedelta(minutes=5), start=START + timedelta(minutes=30))
    partial = gps_attendance(PLACE, inside + away, START, END)
    assert partial.verdict is GpsVerdict.PARTIAL
    assert partial.share_inside == 0.125
    assert gps_attendance(PLACE, away, START, END).verdict is GpsVerdict.ABSENT


def test_sparse_fixes_count_for_at_most_fifteen_minutes_each() -> None:
    sparse = fixes(0, timedelta(hours=1))  # 4 fixes, each worth 15 minutes: a quarter
    summary = gps_attendance(PLACE, sparse, START, END)
    assert summary.share_inside == 0.25
    assert summary.verdict is GpsVerdict.PARTIAL


def test_fixes_outside_the_session_or_too_inaccurate_to_judge_give_no_data() -> None:
    before = fixes(0, timedelta(minutes=5), start=START - timedelta(hours=2), until=START)
    assert gps_attendance(PLACE, before, START, END).verdict is GpsVerdict.NO_DATA
    # 2 km accuracy at the boundary: neither inside nor outside with 95 % confidence.
    vague = fixes(100, timedelta(minutes=5), accuracy=2000)
    summary = gps_attendance(PLACE, vague, START, END)
    assert summary.verdict is GpsVerdict.NO_DATA
    assert summary.uncertain == 48


def summary(verdict: GpsVerdict, share: float = 1.0) -> GpsSummary:
    return GpsSummary(verdict, 10, 10, 0, 0, share, None, None)


AFTER = END + timedelta(hours=1)
LATE = END + timedelta(days=2)


@pytest.mark.parametrize(
    ("statement", "verdict", "now", "outcome", "action"),
    [
        (Statement.ATTENDED, GpsVerdict.PRESENT, AFTER, Outcome.CONSISTENT, Action.NONE),
        (Statement.LATE, GpsVerdict.PRESENT, AFTER, Outcome.CONSISTENT, Action.FOLLOW_UP),
        (Statement.ATTENDED, GpsVerdict.PARTIAL, AFTER, Outcome.CONSISTENT, Action.FOLLOW_UP),
        (Statement.ABSENT, GpsVerdict.ABSENT, AFTER, Outcome.NO_SHOW, Action.BREACH_RECORD),
        (Statement.ABSENT, GpsVerdict.NO_DATA, AFTER, Outcome.NO_SHOW, Action.BREACH_RECORD),
        (Statement.ATTENDED, GpsVerdict.ABSENT, AFTER, Outcome.MISMATCH, Action.ALARM),
        (Statement.ABSENT, GpsVerdict.PRESENT, AFTER, Outcome.MISMATCH, Action.ALARM),
        (Statement.ATTENDED, GpsVerdict.NO_DATA, AFTER, Outcome.NO_GPS, Action.FOLLOW_UP),
        (None, GpsVerdict.ABSENT, AFTER, Outcome.PENDING, Action.NONE),
        (None, GpsVerdict.ABSENT, LATE, Outcome.NO_SHOW, Action.ALARM),
        (None, GpsVerdict.PRESENT, LATE, Outcome.UNCONFIRMED, Action.FOLLOW_UP),
        (None, GpsVerdict.NO_DATA, LATE, Outcome.NO_GPS, Action.FOLLOW_UP),
        (
            Statement.ATTENDED,
            GpsVerdict.ABSENT,
            END - timedelta(minutes=1),
            Outcome.PENDING,
            Action.NONE,
        ),
    ],
)
def test_reconciliation(
    statement: Statement | None,
    verdict: GpsVerdict,
    now: datetime,
    outcome: Outcome,
    action: Action,
) -> None:
    result = reconcile(statement, summary(verdict), END, now)
    assert (result.outcome, result.action) == (outcome, action)
    assert result.text_en
    assert result.text_fi


def test_the_explanation_says_what_each_side_said() -> None:
    result = reconcile(Statement.ATTENDED, summary(GpsVerdict.ABSENT, 0.0), END, AFTER)
    assert result.text_en == (
        "Mismatch: The partner reported attended, but GPS: absent, 0% of the session inside "
        "the place."
    )
    assert result.text_fi.startswith("Ristiriita: Kumppani ilmoitti: läsnä")


def test_the_attendance_alarm_explains_place_window_gps_and_statement() -> None:
    gps = gps_attendance(PLACE, fixes(3000, timedelta(minutes=10)), START, END)
    result = reconcile(Statement.ATTENDED, gps, END, END + timedelta(hours=1))
    event = attendance_breach(
        subject_id="s-1",
        assignment_id="a-1",
        outcome_id="o-1",
        day=START.date(),
        place_id="p-1",
        place_name="Kierrätyskeskus",
        window=(START, END),
        timezone="Europe/Helsinki",
        gps=gps,
        statement=Statement.ATTENDED,
        result=result,
        evidence_seqs=(1, 2),
    )
    assert event.kind is AlarmKind.ACTIVITY_ATTENDANCE
    assert event.occurred_at == END
    assert (
        event.condition_key
        == condition_key("a-1", START.date())
        == "activity_attendance:a-1:2026-11-23"
    )
    assert event.explanation.text_en.startswith("Kierrätyskeskus, 2026-11-23 11:00–15:00: Mismatch")
    assert event.explanation.text_en.endswith("24 fixes (0 inside, 24 outside, 0 uncertain).")
    assert "24 sijaintia" in event.explanation.text_fi
    assert event.explanation.details["statement"] == "attended"
    assert event.explanation.details["gps_verdict"] == "absent"
    assert event.evidence_seqs == (1, 2)
