"""The Alarm aggregate: what was breached, its evidence, and who did what about it.

Status machine (declared in ``alarm.py``): raised → acknowledged → investigating → resolved,
and a resolved alarm may be reopened. Escalation is a level beside the status. Every step
appends a trail entry (who, when, what, from → to, note) and, where somebody must be told, a
notice; the repository writes both in the same transaction as the alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from valvo.domain.alarms.alarm import (
    ALLOWED_TRANSITIONS,
    AlarmKind,
    AlarmStatus,
    AlarmTransitionError,
    Explanation,
    Severity,
)
from valvo.domain.alarms.causes import CAUSES, GENUINE_BREACH, SELECTABLE_CAUSES, SELF_CLEARED
from valvo.domain.alarms.policy import Handling
from valvo.domain.alarms.trail import (
    SYSTEM,
    VICTIM_ROUTE,
    Action,
    BreachConfirmed,
    Change,
    Notice,
    Route,
    TrailEntry,
)
from valvo.domain.clock import require_aware

MAX_NOTE = 2000
MAX_EVIDENCE = 200  # evidence kept on the alarm; every occurrence's evidence is in the trail


@dataclass(slots=True)
class Alarm:
    id: str
    subject_id: str
    kind: AlarmKind
    severity: Severity
    condition_key: str
    occurred_at: datetime  # when the breach happened (device time, or the deadline)
    raised_at: datetime  # when Valvo raised the alarm
    explanation: Explanation
    evidence_seqs: tuple[int, ...] = ()
    status: AlarmStatus = AlarmStatus.RAISED
    acknowledged_at: datetime | None = None  # the first acknowledgement (time to acknowledge)
    acknowledged_by: str | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    cause: str | None = None
    note: str | None = None
    handling: Handling = Handling.REALTIME
    order_type: str | None = None
    occurrences: int = 1
    last_occurred_at: datetime | None = None
    condition_ended_at: datetime | None = None
    investigating_at: datetime | None = None
    investigating_by: str | None = None
    escalation_level: int = 0
    escalated_at: datetime | None = None
    escalation_route: str | None = None
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reopen_count: int = 0
    incident_id: str | None = None  # the incident it belongs to (domain/alarms/incidents.py)
    pending: list[Change] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.occurred_at = require_aware(self.occurred_at, "occurred_at")
        self.raised_at = require_aware(self.raised_at, "raised_at")

    @classmethod
    def raise_new(
        cls,
        *,
        id: str,
        subject_id: str,
        kind: AlarmKind,
        severity: Severity,
        condition_key: str,
        occurred_at: datetime,
        now: datetime,
        explanation: Explanation,
        evidence_seqs: tuple[int, ...] = (),
        handling: Handling = Handling.REALTIME,
        order_type: str | None = None,
    ) -> Alarm:
        alarm = cls(
            id=id,
            subject_id=subject_id,
            kind=kind,
            severity=severity,
            condition_key=condition_key,
            occurred_at=occurred_at,
            raised_at=now,
            explanation=explanation,
            evidence_seqs=evidence_seqs[:MAX_EVIDENCE],
            handling=handling,
            order_type=order_type,
        )
        alarm._trail(
            SYSTEM,
            now,
            Action.RAISED,
            None,
            AlarmStatus.RAISED,
            details={
                "severity": severity.value,
                "handling": handling.value,
                "rule": explanation.rule,
            },
        )
        if handling is Handling.REALTIME:
            alarm._notify("raised", Route.DESK, now)
        return alarm

    # --- questions -------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status is not AlarmStatus.RESOLVED

    @property
    def self_cleared(self) -> bool:
        return self.status is AlarmStatus.RESOLVED and self.cause == SELF_CLEARED

    @property
    def clock_start(self) -> datetime:
        """Where escalation timers count from: raised, or reopened."""
        return self.reopened_at or self.raised_at

    @property
    def touched_by_a_person(self) -> bool:
        return self.acknowledged_at is not None or self.reopened_by not in (None, SYSTEM)

    # --- people's steps --------------------------------------------------------------------

    def acknowledge(self, user: str, now: datetime, details: dict[str, Any] | None = None) -> None:
        """``details``: more the trail step keeps (the incident it was acknowledged with)."""
        now = self._move(user, now, AlarmStatus.ACKNOWLEDGED, Action.ACKNOWLEDGED, None, details)
        if self.acknowledged_at is None:
            self.acknowledged_at, self.acknowledged_by = now, user

    def investigate(self, user: str, now: datetime, note: str | None = None) -> None:
        """Start an investigation (acknowledging the alarm too, if nobody had)."""
        note = _note(note)
        now = self._move(user, now, AlarmStatus.INVESTIGATING, Action.INVESTIGATING, note)
        if self.acknowledged_at is None:
            self.acknowledged_at, self.acknowledged_by = now, user
        self.investigating_at, self.investigating_by = now, user

    def resolve(
        self,
        user: str,
        now: datetime,
        cause: str,
        note: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """``details``: more the trail step keeps (the response steps left unticked)."""
        if not cause.strip():
            raise AlarmTransitionError("resolving an alarm needs a cause")
        if cause not in SELECTABLE_CAUSES:
            raise AlarmTransitionError(f"cause must be one of {', '.join(SELECTABLE_CAUSES)}")
        self._close(user, now, cause, _note(note), Action.RESOLVED, details)
        if cause == GENUINE_BREACH:
            self.pending.append(
                BreachConfirmed(
                    alarm_id=self.id,
                    subject_id=self.subject_id,
                    kind=self.kind.value,
                    occurred_at=self.occurred_at,
                    confirmed_at=self.resolved_at or now,
                    confirmed_by=user,
                    note=self.note,
                )
            )
            self._notify("breach_confirmed", Route.CASES, now)

    def add_note(
        self, user: str, now: datetime, note: str, details: dict[str, Any] | None = None
    ) -> None:
        text = _note(note)
        if text is None:
            raise AlarmTransitionError("a note needs text")
        at = require_aware(now, "now")
        self._trail(user, at, Action.NOTE, self.status, self.status, text, details)

    def take_incident(self, user: str, now: datetime, previous: str | None) -> None:
        """``user`` took ownership of the alarm's incident (from ``previous``, if anyone)."""
        if not user.strip():
            raise AlarmTransitionError("every step needs the person (or system) taking it")
        details = {"incident_id": self.incident_id or self.id, "owner": user, "previous": previous}
        at = require_aware(now, "now")
        self._trail(user, at, Action.INCIDENT_OWNED, self.status, self.status, None, details)

    def log_call(self, user: str, now: datetime, details: dict[str, str], note: str | None) -> None:
        """A call about the alarm (``domain.acting.calls.call_details``); any status."""
        self._trail(
            user,
            require_aware(now, "now"),
            Action.CALL,
            self.status,
            self.status,
            _note(note),
            details,
        )

    def tick_step(self, user: str, now: datetime, version: str, step: str) -> None:
        """A step of the response checklist done; only while the alarm is open."""
        if not self.is_open:
            raise AlarmTransitionError(f"alarm {self.id} is resolved; its checklist is closed")
        details = {"version": version, "step": step}
        self._trail(
            user,
            require_aware(now, "now"),
            Action.STEP_DONE,
            self.status,
            self.status,
            None,
            details,
        )

    def command_queued(self, user: str, now: datetime, details: dict[str, str]) -> None:
        """A command was queued for the person's device from this alarm."""
        self._trail(
            user,
            require_aware(now, "now"),
            Action.COMMAND,
            self.status,
            self.status,
            None,
            details,
        )

    def reopen(self, user: str, now: datetime, note: str | None) -> None:
        text = _note(note)
        if text is None and user != SYSTEM:
            raise AlarmTransitionError("reopening an alarm needs a note saying why")
        previous = self.cause
        now = self._move(
            user, now, AlarmStatus.REOPENED, Action.REOPENED, text, {"previous_cause": previous}
        )
        self.resolved_at = self.resolved_by = self.cause = self.note = None
        self.reopened_at, self.reopened_by = now, user
        self.reopen_count += 1

    def escalate(
        self, level: int, route: str, now: datetime, actor: str = SYSTEM, reason: str | None = None
    ) -> None:
        now = require_aware(now, "now")
        if not self.is_open:
            raise AlarmTransitionError(f"alarm {self.id} is resolved; it cannot be escalated")
        if level <= self.escalation_level:
            raise AlarmTransitionError(
                f"alarm {self.id} is already at escalation level {self.escalation_level}"
            )
        details = {"from_level": self.escalation_level, "to_level": level, "route": route}
        self.escalation_level, self.escalated_at, self.escalation_route = level, now, route
        self._trail(actor, now, Action.ESCALATED, self.status, self.status, _note(reason), details)
        self._notify("escalated", route, now)

    # --- what the engine tells it ----------------------------------------------------------

    def record_occurrence(
        self,
        at: datetime,
        now: datetime,
        explanation: Explanation,
        evidence_seqs: tuple[int, ...] = (),
    ) -> None:
        """The same condition again: one more occurrence, not a new alarm. A self-cleared
        alarm is reopened by Valvo itself (the escalation clock starts again)."""
        at, now = require_aware(at, "at"), require_aware(now, "now")
        if self.self_cleared:
            self.reopen(SYSTEM, now, "The condition recurred soon after clearing itself.")
        elif not self.is_open:
            raise AlarmTransitionError(f"alarm {self.id} is resolved; it takes no occurrences")
        self.occurrences += 1
        self.last_occurred_at = at
        self.condition_ended_at = None
        self.evidence_seqs = (self.evidence_seqs + evidence_seqs)[:MAX_EVIDENCE]
        self._trail(
            SYSTEM,
            now,
            Action.OCCURRENCE,
            self.status,
            self.status,
            details={
                "occurred_at": at.isoformat(),
                "count": self.occurrences,
                "evidence_seqs": list(evidence_seqs),
                "text_en": explanation.text_en,
                "text_fi": explanation.text_fi,
            },
        )

    def condition_ended(self, at: datetime, now: datetime, grace: timedelta | None) -> None:
        """The condition ended. Within ``grace`` of its start, and before any person touched
        the alarm, it closes itself with cause ``self_cleared`` and says so."""
        at, now = require_aware(at, "at"), require_aware(now, "now")
        if not self.is_open:
            return
        self.condition_ended_at = at
        lasted = max(timedelta(0), at - (self.last_occurred_at or self.occurred_at))
        minutes = f"{lasted.total_seconds() / 60:.0f}"
        details: dict[str, Any] = {"ended_at": at.isoformat(), "lasted_s": lasted.total_seconds()}
        if grace is None or lasted > grace or self.touched_by_a_person:
            details["text_en"] = f"The condition ended after {minutes} min; the alarm stays open."
            details["text_fi"] = f"Tilanne päättyi {minutes} min kuluttua; hälytys jää auki."
            self._trail(
                SYSTEM, now, Action.CONDITION_ENDED, self.status, self.status, None, details
            )
            return
        grace_min = f"{grace.total_seconds() / 60:.0f}"
        text_en = (
            f"Closed automatically: the condition ended by itself after {minutes} min, within "
            f"the {grace_min}-minute grace, before anyone acknowledged it."
        )
        text_fi = (
            f"Suljettu automaattisesti: tilanne päättyi itsestään {minutes} min kuluttua, "
            f"{grace_min} minuutin armonajan sisällä, ennen kuin kukaan kuittasi sen."
        )
        details |= {"grace_s": grace.total_seconds(), "text_en": text_en, "text_fi": text_fi}
        self._close(SYSTEM, now, SELF_CLEARED, text_en, Action.AUTO_CLOSED, details)
        if self.handling is Handling.REALTIME:
            self._notify("auto_closed", Route.DESK, now)

    def notify_victim(self, target: str, now: datetime) -> None:
        """Tell the victim (or their contact) who opted in that the person entered their zone
        (R139): the notice says which zone and when, nothing of the person or where they are.
        The target travels with the notice only; the dispatcher does not send it on."""
        zone = "buffer" if self.kind is AlarmKind.VICTIM_BUFFER_ENTERED else "exclusion"
        payload: dict[str, Any] = {
            "event": "victim_warning",
            "alarm_id": self.id,
            "zone": zone,
            "occurred_at": self.occurred_at.isoformat(),
            "target": target,
        }
        if self.kind is AlarmKind.VICTIM_ZONE_CROSSED:  # inferred between two fixes: a window
            payload["passed_from"] = self.explanation.details.get("window_from")
        self.pending.append(Notice(self.id, "victim_warning", VICTIM_ROUTE, now, payload))

    # --- the outbox ------------------------------------------------------------------------

    def take_pending(self) -> list[Change]:
        taken, self.pending = self.pending, []
        return taken

    # --- internals -------------------------------------------------------------------------

    def _close(
        self,
        user: str,
        now: datetime,
        cause: str,
        note: str | None,
        action: Action,
        details: dict[str, Any] | None = None,
    ) -> None:
        verdict = CAUSES[cause].verdict.value
        now = self._move(
            user,
            now,
            AlarmStatus.RESOLVED,
            action,
            note,
            {"cause": cause, "verdict": verdict} | (details or {}),
        )
        self.resolved_at, self.resolved_by, self.cause, self.note = now, user, cause, note
        if self.escalation_level and self.escalation_route:
            self._notify("resolved", self.escalation_route, now)

    def _move(
        self,
        user: str,
        now: datetime,
        target: AlarmStatus,
        action: Action,
        note: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> datetime:
        now = require_aware(now, "now")
        if not user.strip():
            raise AlarmTransitionError("every step needs the person (or system) taking it")
        if target not in ALLOWED_TRANSITIONS[self.status]:
            raise AlarmTransitionError(f"alarm {self.id} is {self.status}; it cannot be {target}")
        before, self.status = self.status, target
        self._trail(user, now, action, before, target, note, details or {})
        return now

    def _trail(
        self,
        actor: str,
        at: datetime,
        action: Action,
        before: AlarmStatus | None,
        after: AlarmStatus | None,
        note: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.pending.append(
            TrailEntry(self.id, at, actor, action, before, after, note, dict(details or {}))
        )

    def _notify(self, event: str, route: str, now: datetime) -> None:
        payload = {
            "event": event,
            "alarm_id": self.id,
            "kind": self.kind.value,
            "severity": self.severity.value,
            "status": self.status.value,
            "handling": self.handling.value,
            "escalation_level": self.escalation_level,
            "occurred_at": self.occurred_at.isoformat(),
            "raised_at": self.raised_at.isoformat(),
            "cause": self.cause,
            "route": route,
        }
        self.pending.append(Notice(self.id, event, route, now, payload))


def _note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    if len(note) > MAX_NOTE:
        raise AlarmTransitionError(f"a note is at most {MAX_NOTE} characters")
    return note.strip()
