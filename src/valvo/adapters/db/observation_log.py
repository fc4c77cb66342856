"""The observation log on the relational store (the embedded default's durable log).

``append`` stores a batch in one transaction and says, per observation, whether it was new or a
resend already in the log; only after it returns may the gateway acknowledge the device.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.tables import observations
from valvo.domain.telemetry import Observation, ObservationKind


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One observation to append, with its raw frame and provenance."""

    observation: Observation
    protocol: str
    raw: bytes
    peer: str | None
    dedup_key: str | None


class SqlObservationLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, entries: Sequence[LogEntry]) -> list[int | None]:
        """Store ``entries`` durably; returns each one's log position, or None for a resend."""
        if not entries:
            return []
        with self._engine.begin() as conn:
            return self._append(conn, entries)

    def _append(self, conn: Connection, entries: Sequence[LogEntry]) -> list[int | None]:
        keys = {e.dedup_key for e in entries if e.dedup_key}
        existing: set[str] = set()
        if keys:
            rows = conn.execute(
                select(observations.c.dedup_key).where(observations.c.dedup_key.in_(keys))
            )
            existing = {r[0] for r in rows}
        fresh: list[dict[str, Any]] = []
        fresh_index: list[int] = []
        for i, entry in enumerate(entries):
            if entry.dedup_key:
                if entry.dedup_key in existing:
                    continue
                existing.add(entry.dedup_key)
            fresh.append(_row(entry))
            fresh_index.append(i)
        results: list[int | None] = [None] * len(entries)
        if fresh:
            stmt = insert(observations).returning(observations.c.seq, sort_by_parameter_order=True)
            for i, seq in zip(fresh_index, conn.execute(stmt, fresh).scalars(), strict=True):
                results[i] = int(seq)
        return results

    def read_after(self, position: int, limit: int) -> list[Observation]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(observations)
                .where(observations.c.seq > position, observations.c.quarantined.is_(False))
                .order_by(observations.c.seq)
                .limit(limit)
            ).mappings()
            return [_observation(r) for r in rows]

    def head(self) -> int:
        with self._engine.connect() as conn:
            value = conn.execute(select(func.coalesce(func.max(observations.c.seq), 0))).scalar()
            return int(value or 0)


def _row(entry: LogEntry) -> dict[str, Any]:
    obs = entry.observation
    return {
        "device_identifier": obs.device_id,
        "protocol": entry.protocol,
        "kind": obs.kind.value,
        "device_time": obs.device_time,
        "received_at": obs.received_at,
        "payload": payload_of(obs),
        "raw": entry.raw,
        "peer": entry.peer,
        "dedup_key": entry.dedup_key,
        "quarantined": False,
    }


_PAYLOAD_FIELDS = (
    "lat",
    "lon",
    "accuracy_m",
    "valid",
    "speed_kmh",
    "course",
    "altitude_m",
    "satellites",
    "battery_pct",
)


def payload_of(obs: Observation) -> dict[str, Any]:
    payload: dict[str, Any] = {f: getattr(obs, f) for f in _PAYLOAD_FIELDS}
    payload["alarms"] = list(obs.alarms)
    payload["attributes"] = dict(obs.attributes)
    return payload


def _observation(row: Any) -> Observation:
    payload = row["payload"]
    return Observation(
        device_id=row["device_identifier"],
        kind=ObservationKind(row["kind"]),
        device_time=row["device_time"],
        received_at=row["received_at"],
        alarms=tuple(payload.get("alarms", ())),
        attributes=payload.get("attributes", {}),
        seq=row["seq"],
        **{f: payload.get(f) for f in _PAYLOAD_FIELDS},
    )
