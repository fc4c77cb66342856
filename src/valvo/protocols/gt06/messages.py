"""GT06 core message types: login, status/heartbeat, location, alarm, cell and Wi-Fi lists.

Layouts (after the protocol number; "GPS" is the 18-byte block of :mod:`.blocks`, "cell" is
MCC 2 + MNC 1|2 + LAC 2 + cell id 3, or LAC 4 + cell id 8 on the 4G types, "tail" is terminal
info + voltage level + GSM signal + alarm code + language):

* 0x01 login: BCD IMEI 8 [+ type id 2 [+ time zone 2: bits 15..4 hhmm, bit 3 west]].
* 0x13 status: tail (R11/SEEWORLD/LW4G models put the external voltage in it); the 14+ byte
  variant carries battery %, voltage (x0.01 V) and temperature (x0.1 degC). 0x23: info,
  battery (x0.01 V), GSM, alarm, language. 0xA3: 7-byte status, or the 4G alarm layout.
* 0x10/0x11/0x12 location: GPS + cell [+ terminal info]; QH302R prefixes the IMEI.
  0x22 (see :mod:`.vendor` for its model layouts) and 0xA0: GPS + cell + ACC + upload
  mode + re-upload [+ mileage 4].
* 0x16/0x26/0x27 (cell) and 0xA4 (4G cell) alarm: GPS + [cell length] + cell + tail
  [+ 8-byte RFID]. The cell-length byte is absent on some firmware and 0 when the cell block is
  zero padding (the tail then closes the content).
* 0x19 / 0xA5: cell + tail (no GPS).
* 0x18/0x28/0x2E, 0x2C, 0xA1, 0xA2: date + MCC/MNC + 7 cells (+ Wi-Fi list on 0x2C/0xA2);
  0xA2 may instead carry GPS + 4G cell. 0x1E: GPS + MCC/MNC + 7 cells.
* 0x17/0x69 with the Wi-Fi count in the length byte: date + Wi-Fi (MAC 6, signal 1) + cell count
  + MCC/MNC + cells (LAC 2, cell id 2, signal 1).
"""

from __future__ import annotations

from collections.abc import Callable

from valvo.protocols.base import DecodedRecord, DecodeError
from valvo.protocols.binary import ByteReader
from valvo.protocols.checksums import report_integrity
from valvo.protocols.gt06.blocks import (
    TZ_KEY,
    Context,
    Extras,
    add_cell,
    alarm_code,
    build,
    cell_size,
    imei_from_bcd,
    read_bcd_date,
    read_cell,
    read_date,
    read_gps,
    status_byte,
    status_tail,
    voltage_level,
)

Handler = Callable[[bytes, Context], list[DecodedRecord]]
CELL_2G = {"lac_size": 2, "cid_size": 3}
CELL_4G = {"lac_size": 4, "cid_size": 8}
# Heartbeat external-voltage quirks: model prefix -> (offset, size, divisor).
_HEARTBEAT_POWER = {"R11": (1, 2, 100), "SEEWORLD": (3, 1, 1), "LW4G": (4, 1, 10)}
_IMEI_PREFIXED_LOCATION = ("QH302R",)
_TAIL = 5
_TRAILERS = (0, 1, 8)  # bytes after the status tail: none, 0x27/0xA4 filler, RFID card


def _reader(content: bytes) -> ByteReader:
    return ByteReader(content, "gt06")


