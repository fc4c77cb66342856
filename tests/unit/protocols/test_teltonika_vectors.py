"""Every Teltonika vector of the corpus: decoder vectors through `valvo decode` (TCP and UDP),
the reference parse's values, both integrity modes, frame vectors through the splitter, encoder
vectors byte for byte, and a replay of the decoder test in order through one session."""

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
from valvo.protocols.teltonika.decoder import (
    MAX_FRAME,
    TeltonikaDecoder,
    TeltonikaSplitter,
    encode_command,
)

DECODER = vectors("teltonika")
FRAMES = vectors("teltonika", "frame")
ENCODER = vectors("teltonika", "encoder")
# The corpus' IMEI handshake (teltonika-001). Traccar's test session hands every later message
# of the connection that device; `--device` is how `valvo decode` is told the same.
HANDSHAKE_IMEI = "123456789012345"
_INTEGRITY_FLAGS = ("length_ok", "crc16_ibm_ok", "trailing_count_ok")


def _options(vector: dict[str, Any]) -> list[str]:
    context = vector["context"]
    options = ["--device", HANDSHAKE_IMEI] if context.get("needs_prior_login") else []
    if context.get("model"):
        options += ["--model", context["model"]]
    # context.extended (an extra 16-byte IO group) needs no option: the decoder detects it.
    return options


def _bad_frame(derived: dict[str, Any]) -> bool:
    return any(derived.get(flag) is False for flag in _INTEGRITY_FLAGS)


@pytest.mark.parametrize("vector", DECODER, ids=[v["id"] for v in DECODER])
def test_teltonika_decoder_vector(vector: dict[str, Any]) -> None:
    run = run_decode("teltonika", vector, *_options(vector))
    # "none" vectors: the IMEI handshake (Traccar returns nothing; Valvo returns a login record
    # carrying the 01 ACK) and the FF keepalive (a heartbeat record) are bookkeeping records;
    # camera chunks (codec 12 type 0x0D) decode to no record, as in Traccar.
    assert_expectation(run, vector)
    derived = vector.get("derived", {})
    acks = {record["ack"] for record in run.records}
    if "server_ack_hex" in derived:
        assert acks <= {derived["server_ack_hex"]}
    if derived.get("packet") == "imei":
        assert run.records[0]["type"] == "login"
        assert run.records[0]["device"] == derived["imei"]
    for record, expected in zip(run.records, derived.get("records", []), strict=False):
        _assert_record(record, expected)
    if "records" in derived and "fixTime" in derived["records"][0]:
        assert len(run.records) == derived["record_count"]
    for record, response in zip(run.records, derived.get("responses", []), strict=False):
        # Codec 12/13 responses: Traccar returns a position carrying the text in `result`;
        # Valvo returns a `reply` record with the same `result`.
        assert record["type"] == "reply"
        expected = response.get("text") or response["payload_hex"]
        assert record["attributes"]["result"].startswith(expected)
        if "timestamp" in response:
            assert parse_time(record["time"]) == parse_time(response["timestamp"])


def _assert_record(record: dict[str, Any], expected: dict[str, Any]) -> None:
    assert parse_time(record["time"]) == parse_time(expected["fixTime"])
    if "latitude" not in expected:  # a codec 7 record without a GPS element
        assert record["lat"] is None
        return
    assert record["lat"] == pytest.approx(expected["latitude"], abs=TOLERANCE_DEG)
    assert record["lon"] == pytest.approx(expected["longitude"], abs=TOLERANCE_DEG)
    assert record["altitude_m"] == expected["altitude"]
    assert record["course"] == pytest.approx(expected["course"], abs=1e-3)  # rounded in corpus
    assert record["satellites"] == expected["satellites"]
    assert record["speed_kmh"] == expected["speed_kmh"]
    if "valid" in expected:
        assert record["valid"] is expected["valid"]
    for io_id, value in expected.get("io", {}).items():
        assert record["attributes"][f"io{io_id}"] == value, io_id


INTEGRITY = [v for v in DECODER if any(f in v.get("derived", {}) for f in _INTEGRITY_FLAGS)]


@pytest.mark.parametrize("vector", INTEGRITY, ids=[v["id"] for v in INTEGRITY])
def test_integrity_policy(vector: dict[str, Any]) -> None:
    """A frame the reference parse flags (bad CRC, length field or second count) still decodes
    with a warning; a strict session rejects it. A clean frame has no warning either way."""
    message = bytes.fromhex(vector["raw"])
    derived = vector["derived"]
    lenient = TeltonikaDecoder().decode(message, Session(device=HANDSHAKE_IMEI))
    expected = set()
    if derived.get("crc16_ibm_ok") is False:
        expected.add("crc_mismatch")
    if derived.get("length_ok") is False or derived.get("trailing_count_ok") is False:
        expected.add("length_mismatch")
    assert set(lenient.warnings) == expected
    strict = Session(device=HANDSHAKE_IMEI, strict=True)
    if _bad_frame(derived):
        with pytest.raises(DecodeError, match="mismatch"):
            TeltonikaDecoder().decode(message, strict)
        run = run_decode("teltonika", vector, *_options(vector), "--strict")
        assert run.exit_code == 2
        assert run.records == []
    else:
        assert TeltonikaDecoder().decode(message, strict).records == lenient.records


