"""Legal holds: placed on a person or on one of their cases (which holds the person), with a
reason, who, from and optionally until; released with a reason. Every change is audited in the
same transaction. While a hold is active, retention deletes nothing of that person's."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db.audit_trail import SqlAuditTrail
from valvo.adapters.db.tables import subjects
from valvo.adapters.db.tables_cases import cases
from valvo.adapters.db.tables_retention import legal_holds
from valvo.domain.retention.windows import Hold
from valvo.services.errors import Conflict, InvalidInput, NotFound


def _aware(value: datetime | None, name: str) -> None:
    if value is not None and value.tzinfo is None:
        raise InvalidInput(f"{name} needs a UTC offset")


def place_hold(
    conn: Connection,
    actor: str,
    now: datetime,
    *,
    reason: str,
    subject_id: str | None = None,
    case_id: str | None = None,
    held_from: datetime | None = None,
    held_until: datetime | None = None,
) -> dict[str, Any]:
    if (subject_id is None) == (case_id is None):
        raise InvalidInput("give exactly one of subject_id or case_id")
    if not reason.strip():
        raise InvalidInput("a legal hold needs a reason")
    _aware(held_from, "held_from")
    _aware(held_until, "held_until")
    start = held_from or now
    if held_until is not None and held_until <= start:
        raise InvalidInput("held_until must be after held_from")
    if case_id is not None:
        subject_id = conn.execute(select(cases.c.subject_id).where(cases.c.id == case_id)).scalar()
        if subject_id is None:
            raise NotFound(f"case {case_id} does not exist")
    elif conn.execute(select(subjects.c.id).where(subjects.c.id == subject_id)).first() is None:
        raise NotFound(f"subject {subject_id} does not exist")
    row = {
        "id": str(uuid.uuid4()),
        "subject_id": subject_id,
        "case_id": case_id,
        "reason": reason.strip(),
        "held_from": start,
        "held_until": held_until,
        "created_at": now,
        "created_by": actor,
        "released_at": None,
        "released_by": None,
        "release_reason": None,
    }
    conn.execute(legal_holds.insert(), [row])
    SqlAuditTrail(conn).record(
        at=now,
        actor=actor,
        action="legal_hold.place",
        target_type="subject",
        target_id=subject_id,
        purpose=reason.strip(),
        details={"hold_id": row["id"], "case_id": case_id},
    )
    return row


def release_hold(
    conn: Connection, hold_id: str, actor: str, now: datetime, reason: str
) -> dict[str, Any]:
    if not reason.strip():
        raise InvalidInput("releasing a legal hold needs a reason")
    found = conn.execute(select(legal_holds).where(legal_holds.c.id == hold_id)).mappings().first()
    if found is None:
        raise NotFound(f"legal hold {hold_id} does not exist")
    if found["released_at"] is not None:
        raise Conflict(f"legal hold {hold_id} was already released at {found['released_at']}")
    changes = {"released_at": now, "released_by": actor, "release_reason": reason.strip()}
    conn.execute(update(legal_holds).where(legal_holds.c.id == hold_id).values(changes))
    SqlAuditTrail(conn).record(
        at=now,
        actor=actor,
        action="legal_hold.release",
        target_type="subject",
        target_id=found["subject_id"],
        purpose=reason.strip(),
        details={"hold_id": hold_id},
    )
    return {**dict(found), **changes}


def list_holds(conn: Connection, now: datetime, active_only: bool = False) -> list[dict[str, Any]]:
    rows = conn.execute(select(legal_holds).order_by(legal_holds.c.created_at)).mappings()
    out = []
    for row in rows:
        active = Hold(
            row["id"], row["subject_id"], row["held_from"], row["held_until"], row["released_at"]
        ).active(now)
        if active or not active_only:
            out.append({**dict(row), "active": active})
    return out
