"""Every Meitrack vector of the corpus: decoder vectors (text AAA/AFF, binary CCC/CCE, replies)
through `valvo decode`, the reference parse's values, both integrity modes, the frame vector
through the splitter and the encoder vectors byte for byte."""

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
from valvo.protocols.meitrack.decoder import (
    MAX_FRAME,
    MeitrackDecoder,
    MeitrackSplitter,
    encode_command,
    server_frame,
)

DECODER = vectors("meitrack")
FRAMES = vectors("meitrack", "frame")
ENCODER = vectors("meitrack", "encoder")
BY_ID = {v["id"]: v for v in DECODER}


def _message(vector: dict[str, Any]) -> bytes:
    raw: str = vector["raw"]
    return bytes.fromhex(raw) if vector["kind"] == "hex" else raw.encode("latin-1")


@pytest.mark.parametrize("vector", DECODER, ids=[v["id"] for v in DECODER])
def test_meitrack_decoder_vector(vector: dict[str, Any]) -> None:
    run = run_decode("meitrack", vector)
    if vector["id"] == "meitrack-002":
        # Traccar stores the photo under a date folder it derives from the file name
        # ("2025-06-07/..."); Valvo reports the file name the device sent.
        expect = {**vector["expect"], "attributes": {}}
        assert_expectation(run, {**vector, "expect": expect})
        assert run.records[0]["attributes"]["image"] == "20250607122041_CH1_dca.jpg"
    else:
        # "none": the AAC handshake is a login record carrying its ACK; photo transfer (D00,
        # D03) decodes to no record, as in Traccar.
        assert_expectation(run, vector)
    derived = vector.get("derived", {})
    if "imei" in derived:
        assert all(record["device"] == derived["imei"] for record in run.records)
    expected = derived.get("records") or ([derived] if "latitude" in derived else [])
    if expected:
        assert len(run.records) == len(expected)
    for record, reference in zip(run.records, expected, strict=False):
        _assert_record(record, reference)


def _assert_record(record: dict[str, Any], reference: dict[str, Any]) -> None:
    assert record["lat"] == pytest.approx(reference["latitude"], abs=TOLERANCE_DEG)
    assert record["lon"] == pytest.approx(reference["longitude"], abs=TOLERANCE_DEG)
    assert parse_time(record["time"]) == parse_time(reference["fixTime"])
    assert record["valid"] is reference["valid"]
    assert record["satellites"] == reference["satellites"]
    assert record["speed_kmh"] == reference["speed_kmh"]
    assert record["course"] == reference["course"]
    assert record["altitude_m"] == reference["altitude"]
    attributes = record["attributes"]
    assert attributes["event"] == reference["event"]
    assert attributes["rssi"] == reference["gsm"]
    for key, name in (("battery_v", "battery"), ("power_v", "power"), ("odometer_m", "odometer")):
        if key in reference:
            assert attributes[name] == pytest.approx(reference[key]), name
    if "battery_level" in reference:
        assert record["battery_pct"] == reference["battery_level"]
    if "hdop" in reference:
        assert attributes["hdop"] == pytest.approx(reference["hdop"])


INTEGRITY = [v for v in DECODER if "checksum_ok" in v.get("derived", {})]


@pytest.mark.parametrize("vector", INTEGRITY, ids=[v["id"] for v in INTEGRITY])
def test_integrity_policy(vector: dict[str, Any]) -> None:
    """A frame with a wrong checksum or length field decodes with a warning; strict rejects it."""
    derived = vector["derived"]
    expected = set()
    if derived["checksum_ok"] is False:
        expected.add("crc_mismatch")
    if derived["length_ok"] is False:
        expected.add("length_mismatch")
    result = MeitrackDecoder().decode(_message(vector), Session())
    assert set(result.warnings) == expected
    if expected:
        with pytest.raises(DecodeError, match="mismatch"):
            MeitrackDecoder().decode(_message(vector), Session(strict=True))
        assert run_decode("meitrack", vector, "--strict").exit_code == 2
    else:
        assert MeitrackDecoder().decode(_message(vector), Session(strict=True)) == result


