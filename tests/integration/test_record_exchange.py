"""``valvo export person`` and ``valvo import``: a person's whole record moves to another Valvo
(a fresh second database) with the same ids and rows, its raw frames and seals verify there, a
second import is refused, and a bad package is refused with one error and nothing stored."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from typer.testing import CliRunner

from tests.conftest import FakeClock, make_valvo
from tests.security.conftest import audit_rows
from tests.support.alarm_desk import person
from tests.support.evidence import walk_into_exclusion
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.exchange_rows import TABLES, read_record
from valvo.bootstrap import Valvo
from valvo.cli.main import app
from valvo.gateway.ingest import to_frame
from valvo.protocols.base import DecodedRecord


@pytest.fixture
def target_url(valvo: Valvo, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, fresh database of the same kind as the source, at the migration head."""
    if valvo.settings.resolved_database_url.startswith("sqlite"):
        path = tmp_path / "target.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: str = request.getfixturevalue("pg_server_url")
    template: str = request.getfixturevalue("pg_template")
    name = f"valvo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Cli:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runner = CliRunner()
        self.monkeypatch = monkeypatch

    def on(self, url: str, data_dir: Path, *args: str) -> Any:
        self.monkeypatch.setenv("VALVO_DATABASE_URL", url)
        self.monkeypatch.setenv("VALVO_DATA_DIR", str(data_dir))
        return self.runner.invoke(app, list(args))


def export(valvo: Valvo, cli: Cli, subject_id: str, out: Path) -> None:
    result = cli.on(
        valvo.settings.resolved_database_url,
        valvo.settings.data_dir,
        "export",
        "person",
        subject_id,
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output


def rows(url: str, subject_id: str, clock: FakeClock) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found = read_record(conn, subject_id, clock())
    finally:
        engine.dispose()
    assert found is not None
    return found


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in {**TABLES, "audit": t.audit_records}.items()
            }
    finally:
        engine.dispose()


