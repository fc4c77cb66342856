"""The observation log on the relational store (the embedded default's durable log).

``append`` stores a batch in one transaction and says, per observation, whether it was new or a
resend already in the log; only after it returns may the gateway acknowledge the device.

``append_frames`` is the gateway's path: each raw frame with the observations decoded from it,
stored in the same transaction as the frame's provenance record. There a resent frame is
recognised and stored once, a Valvo-protocol frame whose sequence is stale is refused, and the
observations of devices that are not registered are stored quarantined (never evaluated).

The engine (the only writer of its partitions' frames) archives with :class:`ResendKeys`, the
resend keys it committed lately: a key it knows is a resend without asking the database, and
the others are inserted unchecked under a savepoint, the unique indexes as the backstop: if one
is there already (a resend older than what it remembers, or stored by another writer) the
savepoint is rolled back and the batch archived on the checked path, so nothing is half-stored
and nothing stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from psycopg.errors import UniqueViolation
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from valvo.adapters.db.any_of import any_of
from valvo.adapters.db.device_credentials import claim_sequences
from valvo.adapters.db.observation_writer import insert_observations
from valvo.adapters.db.provenance import append_chained, lock_chains
from valvo.adapters.db.tables import devices, observations
from valvo.adapters.db.tables_gateway import device_frame_heads, device_frames
from valvo.domain.telemetry import Observation
from valvo.services.telemetry import (
    FrameOutcome,
    FrameStatus,
    LogEntry,
    RawFrame,
    observation_of,
    payload_of,
)


@dataclass(frozen=True, slots=True)
class QuarantineLimits:
    """What an unregistered identifier may have stored, so anyone can make up ids but nobody
    can fill the disk with them: at most ``max_frames`` frames per id, and after a first
    ``burst`` no more than one frame per ``interval`` on average since it was first heard.
    A frame over either is refused (never acknowledged) and nothing of it is stored."""

    max_frames: int = 1_000
    burst: int = 20
    interval: timedelta = timedelta(seconds=10)

    def refusal(self, count: int, first_seen: datetime, at: datetime) -> str | None:
        if count >= self.max_frames:
            return f"unregistered device: {self.max_frames} frames already held in quarantine"
        earned = self.burst + max(0.0, (at - first_seen) / self.interval)
        if count >= earned:
            seconds = self.interval.total_seconds()
            return f"unregistered device: over one frame per {seconds:g} s"
        return None


class ResendKeys:
    """Resend keys (of frames and of their observations) committed lately by this process:
    the newest ``limit`` at least, ``2 * limit`` at most (two generations, the older dropped
    whole). Only keys of committed batches go in, so a key found here is stored."""

    def __init__(self, limit: int = 100_000) -> None:
        self._limit = limit
        self._new: set[str] = set()
        self._old: set[str] = set()

    def __contains__(self, key: str) -> bool:
        return key in self._new or key in self._old

    def __len__(self) -> int:
        return len(self._new | self._old)

    def add(self, keys: Iterable[str]) -> None:
        self._new.update(keys)
        if len(self._new) >= self._limit:
            self._old, self._new = self._new, set()

    def clear(self) -> None:
        self._new, self._old = set(), set()


def committed_keys(frames: Sequence[RawFrame], outcomes: Sequence[FrameOutcome]) -> list[str]:
    """The resend keys a batch leaves stored once it commits: those of its frames stored or
    recognised as resends and of their observations (new, or stored before)."""
    keys: list[str] = []
    for frame, outcome in zip(frames, outcomes, strict=True):
        if outcome.status is FrameStatus.REFUSED:
            continue
        if frame.dedup_key:
            keys.append(frame.dedup_key)
        keys.extend(e.dedup_key for e in frame.entries if e.dedup_key)
    return keys


class SqlObservationLog:
    def __init__(self, engine: Engine, quarantine: QuarantineLimits | None = None) -> None:
        self._engine = engine
        self._quarantine = quarantine or QuarantineLimits()

    def append(self, entries: Sequence[LogEntry]) -> list[int | None]:
        """Store ``entries`` durably; returns each one's log position, or None for a resend."""
        if not entries:
            return []
        with self._engine.begin() as conn:
            return self._append(conn, entries)

    def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        """Store frames, their observations and provenance durably, in one transaction (the
        group commit's unit); one outcome per frame."""
        if not frames:
            return []
        with self._engine.begin() as conn:
            return self.append_frames_in(conn, frames, quarantine=self._quarantine)

    def append_frames_in(
        self,
        conn: Connection,
        frames: Sequence[RawFrame],
        lock: bool = True,
        quarantine: QuarantineLimits | None = None,
        known: ResendKeys | None = None,
    ) -> list[FrameOutcome]:
        """As :meth:`append_frames`, on the caller's transaction. ``lock=False`` when the caller
        is the only writer of these devices' chains (the owner of their stream partition).
        With ``quarantine``, frames of unregistered devices over its limits are refused (the
        gateway's path; frames already acknowledged through JetStream are archived as sent).
        With ``known`` (the keys the caller committed lately), keys are not looked up: the
        known ones are resends, the others inserted under a savepoint, and if one was stored
        already the batch goes again on the checked path (module docstring)."""
        if not frames:
            return []
        if lock:
            lock_chains(conn)
        if known is not None:
            try:
                with conn.begin_nested():
                    return self._frames_in(conn, frames, quarantine, known)
            except (IntegrityError, UniqueViolation):
                pass  # a key stored before: rolled back to the savepoint, checked below
        return self._frames_in(conn, frames, quarantine, None)

    def _frames_in(
        self,
        conn: Connection,
        frames: Sequence[RawFrame],
        quarantine: QuarantineLimits | None,
        known: ResendKeys | None,
    ) -> list[FrameOutcome]:
        keys = {f.dedup_key for f in frames if f.dedup_key}
        seen = _stored_keys(conn, device_frames.c.dedup_key, keys, known)
        outcomes: list[FrameOutcome | None] = [None] * len(frames)
        candidates: list[int] = []
        for i, frame in enumerate(frames):
            if frame.dedup_key and frame.dedup_key in seen:
                outcomes[i] = FrameOutcome(FrameStatus.RESEND)
                continue
            if frame.dedup_key:
                seen.add(frame.dedup_key)
            candidates.append(i)
        refused = claim_sequences(conn, [frames[i] for i in candidates])
        accepted = []
        for position, i in enumerate(candidates):
            if position in refused:
                outcomes[i] = FrameOutcome(FrameStatus.REFUSED, reason=refused[position])
            else:
                accepted.append(i)
        unknown = self._unknown_devices(conn, [frames[i] for i in accepted])
        if quarantine is not None and unknown:
            over = _over_quarantine(conn, quarantine, frames, accepted, unknown)
            for i, reason in over.items():
                outcomes[i] = FrameOutcome(FrameStatus.REFUSED, reason=reason)
            accepted = [i for i in accepted if i not in over]
        flat = [e for i in accepted for e in frames[i].entries]
        seqs = self._append(conn, flat, unknown, known) if flat else []
        chained = []
        offset = 0
        for i in accepted:
            frame = frames[i]
            frame_seqs = seqs[offset : offset + len(frame.entries)]
            offset += len(frame.entries)
            chained.append((frame, frame_seqs, frame.device in unknown))
        append_chained(conn, chained)
        for i, (_, frame_seqs, quarantined) in zip(accepted, chained, strict=True):
            outcomes[i] = FrameOutcome(FrameStatus.STORED, None, quarantined, tuple(frame_seqs))
        done = [o for o in outcomes if o is not None]
        assert len(done) == len(frames), "every frame has an outcome"
        return done

    @staticmethod
    def _unknown_devices(conn: Connection, frames: Sequence[RawFrame]) -> set[str]:
        named = {f.device for f in frames} | {
            e.observation.device_id for f in frames for e in f.entries
        }
        if not named:
            return set()
        query = select(devices.c.identifier).where(any_of(conn, devices.c.identifier, named))
        rows = conn.execute(query)
        return named - {r[0] for r in rows}

    def _append(
        self,
        conn: Connection,
        entries: Sequence[LogEntry],
        unknown: set[str] | None = None,
        known: ResendKeys | None = None,
    ) -> list[int | None]:
        """Insert the entries whose key is not stored; with ``known``, those not in it (the
        unique index catches the rest)."""
        keys = {e.dedup_key for e in entries if e.dedup_key}
        existing = _stored_keys(conn, observations.c.dedup_key, keys, known)
        fresh: list[dict[str, Any]] = []
        fresh_index: list[int] = []
        for i, entry in enumerate(entries):
            if entry.dedup_key:
                if entry.dedup_key in existing:
                    continue
                existing.add(entry.dedup_key)
            fresh.append(
                _row(entry, unknown is not None and entry.observation.device_id in unknown)
            )
            fresh_index.append(i)
        results: list[int | None] = [None] * len(entries)
        for i, seq in zip(fresh_index, insert_observations(conn, fresh), strict=True):
            results[i] = seq
        return results

    def read_after(self, position: int, limit: int) -> list[Observation]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(observations)
                .where(observations.c.seq > position, observations.c.quarantined.is_(False))
                .order_by(observations.c.seq)
                .limit(limit)
            ).mappings()
            return [observation_from_row(r) for r in rows]

    def head(self) -> int:
        with self._engine.connect() as conn:
            value = conn.execute(select(func.coalesce(func.max(observations.c.seq), 0))).scalar()
            return int(value or 0)


