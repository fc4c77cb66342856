"""What may go, as time windows: pure functions of the orders, holds, policy and ``now``.

A person's data at instant t belongs to every order of theirs whose span [start, end) holds t.
It may go only when *every* such order has ended at least the category's period ago: the span
of an expired order, minus the spans of the person's orders still kept, is cut into disjoint
pieces, each attributed to one order. A legal hold active at ``now`` keeps all of the person's
data; the pieces it keeps are reported, not deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from valvo.domain.retention.policy import Category, RetentionPolicy

FOREVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class OrderSpan:
    id: str
    subject_id: str
    type: str
    starts_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True, slots=True)
class Hold:
    id: str
    subject_id: str
    held_from: datetime
    held_until: datetime | None
    released_at: datetime | None

    def blocks(self, now: datetime) -> bool:
        """Whether the hold stops deletion in a run as of ``now``: from the moment it is placed
        (even when its ``held_from`` is later, or the run is evaluated as of an earlier
        instant) until it is released or its ``held_until`` passes."""
        if self.held_until is not None and now >= self.held_until:
            return False
        return self.released_at is None or now < self.released_at

    def active(self, now: datetime) -> bool:
        if now < self.held_from:
            return False
        if self.held_until is not None and now >= self.held_until:
            return False
        return self.released_at is None or now < self.released_at


@dataclass(frozen=True, slots=True)
class Piece:
    """[start, end) of one person's data attributed to one expired order."""

    order_id: str
    subject_id: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Assignment:
    device: str  # the device's identifier (frames and observations carry it)
    subject_id: str
    assigned_at: datetime
    unassigned_at: datetime | None


@dataclass(frozen=True, slots=True)
class DevicePiece:
    order_id: str
    subject_id: str
    device: str
    start: datetime
    end: datetime


def expired(order: OrderSpan, category: Category, policy: RetentionPolicy, now: datetime) -> bool:
    period = policy.period(order.type, category)
    return order.ends_at is not None and period is not None and order.ends_at + period.delta <= now


def held_subjects(holds: Iterable[Hold], now: datetime) -> dict[str, list[str]]:
    """Subject id -> ids of the holds that block deletion as of ``now``."""
    held: dict[str, list[str]] = defaultdict(list)
    for hold in holds:
        if hold.blocks(now):
            held[hold.subject_id].append(hold.id)
    return dict(held)


def expired_pieces(
    orders: Sequence[OrderSpan], category: Category, policy: RetentionPolicy, now: datetime
) -> list[Piece]:
    """Disjoint pieces of every person's data in ``category`` that the policy lets go (holds
    not considered: the caller splits the pieces into deleted and held)."""
    by_subject: dict[str, list[OrderSpan]] = defaultdict(list)
    for order in orders:
        by_subject[order.subject_id].append(order)
    pieces: list[Piece] = []
    for subject_id, spans in sorted(by_subject.items()):
        kept = [
            (o.starts_at, o.ends_at or FOREVER)
            for o in spans
            if not expired(o, category, policy, now)
        ]
        taken: list[tuple[datetime, datetime]] = []
        for order in sorted(spans, key=lambda o: (o.starts_at, o.id)):
            if not expired(order, category, policy, now):
                continue
            assert order.ends_at is not None
            for start, end in subtract((order.starts_at, order.ends_at), kept + taken):
                pieces.append(Piece(order.id, subject_id, start, end))
                taken.append((start, end))
    return pieces


def subtract(
    span: tuple[datetime, datetime], others: Iterable[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """``span`` minus the union of ``others``, as ordered disjoint non-empty intervals."""
    parts = [span] if span[0] < span[1] else []
    for o_start, o_end in others:
        next_parts: list[tuple[datetime, datetime]] = []
        for start, end in parts:
            if o_end <= start or o_start >= end:
                next_parts.append((start, end))
                continue
            if start < o_start:
                next_parts.append((start, o_start))
            if o_end < end:
                next_parts.append((o_end, end))
        parts = next_parts
    return sorted(parts)


def device_pieces(pieces: Iterable[Piece], assignments: Iterable[Assignment]) -> list[DevicePiece]:
    """Each piece cut to the times a device was assigned to that person (frames and
    observations are stored per device, by receipt time)."""
    by_subject: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_subject[assignment.subject_id].append(assignment)
    out: list[DevicePiece] = []
    for piece in pieces:
        for a in by_subject.get(piece.subject_id, ()):
            start = max(piece.start, a.assigned_at)
            end = min(piece.end, a.unassigned_at or FOREVER)
            if start < end:
                out.append(DevicePiece(piece.order_id, piece.subject_id, a.device, start, end))
    return out


def days_by_month(start: datetime, end: datetime) -> dict[str, float]:
    """Days of [start, end) in each UTC calendar month ("YYYY-MM"), to 3 decimals."""
    out: dict[str, float] = {}
    cursor = start.astimezone(UTC)
    end = end.astimezone(UTC)
    while cursor < end:
        month_end = (
            cursor.replace(day=1, hour=0, minute=0, second=0, microsecond=0) + timedelta(days=32)
        ).replace(day=1)
        stop = min(month_end, end)
        out[cursor.strftime("%Y-%m")] = round((stop - cursor) / timedelta(days=1), 3)
        cursor = stop
    return out
