"""Every GT06/Concox vector of the corpus: decoder vectors through `valvo decode`, the reference
parse's values, both integrity modes, frame vectors through the splitter, the encoder vector
byte for byte, and a replay of Traccar's decoder test in order through one session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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
from valvo.protocols.gt06.decoder import (
    MAX_FRAME,
    Gt06Decoder,
    Gt06Splitter,
    acknowledgement,
    encode_command,
    time_response,
)

DECODER = vectors("gt06")
FRAMES = vectors("gt06", "frame")
ENCODER = vectors("gt06", "encoder")
BY_ID = {v["id"]: v for v in DECODER}

# Where Valvo's result differs from Traccar's assertion, and why. The rest of each vector's
# expectation (shape, location checks, the reference parse) is still checked.
DEVIATIONS = {
    # Traccar's expected altitude is the frame's CRC (0x8429) read as a signed altitude; Valvo
    # reads the altitude before the serial: 687 m (the same car reports 678 m in gt06-022).
    "gt06-021": ("altitude", 687.0),
    # Valvo reports every alarm the frame signals: the SOS of the terminal-info bits and the
    # alarm byte's fence-in (0x04). Traccar keeps one.
    "gt06-032": ("alarm", "sos,geofenceEnter"),
    # Undocumented vendor extensions after the standard blocks; no public layout, so Valvo does
    # not guess at them (the standard fields of these messages are decoded and checked).
    "gt06-010": ("steps", None),  # 19-byte 0xA3 wearable status
    "gt06-027": ("temp1", None),  # 16 bytes after the 0x22 mileage
    "gt06-035": ("drivingTime", None),  # 10 bytes after a 0x12 cell block
    "gt06-055": ("temp1", None),  # 12 bytes after a 0x12 cell block
    "gt06-071": ("adc1", None),  # 0x34 after its GPS block
}
# An 18-byte 0x36 without a GPS block: no public layout and nothing Valvo can read from it
# (Traccar reads a battery voltage); it decodes to its ACK alone.
NO_RECORD = {"gt06-018"}
# ACKs that differ from the reference parse's: the time request is answered with the time by
# the gateway (time_response), and frames without a serial (Wi-Fi reports whose length byte
# is the Wi-Fi count, a 1-byte length field) get none; the reference parse read a "serial"
# from their payload.
NO_ACK = {"gt06-099", "gt06-106", "gt06-107", "gt06-160", "gt06-162"}
# Frames the reference parse flags as bad length that Valvo reads as the Wi-Fi report variant
# (the length byte is the Wi-Fi count, no CRC): their counts must add up to the frame exactly,
# which is what Valvo checks, and they do.
WIFI_COUNT = {
    v["id"]
    for v in DECODER
    if v["derived"].get("protocol_number") in ("0x17", "0x69")
    and v["derived"].get("length_ok") is False
}


def _login_before(vector: dict[str, Any]) -> str | None:
    """The IMEI of the latest login before ``vector`` in Traccar's test (source.seq order)."""
    seq = vector["source"]["seq"]
    logins = [v for v in DECODER if v["derived"].get("imei") and v["source"]["seq"] < seq]
    return max(logins, key=lambda v: v["source"]["seq"])["derived"]["imei"] if logins else None


def _options(vector: dict[str, Any]) -> list[str]:
    options = []
    device = _login_before(vector) if vector["context"].get("needs_prior_login") else None
    if device:
        options += ["--device", device]
    if vector["context"].get("model"):
        options += ["--model", vector["context"]["model"]]
    return options


def _expect_without(vector: dict[str, Any], key: str) -> dict[str, Any]:
    expect = {k: v for k, v in vector["expect"].items() if k != key}
    expect["attributes"] = {k: v for k, v in expect.get("attributes", {}).items() if k != key}
    return {**vector, "expect": expect}


