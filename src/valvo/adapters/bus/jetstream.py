"""The observation log on NATS JetStream (the production backend, docs/cluster.md).

One stream holds every frame a gateway received, on a subject per partition
(``<prefix>.obs.<partition>``, partition = CRC-32 of the device identifier modulo the partition
count, the same in every process). A frame travels as MessagePack (JSON from an earlier
gateway is still read) with its raw bytes, receive time, peer, resend key and decoded
observations; its resend key is also the ``Nats-Msg-Id``, so a
resend inside the stream's duplicate window is not stored twice (one outside it is recognised
when the engine archives it). A gateway under load bundles the frames of one partition into one
message (:func:`bundle_messages`, each frame in its own encoding, without a ``Nats-Msg-Id``: a
resend among them is recognised by the engine's archive); :func:`decode_message` reads either.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec
import nats
from nats.aio.client import Client
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError

from valvo.domain.clock import iso_utc
from valvo.logging import get_logger
from valvo.services.telemetry import (
    PAYLOAD_FIELDS,
    LogEntry,
    RawFrame,
    observation_of,
    payload_of,
)

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class StreamSettings:
    url: str = "nats://127.0.0.1:4222"
    stream: str = "VALVO_OBSERVATIONS"
    prefix: str = "valvo"
    partitions: int = 16
    max_age: timedelta = timedelta(days=7)
    duplicate_window: timedelta = timedelta(minutes=2)

    def subject(self, partition: int) -> str:
        return f"{self.prefix}.obs.{partition}"

    def partition_of(self, device: str) -> int:
        return zlib.crc32(device.encode("utf-8")) % self.partitions


async def connect(url: str, name: str) -> Client:
    """A client that keeps reconnecting for as long as the process runs (its connection errors
    are logged on one line each, not as tracebacks)."""

    async def on_error(exc: Exception) -> None:
        log.warning("nats connection error", error=str(exc) or type(exc).__name__)

    clients: list[Client] = []

    async def on_disconnect() -> None:
        if clients and (clients[0].is_closed or clients[0].is_draining):
            return  # closed on purpose
        log.warning("nats disconnected; reconnecting")

    async def on_reconnect() -> None:
        log.info("nats reconnected")

    client = await nats.connect(
        url,
        name=name,
        error_cb=on_error,
        disconnected_cb=on_disconnect,
        reconnected_cb=on_reconnect,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.5,
        allow_reconnect=True,
        connect_timeout=2,
    )
    clients.append(client)
    return client


async def ensure_stream(js: JetStreamContext, settings: StreamSettings) -> None:
    """Create the stream if it is missing (file storage: a NATS restart keeps it)."""
    try:
        await js.stream_info(settings.stream)
        return
    except NotFoundError:
        pass
    await js.add_stream(
        StreamConfig(
            name=settings.stream,
            subjects=[f"{settings.prefix}.obs.*"],
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.FILE,
            discard=DiscardPolicy.OLD,
            max_age=settings.max_age.total_seconds(),
            duplicate_window=settings.duplicate_window.total_seconds(),
        )
    )


async def partition_heads(js: JetStreamContext, settings: StreamSettings) -> dict[int, int]:
    """Each partition's newest stream sequence (0: nothing published to it yet)."""
    heads: dict[int, int] = {}
    for partition in range(settings.partitions):
        try:
            last = await js.get_last_msg(settings.stream, settings.subject(partition))
            heads[partition] = int(last.seq or 0)
        except NotFoundError:
            heads[partition] = 0
    return heads


async def partition_backlog(
    js: JetStreamContext, settings: StreamSettings, positions: dict[int, int]
) -> dict[int, int]:
    """How many messages each partition holds after its committed ``positions``."""
    backlog: dict[int, int] = {}
    for partition in range(settings.partitions):
        info = await js.add_consumer(
            settings.stream,
            ConsumerConfig(
                filter_subject=settings.subject(partition),
                deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                opt_start_seq=positions.get(partition, 0) + 1,
                ack_policy=AckPolicy.NONE,
                inactive_threshold=10.0,
            ),
        )
        backlog[partition] = int(info.num_pending or 0)
        if info.name:
            await js.delete_consumer(settings.stream, info.name)
    return backlog


# A frame's message: MessagePack behind a version byte (raw bytes and instants as they are, a
# third of JSON's size and a tenth of its CPU); JSON (its first byte "{") is still read, from a
# gateway of an earlier version, and written for a frame MessagePack cannot carry exactly (an
# attribute keyed by a number, which JSON would make text, or an integer beyond 64 bits).
PACKED_V1 = b"\x01"
BUNDLE_V1 = b"\x02"  # several frames' messages, in order (a MessagePack array of them)
_pack = msgspec.msgpack.Encoder().encode
_unpack = msgspec.msgpack.Decoder().decode


class _NotPackable(ValueError):
    pass


def encode_frame(frame: RawFrame) -> bytes:
    try:
        return PACKED_V1 + _pack(
            [
                frame.device,
                frame.protocol,
                frame.raw,
                frame.peer,
                frame.received_at,
                frame.dedup_key,
                frame.sequence,
                [_packed_entry(e, frame) for e in frame.entries],
            ]
        )
    except (_NotPackable, OverflowError, TypeError):
        return encode_frame_json(frame)


def decode_frame(data: bytes) -> RawFrame:
    """The frame a gateway published; :class:`ValueError` names what is wrong."""
    try:
        if data[:1] == PACKED_V1:
            return _unpacked_frame(_unpack(memoryview(data)[1:]))  # no copy of the message
        return _json_decoded(json.loads(data))
    except (KeyError, TypeError, ValueError, IndexError, msgspec.DecodeError) as exc:
        raise ValueError(f"not a Valvo frame message: {exc!r}") from exc


