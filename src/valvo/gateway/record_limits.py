"""Every decoded field checked against what the log's schema can hold, before anything is stored.

A record the database would refuse (a device id longer than its column, NaN in the JSON payload,
a NUL or lone surrogate in a string) must be refused on its own at decode time, with a clear
reason: reaching the group commit, it would fail the whole batch and every device in it. The
lengths are the ones the observation table is declared with (``services/telemetry.py``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping

from valvo.protocols.base import DecodedRecord, DecodeError
from valvo.services.telemetry import DEVICE_ID_LENGTH, PEER_LENGTH


class InvalidRecord(DecodeError):
    """A decoded field the log cannot hold; the text names the field and why. A
    :class:`DecodeError`, so every path refuses it as it refuses an undecodable frame."""


MAX_DEVICE_ID = DEVICE_ID_LENGTH
MAX_PEER = PEER_LENGTH
MAX_ALARM = 64
MAX_PAYLOAD = 16 * 1024  # bytes of JSON attributes per record (frames are bounded smaller)


def check_device_id(device: str, protocol: str) -> str:
    """``device`` when it fits the column and has no control or unpaired characters."""
    if not 0 < len(device) <= MAX_DEVICE_ID:
        raise InvalidRecord(
            f"{protocol}: device id of {len(device)} characters (1 to {MAX_DEVICE_ID} allowed)"
        )
    _check_text(device, f"{protocol}: device id", controls=True)
    return device


def check_record(record: DecodedRecord, protocol: str) -> None:
    if record.device is not None:
        check_device_id(record.device, protocol)
    if record.time is not None and record.time.utcoffset() is None:
        raise InvalidRecord(f"{protocol}: device time without a time zone")
    for name in ("lat", "lon", "speed_kmh", "course", "altitude_m", "accuracy_m", "battery_pct"):
        value = getattr(record, name)
        if value is not None and not math.isfinite(value):
            raise InvalidRecord(f"{protocol}: {name} is not a finite number")
    if record.lat is not None and not -90 <= record.lat <= 90:
        raise InvalidRecord(f"{protocol}: latitude {record.lat} out of range")
    if record.lon is not None and not -180 <= record.lon <= 180:
        raise InvalidRecord(f"{protocol}: longitude {record.lon} out of range")
    for alarm in record.alarms:
        if len(alarm) > MAX_ALARM:
            raise InvalidRecord(f"{protocol}: alarm name over {MAX_ALARM} characters")
        _check_text(alarm, f"{protocol}: alarm name")
    _check_attributes(record.attributes, protocol)


def clip_peer(peer: str | None) -> str | None:
    return peer[:MAX_PEER] if peer is not None else None


def _check_attributes(attributes: Mapping[str, object], protocol: str) -> None:
    try:
        encoded = _strict_json(attributes)
    except (TypeError, ValueError) as exc:
        raise InvalidRecord(f"{protocol}: attributes not storable as JSON ({exc})") from exc
    if len(encoded) > MAX_PAYLOAD:
        raise InvalidRecord(f"{protocol}: attributes over {MAX_PAYLOAD} bytes")
    _walk(attributes, f"{protocol}: attribute")


# json.dumps(..., allow_nan=False) with one encoder for every record, not one made per call.
_strict_json = json.JSONEncoder(allow_nan=False).encode


def _walk(value: object, what: str) -> None:
    if isinstance(value, str):
        _check_text(value, what)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_text(str(key), what)
            _walk(item, what)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, what)


# Unicode's categories Cs (surrogates) and Cc (the C0 and C1 controls), as character classes:
# one regular-expression scan in C instead of a category lookup per character.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _check_text(text: str, what: str, controls: bool = False) -> None:
    """No NUL or unpaired surrogate (neither survives PostgreSQL); no control character at all
    when ``controls`` (identifiers)."""
    if _UNSTORABLE.search(text):
        raise InvalidRecord(f"{what} holds a NUL or unpaired surrogate character")
    if controls and _CONTROL.search(text):
        raise InvalidRecord(f"{what} holds a control character")