def login(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x01: names the connection's device and sets (or clears) its time zone."""
    reader = _reader(content)
    imei = imei_from_bcd(reader.read(8, "IMEI"))
    extras = Extras()
    if reader.remaining >= 2:
        extras.attributes["typeId"] = reader.read(2, "type id").hex()
    ctx.session.extra.pop(TZ_KEY, None)
    if reader.remaining >= 2:
        word = reader.u16("time zone")
        hhmm = word >> 4
        minutes = (hhmm // 100) * 60 + hhmm % 100
        ctx.session.extra[TZ_KEY] = -minutes if word & 0x08 else minutes
    ctx.session.device = imei
    return [build(ctx, "login", None, extras, device=imei)]


def status(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x13: the status tail, or a model's voltage quirk, or the 14+ byte extended variant."""
    reader = _reader(content)
    extras = Extras()
    status_byte(reader.u8("terminal info"), extras)
    quirk = next((q for m, q in _HEARTBEAT_POWER.items() if ctx.model.startswith(m)), None)
    if quirk is not None:
        offset, size, divisor = quirk
        reader.skip(offset - 1, "status")
        extras.attributes["power"] = reader.uint(size, "external voltage") / divisor
    elif len(content) >= 14:
        extras.battery_pct = content[5] if content[5] <= 100 else None
        if extras.battery_pct is not None:
            extras.attributes["batteryLevel"] = extras.battery_pct
        extras.attributes["power"] = int.from_bytes(content[7:9], "big") / 100
        extras.attributes["temp1"] = int.from_bytes(content[12:14], "big", signed=True) / 10
    else:
        voltage_level(reader.u8("voltage level"), extras)
        extras.attributes["rssi"] = reader.u8("GSM signal")
        if reader.remaining:
            alarm_code(reader.u8("alarm"), ctx, extras)
    return [build(ctx, "heartbeat", None, extras)]


def status_voltage(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x23: terminal info, battery voltage (2 bytes, x0.01 V), GSM signal, alarm, language."""
    reader = _reader(content)
    extras = Extras()
    status_byte(reader.u8("terminal info"), extras)
    extras.attributes["battery"] = reader.u16("battery voltage") / 100
    extras.attributes["rssi"] = reader.u8("GSM signal")
    if reader.remaining:
        alarm_code(reader.u8("alarm"), ctx, extras)
    return [build(ctx, "heartbeat", None, extras)]


def status_4g(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0xA3: the 4G alarm layout when it carries GPS, else a short status (terminal info first)."""
    if len(content) >= 18 + 15 + _TAIL:
        return alarm(content, ctx, cell=CELL_4G)
    extras = Extras()
    status_byte(_reader(content).u8("terminal info"), extras)
    return [build(ctx, "heartbeat", None, extras)]


def location(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x10/0x11/0x12: GPS + cell, then terminal info when the 5-byte status tail follows."""
    reader = _reader(content)
    device = None
    if ctx.model.startswith(_IMEI_PREFIXED_LOCATION):
        device = imei_from_bcd(reader.read(8, "IMEI"))
    fix = read_gps(reader, ctx)
    extras = Extras()
    if reader.remaining >= 8:
        add_cell(extras, read_cell(reader, **CELL_2G))
    if reader.remaining == _TAIL:
        status_byte(reader.u8("terminal info"), extras)
    return [build(ctx, "position", fix, extras, device=device)]


def location_acc(content: bytes, ctx: Context, cell: dict[str, int]) -> list[DecodedRecord]:
    """0x22/0xA0: GPS + cell + ACC + upload mode + re-upload flag [+ mileage]."""
    reader = _reader(content)
    fix = read_gps(reader, ctx)
    extras = Extras()
    if reader.remaining >= cell_size(content[18:20], **cell):
        add_cell(extras, read_cell(reader, **cell))
    if reader.remaining >= 3:
        extras.attributes["ignition"] = reader.u8("ACC") != 0
        extras.attributes["event"] = reader.u8("upload mode")
        extras.attributes["archive"] = reader.u8("re-upload") != 0
    if reader.remaining >= 4:
        extras.attributes["odometer"] = reader.u32("mileage")
    return [build(ctx, "position", fix, extras)]


def alarm(content: bytes, ctx: Context, cell: dict[str, int]) -> list[DecodedRecord]:
    """GPS + [cell length] + cell + status tail [+ 1 trailing byte | 8-byte RFID card]."""
    reader = _reader(content)
    fix = read_gps(reader, ctx)
    rest = reader.rest()
    extras = Extras()
    if rest and rest[0] == 0:
        status_tail(ByteReader(rest, "gt06", start=len(rest) - _TAIL), ctx, extras)
        return [build(ctx, "position", fix, extras)]
    start, region = _cell_region(rest, cell)
    add_cell(extras, read_cell(ByteReader(rest, "gt06", start=start), **cell))
    tail = ByteReader(rest, "gt06", start=start + region)
    status_tail(tail, ctx, extras)
    if tail.remaining == 8:
        rfid = tail.read(8, "RFID")
        if any(rfid):
            extras.attributes["driverUniqueId"] = rfid.hex()
    return [build(ctx, "position", fix, extras)]


def _cell_region(rest: bytes, cell: dict[str, int]) -> tuple[int, int]:
    """Where the cell block starts and how many bytes it spans.

    Firmware differs on whether the cell-length byte counts itself, and some omit it. Each
    reading must fit the content exactly (allowing the one trailing byte of 0x27/0xA4, or an
    8-byte RFID card); among those, the one whose language byte is plausible (0..2) wins.
    """
    candidates: list[tuple[int, int | None]] = [(0, None), (1, None)]
    if rest and 8 <= rest[0] <= 17:
        candidates = [(1, rest[0]), (1, rest[0] - 1), *candidates]
    fitting = []
    for start, declared in candidates:
        head = rest[start : start + 2]
        if len(head) < 2 or int.from_bytes(head, "big") & 0x7FFF > 999:
            continue
        size = cell_size(head, **cell)
        region = size if declared is None else declared
        leftover = len(rest) - start - region - _TAIL
        if region >= size and leftover in _TRAILERS:
            fitting.append((rest[start + region + _TAIL - 1] <= 2, start, region))
    if not fitting:
        raise DecodeError("gt06: alarm message has no cell block and status tail it can hold")
    _, start, region = next((f for f in fitting if f[0]), fitting[0])
    return start, region


def cell_alarm(content: bytes, ctx: Context, cell: dict[str, int]) -> list[DecodedRecord]:
    """0x19 / 0xA5: cell + status tail, nothing else."""
    reader = _reader(content)
    extras = Extras()
    add_cell(extras, read_cell(reader, **cell))
    status_tail(reader, ctx, extras)
    if reader.remaining:
        raise DecodeError(f"gt06: cell alarm of {len(content)} bytes has an unknown layout")
    return [build(ctx, "cells", None, extras)]


def _neighbours(reader: ByteReader, extras: Extras, cell: dict[str, int], count: int) -> None:
    """MCC + MNC, then ``count`` cells of LAC, cell id, signal."""
    mcc = reader.u16("MCC")
    mnc = reader.uint(2 if mcc & 0x8000 else 1, "MNC")
    for _ in range(count):
        lac = reader.uint(cell["lac_size"], "LAC")
        cid = reader.uint(cell["cid_size"], "cell id")
        rssi = reader.u8("cell signal")
        add_cell(extras, {"mcc": mcc & 0x7FFF, "mnc": mnc, "lac": lac, "cid": cid, "rssi": rssi})


def _wifi(reader: ByteReader, extras: Extras, count: int) -> None:
    points = []
    for _ in range(count):
        mac = reader.read(6, "Wi-Fi MAC")
        rssi = reader.u8("Wi-Fi signal")
        if any(mac):
            points.append({"mac": ":".join(f"{b:02x}" for b in mac), "rssi": rssi})
    if points:
        extras.attributes["wifi"] = points


def cell_list(
    content: bytes, ctx: Context, cell: dict[str, int], wifi: bool
) -> list[DecodedRecord]:
    """Date + MCC/MNC + 7 cells + timing advance [+ Wi-Fi count + Wi-Fi list] (0x18..0xA2)."""
    reader = _reader(content)
    time = read_date(reader, ctx.zone)
    extras = Extras()
    _neighbours(reader, extras, cell, 7)
    extras.attributes["timingAdvance"] = reader.u8("timing advance")
    if wifi and reader.remaining:
        _wifi(reader, extras, reader.u8("Wi-Fi count"))
    return [build(ctx, "cells", None, extras, time=time)]


def wifi_cells_4g(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0xA2: a 4G cell and Wi-Fi list, or (when bytes 6..7 cannot be an MCC, being the GPS
    info and latitude) GPS + 4G cell, whose remaining bytes are not decoded."""
    if len(content) < 8 or int.from_bytes(content[6:8], "big") & 0x7FFF <= 999:
        return cell_list(content, ctx, CELL_4G, wifi=True)
    reader = _reader(content)
    fix = read_gps(reader, ctx)
    extras = Extras()
    add_cell(extras, read_cell(reader, **CELL_4G))
    return [build(ctx, "position", fix, extras)]


def gps_cells(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x1E: GPS + MCC/MNC + 7 cells + timing advance + language."""
    reader = _reader(content)
    fix = read_gps(reader, ctx)
    extras = Extras()
    _neighbours(reader, extras, CELL_2G, 7)
    return [build(ctx, "position", fix, extras)]


def wifi_report(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x17/0x69 whose length byte is the Wi-Fi count; their sizes must add up exactly."""
    reader = _reader(content)
    time = read_bcd_date(reader, ctx.zone)
    extras = Extras()
    _wifi(reader, extras, ctx.wifi_count or 0)
    count = reader.u8("cell count")
    _neighbours(reader, extras, {"lac_size": 2, "cid_size": 2}, count)
    if reader.remaining:
        report_integrity(
            ctx.session,
            ctx.warnings,
            "length_mismatch",
            f"gt06: Wi-Fi/cell report has {reader.remaining} bytes beyond its counts",
        )
    return [build(ctx, "cells", None, extras, time=time)]


def location_rfid(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x17 with a valid length: GPS + cell + 8-byte RFID card."""
    reader = _reader(content)
    fix = read_gps(reader, ctx)
    extras = Extras()
    add_cell(extras, read_cell(reader, **CELL_2G))
    if reader.remaining >= 8:
        extras.attributes["driverUniqueId"] = reader.read(8, "RFID").hex()
    return [build(ctx, "position", fix, extras)]


def wifi_or_rfid(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x17: a Wi-Fi/cell report when the length byte is the Wi-Fi count, else GPS + RFID."""
    return wifi_report(content, ctx) if ctx.wifi_count is not None else location_rfid(content, ctx)


HANDLERS: dict[int, Handler] = {
    0x01: login,
    0x13: status,
    0x23: status_voltage,
    0xA3: status_4g,
    0x10: location,
    0x11: location,
    0x12: location,
    0xA0: lambda c, x: location_acc(c, x, CELL_4G),
    0x16: lambda c, x: alarm(c, x, CELL_2G),
    0x26: lambda c, x: alarm(c, x, CELL_2G),
    0x27: lambda c, x: alarm(c, x, CELL_2G),
    0xA4: lambda c, x: alarm(c, x, CELL_4G),
    0x19: lambda c, x: cell_alarm(c, x, CELL_2G),
    0xA5: lambda c, x: cell_alarm(c, x, CELL_4G),
    0x18: lambda c, x: cell_list(c, x, CELL_2G, wifi=False),
    0x28: lambda c, x: cell_list(c, x, CELL_2G, wifi=False),
    0x2E: lambda c, x: cell_list(c, x, CELL_2G, wifi=False),
    0x2C: lambda c, x: cell_list(c, x, CELL_2G, wifi=True),
    0xA1: lambda c, x: cell_list(c, x, CELL_4G, wifi=False),
    0xA2: wifi_cells_4g,
    0x1E: gps_cells,
    0x17: wifi_or_rfid,
    0x69: wifi_report,
}
