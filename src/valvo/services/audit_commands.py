"""Reading and exporting the audit trail are themselves recorded in it: the commands that
record them (the records are read, or the slice exported, by the caller, outside this
transaction)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What a reading of the trail asks for (every given filter must match)."""

    actor: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    action: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    after_id: int | None = None
    limit: int = 200


@dataclass(frozen=True, kw_only=True)
class RecordAuditRead(Command):
    """``filters``: the filters given (None: not given); instants are recorded in ISO 8601."""

    filters: Mapping[str, Any] = field(default_factory=dict)
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordAuditExport(Command):
    """``manifest``: what the export's manifest says (from, to, records, last hash)."""

    manifest: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RecordAuditVerify(Command):
    """A check of the chain from the console: its outcome (intact, records checked)."""

    intact: bool
    records: int
    peer: str | None = None


def record_verify(cmd: RecordAuditVerify, uow: Any) -> None:
    with uow:
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="verify",
            target_type="audit_records",
            target_id=None,
            peer=cmd.peer,
            details={"intact": cmd.intact, "records": cmd.records},
        )
        uow.commit()


def record_read(cmd: RecordAuditRead, uow: Any) -> None:
    with uow:
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="audit_records",
            target_id=None,
            peer=cmd.peer,
            details={
                k: (v.isoformat() if isinstance(v, datetime) else v)
                for k, v in cmd.filters.items()
                if v is not None
            },
        )
        uow.commit()


def record_export(cmd: RecordAuditExport, uow: Any) -> None:
    with uow:
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="export",
            target_type="audit_records",
            target_id=None,
            purpose="oversight export",
            details={k: cmd.manifest[k] for k in ("from", "to", "records", "last_hash")},
        )
        uow.commit()


HANDLERS: dict[type[Command], Handler] = {
    RecordAuditRead: record_read,
    RecordAuditExport: record_export,
    RecordAuditVerify: record_verify,
}
