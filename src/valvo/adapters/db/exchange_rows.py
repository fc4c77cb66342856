"""The rows of a person's whole monitoring record, read for an export and written by an import
(docs/exchange.md). Reading reuses the evidence package's frame reader; writing happens in the
caller's one transaction and re-seals the sealed tables with this installation's key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection

from valvo.adapters.db.evidence import as_writer, seal
from valvo.adapters.db.exchange_cases import (
    CASE_TABLES,
    SHARED,
    case_conflict,
    device_ids_of_cases,
    read_cases,
)
from valvo.adapters.db.frame_evidence import SqlFrameEvidence
from valvo.adapters.db.position_partitions import (
    LOCK_KEY,
    create_day,
    list_partitions,
    partition_name,
)
from valvo.adapters.db.provenance import GENESIS, lock_chains
from valvo.adapters.db.retention_partitions import partitions_of
from valvo.adapters.db.tables import (
    alarms,
    device_assignments,
    devices,
    log_offsets,
    observations,
    orders,
    positions,
    rule_changes,
    schedules,
    subjects,
    zones,
)
from valvo.adapters.db.tables_alarm_desk import alarm_events
from valvo.adapters.db.tables_gateway import device_frame_heads, device_frames
from valvo.adapters.db.tables_retention import provenance_gaps
from valvo.adapters.db.upsert import insert_missing, upsert

# In the order an import inserts them (foreign keys first). Victims and restraining orders
# are never part of a person's record: third parties' data (docs/exchange.md, "Victims are not
# in a person's record").
TABLES: dict[str, Table] = {
    "subjects": subjects,
    "orders": orders,
    "schedules": schedules,
    "zones": zones,
    "devices": devices,
    "device_assignments": device_assignments,
    "observations": observations,
    "positions": positions,
    "device_frames": device_frames,
    "alarms": alarms,
    "alarm_events": alarm_events,
    **CASE_TABLES,  # the case work (adapters/db/exchange_cases.py)
}
SEALED = ("observations", "positions", "alarm_events")
# The keyed seal of a row belongs to the installation that wrote it: an import seals anew.
UNEXPORTED = {"mac"}
_CHUNK = 500
IMPORT_WRITER = "import"
ENGINE_CONSUMER = "engine"  # the embedded log's consumer (bootstrap.engine_worker)


class RecordConflict(ValueError):
    """The target already holds part of the record (an id, a device or its frame chain)."""


def read_record(conn: Connection, subject_id: str, now: datetime) -> dict[str, Any] | None:
    """Every row of the person's record, by table, plus each device's chain link summary
    (``chains``); None when there is no such person."""
    subject = _rows(conn, subjects, subjects.c.id, [subject_id])
    if not subject:
        return None
    order_rows = _rows(conn, orders, orders.c.subject_id, [subject_id])
    order_ids = [o["id"] for o in order_rows]
    assignment_rows = _rows(conn, device_assignments, device_assignments.c.subject_id, [subject_id])
    case_work = read_cases(conn, subject_id, _rows)
    device_ids = {a["device_id"] for a in assignment_rows} | device_ids_of_cases(case_work)
    device_rows = _rows(conn, devices, devices.c.id, sorted(device_ids))
    identifiers = {d["id"]: d["identifier"] for d in device_rows}
    # The frames sent while a device was this person's (as the evidence package takes them).
    reader = SqlFrameEvidence(conn)
    frame_ids: set[int] = set()
    for a in assignment_rows:
        if a["device_id"] in identifiers:
            until = a["unassigned_at"] or now + timedelta(days=1)
            found = reader.frames([identifiers[a["device_id"]]], a["assigned_at"], until)
            frame_ids.update(f.id for f in found)
    frame_rows = _rows(conn, device_frames, device_frames.c.id, sorted(frame_ids))
    position_rows = _rows(conn, positions, positions.c.subject_id, [subject_id])
    seqs = {int(p["seq"]) for p in position_rows}
    seqs.update(int(s) for f in frame_rows for s in f["observation_seqs"] if s is not None)
    alarm_rows = _rows(conn, alarms, alarms.c.subject_id, [subject_id])
    return {
        "subjects": subject,
        "orders": order_rows,
        "schedules": _rows(conn, schedules, schedules.c.order_id, order_ids),
        "zones": _rows(conn, zones, zones.c.order_id, order_ids),
        "devices": device_rows,
        "device_assignments": assignment_rows,
        "observations": _rows(conn, observations, observations.c.seq, sorted(seqs)),
        "positions": position_rows,
        "device_frames": frame_rows,
        "alarms": alarm_rows,
        "alarm_events": _rows(
            conn, alarm_events, alarm_events.c.alarm_id, [a["id"] for a in alarm_rows]
        ),
        **case_work,
        "chains": _chains(conn, frame_rows),
    }


def _rows(
    conn: Connection, table: Table, column: Any, values: Sequence[Any]
) -> list[dict[str, Any]]:
    key = next(iter(table.primary_key.columns))
    out: list[dict[str, Any]] = []
    for i in range(0, len(values), _CHUNK):
        query = select(table).where(column.in_(list(values[i : i + _CHUNK]))).order_by(key)
        out += [
            {k: v for k, v in r.items() if k not in UNEXPORTED}
            for r in conn.execute(query).mappings()
        ]
    return sorted(out, key=lambda r: r[key.name])


def _chains(conn: Connection, frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per device: where the exported frames leave out links of the chain (someone else's
    frames, or frames retention deleted), the gap to cross, and the head the frames end in."""
    by_device: dict[str, list[dict[str, Any]]] = {}
    for f in frames:
        by_device.setdefault(f["device_identifier"], []).append(f)
    out = []
    for device, rows in sorted(by_device.items()):
        prev, prev_id, gaps, counted = GENESIS, 0, [], 0
        for row in rows:
            if row["prev_hash"] != prev:
                count = _left_out(conn, device, prev_id, int(row["id"]))
                gaps.append(
                    {
                        "first_frame_id": prev_id + 1,
                        "last_frame_id": int(row["id"]) - 1,
                        "frame_count": count,
                        "before_hash": prev,
                        "last_hash": row["prev_hash"],
                    }
                )
                counted += count
            prev, prev_id = row["hash"], int(row["id"])
            counted += 1
        out.append(
            {
                "device_identifier": device,
                "protocol": rows[-1]["protocol"],
                "first_seen": rows[0]["received_at"],
                "last_seen": rows[-1]["received_at"],
                "frame_count": counted,
                "head_hash": prev,
                "gaps": gaps,
            }
        )
    return out


