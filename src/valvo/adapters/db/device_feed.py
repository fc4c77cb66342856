"""The observation log read by the device-visit feed (R39, R40): the consumer's offset in
``log_offsets`` (consumer ``device_visits``), the observations after it, and the home unit's
last word on the person's tag, all on the unit of work's connection, so the visits a round
records and the offset it moves commit together or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables import device_assignments, devices, log_offsets, observations
from valvo.domain.registry_choices import DeviceKind
from valvo.domain.telemetry import ObservationKind
from valvo.domain.telemetry import vocabulary as v

_COLUMNS = (
    observations.c.seq,
    observations.c.device_identifier,
    observations.c.kind,
    observations.c.device_time,
    observations.c.received_at,
    observations.c.payload,
    observations.c.quarantined,
)


class SqlDeviceFeed:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def claim(self, consumer: str) -> int:
        """The consumer's offset, its row locked until the transaction ends (PostgreSQL; on
        SQLite the transaction holds the write lock from BEGIN), so two rounds never read the
        same observations. A consumer without a row starts at 0."""
        o = log_offsets
        query = select(o.c.position).where(o.c.consumer == consumer).with_for_update()
        position = self._conn.execute(query).scalar()
        if position is None:
            self._conn.execute(insert(o), [{"consumer": consumer, "position": 0}])
            return 0
        return int(position)

    def move(self, consumer: str, position: int) -> None:
        o = log_offsets
        self._conn.execute(update(o).where(o.c.consumer == consumer).values(position=position))

    def after(self, position: int, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` observations after ``position`` in log order (all kinds, quarantined
        ones too, so the caller sees every position it passes)."""
        query = (
            select(*_COLUMNS)
            .where(observations.c.seq > position)
            .order_by(observations.c.seq)
            .limit(limit)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def tag_in_range(self, unit: str, subject_id: str, at: datetime) -> bool | None:
        """Whether home unit ``unit`` (identifier) last reported the person's tag in its range
        at or before ``at``; None if it never reported it. A report naming a tag not assigned to
        the person is not their presence (docs/security.md); a person without a tag has no
        binding to check."""
        a, d = device_assignments, devices
        tags = set(
            self._conn.execute(
                select(d.c.identifier)
                .join(a, a.c.device_id == d.c.id)
                .where(
                    and_(
                        a.c.subject_id == subject_id,
                        a.c.unassigned_at.is_(None),
                        d.c.kind == DeviceKind.RF_TAG.value,
                    )
                )
            ).scalars()
        )
        o = observations
        query = (
            select(o.c.payload)
            .where(
                o.c.device_identifier == unit,
                o.c.kind == ObservationKind.PRESENCE.value,
                o.c.device_time <= at,
                o.c.quarantined.is_(False),
            )
            .order_by(o.c.device_time.desc(), o.c.seq.desc())
            .limit(200)
        )
        for payload in self._conn.execute(query).scalars():
            attributes = _attributes(payload)
            if attributes.get(v.EVENT) not in (v.TAG_IN_RANGE, v.TAG_OUT_OF_RANGE):
                continue
            if tags and attributes.get(v.TAG) not in tags:
                continue
            return bool(attributes.get(v.IN_RANGE))
        return None

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """One event's writes under a savepoint: a refused event leaves nothing behind."""
        with self._conn.begin_nested():
            yield


def _attributes(payload: Any) -> dict[str, Any]:
    found = payload.get("attributes") if isinstance(payload, dict) else None
    return found if isinstance(found, dict) else {}


def attributes_of(row: dict[str, Any]) -> dict[str, Any]:
    return _attributes(row["payload"])
