"""What every partner command shares: the partners unit of work (with the partner repository,
the search index and the alarm intake), and, for a read of personal data, the caller's network
peer and the audit record of the read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from valvo.services.bus.messages import Command


@dataclass(frozen=True, kw_only=True)
class PartnersCommand(Command):
    unit: ClassVar[str] = "partners"


@dataclass(frozen=True, kw_only=True)
class AuditedRead(PartnersCommand):
    """A read of personal data: it writes an audit record, so it commits as a change does.
    ``peer`` is the caller's address (``host:port``) as the audit trail keeps it."""

    peer: str | None = None


def record_read(
    uow: Any,
    cmd: AuditedRead,
    *,
    target_type: str,
    target_id: str | None = None,
    action: str = "read",
    purpose: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """The audit record of ``cmd``'s read, in its transaction."""
    uow.audit.record(
        at=cmd.at,
        actor=cmd.actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        purpose=purpose,
        peer=cmd.peer,
        details=details,
    )
