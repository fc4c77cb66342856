"""Queclink reports without GPS data: device information, versions, cells, Wi-Fi, serial data
and acknowledgements (``+ACK:GTxxx``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from valvo.protocols.gl200.fields import TIME14, Report, cell, optional_decimal, percent
from valvo.protocols.gl200.reports import ReportInfo

_STATE = re.compile(r"[1-4][0-9A-Fa-f]")
_ICCID = re.compile(r"[0-9A-Fa-f]{19,20}")
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
_HEX_BYTES = re.compile(r"(?:[0-9A-Fa-f]{2})+")
_MAC12 = re.compile(r"[0-9A-Fa-f]{12}")
_RSSI = re.compile(r"-\d{1,3}")
_MILLIVOLTS = re.compile(r"\d{4,5}")
_CELL_GROUP = 6  # MCC, MNC, LAC, cell id, rssi, reserved
_MAX_CELLS = 7
# GTINF: fields from the state to the last-fix time on vehicle units and on personal trackers.
_VEHICLE_SPAN = 12
_PERSONAL_SPAN = 13


def info_report(report: Report) -> ReportInfo | None:
    """The report's information, or None for a type Valvo does not read."""
    handler = _HANDLERS.get(report.kind)
    return None if handler is None else handler(report)


def _device_info(report: Report) -> ReportInfo | None:
    """GTINF: ``<state>,<ICCID>,<CSQ rssi>,<CSQ ber>,...,<last fix time>,...``. Vehicle units
    report external power (mV) and backup battery (V); personal trackers mileage, battery (V) and,
    after the last fix time, battery %. The old layout without a protocol version is not read."""
    body = report.body
    if report.version is None:
        return None
    state = next(
        (
            i
            for i in range(min(3, len(body) - 1))
            if _STATE.fullmatch(body[i]) and (body[i + 1] == "" or _ICCID.fullmatch(body[i + 1]))
        ),
        None,
    )
    if state is None:
        return None
    info = ReportInfo(record_type="status")
    if body[state + 1]:
        info.attributes["iccid"] = body[state + 1]
    if len(body) > state + 2 and body[state + 2].isdecimal() and body[state + 2].isascii():
        info.attributes["rssi"] = int(body[state + 2])
    fix = next((i for i in range(state, len(body)) if TIME14.fullmatch(body[i])), None)
    if fix == state + _VEHICLE_SPAN:
        _vehicle_info(body, state, fix, info.attributes)
    elif fix == state + _PERSONAL_SPAN:
        volts = optional_decimal(body[state + 7])
        if volts is not None:
            info.attributes["battery"] = volts
        _charge(body[state + 8], info.attributes)
        if fix + 1 < len(body):
            info.battery_pct = percent(body[fix + 1])
    return info


def _vehicle_info(
    body: tuple[str, ...], state: int, fix: int, attributes: dict[str, object]
) -> None:
    if _MILLIVOLTS.fullmatch(body[state + 5]):
        attributes["power"] = int(body[state + 5]) / 1000.0
    # A second supply on some units; a 0/1 flag on others.
    if _MILLIVOLTS.fullmatch(body[state + 6]):
        attributes["power2"] = int(body[state + 6]) / 1000.0
    volts = optional_decimal(body[state + 7])
    if volts is not None:
        attributes["battery"] = volts
    _charge(body[state + 8], attributes)
    # After the last fix time: [reserved,] analog inputs (mV), then digital inputs and outputs.
    ports = next(
        (
            i
            for i in range(fix + 1, len(body) - 1)
            if _HEX2.fullmatch(body[i]) and _HEX2.fullmatch(body[i + 1])
        ),
        None,
    )
    if ports is None:
        return
    analog = body[fix + 1 : ports]
    if len(analog) >= 2:
        analog = analog[1:]
    for n, value in enumerate(analog, start=1):
        if value.isdecimal() and value.isascii():
            attributes[f"adc{n}"] = int(value)


def _charge(value: str, attributes: dict[str, object]) -> None:
    if value in ("0", "1"):
        attributes["charge"] = value == "1"


def _version(report: Report) -> ReportInfo | None:
    """GTVER: ``<device type>,<firmware>,<hardware>``."""
    if len(report.body) < 3:
        return None
    return ReportInfo(
        record_type="status",
        attributes={"versionFw": report.body[1], "versionHw": report.body[2]},
    )


def _cells(report: Report) -> ReportInfo | None:
    """GTGSM / GTLBS: up to seven ``MCC,MNC,LAC,CID,rssi,reserved`` groups before the send time
    (empty groups are padding)."""
    body, end, cells = report.body, len(report.body), []
    for _ in range(_MAX_CELLS):
        if end < _CELL_GROUP:
            break
        group = body[end - _CELL_GROUP : end]
        if any(group):
            found = cell(*group[:5])
            if found is None:
                break
            cells.append(found)
        end -= _CELL_GROUP
    if not cells:
        return None
    return ReportInfo(record_type="cells", attributes={"cells": cells[::-1]})


def _wifi(report: Report) -> ReportInfo | None:
    """GTWIF: a count, then ``<mac>,<rssi>,...`` per access point, the battery % last."""
    body = report.body
    access_points: list[dict[str, object]] = [
        {
            "mac": ":".join(body[i][k : k + 2] for k in range(0, 12, 2)).lower(),
            "rssi": int(body[i + 1]),
        }
        for i in range(len(body) - 1)
        if _MAC12.fullmatch(body[i]) and _RSSI.fullmatch(body[i + 1])
    ]
    if not access_points:
        return None
    info = ReportInfo(record_type="status", attributes={"wifi": access_points})
    info.battery_pct = percent(body[-1])
    return info


def _serial_data(report: Report) -> ReportInfo | None:
    """GTDTT: data from a serial accessory, hex-encoded last. A fuel sensor's ASCII line
    ``COMB,<n>,<level>,...`` gives ``fuel``."""
    if not report.body or not report.body[-1]:
        return None
    data = report.body[-1]
    info = ReportInfo(record_type="status", attributes={"data": data})
    if _HEX_BYTES.fullmatch(data):
        for line in bytes.fromhex(data).decode("latin-1").splitlines():
            parts = line.split(",")
            if parts[0] == "COMB" and len(parts) > 2:
                level = optional_decimal(parts[2])
                if level is not None:
                    info.attributes["fuel"] = level
    return info


def acknowledgement(report: Report) -> ReportInfo:
    """``+ACK:GTxxx``: the device confirms a command. ``GTHBD`` is the heartbeat."""
    if report.kind == "HBD":
        return ReportInfo(record_type="heartbeat")
    result = ",".join((f"GT{report.kind}", *report.body))
    return ReportInfo(record_type="reply", attributes={"result": result})


_HANDLERS: dict[str, Callable[[Report], ReportInfo | None]] = {
    "INF": _device_info,
    "VER": _version,
    "GSM": _cells,
    "LBS": _cells,
    "WIF": _wifi,
    "DTT": _serial_data,
}
