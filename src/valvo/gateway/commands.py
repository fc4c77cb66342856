"""Device commands on the open connection (issue 20 item 5): the gateway keeps which device is
connected on which TCP connection, sends the commands queued for it (``device_commands``) in the
protocol's own frame, and records the device's answer as the command's acknowledgement.

A round runs every ``every_s`` seconds and at once when a device connects: queued commands past
their expiry become ``expired``, sent ones unanswered in time ``failed``; then each connected
device's queued commands are written on its connection and marked ``sent``. An answer (a GT06
0x15/0x21 text reply, a Teltonika codec 12 response, an H02 ``V4``, a Watch echo, a Meitrack
reply to the command code) acknowledges the device's oldest command it answers
(``domain.acting.commands.acknowledges``). H02 ``D1`` and Meitrack ``A10`` are answered by a
position report: for REPLY_WITHIN after one of them is sent on a connection, the fixes the
device reports are offered as answers too (and only then: a fix costs no store call
otherwise). A connection that closes fails what it had sent and not had answered. The store is
synchronous (SQLAlchemy), so its calls run in a worker thread."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from valvo.cancellation import reraise_if_cancelling
from valvo.domain.acting.commands import REPLY_WITHIN, answered_by_fix, fix_answer
from valvo.logging import get_logger
from valvo.protocols.base import DecodedRecord
from valvo.protocols.gt06.decoder import encode_command as gt06_command
from valvo.protocols.h02.commands import encode_text as h02_command
from valvo.protocols.meitrack.decoder import encode_command as meitrack_command
from valvo.protocols.teltonika.decoder import encode_command as teltonika_command
from valvo.protocols.watch.commands import encode_text as watch_command

log = get_logger(__name__)


class CommandStore(Protocol):
    def due(self, identifiers: Iterable[str], now: datetime) -> list[dict[str, Any]]: ...

    def sent(self, command_id: str, at: datetime, serial: int | None) -> None: ...

    def failed(self, command_id: str, at: datetime, reason: str) -> None: ...

    def answered(self, identifier: str, reply: str, at: datetime) -> str | None: ...

    def close_overdue(self, now: datetime) -> int: ...

    def connection_lost(self, identifier: str, at: datetime) -> None: ...


def encode(
    protocol: str,
    text: str,
    serial: int,
    *,
    device: str = "",
    now: datetime | None = None,
    vendor: str | None = None,
) -> bytes:
    """The frame carrying ``text`` to ``device`` of ``protocol`` (ValueError for one without).
    H02 frames carry the sending time ``now``; a Watch frame the maker code ``vendor`` the watch
    uses (``CS`` when it is not known)."""
    if protocol == "gt06":
        return gt06_command(text, serial, server_flag=serial)
    if protocol == "teltonika":
        return teltonika_command(text.encode("ascii"))
    if protocol == "h02":
        if now is None:
            raise ValueError("an H02 command needs the time it is sent")
        return h02_command(device, text, now)
    if protocol == "watch":
        return watch_command(device, text, vendor=vendor or "CS")
    if protocol == "meitrack":
        command, *params = text.split(",")
        return meitrack_command(device, command, *params)
    raise ValueError(f"a {protocol} device takes no commands")


@dataclass(slots=True)
class _Link:
    protocol: str
    writer: asyncio.StreamWriter
    serial: int = 0
    session: dict[str, object] | None = None  # the connection's session.extra (Watch maker)
    # Until when a command answered by a position report may wait for one (its REPLY_WITHIN).
    fixes_until: datetime | None = None


class CommandChannel:
    def __init__(
        self, store: CommandStore, clock: Callable[[], datetime], every_s: float = 1.0
    ) -> None:
        self._store = store
        self._clock = clock
        self._every_s = every_s
        self._links: dict[str, _Link] = {}
        self._wake = asyncio.Event()
        self.sent = 0
        self.answered = 0

    @property
    def connected(self) -> set[str]:
        return set(self._links)

    def attach(
        self,
        identifier: str,
        protocol: str,
        writer: asyncio.StreamWriter,
        session: dict[str, object] | None = None,
    ) -> None:
        """``identifier`` is now reachable on ``writer``: its queued commands go out at once.
        ``session`` is the connection's ``Session.extra`` (what the decoder learnt)."""
        link = self._links.get(identifier)
        if link is not None and link.writer is writer:
            return
        self._links[identifier] = _Link(protocol, writer, session=session)
        self._wake.set()

    async def detach(self, identifier: str, writer: asyncio.StreamWriter) -> None:
        link = self._links.get(identifier)
        if link is None or link.writer is not writer:
            return  # a newer connection of the same device holds the link
        del self._links[identifier]
        await asyncio.to_thread(self._store.connection_lost, identifier, self._clock())

    def wants_fixes(self, identifier: str) -> bool:
        """Whether a command sent to ``identifier`` may wait for a position report as its
        answer (one was sent less than REPLY_WITHIN ago)."""
        link = self._links.get(identifier)
        return (
            link is not None and link.fixes_until is not None and self._clock() < link.fixes_until
        )

    async def replied(
        self, identifier: str, texts: Iterable[str], fixes: Iterable[DecodedRecord] = ()
    ) -> None:
        """The device's replies (``texts``) and, while a command waits for one, its fixes."""
        for text in texts:
            await self._answer(identifier, text)
        if not self.wants_fixes(identifier):
            return
        for fix in fixes:
            if fix.lat is not None and fix.lon is not None:
                event = fix.attributes.get("event")
                await self._answer(identifier, fix_answer(fix.lat, fix.lon, event))

    async def _answer(self, identifier: str, text: str) -> str | None:
        found = await asyncio.to_thread(self._store.answered, identifier, text, self._clock())
        if found is not None:
            self.answered += 1
            log.info("device command answered", device=identifier, command=found)
        return found

    async def run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._every_s)
            reraise_if_cancelling()  # wait_for returns, not raises, when woken as it was cancelled
            self._wake.clear()
            try:
                await self.round()
            except Exception:  # a failed round must not end the channel; the next one retries
                log.exception("device command round failed")

    async def round(self) -> None:
        now = self._clock()
        await asyncio.to_thread(self._store.close_overdue, now)
        if not self._links:
            return
        due = await asyncio.to_thread(self._store.due, list(self._links), now)
        for command in due:
            link = self._links.get(command["device_identifier"])
            if link is None:
                continue
            link.serial = (link.serial % 0xFFFF) + 1
            vendor = (link.session or {}).get("vendor")
            try:
                frame = encode(
                    link.protocol,
                    command["text"],
                    link.serial,
                    device=command["device_identifier"],
                    now=self._clock(),
                    vendor=vendor if isinstance(vendor, str) else None,
                )
            except ValueError as exc:
                await asyncio.to_thread(self._store.failed, command["id"], now, str(exc))
                continue
            # Sent before it is written: the device may answer before the write returns.
            await asyncio.to_thread(self._store.sent, command["id"], self._clock(), link.serial)
            if answered_by_fix(link.protocol, command["text"]):
                link.fixes_until = self._clock() + REPLY_WITHIN
            try:
                link.writer.write(frame)
                await asyncio.wait_for(link.writer.drain(), 10.0)
            except (ConnectionError, TimeoutError) as exc:
                reason = f"not written to the connection: {exc or type(exc).__name__}"
                await asyncio.to_thread(self._store.failed, command["id"], self._clock(), reason)
                continue
            self.sent += 1
            log.info("device command sent", device=command["device_identifier"], id=command["id"])
