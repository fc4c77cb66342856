"""What the engine reads and writes, in bulk: rule sets, device map, states, and the one
transaction per batch (positions, states, alarms and the log offset together)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db import tables as t
from valvo.adapters.db.alarm_intake import take_in_alarms
from valvo.adapters.db.evidence import as_writer
from valvo.adapters.db.position_writer import write_positions
from valvo.adapters.db.upsert import insert_missing, upsert
from valvo.domain.alarms import Alarm
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.geo import Zone
from valvo.domain.rules import DeviceRule, RuleSet, SubjectState
from valvo.domain.rules.status import summarise
from valvo.domain.schedule import DEFAULT_TIMEZONE, Schedule
from valvo.services.registry import parse_schedule

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DeviceBinding:
    device_id: str
    subject_id: str


@dataclass(slots=True)
class BatchWrite:
    positions: list[dict[str, Any]] = field(default_factory=list)
    states: list[SubjectState] = field(default_factory=list)
    # The rules' events; at commit the alarm desk's intake turns them into new or changed
    # alarms, which ``commit`` returns (for the live feed).
    events: list[object] = field(default_factory=list)
    # The database log's offset (None: this batch does not move it).
    offset: int | None = 0
    # The stored version each state was evaluated from (absent: 0, never stored).
    versions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredState:
    state: SubjectState
    version: int


# Called inside the batch transaction with the states another worker changed since this one
# read them (now locked); it must re-evaluate those subjects from them and update the batch.
Reevaluate = Callable[[dict[str, StoredState]], None]


class StaleStateError(RuntimeError):
    """A subject's state changed under the batch and nobody was given to re-evaluate it."""


class SqlEngineStore:
    def __init__(self, engine: Engine, consumer: str, intake: IntakePolicy | None = None) -> None:
        self._engine = engine
        self.consumer = consumer
        self.intake = intake or IntakePolicy()

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

    def rulesets(self, subject_ids: Sequence[str]) -> dict[str, RuleSet]:
        """Compile each subject's rule set from its active orders, zones and latest plan."""
        if not subject_ids:
            return {}
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
                select(t.device_assignments.c.subject_id, t.devices.c.identifier, t.devices.c.kind)
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
        subject_of_order = {r["id"]: r["subject_id"] for r in orders}
        timezone_of = {r["subject_id"]: r["timezone"] for r in orders}
        order_type_of = {r["subject_id"]: r["type"] for r in orders}
        devices_of: dict[str, list[DeviceRule]] = defaultdict(list)
        for subject_id, identifier, kind in device_rows:
            devices_of[subject_id].append(DeviceRule(identifier, kind))
        zones_of: dict[str, list[Zone]] = defaultdict(list)
        for row in zone_rows:
            zones_of[subject_of_order[row["order_id"]]].append(
                Zone.from_geojson(
                    row["id"],
                    row["name"],
                    row["kind"],
                    row["geometry"],
                    active_during_required_presence_only=row["presence_only"],
                    place_id=row.get("place_id"),
                )
            )
        schedule_of: dict[str, Schedule] = {}
        for row in schedule_rows:
            schedule_of[subject_of_order[row["order_id"]]] = parse_schedule(
                row["timezone"], row["weekly"], row["one_off"], row["version"]
            )
        return {
            sid: RuleSet(
                subject_id=sid,
                version=int(versions.get(sid, 0)),
                schedule=schedule_of.get(
                    sid, Schedule(timezone=timezone_of.get(sid, DEFAULT_TIMEZONE))
                ),
                zones=tuple(zones_of.get(sid, ())),
                devices=tuple(devices_of.get(sid, ())),
                order_type=order_type_of.get(sid, "monitoring_sentence"),
            )
            for sid in subject_ids
        }

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

    def transaction(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction (committed if it returns, rolled back if it raises);
        what it seals (archived observations too) is credited to this consumer's head."""
        with self._engine.begin() as conn:
            return work(as_writer(conn, f"engine:{self.consumer}"))

    def commit(
        self, batch: BatchWrite, now: datetime, reevaluate: Reevaluate | None = None
    ) -> list[Alarm]:
        """Positions, states, alarms and the log offset in one transaction; returns the alarms
        raised or changed."""
        with self._engine.begin() as conn:
            return self.write(conn, batch, now, reevaluate)

    def write(
        self,
        conn: Connection,
        batch: BatchWrite,
        now: datetime,
        reevaluate: Reevaluate | None = None,
    ) -> list[Alarm]:
        """The batch's writes on ``conn`` (the caller's transaction); the rows' seals are
        credited to this consumer's own head, so engine workers never wait for each other."""
        as_writer(conn, f"engine:{self.consumer}")
        if batch.states:
            stale = _lock_stale_states(conn, batch, now)
            if stale:
                if reevaluate is None:
                    raise StaleStateError(f"states changed under the batch: {sorted(stale)}")
                reevaluate(stale)
        if batch.positions:
            write_positions(conn, batch.positions)
        stored = {s.subject_id: batch.versions.get(s.subject_id, 0) + 1 for s in batch.states}
        upsert(
            conn,
            t.subject_states,
            [_state_row(s, now, stored[s.subject_id]) for s in batch.states],
            key="subject_id",
        )
        batch.versions.update(stored)
        alarms = take_in_alarms(conn, batch.events, now, self.intake)
        if batch.offset is not None:
            upsert(
                conn,
                t.log_offsets,
                [{"consumer": self.consumer, "position": batch.offset}],
                key="consumer",
            )
        return alarms


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


def _lock_stale_states(
    conn: Connection, batch: BatchWrite, now: datetime
) -> dict[str, StoredState]:
    """Lock the batch's state rows (in key order, so two workers cannot deadlock) and return
    the ones whose stored version is not the one the batch was evaluated from."""
    subject_ids = sorted({s.subject_id for s in batch.states})
    st = t.subject_states
    placeholder = [
        _state_row(SubjectState(sid), now, 0)
        for sid in subject_ids
        if batch.versions.get(sid, 0) == 0
    ]
    if placeholder:  # a row for a never-stored subject first, so it is locked like any other
        insert_missing(conn, st, placeholder, key="subject_id")
    stale: dict[str, StoredState] = {}
    for chunk in chunks(subject_ids):
        rows = conn.execute(
            select(st.c.subject_id, st.c.state, st.c.version)
            .where(st.c.subject_id.in_(chunk))
            .order_by(st.c.subject_id)
            .with_for_update()
        ).all()
        for sid, state, version in rows:
            if int(version) != batch.versions.get(sid, 0):
                stale[sid] = StoredState(SubjectState.from_json(state), int(version))
    return stale


def chunks(items: list[str], size: int = 2000) -> list[list[str]]:
    """Slices small enough for one IN list on every database."""
    return [items[i : i + size] for i in range(0, len(items), size)]
