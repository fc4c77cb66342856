"""What the desk's pipeline health reads from the database (domain/pipeline_health.py): the
database log's head and the engine's committed offset, the newest frame per protocol
(``device_frame_heads``, one row a device), and the assigned devices' last frames."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables import device_assignments, devices, log_offsets, observations
from valvo.adapters.db.tables_gateway import device_frame_heads
from valvo.domain.pipeline_health import PipelineSnapshot, SilentModel
from valvo.domain.rules.ruleset import DEFAULT_SILENCE_AFTER, SILENCE_AFTER

ENGINE_CONSUMER = "engine"  # the consumer `valvo serve engine` commits its offset under


def database_log(conn: Connection) -> tuple[int, int | None, datetime | None]:
    """The database log: its head, the engine's committed position (None: never committed),
    and the received time of the oldest observation past that position."""
    o = observations
    evaluated = o.c.quarantined.is_(False)
    head = int(
        conn.execute(select(func.coalesce(func.max(o.c.seq), 0)).where(evaluated)).scalar() or 0
    )
    position = conn.execute(
        select(log_offsets.c.position).where(log_offsets.c.consumer == ENGINE_CONSUMER)
    ).scalar()
    done = int(position or 0)
    oldest = None
    if head > done:
        oldest = conn.execute(
            select(o.c.received_at).where(evaluated, o.c.seq > done).order_by(o.c.seq).limit(1)
        ).scalar()
    return head, None if position is None else int(position), oldest


def last_frames(conn: Connection) -> dict[str, datetime]:
    """The newest frame received per protocol (per listener)."""
    h = device_frame_heads
    rows = conn.execute(select(h.c.protocol, func.max(h.c.last_seen)).group_by(h.c.protocol))
    return {str(protocol): at for protocol, at in rows if at is not None}


def silent_by_model(
    conn: Connection, now: datetime, region: str | None
) -> tuple[int, datetime | None, tuple[SilentModel, ...]]:
    """Assigned devices (of ``region`` when given), the oldest assignment in force, and per
    model how many are silent: nothing since their kind's interval (``is_silent``), counted
    from the assignment when never heard; grouped and counted in SQL."""
    d, a, h = devices, device_assignments, device_frame_heads
    heard = func.coalesce(h.c.last_seen, a.c.assigned_at)
    cutoff = case(
        *((d.c.kind == kind, now - after) for kind, after in SILENCE_AFTER.items()),
        else_=now - DEFAULT_SILENCE_AFTER,
    )
    silent = func.sum(case((heard < cutoff, 1), else_=0))
    query = (
        select(d.c.kind, d.c.model, func.count(), silent, func.min(a.c.assigned_at))
        .join(a, a.c.device_id == d.c.id)
        .outerjoin(h, h.c.device_identifier == d.c.identifier)
        .where(a.c.unassigned_at.is_(None))
        .group_by(d.c.kind, d.c.model)
    )
    if region is not None:
        query = query.where(d.c.region == region)
    rows = conn.execute(query).all()
    models = sorted(
        (
            SilentModel(model=m, kind=k, assigned=int(n), silent=int(q or 0))
            for k, m, n, q, _ in rows
        ),
        key=lambda s: (-s.silent, s.model or "", s.kind),
    )
    since = min((r[4] for r in rows), default=None)
    return sum(m.assigned for m in models), since, tuple(models)


def pipeline_snapshot(
    conn: Connection,
    now: datetime,
    region: str | None,
    stream: tuple[int, int | None] | None = None,
) -> PipelineSnapshot:
    """One snapshot for the desk. ``stream``: the JetStream log's (messages held, messages past
    the committed positions; None when the stream could not be asked); None: the database log."""
    if stream is None:
        head, position, oldest = database_log(conn)
        behind: int | None = head - (position or 0)
        backend = "database"
    else:
        # Stream sequences are shared by the partitions: no single committed position.
        head, behind = stream
        position, oldest, backend = None, None, "jetstream"
    assigned, since, models = silent_by_model(conn, now, region)
    return PipelineSnapshot(
        backend=backend,
        log_head=head,
        engine_position=position,
        messages_behind=behind,
        oldest_pending_at=oldest,
        last_frames=last_frames(conn),
        assigned_devices=assigned,
        assigned_since=since,
        silent_by_model=models,
    )
