"""Raw-frame provenance: every frame a device sent, append-only, hash-chained per device.

A frame's record is written in the same transaction as its observations (see
:meth:`SqlObservationLog.append_frames`). Its hash is sha256(previous hash of that device's
chain + the canonical JSON of the record), so editing, removing or reordering a frame breaks
the chain from there on; the per-device head (hash and count) catches removal of the newest
frames. :func:`verify_chains` walks the chains and names the first broken link of each device.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from psycopg.types.json import Json
from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection

from valvo.adapters.db.any_of import any_of
from valvo.adapters.db.copy_rows import can_copy, copy_rows
from valvo.adapters.db.tables_gateway import device_frame_heads, device_frames
from valvo.adapters.db.upsert import upsert
from valvo.services.telemetry import RawFrame

GENESIS = "0" * 64
# Serialises gateway writers on PostgreSQL so no device's chain forks (SQLite has one writer).
_PG_FRAME_CHAIN_LOCK = 0x56464348


# json.dumps(content, sort_keys=True, separators=(",", ":")), the encoder built once.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def canonical(content: Mapping[str, Any]) -> str:
    return _CANONICAL.encode(content)


def frame_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(content)).encode()).hexdigest()


def frame_content(row: Mapping[str, Any]) -> dict[str, Any]:
    """The hashed fields of a frame row, in a form that survives both databases unchanged."""
    received: datetime = row["received_at"]
    return {
        "device": row["device_identifier"],
        "protocol": row["protocol"],
        "received_at": received.isoformat(),
        "peer": row["peer"],
        "raw": base64.b64encode(bytes(row["raw"])).decode("ascii"),
        "observation_seqs": list(row["observation_seqs"]),
        "quarantined": bool(row["quarantined"]),
    }


def lock_chains(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_FRAME_CHAIN_LOCK})


def append_chained(
    conn: Connection, frames: Sequence[tuple[RawFrame, Sequence[int | None], bool]]
) -> None:
    """Insert (frame, its observations' log positions, quarantined) rows, chained per device.

    The caller holds :func:`lock_chains` and the transaction."""
    if not frames:
        return
    devices = sorted({f.device for f, _, _ in frames})
    heads: dict[str, dict[str, Any]] = {
        r["device_identifier"]: dict(r)
        for r in conn.execute(
            select(device_frame_heads).where(
                any_of(conn, device_frame_heads.c.device_identifier, devices)
            )
        ).mappings()
    }
    rows: list[dict[str, Any]] = []
    for frame, seqs, quarantined in frames:
        row: dict[str, Any] = {
            "device_identifier": frame.device,
            "protocol": frame.protocol,
            "received_at": frame.received_at,
            "peer": frame.peer,
            "raw": frame.raw,
            "observation_seqs": list(seqs),
            "quarantined": quarantined,
            "dedup_key": frame.dedup_key,
        }
        head = heads.get(frame.device)
        prev = head["head_hash"] if head else GENESIS
        row["prev_hash"] = prev
        row["hash"] = frame_hash(prev, frame_content(row))
        rows.append(row)
        heads[frame.device] = {
            "device_identifier": frame.device,
            "protocol": frame.protocol,
            "first_seen": head["first_seen"] if head else frame.received_at,
            "last_seen": frame.received_at,
            "frame_count": (head["frame_count"] if head else 0) + 1,
            "head_hash": row["hash"],
        }
    insert_frames(conn, rows)
    touched = {f.device for f, _, _ in frames}
    upsert(
        conn,
        device_frame_heads,
        [h for d, h in heads.items() if d in touched],
        "device_identifier",
    )


FRAME_COLUMNS = (
    "device_identifier",
    "protocol",
    "received_at",
    "peer",
    "raw",
    "observation_seqs",
    "quarantined",
    "dedup_key",
    "prev_hash",
    "hash",
)
FRAME_TYPES = (
    "varchar",
    "varchar",
    "timestamptz",
    "varchar",
    "bytea",
    "json",
    "bool",
    "varchar",
    "varchar",
    "varchar",
)


def insert_frames(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert chained frame rows in order (their ids follow it): a binary COPY on PostgreSQL,
    one statement whatever the count; an executemany INSERT elsewhere. The stored values are
    the INSERT's: ``observation_seqs`` is the same JSON text, the instant the same UTC value."""
    if not can_copy(conn):
        conn.execute(insert(device_frames), list(rows))
        return
    values = [
        (
            row["device_identifier"],
            row["protocol"],
            _aware(row["received_at"]),
            row["peer"],
            row["raw"],
            Json(row["observation_seqs"]),
            row["quarantined"],
            row["dedup_key"],
            row["prev_hash"],
            row["hash"],
        )
        for row in rows
    ]
    copy_rows(conn, "device_frames", FRAME_COLUMNS, FRAME_TYPES, values)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:  # as the column type (adapters/db/types.py) refuses it
        raise ValueError("naive datetime refused by the database layer")
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class BrokenLink:
    device: str
    frame_id: int | None  # None: the head no longer matches the last frame (frames removed)
    reason: str


@dataclass(slots=True)
class ChainReport:
    devices: int = 0
    frames: int = 0
    broken: list[BrokenLink] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.broken


def verify_chains(conn: Connection, device: str | None = None) -> ChainReport:
    """Walk each device's chain in id order; report the first broken link of each device."""
    report = ChainReport()
    head_query = select(device_frame_heads)
    if device is not None:
        head_query = head_query.where(device_frame_heads.c.device_identifier == device)
    heads: dict[str, Mapping[str, Any]] = {
        r["device_identifier"]: dict(r) for r in conn.execute(head_query).mappings()
    }
    gaps = _gaps_by_device(conn, device)
    seen: set[str] = set()
    try:
        for identifier, rows in _frames_by_device(conn, device):
            seen.add(identifier)
            report.devices += 1
            link = _verify_device(
                identifier, rows, heads.get(identifier), report, gaps.get(identifier)
            )
            if link is not None:
                report.broken.append(link)
    except (TypeError, ValueError, AssertionError) as exc:  # a value the column cannot read
        report.broken.append(BrokenLink(device or "?", None, f"unreadable: {exc}"))
        return report
    for identifier in sorted(set(heads) - seen):
        report.devices += 1
        link = _verify_device(identifier, [], heads[identifier], report, gaps.get(identifier))
        if link is not None and not gaps.get(identifier):
            link = BrokenLink(identifier, None, "chain head without any frame")
        if link is not None:
            report.broken.append(link)
    return report


def _verify_device(
    identifier: str,
    rows: list[Mapping[str, Any]],
    head: Mapping[str, Any] | None,
    report: ChainReport,
    gaps: list[Mapping[str, Any]] | None = None,
) -> BrokenLink | None:
    """Walk one device's frames; a retention gap (frames deleted under the retention policy)
    is crossed only where it joins the chain: the frame before it must end in its
    ``before_hash``, and the chain resumes from its ``last_hash``."""
    prev = GENESIS
    counted = 0
    pending = list(gaps or ())

    def cross(gap: Mapping[str, Any]) -> BrokenLink | None:
        nonlocal prev, counted
        if gap["before_hash"] != prev:
            return BrokenLink(
                identifier,
                int(gap["first_frame_id"]),
                "a retention gap does not join the chain (frames before it altered or removed)",
            )
        prev = gap["last_hash"]
        counted += int(gap["frame_count"])
        return None

    for row in rows:
        while pending and int(pending[0]["last_frame_id"]) < int(row["id"]):
            broken = cross(pending.pop(0))
            if broken is not None:
                return broken
        if pending and int(pending[0]["first_frame_id"]) <= int(row["id"]):
            continue  # inside a gap whose deletion is still being completed
        report.frames += 1
        counted += 1
        if row["prev_hash"] != prev:
            return BrokenLink(identifier, int(row["id"]), "previous hash does not match the chain")
        try:
            content = frame_content(row)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            return BrokenLink(identifier, int(row["id"]), f"an unreadable value ({exc})")
        if row["hash"] != frame_hash(prev, content):
            return BrokenLink(identifier, int(row["id"]), "content does not match its hash")
        prev = row["hash"]
    for gap in pending:
        broken = cross(gap)
        if broken is not None:
            return broken
    if head is None:
        return BrokenLink(identifier, None, "frames without a chain head")
    if head["head_hash"] != prev or int(head["frame_count"]) != counted:
        return BrokenLink(
            identifier,
            None,
            f"chain head says {head['frame_count']} frames ending {head['head_hash'][:12]}, "
            f"found {counted} ending {prev[:12]} (frames removed or added)",
        )
    return None


def _gaps_by_device(conn: Connection, device: str | None) -> dict[str, list[Mapping[str, Any]]]:
    from valvo.adapters.db.tables_retention import provenance_gaps

    query = select(provenance_gaps).order_by(
        provenance_gaps.c.device_identifier, provenance_gaps.c.first_frame_id
    )
    if device is not None:
        query = query.where(provenance_gaps.c.device_identifier == device)
    gaps: dict[str, list[Mapping[str, Any]]] = {}
    for row in conn.execute(query).mappings():
        gaps.setdefault(row["device_identifier"], []).append(dict(row))
    return gaps


def _frames_by_device(
    conn: Connection, device: str | None
) -> Iterator[tuple[str, list[Mapping[str, Any]]]]:
    query = select(device_frames).order_by(device_frames.c.device_identifier, device_frames.c.id)
    if device is not None:
        query = query.where(device_frames.c.device_identifier == device)
    current: str | None = None
    rows: list[Mapping[str, Any]] = []
    # Per statement: Connection.execution_options would change the caller's connection for
    # good (a later INSERT on PostgreSQL would then open a server-side cursor and fail).
    result = conn.execute(query, execution_options={"yield_per": 2000}).mappings()
    last_id = None
    try:
        for row in result:
            if row["device_identifier"] != current:
                if current is not None:
                    yield current, rows
                current, rows = row["device_identifier"], []
            rows.append(dict(row))
            last_id = row["id"]
    except (TypeError, ValueError, AssertionError) as exc:
        raise ValueError(f"the frame after frame {last_id} of device {current} ({exc})") from exc
    if current is not None:
        yield current, rows
