"""The monitoring record's ZIP package (docs/exchange.md): ``manifest.json`` naming every other
file with its SHA-256, JSON files by subject (zones and positions as GeoJSON), and each raw frame
as it arrived under ``frames/``. :func:`read_package` refuses a package with one
:class:`BadPackage` naming the first thing wrong, before anything is stored."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from valvo.adapters.db.exchange_cases import CASE_FILE, CASE_TABLES
from valvo.adapters.db.exchange_rows import TABLES
from valvo.adapters.db.tables_gateway import device_frame_heads
from valvo.adapters.db.tables_retention import provenance_gaps
from valvo.adapters.exchange.icalendar import plans_calendar
from valvo.adapters.exchange.values import BadPackage, from_json, to_json

FORMAT = "valvo-monitoring-record"
SCHEMA_VERSION = 2  # 2: the case work (cases.json)
READS = (1, 2)  # a version-1 package carries no case work
MAX_PACKAGE_BYTES = 2 << 30
_GAP_SKIP = frozenset({"id", "device_identifier", "deleted_at"})


def build_package(record: Mapping[str, Any], exported_at: datetime, exported_by: str) -> bytes:
    t = TABLES
    subject = record["subjects"][0]

    def rows(name: str) -> list[dict[str, Any]]:
        return [to_json(t[name], r) for r in record[name]]

    files: dict[str, bytes] = {
        "person.json": _dump({"subject": rows("subjects")[0]}),
        "orders.json": _dump({"orders": rows("orders"), "schedules": rows("schedules")}),
        "zones.geojson": _dump(_features(rows("zones"), _zone_feature)),
        "devices.json": _dump(
            {"devices": rows("devices"), "device_assignments": rows("device_assignments")}
        ),
        "positions.geojson": _dump(_features(rows("positions"), _position_feature)),
        "positions.mfjson": _dump(moving_features(rows("positions"))),
        "observations.json": _dump({"observations": rows("observations")}),
        "alarms.json": _dump({"alarms": rows("alarms"), "alarm_events": rows("alarm_events")}),
        "plans.ics": plans_calendar(record["orders"], record["schedules"], exported_at).encode(),
        CASE_FILE: _dump({name: rows(name) for name in CASE_TABLES}),
    }
    frames = []
    for frame in record["device_frames"]:
        data = to_json(t["device_frames"], {k: v for k, v in frame.items() if k != "raw"})
        data["raw_file"] = f"frames/{frame['id']}.bin"
        files[data["raw_file"]] = bytes(frame["raw"])
        frames.append(data)
    chains = [
        {
            **to_json(device_frame_heads, {k: v for k, v in c.items() if k != "gaps"}),
            "gaps": c["gaps"],
        }
        for c in record["chains"]
    ]
    files["frames.json"] = _dump({"frames": frames, "chains": chains})
    manifest = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at.isoformat(),
        "exported_by": exported_by,
        "subject_id": subject["id"],
        "counts": {name: len(record[name]) for name in TABLES},
        "files": {
            path: {"sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}
            for path, body in sorted(files.items())
        },
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _dump(manifest))
        for path, body in sorted(files.items()):
            archive.writestr(path, body)
    return out.getvalue()


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def _features(
    rows: list[dict[str, Any]], feature: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(r) for r in rows]}


def _zone_feature(row: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in row.items() if k != "geometry"}
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": row["geometry"],
        "properties": properties,
    }


def _position_feature(row: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in row.items() if k not in ("lat", "lon")}
    point = {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
    return {"type": "Feature", "id": row["id"], "geometry": point, "properties": properties}


def moving_features(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The positions as OGC Moving Features JSON (OGC 19-045r3): per device a MovingPoint whose
    instants only are known (``Discrete``), with accuracy and speed as temporal properties. A
    device's track whose time repeats continues in a new feature (instants must increase)."""
    tracks: list[list[dict[str, Any]]] = []
    last: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["device_id"], r["time"], r["id"])):
        track = last.get(row["device_id"])
        if track is None or track[-1]["time"] == row["time"]:
            track = last[row["device_id"]] = []
            tracks.append(track)
        track.append(row)
    return {"type": "FeatureCollection", "features": [_moving_point(t) for t in tracks]}


