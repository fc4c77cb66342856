"""The observation log on the relational store (the embedded default's durable log).

``append`` stores a batch in one transaction and says, per observation, whether it was new or a
resend already in the log; only after it returns may the gateway acknowledge the device.

``append_frames`` is the gateway's path: each raw frame with the observations decoded from it,
stored in the same transaction as the frame's provenance record. There a resent frame is
recognised and stored once, a Valvo-protocol frame whose sequence is stale is refused, and the
observations of devices that are not registered are stored quarantined (never evaluated).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

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
    ) -> list[FrameOutcome]:
        """As :meth:`append_frames`, on the caller's transaction. ``lock=False`` when the caller
        is the only writer of these devices' chains (the owner of their stream partition).
        With ``quarantine``, frames of unregistered devices over its limits are refused (the
        gateway's path; frames already acknowledged through JetStream are archived as sent)."""
        if not frames:
            return []
        if lock:
            lock_chains(conn)
        keys = {f.dedup_key for f in frames if f.dedup_key}
        seen: set[str] = set()
        if keys:
            rows = conn.execute(
                select(device_frames.c.dedup_key).where(
                    any_of(conn, device_frames.c.dedup_key, keys)
                )
            )
            seen = {r[0] for r in rows}
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
        seqs = self._append(conn, flat, unknown) if flat else []
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
        self, conn: Connection, entries: Sequence[LogEntry], unknown: set[str] | None = None
    ) -> list[int | None]:
        keys = {e.dedup_key for e in entries if e.dedup_key}
        existing: set[str] = set()
        if keys:
            rows = conn.execute(
                select(observations.c.dedup_key).where(any_of(conn, observations.c.dedup_key, keys))
            )
            existing = {r[0] for r in rows}
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
