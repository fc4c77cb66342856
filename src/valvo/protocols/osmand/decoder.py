"""OsmAnd / Traccar Client: HTTP GET or POST, query-string or JSON body.

The HTTP status is the acknowledgement, so the decoder returns no ACK bytes. ``decode`` takes
what the server received: the request target with its query string (``/?id=..&lat=..``), a bare
query string, a form-encoded body, or a JSON body from the background-geolocation SDK.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session

KNOT_KMH = 1.852
MPS_KMH = 3.6
_MILLIS_THRESHOLD = 2**31
# Keys read into named fields; every other key becomes an attribute.
_NAMED_KEYS = frozenset(
    {
        "id",
        "deviceid",
        "timestamp",
        "lat",
        "lon",
        "location",
        "speed",
        "bearing",
        "heading",
        "altitude",
        "accuracy",
        "hdop",
        "batt",
        "valid",
        "cell",
        "wifi",
        "charge",
    }
)
SPEED_UNITS: Mapping[str, float] = {"knots": KNOT_KMH, "kmh": 1.0, "mps": MPS_KMH, "mph": 1.609344}


class OsmAndDecoder:
    """Decoder for the OsmAnd HTTP protocol. ``speed_unit`` is how query ``speed`` is read."""

    name = "osmand"

    def __init__(self, speed_unit: str = "knots") -> None:
        if speed_unit not in SPEED_UNITS:
            raise ValueError(f"unknown OsmAnd speed unit {speed_unit!r}")
        self._speed_factor = SPEED_UNITS[speed_unit]

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        try:
            text = message.decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            raise DecodeError(f"osmand: request is not UTF-8 text ({exc.reason})") from exc
        if not text:
            raise DecodeError("osmand: empty request")
        record = _decode_json(text) if text.startswith("{") else self._decode_query(text)
        return DecodeResult(records=(record,), ack=None)

    def _decode_query(self, text: str) -> DecodedRecord:
        query = urlsplit(text).query if text.startswith(("/", "http")) else text
        if not query:
            raise DecodeError("osmand: no query parameters")
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=False)
        if not pairs:
            raise DecodeError("osmand: no query parameters")
        params: dict[str, str] = {}
        cells: list[dict[str, int]] = []
        wifis: list[dict[str, object]] = []
        for key, value in pairs:
            if key == "cell":
                cells.append(_parse_cell(value))
            elif key == "wifi":
                wifis.append(_parse_wifi(value))
            else:
                params[key] = value
        device = params.get("id") or params.get("deviceid")
        if not device:
            raise DecodeError("osmand: missing device id (id or deviceid)")
        lat, lon = _query_coordinates(params)
        time = _parse_timestamp(params["timestamp"]) if "timestamp" in params else None
        valid = _parse_bool(params["valid"]) if "valid" in params else lat is not None
        attributes: dict[str, object] = {
            k: _attribute_value(v) for k, v in params.items() if k not in _NAMED_KEYS
        }
        if cells:
            attributes["cells"] = cells
        if wifis:
            attributes["wifi"] = wifis
        if "hdop" in params:
            attributes["hdop"] = _number(params, "hdop")
        if "charge" in params:
            attributes["charge"] = _parse_bool(params["charge"])
        speed = _number(params, "speed")
        course = _number(params, "bearing") if "bearing" in params else _number(params, "heading")
        return DecodedRecord(
            type="position" if lat is not None else "status",
            device=device,
            time=time,
            lat=lat,
            lon=lon,
            valid=valid,
            speed_kmh=None if speed is None else speed * self._speed_factor,
            course=course,
            altitude_m=_number(params, "altitude"),
            accuracy_m=_number(params, "accuracy"),
            battery_pct=_number(params, "batt"),
            attributes=attributes,
        )


def _decode_json(text: str) -> DecodedRecord:
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DecodeError(f"osmand: malformed JSON body ({exc.msg} at {exc.pos})") from exc
    if not isinstance(body, dict):
        raise DecodeError("osmand: JSON body is not an object")
    device = body.get("device_id")
    if device is None or device == "":
        raise DecodeError("osmand: JSON body has no device_id")
    location = body.get("location")
    if not isinstance(location, dict):
        raise DecodeError("osmand: JSON body has no location object")
    coords = location.get("coords")
    if not isinstance(coords, dict):
        raise DecodeError("osmand: location has no coords object")
    lat = _json_number(coords, "latitude")
    lon = _json_number(coords, "longitude")
    if lat is None or lon is None:
        raise DecodeError("osmand: coords need latitude and longitude")
    _check_range(lat, lon)
    if "timestamp" not in location:
        raise DecodeError("osmand: location has no timestamp")
    time = _parse_timestamp(str(location["timestamp"]))
    speed = _json_number(coords, "speed")
    heading = _json_number(coords, "heading")
    attributes: dict[str, object] = {}
    extras = location.get("extras")
    if isinstance(extras, dict):
        for key, value in extras.items():
            attributes[str(key)] = value
    for key in ("event", "odometer"):
        if key in location:
            attributes[key] = location[key]
    if "is_moving" in location:
        attributes["motion"] = bool(location["is_moving"])
    battery_pct = None
    battery = location.get("battery")
    if isinstance(battery, dict):
        level = battery.get("level")
        if isinstance(level, int | float) and 0 <= level <= 1:
            battery_pct = round(float(level) * 100, 1)
        if "is_charging" in battery:
            attributes["charge"] = bool(battery["is_charging"])
    alarm = location.get("alarm")
    return DecodedRecord(
        type="position",
        device=str(device),
        time=time,
        lat=lat,
        lon=lon,
        valid=True,
        speed_kmh=None if speed is None or speed < 0 else speed * MPS_KMH,
        course=None if heading is None or heading < 0 else heading,
        altitude_m=_json_number(coords, "altitude"),
        accuracy_m=_json_number(coords, "accuracy"),
        battery_pct=battery_pct,
        alarms=(str(alarm),) if alarm else (),
        attributes=attributes,
    )


def _query_coordinates(params: Mapping[str, str]) -> tuple[float | None, float | None]:
    if "lat" in params and "lon" in params:
        lat, lon = _number(params, "lat"), _number(params, "lon")
    elif "location" in params:
        parts = params["location"].split(",")
        if len(parts) != 2:
            raise DecodeError("osmand: location must be 'lat,lon'")
        lat, lon = _to_float("location", parts[0]), _to_float("location", parts[1])
    else:
        return None, None
    if lat is None or lon is None:
        return None, None
    _check_range(lat, lon)
    return lat, lon


def _check_range(lat: float, lon: float) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise DecodeError(f"osmand: coordinates out of range (lat {lat}, lon {lon})")


def _parse_timestamp(value: str) -> datetime:
    value = value.strip()
    try:
        if value.replace(".", "", 1).isdigit():
            number = float(value)
            seconds = number / 1000.0 if number > _MILLIS_THRESHOLD else number
            return datetime.fromtimestamp(seconds, tz=UTC)
        iso = value.replace("Z", "+00:00")
        parsed = datetime.fromisoformat(iso)
    except (ValueError, OverflowError, OSError) as exc:
        raise DecodeError(f"osmand: unreadable timestamp {value!r}") from exc
    # A zoneless 'yyyy-MM-dd HH:mm:ss' is ambiguous; Valvo reads it as UTC, as devices should send.
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _parse_cell(value: str) -> dict[str, int]:
    parts = value.split(",")
    if len(parts) not in (4, 5):
        raise DecodeError(f"osmand: cell must be mcc,mnc,lac,cid[,rssi], got {value!r}")
    try:
        numbers = [int(p) for p in parts]
    except ValueError as exc:
        raise DecodeError(f"osmand: cell has a non-integer field: {value!r}") from exc
    cell = {"mcc": numbers[0], "mnc": numbers[1], "lac": numbers[2], "cid": numbers[3]}
    if len(numbers) == 5:
        cell["rssi"] = numbers[4]
    return cell


def _parse_wifi(value: str) -> dict[str, object]:
    mac, _, rssi = value.partition(",")
    octets = mac.replace("-", ":").lower().split(":")
    if len(octets) != 6 or not all(len(o) == 2 and _is_hex(o) for o in octets):
        raise DecodeError(f"osmand: wifi MAC is malformed: {mac!r}")
    entry: dict[str, object] = {"mac": ":".join(octets)}
    if rssi:
        entry["rssi"] = int(_to_float("wifi rssi", rssi))
    return entry


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def _number(params: Mapping[str, str], key: str) -> float | None:
    raw = params.get(key)
    if raw is None or raw == "":
        return None
    return _to_float(key, raw)


def _to_float(key: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError as exc:
        raise DecodeError(f"osmand: {key} is not a number: {raw!r}") from exc
    if not math.isfinite(value):
        raise DecodeError(f"osmand: {key} is not finite: {raw!r}")
    return value


def _json_number(obj: Mapping[str, object], key: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DecodeError(f"osmand: {key} is not a number")
    if not math.isfinite(value):
        raise DecodeError(f"osmand: {key} is not finite")
    return float(value)


def _parse_bool(raw: str) -> bool:
    return raw.strip().lower() in ("true", "1", "yes")


def _attribute_value(raw: str) -> object:
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    try:
        value = float(raw)
    except ValueError:
        return raw
    return value if math.isfinite(value) else raw