def _moving_point(track: list[dict[str, Any]]) -> dict[str, Any]:
    instants = [r["time"] for r in track]

    def measure(column: str, unit: str) -> dict[str, Any]:
        return {
            "type": "Measure",
            "form": unit,
            "values": [r[column] for r in track],
            "interpolation": "Discrete",
        }

    return {
        "type": "Feature",
        "id": f"{track[0]['device_id']}/{track[0]['time']}",
        "properties": {"device_id": track[0]["device_id"], "subject_id": track[0]["subject_id"]},
        "temporalGeometry": {
            "type": "MovingPoint",
            "datetimes": instants,
            "coordinates": [[r["lon"], r["lat"]] for r in track],
            "interpolation": "Discrete",
        },
        "temporalProperties": [
            {
                "datetimes": instants,
                "accuracy_m": measure("accuracy_m", "MTR"),
                "speed_kmh": measure("speed_kmh", "KMH"),
            }
        ],
    }


def read_package(data: bytes) -> dict[str, Any]:
    """The record in a package, as :func:`valvo.adapters.db.exchange_rows.write_record` takes it."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise BadPackage("the package is larger than 2 GiB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BadPackage("not a ZIP file") from exc
    with archive:
        manifest = _json(archive, "manifest.json")
        listed = _check_manifest(manifest)
        bodies = {}
        for path, meta in listed.items():
            body = _member(archive, path)
            if hashlib.sha256(body).hexdigest() != meta["sha256"]:
                raise BadPackage(f"{path}: its SHA-256 differs from the manifest's (altered)")
            bodies[path] = body
        extra = set(archive.namelist()) - set(listed) - {"manifest.json"}
        if extra:
            raise BadPackage(f"{sorted(extra)[0]}: a file the manifest does not list")
    record = _record(bodies, manifest["schema_version"])
    _unique_keys(record)
    counts = manifest["counts"]
    for name in TABLES:
        expected = counts.get(name, 0 if manifest["schema_version"] == 1 else None)
        if expected != len(record[name]):
            raise BadPackage(f"manifest.json: counts.{name} does not match the files")
    if not record["subjects"] or record["subjects"][0]["id"] != manifest["subject_id"]:
        raise BadPackage("person.json: not the person the manifest names")
    return record


def _unique_keys(record: Mapping[str, Any]) -> None:
    """No id twice in one table (positions are keyed (id, time) on partitioned PostgreSQL, so
    the database alone would let a repeated id in)."""
    for name, table in TABLES.items():
        key = next(iter(table.primary_key.columns)).name
        seen: set[Any] = set()
        for row in record[name]:
            if row[key] in seen:
                raise BadPackage(f"{name}: {key} {row[key]} appears twice")
            seen.add(row[key])


REQUIRED_FILES = (
    "person.json",
    "orders.json",
    "zones.geojson",
    "devices.json",
    "positions.geojson",
    "observations.json",
    "frames.json",
    "alarms.json",
)


def _check_manifest(manifest: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BadPackage(f"manifest.json: not a {FORMAT} package")
    version = manifest.get("schema_version")
    if version not in READS or isinstance(version, bool):
        raise BadPackage(
            f"manifest.json: schema_version {version!r} is not supported (this Valvo reads "
            f"{', '.join(map(str, READS))})"
        )
    files, counts = manifest.get("files"), manifest.get("counts")
    if not isinstance(manifest.get("subject_id"), str):
        raise BadPackage("manifest.json: subject_id must be a string")
    if not isinstance(files, dict) or not isinstance(counts, dict):
        raise BadPackage("manifest.json: files and counts must be objects")
    for path, meta in files.items():
        if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str):
            raise BadPackage(f"manifest.json: files.{path} needs its sha256")
    for path in REQUIRED_FILES + ((CASE_FILE,) if version >= 2 else ()):
        if path not in files:
            raise BadPackage(f"manifest.json: does not list {path}")
    return files


def _member(archive: zipfile.ZipFile, path: str) -> bytes:
    try:
        return archive.read(path)
    except KeyError as exc:
        raise BadPackage(f"{path}: missing from the package") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadPackage(f"{path}: unreadable ({exc})") from exc


def _json(archive: zipfile.ZipFile, path: str) -> Any:
    return _parse(_member(archive, path), path)


def _parse(body: bytes, path: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadPackage(f"{path}: not valid JSON ({exc})") from exc


def _list(document: Any, key: str, path: str) -> list[Any]:
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise BadPackage(f"{path}: needs a list '{key}'")
    found: list[Any] = document[key]
    return found


def _record(bodies: Mapping[str, bytes], version: int) -> dict[str, Any]:
    docs = {path: _parse(bodies[path], path) for path in REQUIRED_FILES}
    record: dict[str, Any] = {name: [] for name in CASE_TABLES}
    if version >= 2:
        docs[CASE_FILE] = _parse(bodies[CASE_FILE], CASE_FILE)

    def table_rows(name: str, path: str, key: str | None = None) -> None:
        items = _list(docs[path], key or name, path)
        record[name] = [
            from_json(TABLES[name], r, f"{path} {name}[{i}]") for i, r in enumerate(items)
        ]

    person = docs["person.json"]
    if not isinstance(person, dict):
        raise BadPackage("person.json: must be an object")
    record["subjects"] = [
        from_json(TABLES["subjects"], person.get("subject"), "person.json subject")
    ]
    table_rows("orders", "orders.json")
    table_rows("schedules", "orders.json")
    record["zones"] = [
        from_json(TABLES["zones"], _zone_row(f, i), f"zones.geojson features[{i}]")
        for i, f in enumerate(_list(docs["zones.geojson"], "features", "zones.geojson"))
    ]
    table_rows("devices", "devices.json")
    table_rows("device_assignments", "devices.json")
    table_rows("observations", "observations.json")
    record["positions"] = [
        from_json(TABLES["positions"], _position_row(f, i), f"positions.geojson features[{i}]")
        for i, f in enumerate(_list(docs["positions.geojson"], "features", "positions.geojson"))
    ]
    table_rows("alarms", "alarms.json")
    table_rows("alarm_events", "alarms.json")
    if version >= 2:
        for name in CASE_TABLES:
            table_rows(name, CASE_FILE)
        _case_references(record)
    record["device_frames"] = [
        _frame(f, i, bodies)
        for i, f in enumerate(_list(docs["frames.json"], "frames", "frames.json"))
    ]
    record["chains"] = [
        _chain(c, i) for i, c in enumerate(_list(docs["frames.json"], "chains", "frames.json"))
    ]
    return record


def _case_references(record: Mapping[str, Any]) -> None:
    """Every row of the case work belongs to one of the person's cases, and the cases to the
    person: a package cannot slip in rows of someone else's case."""
    subject_id = record["subjects"][0]["id"] if record["subjects"] else None
    cases = {r["id"] for r in record["cases"]}
    for i, row in enumerate(record["cases"]):
        if row["subject_id"] != subject_id:
            raise BadPackage(f"{CASE_FILE} cases[{i}]: a case of another person")
    for name in CASE_TABLES:
        for i, row in enumerate(record[name]):
            if "case_id" in row and row["case_id"] is not None and row["case_id"] not in cases:
                raise BadPackage(f"{CASE_FILE} {name}[{i}]: names a case not in the package")
    for i, row in enumerate(record["restrictions"]):
        if row["subject_id"] != subject_id:
            raise BadPackage(f"{CASE_FILE} restrictions[{i}]: a marking of another person")


