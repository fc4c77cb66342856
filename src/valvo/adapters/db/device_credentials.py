"""Valvo-protocol device credentials on the relational store: the issued key's salt and
fingerprint, and the replay guard (the last accepted message sequence per device)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.tables_gateway import device_credentials
from valvo.adapters.db.unit_of_work import SqlUnitOfWork
from valvo.adapters.db.upsert import upsert
from valvo.services.device_credentials import StoredCredential

if TYPE_CHECKING:
    from valvo.services.telemetry import RawFrame


class SqlCredentialRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, identifier: str) -> dict[str, Any] | None:
        row = self._conn.execute(
            select(device_credentials).where(device_credentials.c.device_identifier == identifier)
        ).mappings()
        found = row.first()
        return None if found is None else dict(found)

    def save(self, row: dict[str, Any]) -> None:
        upsert(self._conn, device_credentials, [row], "device_identifier")


class SqlCredentialUnit(SqlUnitOfWork):
    """The unit of work with the credential repository on the same transaction."""

    credentials: SqlCredentialRepository

    def __enter__(self) -> Self:
        super().__enter__()
        assert self._conn is not None
        self.credentials = SqlCredentialRepository(self._conn)
        return self


def load_credential(engine: Engine, identifier: str) -> StoredCredential | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(device_credentials).where(device_credentials.c.device_identifier == identifier)
        ).mappings()
        found = row.first()
    if found is None:
        return None
    return StoredCredential(
        found["device_identifier"],
        int(found["key_version"]),
        found["salt"],
        found["key_fingerprint"],
        found["revoked_at"],
    )


def claim_sequences(conn: Connection, frames: Sequence[RawFrame]) -> dict[int, str]:
    """Advance each device's last accepted sequence past the frames that carry one, in order.

    Returns the refused frames (index → reason): no credential, a revoked one, or a sequence
    not after the last accepted (stale or replayed). The caller holds the transaction and the
    chain lock, so two writers never accept the same sequence."""
    numbered = [(i, f) for i, f in enumerate(frames) if f.sequence is not None]
    if not numbered:
        return {}
    rows = conn.execute(
        select(
            device_credentials.c.device_identifier,
            device_credentials.c.last_sequence,
            device_credentials.c.revoked_at,
        ).where(device_credentials.c.device_identifier.in_({f.device for _, f in numbered}))
    ).all()
    last = {r[0]: int(r[1]) for r in rows}
    revoked = {r[0] for r in rows if r[2] is not None}
    refused: dict[int, str] = {}
    changed: set[str] = set()
    for i, frame in numbered:
        assert frame.sequence is not None
        if frame.device not in last:
            refused[i] = f"valvo: no key was issued to device {frame.device}"
        elif frame.device in revoked:
            refused[i] = f"valvo: the key of device {frame.device} is revoked"
        elif frame.sequence <= last[frame.device]:
            refused[i] = (
                f"valvo: sequence {frame.sequence} is not after {last[frame.device]}, "
                "the last accepted (stale or replayed)"
            )
        else:
            last[frame.device] = frame.sequence
            changed.add(frame.device)
    if changed:
        conn.execute(
            update(device_credentials)
            .where(device_credentials.c.device_identifier == bindparam("d"))
            .values(last_sequence=bindparam("s")),
            [{"d": d, "s": last[d]} for d in sorted(changed)],
        )
    return refused