def test_ccc_history_is_acknowledged_with_its_record_count() -> None:
    result = MeitrackDecoder().decode(_message(BY_ID["meitrack-050"]), Session())
    assert len(result.records) == 18
    assert result.ack == server_frame("369800013460674", "CCC", "18", flag="G")
    assert result.ack.startswith(b"@@G28,369800013460674,CCC,18*")


def test_handshake_is_answered() -> None:
    session = Session()
    result = MeitrackDecoder().decode(_message(BY_ID["meitrack-051"]), session)
    assert result.records[0].type == "login"
    assert session.device == "861451040910625"
    assert result.ack == server_frame("861451040910625", "AAC", "1", flag="z")
    assert result.ack is not None
    assert result.ack.startswith(b"@@z27,861451040910625,AAC,1*")


def test_events_become_alarms() -> None:
    sos = MeitrackDecoder().decode(_message(BY_ID["meitrack-029"]), Session()).records[0]
    assert sos.alarms == ("sos",)
    assert sos.type == "alarm"
    cut = MeitrackDecoder().decode(_message(BY_ID["meitrack-013"]), Session()).records
    assert [r.attributes["event"] for r in cut] == [35, 22, 1]
    assert [r.alarms for r in cut] == [(), ("powerRestored",), ("sos",)]


def test_rfid_event_carries_the_card() -> None:
    record = MeitrackDecoder().decode(_message(BY_ID["meitrack-011"]), Session()).records[0]
    assert record.attributes["driverUniqueId"] == "12165644"


@pytest.mark.parametrize("vector", FRAMES, ids=[v["id"] for v in FRAMES])
def test_meitrack_frame_vector(vector: dict[str, Any]) -> None:
    frames = MeitrackSplitter().split(bytearray.fromhex(vector["raw"]))
    assert frames[0] == bytes.fromhex(vector["expect"]["first_frame"])


def test_splitter_reassembles_a_stream_fed_in_small_pieces() -> None:
    frames_in = [
        _message(v)
        for v in DECODER
        if v["derived"].get("crlf_present") and v["derived"].get("length_ok")
    ]
    stream = b"".join(frames_in)
    splitter, buffer, frames = MeitrackSplitter(), bytearray(), []
    for start in range(0, len(stream), 5):
        buffer += stream[start : start + 5]
        frames += splitter.split(buffer)
    assert frames == frames_in
    assert buffer == bytearray()


@pytest.mark.parametrize(
    ("stream", "reason"),
    [
        (b"AAA,1,2", "\\$\\$"),
        (b"$$A1234567,", "length"),
        (b"$$Axy,", "decimal"),
        (f"$$A{MAX_FRAME},".encode(), "not plausible"),
    ],
)
def test_splitter_rejects_garbage_and_absurd_lengths(stream: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        MeitrackSplitter().split(bytearray(stream))


@pytest.mark.parametrize("vector", ENCODER, ids=[v["id"] for v in ENCODER])
def test_meitrack_encoder_vector(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    params: dict[str, tuple[str, ...]] = {
        "positionSingle": ("A10",),
        "requestPhoto": ("D03", "1", "camera_picture.jpg"),
        "sendSms": ("C02", "0", expect.get("phone", ""), expect.get("message", "")),
    }
    command, *args = params[expect["command"]]
    assert encode_command(expect["device_unique_id"], command, *args) == _message(vector)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("AAA", "does not start with $$"),
        ("$$A10,123,AAA,1*00", "latitude is missing"),
        ("$$A10,abc,AAA*00", "IMEI"),
        ("$$A28,864606044993987,AAA,35*", "checksum"),
    ],
)
def test_invalid_messages_exit_2_with_a_reason(raw: str, reason: str) -> None:
    run = run_decode("meitrack", {"kind": "text", "raw": raw})
    assert run.exit_code == 2
    assert run.records == []
    assert reason in run.stderr
