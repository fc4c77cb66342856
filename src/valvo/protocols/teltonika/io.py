"""Teltonika IO elements -> Valvo attributes and alarms (FMB/FMC/FMM AVL id vocabulary).

Every IO element is kept raw as ``io<N>`` (an integer, or lowercase hex for variable-length and
16-byte values). The well-known ids also get Traccar's attribute names, and the event-type ids
(crash, towing, jamming, unplug, green driving, geofence) become normalised alarms.

BLE beacon/sensor lists (AVL ids 548, 10828-10831, 11317) are ``01`` followed by one block per
beacon: ``length`` then ``[param id, param length, value]`` items. Param 0 is the RSSI, 1 the
beacon id, 5 the name, 14 the battery (mV), and 2 an EYE-sensor frame (a flag byte selecting
temperature, humidity, magnet, movement, angles, low battery and battery voltage). They become
``tag<n>...`` attributes; a list whose layout does not parse stays raw in ``io<N>`` only.
"""

from __future__ import annotations

from collections.abc import Mapping

from valvo.protocols.base import DecodeError
from valvo.protocols.binary import ByteReader

IoValue = int | bytes

_BOOLEAN = {
    1: "in1",
    2: "in2",
    3: "in3",
    4: "in4",
    179: "out1",
    180: "out2",
    239: "ignition",
    240: "motion",
}
_PLAIN = {16: "odometer", 21: "rssi", 113: "batteryLevel", 241: "operator"}
# id -> (attribute, divisor)
_SCALED = {
    9: ("adc1", 1000),
    10: ("adc2", 1000),
    66: ("power", 1000),
    67: ("battery", 1000),
    181: ("pdop", 10),
    182: ("hdop", 10),
}
_EVENT_ALARMS = {246: "tow", 247: "accident", 249: "jamming", 252: "powerCut", 236: "general"}
_GREEN_DRIVING = {1: "hardAcceleration", 2: "hardBraking", 3: "hardCornering"}
_EYE_TEMPERATURE = range(10800, 10804)
_EYE_HUMIDITY = range(10804, 10808)
BEACON_LISTS = frozenset({548, 10828, 10829, 10830, 10831, 11317})
_IBUTTON = 78
_GEOFENCE = 175
_GREEN = 253


def io_attributes(
    io: Mapping[int, IoValue], event_id: int, attributes: dict[str, object], alarms: list[str]
) -> None:
    """Add the attributes and alarms of one record's IO elements."""
    tag = 0
    for io_id, value in io.items():
        if isinstance(value, bytes):
            attributes[f"io{io_id}"] = value.hex()
            if io_id in BEACON_LISTS:
                tag = _beacons(value, tag, attributes)
            continue
        attributes[f"io{io_id}"] = value
        _named(io_id, value, event_id, attributes, alarms)


def _named(
    io_id: int, value: int, event_id: int, attributes: dict[str, object], alarms: list[str]
) -> None:
    if io_id in _BOOLEAN:
        attributes[_BOOLEAN[io_id]] = value != 0
    elif io_id in _PLAIN:
        attributes[_PLAIN[io_id]] = value
    elif io_id in _SCALED:
        name, divisor = _SCALED[io_id]
        attributes[name] = value / divisor
    elif io_id in _EVENT_ALARMS:
        if value:
            alarms.append(_EVENT_ALARMS[io_id])
    elif io_id == _GREEN and value in _GREEN_DRIVING:
        alarms.append(_GREEN_DRIVING[value])
    elif io_id == _GEOFENCE and event_id == _GEOFENCE:
        alarms.append("geofenceEnter" if value else "geofenceExit")
    elif io_id == _IBUTTON and value:
        attributes["driverUniqueId"] = f"{value:016x}"
    elif io_id in _EYE_TEMPERATURE:
        signed = value - 0x10000 if value & 0x8000 else value
        attributes[f"eyeTemp{io_id - 10799}"] = signed / 100
    elif io_id in _EYE_HUMIDITY:
        attributes[f"eyeHumidity{io_id - 10803}"] = value


def _beacons(data: bytes, tag: int, attributes: dict[str, object]) -> int:
    """Parse one beacon list into ``tag<n>`` attributes; returns the last tag number used."""
    found: dict[str, object] = {}
    reader = ByteReader(data, "teltonika beacon")
    number = tag
    try:
        reader.u8("beacon list flag")
        while reader.remaining:
            length = reader.u8("beacon length")
            beacon = ByteReader(reader.read(length, "beacon"), "teltonika beacon")
            number += 1
            while beacon.remaining:
                param = beacon.u8("beacon param id")
                value = beacon.read(beacon.u8("beacon param length"), "beacon param")
                _beacon_param(number, param, value, found)
    except DecodeError:
        return tag  # an unrecognised layout stays raw in io<N>
    attributes.update(found)
    return number


def _beacon_param(tag: int, param: int, value: bytes, out: dict[str, object]) -> None:
    prefix = f"tag{tag}"
    if param == 0 and len(value) == 1:
        out[f"{prefix}Rssi"] = value[0] - 0x100 if value[0] & 0x80 else value[0]
    elif param == 1:
        out[f"{prefix}Id"] = value.hex()
    elif param == 2 and value:
        _eye_sensor(prefix, value, out)
    elif param == 5:
        out[f"{prefix}Name"] = value.rstrip(b"\0").decode("latin-1")
    elif param == 14 and len(value) == 2:
        out[f"{prefix}Battery"] = int.from_bytes(value, "big")
    else:
        out[f"{prefix}Param{param}"] = value.hex()


def _eye_sensor(prefix: str, value: bytes, out: dict[str, object]) -> None:
    """A Teltonika EYE sensor advertisement: a flag byte, then the fields it selects."""
    reader = ByteReader(value, "teltonika eye sensor")
    flags = reader.u8("eye flags")
    if flags & 0x01:
        out[f"{prefix}Temp"] = reader.i16("eye temperature") / 100
    if flags & 0x02:
        out[f"{prefix}Humidity"] = reader.u8("eye humidity")
    if flags & 0x04:
        out[f"{prefix}Magnet"] = not flags & 0x08
    if flags & 0x10:
        movement = reader.u16("eye movement")
        out[f"{prefix}Motion"] = bool(movement & 0x8000)
        out[f"{prefix}MovementCount"] = movement & 0x7FFF
    if flags & 0x20:
        out[f"{prefix}Pitch"] = reader.i8("eye pitch")
        out[f"{prefix}Roll"] = reader.i16("eye roll")
    if flags & 0x40:
        out[f"{prefix}LowBattery"] = True
    if flags & 0x80:
        out[f"{prefix}Voltage"] = 2000 + reader.u8("eye battery") * 10
