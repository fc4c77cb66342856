"""The attendance round as a command (issue 7, "tied to monitoring"): the ended sessions are
reconciled with the GPS record in one transaction; each alarm raised and each outcome calling
for an alarm or a breach record is published by the message bus after the commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from valvo.services.alarm_commands import alarm_changed
from valvo.services.bus.events import FeedNotice
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.partners.attendance import feed_events, reconcile_due

LOOK_BACK_DAYS = 7


@dataclass(frozen=True, kw_only=True)
class ReconcileAttendance(Command):
    """Reconcile every session ended in the last ``days`` days and not final yet."""

    unit: ClassVar[str] = "partners"
    days: int = LOOK_BACK_DAYS


def reconcile_attendance(cmd: ReconcileAttendance, uow: Any) -> list[dict[str, Any]]:
    """The outcomes that changed."""
    with uow:
        changed = reconcile_due(uow, cmd.actor, cmd.at, cmd.days)
        for outcome in changed:
            for alarm_id in outcome.get("alarms_raised") or ():
                alarm = uow.alarms.get(alarm_id)
                if alarm is not None:
                    uow.emit(alarm_changed(uow, alarm))
            for message in feed_events([outcome]):
                if message["type"] != "alarm":  # the alarm itself went out whole above
                    uow.emit(FeedNotice(message=message))
        uow.commit()
    return changed


HANDLERS: dict[type[Command], Handler] = {ReconcileAttendance: reconcile_attendance}
