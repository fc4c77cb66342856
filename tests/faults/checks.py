"""What the fault tests read from the database: how far the engine got, and the invariants
(stored once, no twin alarm) checked after the run.

``caught_up`` and ``engine_position`` are per log backend. Only "database" exists today (the
observation log is the ``observations`` table and the engine's position is its row in
``log_offsets``); the JetStream backend commits per-partition stream positions in
``log_partitions`` instead, and its branch goes where marked below.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from valvo.adapters.bus.jetstream import StreamSettings, connect, partition_heads
from valvo.adapters.db import tables as t
from valvo.adapters.db.log_partitions import committed_positions
from valvo.adapters.db.tables_alarm_desk import alarm_events, alarm_outbox

JETSTREAM_PARTITIONS = 4  # VALVO_LOG_PARTITIONS in tests/faults/cluster.py
ENGINE_CONSUMER = "engine"  # the consumer name `valvo serve engine` commits its offset under


def log_head(db: Engine, backend: str, nats_url: str | None = None) -> int:
    """The position of the newest observation the engine must process."""
    if backend == "database":
        with db.connect() as conn:
            value = conn.execute(
                select(func.coalesce(func.max(t.observations.c.seq), 0)).where(
                    t.observations.c.quarantined.is_(False)
                )
            ).scalar()
        return int(value or 0)
    return max(_stream_heads(nats_url).values(), default=0)


def engine_position(db: Engine, backend: str, nats_url: str | None = None) -> int:
    """How far the engine has committed, in the same units as :func:`log_head`."""
    if backend == "database":
        with db.connect() as conn:
            value = conn.execute(
                select(t.log_offsets.c.position).where(t.log_offsets.c.consumer == ENGINE_CONSUMER)
            ).scalar()
        return int(value or 0)
    # JetStream: every message up to the returned stream sequence is committed (a lower bound:
    # the smallest committed position among partitions still behind their subject's head).
    heads = _stream_heads(nats_url)
    positions = committed_positions(db)
    behind = [positions.get(p, 0) for p, head in heads.items() if positions.get(p, 0) < head]
    return min(behind) if behind else max(heads.values(), default=0)


def where_the_engine_is(db: Engine, backend: str, nats_url: str | None = None) -> str:
    """Head and committed position, per partition with JetStream (for a failure's message)."""
    if backend == "database":
        return f"committed {engine_position(db, backend)} of {log_head(db, backend)}"
    heads = _stream_heads(nats_url)
    positions = committed_positions(db)
    return ", ".join(
        f"partition {p}: committed {positions.get(p, 0)} of {head}"
        for p, head in sorted(heads.items())
    )


def caught_up(db: Engine, backend: str, nats_url: str | None = None) -> bool:
    """The engine has committed everything in the log."""
    if backend == "database":
        return engine_position(db, backend) >= log_head(db, backend)
    positions = committed_positions(db)
    return all(positions.get(p, 0) >= head for p, head in _stream_heads(nats_url).items())


def _stream_heads(nats_url: str | None) -> dict[int, int]:
    """Each partition's newest stream sequence (0: none yet), asked of the private NATS."""
    if nats_url is None:
        raise ValueError("the JetStream backend needs the NATS URL")
    stream = StreamSettings(url=nats_url, partitions=JETSTREAM_PARTITIONS)

    async def heads() -> dict[int, int]:
        nc = await connect(nats_url, "fault-test-checks")
        try:
            return await partition_heads(nc.jetstream(), stream)
        finally:
            await nc.close()

    return asyncio.run(heads())


def engine_committed_since(db: Engine, since: datetime) -> bool:
    """The engine wrote subject states at or after ``since``: a (re)started engine evaluates
    everyone under an active order in its first steps, so this is its sign of life."""
    with db.connect() as conn:
        newest = conn.execute(select(func.max(t.subject_states.c.updated_at))).scalar()
    return newest is not None and newest >= since


@dataclass(frozen=True, slots=True)
class Stored:
    observations: Counter[tuple[str, datetime]]  # (device, device time) -> rows
    position_twins: list[tuple[str, str, datetime, int]]  # (subject, device, time, rows > 1)
    observations_without_position: int
    positions_without_observation: int
    alarm_twins: list[tuple[str, str, datetime, int]]  # (subject, condition, occurred, rows > 1)
    alarms_by_kind: Counter[str]
    raised_twice: list[tuple[str, int]]  # alarms with more than one "raised" trail event
    outbox_twins: list[tuple[str, str, str, int]]  # (alarm, "raised", route, rows > 1)


def read_stored(db: Engine, devices: list[str]) -> Stored:
    o, p, a = t.observations, t.positions, t.alarms
    with db.connect() as conn:
        rows = conn.execute(
            select(o.c.device_identifier, o.c.device_time).where(
                o.c.device_identifier.in_(devices), o.c.kind == "position"
            )
        ).all()
        position_twins = conn.execute(
            select(p.c.subject_id, p.c.device_id, p.c.time, func.count())
            .group_by(p.c.subject_id, p.c.device_id, p.c.time)
            .having(func.count() > 1)
        ).all()
        # Every stored fix of a registered device becomes exactly one position (seq links them).
        without_position = conn.execute(
            text(
                "SELECT count(*) FROM observations o WHERE o.kind = 'position' "
                "AND NOT o.quarantined AND NOT EXISTS (SELECT 1 FROM positions p "
                "WHERE p.seq = o.seq)"
            )
        ).scalar_one()
        without_observation = conn.execute(
            text(
                "SELECT count(*) FROM positions p WHERE NOT EXISTS "
                "(SELECT 1 FROM observations o WHERE o.seq = p.seq)"
            )
        ).scalar_one()
        alarm_twins = conn.execute(
            select(a.c.subject_id, a.c.condition_key, a.c.occurred_at, func.count())
            .group_by(a.c.subject_id, a.c.condition_key, a.c.occurred_at)
            .having(func.count() > 1)
        ).all()
        kinds = conn.execute(select(a.c.kind)).all()
        raised_twice = conn.execute(
            select(alarm_events.c.alarm_id, func.count())
            .where(alarm_events.c.action == "raised")
            .group_by(alarm_events.c.alarm_id)
            .having(func.count() > 1)
        ).all()
        outbox_twins = conn.execute(
            select(
                alarm_outbox.c.alarm_id, alarm_outbox.c.event, alarm_outbox.c.route, func.count()
            )
            .where(alarm_outbox.c.event == "raised")
            .group_by(alarm_outbox.c.alarm_id, alarm_outbox.c.event, alarm_outbox.c.route)
            .having(func.count() > 1)
        ).all()
    return Stored(
        observations=Counter((r[0], r[1]) for r in rows),
        position_twins=[(r[0], r[1], r[2], int(r[3])) for r in position_twins],
        observations_without_position=int(without_position),
        positions_without_observation=int(without_observation),
        alarm_twins=[(r[0], r[1], r[2], int(r[3])) for r in alarm_twins],
        alarms_by_kind=Counter(r[0] for r in kinds),
        raised_twice=[(r[0], int(r[1])) for r in raised_twice],
        outbox_twins=[(r[0], r[1], r[2], int(r[3])) for r in outbox_twins],
    )


def occurrences_by_device(db: Engine) -> Counter[tuple[str, str]]:
    """(device identifier, alarm kind) -> breaches on record (each alarm's occurrences)."""
    a, da, d = t.alarms, t.device_assignments, t.devices
    with db.connect() as conn:
        rows = conn.execute(
            select(d.c.identifier, a.c.kind, func.sum(a.c.occurrences))
            .join(da, da.c.device_id == d.c.id)
            .join(a, a.c.subject_id == da.c.subject_id)
            .group_by(d.c.identifier, a.c.kind)
        ).all()
    return Counter({(r[0], r[1]): int(r[2]) for r in rows})
