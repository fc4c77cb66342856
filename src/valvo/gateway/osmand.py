"""The OsmAnd / Traccar Client endpoint: decode, append durably (with the frame's provenance
record; an unregistered device's observations are quarantined), then answer 200."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from valvo.gateway.http_server import HttpRequest, HttpResponse
from valvo.gateway.ingest import UnidentifiedDevice, to_frame
from valvo.gateway.log_writer import FrameWriter
from valvo.logging import get_logger
from valvo.protocols.base import DecodeError, Session
from valvo.protocols.osmand.decoder import OsmAndDecoder

log = get_logger(__name__)


class OsmAndEndpoint:
    def __init__(
        self, writer: FrameWriter, clock: Callable[[], datetime], speed_unit: str = "knots"
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._decoder = OsmAndDecoder(speed_unit)
        self.refused = 0

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "POST"):
            return HttpResponse(405, b"use GET or POST")
        message = _message(request)
        received_at = self._clock()
        try:
            result = self._decoder.decode(message, Session())
            frame = to_frame(
                result.records,
                protocol="osmand",
                raw=message,
                peer=request.peer,
                received_at=received_at,
            )
        except (DecodeError, UnidentifiedDevice) as exc:
            self.refused += 1
            log.info("osmand request refused", peer=request.peer, reason=str(exc))
            return HttpResponse(400, str(exc).encode())
        try:
            (outcome,) = await self._writer.append_frames([frame])
        except Exception:
            return HttpResponse(503, b"not stored; send again")
        if not outcome.acknowledge:
            return HttpResponse(400, (outcome.reason or "refused").encode())
        return HttpResponse(200)


def _message(request: HttpRequest) -> bytes:
    """The query string when there is one, else the body (form-encoded or JSON)."""
    if urlsplit(request.target).query:
        return request.target.encode("latin-1")
    return request.body
