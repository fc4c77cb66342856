"""The live feed across processes: an event published in one process (the engine raising an
alarm) reaches the subscribers of every process (the API's SSE streams) through a NATS subject.
Until :meth:`NatsFeed.start` it behaves as the in-process feed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription

from valvo.adapters.bus.inprocess import InProcessFeed
from valvo.logging import get_logger
from valvo.services.feed_events import encode_event

log = get_logger(__name__)


class NatsFeed(InProcessFeed):
    def __init__(self, subject: str = "valvo.feed") -> None:
        super().__init__()
        self.subject = subject
        self._nc: Client | None = None
        self._subscription: Subscription | None = None

    async def start(self, nc: Client) -> None:
        self._nc = nc
        self._subscription = await nc.subscribe(self.subject, cb=self._received)

    async def stop(self) -> None:
        if self._subscription is not None:
            await self._subscription.unsubscribe()
        self._nc = None

    def publish(self, event: Mapping[str, Any]) -> None:
        nc, loop = self._nc, self._loop
        if nc is None or loop is None:
            super().publish(event)
            return
        data = encode_event(event).encode("utf-8")
        loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self._send(nc, data)))

    async def _send(self, nc: Client, data: bytes) -> None:
        try:
            await nc.publish(self.subject, data)
        except Exception as exc:  # the feed is a convenience; the alarm is already stored
            log.warning("live feed publish failed", error=str(exc))

    async def _received(self, msg: Msg) -> None:
        try:
            event = json.loads(msg.data)
        except ValueError:
            log.warning("live feed message is not JSON; dropped")
            return
        if isinstance(event, dict):
            self._deliver(event)
