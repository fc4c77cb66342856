"""The audit trail: append-only, hash-chained, written in the same transaction as the action.

Each record's hash covers its content and the previous record's hash, so removing or editing
any record breaks every hash after it; ``verify_chain`` finds the first broken link. The chain
is keyed: each record's ``mac`` is HMAC(VALVO_AUDIT_KEY, hash), so an edit whose hashes were
recomputed is still caught; and the keyed head (``evidence_heads``, name ``audit``) holds the
count, last id and last hash, so removing the newest records is caught without an export.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection

from valvo.adapters.db.evidence import evidence_key, head_mac, keyed, read_head, write_head
from valvo.adapters.db.tables import audit_records

# Streaming is asked per statement: Connection.execution_options would change the caller's
# connection for good (a later INSERT on PostgreSQL would then open a server-side cursor).
STREAMED: dict[str, Any] = {"yield_per": 2000}

GENESIS = "0" * 64
HEAD = "audit"
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
        last = self._conn.execute(
            select(audit_records.c.id, audit_records.c.hash)
            .order_by(audit_records.c.id.desc())
            .limit(1)
        ).first()
        prev = None if last is None else last[1]
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
        digest = record_hash(prev_hash, content)
        key = evidence_key(self._conn)
        new_id = self._conn.execute(
            insert(audit_records).returning(audit_records.c.id),
            [
                {
                    **content,
                    "at": at,
                    "prev_hash": prev_hash,
                    "hash": digest,
                    "mac": keyed(key, digest),
                }
            ],
        ).scalar_one()
        head = read_head(self._conn, HEAD)
        # The first keyed record after an unkeyed trail (migration 0014) counts from its id.
        count = int(head["tallies"]["records"]) + 1 if head else _count_until(self._conn, new_id)
        write_head(
            self._conn, HEAD, {"records": count, "last_id": int(new_id), "last_hash": digest}
        )


def _count_until(conn: Connection, last_id: int) -> int:
    from sqlalchemy import func

    query = select(func.count()).where(audit_records.c.id <= last_id)
    return int(conn.execute(query).scalar() or 0)


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
    yield from conn.execute(query, execution_options=STREAMED).mappings()


def check_keyed(conn: Connection) -> ChainCheck:
    """The whole stored chain: every hash, every record's key seal (records before the first
    sealed one are the unkeyed past, migration 0014), and the keyed head against the newest
    record, so an edit with recomputed hashes and a removal of the newest records are named."""
    key = evidence_key(conn)
    sealed = False

    def walk() -> Iterator[Mapping[Any, Any]]:
        nonlocal sealed
        for row in stored_records(conn):
            if row["mac"] is None:
                if sealed:
                    raise _Unsealed(int(row["id"]))
            elif not hmac.compare_digest(row["mac"], keyed(key, str(row["hash"]))):
                raise _Unsealed(int(row["id"]), "its key seal does not match (chain recomputed)")
            else:
                sealed = True
            yield row

    try:
        check = check_chain(walk())
    except _Unsealed as exc:
        return ChainCheck(0, "", exc.record_id, exc.reason)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return ChainCheck(0, "", -1, f"an unreadable record ({type(exc).__name__}: {exc})")
    if not check.intact:
        return check
    head = read_head(conn, HEAD)
    if head is None:
        if sealed:
            return ChainCheck(check.checked, check.last_hash, -1, "the audit head is missing")
        return check
    if not hmac.compare_digest(head["mac"], head_mac(key, HEAD, head["tallies"])):
        return ChainCheck(check.checked, check.last_hash, -1, "the audit head's seal is wrong")
    tallies = head["tallies"]
    if tallies["last_hash"] != check.last_hash or int(tallies["records"]) != check.checked:
        return ChainCheck(
            check.checked,
            check.last_hash,
            int(tallies["last_id"]),
            f"the head says {tallies['records']} records ending at record {tallies['last_id']}, "
            f"found {check.checked} (the newest records were removed or added)",
        )
    return check


class _Unsealed(Exception):
    def __init__(self, record_id: int, reason: str = "a record without a key seal") -> None:
        super().__init__(reason)
        self.record_id, self.reason = record_id, reason
