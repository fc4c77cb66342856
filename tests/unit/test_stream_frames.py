"""A frame's message on the JetStream log: MessagePack behind a version byte, JSON from an
earlier gateway still read, JSON written for what MessagePack cannot carry exactly, and garbage
named; a gateway's bundle of several frames read back as those frames, in order
(valvo.adapters.bus.jetstream)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support.factories import fix
from tests.support.streams import frame_of
from valvo.adapters.bus.jetstream import (
    BUNDLE_V1,
    PACKED_V1,
    bundle_messages,
    decode_frame,
    decode_message,
    encode_frame,
    encode_frame_json,
)
from valvo.services.telemetry import LogEntry, RawFrame

AT = datetime(2027, 3, 28, 0, 59, 59, 123456, tzinfo=UTC)


def packet(entries: int = 3) -> RawFrame:
    """A Teltonika-like packet: several records, one with its own raw bytes and protocol."""
    observations = [
        replace(
            fix(AT + timedelta(seconds=k), east_m=10 * k, device="352093081452251"),
            seq=None,
            alarms=("power_cut",) if k == 1 else (),
            attributes={"io_239": 1, "odometer_m": 123456789012, "label": "kotona ä"},
            satellites=9,
        )
        for k in range(entries)
    ]
    raw = bytes(range(256))
    frame_entries = [
        LogEntry(obs, "teltonika", raw, "10.0.0.7:4411", f"k{k}")
        for k, obs in enumerate(observations)
    ]
    if entries > 2:
        frame_entries[2] = LogEntry(observations[2], "teltonika-8e", b"\x00own", None, None)
    return RawFrame(
        device="352093081452251",
        protocol="teltonika",
        raw=raw,
        peer="10.0.0.7:4411",
        received_at=AT.astimezone(ZoneInfo("Europe/Helsinki")),
        entries=tuple(frame_entries),
        dedup_key="frame-key",
        sequence=17,
    )


def test_a_packet_travels_packed_and_comes_back_equal_and_aware() -> None:
    frame = packet()
    message = encode_frame(frame)
    assert message.startswith(PACKED_V1)
    again = decode_frame(message)
    assert again == frame
    assert again.received_at.utcoffset() == timedelta(0)
    assert all(e.observation.device_time.tzinfo is not None for e in again.entries)
    assert len(message) < 0.6 * len(
        encode_frame_json(frame)
    )  # bytes not base64, no names, instants binary


def test_a_message_from_an_earlier_gateway_json_is_still_read() -> None:
    frame = packet()
    legacy = encode_frame_json(frame)
    assert legacy.startswith(b"{")
    assert decode_frame(legacy) == frame


def test_what_messagepack_cannot_carry_exactly_goes_as_json() -> None:
    numbered_key: Any = {7: "seven"}  # JSON makes it text, as the database's would
    numbered = replace(fix(AT, device="dev-9"), seq=None, attributes=numbered_key)
    huge = replace(fix(AT, device="dev-9"), seq=None, attributes={"big": 2**70})
    for observation, expected in ((numbered, {"7": "seven"}), (huge, {"big": 2**70})):
        message = encode_frame(frame_of(observation))
        assert message.startswith(b"{")
        assert decode_frame(message).entries[0].observation.attributes == expected


@pytest.mark.parametrize(
    "message",
    [
        PACKED_V1 + b"\xc1",  # never used in MessagePack
        PACKED_V1 + b"\x93\x01\x02\x03",  # an array of the wrong length
        PACKED_V1 + json.dumps(["d", "p", "not bytes", None, 0, None, None, []]).encode(),
        b'{"device": "x"}',
        b"\x00\xff garbage",
        b"",
    ],
)
def test_garbage_is_named_not_guessed(message: bytes) -> None:
    with pytest.raises(ValueError, match="not a Valvo frame message"):
        decode_frame(message)


def test_an_instant_without_a_zone_is_refused_in_either_encoding() -> None:
    import msgspec

    frame = packet(1)
    naive = msgspec.msgpack.encode(
        ["d", "osmand", b"r", None, frame.received_at.replace(tzinfo=None), None, None, []]
    )
    with pytest.raises(ValueError, match="not a Valvo frame message"):
        decode_frame(PACKED_V1 + naive)
    doc = json.loads(encode_frame_json(frame))
    doc["received_at"] = "2027-03-28T00:59:59"
    with pytest.raises(ValueError, match="time without a zone"):
        decode_frame(json.dumps(doc).encode())


def test_a_bundle_is_read_back_as_its_frames_in_order_with_their_resend_keys() -> None:
    numbered_key: Any = {7: "seven"}  # this one travels as JSON inside the bundle
    frames = [
        packet(),
        frame_of(fix(AT, device="dev-1"), key="k-1"),
        frame_of(replace(fix(AT, device="dev-2"), attributes=numbered_key), key="k-2"),
        frame_of(fix(AT + timedelta(seconds=1), device="dev-1"), key="k-3"),
    ]
    message = bundle_messages([encode_frame(f) for f in frames])
    assert message.startswith(BUNDLE_V1)
    again = decode_message(message)
    assert [f.dedup_key for f in again] == ["frame-key", "k-1", "k-2", "k-3"]
    assert again[:2] == frames[:2]
    assert again[3] == frames[3]
    assert again[2].entries[0].observation.attributes == {"7": "seven"}
    assert decode_message(encode_frame(frames[1])) == [frames[1]]  # a frame's own message


@pytest.mark.parametrize(
    "message",
    [
        BUNDLE_V1 + b"\xc1",
        BUNDLE_V1 + b"\x91\x01",  # an array of something else than frame messages
        bundle_messages([b"\x00\xff garbage"]),
    ],
)
def test_a_garbled_bundle_is_named(message: bytes) -> None:
    with pytest.raises(ValueError, match=r"not a Valvo (bundle|frame) message"):
        decode_message(message)
