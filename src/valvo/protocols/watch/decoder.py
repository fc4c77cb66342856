"""Watch / "3G" / SeTracker (kids' watches and ankle tags): ``[SG*<id>*<len>*<content>]`` frames.

A frame is ``[`` vendor ``*`` device id ``*`` [4-hex serial ``*``] 4-hex content length ``*``
content ``]``, and the content is ``TYPE[,field,...]``. The length field is often wrong in
practice: a mismatch is reported as the ``length_mismatch`` warning and the frame is still decoded,
unless the session is strict. Frames reach the decoder unescaped (see :class:`WatchSplitter`),
so binary content may hold ``]``, ``,`` or ``*``; the frame ends at its last byte.

Server replies use the same envelope: ``LK`` → ``LK``, ``AL*`` → ``AL``, ``INIT`` → ``INIT,1``,
``TKQ``/``TKQ2`` are echoed and ``JXTK`` (a chunk of a voice message) → ``JXTKR,1``.

The watch answers a server command by echoing its type (``CR``, ``UPLOAD``, ``FIND``, ``RESET``,
``LZ``, ``SOS1``...; 4P-Touch "SeTracker server protocol", part II): such a frame is a ``reply``
record whose ``result`` is the content, and gets no server reply. The maker code the watch uses
(``SG``, ``3G``, ``CS``...) is kept in ``session.extra["vendor"]`` for the commands sent to it.
"""

from __future__ import annotations

import re

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session
from valvo.protocols.watch.fields import battery_level, health_attributes, location_record
from valvo.protocols.watch.frames import envelope

_VENDOR = re.compile(rb"[0-9A-Za-z]{2,4}")
_DEVICE_ID = re.compile(rb"[0-9A-Za-z]{1,20}")
_HEX4 = re.compile(rb"[0-9A-Fa-f]{4}")
_TYPE = re.compile(r"[0-9A-Za-z_]{1,32}")
_LOCATION_TYPE = re.compile(r"(?:UD|AL|WT)\w*")
_ECHOED = frozenset({"TKQ", "TKQ2"})
_REPLIES = {"LK": "LK", "INIT": "INIT,1", "JXTK": "JXTKR,1"}
# Server commands the watch echoes (content type of its answer).
_COMMAND_ECHOES = frozenset(
    {"CR", "UPLOAD", "FIND", "RESET", "POWEROFF", "FACTORY", "LZ", "SOS", "SOS1", "SOS2", "SOS3"}
    | {"MESSAGE", "CENTER", "PW", "VERNO"}
)


class WatchDecoder:
    """Decoder for one unescaped Watch-protocol frame."""

    name = "watch"

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        if len(message) < 2 or message[:1] != b"[" or message[-1:] != b"]":
            raise DecodeError("watch: a frame is '[' ... ']'")
        vendor, device, serial, length_text, content = _envelope(message[1:-1])
        warnings: tuple[str, ...] = ()
        if int(length_text, 16) != len(content):
            if session.strict:
                raise DecodeError(
                    f"watch: length field {length_text.decode()} but {len(content)} content bytes"
                )
            warnings = ("length_mismatch",)
        kind_bytes, _, data = content.partition(b",")
        kind = kind_bytes.decode("latin-1")
        if not _TYPE.fullmatch(kind):
            raise DecodeError(f"watch: bad content type {kind[:32]!r}")
        try:
            records = _records(kind, device, data)
        except DecodeError:
            raise
        except ValueError as exc:
            raise DecodeError(f"watch: {kind}: {exc}") from exc
        session.device = device
        session.extra["vendor"] = vendor
        reply = _reply(kind)
        ack = None if reply is None else envelope(vendor, device, reply.encode("ascii"), serial)
        return DecodeResult(records=records, ack=ack, warnings=warnings)


def _envelope(body: bytes) -> tuple[str, str, bytes | None, bytes, bytes]:
    parts = body.split(b"*", 3)
    if len(parts) != 4:
        raise DecodeError("watch: frame needs vendor*id*length*content")
    vendor, device, length_text, content = parts
    serial = None
    if _HEX4.fullmatch(length_text) and _HEX4.fullmatch(content[:4]) and content[4:5] == b"*":
        serial, length_text, content = length_text, content[:4], content[5:]
    if not _VENDOR.fullmatch(vendor) or not _DEVICE_ID.fullmatch(device):
        raise DecodeError("watch: bad vendor or device id")
    if not _HEX4.fullmatch(length_text):
        raise DecodeError(f"watch: length field {length_text[:8]!r} is not 4 hex digits")
    return vendor.decode("ascii"), device.decode("ascii"), serial, length_text, content


def _records(kind: str, device: str, data: bytes) -> tuple[DecodedRecord, ...]:
    text = data.decode("latin-1")
    if kind in _COMMAND_ECHOES:
        result = kind + ("," + text if data else "")
        return (DecodedRecord(type="reply", device=device, attributes={"result": result}),)
    if _LOCATION_TYPE.fullmatch(kind):
        return (location_record(device, text.split(","), alarm_message=kind.startswith("AL")),)
    if kind == "LK":
        return (_link(device, text),)
    if kind == "INIT":
        return (DecodedRecord(type="login", device=device),)
    if kind == "TK":
        attributes: dict[str, object] = {"audioData": data.hex()}
        if data.startswith(b"#!AMR"):
            attributes["audioFormat"] = "amr"
        return (DecodedRecord(type="status", device=device, attributes=attributes),)
    health = health_attributes(kind, text.split(",") if text else [])
    if health:
        return (DecodedRecord(type="status", device=device, attributes=health),)
    return ()


def _link(device: str, text: str) -> DecodedRecord:
    """``LK[,steps,rolls,battery%]``: the link keep-alive, with counters on newer firmware."""
    fields = text.split(",") if text else []
    if len(fields) != 3 or not all(re.fullmatch(r"\d{1,9}", f) for f in fields):
        return DecodedRecord(type="heartbeat", device=device)
    return DecodedRecord(
        type="heartbeat",
        device=device,
        battery_pct=battery_level(fields[2]),
        attributes={"steps": int(fields[0])},
    )


def _reply(kind: str) -> str | None:
    if kind.startswith("AL"):
        return "AL"
    if kind in _ECHOED:
        return kind
    return _REPLIES.get(kind)
