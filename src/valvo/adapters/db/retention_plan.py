"""What a retention run would delete and what a legal hold keeps, counted per category and per
order (the dry run is exactly this; the real run deletes by the same predicates).

The windows come from the pure :mod:`valvo.domain.retention.windows`; this module loads the
orders, holds and device assignments, turns pieces into SQL predicates and counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, false, func, select, true
from sqlalchemy.engine import Connection

from valvo.adapters.db.retention_crimes import CrimePlan, plan_crimes
from valvo.adapters.db.retention_partitions import droppable_partitions
from valvo.adapters.db.tables import alarms, device_assignments, devices, observations, orders
from valvo.adapters.db.tables import positions as positions_table
from valvo.adapters.db.tables_cases import cases
from valvo.adapters.db.tables_gateway import device_frames
from valvo.adapters.db.tables_retention import legal_holds
from valvo.domain.retention.policy import Category, RetentionPolicy
from valvo.domain.retention.windows import (
    Assignment,
    DevicePiece,
    Hold,
    OrderSpan,
    Piece,
    device_pieces,
    expired,
    expired_pieces,
    held_subjects,
)

QUARANTINED = "quarantined"  # the report's key for frames and observations of unknown devices


def positions_where(p: Piece) -> ColumnElement[bool]:
    c = positions_table.c
    return and_(c.subject_id == p.subject_id, c.time >= p.start, c.time < p.end)


def alarms_where(p: Piece) -> ColumnElement[bool]:
    c = alarms.c
    return and_(c.subject_id == p.subject_id, c.occurred_at >= p.start, c.occurred_at < p.end)


def device_where(table: Table, p: DevicePiece) -> ColumnElement[bool]:
    c = table.c
    return and_(
        c.device_identifier == p.device,
        c.received_at >= p.start,
        c.received_at < p.end,
        c.quarantined == false(),
    )


def quarantined_where(table: Table, cutoff: datetime) -> ColumnElement[bool]:
    return and_(table.c.quarantined == true(), table.c.received_at < cutoff)


@dataclass
class OrderLine:
    order: OrderSpan
    holds: list[str]
    delete: dict[str, int] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        o = self.order
        return {
            "order_id": o.id,
            "subject_id": o.subject_id,
            "type": o.type,
            "ended_at": o.ends_at.isoformat() if o.ends_at else None,
            "holds": self.holds,
            "delete": self.delete,
            "held": self.held,
        }


@dataclass
class Plan:
    policy: RetentionPolicy
    now: datetime
    quarantine_cutoff: datetime
    pieces: dict[Category, list[Piece]]
    device_pieces: dict[Category, list[DevicePiece]]
    case_ids: list[str]
    orders: dict[str, OrderLine]
    partitions: list[tuple[str, int]]
    quarantined: dict[str, int]
    unknown_order_types: list[str]
    held: frozenset[str] = frozenset()
    crime: CrimePlan = field(default_factory=CrimePlan)  # crime matching's data (issue 16)

    def totals(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {c.value: {"delete": 0, "held": 0} for c in Category}
        for line in self.orders.values():
            for category, n in line.delete.items():
                out[category]["delete"] += n
            for category, n in line.held.items():
                out[category]["held"] += n
        for category, n in self.quarantined.items():
            out[category]["delete"] += n
        return out

    def touched_orders(self) -> list[OrderLine]:
        return [line for line in self.orders.values() if any(line.delete.values())]

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy.name,
            "now": self.now.isoformat(),
            "totals": self.totals(),
            "quarantined_before": self.quarantine_cutoff.isoformat(),
            "quarantined": self.quarantined,
            "partitions": [{"partition": n, "rows": r} for n, r in self.partitions],
            "orders": [
                line.as_dict()
                for line in self.orders.values()
                if any(line.delete.values()) or any(line.held.values())
            ],
            "unknown_order_types": self.unknown_order_types,
            "crime_data": self.crime.as_dict(),
        }


def load_orders(conn: Connection) -> list[OrderSpan]:
    c = orders.c
    query = select(c.id, c.subject_id, c.type, c.starts_at, c.ends_at).order_by(c.id)
    return [OrderSpan(*row) for row in conn.execute(query)]


def load_holds(conn: Connection) -> list[Hold]:
    c = legal_holds.c
    query = select(c.id, c.subject_id, c.held_from, c.held_until, c.released_at)
    return [Hold(*row) for row in conn.execute(query)]


def load_assignments(conn: Connection, subject_ids: Sequence[str]) -> list[Assignment]:
    if not subject_ids:
        return []
    a = device_assignments.c
    query = (
        select(devices.c.identifier, a.subject_id, a.assigned_at, a.unassigned_at)
        .join(devices, devices.c.id == a.device_id)
        .where(a.subject_id.in_(sorted(set(subject_ids))))
    )
    return [Assignment(*row) for row in conn.execute(query)]


def count(conn: Connection, table: Table, where: ColumnElement[bool]) -> int:
    n = int(conn.execute(select(func.count()).select_from(table).where(where)).scalar() or 0)
    _end_read(conn)
    return n


def _end_read(conn: Connection) -> None:
    """End the read transaction: on SQLite every transaction begins IMMEDIATE (the write
    lock), so a plan counting in one long transaction would stall the gateway and engine."""
    if conn.in_transaction():
        conn.commit()


def make_plan(conn: Connection, policy: RetentionPolicy, now: datetime) -> Plan:
    spans = load_orders(conn)
    held = held_subjects(load_holds(conn), now)
    _end_read(conn)
    lines = {o.id: OrderLine(o, held.get(o.subject_id, [])) for o in spans}
    unknown = sorted({o.type for o in spans if o.type not in policy.by_order_type})
    all_pieces = {c: expired_pieces(spans, c, policy, now) for c in Category}
    assignments = load_assignments(
        conn,
        [p.subject_id for c in (Category.OBSERVATIONS, Category.RAW_FRAMES) for p in all_pieces[c]],
    )
    _end_read(conn)
    pieces: dict[Category, list[Piece]] = {}
    dev_pieces: dict[Category, list[DevicePiece]] = {}

    def tally(order_id: str, category: Category, n: int, is_held: bool) -> None:
        bucket = lines[order_id].held if is_held else lines[order_id].delete
        bucket[category.value] = bucket.get(category.value, 0) + n

    for category, table, where in (
        (Category.POSITIONS, positions_table, positions_where),
        (Category.ALARMS, alarms, alarms_where),
    ):
        pieces[category] = []
        for piece in all_pieces[category]:
            n = count(conn, table, where(piece))
            tally(piece.order_id, category, n, piece.subject_id in held)
            if piece.subject_id not in held:
                pieces[category].append(piece)
    for category, table in (
        (Category.OBSERVATIONS, observations),
        (Category.RAW_FRAMES, device_frames),
    ):
        dev_pieces[category] = []
        for dp in device_pieces(all_pieces[category], assignments):
            n = count(conn, table, device_where(table, dp))
            tally(dp.order_id, category, n, dp.subject_id in held)
            if dp.subject_id not in held:
                dev_pieces[category].append(dp)
    case_ids: list[str] = []
    by_order: dict[str, list[str]] = defaultdict(list)
    case_rows = conn.execute(select(cases.c.id, cases.c.order_id).order_by(cases.c.id)).all()
    _end_read(conn)
    for case_id, order_id in case_rows:
        if order_id is not None:
            by_order[order_id].append(case_id)
    for span in spans:
        if not expired(span, Category.CASE_RECORDS, policy, now) or not by_order.get(span.id):
            continue
        is_held = span.subject_id in held
        tally(span.id, Category.CASE_RECORDS, len(by_order[span.id]), is_held)
        if not is_held:
            case_ids.extend(by_order[span.id])
    cutoff = now - policy.quarantined_frames.delta
    quarantined = {
        Category.OBSERVATIONS.value: count(
            conn, observations, quarantined_where(observations, cutoff)
        ),
        Category.RAW_FRAMES.value: count(
            conn, device_frames, quarantined_where(device_frames, cutoff)
        ),
    }
    crime = plan_crimes(conn, policy, now, held, count)
    _end_read(conn)
    return Plan(
        policy=policy,
        now=now,
        quarantine_cutoff=cutoff,
        pieces=pieces,
        device_pieces=dev_pieces,
        case_ids=case_ids,
        orders=lines,
        partitions=droppable_partitions(conn, pieces[Category.POSITIONS]),
        quarantined=quarantined,
        unknown_order_types=unknown,
        held=frozenset(held),
        crime=crime,
    )
