"""GTCAN: vehicle CAN-bus data, laid out by a 32-bit report mask.

The fields before the GPS block are ``<report type>,<CAN state>,<CAN report mask>`` and then one
field per set mask bit, in bit order. Bits 0-21 are the standard values below (Valvo reads the
ones with a clear unit); bit 29 adds an expansion mask after the values, whose bit 0 is the
AdBlue level. Bits 30 and 31 announce the GPS block and the cell, which are read elsewhere.
Values carry unit prefixes: ``H`` hectometres on distances, ``P`` percent on levels.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

from valvo.protocols.coordinates import parse_decimal
from valvo.protocols.gl200.fields import hex_int

_MASK_AT = 2
_STANDARD_BITS = 22
_EXPANSION_BIT = 29
_ADBLUE_BIT = 0
_MASK = re.compile(r"[0-9A-Fa-f]{8}")


def _vin(value: str) -> tuple[str, object]:
    return "vin", value


def _ignition_key(value: str) -> tuple[str, object]:
    return "ignition", value in ("1", "2")  # 0 key off, 1 key on, 2 engine running


def _distance(value: str) -> tuple[str, object]:
    if value.startswith("H"):
        return "odometer", parse_decimal(value[1:]) * 100.0
    return "odometer", parse_decimal(value) * 1000.0


def _number(name: str) -> Callable[[str], tuple[str, object]]:
    return lambda value: (name, parse_decimal(value))


def _percentage(name: str) -> Callable[[str], tuple[str, object]]:
    def read(value: str) -> tuple[str, object]:
        if not value.startswith("P"):
            raise ValueError(f"{name} is not a percentage: {value!r}")
        return name, parse_decimal(value[1:])

    return read


def _engine_hours(value: str) -> tuple[str, object]:
    return "hours", round(parse_decimal(value) * 3600 * 1000)


_READERS: dict[int, Callable[[str], tuple[str, object]]] = {
    0: _vin,
    1: _ignition_key,
    2: _distance,
    3: _number("fuelUsed"),
    4: _number("rpm"),
    5: _number("obdSpeed"),
    6: _number("coolantTemp"),
    8: _percentage("fuel"),
    10: _number("throttle"),
    11: _engine_hours,
    15: _number("axleWeight"),
}


def can_attributes(pre: tuple[str, ...]) -> dict[str, object]:
    """Attributes from the fields before a GTCAN report's GPS block."""
    if len(pre) <= _MASK_AT or not _MASK.fullmatch(pre[_MASK_AT]):
        return {}
    mask = int(pre[_MASK_AT], 16)
    attributes: dict[str, object] = {}
    index = _MASK_AT + 1
    for bit in range(_STANDARD_BITS):
        if not mask & (1 << bit):
            continue
        if index >= len(pre):
            return attributes
        value, reader = pre[index], _READERS.get(bit)
        index += 1
        if value and reader is not None:
            try:
                name, decoded = reader(value)
            except ValueError:
                continue  # a value in a unit Valvo does not read
            attributes[name] = decoded
    if mask & (1 << _EXPANSION_BIT):
        at = next((i for i in range(index, len(pre)) if _MASK.fullmatch(pre[i])), None)
        expansion = hex_int(pre[at]) if at is not None else None
        if at is not None and expansion is not None and expansion & (1 << _ADBLUE_BIT):
            level = pre[at + 1] if at + 1 < len(pre) else ""
            with contextlib.suppress(ValueError):  # unless reported as a percentage
                attributes["adBlueLevel"] = _percentage("adBlueLevel")(level)[1]
    return attributes
