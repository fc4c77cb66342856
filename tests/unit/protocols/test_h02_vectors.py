"""Every H02 vector of the corpus: decoder vectors through `valvo decode`, frame vectors through
the stream splitter, encoder vectors byte for byte."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support.vectors import (
    TOLERANCE_DEG,
    assert_expectation,
    parse_time,
    run_decode,
    vectors,
)
from valvo.protocols.base import DecodeError
from valvo.protocols.h02.commands import encode_command
from valvo.protocols.h02.splitter import MAX_FRAME, H02Splitter

DECODER = vectors("h02")
FRAMES = vectors("h02", "frame")
ENCODER = vectors("h02", "encoder")
KNOT_KMH = 1.852

# h02-015 has an empty device-id field: the id comes from the connection (an earlier frame), as
# Traccar's session gives it; `--device` is that earlier identity.
_SESSION_DEVICE = {"h02-015": "4210209006"}


def _run(vector: dict[str, Any]) -> Any:
    device = _SESSION_DEVICE.get(vector["id"])
    return run_decode("h02", vector, *(("--device", device) if device else ()))


@pytest.mark.parametrize("vector", DECODER, ids=[v["id"] for v in DECODER])
def test_h02_decoder_vector(vector: dict[str, Any]) -> None:
    run = _run(vector)
    derived = vector.get("derived", {})
    # VP1 fixes carry a date but no time of day, and h02-049 has neither: the reference parse
    # gives those no fixTime, and the gateway stamps them with the receive time.
    has_time = "latitude" not in derived or derived.get("fixTime") is not None
    assert_expectation(run, vector, message_has_time=has_time)
    if vector["expect"]["result"] == "none" or not run.records:
        return
    record = run.records[0]
    if "device_id" in derived:
        assert record["device"] == (derived["device_id"] or _SESSION_DEVICE[vector["id"]])
    if "latitude" in derived:
        assert record["lat"] == pytest.approx(derived["latitude"], abs=TOLERANCE_DEG)
        assert record["lon"] == pytest.approx(derived["longitude"], abs=TOLERANCE_DEG)
        assert record["valid"] is derived["valid"]
        assert record["speed_kmh"] == pytest.approx(derived["speed_knots"] * KNOT_KMH)
        assert record["course"] == pytest.approx(derived["course"])
    if derived.get("fixTime"):
        assert parse_time(record["time"]) == parse_time(derived["fixTime"])
    if "fixDate" in derived:
        assert record["attributes"]["fixDate"] == derived["fixDate"]
    if "status_hex" in derived:
        assert record["attributes"]["status"] == int(derived["status_hex"], 16)
    if derived.get("battery_level") is not None:
        assert record["battery_pct"] == derived["battery_level"]


def _ack(vector: dict[str, Any]) -> str | None:
    run = _run(vector)
    acks = {r["ack"] for r in run.records}
    assert len(acks) == 1
    ack = acks.pop()
    return None if ack is None else bytes.fromhex(ack).decode()


def test_v1_is_acknowledged_with_its_own_fix_time() -> None:
    vector = next(v for v in DECODER if v["id"] == "h02-050")
    assert _ack(vector) == "*HQ,4210051415,V4,V1,20151222164549#"


def test_v1_without_a_date_gets_no_ack() -> None:
    vector = next(v for v in DECODER if v["id"] == "h02-049")
    assert _ack(vector) is None


def test_heartbeats_are_echoed() -> None:
    vector = next(v for v in DECODER if v["id"] == "h02-008")
    assert _ack(vector) == "*HQ,135790246811220,HTBT#"


def test_nbr_is_acknowledged() -> None:
    vector = next(v for v in DECODER if v["id"] == "h02-040")
    assert _ack(vector) == "*HQ,1600068812,V4,NBR,20161215141335#"


def test_status_word_alarms() -> None:
    # FFFFFBFD: bit 1 cleared (SOS); EFE7F9FF: bit 19 cleared (external power cut).
    sos = run_decode("h02", next(v for v in DECODER if v["id"] == "h02-071"))
    assert sos.records[0]["alarms"] == ["sos"]
    cut = run_decode("h02", next(v for v in DECODER if v["id"] == "h02-032"))
    assert cut.records[0]["alarms"] == ["powerCut"]


@pytest.mark.parametrize("vector", FRAMES, ids=[v["id"] for v in FRAMES])
def test_h02_frame_vector(vector: dict[str, Any]) -> None:
    buffer = bytearray.fromhex(vector["raw"])
    frames = H02Splitter().split(buffer)
    assert frames[0].hex() == vector["expect"]["first_frame"]


def test_splitter_keeps_an_incomplete_tail() -> None:
    first = b"*HQ,1,V1,010203,A,5002.5849,N,01433.7822,E,0.00,000,140613,FFFFFFFF#\r\n"
    buffer = bytearray(first + b"*HQ,1,V1,0102")
    assert H02Splitter().split(buffer) == [first.rstrip(b"\r\n")]
    assert buffer == bytearray(b"*HQ,1,V1,0102")


def test_splitter_refuses_garbage_and_endless_frames() -> None:
    with pytest.raises(DecodeError):
        H02Splitter().split(bytearray(b"GET / HTTP/1.1\r\n"))
    with pytest.raises(DecodeError):
        H02Splitter().split(bytearray(b"*HQ," + b"1" * MAX_FRAME))


@pytest.mark.parametrize("vector", ENCODER, ids=[v["id"] for v in ENCODER])
def test_h02_encoder_vector(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    clock = expect["time_hhmmss"]
    sent_at = datetime(2024, 1, 1, int(clock[:2]), int(clock[2:4]), int(clock[4:]), tzinfo=UTC)
    encoded = encode_command(
        expect["device_unique_id"],
        expect["command"],
        sent_at,
        frequency_s=expect.get("frequency_s"),
    )
    assert encoded == vector["raw"].encode("ascii")
