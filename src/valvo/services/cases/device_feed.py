"""The device-visit feed (R39, R40): the observation log's key-fob and presence-check events
handed to :func:`~valvo.services.cases.device_visits.record_device_event` by themselves.

A round reads the observations after the feed's own offset (``log_offsets``, consumer
``device_visits``), records a visit for each ``officer_arrived`` / ``officer_departed`` of a
home unit and each ``presence_check`` of a mobile checker, and moves the offset past what it
read, in one transaction: a crash mid-round leaves neither visits nor a moved offset, so no
event is recorded twice or passed over. Each event runs under a savepoint; one the case work
refuses (:class:`~valvo.services.errors.ServiceError`: an unknown or retired fob, a device
assigned to no one, a person serving no monitoring sentence, a departure without an arrival,
a check naming no registered tag) is logged and skipped, so it never blocks the feed. Any
other failure rolls the whole round back; the next round tries again.

A key-fob arrival carries no presence of its own: the person was present if the same home
unit's last report of their tag, at or before the arrival, said it was in range (absent if
out of range, unknown if the unit never reported it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from valvo.domain.telemetry import vocabulary as v
from valvo.logging import get_logger
from valvo.services.cases.device_visits import EVENTS, record_device_event
from valvo.services.errors import NotFound, ServiceError

CONSUMER = "device_visits"
BATCH = 1_000
# A gap in the log's numbering younger than this may be a transaction still committing (the
# stream engine's partition owners archive side by side): the round stops before it.
SETTLE = timedelta(minutes=5)

log = get_logger(__name__)


class DeviceFeed(Protocol):
    def claim(self, consumer: str) -> int: ...
    def move(self, consumer: str, position: int) -> None: ...
    def after(self, position: int, limit: int) -> list[dict[str, Any]]: ...
    def tag_in_range(self, unit: str, subject_id: str, at: datetime) -> bool | None: ...
    def attempt(self) -> AbstractContextManager[None]: ...


@dataclass(frozen=True, slots=True)
class Round:
    """What a round did: the offset it moved to, the visits it recorded or ended, and the
    events it skipped (seq, reason)."""

    position: int
    recorded: list[dict[str, Any]]
    skipped: list[tuple[int, str]]


def collect(uow: Any, actor: str, now: datetime, limit: int = BATCH) -> Round:
    """One round, on ``uow``'s transaction (the caller commits)."""
    feed: DeviceFeed = uow.device_feed
    start = position = feed.claim(CONSUMER)
    recorded: list[dict[str, Any]] = []
    skipped: list[tuple[int, str]] = []
    for row in _settled(feed.after(position, limit), position, now):
        if row["device_time"] > now:
            break  # a device clock ahead of ours: collected once its time has come
        position = int(row["seq"])
        event = _event_of(row)
        if event is None:
            continue
        try:
            with feed.attempt():
                recorded.append(_record(uow, feed, actor, now, row, event))
        except ServiceError as refusal:
            skipped.append((position, str(refusal)))
            log.warning(
                "device event skipped", seq=position, device_event=event, reason=str(refusal)
            )
    if position != start:
        feed.move(CONSUMER, position)
    return Round(position, recorded, skipped)


def _settled(rows: list[dict[str, Any]], position: int, now: datetime) -> Iterator[dict[str, Any]]:
    expected = position + 1
    for row in rows:
        if row["seq"] != expected and now - row["received_at"] < SETTLE:
            return
        expected = int(row["seq"]) + 1
        yield row


def _event_of(row: dict[str, Any]) -> str | None:
    if row["quarantined"]:
        return None
    payload = row["payload"] if isinstance(row["payload"], dict) else {}
    attributes = payload.get("attributes") or {}
    event = attributes.get(v.EVENT) if isinstance(attributes, dict) else None
    return event if event in EVENTS else None


def _record(
    uow: Any, feed: DeviceFeed, actor: str, now: datetime, row: dict[str, Any], event: str
) -> dict[str, Any]:
    attributes: dict[str, Any] = row["payload"]["attributes"]
    unit = str(row["device_identifier"])
    device = uow.registry.device_by_identifier(unit)
    if device is None:
        raise NotFound(f"device {unit} is not registered")
    seen: bool | None = None
    if event == v.PRESENCE_CHECK:
        seen = attributes.get(v.IN_RANGE)
    elif event == v.FOB_ARRIVAL:
        assignment = uow.registry.active_assignment_of_device(device["id"])
        if assignment is not None:
            seen = feed.tag_in_range(unit, assignment["subject_id"], row["device_time"])
    return record_device_event(
        uow,
        actor,
        now,
        device_id=device["id"],
        event=event,
        at=row["device_time"],
        # A checker names its officer (``officer``), looked up as a registered fob.
        fob=attributes.get("officer") if event == v.PRESENCE_CHECK else attributes.get("fob"),
        tag=attributes.get(v.TAG),
        seen=seen,
    )
