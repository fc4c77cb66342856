"""Queclink @Track text reports: the header, the GPS blocks and field-level parsing.

A report is ``+RESP:GTxxx,<version>,<IMEI>,<device name>,<fields...>,<send time>,<count>``
(``+BUFF`` for buffered reports, ``+ACK`` for acknowledgements). Old firmware omits version and
name (``+RESP:GTTRI,<IMEI>,...``). The fields between the name and the GPS data vary by model and
firmware, so GPS blocks are found by their shape rather than by position::

    <accuracy>,<speed km/h>,<azimuth>,<altitude m>,<longitude>,<latitude>,<UTC yyyyMMddHHmmss>,
    <MCC>,<MNC>,<LAC hex>,<cell id hex>

(longitude before latitude). A block whose coordinates are empty (no fix) is not found; the
report then decodes without a location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from valvo.protocols.base import DecodeError
from valvo.protocols.coordinates import cell_tower, parse_decimal

TIME14 = re.compile(r"\d{14}")
HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_PREFIXES = frozenset({"+RESP", "+BUFF", "+ACK"})
_KIND = re.compile(r"GT([A-Z0-9]{3})")
_VERSION = re.compile(r"[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{4})?")
_DEVICE = re.compile(r"[0-9A-Za-z]{6,20}")
_IMEI = re.compile(r"\d{15}")
_COORDINATE = re.compile(r"-?\d{1,3}\.\d+")
_OPTIONAL_DECIMAL = re.compile(r"|-?\d+(?:\.\d+)?")
_BLOCK_BEFORE_TIME = 6  # accuracy, speed, azimuth, altitude, longitude, latitude
_CELL_FIELDS = 4


@dataclass(frozen=True, slots=True)
class GpsBlock:
    start: int  # index of the accuracy field in the report body
    end: int  # index just after the cell id
    time: datetime
    lat: float
    lon: float
    hdop: float | None
    speed_kmh: float | None
    course: float | None
    altitude_m: float | None
    cell: dict[str, int] | None


@dataclass(frozen=True, slots=True)
class Report:
    prefix: str  # "+RESP", "+BUFF" or "+ACK"
    kind: str  # "FRI" for +RESP:GTFRI
    version: str | None  # None on old firmware
    device: str
    body: tuple[str, ...]  # the fields after the device name, up to the send time
    send_time: datetime | None
    count: str | None
    blocks: tuple[GpsBlock, ...]

    @property
    def family(self) -> str:
        """The device type: the first two hex digits of the protocol version."""
        return (self.version or "")[:2].upper()

    @property
    def pre(self) -> tuple[str, ...]:
        """The fields before the first GPS block (all of them when there is none)."""
        return self.body[: self.blocks[0].start] if self.blocks else self.body

    @property
    def tail(self) -> tuple[str, ...]:
        """The fields after the last GPS block's cell id."""
        return self.body[self.blocks[-1].end :] if self.blocks else ()


def parse_report(text: str) -> Report:
    text = text.rstrip("\r\n\x00").removesuffix("$")
    prefix, separator, rest = text.partition(":")
    if not separator or prefix not in _PREFIXES:
        raise DecodeError("gl200: a text report starts with +RESP:, +BUFF: or +ACK:")
    fields = rest.split(",")
    kind = _KIND.fullmatch(fields[0])
    if kind is None:
        raise DecodeError(f"gl200: bad report type {fields[0][:16]!r}")
    values = fields[1:]
    if values and _IMEI.fullmatch(values[0]):
        version, device, start = None, values[0], 1
    else:
        if len(values) < 3 or not _VERSION.fullmatch(values[0]):
            raise DecodeError("gl200: report needs protocol version, IMEI and device name")
        version, device, start = values[0], values[1], 3
    if not _DEVICE.fullmatch(device):
        raise DecodeError(f"gl200: bad IMEI {device[:20]!r}")
    end = len(values)
    count = None
    if end > start and HEX4.fullmatch(values[end - 1]):
        count, end = values[end - 1], end - 1
    send_time = None
    if end > start and (TIME14.fullmatch(values[end - 1]) or (count and values[end - 1] == "")):
        send_time, end = parse_time(values[end - 1]), end - 1
    body = tuple(values[start:end])
    return Report(
        prefix=prefix,
        kind=kind.group(1),
        version=version,
        device=device,
        body=body,
        send_time=send_time,
        count=count,
        blocks=_blocks(body),
    )


def parse_time(text: str) -> datetime | None:
    """``yyyyMMddHHmmss`` (UTC), None when empty."""
    if not text:
        return None
    if not TIME14.fullmatch(text):
        raise DecodeError(f"gl200: bad time {text!r}")
    try:
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError as exc:
        raise DecodeError(f"gl200: impossible time {text!r}") from exc


def _blocks(body: tuple[str, ...]) -> tuple[GpsBlock, ...]:
    blocks: list[GpsBlock] = []
    t = _BLOCK_BEFORE_TIME
    while t < len(body):
        block = _block_at(body, t)
        if block is None:
            t += 1
        else:
            blocks.append(block)
            t = block.end + _BLOCK_BEFORE_TIME
    return tuple(blocks)


def _block_at(body: tuple[str, ...], t: int) -> GpsBlock | None:
    if not (TIME14.fullmatch(body[t]) and _COORDINATE.fullmatch(body[t - 2])):
        return None
    if not _COORDINATE.fullmatch(body[t - 1]):
        return None
    start = t - _BLOCK_BEFORE_TIME
    if not all(_OPTIONAL_DECIMAL.fullmatch(body[i]) for i in range(start, t - 2)):
        return None
    lon, lat = float(body[t - 2]), float(body[t - 1])
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    time = parse_time(body[t])
    if time is None:
        return None
    cell_fields = body[t + 1 : t + 1 + _CELL_FIELDS]
    return GpsBlock(
        start=start,
        end=min(t + 1 + _CELL_FIELDS, len(body)),
        time=time,
        lat=lat,
        lon=lon,
        hdop=optional_decimal(body[start]),
        speed_kmh=optional_decimal(body[start + 1]),
        course=optional_decimal(body[start + 2]),
        altitude_m=optional_decimal(body[start + 3]),
        cell=cell(*cell_fields) if len(cell_fields) == _CELL_FIELDS else None,
    )


def cell(mcc: str, mnc: str, lac: str, cid: str, rssi: str = "") -> dict[str, int] | None:
    """A cell from decimal MCC/MNC and hex LAC/cell id, or None when it is padding or malformed."""
    if not (mcc.isdecimal() and mnc.isdecimal() and mcc.isascii() and mnc.isascii()):
        return None
    lac_value, cid_value = hex_int(lac), hex_int(cid)
    if lac_value is None or cid_value is None:
        return None
    signal = int(rssi) if re.fullmatch(r"-?\d{1,3}", rssi) else None
    return cell_tower(int(mcc), int(mnc), lac_value, cid_value, signal)


def hex_int(text: str) -> int | None:
    return int(text, 16) if re.fullmatch(r"[0-9A-Fa-f]{1,8}", text) else None


def optional_decimal(text: str) -> float | None:
    return parse_decimal(text) if _OPTIONAL_DECIMAL.fullmatch(text) and text else None


def percent(text: str) -> float | None:
    """A battery percentage field, None when empty or not 0-100."""
    if not re.fullmatch(r"\d{1,3}", text):
        return None
    value = int(text)
    return float(value) if value <= 100 else None
