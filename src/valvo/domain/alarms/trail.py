"""What an alarm's life leaves behind: trail entries (who, when, what, from → to, note), notices
for people to be told (the outbox), and the breach confirmations the case work picks up.

The aggregate collects these as it changes; the repository writes them in the same transaction
as the alarm row, so a rolled-back change leaves no trail entry and sends no notification.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from valvo.domain.alarms.alarm import AlarmStatus
from valvo.domain.choices import Choice

SYSTEM = "system"  # the actor of steps Valvo takes itself (raise, regroup, auto-close, escalate)


class Action(StrEnum):
    RAISED = "raised"
    OCCURRENCE = "occurrence"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    AUTO_CLOSED = "auto_closed"
    CONDITION_ENDED = "condition_ended"
    ESCALATED = "escalated"
    REOPENED = "reopened"
    NOTE = "note"
    NOTIFIED = "notified"
    NOTIFICATION_FAILED = "notification_failed"
    REVIEWED = "reviewed"
    CALL = "call"  # the operator called the person or a contact (details: number, outcome)
    STEP_DONE = "step_done"  # a step of the kind's response checklist was ticked
    COMMAND = "command"  # a command was queued for the person's device
    INCIDENT_OWNED = "incident_owned"  # an operator took ownership of the alarm's incident


ACTION_CHOICES: Mapping[Action, Choice] = {
    Action.RAISED: Choice("raised", "Raised", "Hälytys syntyi", "#dc2626"),
    Action.OCCURRENCE: Choice("occurrence", "Occurred again", "Toistui", "#d97706"),
    Action.ACKNOWLEDGED: Choice("acknowledged", "Acknowledged", "Kuitattu", "#d97706"),
    Action.INVESTIGATING: Choice("investigating", "Investigation started", "Selvitys aloitettu"),
    Action.RESOLVED: Choice("resolved", "Resolved", "Ratkaistu", "#16a34a"),
    Action.AUTO_CLOSED: Choice(
        "auto_closed", "Closed automatically", "Suljettu automaattisesti", "#16a34a"
    ),
    Action.CONDITION_ENDED: Choice("condition_ended", "Condition ended", "Tilanne päättyi"),
    Action.ESCALATED: Choice("escalated", "Escalated", "Eskaloitu", "#db2777"),
    Action.REOPENED: Choice("reopened", "Reopened", "Avattu uudelleen", "#db2777"),
    Action.NOTE: Choice("note", "Note", "Muistiinpano"),
    Action.NOTIFIED: Choice("notified", "Notification delivered", "Ilmoitus toimitettu"),
    Action.NOTIFICATION_FAILED: Choice(
        "notification_failed", "Notification failed", "Ilmoitus epäonnistui", "#dc2626"
    ),
    Action.REVIEWED: Choice("reviewed", "Reviewed", "Tarkastettu"),
    Action.CALL: Choice("call", "Call", "Puhelu", "#2563eb"),
    Action.STEP_DONE: Choice("step_done", "Step done", "Vaihe tehty", "#16a34a"),
    Action.COMMAND: Choice("command", "Device command", "Laitekomento", "#2563eb"),
    Action.INCIDENT_OWNED: Choice(
        "incident_owned", "Incident taken on", "Tapahtumakokonaisuus otettu hoitoon", "#2563eb"
    ),
}


class Route(StrEnum):
    """Who is told; each route maps to e-mail addresses and webhook URLs in the settings."""

    DESK = "desk"
    DUTY_SUPERVISOR = "duty_supervisor"
    REGIONAL_MANAGER = "regional_manager"
    CASES = "cases"


# A victim's own notification (R139): not a route of the settings, and never an escalation's;
# its one target is the victim's (or their contact person's) channel, carried by the notice.
VICTIM_ROUTE = "victim"


ROUTE_CHOICES: Mapping[Route, Choice] = {
    Route.DESK: Choice("desk", "Alarm desk", "Hälytyspäivystys"),
    Route.DUTY_SUPERVISOR: Choice("duty_supervisor", "Duty supervisor", "Vuoroesihenkilö"),
    Route.REGIONAL_MANAGER: Choice("regional_manager", "Regional manager", "Aluejohtaja"),
    Route.CASES: Choice("cases", "Case work", "Asiakastyö"),
}


@dataclass(frozen=True, slots=True)
class TrailEntry:
    alarm_id: str
    at: datetime
    actor: str
    action: Action
    from_status: AlarmStatus | None
    to_status: AlarmStatus | None
    note: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Notice:
    """Somebody must be told: one outbox row; the route becomes addresses at delivery."""

    alarm_id: str
    event: str
    route: str
    at: datetime
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class BreachConfirmed:
    """An operator confirmed a genuine breach: the case work opens its breach record from this."""

    alarm_id: str
    subject_id: str
    kind: str
    occurred_at: datetime
    confirmed_at: datetime
    confirmed_by: str
    note: str | None


Change = TrailEntry | Notice | BreachConfirmed