def test_round_trip_gives_the_same_record_whose_frames_and_seals_verify(
    valvo: Valvo,
    clock: FakeClock,
    target_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walk = walk_into_exclusion(valvo, clock)
    subject_id = walk.who.subject_id
    cli = Cli(monkeypatch)
    out = tmp_path / "record.zip"
    export(valvo, cli, subject_id, out)
    source = rows(valvo.settings.resolved_database_url, subject_id, clock)
    [read] = audit_rows(valvo, action="read_location", actor="cli")
    assert read["target_id"] == subject_id
    assert len(source["device_frames"]) == 9
    assert len(source["positions"]) == 9
    assert len(source["alarms"]) == 1
    assert source["alarm_events"]
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        positions = json.loads(archive.read("positions.geojson"))
        manifest = json.loads(archive.read("manifest.json"))
        calendar = archive.read("plans.ics").decode()
        moving = json.loads(archive.read("positions.mfjson"))
    assert {"manifest.json", "zones.geojson", "frames/1.bin", "plans.ics"} <= names
    assert_conforms(manifest, documented_schema())
    assert calendar.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert calendar.count("BEGIN:VEVENT") == 14  # ALWAYS_OUT: two windows a day
    assert calendar.count("RRULE:FREQ=WEEKLY;BYDAY=") == 14
    assert "DTSTART;TZID=Europe/Helsinki:" in calendar
    assert positions["type"] == "FeatureCollection"
    assert positions["features"][0]["geometry"]["type"] == "Point"
    # The same positions as OGC Moving Features JSON: one MovingPoint per device, instants rising.
    [track] = moving["features"]
    geometry = track["temporalGeometry"]
    assert geometry["type"] == "MovingPoint"
    assert len(geometry["datetimes"]) == len(geometry["coordinates"]) == 9
    assert geometry["datetimes"] == sorted(set(geometry["datetimes"]))
    assert [geometry["coordinates"][0]] == [
        next(
            f["geometry"]["coordinates"]
            for f in positions["features"]
            if f["properties"]["time"] == geometry["datetimes"][0]
        )
    ]
    assert len(track["temporalProperties"][0]["accuracy_m"]["values"]) == 9

    elsewhere = tmp_path / "elsewhere"  # another installation: its own data and keys
    elsewhere.mkdir()
    result = cli.on(target_url, elsewhere, "import", str(out))
    assert result.exit_code == 0, result.output
    assert rows(target_url, subject_id, clock) == source
    verified = cli.on(target_url, elsewhere, "verify")
    assert verified.exit_code == 0, verified.output
    summary = json.loads(verified.output.strip().splitlines()[-1])
    assert summary["provenance"]["frames"] == 9

    before = counts(target_url)
    # The target's engine takes the imported observations as evaluated history: no duplicates.
    target = make_valvo(target_url, elsewhere, clock)
    try:
        target.engine_worker().step(clock())
    finally:
        target.db.dispose()
    assert counts(target_url) == before
    again = cli.on(target_url, elsewhere, "import", str(out))
    assert again.exit_code == 1
    assert "already holds" in again.output
    assert counts(target_url) == before


def rewrite(source: Path, out: Path, change: dict[str, bytes | None], reseal: bool) -> None:
    """A copy of the package with members replaced (None: removed); ``reseal`` updates the
    manifest's SHA-256 so the change gets past the checksum."""
    with zipfile.ZipFile(source) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    for name, body in change.items():
        if body is None:
            members.pop(name)
        else:
            members[name] = body
    if reseal:
        manifest = json.loads(members["manifest.json"])
        for name, body in change.items():
            if body is not None and name != "manifest.json":
                manifest["files"][name]["sha256"] = hashlib.sha256(body).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    out.write_bytes(buffer.getvalue())


def test_a_bad_package_is_refused_with_one_error_and_nothing_stored(
    valvo: Valvo,
    clock: FakeClock,
    target_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walk = walk_into_exclusion(valvo, clock)
    cli = Cli(monkeypatch)
    good = tmp_path / "record.zip"
    export(valvo, cli, walk.who.subject_id, good)
    with zipfile.ZipFile(good) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        alarms_doc = json.loads(archive.read("alarms.json"))
    wrong_version = json.dumps({**manifest, "schema_version": 99}).encode()
    with zipfile.ZipFile(good) as archive:
        positions = json.loads(archive.read("positions.geojson"))
    positions["features"][1]["properties"]["id"] = positions["features"][0]["properties"]["id"]
    # Parses and checks, then fails in the database half-way: the last table's row names an
    # alarm that is not there, so the person, orders and devices inserted before it must go.
    with zipfile.ZipFile(good) as archive:
        orphan = json.loads(archive.read("alarms.json"))
    orphan["alarm_events"][0]["alarm_id"] = "no-such-alarm"
    alarms_doc["alarms"][0]["severity"] = None
    cases: dict[str, tuple[dict[str, bytes | None], bool, str]] = {
        "corrupt JSON": ({"orders.json": b'{"orders": ['}, True, "orders.json: not valid JSON"),
        "altered file": ({"orders.json": b"{}"}, False, "orders.json: its SHA-256 differs"),
        "missing file": ({"frames/3.bin": None}, False, "frames/3.bin: missing"),
        "wrong version": ({"manifest.json": wrong_version}, False, "schema_version 99"),
        "null column": (
            {"alarms.json": json.dumps(alarms_doc).encode()},
            True,
            "severity: must not be null",
        ),
        "repeated id": (
            {"positions.geojson": json.dumps(positions).encode()},
            True,
            "appears twice",
        ),
        "half-way": ({"alarms.json": json.dumps(orphan).encode()}, True, "nothing stored"),
    }
    target_dir = tmp_path / "elsewhere"
    target_dir.mkdir()
    assert cli.on(target_url, target_dir, "verify").exit_code == 0  # first start: the admin
    before = counts(target_url)
    for label, (change, reseal, message) in cases.items():
        bad = tmp_path / f"{label}.zip"
        rewrite(good, bad, change, reseal)
        result = cli.on(target_url, target_dir, "import", str(bad))
        assert result.exit_code in (1, 2), (label, result.output)
        assert message in result.output, (label, result.output)
        assert len(result.output.strip().splitlines()) == 1, (label, result.output)
        assert counts(target_url) == before, (label, audit_actions(target_url))
    not_zip = tmp_path / "not.zip"
    not_zip.write_bytes(b"PK nonsense")
    result = cli.on(target_url, target_dir, "import", str(not_zip))
    assert result.exit_code == 2
    assert "not a ZIP file" in result.output
    missing = cli.on(
        valvo.settings.resolved_database_url,
        valvo.settings.data_dir,
        "export",
        "person",
        "nobody",
        "--out",
        str(tmp_path / "x.zip"),
    )
    assert missing.exit_code == 1
    assert "does not exist" in missing.output


def audit_actions(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [str(r[0]) for r in conn.execute(select(t.audit_records.c.action))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_someone_elses_frames_stay_behind_and_the_chain_still_verifies(
    valvo: Valvo,
    clock: FakeClock,
    target_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A frame the device sent before it was this person's is not exported; the imported
    chain crosses it as a gap (its hashes and count), so it verifies with nothing re-chained."""
    before_hers = clock() - timedelta(hours=1)
    record = DecodedRecord("position", "ev-1", before_hers, lat=60.2, lon=24.9, valid=True)
    stray = to_frame(
        (record,), protocol="osmand", raw=b"id=ev-1&earlier", peer=None, received_at=before_hers
    )
    valvo.observation_log().append_frames([stray])
    walk = walk_into_exclusion(valvo, clock)
    cli = Cli(monkeypatch)
    out = tmp_path / "record.zip"
    export(valvo, cli, walk.who.subject_id, out)
    with zipfile.ZipFile(out) as archive:
        frames = json.loads(archive.read("frames.json"))
        assert b"earlier" not in b"".join(archive.read(n) for n in archive.namelist())
    [chain] = frames["chains"]
    assert chain["frame_count"] == 10
    assert [(g["first_frame_id"], g["frame_count"]) for g in chain["gaps"]] == [(1, 1)]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The target's own first observation (log position 1, below the imported 2..10) that its
    # engine has not evaluated yet: moving the engine past the import would skip it.
    target = make_valvo(target_url, elsewhere, clock)
    person(target, "other-1")
    own = DecodedRecord("position", "other-1", clock(), lat=60.1, lon=24.8, valid=True)
    mine = to_frame((own,), protocol="osmand", raw=b"id=other-1", peer=None, received_at=clock())
    target.observation_log().append_frames([mine])
    before = counts(target_url)
    behind = cli.on(target_url, elsewhere, "import", str(out))
    assert behind.exit_code == 1
    assert "has not yet evaluated" in behind.output
    assert counts(target_url) == before
    with target.db.begin() as conn:  # its engine has evaluated it (without writing positions
        # whose ids would meet the package's)
        conn.execute(t.log_offsets.insert(), [{"consumer": "engine", "position": 1}])
    target.db.dispose()
    imported = cli.on(target_url, elsewhere, "import", str(out))
    assert imported.exit_code == 0, imported.output
    verified = cli.on(target_url, elsewhere, "verify")
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.output.strip().splitlines()[-1])["provenance"]["frames"] == 10


def documented_schema() -> dict[str, Any]:
    """The manifest's JSON Schema as docs/exchange.md publishes it."""
    text_ = (Path(__file__).parents[2] / "docs" / "exchange.md").read_text()
    block = text_.split("## Manifest schema", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    schema: dict[str, Any] = json.loads(block)
    return schema


def assert_conforms(value: Any, schema: dict[str, Any], where: str = "manifest") -> None:
    """The keywords the documented schema uses (no JSON Schema library is installed)."""
    kinds = {"object": dict, "string": str, "integer": int}
    if "const" in schema:
        assert value == schema["const"], where
    if "type" in schema:
        assert isinstance(value, kinds[schema["type"]]), where
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if "minLength" in schema:
        assert len(value) >= schema["minLength"], where
    if "pattern" in schema:
        assert re.fullmatch(schema["pattern"].strip("^$"), value), where
    if isinstance(value, dict):
        assert set(schema.get("required", ())) <= set(value), where
        properties = schema.get("properties", {})
        for key, item in value.items():
            extra = schema.get("additionalProperties", True)
            assert key in properties or extra is not False, f"{where}.{key}"
            sub = properties.get(key, extra if isinstance(extra, dict) else {})
            assert_conforms(item, sub, f"{where}.{key}")
