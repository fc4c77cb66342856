"""The ports of the notification outbox's dispatcher (``engine/alarm_desk.py``): the outbox it
claims and settles notices in, and the channels (e-mail, webhooks) it sends them through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    alarm_id: str | None
    event: str
    route: str
    payload: dict[str, Any]
    attempts: int
    delivered_to: tuple[str, ...]


class DeliveryError(Exception):
    """The target did not take the notice; retry later."""


class Outbox(Protocol):
    def claim(self, now: datetime, limit: int = 50) -> list[OutboxItem]: ...

    def settle(
        self,
        item: OutboxItem,
        now: datetime,
        delivered_to: list[str],
        error: str | None,
        retry_at: datetime | None,
        trail: dict[str, Any] | None,
    ) -> None: ...


class NoticeChannels(Protocol):
    """Sends a notice to a target (``mailto:``, ``http(s)://``); raises :class:`DeliveryError`."""

    def send(
        self, target: str, delivery_id: int, event: str, payload: Mapping[str, Any]
    ) -> None: ...
