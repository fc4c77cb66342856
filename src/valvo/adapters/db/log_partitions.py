"""Which engine worker owns which partition of the stream, and how far each partition is done.

Every worker beats (:meth:`PartitionLeases.beat`) every few seconds: it says it is alive, and
the partitions are shared out evenly over the live workers (sorted by id, partition ``p`` to
worker ``p mod n``). A worker gives up the partitions no longer its own and claims the ones
that are, once free: released, or leased by a worker whose lease ran out (it stopped). The
stream position is committed with each batch (:meth:`commit_positions`, in the batch's own
transaction) only while the worker still owns the partition, so a worker that lost a
partition (paused past its lease) cannot store a batch twice: its transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.tables_log import engine_workers, log_partitions
from valvo.adapters.db.upsert import insert_missing, upsert


class LostPartitionError(RuntimeError):
    """The worker no longer owns a partition it was committing."""


class PartitionLeases:
    def __init__(self, engine: Engine, worker_id: str, partitions: int, lease: timedelta) -> None:
        if partitions < 1:
            raise ValueError("partitions must be at least 1")
        self._engine = engine
        self.worker_id = worker_id
        self.partitions = partitions
        self.lease = lease

    def beat(self, now: datetime) -> dict[int, int]:
        """Renew this worker's life and leases, let go of partitions that are another's share
        and claim this worker's free ones; returns the partitions owned, with their positions."""
        lp = log_partitions
        with self._engine.begin() as conn:
            self._ensure_rows(conn)
            upsert(
                conn,
                engine_workers,
                [{"worker_id": self.worker_id, "alive_until": now + self.lease}],
                key="worker_id",
            )
            conn.execute(delete(engine_workers).where(engine_workers.c.alive_until < now))
            live = sorted(
                conn.execute(
                    select(engine_workers.c.worker_id).where(engine_workers.c.alive_until >= now)
                ).scalars()
            )
            share = [p for p in range(self.partitions) if live[p % len(live)] == self.worker_id]
            conn.execute(
                update(lp)
                .where(lp.c.owner == self.worker_id, lp.c.partition.not_in(share))
                .values(owner=None, lease_until=None)
            )
            claimable = or_(
                lp.c.owner.is_(None), lp.c.owner == self.worker_id, lp.c.lease_until < now
            )
            conn.execute(
                update(lp)
                .where(lp.c.partition.in_(share), claimable)
                .values(owner=self.worker_id, lease_until=now + self.lease)
            )
            rows = conn.execute(
                select(lp.c.partition, lp.c.position).where(lp.c.owner == self.worker_id)
            ).all()
        return {int(p): int(pos) for p, pos in rows}

    def renew(self, now: datetime) -> None:
        """Extend this worker's life and the leases it holds, changing no ownership: called
        while a batch is being worked, which can take longer than a lease (a worker that
        did not renew would have its partitions claimed and its batch's commit refused)."""
        lp = log_partitions
        with self._engine.begin() as conn:
            conn.execute(
                update(engine_workers)
                .where(engine_workers.c.worker_id == self.worker_id)
                .values(alive_until=now + self.lease)
            )
            # Lock in partition order, as commit_positions does, so the two cannot deadlock.
            held = list(
                conn.execute(
                    select(lp.c.partition)
                    .where(lp.c.owner == self.worker_id)
                    .order_by(lp.c.partition)
                    .with_for_update()
                ).scalars()
            )
            if held:
                conn.execute(
                    update(lp)
                    .where(lp.c.owner == self.worker_id, lp.c.partition.in_(held))
                    .values(lease_until=now + self.lease)
                )

    def commit_positions(self, conn: Connection, positions: Mapping[int, int]) -> None:
        """Record each partition's stream position in the caller's transaction; raises
        :class:`LostPartitionError` (so the transaction rolls back) if one is not ours."""
        commit_positions(conn, self.worker_id, positions)

    def leave(self) -> None:
        """Stop: release every partition at once, so others need not wait for the lease."""
        lp = log_partitions
        with self._engine.begin() as conn:
            conn.execute(
                update(lp).where(lp.c.owner == self.worker_id).values(owner=None, lease_until=None)
            )
            conn.execute(delete(engine_workers).where(engine_workers.c.worker_id == self.worker_id))

    def positions(self) -> dict[int, int]:
        """Every partition's committed stream position (for monitoring and tests)."""
        return committed_positions(self._engine)

    def _ensure_rows(self, conn: Connection) -> None:
        have = set(conn.execute(select(log_partitions.c.partition)).scalars())
        missing = [
            {"partition": p, "owner": None, "lease_until": None, "position": 0}
            for p in range(self.partitions)
            if p not in have
        ]
        # Two workers starting together both try: the second inserts nothing.
        insert_missing(conn, log_partitions, missing, key="partition")


def commit_positions(conn: Connection, owner: str, positions: Mapping[int, int]) -> None:
    """Each partition's stream position, on the caller's transaction, if ``owner`` still owns
    it; else :class:`LostPartitionError` (the transaction rolls back)."""
    lp = log_partitions
    for partition, position in sorted(positions.items()):
        done = conn.execute(
            update(lp)
            .where(lp.c.partition == partition, lp.c.owner == owner)
            .values(position=position)
        )
        if done.rowcount != 1:
            raise LostPartitionError(f"partition {partition} is no longer owned by {owner}")


def committed_positions(engine: Engine) -> dict[int, int]:
    """Every partition's committed stream position."""
    with engine.connect() as conn:
        rows = conn.execute(select(log_partitions.c.partition, log_partitions.c.position))
        return {int(p): int(pos) for p, pos in rows}
