"""The events of a Valvo-protocol message (v1), each checked and turned into a record.

Record types and the attribute names the rules engine reads (see ``docs/protocols/valvo.md``):

* ``presence`` (tag_in_range, tag_out_of_range, presence_check): ``event``, ``sequence``,
  ``tag``, ``inRange`` (bool), ``rssi`` (dBm, when given), ``officer`` (presence_check).
* ``event`` (strap, case, mains, battery, comms test, officer key fob): ``event``,
  ``sequence``, and per event ``tag``, ``fob``, ``officer``, ``batteryLevel``, ``voltageMv``,
  ``rssi``, ``channel``; ``alarms`` carries ``removing``, ``tampering``, ``powerCut``,
  ``powerRestored``.
* ``alcohol_test``: ``event``, ``sequence``, ``testId``, ``outcome``, ``brac`` (mg/L),
  ``identityScore`` (0..1), ``photoSha256``, ``photoRef``, ``photoBytes``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime

from valvo.protocols.base import DecodedRecord, DecodeError

MAX_PHOTO_BYTES = 40_000
_TAG = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
OUTCOMES = ("completed", "refused", "no_sample")
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)


class _Event:
    """Typed access to one event object; every failure names the event and the field."""

    def __init__(self, index: int, raw: Mapping[str, object]) -> None:
        self.index = index
        self.raw = raw
        self.type = str(raw.get("type"))

    def fail(self, text: str) -> DecodeError:
        return DecodeError(f"valvo: event {self.index} ({self.type}): {text}")

    def time(self) -> datetime:
        value = self.raw.get("time")
        if not isinstance(value, str):
            raise self.fail("time is missing (ISO 8601 with a zone)")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as exc:
            raise self.fail(f"time {value[:40]!r} is not ISO 8601") from exc
        if parsed.tzinfo is None:
            raise self.fail("time has no zone (add Z or an offset)")
        parsed = parsed.astimezone(UTC)
        if not _EARLIEST <= parsed < _LATEST:
            raise self.fail(f"time {value} is not plausible")
        return parsed

    def ident(self, name: str, required: bool = True) -> str | None:
        value = self.raw.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not _TAG.fullmatch(value):
            raise self.fail(f"{name} must be 1-64 letters, digits or . _ : -")
        return value

    def number(self, name: str, low: float, high: float, required: bool = True) -> float | None:
        value = self.raw.get(name)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{name} must be a number")
        if not math.isfinite(value) or not low <= value <= high:
            raise self.fail(f"{name} {value} is outside {low:g}..{high:g}")
        return float(value)

    def integer(self, name: str, low: int, high: int, required: bool = True) -> int | None:
        value = self.number(name, low, high, required)
        if value is None:
            return None
        if value != int(value):
            raise self.fail(f"{name} must be a whole number")
        return int(value)

    def flag(self, name: str) -> bool:
        value = self.raw.get(name)
        if not isinstance(value, bool):
            raise self.fail(f"{name} must be true or false")
        return value


def _record(kind: str, e: _Event, sequence: int, **attributes: object) -> DecodedRecord:
    extras = {k: v for k, v in attributes.items() if v is not None}
    return DecodedRecord(
        type=kind,
        time=e.time(),
        attributes={"event": e.type, "sequence": sequence, **extras},
    )


def _tag_range(e: _Event, sequence: int) -> DecodedRecord:
    return _record(
        "presence",
        e,
        sequence,
        tag=e.ident("tag"),
        inRange=e.type == "tag_in_range",
        rssi=e.integer("rssi", -130, 0, required=e.type == "tag_in_range"),
    )


def _presence_check(e: _Event, sequence: int) -> DecodedRecord:
    base = _record(
        "presence",
        e,
        sequence,
        tag=e.ident("tag"),
        inRange=e.flag("seen"),
        rssi=e.integer("rssi", -130, 0, required=False),
        officer=e.ident("officer", required=False),
    )
    return _with_place(e, base)


_ALARMS = {
    "strap_opened": "removing",
    "case_opened": "tampering",
    "mains_lost": "powerCut",
    "mains_restored": "powerRestored",
}


def _device_event(e: _Event, sequence: int) -> DecodedRecord:
    attributes: dict[str, object] = {}
    if e.type.startswith("strap_"):
        attributes["tag"] = e.ident("tag")
    record = _record("event", e, sequence, **attributes)
    alarm = _ALARMS.get(e.type)
    return replace(record, alarms=(alarm,) if alarm else ())


def _battery(e: _Event, sequence: int) -> DecodedRecord:
    level = e.number("level", 0, 100)
    record = _record(
        "event",
        e,
        sequence,
        batteryLevel=level,
        voltageMv=e.integer("voltage_mv", 0, 100_000, required=False),
    )
    return replace(record, battery_pct=level)


def _comms_test(e: _Event, sequence: int) -> DecodedRecord:
    channel = e.raw.get("channel")
    if channel is not None and channel not in ("pstn", "gsm", "lte", "ethernet", "wifi"):
        raise e.fail("channel must be pstn, gsm, lte, ethernet or wifi")
    return _record(
        "event",
        e,
        sequence,
        rssi=e.integer("rssi", -150, 0, required=False),
        channel=channel,
    )


def _officer(e: _Event, sequence: int) -> DecodedRecord:
    return _record(
        "event", e, sequence, fob=e.ident("fob"), officer=e.ident("officer", required=False)
    )


def _alcohol_test(e: _Event, sequence: int) -> DecodedRecord:
    outcome = e.raw.get("outcome")
    if outcome not in OUTCOMES:
        raise e.fail(f"outcome must be one of {', '.join(OUTCOMES)}")
    brac = e.number("brac", 0, 5, required=outcome == "completed")
    if outcome != "completed" and brac is not None:
        raise e.fail(f"brac given for a test whose outcome is {outcome}")
    photo_sha, photo_ref, photo_bytes = _photo(e)
    record = _record(
        "alcohol_test",
        e,
        sequence,
        testId=e.ident("test_id"),
        outcome=outcome,
        brac=brac,
        identityScore=e.number("identity_score", 0, 1, required=False),
        photoSha256=photo_sha,
        photoRef=photo_ref,
        photoBytes=photo_bytes,
    )
    return _with_place(e, record)


def _photo(e: _Event) -> tuple[str | None, str | None, int | None]:
    photo = e.raw.get("photo")
    if photo is None:
        if e.raw.get("outcome") == "completed":
            raise e.fail("a completed test needs its photo (sha256 at least)")
        return None, None, None
    if not isinstance(photo, dict):
        raise e.fail("photo must be an object")
    sha = photo.get("sha256")
    if not isinstance(sha, str) or not _HEX64.fullmatch(sha):
        raise e.fail("photo.sha256 must be 64 lowercase hex digits")
    ref = photo.get("ref")
    if ref is not None and (not isinstance(ref, str) or not 1 <= len(ref) <= 200):
        raise e.fail("photo.ref must be a text of 1-200 characters")
    jpeg = photo.get("jpeg")
    size = None
    if jpeg is not None:
        if not isinstance(jpeg, str) or len(jpeg) > MAX_PHOTO_BYTES * 4 // 3 + 4:
            raise e.fail(f"photo.jpeg must be base64 of at most {MAX_PHOTO_BYTES} bytes")
        try:
            data = base64.b64decode(jpeg, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise e.fail("photo.jpeg is not valid base64") from exc
        if hashlib.sha256(data).hexdigest() != sha:
            raise e.fail("photo.jpeg does not match photo.sha256")
        size = len(data)
    return sha, ref, size


def _with_place(e: _Event, record: DecodedRecord) -> DecodedRecord:
    if e.raw.get("lat") is None and e.raw.get("lon") is None:
        return record
    return replace(
        record,
        lat=e.number("lat", -90, 90),
        lon=e.number("lon", -180, 180),
        accuracy_m=e.number("accuracy", 0, 100_000, required=False),
        valid=True,
    )


_PARSERS: dict[str, Callable[[_Event, int], DecodedRecord]] = {
    "tag_in_range": _tag_range,
    "tag_out_of_range": _tag_range,
    "presence_check": _presence_check,
    "strap_opened": _device_event,
    "strap_closed": _device_event,
    "case_opened": _device_event,
    "case_closed": _device_event,
    "mains_lost": _device_event,
    "mains_restored": _device_event,
    "battery": _battery,
    "comms_test": _comms_test,
    "officer_arrived": _officer,
    "officer_departed": _officer,
    "alcohol_test": _alcohol_test,
}
EVENT_TYPES = tuple(_PARSERS)


def event_record(index: int, raw: object, device: str, sequence: int) -> DecodedRecord:
    if not isinstance(raw, dict):
        raise DecodeError(f"valvo: event {index} is not an object")
    event = _Event(index, raw)
    parser = _PARSERS.get(event.type)
    if parser is None:
        raise DecodeError(f"valvo: event {index} has unknown type {event.type[:40]!r}")
    return replace(parser(event, sequence), device=device)
