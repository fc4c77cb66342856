"""Carrying out a retention plan: statistics first, then bounded batches, then the audit record.

Every batch is its own short transaction deleting at most ``batch_size`` rows chosen by primary
key (``DELETE … WHERE id IN (SELECT id … LIMIT n)``), so no long lock is held on a busy table
(Traccar's mass DELETE locks its positions table). Order of work:

1. anonymised statistics of every order losing data for the first time (no identifiers);
2. positions: whole partitions dropped where ``positions`` is partitioned, batches otherwise;
3. observations; 4. raw frames, each deleted run of a device's chain recorded as a
   provenance gap first, so ``valvo provenance verify`` still proves what remains;
5. alarms with their trail, outbox and desk events; 6. case records, children first;
7. crime matching's data: the matches of expired runs (but a held person's), each run once
   none of its matches is left, then expired batches with their crimes
   (``retention_crimes.py``);
8. one audit record of what went (the audit trail itself is never pruned).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.audit_trail import SqlAuditTrail
from valvo.adapters.db.evidence import debit
from valvo.adapters.db.followup_repo import SqlFollowUpReader, follow_up_cells
from valvo.adapters.db.retention_crimes import delete_batch, delete_run, matches_where
from valvo.adapters.db.retention_partitions import drop_partition, partition_seals
from valvo.adapters.db.retention_plan import (
    OrderLine,
    Plan,
    alarms_where,
    device_where,
    load_holds,
    make_plan,
    positions_where,
    quarantined_where,
)
from valvo.adapters.db.tables import alarms, metadata, observations, positions, subjects
from valvo.adapters.db.tables_acting import device_commands
from valvo.adapters.db.tables_alarm_desk import alarm_desk_events, alarm_events, alarm_outbox
from valvo.adapters.db.tables_cases import ban_violations, case_breaches, cases
from valvo.adapters.db.tables_crimes import crime_matches
from valvo.adapters.db.tables_gateway import device_frames
from valvo.adapters.db.tables_retention import (
    provenance_gaps,
    retention_counted_orders,
    retention_statistics,
    retention_unlocks,
)
from valvo.domain.retention.policy import Category
from valvo.domain.retention.windows import DevicePiece, days_by_month, held_subjects

DEFAULT_BATCH = 5000
# A pause after each delete transaction lets waiting writers in: SQLite's busy handler polls,
# and a deleter that begins its next transaction at once starves the engine's commits.
DEFAULT_PAUSE_S = 0.05


@dataclass
class RunResult:
    deleted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    batches: int = 0
    pause_s: float = DEFAULT_PAUSE_S
    partitions_dropped: list[str] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    orders_counted: int = 0
    replanned: bool = False
    planned: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "deleted": dict(self.deleted),
            "batches": self.batches,
            "partitions_dropped": self.partitions_dropped,
            "provenance_gaps": len(self.gaps),
            "orders_counted_in_statistics": self.orders_counted,
            "replanned": self.replanned,
            "planned": self.planned,
        }


def execute(
    db: Engine,
    plan: Plan,
    actor: str,
    batch_size: int = DEFAULT_BATCH,
    pause_s: float = DEFAULT_PAUSE_S,
) -> RunResult:
    """Carry out ``plan``; if a hold was placed since it was made, plan again first, so
    nothing a hold protects goes (``result.replanned`` says so)."""
    result = RunResult(pause_s=pause_s)
    with db.connect() as conn:
        if set(held_subjects(load_holds(conn), plan.now)) - plan.held:
            plan = make_plan(conn, plan.policy, plan.now)
            result.replanned = True
    result.planned = plan.totals()
    for line in plan.touched_orders():  # one short transaction per order
        with db.begin() as conn:
            result.orders_counted += write_statistics(conn, [line], plan.now)
    with db.connect() as conn:
        for name in _dropped(conn, plan, result):
            result.partitions_dropped.append(name)
        positions_left = [positions_where(p) for p in plan.pieces[Category.POSITIONS]]
        for where in positions_left:
            _batched(conn, positions, positions.c.id, where, batch_size, result, "positions")
        obs = [device_where(observations, p) for p in plan.device_pieces[Category.OBSERVATIONS]]
        obs.append(quarantined_where(observations, plan.quarantine_cutoff))
        for where in obs:
            _batched(
                conn, observations, observations.c.seq, where, batch_size, result, "observations"
            )
        _delete_frames(conn, plan, batch_size, result)
        for piece in plan.pieces[Category.ALARMS]:
            _delete_alarms(conn, alarms_where(piece), batch_size, result, plan.now)
        for case_id in plan.case_ids:
            _delete_case(conn, case_id, result)
        _delete_crime_data(conn, plan, batch_size, result)
    with db.begin() as conn:
        SqlAuditTrail(conn).record(
            at=plan.now,
            actor=actor,
            action="retention.run",
            target_type="retention",
            target_id=plan.policy.name,
            purpose="retention policy",
            details={
                **result.as_dict(),
                "orders": [
                    {"order_id": line.order.id, "delete": line.delete}
                    for line in plan.touched_orders()
                ],
                "held_orders": [
                    {"order_id": line.order.id, "holds": line.holds, "held": line.held}
                    for line in plan.orders.values()
                    if any(line.held.values())
                ],
                "gaps": result.gaps,
                "crime_data": plan.crime.as_dict(),
            },
        )
    return result


def _dropped(conn: Connection, plan: Plan, result: RunResult) -> Iterable[str]:
    for name, rows in plan.partitions:
        with conn.begin():
            debit(conn, "positions", partition_seals(conn, name))
            drop_partition(conn, name)
        result.deleted[Category.POSITIONS.value] += rows
        result.batches += 1
        yield name


def _batched(
    conn: Connection,
    table: Table,
    key: Any,
    where: ColumnElement[bool],
    batch_size: int,
    result: RunResult,
    category: str | None,
    before: Callable[[Connection, Any], None] | None = None,
) -> int:
    """Delete the rows matching ``where`` in transactions of at most ``batch_size`` rows; the
    optional ``before`` deletes dependants of a batch (given its keys' subquery) first."""
    total = 0
    while True:
        with conn.begin():
            chosen = select(key).where(where).limit(batch_size)
            if before is None:
                # One round trip; the database picks the keys (no parameter list to plan); the
                # deleted rows' seals come back to be taken off the heads.
                statement = delete(table).where(key.in_(chosen.scalar_subquery()))
                if "mac" in table.c:
                    macs = list(conn.execute(statement.returning(table.c.mac)).scalars())
                    debit(conn, table.name, macs)
                    n = len(macs)
                else:
                    n = conn.execute(statement).rowcount
                size = n
            else:
                ids = [r[0] for r in conn.execute(chosen)]
                if not ids:
                    break
                before(conn, ids)
                n = conn.execute(delete(table).where(key.in_(ids))).rowcount
                size = len(ids)
        if size == 0:
            break
        total += n
        result.batches += 1
        if category is not None:
            result.deleted[category] += n
        time.sleep(result.pause_s)
        if size < batch_size:
            break
    return total


def _delete_alarms(
    conn: Connection,
    where: ColumnElement[bool],
    batch_size: int,
    result: RunResult,
    now: datetime,
) -> None:
    def dependants(c: Connection, ids: list[Any]) -> None:
        # The trail is append-only in the database; unlock it inside this transaction only.
        c.execute(retention_unlocks.insert(), [{"id": 1, "at": now}])
        trail = delete(alarm_events).where(alarm_events.c.alarm_id.in_(ids))
        debit(c, "alarm_events", c.execute(trail.returning(alarm_events.c.mac)).scalars())
        for table in (alarm_desk_events, alarm_outbox, device_commands):
            c.execute(delete(table).where(table.c.alarm_id.in_(ids)))
        c.execute(delete(retention_unlocks))

    _batched(conn, alarms, alarms.c.id, where, batch_size, result, "alarms", dependants)


def _case_children() -> list[tuple[Table, Any]]:
    """Every table with a foreign key to ``cases``, dependants first."""
    out: list[tuple[Table, Any]] = []
    for table in reversed(metadata.sorted_tables):
        for fk in table.foreign_keys:
            if fk.column.table is cases:
                out.append((table, fk.parent))
    return out


def _delete_case(conn: Connection, case_id: str, result: RunResult) -> None:
    with conn.begin():
        for table, column in _case_children():
            conn.execute(delete(table).where(column == case_id))
        n = conn.execute(delete(cases).where(cases.c.id == case_id)).rowcount
    result.batches += 1
    result.deleted[Category.CASE_RECORDS.value] += n


def _delete_crime_data(conn: Connection, plan: Plan, batch_size: int, result: RunResult) -> None:
    """Expired runs' matches of people no hold keeps, in bounded batches; a run once none of
    its matches is left; then each expired batch no run needs, with its crimes."""
    decision = plan.crime.decision
    for run in decision.runs:
        if run.goes:
            where = matches_where(run, run.goes)
            m = crime_matches.c
            _batched(conn, crime_matches, m.id, where, batch_size, result, "crime_matches")
        if run.whole:
            with conn.begin():
                n_runs = delete_run(conn, run.run.id)
            if n_runs:
                result.deleted["crime_runs"] += n_runs
                result.batches += 1
    for batch_id in decision.batches:
        with conn.begin():
            n_crimes, n_batches = delete_batch(conn, batch_id)
        if n_batches:
            result.deleted["crimes"] += n_crimes
            result.deleted["crime_batches"] += n_batches
            result.batches += 1


def _delete_frames(conn: Connection, plan: Plan, batch_size: int, result: RunResult) -> None:
    """Per device: find the runs of consecutive frames that go, record each run as a
    provenance gap, then delete the run in batches."""
    pieces: dict[str, list[DevicePiece]] = defaultdict(list)
    for piece in plan.device_pieces[Category.RAW_FRAMES]:
        pieces[piece.device].append(piece)
    f = device_frames.c
    with conn.begin():
        quarantined = list(
            conn.execute(
                select(f.device_identifier)
                .where(quarantined_where(device_frames, plan.quarantine_cutoff))
                .distinct()
            ).scalars()
        )
    devices = sorted(set(pieces) | set(quarantined))
    for device in devices:
        goes = or_(
            *(device_where(device_frames, p) for p in pieces.get(device, [])),
            quarantined_where(device_frames, plan.quarantine_cutoff),
        )
        with conn.begin():
            gaps = list(
                conn.execute(
                    select(provenance_gaps.c.first_frame_id, provenance_gaps.c.last_frame_id).where(
                        provenance_gaps.c.device_identifier == device
                    )
                ).all()
            )
            rows = conn.execute(
                select(f.id, f.prev_hash, f.hash, goes.label("goes"))
                .where(f.device_identifier == device)
                .order_by(f.id)
            ).all()
            runs = _runs(list(rows), gaps)
            for run in runs:
                gap = {
                    "device_identifier": device,
                    "first_frame_id": run[0][0],
                    "last_frame_id": run[-1][0],
                    "frame_count": len(run),
                    "before_hash": run[0][1],
                    "last_hash": run[-1][2],
                    "deleted_at": plan.now,
                }
                conn.execute(provenance_gaps.insert(), [gap])
                result.gaps.append({k: v for k, v in gap.items() if k != "deleted_at"})
        in_device = and_(f.device_identifier == device, goes)
        _batched(conn, device_frames, f.id, in_device, batch_size, result, "raw_frames")


def _runs(rows: list[Any], gaps: list[Any]) -> list[list[Any]]:
    """Maximal runs of consecutive frames that go, outside existing gaps (whose frames are
    still being deleted and already accounted for)."""
    runs: list[list[Any]] = []
    current: list[Any] = []
    for row in rows:
        in_gap = any(first <= row[0] <= last for first, last in gaps)
        if row[3] and not in_gap:
            current.append(row)
            continue
        if current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def write_statistics(conn: Connection, lines: Iterable[OrderLine], now: datetime) -> int:
    """Add each not-yet-counted order to the anonymised statistics: subject-days by order type,
    alarms by kind, breaches and travel-ban violations, per region and UTC month, and the
    follow-up figures of its sentences (metric ``followup``) per region and calendar month."""
    counted = set(conn.execute(select(retention_counted_orders.c.order_id)).scalars())
    cells: dict[tuple[str, str, str, str], float] = defaultdict(float)
    done = 0
    for line in lines:
        order = line.order
        if order.id in counted or order.ends_at is None:
            continue
        region = conn.execute(
            select(subjects.c.region).where(subjects.c.id == order.subject_id)
        ).scalar_one()
        for month, days in days_by_month(order.starts_at, order.ends_at).items():
            cells[(region, month, "subject_days", order.type)] += days
        cells[(region, order.ends_at.strftime("%Y-%m"), "orders_ended", order.type)] += 1
        window = alarms_where_order(order.subject_id, order.starts_at, order.ends_at)
        for kind, at in conn.execute(select(alarms.c.kind, alarms.c.occurred_at).where(window)):
            cells[(region, at.strftime("%Y-%m"), "alarms", kind)] += 1
        case_ids = select(cases.c.id).where(cases.c.order_id == order.id)
        for kind, at in conn.execute(
            select(case_breaches.c.kind, case_breaches.c.occurred_at).where(
                case_breaches.c.case_id.in_(case_ids)
            )
        ):
            cells[(region, at.strftime("%Y-%m"), "breaches", kind or "unassessed")] += 1
        for category, at in conn.execute(
            select(ban_violations.c.category, ban_violations.c.occurred_at).where(
                ban_violations.c.case_id.in_(case_ids)
            )
        ):
            cells[(region, at.strftime("%Y-%m"), "ban_violations", category)] += 1
        # The pilot follow-up's figures of the order's sentences (issue 17), by the same
        # definitions the live statistics use; from now on those read these cells instead.
        sentence_ids = list(conn.execute(case_ids).scalars())
        facts = SqlFollowUpReader(conn).sentence_facts(None, None, case_ids=sentence_ids)
        for cell, value in follow_up_cells(facts, order.ends_at.date()).items():
            cells[cell] += value
        conn.execute(retention_counted_orders.insert(), [{"order_id": order.id, "counted_at": now}])
        done += 1
    _add_cells(conn, cells)
    return done


def alarms_where_order(subject_id: str, start: datetime, end: datetime) -> ColumnElement[bool]:
    c = alarms.c
    return and_(c.subject_id == subject_id, c.occurred_at >= start, c.occurred_at < end)


def _add_cells(conn: Connection, cells: dict[tuple[str, str, str, str], float]) -> None:
    if not cells:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(retention_statistics)
    stmt = stmt.on_conflict_do_update(
        index_elements=["region", "month", "metric", "key"],
        set_={"value": retention_statistics.c.value + stmt.excluded.value},
    )
    conn.execute(
        stmt,
        [
            {"region": r, "month": m, "metric": metric, "key": k, "value": round(v, 3)}
            for (r, m, metric, k), v in sorted(cells.items())
        ],
    )
