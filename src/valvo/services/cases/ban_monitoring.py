"""What the police see of the people under their travel bans (R124: travel-ban monitoring is
operated by the police): the person's alarms and their fixes of the last hours, through the
case, so a police officer, who reads no one else's alarms or locations, reads these. Recorded
as a location read of the person (the purpose rule is checked before, by the caller)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.cases.access import guard
from valvo.services.cases.common import TRAVEL_BAN
from valvo.services.errors import NotFound

MAX_ALARMS = 50


@dataclass(frozen=True, kw_only=True)
class ReadBanMonitoring(Command):
    role: str
    case_id: str
    start: datetime
    purpose: str | None = None
    peer: str | None = None


def read_ban_monitoring(cmd: ReadBanMonitoring, uow: Any) -> dict[str, Any]:
    with uow:
        case = guard(uow, cmd.role, cmd.case_id)
        if case["type"] != TRAVEL_BAN:
            raise NotFound(f"travel ban {cmd.case_id} does not exist")
        subject_id = str(case["subject_id"])
        subject = uow.registry.get("subjects", subject_id) or {}
        alarms = uow.alarms.find(None, subject_id, MAX_ALARMS)
        positions = uow.registry.positions(subject_id, cmd.start, cmd.at)
        latest = uow.registry.latest_positions([subject_id])
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location",
            target_type="subject",
            target_id=subject_id,
            purpose=cmd.purpose,
            peer=cmd.peer,
            details={
                "case_id": cmd.case_id,
                "from": cmd.start.isoformat(),
                "to": cmd.at.isoformat(),
                "count": len(positions),
                "alarms": len(alarms),
            },
        )
        uow.commit()
    return {
        "case_id": cmd.case_id,
        "subject_id": subject_id,
        "subject_name": subject.get("name", ""),
        "alarms": alarms,
        "positions": positions,
        "last_position": latest[0] if latest else None,
    }


HANDLERS: dict[type[Command], Handler] = {ReadBanMonitoring: read_ban_monitoring}
