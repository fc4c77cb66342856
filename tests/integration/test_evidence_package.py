"""Evidence packages from the database, on SQLite and PostgreSQL: an alarm's package holds the
track, the alarm and its trail, the device's history and its raw frames in their hash chain,
verifies offline, and is recorded in the audit trail; over HTTP only the roles allowed build one,
in their region; the PDF renders (pdftoppm) with its headings and the signatory."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.security.conftest import audit_rows, bearer
from tests.support.evidence import SIGNATORY, STEPS, build, members, walk_into_exclusion
from valvo.adapters.db.tables_gateway import device_frames
from valvo.adapters.evidence.verify import INTACT, verify_bundle
from valvo.bootstrap import Valvo
from valvo.services.errors import InvalidInput, NotFound
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"


def test_an_alarm_package_holds_everything_and_verifies(valvo: Valvo, clock: FakeClock) -> None:
    walk = walk_into_exclusion(valvo, clock)
    packed = build(valvo, clock, alarm_id=walk.alarm_id)
    outcome = verify_bundle(packed.content, valvo.evidence_key.fingerprint)
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["kind"] == "alarm"
    assert outcome.summary["frames"] == STEPS + 1
    assert outcome.summary["positions"] == STEPS + 1
    files = members(packed.content)
    with valvo.db.connect() as conn:
        stored = [
            bytes(r) for r in conn.execute(select(device_frames.c.raw).order_by("id")).scalars()
        ]
    frames = json.loads(files["records/frames.json"])
    assert [files[f["file"]] for f in frames] == stored
    alarms = json.loads(files["records/alarms.json"])
    assert [a["id"] for a in alarms] == [walk.alarm_id]
    assert alarms[0]["trail"][0]["action"] == "raised"
    history = json.loads(files["records/history.json"])
    assert [d["identifier"] for d in history["devices"]] == ["ev-1"]
    assert len(history["assignments"]) == 1
    assert json.loads(files["records/chain_check.json"]) == [
        {"device": "ev-1", "intact": True, "frames": STEPS + 1, "reason": None}
    ]
    [row] = audit_rows(valvo, action="read_location", target_id=walk.who.subject_id)
    assert row["actor"] == "operator-1"
    assert row["purpose"] == f"evidence package of alarm {walk.alarm_id}"
    assert row["details"]["evidence_package"] == "alarm"
    assert row["details"]["manifest_sha256"] == packed.manifest_sha256
    assert row["details"]["frames"] == STEPS + 1
    assert row["details"]["signatory"] == SIGNATORY


def test_a_track_package_holds_only_the_frames_of_the_persons_time(
    valvo: Valvo, clock: FakeClock
) -> None:
    """A device's frames from before it was assigned to the person are someone else's."""
    walk = walk_into_exclusion(valvo, clock)
    end = clock()
    packed = build(
        valvo,
        clock,
        subject_id=walk.who.subject_id,
        start=end - timedelta(minutes=4, seconds=30),
        end=end + timedelta(minutes=1),
        purpose="court request 12/2026",
    )
    outcome = verify_bundle(packed.content)
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["kind"] == "track"
    assert outcome.summary["positions"] == 5
    assert outcome.summary["frames"] == 5
    frames = json.loads(members(packed.content)["records/frames.json"])
    assert frames[0]["segment_start"] is True
    assert all(not f["segment_start"] for f in frames[1:])


def test_bad_requests_are_refused_and_change_nothing(valvo: Valvo, clock: FakeClock) -> None:
    walk = walk_into_exclusion(valvo, clock)
    before = len(audit_rows(valvo))
    now = clock()
    with pytest.raises(NotFound):
        build(valvo, clock, alarm_id="no-such-alarm")
    with pytest.raises(InvalidInput, match="signatory"):
        build(valvo, clock, alarm_id=walk.alarm_id, signatory="   ")
    with pytest.raises(InvalidInput, match="after"):
        build(valvo, clock, subject_id=walk.who.subject_id, start=now, end=now)
    with pytest.raises(InvalidInput, match="7 days"):
        build(valvo, clock, subject_id=walk.who.subject_id, start=now - timedelta(days=8), end=now)
    with pytest.raises(InvalidInput, match="give one of"):
        build(valvo, clock, alarm_id=walk.alarm_id, subject_id=walk.who.subject_id)
    assert len(audit_rows(valvo)) == before


@pytest.fixture
def client(valvo: Valvo) -> TestClient:
    return TestClient(create_app(valvo), raise_server_exceptions=False)


def test_over_http_only_the_roles_allowed_build_a_package_in_their_region(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    walk = walk_into_exclusion(valvo, clock)
    body = {"alarm_id": walk.alarm_id, "signatory": SIGNATORY}
    for role in ("regional_manager", "police", "prosecutor", "court", "auditor"):
        answer = client.post("/api/evidence/packages", json=body, headers=bearer(valvo, role))
        assert answer.status_code == 403, (role, answer.text)
    east = bearer(valvo, "operator", EAST)
    assert client.post("/api/evidence/packages", json=body, headers=east).status_code == 404
    track = {
        "subject_id": walk.who.subject_id,
        "from": (clock() - timedelta(hours=1)).isoformat(),
        "to": clock().isoformat(),
        "signatory": SIGNATORY,
    }
    assert client.post("/api/evidence/packages", json=track, headers=east).status_code == 404
    assert not audit_rows(valvo, action="read_location")

    answer = client.post(
        "/api/evidence/packages", json=body, headers=bearer(valvo, "operator", SOUTH, "op-south")
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].startswith('attachment; filename="evidence-alarm-')
    assert verify_bundle(answer.content).code == INTACT
    [row] = audit_rows(valvo, action="read_location", actor="op-south")
    assert row["peer"]
    assert row["details"]["manifest_sha256"] == answer.headers["x-valvo-manifest-sha256"]

    old = {**track, "from": (clock() - timedelta(days=2)).isoformat()}
    supervisor = bearer(valvo, "supervisor", SOUTH)
    answer = client.post("/api/evidence/packages", json=old, headers=supervisor)
    assert answer.status_code == 400
    assert "purpose is required" in answer.text
    answer = client.post(
        "/api/evidence/packages", json={**old, "purpose": "court request"}, headers=supervisor
    )
    assert answer.status_code == 200, answer.text
    for bad in (
        {"signatory": SIGNATORY},
        {**track, "to": track["from"]},
        {**body, "signatory": ""},
        {**body, "unknown": 1},
        {**track, "from": "2026-11-23T10:00:00"},
    ):
        answer = client.post("/api/evidence/packages", json=bad, headers=supervisor)
        assert answer.status_code == 422, (bad, answer.text)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_report_renders_with_its_headings_and_the_signatory(
    valvo: Valvo, clock: FakeClock, tmp_path: Path
) -> None:
    if shutil.which("pdftoppm") is None:  # ./dev test installs poppler-utils
        pytest.fail("pdftoppm (poppler-utils) is not installed")
    walk = walk_into_exclusion(valvo, clock)
    files = members(build(valvo, clock, alarm_id=walk.alarm_id).content)
    headings = {
        "fi": [
            "Todistepaketti: sijaintitiedot",
            "Sijainnit",
            "Tapahtumat ja hälytysten käsittely",
            "Laitteet, asennukset ja laitteiden kytkennät",
            "Todisteketju",
        ],
        "en": [
            "Evidence package: location data",
            "Positions",
            "Events and alarm handling",
            "Devices, installations and assignments",
            "Chain of custody",
        ],
    }
    for lang, expected in headings.items():
        pdf = tmp_path / f"report-{lang}.pdf"
        pdf.write_bytes(files[f"report-{lang}.pdf"])
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / lang)], check=True)
        pages = sorted(tmp_path.glob(f"{lang}-*.png"))
        assert len(pages) >= 4
        assert all(p.stat().st_size > 3000 for p in pages)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        for heading in expected:
            assert heading in text, (lang, heading)
        last = str(len(pages))
        statement = subprocess.run(
            ["pdftotext", "-f", last, "-l", last, str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert ("Todistajanlausunto" if lang == "fi" else "Witness statement") in statement
        assert SIGNATORY in statement
        assert "EPSG:3067" in text
        assert "Protected address" in text  # the alarm's own explanation
        assert valvo.evidence_key.fingerprint in "".join(text.split())  # wrapped on the page
    _map_has_the_zones_and_the_track(tmp_path / "en-1.png")


def _map_has_the_zones_and_the_track(png: Path) -> None:
    from PIL import Image

    image = Image.open(png).convert("RGB")
    colours = set(image.getdata())
    reddish = [c for c in colours if c[0] > 200 and c[1] < 120 and c[2] < 120]
    greenish = [c for c in colours if c[1] > 120 and c[0] < 100 and c[2] < 140]
    bluish = [c for c in colours if c[2] > 200 and c[0] < 120]
    assert reddish, "the exclusion zone"
    assert greenish, "the inclusion zone"
    assert bluish, "the accuracy circles"
