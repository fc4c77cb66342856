"""The alarm an activity session raises (issue 7, "a no-show or a mismatch raises an alarm"):
a ``BreachStarted`` for the alarm desk's intake, with an explanation a person understands —
the place, the session's window, the GPS summary and the partner's statement.

Pure. The condition key names the session, so the intake's deterministic alarm id makes a
repeated reconciliation of the same session land on the same alarm, never a twin.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from valvo.domain.alarms.alarm import AlarmKind, Explanation
from valvo.domain.partners.attendance import GpsSummary, Reconciliation, Statement
from valvo.domain.rules.events import BreachStarted
from valvo.domain.schedule import zone

RULE = "activity_attendance"
RULE_VERSION = 1


def condition_key(assignment_id: str, day: date) -> str:
    return f"{RULE}:{assignment_id}:{day.isoformat()}"


def attendance_breach(
    *,
    subject_id: str,
    assignment_id: str,
    outcome_id: str,
    day: date,
    place_id: str,
    place_name: str,
    window: tuple[datetime, datetime],
    timezone: str,
    gps: GpsSummary,
    statement: Statement | None,
    result: Reconciliation,
    evidence_seqs: Sequence[int] = (),
) -> BreachStarted:
    """The breach the alarm desk turns into an ``activity_attendance`` alarm."""
    tz = zone(timezone)
    start, end = window[0].astimezone(tz), window[1].astimezone(tz)
    when = f"{day.isoformat()} {start:%H:%M}–{end:%H:%M}"
    fixes = (
        f"{gps.fixes} fixes ({gps.inside} inside, {gps.outside} outside, {gps.uncertain} uncertain)"
    )
    sijainnit = (
        f"{gps.fixes} sijaintia ({gps.inside} sisällä, {gps.outside} ulkona, "
        f"{gps.uncertain} epävarmaa)"
    )
    said = statement.value if statement is not None else "none"
    return BreachStarted(
        subject_id=subject_id,
        kind=AlarmKind.ACTIVITY_ATTENDANCE,
        condition_key=condition_key(assignment_id, day),
        occurred_at=window[1],
        explanation=Explanation(
            text_en=f"{place_name}, {when}: {result.text_en} {fixes}.",
            text_fi=f"{place_name}, {when}: {result.text_fi} {sijainnit}.",
            rule=RULE,
            ruleset_version=RULE_VERSION,
            details={
                "outcome_id": outcome_id,
                "assignment_id": assignment_id,
                "session_date": day.isoformat(),
                "place_id": place_id,
                "place_name": place_name,
                "starts_at": window[0].isoformat(),
                "ends_at": window[1].isoformat(),
                "outcome": result.outcome.value,
                "action": result.action.value,
                "statement": said,
                "gps_verdict": gps.verdict.value,
                "gps_share_inside": gps.share_inside,
                "gps_fixes": gps.fixes,
                "gps_inside": gps.inside,
                "gps_outside": gps.outside,
                "gps_uncertain": gps.uncertain,
            },
        ),
        evidence_seqs=tuple(evidence_seqs),
    )
