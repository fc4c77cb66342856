"""Every Queclink @Track (gl200) vector of the corpus: decoder vectors through `valvo decode`,
frame vectors through the stream splitter."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.vectors import (
    TOLERANCE_DEG,
    assert_expectation,
    parse_time,
    run_decode,
    vectors,
)
from valvo.protocols.base import DecodeError, Session
from valvo.protocols.gl200.decoder import Gl200Decoder
from valvo.protocols.gl200.fields import parse_time as gl200_time
from valvo.protocols.gl200.frames import MAX_FRAME, Gl200Splitter

DECODER = vectors("gl200")
TEXT = [v for v in DECODER if v["kind"] == "text"]
BINARY = [v for v in DECODER if v["kind"] == "hex"]
FRAMES = vectors("gl200", "frame")

# Where the reference parse (`derived`, not asserted by Traccar) reads a header field Valvo reads
# differently, and why.
_HEADER_DEVIATIONS: dict[str, dict[str, Any]] = {
    # Old firmware puts the IMEI first, with no protocol version or device name; the reference
    # parse reads the modern header and takes the next field ("1") as the IMEI.
    "gl200-096": {"imei": "862370030005908"},
    # Truncated: no count number, and a 12-digit send time. The reference parse takes that time
    # as the count; Valvo finds no count and sends no SACK.
    "gl200-045": {"server_ack_if_enabled": None},
    # Old layout that ends with the protocol version, not a count (Traccar decodes nothing).
    "gl200-156": {"server_ack_if_enabled": None},
}


def _derived(vector: dict[str, Any]) -> dict[str, Any]:
    return {**vector["derived"], **_HEADER_DEVIATIONS.get(vector["id"], {})}


@pytest.mark.parametrize("vector", TEXT, ids=[v["id"] for v in TEXT])
def test_gl200_text_vector(vector: dict[str, Any]) -> None:
    run = run_decode("gl200", vector)
    assert_expectation(run, vector)
    derived = _derived(vector)
    if vector["expect"]["result"] == "none" or not run.records:
        return
    assert {r["device"] for r in run.records} == {derived["imei"]}
    located = [r for r in run.records if r["lat"] is not None]
    assert len(located) == len(derived["gps_points"])
    for record, point in zip(located, derived["gps_points"], strict=True):
        assert record["lat"] == pytest.approx(point["latitude"], abs=TOLERANCE_DEG)
        assert record["lon"] == pytest.approx(point["longitude"], abs=TOLERANCE_DEG)
        assert parse_time(record["time"]) == parse_time(point["fixTime"])
        assert record["speed_kmh"] == point["speed_kmh"]
        assert record["course"] == point["course"]
        assert record["altitude_m"] == point["altitude"]
    if not located and derived.get("send_time"):
        # A report without a fix is stamped with its send time.
        assert run.records[0]["time"] == parse_time_text(derived["send_time"])
    archived = {r.get("attributes", {}).get("archive", False) for r in run.records}
    assert archived == {derived["prefix"] == "+BUFF"}


def parse_time_text(send_time: str) -> str:
    parsed = gl200_time(send_time)
    assert parsed is not None
    return parsed.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@pytest.mark.parametrize(
    "vector", [v for v in TEXT if "server_ack" in v["derived"]], ids=lambda v: v["id"]
)
def test_heartbeat_is_answered(vector: dict[str, Any]) -> None:
    run = run_decode("gl200", vector)
    assert {r["ack"] for r in run.records} == {vector["derived"]["server_ack"].encode().hex()}


@pytest.mark.parametrize(
    "vector",
    [v for v in TEXT if "server_ack_if_enabled" in v["derived"]],
    ids=lambda v: v["id"],
)
def test_sack_when_enabled(vector: dict[str, Any]) -> None:
    message = vector["raw"].encode("latin-1")
    assert Gl200Decoder().decode(message, Session()).ack is None
    acked = Gl200Decoder(sack=True).decode(message, Session())
    expected = _derived(vector)["server_ack_if_enabled"]
    assert acked.ack == (None if expected is None else expected.encode())


@pytest.mark.parametrize("vector", BINARY, ids=[v["id"] for v in BINARY])
def test_gl200_binary_vector_is_refused(vector: dict[str, Any]) -> None:
    # Deliberate deviation for 7 of these 8 vectors (gl200-198, a binary +ACK, expects nothing and
    # matches). Binary @Track content is laid out by report masks defined in Queclink's binary
    # specification, which the corpus README does not give; Valvo checks the framing and refuses
    # the content loudly instead of guessing a layout. Devices are to be set to ASCII reports.
    run = run_decode("gl200", vector)
    assert run.exit_code == 2
    assert run.records == []
    assert "not decoded" in run.stderr


def test_a_binary_frame_with_a_wrong_length_is_reported() -> None:
    frame = bytes.fromhex(next(v for v in BINARY if v["id"] == "gl200-198")["raw"])
    with pytest.raises(DecodeError, match="length field"):
        Gl200Decoder().decode(frame + b"\x00", Session())


def test_harsh_behaviour_alarms_follow_the_report_type() -> None:
    kinds = {v["id"]: v for v in TEXT}
    alarms = [
        run_decode("gl200", kinds[i]).records[0]["alarms"]
        for i in ("gl200-166", "gl200-167", "gl200-017")
    ]
    assert alarms == [["hardBraking"], ["hardAcceleration"], ["hardCornering"]]


def test_several_gps_blocks_give_several_records() -> None:
    vector = next(v for v in TEXT if v["id"] == "gl200-065")
    records = run_decode("gl200", vector).records
    assert len(records) == 4
    assert {r["battery_pct"] for r in records} == {83.0}


@pytest.mark.parametrize("vector", FRAMES, ids=[v["id"] for v in FRAMES])
def test_gl200_frame_vector(vector: dict[str, Any]) -> None:
    buffer = bytearray.fromhex(vector["raw"])
    frames = Gl200Splitter().split(buffer)
    assert frames[0].hex() == vector["expect"]["first_frame"]


def test_splitter_mixes_text_and_binary_and_keeps_the_tail() -> None:
    binary = bytes.fromhex(next(v for v in FRAMES if v["id"] == "gl200-201")["raw"])
    text = b"+ACK:GTHBD,1A0401,135790246811220,,20100214093254,11F0"
    buffer = bytearray(text + b"$\r\n" + binary + text + b"\x00" + binary[:20])
    assert Gl200Splitter().split(buffer) == [text, binary, text]
    assert buffer == bytearray(binary[:20])


def test_splitter_refuses_garbage_and_endless_frames() -> None:
    with pytest.raises(DecodeError):
        Gl200Splitter().split(bytearray(b"GET / HTTP/1.1\r\n"))
    with pytest.raises(DecodeError):
        Gl200Splitter().split(bytearray(b"+RESP:GTFRI," + b"1" * MAX_FRAME))
