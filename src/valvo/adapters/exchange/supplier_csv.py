"""Positions from another supplier's CSV export, read through a column mapping (issue 17 item 4:
a service moving away from a commercial vendor keeps the history it already has).

The mapping is a small JSON document naming the supplier's columns and how their values are
written (docs/exchange.md). Every row is read before anything is stored: the first bad row is
named with its line number and nothing is imported. Local times are read in the mapping's time
zone; a local time that does not exist (the hour skipped in spring) or happens twice (the hour
repeated in autumn) is refused unless the column carries its offset, because a position's time
is evidence and guessing it is not allowed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from valvo.protocols.accuracy import accuracy_from

FIELDS = ("time", "lat", "lon", "accuracy_m", "speed", "hdop", "satellites")
REQUIRED = ("time", "lat", "lon")
TIME_FORMATS = ("iso", "epoch_s", "epoch_ms")  # or a strptime pattern such as "%d.%m.%Y %H:%M:%S"
SPEED_UNITS = {"kmh": 1.0, "ms": 3.6, "knots": 1.852, "mph": 1.609344}
MAX_ROWS = 2_000_000
MAX_FIELD = 200


class BadCsv(ValueError):
    """The file or its mapping cannot be read as positions; the message says where and why."""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    columns: Mapping[str, str]
    time_format: str = "iso"
    timezone: str = "Europe/Helsinki"
    delimiter: str = ","
    decimal: str = "."
    encoding: str = "utf-8"
    speed_unit: str = "kmh"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class SupplierFix:
    line: int
    time: datetime
    lat: float
    lon: float
    accuracy_m: float | None
    speed_kmh: float | None
    satellites: int | None
    raw: bytes


def read_mapping(text: str | bytes) -> ColumnMapping:
    """The mapping document, checked: required columns named, known options only."""
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadCsv(f"mapping: not JSON ({exc})") from exc
    if not isinstance(doc, dict):
        raise BadCsv("mapping: a JSON object is expected")
    unknown = set(doc) - {"columns", *ColumnMapping.__dataclass_fields__}
    if unknown:
        raise BadCsv(f"mapping: unknown option {sorted(unknown)[0]!r}")
    columns = doc.get("columns")
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in columns.items()
    ):
        raise BadCsv('mapping: "columns" must map field names to the CSV\'s column names')
    extra = set(columns) - set(FIELDS)
    if extra:
        raise BadCsv(f"mapping: unknown field {sorted(extra)[0]!r} (known: {', '.join(FIELDS)})")
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise BadCsv(f"mapping: no column given for {', '.join(missing)}")
    options = {k: v for k, v in doc.items() if k != "columns"}
    if not all(isinstance(v, str) for v in options.values()):
        raise BadCsv("mapping: every option is a string")
    mapping = ColumnMapping(columns=dict(columns), **options)
    _check_options(mapping)
    return mapping


def _check_options(mapping: ColumnMapping) -> None:
    try:
        mapping.zone  # noqa: B018  (resolving the zone is the check)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadCsv(f"mapping: unknown time zone {mapping.timezone!r}") from exc
    if len(mapping.delimiter) != 1:
        raise BadCsv("mapping: delimiter must be one character")
    if mapping.decimal not in (".", ","):
        raise BadCsv('mapping: decimal must be "." or ","')
    if mapping.decimal == mapping.delimiter:
        raise BadCsv("mapping: decimal and delimiter must differ")
    if mapping.speed_unit not in SPEED_UNITS:
        raise BadCsv(f"mapping: speed_unit must be one of {', '.join(SPEED_UNITS)}")
    if mapping.time_format not in TIME_FORMATS and "%" not in mapping.time_format:
        raise BadCsv(
            f"mapping: time_format is one of {', '.join(TIME_FORMATS)} or a strptime pattern"
        )
    try:
        "".encode(mapping.encoding)
    except LookupError as exc:
        raise BadCsv(f"mapping: unknown encoding {mapping.encoding!r}") from exc


def read_positions(data: bytes, mapping: ColumnMapping) -> list[SupplierFix]:
    """Every row of the file as a fix, in file order; :class:`BadCsv` names the first bad row."""
    try:
        text = data.decode(mapping.encoding)
    except UnicodeDecodeError as exc:
        raise BadCsv(f"the file is not {mapping.encoding} text (byte {exc.start})") from exc
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text), delimiter=mapping.delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise BadCsv("the file is empty") from exc
    except csv.Error as exc:
        raise BadCsv(f"line 1: {exc}") from exc
    index = _columns(header, mapping)
    fixes: list[SupplierFix] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(fixes) >= MAX_ROWS:
                raise BadCsv(f"more than {MAX_ROWS} rows; split the file")
            raw = lines[line - 1].rstrip("\r\n").encode(mapping.encoding)
            fixes.append(_fix(line, row, index, mapping, raw))
    except csv.Error as exc:
        raise BadCsv(f"line {reader.line_num}: {exc}") from exc
    if not fixes:
        raise BadCsv("the file has a header but no rows")
    return fixes


def _columns(header: list[str], mapping: ColumnMapping) -> dict[str, int]:
    names = [h.strip() for h in header]
    index: dict[str, int] = {}
    for field, column in mapping.columns.items():
        if column not in names:
            raise BadCsv(f"line 1: no column {column!r} (for {field}); the header has {names}")
        index[field] = names.index(column)
    return index


def _fix(
    line: int, row: list[str], index: Mapping[str, int], mapping: ColumnMapping, raw: bytes
) -> SupplierFix:
    def cell(field: str) -> str | None:
        if field not in index:
            return None
        if index[field] >= len(row):
            raise BadCsv(f"line {line}: {len(row)} columns, {mapping.columns[field]!r} missing")
        value = row[index[field]].strip()
        if len(value) > MAX_FIELD:
            raise BadCsv(f"line {line}: {mapping.columns[field]!r} is over {MAX_FIELD} characters")
        return value or None

    def number(field: str) -> float | None:
        value = cell(field)
        if value is None:
            return None
        wrong = f"line {line}: {mapping.columns[field]}={value!r} is not a number"
        try:
            parsed = float(value.replace(",", ".") if mapping.decimal == "," else value)
        except ValueError as exc:
            raise BadCsv(wrong) from exc
        if not math.isfinite(parsed):
            raise BadCsv(wrong)
        return parsed

    lat, lon = number("lat"), number("lon")
    if lat is None or lon is None:
        raise BadCsv(f"line {line}: no coordinates")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadCsv(f"line {line}: coordinates {lat}, {lon} are outside the earth's range")
    time_text = cell("time")
    if time_text is None:
        raise BadCsv(f"line {line}: no time")
    accuracy = number("accuracy_m")
    if accuracy is not None and accuracy < 0:
        raise BadCsv(f"line {line}: a negative accuracy")
    speed = number("speed")
    if speed is not None and speed < 0:
        raise BadCsv(f"line {line}: a negative speed")
    satellites = number("satellites")
    if satellites is not None and (satellites < 0 or satellites != int(satellites)):
        raise BadCsv(f"line {line}: satellites must be a whole number")
    sats = None if satellites is None else int(satellites)
    if accuracy is None:
        accuracy = accuracy_from(number("hdop"), sats)
    return SupplierFix(
        line=line,
        time=_instant(line, time_text, mapping),
        lat=lat,
        lon=lon,
        accuracy_m=accuracy,
        speed_kmh=None if speed is None else round(speed * SPEED_UNITS[mapping.speed_unit], 3),
        satellites=sats,
        raw=raw,
    )


def _instant(line: int, text: str, mapping: ColumnMapping) -> datetime:
    fmt = mapping.time_format
    try:
        if fmt in ("epoch_s", "epoch_ms"):
            seconds = float(text) / (1000 if fmt == "epoch_ms" else 1)
            return datetime.fromtimestamp(seconds, UTC)
        # A pattern without %z reads a wall-clock time, placed in the zone by _local below.
        parsed = (
            datetime.fromisoformat(text) if fmt == "iso" else datetime.strptime(text, fmt)  # noqa: DTZ007
        )
    except (ValueError, OverflowError, OSError) as exc:
        raise BadCsv(f"line {line}: time {text!r} does not match {fmt!r}") from exc
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    return _local(line, parsed, mapping.zone)


def _local(line: int, naive: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone``, only if it names exactly one instant."""
    first = naive.replace(tzinfo=zone, fold=0)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise BadCsv(
            f"line {line}: {naive:%Y-%m-%d %H:%M:%S} did not happen in {zone.key} (the clocks "
            "went forward)"
        )
    if first.utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
        raise BadCsv(
            f"line {line}: {naive:%Y-%m-%d %H:%M:%S} happened twice in {zone.key} (the clocks "
            "went back); the file must give the offset"
        )
    return first.astimezone(UTC)


def payload_attributes(fix: SupplierFix, source: str) -> dict[str, Any]:
    """What the observation keeps of where the fix came from."""
    return {"source": "supplier csv", "file": source, "line": fix.line}


def identity(device: str, fix: SupplierFix) -> str:
    """The fix's resend key: a second import of the same rows is found and refused."""
    content = json.dumps(
        {"device": device, "time": fix.time.isoformat(), "lat": fix.lat, "lon": fix.lon},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(("supplier-csv:" + content).encode()).hexdigest()