@pytest.mark.parametrize("vector", DECODER, ids=[v["id"] for v in DECODER])
def test_gt06_decoder_vector(vector: dict[str, Any]) -> None:
    run = run_decode("gt06", vector, *_options(vector))
    derived = vector["derived"]
    if vector["id"] in NO_RECORD:
        assert [r["type"] for r in run.records] == ["ack_only"]
        return
    if vector["id"] in DEVIATIONS:
        key, value = DEVIATIONS[vector["id"]]
        assert_expectation(run, _expect_without(vector, key))
        first = run.records[0]
        actual = first["altitude_m"] if key == "altitude" else None
        if key == "alarm":
            actual = ",".join(first["alarms"])
        elif key != "altitude":
            actual = (first.get("attributes") or {}).get(key)
        assert actual == value
    else:
        # "none" vectors: logins (Traccar returns nothing; Valvo returns a login record with the
        # IMEI and the ACK), the time request (a heartbeat record asking for the time), frames
        # of unsupported types (an ack_only record: the ACK alone), and messages Valvo cannot
        # read (exit 2, as Traccar's null).
        assert_expectation(run, vector)
    acks = {record["ack"] for record in run.records}
    if vector["id"] in NO_ACK or derived.get("start") == "7979":
        assert acks <= {None}
    elif "server_ack_hex" in derived and run.records:
        assert acks == {derived["server_ack_hex"]}
    if derived.get("type_name") == "login" and "imei" in derived:
        assert run.records[0]["type"] == "login"
        assert run.records[0]["device"] == derived["imei"]
    gps = derived.get("gps", {})
    if "fixTime" in gps:
        _assert_fix(run.records[0], gps)


def _assert_fix(record: dict[str, Any], gps: dict[str, Any]) -> None:
    assert parse_time(record["time"]) == parse_time(gps["fixTime"])
    assert record["lat"] == pytest.approx(gps["latitude"], abs=TOLERANCE_DEG)
    assert record["lon"] == pytest.approx(gps["longitude"], abs=TOLERANCE_DEG)
    assert record["valid"] is gps["valid"]
    assert record["speed_kmh"] == gps["speed_kmh"]
    assert record["course"] == gps["course"]
    assert record["satellites"] == gps["satellites"]


INTEGRITY = [v for v in DECODER if "crc_x25_ok" in v["derived"] or "length_ok" in v["derived"]]


@pytest.mark.parametrize("vector", INTEGRITY, ids=[v["id"] for v in INTEGRITY])
def test_integrity_policy(vector: dict[str, Any]) -> None:
    """A flagged frame (bad CRC-16/X-25 or length field) still decodes with a warning, and a
    strict session rejects it; a clean frame gives no warning either way."""
    message = bytes.fromhex(vector["raw"])
    derived = vector["derived"]
    session = Session(device="123456789012345", model=vector["context"].get("model"))
    strict = Session(device=session.device, model=session.model, strict=True)
    if vector["id"] in WIFI_COUNT:
        assert Gt06Decoder().decode(message, session).warnings == ()
        return
    expected: set[str] = set()
    if derived.get("length_ok") is False or vector["id"] == "gt06-160":
        # gt06-160's length byte (1) matches its size but leaves no room for serial and CRC.
        expected.add("length_mismatch")
    elif derived.get("crc_x25_ok") is False:
        expected.add("crc_mismatch")
    try:
        lenient = Gt06Decoder().decode(message, session)
    except DecodeError:
        assert vector["expect"]["result"] == "none"  # unreadable content, not integrity
        return
    assert set(lenient.warnings) == expected
    if expected:
        with pytest.raises(DecodeError, match="mismatch"):
            Gt06Decoder().decode(message, strict)
        run = run_decode("gt06", vector, *_options(vector), "--strict")
        assert run.exit_code == 2
    else:
        assert Gt06Decoder().decode(message, strict).records == lenient.records


def test_replay_of_the_decoder_test_in_order_through_one_session() -> None:
    """Traccar's testDecode on one connection, in `source.seq` order: each login names the
    device of the messages after it, and the time zone a login carries applies to their GPS
    times until the next login."""
    session = Session()
    decoder = Gt06Decoder()
    device: str | None = None
    zone = timedelta(0)
    for vector in sorted(DECODER, key=lambda v: v["source"]["seq"]):
        session.model = vector["context"].get("model")
        try:
            result = decoder.decode(bytes.fromhex(vector["raw"]), session)
        except DecodeError:
            assert vector["expect"]["result"] == "none" or vector["id"] in NO_RECORD
            continue
        if result.records and result.records[0].type == "login":
            device = result.records[0].device
            zone = {"gt06-153": -timedelta(hours=4), "gt06-154": timedelta(hours=8)}.get(
                vector["id"], timedelta(0)
            )
        assert session.device == device
        gps = vector["derived"].get("gps", {})
        for record in result.records:
            assert record.device is not None
            if "fixTime" in gps and record is result.records[0]:
                assert record.time == parse_time(gps["fixTime"]) - zone, vector["id"]


def test_login_answers_with_the_vendor_example_ack() -> None:
    vector = BY_ID["gt06-138"]
    result = Gt06Decoder().decode(bytes.fromhex(vector["raw"]), Session())
    assert result.ack == bytes.fromhex("787805010001d9dc0d0a")
    assert result.ack == acknowledgement(0x01, 1)


