"""What the engine reads and writes, in bulk (the ports are ``services/engine/ports.py``): rule
rows, device map and states outside a batch, and the batch's one transaction, which reads the
open alarms the intake needs and writes the batch's write set (positions, states, alarms and
the log's offset or the stream's positions) together. No decision is taken here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db import tables as t
from valvo.adapters.db.alarm_intake import SqlIntakeReads, write_alarms
from valvo.adapters.db.any_of import any_of
from valvo.adapters.db.evidence import as_writer
from valvo.adapters.db.log_partitions import commit_positions
from valvo.adapters.db.observation_log import ResendKeys, SqlObservationLog, committed_keys
from valvo.adapters.db.position_writer import write_positions
from valvo.adapters.db.tables_victims import victims
from valvo.adapters.db.threshold_repo import published_rows
from valvo.adapters.db.upsert import insert_missing, upsert
from valvo.domain.rules import SubjectState
from valvo.domain.rules.status import summarise
from valvo.domain.rules.threshold_revisions import revision_from
from valvo.services.engine.ports import (
    DeviceBinding,
    Person,
    RuleRows,
    StoredState,
    WriteSet,
    chunks,
)
from valvo.services.telemetry import FrameOutcome, RawFrame


class SqlEngineStore:
    """:class:`~valvo.services.engine.ports.EngineStore` on the database; ``log`` archives the
    stream's frames in the batch's transaction, knowing the resend keys of the batches it
    committed lately (``observation_log.ResendKeys``; forgotten after a failed batch)."""

    def __init__(self, engine: Engine, consumer: str, log: SqlObservationLog | None = None) -> None:
        self._engine = engine
        self.consumer = consumer
        self._log = log or SqlObservationLog(engine)
        self.resends = ResendKeys()

    def offset(self) -> int:
        with self._engine.connect() as conn:
            value = conn.execute(
                select(t.log_offsets.c.position).where(t.log_offsets.c.consumer == self.consumer)
            ).scalar()
            return int(value or 0)

    def last_rule_change(self) -> int:
        with self._engine.connect() as conn:
            return int(
                conn.execute(select(func.coalesce(func.max(t.rule_changes.c.id), 0))).scalar() or 0
            )

    def rule_changes_after(self, change_id: int) -> tuple[int, set[str]]:
        """(newest change id, subjects changed since ``change_id``)."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(t.rule_changes.c.id, t.rule_changes.c.subject_id).where(
                    t.rule_changes.c.id > change_id
                )
            ).all()
        if not rows:
            return change_id, set()
        return max(r[0] for r in rows), {r[1] for r in rows}

    def monitored_subjects(self) -> list[str]:
        """Subjects under an active order."""
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(t.orders.c.subject_id).where(t.orders.c.status == "active").distinct()
                ).scalars()
            )

    def device_bindings(self, subject_ids: Iterable[str] | None = None) -> dict[str, DeviceBinding]:
        """Device identifier → active binding, for all subjects or the ones given."""
        a, d = t.device_assignments, t.devices
        query = (
            select(d.c.identifier, d.c.id, a.c.subject_id)
            .join(a, a.c.device_id == d.c.id)
            .where(a.c.unassigned_at.is_(None))
        )
        if subject_ids is not None:
            query = query.where(a.c.subject_id.in_(list(subject_ids)))
        with self._engine.connect() as conn:
            return {r[0]: DeviceBinding(r[1], r[2]) for r in conn.execute(query)}

    def rule_rows(self, subject_ids: Sequence[str]) -> RuleRows:
        """The subjects' active orders, their zones, each order's latest plan, the devices
        assigned and each subject's newest rule change (``services/engine/compile.py``)."""
        if not subject_ids:
            return RuleRows()
        o, z, s, rc = t.orders, t.zones, t.schedules, t.rule_changes
        with self._engine.connect() as conn:
            orders = (
                conn.execute(
                    select(o).where(o.c.subject_id.in_(subject_ids), o.c.status == "active")
                )
                .mappings()
                .all()
            )
            order_ids = [r["id"] for r in orders]
            zone_rows = conn.execute(select(z).where(z.c.order_id.in_(order_ids))).mappings().all()
            latest = (
                select(s.c.order_id, func.max(s.c.version).label("v"))
                .where(s.c.order_id.in_(order_ids))
                .group_by(s.c.order_id)
                .subquery()
            )
            schedule_rows = (
                conn.execute(
                    select(s).join(
                        latest, and_(s.c.order_id == latest.c.order_id, s.c.version == latest.c.v)
                    )
                )
                .mappings()
                .all()
            )
            device_rows = conn.execute(
                select(
                    t.device_assignments.c.subject_id,
                    t.devices.c.identifier,
                    t.devices.c.kind,
                    t.devices.c.rf_range_m,
                )
                .join(t.devices, t.devices.c.id == t.device_assignments.c.device_id)
                .where(
                    t.device_assignments.c.subject_id.in_(subject_ids),
                    t.device_assignments.c.unassigned_at.is_(None),
                )
            ).all()
            versions: dict[str, int] = {
                r[0]: int(r[1])
                for r in conn.execute(
                    select(rc.c.subject_id, func.max(rc.c.id))
                    .where(rc.c.subject_id.in_(subject_ids))
                    .group_by(rc.c.subject_id)
                )
            }
            v = victims
            victim_rows = (
                conn.execute(
                    select(
                        v.c.id, v.c.subject_id, v.c.zone, v.c.buffer_m, v.c.valid_from, v.c.valid_to
                    ).where(v.c.subject_id.in_(subject_ids))
                )
                .mappings()
                .all()
            )
            revisions = published_rows(conn, {r["type"] for r in orders})
        return RuleRows(
            orders=orders,
            zones=zone_rows,
            schedules=schedule_rows,
            devices=[(r[0], r[1], r[2], r[3]) for r in device_rows],
            versions=versions,
            victims=victim_rows,
            threshold_revisions=[revision_from(r) for r in revisions],
        )

    def states(self, subject_ids: Sequence[str]) -> dict[str, StoredState]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.subject_states.c.subject_id,
                    t.subject_states.c.state,
                    t.subject_states.c.version,
                ).where(t.subject_states.c.subject_id.in_(subject_ids))
            ).all()
        found = {r[0]: StoredState(SubjectState.from_json(r[1]), int(r[2])) for r in rows}
        return {sid: found.get(sid) or StoredState(SubjectState(sid), 0) for sid in subject_ids}

    @contextmanager
    def batch(self) -> Iterator[SqlEngineBatch]:
        """One transaction (committed if the block ends, rolled back if it raises); what it
        seals (archived observations too) is credited to this consumer's own head, so engine
        workers never wait for each other. The resend keys it archived are remembered once it
        committed; if it fails, all of them are forgotten (the commit may or may not be in)."""
        archived: list[str] = []
        try:
            with self._engine.begin() as conn:
                yield SqlEngineBatch(as_writer(conn, f"engine:{self.consumer}"), self, archived)
        except BaseException:
            self.resends.clear()
            raise
        self.resends.add(archived)

    def commit(self, writes: WriteSet, now: datetime) -> None:
        """A write set in a transaction of its own (tools and benchmarks)."""
        with self.batch() as tx:
            tx.write(writes, now)

    def archive_in(
        self, conn: Connection, frames: Sequence[RawFrame], archived: list[str] | None = None
    ) -> list[FrameOutcome]:
        """Archive ``frames`` on ``conn``; their resend keys go to ``archived``, to be
        remembered once the transaction commits."""
        outcomes = self._log.append_frames_in(conn, frames, lock=False, known=self.resends)
        if archived is not None:
            archived.extend(committed_keys(frames, outcomes))
        return outcomes