def _left_out(conn: Connection, device: str, after: int, before: int) -> int:
    f, g = device_frames, provenance_gaps
    stored = conn.execute(
        select(func.count()).where(f.c.device_identifier == device, f.c.id > after, f.c.id < before)
    ).scalar_one()
    deleted = conn.execute(
        select(func.coalesce(func.sum(g.c.frame_count), 0)).where(
            g.c.device_identifier == device, g.c.first_frame_id > after, g.c.last_frame_id < before
        )
    ).scalar_one()
    return int(stored) + int(deleted)


def write_record(conn: Connection, record: Mapping[str, Any], now: datetime) -> dict[str, int]:
    """Insert the record in the caller's transaction; raises :class:`RecordConflict` naming the
    first part the target already holds. Returns the rows written per table."""
    _refuse_conflicts(conn, record)
    lock_chains(conn)
    ensure_position_days(conn, record["positions"])
    written: dict[str, int] = {}
    sealing = as_writer(conn, IMPORT_WRITER)
    for name, table in TABLES.items():
        rows = [dict(r) for r in record[name]]
        if name in SEALED:
            seal(sealing, name, rows)
        if rows and name in SHARED:
            insert_missing(conn, table, rows, key="id")
        elif rows:
            conn.execute(insert(table), rows)
        written[name] = len(rows)
    for chain in record["chains"]:
        gaps = chain["gaps"]
        if gaps:
            rows = [
                {**g, "device_identifier": chain["device_identifier"], "deleted_at": now}
                for g in gaps
            ]
            conn.execute(insert(provenance_gaps), rows)
        head = {k: v for k, v in chain.items() if k != "gaps"}
        conn.execute(insert(device_frame_heads), [head])
    written["chains"] = len(record["chains"])
    past_imported_log(conn, [int(o["seq"]) for o in record["observations"]])
    subject_id = record["subjects"][0]["id"]
    conn.execute(
        insert(rule_changes), [{"subject_id": subject_id, "reason": "imported", "at": now}]
    )
    _advance_sequences(conn)
    return written


