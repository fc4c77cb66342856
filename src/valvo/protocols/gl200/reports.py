"""What each Queclink report type adds to its records: alarms, ignition, battery, sensors.

Every report with GPS blocks is a position report; its handler reads the fields around the blocks.
The field layout after the last block depends on the model, so the device tail is read by shape:

* vehicle units end the tail with ``...,<mileage km>,<hour meter>,<analog inputs...>,
  <backup battery %>,<device status (6 hex)>[,<ERI extras>]``; the 6-hex device status anchors
  the battery before it;
* personal trackers end with ``...,<battery %>`` just before the send time, except the device
  types in :data:`_BATTERY_AT` (from the corpus), whose battery sits at a fixed tail index.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from valvo.protocols.gl200.can import can_attributes
from valvo.protocols.gl200.fields import Report, hex_int, optional_decimal, percent

_HEX6 = re.compile(r"[0-9A-Fa-f]{6}")
_HOURS = re.compile(r"(\d{1,6}):(\d\d):(\d\d)")
_MILEAGE = re.compile(r"\d+\.\d+")
_ONE_WIRE_ID = re.compile(r"[0-9A-Fa-f]{16}")
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
# Device type → index of the battery % in the tail, where it is not the last field.
_BATTERY_AT = {"DE": 3, "C3": 1}
_ONE_WIRE_TEMPERATURE = "1"
_ERI_DIGITAL_FUEL = 0x1
_ERI_ONE_WIRE = 0x2

ALARMS = {
    "SOS": "sos",
    "SPD": "overspeed",
    "TOW": "tow",
    "IDL": "idle",
    "JDR": "jamming",
    "JDS": "jamming",
    "TMP": "temperature",
    "TEM": "temperature",
    "BPL": "lowBattery",
    "PFA": "powerOff",
    "PNA": "powerOn",
    "EPF": "powerCut",
    "EPN": "powerRestored",
    "MPF": "powerCut",
    "MPN": "powerRestored",
    "SWG": "geofence",
    "CRA": "accident",
}
_IGNITION = {"IGN": True, "VGN": True, "IGF": False, "VGF": False}
# GTHBM report type (last digit of the report id/type field).
_HARSH = {"0": "hardBraking", "1": "hardAcceleration", "2": "hardCornering"}


@dataclass(slots=True)
class ReportInfo:
    """What a report adds to each of its records."""

    alarms: list[str] = field(default_factory=list)
    attributes: dict[str, object] = field(default_factory=dict)
    battery_pct: float | None = None
    record_type: str | None = None  # for a report without location; default status/alarm


def position_info(report: Report) -> ReportInfo:
    """Alarms and attributes of a position report (one that may carry GPS blocks)."""
    info = ReportInfo()
    info.battery_pct = _device_tail(report, info.attributes)
    if report.kind in ALARMS:
        info.alarms.append(ALARMS[report.kind])
    if report.kind in _IGNITION:
        info.attributes["ignition"] = _IGNITION[report.kind]
    extra = _EXTRAS.get(report.kind)
    if extra is not None:
        extra(report, info)
    return info


def _device_tail(report: Report, attributes: dict[str, object]) -> float | None:
    tail = report.tail
    status_at = next(
        (
            k
            for k in range(1, len(tail))
            if _HEX6.fullmatch(tail[k]) and (tail[k - 1] == "" or percent(tail[k - 1]) is not None)
        ),
        None,
    )
    if status_at is not None:
        battery_at: int | None = status_at - 1
        attributes.update(_device_status(tail[status_at]))
    elif report.family in _BATTERY_AT:
        battery_at = _BATTERY_AT[report.family]
    else:
        battery_at = len(tail) - 1 if len(tail) >= 2 else None
    battery = (
        percent(tail[battery_at]) if battery_at is not None and battery_at < len(tail) else None
    )
    # Mileage and hour meter come before the battery (or anywhere in a tail without one).
    anchored = battery is not None or status_at is not None
    end = battery_at if battery_at is not None and anchored else len(tail)
    for value in tail[:end]:
        if _MILEAGE.fullmatch(value) and "odometer" not in attributes:
            attributes["odometer"] = float(value) * 1000.0
        hours = _HOURS.fullmatch(value)
        if hours:
            h, m, s = (int(g) for g in hours.groups())
            attributes["hours"] = ((h * 60 + m) * 60 + s) * 1000
    return battery


def _device_status(text: str) -> dict[str, object]:
    """``<motion state><digital inputs><digital outputs>``: the state is 1x ignition off, 2x on,
    4x by motion sensor; x1 rest, x2 moving. Input bit 0 is the ignition line."""
    state, inputs, outputs = text[:2], int(text[2:4], 16), int(text[4:6], 16)
    attributes: dict[str, object] = {}
    if state[0] in "12":
        attributes["ignition"] = state[0] == "2"
    if state[1] in "12":
        attributes["motion"] = state[1] == "2"
    for n in (1, 2, 3):
        attributes[f"in{n}"] = bool(inputs & (1 << n))
        attributes[f"out{n}"] = bool(outputs & (1 << (n - 1)))
    return attributes


def _eri(report: Report, info: ReportInfo) -> None:
    """GTERI: the ERI mask (first field) says which extras follow the device status."""
    mask = hex_int(report.pre[0]) if report.pre else None
    if mask is None:
        return
    tail = report.tail
    status_at = next((k for k in range(1, len(tail)) if _HEX6.fullmatch(tail[k])), None)
    if mask & _ERI_DIGITAL_FUEL and status_at is not None:
        # After the UART device type: the sensor's fields, ending in its 4-hex level reading.
        level = next(
            (v for v in tail[status_at + 2 :] if len(v) == 4 and hex_int(v) is not None), None
        )
        if level is not None:
            info.attributes["fuel"] = hex_int(level)
    if mask & _ERI_ONE_WIRE:
        sensor = 0
        for i in range(len(tail) - 2):
            if _ONE_WIRE_ID.fullmatch(tail[i]) and tail[i + 1] == _ONE_WIRE_TEMPERATURE:
                reading = hex_int(tail[i + 2]) if len(tail[i + 2]) == 4 else None
                sensor += 1
                if reading is not None:
                    signed = reading - 0x10000 if reading & 0x8000 else reading
                    info.attributes[f"temp{sensor}"] = signed * 0.0625


def _harsh_behaviour(report: Report, info: ReportInfo) -> None:
    pre = report.pre
    kind = pre[-2][-1:] if len(pre) >= 2 else ""
    if kind in _HARSH:
        info.alarms.append(_HARSH[kind])


def _motion_state(report: Report, info: ReportInfo) -> None:
    state = report.pre[0] if report.pre else ""
    if len(state) == 2 and state[1] in "12":
        info.attributes["motion"] = state[1] == "2"


def _battery_voltage(report: Report, info: ReportInfo) -> None:
    volts = optional_decimal(report.pre[0]) if report.pre else None
    if volts is not None:
        info.attributes["battery"] = volts


def _serial_data(report: Report, info: ReportInfo) -> None:
    if report.pre and report.pre[-1]:
        info.attributes["data"] = report.pre[-1]


def _driver_assistance(report: Report, info: ReportInfo) -> None:
    if report.pre and report.pre[0].isdecimal() and report.pre[0].isascii():
        info.attributes["warningType"] = int(report.pre[0])


def _id_card(report: Report, info: ReportInfo) -> None:
    if len(report.pre) >= 2 and report.pre[1]:
        info.attributes["driverUniqueId"] = report.pre[1]


def _ble_accessory(report: Report, info: ReportInfo) -> None:
    """GTBAA/GTBID: the 4-hex append mask; bit 3 (the highest one used) appends the accessory's
    battery voltage in mV as the last field."""
    pre = report.pre
    mask_text = next((v for v in pre if len(v) == 4 and hex_int(v) is not None), None)
    mask = hex_int(mask_text) if mask_text else None
    if mask is not None and mask & 0x8 and mask < 0x10 and pre[-1].isdecimal():
        info.attributes["accessoryVoltage"] = int(pre[-1]) / 1000.0


def _personal_status(report: Report, info: ReportInfo) -> None:
    """GTSTR/GTCTN (GL50x): ``<report id>,<type>,<?>,<device temperature>,<battery %>``."""
    body = report.body
    if len(body) >= 5:
        info.battery_pct = percent(body[4])
        temperature = optional_decimal(body[3])
        if temperature is not None:
            info.attributes["deviceTemp"] = temperature


def _can(report: Report, info: ReportInfo) -> None:
    info.attributes.update(can_attributes(report.pre))


def _obd(report: Report, info: ReportInfo) -> None:
    vin = next((v for v in report.pre if _VIN.fullmatch(v)), None)
    if vin:
        info.attributes["vin"] = vin


_EXTRAS: dict[str, Callable[[Report, ReportInfo], None]] = {
    "ERI": _eri,
    "HBM": _harsh_behaviour,
    "STT": _motion_state,
    "BPL": _battery_voltage,
    "DAT": _serial_data,
    "DAR": _driver_assistance,
    "IDA": _id_card,
    "BAA": _ble_accessory,
    "BID": _ble_accessory,
    "STR": _personal_status,
    "CTN": _personal_status,
    "CAN": _can,
    "OBD": _obd,
}