class SqlEngineBatch(SqlIntakeReads):
    """:class:`~valvo.services.engine.ports.EngineBatch`: one batch's transaction."""

    def __init__(
        self, conn: Connection, store: SqlEngineStore, archived: list[str] | None = None
    ) -> None:
        super().__init__(conn)
        self._conn = conn
        self._store = store
        self._archived = [] if archived is None else archived

    def archive(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        """The stream's frames stored as the log stores them; the caller owns the devices'
        partitions, so their chains need no lock."""
        return self._store.archive_in(self._conn, frames, self._archived)

    def lock_states(self, versions: Mapping[str, int], now: datetime) -> dict[str, StoredState]:
        """Lock the states' rows (in key order, so two workers cannot deadlock) and return the
        ones whose stored version is not the one given."""
        subject_ids = sorted(versions)
        st = t.subject_states
        placeholder = [
            _state_row(SubjectState(sid), now, 0)
            for sid in subject_ids
            if versions.get(sid, 0) == 0
        ]
        if placeholder:  # a row for a never-stored subject first, so it is locked like any other
            insert_missing(self._conn, st, placeholder, key="subject_id")
        stale: dict[str, StoredState] = {}
        for chunk in chunks(subject_ids):
            rows = self._conn.execute(
                select(st.c.subject_id, st.c.state, st.c.version)
                .where(any_of(self._conn, st.c.subject_id, chunk))
                .order_by(st.c.subject_id)
                .with_for_update()
            ).all()
            for sid, state, version in rows:
                if int(version) != versions.get(sid, 0):
                    stale[sid] = StoredState(SubjectState.from_json(state), int(version))
        return stale

    def people(self, subject_ids: Sequence[str]) -> dict[str, Person]:
        """Name and region of each subject, in one query."""
        if not subject_ids:
            return {}
        s = t.subjects
        rows = self._conn.execute(
            select(s.c.id, s.c.name, s.c.region).where(any_of(self._conn, s.c.id, subject_ids))
        )
        return {r[0]: Person(r[1], r[2]) for r in rows}

    def write(self, writes: WriteSet, now: datetime) -> None:
        """Positions, states (stored as version + 1), alarms with their trail, and the log's
        offset or the stream's positions (fenced on ownership)."""
        conn = self._conn
        if writes.positions:
            write_positions(conn, writes.positions)
        upsert(
            conn,
            t.subject_states,
            [_state_row(s, now, writes.versions.get(s.subject_id, 0) + 1) for s in writes.states],
            key="subject_id",
        )
        write_alarms(conn, writes.new_alarms, writes.changed_alarms)
        if writes.offset is not None:
            upsert(
                conn,
                t.log_offsets,
                [{"consumer": self._store.consumer, "position": writes.offset}],
                key="consumer",
            )
        if writes.stream is not None:
            commit_positions(conn, writes.stream.owner, writes.stream.positions)


def _state_row(state: SubjectState, now: datetime, version: int) -> dict[str, Any]:
    """The stored state with the board's summary of it (domain/rules/status.py)."""
    data = state.to_json()
    return {
        "subject_id": state.subject_id,
        "state": data,
        "updated_at": now,
        "version": version,
        **summarise(data).columns(),
    }
