"""Reads of location data as commands: each reads and records who looked at whose location,
why and from where, in one transaction (the purpose rule is checked before, by the caller)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import NotFound


@dataclass(frozen=True, kw_only=True)
class ReadLatestPositions(Command):
    """Each subject's last fix in the reader's scope (only ``subject_ids``' when given: a map
    of some people reads, and records, only theirs)."""

    peer: str | None = None
    purpose: str | None = None
    subject_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class ReadPositionHistory(Command):
    subject_id: str
    start: datetime
    end: datetime
    peer: str | None = None
    purpose: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordReplayRead(Command):
    """A replay from the command line reads a subject's history between ``start`` and
    ``end``: record it (the replay itself reads outside this transaction)."""

    subject_id: str
    start: datetime
    end: datetime
    purpose: str | None = None


def read_latest(cmd: ReadLatestPositions, uow: Any) -> list[dict[str, Any]]:
    with uow:
        wanted = None if cmd.subject_ids is None else list(cmd.subject_ids)
        rows: list[dict[str, Any]] = uow.registry.latest_positions(wanted)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location",
            target_type="positions_latest",
            target_id=None,
            purpose=(cmd.purpose or "").strip() or None,
            peer=cmd.peer,
            details={"subjects": sorted(r["subject_id"] for r in rows)},
        )
        uow.commit()
    return rows


def _require_subject(uow: Any, subject_id: str) -> None:
    if uow.registry.get("subjects", subject_id) is None:
        raise NotFound(f"subject {subject_id} does not exist")


def read_history(cmd: ReadPositionHistory, uow: Any) -> list[dict[str, Any]]:
    with uow:
        _require_subject(uow, cmd.subject_id)
        rows: list[dict[str, Any]] = uow.registry.positions(cmd.subject_id, cmd.start, cmd.end)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location",
            target_type="subject",
            target_id=cmd.subject_id,
            purpose=cmd.purpose,
            peer=cmd.peer,
            details={"from": cmd.start.isoformat(), "to": cmd.end.isoformat(), "count": len(rows)},
        )
        uow.commit()
    return rows


def record_replay_read(cmd: RecordReplayRead, uow: Any) -> None:
    with uow:
        _require_subject(uow, cmd.subject_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location",
            target_type="subject",
            target_id=cmd.subject_id,
            purpose=cmd.purpose or "replay",
            peer="cli",
            details={"from": cmd.start.isoformat(), "to": cmd.end.isoformat()},
        )
        uow.commit()


HANDLERS: dict[type[Command], Handler] = {
    ReadLatestPositions: read_latest,
    ReadPositionHistory: read_history,
    RecordReplayRead: record_replay_read,
}
