"""The audit trail: append-only, hash-chained, written in the same transaction as the action.

Each record's hash covers its content and the previous record's hash, so removing or editing
any record breaks every hash after it; ``verify_chain`` finds the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables import audit_records

GENESIS = "0" * 64
# Serialises writers on PostgreSQL so the chain never forks (SQLite already has one writer).
_PG_CHAIN_LOCK = 0x56414C56


def record_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


class SqlAuditTrail:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def record(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        target_type: str,
        target_id: str | None,
        purpose: str | None = None,
        peer: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        if self._conn.dialect.name == "postgresql":
            self._conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
        prev = self._conn.execute(
            select(audit_records.c.hash).order_by(audit_records.c.id.desc()).limit(1)
        ).scalar()
        content = {
            "at": at.isoformat(),
            "actor": actor,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "purpose": purpose,
            "peer": peer,
            "details": dict(details or {}),
        }
        prev_hash = prev or GENESIS
        self._conn.execute(
            insert(audit_records),
            [
                {
                    **content,
                    "at": at,
                    "prev_hash": prev_hash,
                    "hash": record_hash(prev_hash, content),
                }
            ],
        )


def record_content(row: Mapping[Any, Any]) -> dict[str, Any]:
    """The hashed fields of a stored record (``at`` as ISO text, as it was hashed)."""
    at = row["at"]
    return {
        "at": at if isinstance(at, str) else at.isoformat(),
        "actor": row["actor"],
        "action": row["action"],
        "target_type": row["target_type"],
        "target_id": row["target_id"],
        "purpose": row["purpose"],
        "peer": row["peer"],
        "details": row["details"],
    }


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """The result of walking a chain: records checked and, if broken, where and why."""

    checked: int
    last_hash: str
    broken_id: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def check_chain(rows: Iterable[Mapping[Any, Any]], start_hash: str = GENESIS) -> ChainCheck:
    """Walk records in id order from ``start_hash``; stop at the first broken link.

    An edited record fails its own hash; a removed record, or two records swapped, fails the
    link of the record after the gap (its ``prev_hash`` no longer names its predecessor)."""
    prev = start_hash
    count = 0
    for row in rows:
        if row["prev_hash"] != prev:
            return ChainCheck(
                count,
                prev,
                int(row["id"]),
                "its previous hash does not match the record before it "
                "(a record before it was removed, reordered or altered)",
            )
        if row["hash"] != record_hash(prev, record_content(row)):
            return ChainCheck(
                count, prev, int(row["id"]), "its content does not match its hash (edited)"
            )
        prev = row["hash"]
        count += 1
    return ChainCheck(count, prev)


def verify_chain(rows: Iterable[Mapping[Any, Any]]) -> tuple[int, int | None]:
    """Check the chain in id order: (records checked, id of the first bad record or None)."""
    result = check_chain(rows)
    return result.checked, result.broken_id


def stored_records(conn: Connection) -> Iterator[Mapping[Any, Any]]:
    """Every audit record in id order, streamed."""
    query = select(audit_records).order_by(audit_records.c.id)
    yield from conn.execution_options(yield_per=2000).execute(query).mappings()