def test_time_request_is_answered_with_the_server_time() -> None:
    vector = BY_ID["gt06-162"]
    result = Gt06Decoder().decode(bytes.fromhex(vector["raw"]), Session())
    assert result.ack is None
    assert result.records[0].attributes["timeRequest"] is True
    now = datetime(2024, 5, 17, 13, 45, 9, tzinfo=UTC)
    reply = time_response(6, now)
    assert reply[:4] == bytes.fromhex("78780b8a")
    assert reply.endswith(b"\r\n")
    assert reply[4:10] == bytes((24, 5, 17, 13, 45, 9))
    assert Gt06Decoder().decode(reply, Session()).warnings == ()  # its CRC is right


def test_alarm_layouts_give_the_alarm_a_monitoring_centre_needs() -> None:
    names = {vid: BY_ID[vid]["expect"]["attributes"]["alarm"] for vid in ("gt06-076", "gt06-044")}
    for vid, alarm in names.items():
        result = Gt06Decoder().decode(bytes.fromhex(BY_ID[vid]["raw"]), Session())
        assert alarm in result.records[0].alarms
        assert result.records[0].type == "alarm"


@pytest.mark.parametrize("vector", FRAMES, ids=[v["id"] for v in FRAMES])
def test_gt06_frame_vector(vector: dict[str, Any]) -> None:
    raw = bytes.fromhex(vector["raw"])
    first = bytes.fromhex(vector["expect"]["first_frame"])
    if vector["id"] == "gt06-187":
        # A login whose length field (13) overstates its 10 bytes. Traccar cuts it at 0D 0A at
        # once; Valvo cuts a frame short of its declared size only once the next frame starts
        # (a 0D 0A may sit inside a frame still arriving), so the stream continues here.
        assert Gt06Splitter().split(bytearray(raw)) == []
        raw += bytes.fromhex("78780d01")
    assert Gt06Splitter().split(bytearray(raw))[0] == first


def test_ignition_comes_from_the_course_word_when_nothing_else_gives_it() -> None:
    for vid in ("gt06-008", "gt06-019"):
        gps = BY_ID[vid]["derived"]["gps"]
        record = Gt06Decoder().decode(bytes.fromhex(BY_ID[vid]["raw"]), Session()).records[0]
        assert record.attributes["ignition"] is gps["ignition"]


def test_splitter_reassembles_a_stream_fed_in_small_pieces() -> None:
    clean = [
        v for v in DECODER if v["derived"].get("length_ok") and v["derived"].get("crc_x25_ok", True)
    ]
    stream = b"".join(bytes.fromhex(v["raw"]) for v in clean)
    splitter, buffer, frames = Gt06Splitter(), bytearray(), []
    for start in range(0, len(stream), 7):
        buffer += stream[start : start + 7]
        frames += splitter.split(buffer)
    assert frames == [bytes.fromhex(v["raw"]) for v in clean]
    assert buffer == bytearray()


@pytest.mark.parametrize(
    ("stream", "reason"),
    [
        ("0102030405", "frame start"),
        ("7979ffff01", "not plausible"),
        ("787800" + "17" * (MAX_FRAME - 3), "no frame end"),
    ],
)
def test_splitter_rejects_garbage_and_absurd_lengths(stream: str, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        Gt06Splitter().split(bytearray.fromhex(stream))


def test_splitter_keeps_an_incomplete_tail() -> None:
    frame = bytes.fromhex(BY_ID["gt06-142"]["raw"])
    buffer = bytearray(frame[:10])
    assert Gt06Splitter().split(buffer) == []
    assert bytes(buffer) == frame[:10]


def test_engine_stop_command_is_byte_exact() -> None:
    (vector,) = ENCODER
    assert vector["expect"]["command"] == "engineStop"
    # engineStop is the Concox text command Relay,1# (serial 0 in the corpus' encoder test).
    assert encode_command("Relay,1#", serial=0) == bytes.fromhex(vector["raw"])


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("01020304050607", "not 7878 or 7979"),
        ("787805120099abec0d0a", "truncated"),
        ("78780a13c4060400020129", "length field"),
    ],
)
def test_invalid_frames_exit_2_with_a_reason(raw: str, reason: str) -> None:
    run = run_decode("gt06", {"kind": "hex", "raw": raw}, "--strict")
    assert run.exit_code == 2
    assert run.records == []
    assert reason in run.stderr