def _over_quarantine(
    conn: Connection,
    limits: QuarantineLimits,
    frames: Sequence[RawFrame],
    accepted: Sequence[int],
    unknown: set[str],
) -> dict[int, str]:
    """The frames (by index) of unregistered devices that their quarantine limits refuse,
    counting what each device has stored (its chain head) and what this batch adds."""
    ids = {frames[i].device for i in accepted} & unknown
    heads = conn.execute(
        select(
            device_frame_heads.c.device_identifier,
            device_frame_heads.c.frame_count,
            device_frame_heads.c.first_seen,
        ).where(device_frame_heads.c.device_identifier.in_(ids))
    )
    held = {r.device_identifier: (int(r.frame_count), r.first_seen) for r in heads}
    refused: dict[int, str] = {}
    for i in accepted:
        frame = frames[i]
        if frame.device not in ids:
            continue
        count, first_seen = held.get(frame.device, (0, frame.received_at))
        reason = limits.refusal(count, first_seen, frame.received_at)
        if reason is not None:
            refused[i] = reason
        else:
            held[frame.device] = (count + 1, first_seen)
    return refused


def _row(entry: LogEntry, quarantined: bool = False) -> dict[str, Any]:
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
        "quarantined": quarantined,
    }


def observation_from_row(row: Any) -> Observation:
    return observation_of(
        device_id=row["device_identifier"],
        kind=row["kind"],
        device_time=row["device_time"],
        received_at=row["received_at"],
        payload=row["payload"],
        seq=row["seq"],
    )


def _stored_keys(
    conn: Connection, column: ColumnElement[str], keys: set[str], known: ResendKeys | None
) -> set[str]:
    """Which of ``keys`` are stored in ``column``: with ``known`` (the keys the caller committed
    lately) those it holds, without a query (the unique index catches the rest); else asked."""
    if known is not None:
        return {k for k in keys if k in known}
    if not keys:
        return set()
    return set(conn.execute(select(column).where(any_of(conn, column, keys))).scalars())
