"""Storing a supplier's positions for one person (docs/exchange.md, "Positions from another
supplier"), all of them or none, in the caller's transaction.

The file itself is kept as one raw frame on the device's hash chain (protocol ``supplier-csv``),
each row as an observation whose raw bytes are its line, and each fix as a position: the same
evidence trail a device's own messages leave, so ``valvo verify`` and the evidence package
cover imported history too. The rows are history the supplier already worked: the log's
consumers are moved past them, as for an imported record, so no alarm is raised again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from valvo.adapters.db.evidence import as_writer
from valvo.adapters.db.exchange_rows import (
    RecordConflict,
    ensure_position_days,
    past_imported_log,
)
from valvo.adapters.db.observation_writer import insert_observations
from valvo.adapters.db.position_writer import write_positions
from valvo.adapters.db.provenance import append_chained, lock_chains
from valvo.adapters.db.tables import device_assignments, devices, observations, subjects
from valvo.adapters.exchange.supplier_csv import SupplierFix, identity, payload_attributes
from valvo.domain.telemetry.observation import Observation, ObservationKind
from valvo.services.telemetry import RawFrame, payload_of

PROTOCOL = "supplier-csv"
IMPORT_WRITER = "import"
_CHUNK = 500


def write_supplier_positions(
    conn: Connection,
    *,
    subject_id: str,
    device_identifier: str,
    fixes: Sequence[SupplierFix],
    file_bytes: bytes,
    source: str,
    now: datetime,
) -> dict[str, int]:
    """Store ``fixes`` as ``subject_id``'s positions from ``device_identifier``; raises
    :class:`RecordConflict` (nothing written) naming why this database refuses them."""
    device_id = _checked_target(conn, subject_id, device_identifier, fixes)
    keys = [identity(device_identifier, f) for f in fixes]
    _refuse_seen(conn, keys, fixes)
    lock_chains(conn)
    sealing = as_writer(conn, IMPORT_WRITER)
    rows = [
        {
            "device_identifier": device_identifier,
            "protocol": PROTOCOL,
            "kind": ObservationKind.POSITION.value,
            "device_time": fix.time,
            "received_at": now,
            "payload": payload_of(_observation(device_identifier, fix, now, source)),
            "raw": fix.raw,
            "peer": f"import:{source}"[:80],
            "dedup_key": key,
            "quarantined": False,
        }
        for fix, key in zip(fixes, keys, strict=True)
    ]
    seqs = insert_observations(sealing, rows)
    frame = RawFrame(
        device=device_identifier,
        protocol=PROTOCOL,
        raw=file_bytes,
        peer=f"import:{source}"[:80],
        received_at=now,
    )
    append_chained(conn, [(frame, seqs, False)])
    past_imported_log(conn, seqs)
    positions = [
        {
            "subject_id": subject_id,
            "device_id": device_id,
            "time": fix.time,
            "lat": fix.lat,
            "lon": fix.lon,
            "accuracy_m": fix.accuracy_m,
            "speed_kmh": fix.speed_kmh,
            "seq": seq,
        }
        for fix, seq in zip(fixes, seqs, strict=True)
    ]
    ensure_position_days(conn, positions)
    written = write_positions(sealing, positions)
    return {"observations": len(seqs), "positions": written, "frames": 1}


def _observation(device: str, fix: SupplierFix, now: datetime, source: str) -> Observation:
    return Observation(
        device_id=device,
        kind=ObservationKind.POSITION,
        device_time=fix.time,
        received_at=now,
        lat=fix.lat,
        lon=fix.lon,
        accuracy_m=fix.accuracy_m,
        valid=True,
        speed_kmh=fix.speed_kmh,
        satellites=fix.satellites,
        attributes=payload_attributes(fix, source),
    )


def _checked_target(
    conn: Connection, subject_id: str, identifier: str, fixes: Sequence[SupplierFix]
) -> str:
    """The device's id, once the person and the device exist and no one else wore the device
    during the file's period."""
    if conn.execute(select(subjects.c.id).where(subjects.c.id == subject_id)).first() is None:
        raise RecordConflict(f"person {subject_id} does not exist")
    device_id = conn.execute(
        select(devices.c.id).where(devices.c.identifier == identifier)
    ).scalar_one_or_none()
    if device_id is None:
        raise RecordConflict(
            f"no device {identifier!r}: register the supplier's device first (its identifier)"
        )
    first, last = min(f.time for f in fixes), max(f.time for f in fixes)
    a = device_assignments
    other = conn.execute(
        select(a.c.subject_id, a.c.assigned_at)
        .where(
            a.c.device_id == device_id,
            a.c.subject_id != subject_id,
            a.c.assigned_at <= last,
            or_(a.c.unassigned_at.is_(None), a.c.unassigned_at > first),
        )
        .limit(1)
    ).first()
    if other is not None:
        raise RecordConflict(
            f"device {identifier!r} was assigned to another person during the file's period "
            f"(from {other[1].isoformat()}); its positions are not this person's"
        )
    return str(device_id)


def _refuse_seen(conn: Connection, keys: list[str], fixes: Sequence[SupplierFix]) -> None:
    """Refuse rows this database already holds (the file, or part of it, imported before) and
    rows repeated within the file."""
    seen: dict[str, int] = {}
    for key, fix in zip(keys, fixes, strict=True):
        if key in seen:
            raise RecordConflict(f"line {fix.line} repeats line {seen[key]} (same time and place)")
        seen[key] = fix.line
    stored: list[int] = []
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        hits = conn.execute(
            select(observations.c.dedup_key).where(
                and_(observations.c.dedup_key.in_(chunk), observations.c.dedup_key.is_not(None))
            )
        ).scalars()
        stored.extend(seen[str(key)] for key in hits)
    if stored:
        raise RecordConflict(
            f"{len(stored)} of the file's rows are already stored, the first on line "
            f"{min(stored)}: this file, or part of it, was imported before"
        )