def _feature(feature: Any, where: str) -> tuple[dict[str, Any], Any]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise BadPackage(f"{where}: not a GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise BadPackage(f"{where}: needs properties")
    return dict(properties), feature.get("geometry")


def _zone_row(feature: Any, i: int) -> dict[str, Any]:
    row, geometry = _feature(feature, f"zones.geojson features[{i}]")
    row["geometry"] = geometry
    return row


def _position_row(feature: Any, i: int) -> dict[str, Any]:
    where = f"positions.geojson features[{i}]"
    row, point = _feature(feature, where)
    coordinates = point.get("coordinates") if isinstance(point, dict) else None
    if (
        not isinstance(point, dict)
        or point.get("type") != "Point"
        or not isinstance(coordinates, list)
        or len(coordinates) != 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        raise BadPackage(f"{where}: geometry must be a Point [lon, lat]")
    row["lon"], row["lat"] = float(coordinates[0]), float(coordinates[1])
    return row


def _frame(data: Any, i: int, bodies: Mapping[str, bytes]) -> dict[str, Any]:
    where = f"frames.json frames[{i}]"
    if not isinstance(data, dict) or not isinstance(data.get("raw_file"), str):
        raise BadPackage(f"{where}: needs raw_file")
    data = dict(data)
    path = data.pop("raw_file")
    if path not in bodies:
        raise BadPackage(f"{where}: {path} is not in the package")
    row = from_json(TABLES["device_frames"], data, where, skip=frozenset({"raw"}))
    row["raw"] = bodies[path]
    return row


def _chain(data: Any, i: int) -> dict[str, Any]:
    where = f"frames.json chains[{i}]"
    if not isinstance(data, dict) or not isinstance(data.get("gaps"), list):
        raise BadPackage(f"{where}: needs gaps")
    data = dict(data)
    gaps = [
        from_json(provenance_gaps, g, f"{where} gaps[{j}]", skip=_GAP_SKIP)
        for j, g in enumerate(data.pop("gaps"))
    ]
    head = from_json(device_frame_heads, data, where)
    return {**head, "gaps": gaps}