def bundle_messages(messages: Sequence[bytes]) -> bytes:
    """Several frames' messages (:func:`encode_frame`'s) as one stream message."""
    return BUNDLE_V1 + _pack(list(messages))


def decode_message(data: bytes) -> list[RawFrame]:
    """The frames a stream message carries, in order: a bundle's, or the one of a frame's own
    message; :class:`ValueError` names what is wrong."""
    if data[:1] != BUNDLE_V1:
        return [decode_frame(data)]
    try:
        messages = _unpack(memoryview(data)[1:])
    except msgspec.DecodeError as exc:
        raise ValueError(f"not a Valvo bundle message: {exc!r}") from exc
    if not isinstance(messages, list) or not all(isinstance(m, bytes) for m in messages):
        raise ValueError("not a Valvo bundle message: not a list of frame messages")
    return [decode_frame(m) for m in messages]


def _packed_entry(entry: LogEntry, frame: RawFrame) -> list[Any]:
    obs = entry.observation
    if not all(type(key) is str for key in obs.attributes):
        raise _NotPackable("an attribute keyed by something other than text")
    return [
        obs.device_id,
        obs.kind.value,
        obs.device_time,
        obs.received_at,
        [getattr(obs, name) for name in PAYLOAD_FIELDS],  # the measurements, by position
        list(obs.alarms),
        obs.attributes,
        None if entry.protocol == frame.protocol else entry.protocol,
        None if entry.raw == frame.raw else entry.raw,
        entry.peer,
        entry.dedup_key,
    ]


def _unpacked_frame(doc: Any) -> RawFrame:
    device, protocol, raw, peer, received_at, dedup_key, sequence, entries = doc
    _expect(raw, bytes, "raw")
    return RawFrame(
        device=_expect(device, str, "device"),
        protocol=_expect(protocol, str, "protocol"),
        raw=raw,
        peer=peer,
        received_at=_instant(received_at),
        entries=tuple(_unpacked_entry(e, raw, peer, protocol) for e in entries),
        dedup_key=dedup_key,
        sequence=sequence,
    )


def _unpacked_entry(doc: Any, raw: bytes, peer: str | None, protocol: str) -> LogEntry:
    (device_id, kind, device_time, received_at, values, alarms, attributes) = doc[:7]
    own_protocol, own_raw, own_peer, key = doc[7:]
    if len(_expect(values, list, "measurements")) != len(PAYLOAD_FIELDS):
        raise ValueError(f"{len(values)} measurements, not {len(PAYLOAD_FIELDS)}")
    payload = dict(zip(PAYLOAD_FIELDS, values, strict=True))
    payload["alarms"] = _expect(alarms, list, "alarms")
    payload["attributes"] = _expect(attributes, dict, "attributes")
    observation = observation_of(
        device_id=_expect(device_id, str, "device_id"),
        kind=kind,
        device_time=_instant(device_time),
        received_at=_instant(received_at),
        payload=payload,
    )
    entry_raw = raw if own_raw is None else _expect(own_raw, bytes, "raw")
    return LogEntry(observation, own_protocol or protocol, entry_raw, own_peer, key)


def _expect(value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"{what} is {type(value).__name__}, not {kind.__name__}")
    return value


def _instant(value: Any) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"not an aware instant: {value!r}")
    return value


def encode_frame_json(frame: RawFrame) -> bytes:
    """The JSON form (an earlier gateway's, and the fallback): times as ISO text in UTC."""
    return json.dumps(
        {
            "device": frame.device,
            "protocol": frame.protocol,
            "raw": _b64(frame.raw),
            "peer": frame.peer,
            "received_at": iso_utc(frame.received_at),
            "dedup_key": frame.dedup_key,
            "sequence": frame.sequence,
            "entries": [_entry(e, frame) for e in frame.entries],
        },
        separators=(",", ":"),
    ).encode("utf-8")


def _json_decoded(doc: dict[str, Any]) -> RawFrame:
    raw = base64.b64decode(doc["raw"])
    peer = doc["peer"]
    return RawFrame(
        device=doc["device"],
        protocol=doc["protocol"],
        raw=raw,
        peer=peer,
        received_at=_aware(doc["received_at"]),
        entries=tuple(_log_entry(e, raw, peer, doc["protocol"]) for e in doc["entries"]),
        dedup_key=doc["dedup_key"],
        sequence=doc["sequence"],
    )


def _entry(entry: LogEntry, frame: RawFrame) -> dict[str, Any]:
    obs = entry.observation
    return {
        "device_id": obs.device_id,
        "kind": obs.kind.value,
        "device_time": iso_utc(obs.device_time),
        "received_at": iso_utc(obs.received_at),
        "payload": payload_of(obs),
        "protocol": None if entry.protocol == frame.protocol else entry.protocol,
        "raw": None if entry.raw == frame.raw else _b64(entry.raw),
        "peer": entry.peer,
        "dedup_key": entry.dedup_key,
    }


def _log_entry(doc: dict[str, Any], raw: bytes, peer: str | None, protocol: str) -> LogEntry:
    observation = observation_of(
        device_id=doc["device_id"],
        kind=doc["kind"],
        device_time=_aware(doc["device_time"]),
        received_at=_aware(doc["received_at"]),
        payload=doc["payload"],
    )
    entry_raw = raw if doc["raw"] is None else base64.b64decode(doc["raw"])
    return LogEntry(
        observation, doc["protocol"] or protocol, entry_raw, doc["peer"], doc["dedup_key"]
    )


def _aware(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"time without a zone: {value}")
    return parsed


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