def test_udp_datagram_is_acknowledged_with_its_packet_id() -> None:
    vector = next(v for v in DECODER if v["context"].get("connectionless"))
    session = Session()
    result = TeltonikaDecoder().decode(bytes.fromhex(vector["raw"]), session)
    # Traccar writes 0000 in the packet-id slot; Valvo echoes the id, as the vendor specifies.
    assert result.ack == bytes.fromhex("0005cafe012201")
    assert session.device == vector["derived"]["imei"]
    assert [r.device for r in result.records] == [vector["derived"]["imei"]]


def test_extended_io_group_is_detected_without_configuration() -> None:
    vector = next(v for v in DECODER if v["context"].get("extended") and v["id"] == "teltonika-047")
    result = TeltonikaDecoder().decode(bytes.fromhex(vector["raw"]), Session())
    assert len(result.records) == 11
    assert result.records[0].attributes["io203"] == "00" * 16
    assert result.warnings == ()


def test_event_io_elements_become_alarms() -> None:
    vector = next(v for v in DECODER if v["id"] == "teltonika-008")
    records = TeltonikaDecoder().decode(bytes.fromhex(vector["raw"]), Session()).records
    assert [r.alarms for r in records] == [("accident",), (), ("powerCut",), ("accident",)]
    assert records[0].attributes["ignition"] is False
    assert records[0].attributes["batteryLevel"] == 87
    assert records[0].battery_pct == 87


def test_replay_of_the_decoder_test_in_order_through_one_session() -> None:
    """Traccar's testDecode in `source.seq` order on one connection: the handshake names the
    device, and every later record carries it without `--device`."""
    session = Session()
    decoder = TeltonikaDecoder()
    ordered = sorted(
        (v for v in DECODER if v["source"]["test"].endswith(".testDecode")),
        key=lambda v: v["source"]["seq"],
    )
    assert ordered[0]["derived"]["packet"] == "imei"
    for vector in ordered:
        result = decoder.decode(bytes.fromhex(vector["raw"]), session)
        assert all(record.device == HANDSHAKE_IMEI for record in result.records), vector["id"]
    assert session.device == HANDSHAKE_IMEI


@pytest.mark.parametrize("vector", FRAMES, ids=[v["id"] for v in FRAMES])
def test_teltonika_frame_vector(vector: dict[str, Any]) -> None:
    buffer = bytearray.fromhex(vector["raw"])
    frames = TeltonikaSplitter().split(buffer)
    assert frames[0] == bytes.fromhex(vector["expect"]["first_frame"])


def test_splitter_reassembles_a_stream_fed_byte_by_byte() -> None:
    clean = [v for v in DECODER if v["transport"] == "tcp" and not _bad_frame(v.get("derived", {}))]
    stream = b"".join(bytes.fromhex(v["raw"]) for v in clean)
    splitter, buffer, frames = TeltonikaSplitter(), bytearray(), []
    for byte in stream:
        buffer.append(byte)
        frames += splitter.split(buffer)
    assert frames == [bytes.fromhex(v["raw"]) for v in clean]
    assert buffer == bytearray()


@pytest.mark.parametrize(
    ("stream", "reason"),
    [
        ("0000000100000000", "preamble"),
        ("00000000ffffffff", "not plausible"),
        ("00000000" + f"{MAX_FRAME:08x}", "not plausible"),
        ("00ff", "IMEI length"),
    ],
)
def test_splitter_rejects_garbage_and_absurd_lengths(stream: str, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        TeltonikaSplitter().split(bytearray.fromhex(stream))


def test_splitter_keeps_an_incomplete_tail() -> None:
    packet = bytes.fromhex(next(v for v in DECODER if v["id"] == "teltonika-019")["raw"])
    buffer = bytearray(packet[:-1])
    assert TeltonikaSplitter().split(buffer) == []
    assert bytes(buffer) == packet[:-1]


@pytest.mark.parametrize("vector", ENCODER, ids=[v["id"] for v in ENCODER])
def test_teltonika_encoder_vector(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    payload = bytes.fromhex(expect["data_hex"]) if "data_hex" in expect else expect["data"].encode()
    assert encode_command(payload) == bytes.fromhex(vector["raw"])


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("00000000000000030801", "too short"),
        ("0000000000000003990100" + "0000a0c0", "unsupported codec"),
        ("000000000000000f0801" + "00" * 10 + "0100000000", "truncated"),
    ],
)
def test_invalid_packets_exit_2_with_a_reason(raw: str, reason: str) -> None:
    run = run_decode("teltonika", {"kind": "hex", "raw": raw})
    assert run.exit_code == 2
    assert run.records == []
    assert reason in run.stderr
