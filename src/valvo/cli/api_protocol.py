"""The API's HTTP/1.1 protocol: uvicorn's h11 protocol with the limits it lacks.

uvicorn has no deadline for reading a request's headers and no per-address or process-wide
connection cap: a client that opens connections and sends a header byte now and then holds
descriptors until the process can accept nothing (API, devices and health checks stop). Here
each connection takes a place in the process's :class:`ConnectionBudget` (shared with the device
listeners) and must complete its request head within ``header_timeout_s`` of connecting or of
its first byte after a response; a refused or late connection is closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from valvo.gateway.connection_budget import ConnectionBudget
from valvo.logging import get_logger

log = get_logger(__name__)

HEADER_TIMEOUT_S = 10.0


def guarded_h11(budget: ConnectionBudget, header_timeout_s: float) -> type[H11Protocol]:
    """An :class:`H11Protocol` class bound to ``budget`` and the header deadline (uvicorn's
    ``Config(http=...)`` takes a class)."""

    class GuardedH11Protocol(H11Protocol):
        _address = ""
        _admitted = False
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._address = self.client[0] if self.client else "unknown"
            refused = budget.admit(self._address)
            if refused is not None:
                log.warning("api connection refused", peer=self._address, reason=refused)
                transport.close()
                return
            self._admitted = True
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is h11.IDLE:
                if self._header_timer is None:  # a request has begun: its head has a deadline
                    self._arm()
            else:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._admitted:
                self._admitted = False
                budget.release(self._address)
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._header_timer = self.loop.call_later(header_timeout_s, self._too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _too_slow(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return GuardedH11Protocol
