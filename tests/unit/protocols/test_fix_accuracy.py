"""Teltonika and GT06 fixes carry an accuracy derived from what the protocol gives (HDOP, or
the satellite count), so the zone rules can weigh them instead of taking them as exact."""

from __future__ import annotations

import struct
from datetime import UTC, datetime

import pytest

from valvo.protocols.accuracy import UERE_M, accuracy_from
from valvo.protocols.base import Session
from valvo.protocols.checksums import crc16_ibm
from valvo.protocols.gt06.decoder import Gt06Decoder
from valvo.protocols.teltonika.decoder import TeltonikaDecoder
from valvo.sim import gt06_device as gt06
from valvo.sim.teltonika_device import AvlFix, avl_packet

IMEI = "356307042441013"
AT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def codec8_with_hdop(hdop_tenths: int, satellites: int) -> bytes:
    """One codec 8 record carrying IO 182 (HDOP, in tenths) in the 2-byte group."""
    record = struct.pack(
        ">QBiihHBH", int(AT.timestamp() * 1000), 0, 249384000, 601699000, 10, 0, satellites, 0
    )
    record += bytes([0, 1, 0, 1, 182]) + hdop_tenths.to_bytes(2, "big") + bytes([0, 0])
    body = bytes([0x08, 1]) + record + bytes([1])
    return b"\0\0\0\0" + len(body).to_bytes(4, "big") + body + crc16_ibm(body).to_bytes(4, "big")


def test_a_teltonika_fix_with_hdop_has_accuracy_hdop_times_the_range_error() -> None:
    result = TeltonikaDecoder().decode(codec8_with_hdop(18, 7), Session(device=IMEI))
    (record,) = result.records
    assert record.attributes["hdop"] == 1.8
    assert record.accuracy_m == pytest.approx(1.8 * UERE_M)


def test_a_teltonika_fix_without_hdop_has_accuracy_from_its_satellites() -> None:
    packet = avl_packet([AvlFix(AT, 60.1699, 24.9384, satellites=4)])
    (record,) = TeltonikaDecoder().decode(packet, Session(device=IMEI)).records
    assert record.accuracy_m == accuracy_from(None, 4) == 4.0 * UERE_M


def test_a_gt06_fix_has_accuracy_from_its_satellites() -> None:
    fix = AvlFix(AT, 60.1699, 24.9384, satellites=9)
    frame = gt06.frame(gt06.LOCATION, gt06.location_content(fix), 2)
    (record,) = Gt06Decoder().decode(frame, Session(device=IMEI)).records
    four_satellites = accuracy_from(None, 4)
    assert record.accuracy_m == accuracy_from(None, 9)
    assert record.accuracy_m is not None
    assert four_satellites is not None
    assert record.accuracy_m < four_satellites


@pytest.mark.parametrize(
    ("hdop", "satellites", "expected"),
    [
        (0.9, 3, 4.5),  # HDOP wins over the satellite count
        (0, 0, None),  # an HDOP of 0 means "not computed"; no satellites, no fix
        (float("nan"), 12, 6.0),
        (True, None, None),  # not a number
        (None, None, None),  # nothing given: accuracy stays unknown
        (None, 2, 30.0),  # a 2-D fix at best
    ],
)
def test_accuracy_from_hdop_or_satellites(
    hdop: object, satellites: int | None, expected: float | None
) -> None:
    assert accuracy_from(hdop, satellites) == expected
