"""Device commands on H02, Watch and Meitrack (issue 20): the exact bytes the gateway writes,
which commands each protocol takes (buzz only where a document names one), and which of the
device's answers acknowledge which command (an unrelated answer acknowledges nothing)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from valvo.domain.acting.commands import (
    FAST_INTERVALS_S,
    KIND_CHOICES,
    acknowledges,
    answered_by_fix,
    command_text,
    fix_answer,
    kinds_for,
)
from valvo.gateway.commands import encode
from valvo.protocols.base import Session
from valvo.protocols.h02.decoder import H02Decoder
from valvo.protocols.meitrack.decoder import MeitrackDecoder
from valvo.protocols.watch.decoder import WatchDecoder
from valvo.sim.h02_device import confirmation_frame
from valvo.sim.h02_device import parse_command as h02_parse
from valvo.sim.meitrack_device import device_frame, parse_command, report_data
from valvo.sim.teltonika_device import AvlFix
from valvo.sim.watch_device import parse_command as watch_parse

SENT = datetime(2026, 12, 7, 13, 3, 5, tzinfo=UTC)
IMEI = "123456789012345"


def test_each_protocol_offers_only_the_commands_its_document_names() -> None:
    assert kinds_for("h02") == ["locate", "fast_reporting"]
    assert kinds_for("watch") == ["locate", "fast_reporting", "buzz"]
    assert kinds_for("meitrack") == ["locate", "fast_reporting"]
    assert kinds_for("gt06") == ["locate", "fast_reporting"]  # no documented buzz
    assert "buzz" not in kinds_for("teltonika")
    assert (KIND_CHOICES["buzz"].label_en, KIND_CHOICES["buzz"].label_fi) == (
        "Ring the device",
        "Laite soimaan",
    )
    # Faster reporting at each document's shortest interval.
    assert command_text("h02", "fast_reporting") == "S17,30"
    assert command_text("watch", "fast_reporting") == "UPLOAD,60"
    assert command_text("meitrack", "fast_reporting") == "A12,1"  # tens of seconds
    assert FAST_INTERVALS_S == {"gt06": 10, "h02": 30, "watch": 60, "meitrack": 10}


def test_h02_frames_carry_the_id_and_the_sending_time_in_utc() -> None:
    assert encode("h02", "D1,30,1", 1, device="4106002001", now=SENT) == (
        b"*HQ,4106002001,D1,130305,30,1#"
    )
    helsinki = SENT.astimezone(ZoneInfo("Europe/Helsinki"))  # 15:03:05 local: sent as 13:03:05
    assert encode("h02", "S17,30", 2, device="4106002001", now=helsinki) == (
        b"*HQ,4106002001,S17,130305,30#"
    )
    with pytest.raises(ValueError, match="needs the time"):
        encode("h02", "S17,30", 3, device="4106002001")


def test_watch_frames_use_the_watchs_maker_code_and_count_the_content() -> None:
    assert encode("watch", "FIND", 1, device="8800000015", vendor="3G") == (
        b"[3G*8800000015*0004*FIND]"
    )
    assert encode("watch", "CR", 1, device="8800000015") == b"[CS*8800000015*0002*CR]"
    assert encode("watch", "UPLOAD,60", 1, device="8800000015", vendor="SG") == (
        b"[SG*8800000015*0009*UPLOAD,60]"
    )


def test_meitrack_frames_have_the_length_and_the_checksum() -> None:
    # The documented A10 frame (the corpus encoder vector meitrack-053).
    assert encode("meitrack", "A10", 1, device=IMEI) == b"@@A25,123456789012345,A10*58\r\n"
    frame = encode("meitrack", "A12,1", 1, device=IMEI)
    assert frame == b"@@A27,123456789012345,A12,1*B9\r\n"
    star = frame.index(b"*")
    assert int(frame[star + 1 : star + 3], 16) == sum(frame[: star + 1]) % 256
    assert len(frame) - frame.index(b",") == 27  # first comma through CRLF


def test_the_answers_that_acknowledge_each_command() -> None:
    # H02: a V4 naming the command; D1 by a position report.
    assert acknowledges("h02", "S17,30", "S17,130305")
    assert not acknowledges("h02", "S17,30", "S20,DONE,130305")
    assert not acknowledges("h02", "S17,30", fix_answer(60.1, 24.9))
    assert answered_by_fix("h02", "D1,30,1")
    assert not answered_by_fix("h02", "S17,30")
    assert acknowledges("h02", "D1,30,1", fix_answer(60.1, 24.9))
    assert not acknowledges("h02", "D1,30,1", "S17,130305")
    # Watch: the echo of the command's type, nothing else.
    assert acknowledges("watch", "UPLOAD,60", "UPLOAD")
    assert acknowledges("watch", "FIND", "FIND")
    assert not acknowledges("watch", "FIND", "CR")
    assert not acknowledges("watch", "CR", fix_answer(60.1, 24.9))
    # Meitrack: the reply to the code; A10 only by a position of event 34.
    assert acknowledges("meitrack", "A12,1", "A12,OK")
    assert not acknowledges("meitrack", "A12,1", "A11,OK")
    assert acknowledges("meitrack", "A10", fix_answer(60.1, 24.9, 34))
    assert not acknowledges("meitrack", "A10", fix_answer(60.1, 24.9, 35))
    assert not acknowledges("meitrack", "A10", "A10,OK")
    # GT06 and Teltonika answer in free text, never with a bare position report.
    assert acknowledges("gt06", "WHERE#", "Current position!Lat:N60.1")
    assert not acknowledges("gt06", "WHERE#", fix_answer(60.1, 24.9))
    assert fix_answer(60.169901, 24.93, 34) == "position 60.16990,24.93000 event 34"


def test_the_devices_answers_decode_once_as_replies() -> None:
    fix = AvlFix(SENT, 60.1699, 24.9384, satellites=8)
    # A watch's echo is a reply (no server answer), and its maker code is remembered.
    session = Session(strict=True)
    echo = WatchDecoder().decode(b"[3G*8800000015*0004*FIND]", session)
    assert [(r.type, r.attributes) for r in echo.records] == [("reply", {"result": "FIND"})]
    assert echo.ack is None
    assert session.extra["vendor"] == "3G"
    # An H02 V4 confirmation is one position carrying the command it confirms.
    v4 = H02Decoder().decode(confirmation_frame("4106002001", "S17", "130305", fix), Session())
    [record] = v4.records
    assert (record.type, record.attributes["result"]) == ("position", "S17,130305")
    assert round(record.lat or 0, 4) == 60.1699
    # Meitrack: A12,OK is a reply; the A10 answer a position of event 34.
    meitrack = MeitrackDecoder()
    reply = meitrack.decode(device_frame(IMEI, "A12", "OK"), Session(strict=True))
    assert [r.attributes for r in reply.records] == [{"result": "A12,OK"}]
    answer = meitrack.decode(device_frame(IMEI, "AAA", report_data(fix, 34)), Session(strict=True))
    [position] = answer.records
    assert (position.type, position.attributes["event"], position.lat) == ("position", 34, 60.1699)


def test_the_simulators_read_the_frames_the_gateway_writes() -> None:
    h02 = encode("h02", "S17,30", 1, device="4106002001", now=SENT)
    assert h02_parse(h02) == ("S17", "130305", ["30"])
    assert h02_parse(b"*HQ,4106002001,V4,V1,20261207130305#") is None  # an ACK, not a command
    assert watch_parse(encode("watch", "UPLOAD,60", 1, device="8800000015")) == "UPLOAD,60"
    assert watch_parse(b"[3G*8800000015*0002*LK]") is None
    assert parse_command(encode("meitrack", "A12,1", 1, device=IMEI)) == ("A12", ["1"])
