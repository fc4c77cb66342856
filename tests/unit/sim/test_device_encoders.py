"""The simulator's GT06, H02 and Watch encoders round-trip through Valvo's own splitters and
decoders in a strict session (CRC, length and checksum all right), and the ACK each decoder
asks the gateway to write is exactly the answer the simulated device waits for."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from valvo.protocols.base import DecodedRecord, DecodeResult, Session
from valvo.protocols.gl200.decoder import Gl200Decoder
from valvo.protocols.gl200.frames import Gl200Splitter
from valvo.protocols.gt06.decoder import Gt06Decoder, Gt06Splitter
from valvo.protocols.h02.decoder import H02Decoder
from valvo.protocols.h02.splitter import H02Splitter
from valvo.protocols.watch.decoder import WatchDecoder
from valvo.protocols.watch.frames import WatchSplitter
from valvo.sim import gl200_device as gl200
from valvo.sim import gt06_device as gt06
from valvo.sim import h02_device as h02
from valvo.sim import watch_device as watch
from valvo.sim.teltonika_device import AvlFix

AT = datetime(2026, 11, 23, 7, 45, 12, tzinfo=UTC)
HELSINKI = AvlFix(AT, 60.171234, 24.941567, speed_kmh=37, course=271, satellites=8)
SANTIAGO = AvlFix(AT, -33.448890, -70.669265, speed_kmh=0, course=5, satellites=11)
IMEI = "358657101234567"


def decode_stream(
    splitter: Gt06Splitter | H02Splitter | WatchSplitter | Gl200Splitter,
    decoder: Gt06Decoder | H02Decoder | WatchDecoder | Gl200Decoder,
    stream: bytes,
    session: Session,
) -> list[DecodeResult]:
    """Feed the stream a few bytes at a time, as TCP may deliver it."""
    buffer = bytearray()
    results = []
    for start in range(0, len(stream), 7):
        buffer += stream[start : start + 7]
        results += [decoder.decode(raw, session) for raw in splitter.split(buffer)]
    assert not buffer
    return results


def assert_fix(record: DecodedRecord, fix: AvlFix, tolerance: float) -> None:
    assert record.time == fix.time
    assert record.lat == pytest.approx(fix.lat, abs=tolerance)
    assert record.lon == pytest.approx(fix.lon, abs=tolerance)
    assert record.speed_kmh == pytest.approx(fix.speed_kmh, abs=0.02)
    assert record.course == pytest.approx(fix.course)
    assert record.valid is True


@pytest.mark.parametrize("fix", [HELSINKI, SANTIAGO])
def test_gt06_login_location_heartbeat_and_strap_alarm_round_trip(fix: AvlFix) -> None:
    frames = [
        gt06.frame(gt06.LOGIN, gt06.login_content(IMEI), 1),
        gt06.frame(gt06.LOCATION, gt06.location_content(fix), 2),
        gt06.frame(gt06.HEARTBEAT, gt06.heartbeat_content(50.0), 3),
        gt06.frame(gt06.ALARM, gt06.alarm_content(fix, "removing", 100.0), 4),
        gt06.frame(gt06.ALARM, gt06.alarm_content(fix, "sos", 100.0), 5),
    ]
    session = Session(strict=True)
    login, location, heartbeat, strap, sos = decode_stream(
        Gt06Splitter(), Gt06Decoder(), b"".join(frames), session
    )
    assert login.records[0].type == "login"
    assert session.device == IMEI
    assert_fix(location.records[0], fix, 1e-6)
    assert location.records[0].satellites == fix.satellites
    assert location.records[0].attributes["cells"] == [
        {"mcc": 244, "mnc": 91, "lac": 0x2F1E, "cid": 0x01B207}
    ]
    assert heartbeat.records[0].type == "heartbeat"
    assert heartbeat.records[0].battery_pct == 50
    assert (strap.records[0].type, strap.records[0].alarms) == ("alarm", ("removing",))
    assert_fix(strap.records[0], fix, 1e-6)
    assert sos.records[0].alarms == ("sos",)
    for serial, (protocol, result) in enumerate(
        zip((0x01, 0x12, 0x13, 0x16, 0x16), (login, location, heartbeat, strap, sos), strict=True),
        start=1,
    ):
        assert result.ack == gt06.ack(protocol, serial)
        assert result.warnings == ()


def test_gt06_serials_wrap_and_refuse_what_is_not_an_imei() -> None:
    result = Gt06Decoder().decode(
        gt06.frame(gt06.LOGIN, gt06.login_content(IMEI), 0x1_0002), Session(strict=True)
    )
    assert result.ack == gt06.ack(gt06.LOGIN, 2)
    with pytest.raises(ValueError, match="IMEI"):
        gt06.login_content("35865710123456x")
    with pytest.raises(ValueError, match="alarm"):
        gt06.alarm_content(HELSINKI, "stolen", 100.0)


@pytest.mark.parametrize("fix", [HELSINKI, SANTIAGO])
def test_h02_location_heartbeat_and_sos_round_trip(fix: AvlFix) -> None:
    stream = (
        h02.location_frame("4209917346", fix)
        + b"\r\n"
        + h02.heartbeat_frame("4209917346", 73)
        + h02.location_frame("4209917346", fix, "sos")
    )
    session = Session(strict=True)
    location, heartbeat, sos = decode_stream(H02Splitter(), H02Decoder(), stream, session)
    assert_fix(location.records[0], fix, 1e-5)  # minutes with four decimals
    assert location.records[0].alarms == ()
    assert location.ack == h02.location_ack("4209917346", fix.time)
    assert heartbeat.records[0].battery_pct == 73
    assert heartbeat.ack == h02.heartbeat_ack("4209917346")
    assert (sos.records[0].type, sos.records[0].alarms) == ("alarm", ("sos",))
    assert session.device == "4209917346"


def test_h02_minutes_that_round_up_to_sixty_carry_into_the_degrees() -> None:
    assert h02.nmea(24.9999999, 3) == "02500.0000"
    assert h02.nmea(60.5, 2) == "6030.0000"


@pytest.mark.parametrize("fix", [HELSINKI, SANTIAGO])
def test_watch_link_location_and_strap_alarm_round_trip(fix: AvlFix) -> None:
    stream = (
        watch.frame("8800000015", watch.link_content(0, 88), serial=0x00FE)
        + watch.frame("8800000015", watch.location_content(fix, 88, 120))
        + watch.frame("8800000015", watch.alarm_content(fix, "removing", 88, 120), serial=7)
    )
    session = Session(strict=True)
    link, location, strap = decode_stream(WatchSplitter(), WatchDecoder(), stream, session)
    assert link.records[0].type == "heartbeat"
    assert link.records[0].battery_pct == 88
    assert link.ack == watch.reply("8800000015", "LK", 0x00FE)
    assert_fix(location.records[0], fix, 1e-6)
    assert location.records[0].accuracy_m == 15.0
    assert location.records[0].attributes["wifi"] == [
        {"mac": "a4:2b:b0:c1:22:3e", "rssi": -61},
        {"mac": "f0:9f:c2:10:aa:07", "rssi": -80},
    ]
    assert location.ack is None  # the protocol acknowledges no UD; the LK after it does
    assert strap.records[0].alarms == ("removing",)
    assert strap.ack == watch.reply("8800000015", "AL", 7)
    assert session.device == "8800000015"


def test_watch_binary_content_is_escaped_on_the_wire_and_restored() -> None:
    payload = b"TK,#!AMR\n" + bytes(range(0x20, 0x80)) + b"}[],*\x7d"
    wire = watch.frame("8800000015", payload, binary=True)
    assert wire.count(b"[") == 1  # only the envelope's own brackets
    assert wire.count(b"]") == 1
    buffer = bytearray(wire)
    (raw,) = WatchSplitter().split(buffer)
    result = WatchDecoder().decode(raw, Session(strict=True))  # the length is of the payload
    assert bytes.fromhex(str(result.records[0].attributes["audioData"])) == payload[3:]


@pytest.mark.parametrize("fix", [HELSINKI, SANTIAGO])
def test_queclink_report_sos_and_heartbeat_round_trip(fix: AvlFix) -> None:
    stream = (
        gl200.report_frame(IMEI, fix, 1)
        + gl200.report_frame(IMEI, fix, 2, "SOS")
        + gl200.heartbeat_frame(IMEI, AT, 0x1A3)
    )
    session = Session(strict=True)
    report, sos, beat = decode_stream(Gl200Splitter(), Gl200Decoder(), stream, session)
    assert_fix(report.records[0], fix, 1e-6)
    assert report.records[0].attributes["cells"] == [
        {"mcc": 244, "mnc": 91, "lac": 0x2F1E, "cid": 0x1B207}
    ]
    assert report.ack is None  # reports are not acknowledged; the heartbeat after them is
    assert (sos.records[0].type, sos.records[0].alarms) == ("alarm", ("sos",))
    assert beat.records[0].type == "heartbeat"
    assert beat.ack == gl200.heartbeat_ack(0x1A3)
    assert session.device == IMEI
    answers = bytearray(beat.ack)
    assert gl200.AnswerSplitter().split(answers) == [gl200.heartbeat_ack(0x1A3)]  # as it reads it
