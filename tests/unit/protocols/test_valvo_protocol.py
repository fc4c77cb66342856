"""The Valvo device protocol decoder (pure): every event type maps to its record and attribute
names, the signature and version are enforced with precise reasons, the ACK is signed, and no
input (random or a mutated valid message) raises anything but DecodeError."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from valvo.cli.main import app
from valvo.protocols.base import DecodeError, Session
from valvo.protocols.valvo.decoder import (
    AuthenticationError,
    ValvoDecoder,
    ack_for,
    encode_message,
    sign,
    split_signed,
    verify,
)

KEY = bytes(range(32))
T = "2026-11-23T10:00:00Z"
T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
JPEG = b"\xff\xd8\xff\xe0 not really a photo \xff\xd9"
JPEG_SHA = hashlib.sha256(JPEG).hexdigest()


def decoder() -> ValvoDecoder:
    return ValvoDecoder(lambda device: KEY if device == "HU-1" else None)


def decode(events: list[dict[str, Any]], seq: int = 7) -> Any:
    session = Session()
    result = decoder().decode(encode_message(KEY, "HU-1", seq, events), session)
    return result, session


CASES: list[tuple[dict[str, Any], str, dict[str, Any], tuple[str, ...]]] = [
    (
        {"type": "tag_in_range", "tag": "T-9", "rssi": -61},
        "presence",
        {"tag": "T-9", "inRange": True, "rssi": -61},
        (),
    ),
    ({"type": "tag_out_of_range", "tag": "T-9"}, "presence", {"tag": "T-9", "inRange": False}, ()),
    (
        {"type": "presence_check", "tag": "T-9", "seen": False, "officer": "O-3"},
        "presence",
        {"tag": "T-9", "inRange": False, "officer": "O-3"},
        (),
    ),
    ({"type": "strap_opened", "tag": "T-9"}, "event", {"tag": "T-9"}, ("removing",)),
    ({"type": "strap_closed", "tag": "T-9"}, "event", {"tag": "T-9"}, ()),
    ({"type": "case_opened"}, "event", {}, ("tampering",)),
    ({"type": "case_closed"}, "event", {}, ()),
    ({"type": "mains_lost"}, "event", {}, ("powerCut",)),
    ({"type": "mains_restored"}, "event", {}, ("powerRestored",)),
    (
        {"type": "battery", "level": 41, "voltage_mv": 3900},
        "event",
        {"batteryLevel": 41.0, "voltageMv": 3900},
        (),
    ),
    (
        {"type": "comms_test", "channel": "lte", "rssi": -85},
        "event",
        {"channel": "lte", "rssi": -85},
        (),
    ),
    (
        {"type": "officer_arrived", "fob": "F-1", "officer": "O-3"},
        "event",
        {"fob": "F-1", "officer": "O-3"},
        (),
    ),
    ({"type": "officer_departed", "fob": "F-1"}, "event", {"fob": "F-1"}, ()),
    (
        {
            "type": "alcohol_test",
            "test_id": "A-77",
            "outcome": "completed",
            "brac": 0.31,
            "identity_score": 0.94,
            "photo": {
                "sha256": JPEG_SHA,
                "ref": "IMG_0042",
                "jpeg": base64.b64encode(JPEG).decode(),
            },
        },
        "alcohol_test",
        {
            "testId": "A-77",
            "outcome": "completed",
            "brac": 0.31,
            "identityScore": 0.94,
            "photoSha256": JPEG_SHA,
            "photoRef": "IMG_0042",
            "photoBytes": len(JPEG),
        },
        (),
    ),
    (
        {"type": "alcohol_test", "test_id": "A-78", "outcome": "refused"},
        "alcohol_test",
        {"testId": "A-78", "outcome": "refused"},
        (),
    ),
]


@pytest.mark.parametrize(("event", "kind", "attributes", "alarms"), CASES)
def test_each_event_becomes_its_record(
    event: dict[str, Any], kind: str, attributes: dict[str, Any], alarms: tuple[str, ...]
) -> None:
    result, session = decode([{**event, "time": T}])
    (record,) = result.records
    assert (record.type, record.device, record.time, record.alarms) == (kind, "HU-1", T0, alarms)
    assert dict(record.attributes) == {"event": event["type"], "sequence": 7, **attributes}
    assert session.device == "HU-1"
    assert result.ack == ack_for(KEY, "HU-1", 7)


def test_the_ack_is_signed_with_the_device_key() -> None:
    result, _ = decode([{"type": "case_opened", "time": T}], seq=42)
    payload, digest = split_signed(result.ack)
    assert json.loads(payload) == {"v": 1, "device": "HU-1", "ack": 42}
    assert verify(KEY, payload, digest)
    assert not verify(b"another key", payload, digest)


def test_buffered_events_keep_their_own_times_and_places() -> None:
    result, _ = decode(
        [
            {"type": "tag_out_of_range", "tag": "T", "time": "2026-11-23T11:30:00+02:00"},
            {
                "type": "presence_check",
                "tag": "T",
                "seen": True,
                "time": T,
                "lat": 60.17,
                "lon": 24.94,
                "accuracy": 12,
            },
        ]
    )
    first, second = result.records
    assert first.time == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert (second.lat, second.lon, second.accuracy_m) == (60.17, 24.94, 12.0)


def test_an_altered_message_or_a_wrong_key_is_not_authentic() -> None:
    message = encode_message(KEY, "HU-1", 1, [{"type": "case_opened", "time": T}])
    altered = message.replace(b"case_opened", b"case_closed")
    with pytest.raises(AuthenticationError, match="signature of device HU-1 does not match"):
        decoder().decode(altered, Session())
    stranger = encode_message(KEY, "HU-2", 1, [{"type": "case_opened", "time": T}])
    with pytest.raises(AuthenticationError, match="no key was issued to device HU-2"):
        decoder().decode(stranger, Session())


def signed(payload: dict[str, Any] | str) -> bytes:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return sign(KEY, text.encode())


BAD: list[tuple[bytes, str]] = [
    (b'{"v":1}', "no signature line"),
    (b'{"v":1}\nHMAC-SHA256:zz', "not hexadecimal"),
    (b'{"v":1}\nHMAC-SHA256:abcd', "not 32 bytes"),
    (signed("[1, 2]"), "not a JSON object"),
    (signed("{bad json"), "not UTF-8 JSON"),
    (signed({"v": 2, "device": "HU-1", "seq": 1, "events": []}), "version 2 is not supported"),
    (signed({"v": 1, "device": "a b", "seq": 1, "events": []}), "device must be"),
    (signed({"v": 1, "device": "HU-1", "seq": True, "events": []}), "seq must be a whole number"),
    (signed({"v": 1, "device": "HU-1", "seq": 0, "events": []}), "seq 0 is outside"),
    (signed({"v": 1, "device": "HU-1", "seq": 2**63, "events": []}), "is outside 1..2^63-1"),
    (signed({"v": 1, "device": "HU-1", "seq": 1, "events": []}), "events must be a list of 1"),
    (
        signed({"v": 1, "device": "HU-1", "seq": 1, "events": [{"type": "x", "time": T}] * 65}),
        "events must be a list of 1 to 64",
    ),
    (b"x" * (64 * 1024 + 1), "is over 65536"),
]


@pytest.mark.parametrize(("message", "reason"), BAD)
def test_malformed_messages_are_refused_with_a_reason(message: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=re.escape(reason)):
        decoder().decode(message, Session())


BAD_EVENTS: list[tuple[dict[str, Any], str]] = [
    ({"type": "teleported", "time": T}, "event 1 has unknown type 'teleported'"),
    ({"type": "case_opened"}, r"event 1 \(case_opened\): time is missing"),
    ({"type": "case_opened", "time": "2026-11-23T10:00:00"}, "time has no zone"),
    ({"type": "case_opened", "time": "1970-01-01T00:00:00Z"}, "is not plausible"),
    ({"type": "tag_in_range", "time": T, "tag": "T"}, "rssi must be a number"),
    ({"type": "tag_in_range", "time": T, "tag": "T", "rssi": -200}, "rssi -200 is outside -130..0"),
    ({"type": "tag_in_range", "time": T, "tag": "T", "rssi": -60.5}, "rssi must be a whole number"),
    ({"type": "strap_opened", "time": T}, "tag must be 1-64"),
    (
        {"type": "presence_check", "time": T, "tag": "T", "seen": "yes"},
        "seen must be true or false",
    ),
    ({"type": "battery", "time": T, "level": 140}, "level 140 is outside 0..100"),
    ({"type": "comms_test", "time": T, "channel": "pigeon"}, "channel must be"),
    (
        {"type": "alcohol_test", "time": T, "test_id": "A", "outcome": "completed", "brac": 0.1},
        "a completed test needs its photo",
    ),
    (
        {"type": "alcohol_test", "time": T, "test_id": "A", "outcome": "refused", "brac": 0.1},
        "brac given for a test whose outcome is refused",
    ),
    (
        {"type": "alcohol_test", "time": T, "test_id": "A", "outcome": "maybe"},
        "outcome must be one of",
    ),
    (
        {
            "type": "alcohol_test",
            "time": T,
            "test_id": "A",
            "outcome": "completed",
            "brac": 0.0,
            "photo": {"sha256": "0" * 64, "jpeg": base64.b64encode(JPEG).decode()},
        },
        "photo.jpeg does not match photo.sha256",
    ),
    (
        {
            "type": "alcohol_test",
            "time": T,
            "test_id": "A",
            "outcome": "completed",
            "brac": 0.0,
            "photo": {"sha256": JPEG_SHA},
            "identity_score": 1.5,
        },
        "identity_score 1.5 is outside 0..1",
    ),
]


@pytest.mark.parametrize(("event", "reason"), BAD_EVENTS)
def test_bad_events_are_refused_naming_the_event_and_field(
    event: dict[str, Any], reason: str
) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode([{"type": "case_closed", "time": T}, event])


def test_without_keys_the_decoder_says_the_signature_was_not_checked() -> None:
    message = encode_message(KEY, "HU-1", 3, [{"type": "mains_lost", "time": T}])
    result = ValvoDecoder().decode(message, Session())
    assert result.warnings == ("signature_unverified",)
    assert result.ack is None
    assert result.records[0].alarms == ("powerCut",)


def test_valvo_decode_prints_the_contract() -> None:
    message = encode_message(KEY, "HU-1", 3, [{"type": "battery", "time": T, "level": 80}])
    out = CliRunner().invoke(app, ["decode", "valvo", "--text", message.decode()])
    assert out.exit_code == 0, out.output
    record = json.loads(out.output.splitlines()[0])
    assert (record["type"], record["device"], record["battery_pct"]) == ("event", "HU-1", 80.0)
    assert record["time"].startswith("2026-11-23T10:00:00")
    bad = CliRunner().invoke(app, ["decode", "valvo", "--text", "nonsense"])
    assert bad.exit_code == 2


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID = encode_message(
    KEY,
    "HU-1",
    9,
    [
        {"type": "tag_in_range", "time": T, "tag": "T", "rssi": -50},
        {
            "type": "alcohol_test",
            "time": T,
            "test_id": "A",
            "outcome": "completed",
            "brac": 0.2,
            "photo": {"sha256": JPEG_SHA},
        },
    ],
)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_only_ever_raise_decode_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        decoder().decode(data, Session())


@FUZZ
@given(st.data())
def test_a_mutated_message_is_refused_unless_its_signed_bytes_are_intact(
    data: st.DataObject,
) -> None:
    message = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(message)))
        operation = data.draw(st.sampled_from(["flip", "drop", "insert", "truncate"]))
        if operation == "truncate":
            del message[position:]
        elif operation == "insert":
            message[position:position] = data.draw(st.binary(min_size=1, max_size=3))
        elif position < len(message):
            if operation == "drop":
                del message[position]
            else:
                message[position] ^= data.draw(st.integers(1, 255))
    try:
        result = decoder().decode(bytes(message), Session())
    except DecodeError:
        return
    assert split_signed(bytes(message)) == split_signed(VALID)  # accepted only if unaltered
    assert len(result.records) == 2