def past_imported_log(conn: Connection, seqs: list[int]) -> None:
    """The imported observations are history the source's engine already evaluated: move each
    consumer of the embedded log past them, so this Valvo's engine does not evaluate them again
    (duplicate positions and alarms). Refused while a consumer still has observations of this
    Valvo's own to evaluate below them (quarantined ones it never evaluates): skipping those
    would lose them."""
    if not seqs:
        return
    top, imported = max(seqs), set(seqs)
    o = observations
    offsets = {
        str(r[0]): int(r[1])
        for r in conn.execute(select(log_offsets.c.consumer, log_offsets.c.position))
    }
    offsets.setdefault(ENGINE_CONSUMER, 0)
    for consumer, position in sorted(offsets.items()):
        if position >= top:
            continue
        waiting = conn.execute(
            select(o.c.seq).where(o.c.seq > position, o.c.seq <= top, o.c.quarantined.is_(False))
        ).scalars()
        if set(waiting) - imported:
            raise RecordConflict(
                f"this Valvo's {consumer} has not yet evaluated all of its own observations; "
                "import when it has caught up"
            )
        upsert(conn, log_offsets, [{"consumer": consumer, "position": top}], key="consumer")


def _refuse_conflicts(conn: Connection, record: Mapping[str, Any]) -> None:
    for name in ("subjects", "orders", "zones", "schedules", "devices", "alarms"):
        table = TABLES[name]
        ids = [r["id"] for r in record[name]]
        if ids and conn.execute(select(table.c.id).where(table.c.id.in_(ids))).first():
            raise RecordConflict(f"this Valvo already holds one of the package's {name}")
    identifiers = [d["identifier"] for d in record["devices"]]
    if (
        identifiers
        and conn.execute(
            select(devices.c.identifier).where(devices.c.identifier.in_(identifiers))
        ).first()
    ):
        raise RecordConflict(
            "this Valvo already has a device with one of the package's identifiers"
        )
    chained = [c["device_identifier"] for c in record["chains"]]
    if (
        chained
        and conn.execute(
            select(device_frame_heads.c.device_identifier).where(
                device_frame_heads.c.device_identifier.in_(chained)
            )
        ).first()
    ):
        raise RecordConflict("this Valvo already holds raw frames of one of the package's devices")
    conflict = case_conflict(conn, record)
    if conflict is not None:
        raise RecordConflict(conflict)
    for name, column in (
        ("observations", observations.c.seq),
        ("positions", positions.c.id),
        ("device_frames", device_frames.c.id),
        ("alarm_events", alarm_events.c.id),
    ):
        key = column.name
        values = [r[key] for r in record[name]]
        for i in range(0, len(values), _CHUNK):
            if conn.execute(select(column).where(column.in_(values[i : i + _CHUNK]))).first():
                raise RecordConflict(f"this Valvo already holds one of the package's {name} ids")


def ensure_position_days(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """On partitioned PostgreSQL: a daily partition for every day the positions fall on."""
    if partitions_of(conn) is None or not rows:
        return
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    existing = list_partitions(conn)
    names = {p.name for p in existing}
    default = next((p.name for p in existing if p.bound == "DEFAULT"), None)
    days: set[date] = {r["time"].date() for r in rows}
    for day in sorted(days):
        if partition_name(day) not in names:
            create_day(conn, day, default)


_SEQUENCED = (
    ("observations", "seq"),
    ("positions", "id"),
    ("device_frames", "id"),
    ("alarm_events", "id"),
    ("case_events", "seq"),
)


def _advance_sequences(conn: Connection) -> None:
    """PostgreSQL: explicit ids do not move a sequence; move it past them."""
    if conn.dialect.name != "postgresql":
        return
    for table, column in _SEQUENCED:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "  # noqa: S608
                f"GREATEST((SELECT MAX({column}) FROM {table}), 1))"
            )
        )
