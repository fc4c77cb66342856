"""Valvo-protocol messages, whatever carried them (HTTP or MQTT): check, store, then ACK.

One message is one frame: its signature is checked with the device's key, its events become
observations, and the frame with its sequence goes to the durable log, where a stale sequence
is refused and a resend (the same bytes) is recognised. Only a stored (or already stored)
message gets the signed ACK; every refusal says precisely why, and nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from valvo.gateway.ingest import UnidentifiedDevice, to_frame
from valvo.gateway.log_writer import FrameWriter
from valvo.gateway.stats import ListenerStats
from valvo.gateway.valvo_keys import DeviceKeyCache
from valvo.logging import get_logger
from valvo.protocols.base import DecodedRecord, DecodeError, Session
from valvo.protocols.valvo.decoder import (
    SEQUENCE_KEY,
    AuthenticationError,
    ValvoDecoder,
    peek_device,
)
from valvo.services.telemetry import FrameStatus

log = get_logger(__name__)

# How far an event's own time may lie from its receipt: clock drift ahead, buffered uploads back.
MAX_AHEAD = timedelta(minutes=5)
MAX_AGE = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class ValvoReply:
    """``status`` follows HTTP: 200 stored, 400 malformed, 401 not authentic, 409 stale
    sequence, 503 not stored (send again). ``body`` is the ACK or the reason."""

    status: int
    body: bytes
    device: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.status == 200


class ValvoIngest:
    def __init__(
        self,
        writer: FrameWriter,
        keys: DeviceKeyCache,
        clock: Callable[[], datetime],
        *,
        max_ahead: timedelta = MAX_AHEAD,
        max_age: timedelta = MAX_AGE,
    ) -> None:
        self._max_ahead = max_ahead
        self._max_age = max_age
        self._writer = writer
        self._keys = keys
        self._clock = clock
        self._decoder = ValvoDecoder(keys.lookup)
        self.stats = ListenerStats()

    async def handle(self, message: bytes, peer: str | None) -> ValvoReply:
        self.stats.frames += 1
        device = None
        try:
            device = peek_device(message)
            await self._keys.load(device)
            session = Session()
            result = self._decoder.decode(message, session)
            sequence = session.extra[SEQUENCE_KEY]
            assert isinstance(sequence, int)
            received_at = self._clock()
            self._check_times(result.records, received_at)
            frame = to_frame(
                result.records,
                protocol="valvo",
                raw=message,
                peer=peer,
                received_at=received_at,
                session_device=device,
                sequence=sequence,
            )
        except AuthenticationError as exc:
            return self._refuse(401, str(exc), device, peer, "unauthenticated")
        except (DecodeError, UnidentifiedDevice) as exc:
            return self._refuse(400, str(exc), device, peer, "undecodable")
        try:
            outcome = (await self._writer.append_frames([frame]))[0]
        except Exception as exc:
            reason = f"not stored ({type(exc).__name__}); send again"
            return self._refuse(503, reason, device, peer, "storage_failure")
        if outcome.status is FrameStatus.REFUSED:
            return self._refuse(409, outcome.reason or "refused", device, peer, "refused")
        if outcome.status is FrameStatus.RESEND:
            self.stats.resends += 1
        else:
            self.stats.stored += 1
        assert result.ack is not None
        return ValvoReply(200, result.ack, device)

    def _check_times(self, records: Sequence[DecodedRecord], received_at: datetime) -> None:
        """Every event between ``max_age`` before and ``max_ahead`` after its receipt: a unit's
        clock may drift a little and it may upload what it buffered offline, no more."""
        for record in records:
            if record.time is None:
                continue
            if record.time > received_at + self._max_ahead:
                raise DecodeError(
                    f"valvo: event time {record.time.isoformat()} is more than "
                    f"{_span(self._max_ahead)} ahead of the server's clock"
                )
            if record.time < received_at - self._max_age:
                raise DecodeError(
                    f"valvo: event time {record.time.isoformat()} is more than "
                    f"{_span(self._max_age)} old"
                )

    def _refuse(
        self, status: int, reason: str, device: str | None, peer: str | None, kind: str
    ) -> ValvoReply:
        self.stats.refused += 1
        self.stats.closes[kind] += 1
        log.info("valvo message refused", device=device, peer=peer, reason=reason)
        return ValvoReply(status, reason.encode(), device)


def _span(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds % 86_400 == 0:
        return f"{seconds // 86_400} days"
    return f"{seconds // 60} minutes" if seconds % 60 == 0 else f"{seconds} s"
