"""Use cases around the queue: escalation at ``now``, periodic review (R43), the shift-handover
log, and the statistics (R45, R138)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from valvo.domain.alarms import Alarm, AlarmTransitionError
from valvo.domain.alarms.escalation import EscalationStep, due_escalations, worked_people
from valvo.domain.alarms.incidents import incident_of
from valvo.domain.alarms.rule_labels import rule_choice
from valvo.domain.alarms.shifts import shift_of
from valvo.domain.alarms.stats import subject_days, summarise
from valvo.domain.alarms.trail import Action
from valvo.domain.clock import require_aware
from valvo.services.alarm_ports import DeskUnitOfWork
from valvo.services.errors import Conflict, InvalidInput

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_REVIEW_QUEUE = 1000
MAX_STATS_SPAN = timedelta(days=366)
MAX_SHIFT_NOTE = 4000


def escalate_due(
    uow: DeskUnitOfWork, policy: Sequence[EscalationStep], now: datetime
) -> list[Alarm]:
    """Escalate every real-time alarm whose policy step fell due at ``now``."""
    candidates = uow.alarms.open_alarms(handling="realtime")
    incident_ids = sorted({incident_of(a) for a in candidates})
    owners = uow.alarms.incidents.owners(incident_ids)
    owned = {i for i, row in owners.items() if row.get("owner")}
    worked = worked_people(candidates, owned)  # only what nobody works escalates
    escalated = []
    for alarm, _ in due_escalations(candidates, policy, now, worked):
        fresh = uow.alarms.get_for_update(alarm.id)  # re-checked under the lock
        due = [] if fresh is None else due_escalations([fresh], policy, now, worked)
        if fresh is None or not due:
            continue
        step = due[0][1]
        minutes = (now - fresh.clock_start).total_seconds() / 60
        reason = (
            f"Still {fresh.status.value} {minutes:.0f} min after it was "
            f"{'reopened' if fresh.reopened_at else 'raised'} (policy: level {step.level} "
            f"after {step.after.total_seconds() / 60:.0f} min, to {step.route})."
        )
        try:
            fresh.escalate(step.level, step.route, now, reason=reason)
        except AlarmTransitionError:  # pragma: no cover - due_escalations checked the level
            continue
        uow.alarms.save(fresh)
        escalated.append(fresh)
    return escalated


# --- periodic review ---------------------------------------------------------------------------


def review_queue(uow: DeskUnitOfWork, now: datetime, interval: timedelta) -> dict[str, Any]:
    """Everything handled by review and raised since the last confirmed review."""
    now = require_aware(now, "now")
    last = uow.alarms.desk.last_review()
    since = EPOCH if last is None else last["covered_until"]
    due_at = None if last is None else last["covered_until"] + interval
    return {
        "last_review": last,
        "since": since,
        "until": now,
        "due_at": due_at,
        "overdue": due_at is not None and due_at <= now,
        "interval_minutes": interval.total_seconds() / 60,
        "alarms": uow.alarms.desk.review_queue(since, now, MAX_REVIEW_QUEUE),
    }


def confirm_review(
    uow: DeskUnitOfWork, actor: str, now: datetime, until: datetime, note: str | None
) -> dict[str, Any]:
    """Confirm that everything raised up to ``until`` (when the queue was loaded) was
    reviewed; each of those alarms gets a ``reviewed`` step in its trail."""
    now, until = require_aware(now, "now"), require_aware(until, "until")
    if until > now:
        raise InvalidInput("'until' is in the future: confirm only what was on the screen")
    last = uow.alarms.desk.last_review()
    since = EPOCH if last is None else last["covered_until"]
    if until <= since:
        raise Conflict(f"already reviewed up to {since.isoformat()}")
    ids = uow.alarms.desk.review_alarm_ids(since, until)
    review_id = str(uuid.uuid4())
    row: dict[str, Any] = {
        "id": review_id,
        "covered_from": since,
        "covered_until": until,
        "alarm_count": len(ids),
        "reviewed_at": now,
        "reviewed_by": actor,
        "note": (note or "").strip() or None,
    }
    uow.alarms.desk.record_review(row, ids)
    uow.audit.record(
        at=now,
        actor=actor,
        action="confirm_review",
        target_type="alarm_review",
        target_id=review_id,
        details={"from": since.isoformat(), "until": until.isoformat(), "alarms": len(ids)},
    )
    return row


# --- the shift-handover log --------------------------------------------------------------------


def add_shift_note(
    uow: DeskUnitOfWork, actor: str, now: datetime, text: str, region: str | None
) -> dict[str, Any]:
    text = text.strip()
    if not text:
        raise InvalidInput("a handover note needs text")
    if len(text) > MAX_SHIFT_NOTE:
        raise InvalidInput(f"a handover note is at most {MAX_SHIFT_NOTE} characters")
    shift = shift_of(now)
    row = {
        "at": now,
        "author": actor,
        "shift": shift.name,
        "shift_start": shift.starts_at,
        "region": region,
        "text": text,
    }
    row["id"] = uow.alarms.desk.add_shift_note(row)
    uow.audit.record(
        at=now, actor=actor, action="shift_note", target_type="shift", target_id=shift.name
    )
    return row


def handover(uow: DeskUnitOfWork, now: datetime) -> dict[str, Any]:
    """The current and the previous shift: their notes, what happened, what is still open."""
    current = shift_of(now)
    previous = current.previous()
    desk = uow.alarms.desk
    shifts = []
    for s in (current, previous):
        steps = desk.trail_counts(s.starts_at, s.ends_at)
        shifts.append(
            {
                "name": s.name,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "notes": desk.shift_notes(s.starts_at, s.ends_at),
                "steps": steps,
                "figures": {"alarms_auto_closed": auto_closed(steps)},
            }
        )
    return {"shifts": shifts, "open": desk.open_counts()}


def auto_closed(steps: Mapping[str, int]) -> int:
    """The figure ``alarms_auto_closed`` (``domain/followup/figures.py``) from a window's trail
    counts: how many times an alarm closed itself. The desk statistics and the shift log both
    read it here, from the same trail counts."""
    return steps.get(Action.AUTO_CLOSED.value, 0)


# --- statistics --------------------------------------------------------------------------------


def statistics(
    uow: DeskUnitOfWork,
    start: datetime,
    end: datetime,
    region: str | None,
    kind: str | None,
) -> dict[str, Any]:
    start, end = require_aware(start, "from"), require_aware(end, "to")
    if end <= start:
        raise InvalidInput("'to' must be after 'from'")
    if end - start > MAX_STATS_SPAN:
        raise InvalidInput("the period is longer than 366 days")
    desk = uow.alarms.desk
    facts = desk.alarm_facts(start, end, region, kind)
    days = subject_days(desk.monitored_intervals(start, end, region), start, end)
    summary = summarise(facts, days)
    # Closed automatically: the trail's steps in the period, as the shift log counts them (an
    # alarm raised before the period, or reopened after closing itself, still counts).
    closes = auto_closed(desk.trail_counts(start, end, region)) if kind is None else None
    for row in summary["by_rule"]:
        choice = rule_choice(row["rule"])
        row["label_en"], row["label_fi"] = choice.label_en, choice.label_fi
    return {
        "from": start,
        "to": end,
        "region": region,
        "kind": kind,
        **summary,
        "alarms_auto_closed": closes,
    }
