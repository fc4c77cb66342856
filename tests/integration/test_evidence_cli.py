"""``valvo evidence export | public-key | keygen`` against a database: an alarm's package and a
track's, written to a file that ``valvo evidence verify`` finds intact and signed by the key the
service prints; a key file of one's own replaces the derived key; exports are audited."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.security.conftest import audit_rows
from tests.support.evidence import add_breach, walk_into_exclusion
from valvo.bootstrap import Valvo
from valvo.cli.main import app

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def cli(valvo: Valvo, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.settings.resolved_database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(valvo.settings.data_dir))
    return CliRunner()


def test_export_writes_a_package_that_verifies_against_the_printed_key(
    valvo: Valvo, clock: FakeClock, cli: CliRunner, tmp_path: Path
) -> None:
    walk = walk_into_exclusion(valvo, clock)
    out = tmp_path / "alarm.zip"
    result = cli.invoke(
        app,
        [
            "evidence",
            "export",
            "--alarm",
            walk.alarm_id,
            "--signatory",
            "L. Mäkinen",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    written = json.loads(result.output)
    printed = cli.invoke(app, ["evidence", "public-key"])
    assert printed.exit_code == 0
    assert "-----BEGIN PUBLIC KEY-----" in printed.output
    fingerprint = printed.output.strip().splitlines()[-1].removeprefix("fingerprint: ")
    assert written["key_fingerprint"] == fingerprint
    result = cli.invoke(app, ["evidence", "verify", str(out), "--key", fingerprint])
    assert result.exit_code == 0, result.output
    [row] = audit_rows(valvo, action="read_location", actor="cli")
    assert row["details"]["manifest_sha256"] == written["manifest_sha256"]

    track = tmp_path / "track.zip"
    end = clock()
    args = ["evidence", "export", "--subject", walk.who.subject_id, "--signatory", "L. M."]
    window = ["--from", (end - timedelta(hours=1)).isoformat(), "--to", end.isoformat()]
    result = cli.invoke(app, [*args, *window, "--out", str(track), "--purpose", "court 1/2026"])
    assert result.exit_code == 0, result.output
    assert cli.invoke(app, ["evidence", "verify", str(track)]).exit_code == 0
    assert cli.invoke(app, [*args, "--out", str(track)]).exit_code == 2  # no period
    assert (
        cli.invoke(app, ["evidence", "export", "--out", str(track), "--signatory", "x"]).exit_code
        == 2
    )
    missing = cli.invoke(
        app, ["evidence", "export", "--alarm", "nope", "--signatory", "x", "--out", str(track)]
    )
    assert missing.exit_code == 1
    assert "does not exist" in missing.output


def test_a_key_file_of_ones_own_signs_the_packages(
    valvo: Valvo, clock: FakeClock, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "evidence.pem"
    result = cli.invoke(app, ["evidence", "keygen", "--out", str(key)])
    assert result.exit_code == 0, result.output
    assert key.stat().st_mode & 0o077 == 0
    fingerprint = result.output.strip().removeprefix("fingerprint: ")
    assert cli.invoke(app, ["evidence", "keygen", "--out", str(key)]).exit_code == 2
    monkeypatch.setenv("VALVO_EVIDENCE_KEY_FILE", str(key))
    assert fingerprint in cli.invoke(app, ["evidence", "public-key"]).output
    walk = walk_into_exclusion(valvo, clock)
    out = tmp_path / "alarm.zip"
    args = ["evidence", "export", "--alarm", walk.alarm_id, "--signatory", "S", "--out", str(out)]
    assert cli.invoke(app, args).exit_code == 0
    assert cli.invoke(app, ["evidence", "verify", str(out), "--key", fingerprint]).exit_code == 0
    derived = valvo.evidence_key.fingerprint
    assert derived != fingerprint
    pinned_wrong = cli.invoke(app, ["evidence", "verify", str(out), "--key", derived])
    assert pinned_wrong.exit_code == 1


def test_export_of_a_crime_match_and_of_a_breach(
    valvo: Valvo, clock: FakeClock, cli: CliRunner, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from tests.security.conftest import bearer
    from tests.support.crimes import crime_row, person, run_body
    from tests.support.crimes import walk as walk_by
    from valvo.web.app import create_app

    crime_start = clock() - timedelta(hours=2)
    near = person(valvo, "cli-near")
    walk_by(valvo, near, crime_start + timedelta(minutes=5), north_m=30)
    police = bearer(valvo, "police", "Etelä-Suomi")
    with TestClient(create_app(valvo)) as client:
        row = crime_row("R-CLI", crime_start, crime_start + timedelta(minutes=30))
        batch = client.post("/api/crimes/batches", json={"crimes": [row]}, headers=police).json()
        url = f"/api/crimes/batches/{batch['id']}/runs"
        run = client.post(url, json=run_body(), headers=police).json()
        (match,) = client.get(f"/api/crimes/runs/{run['id']}", headers=police).json()["matches"]
    out = tmp_path / "match.zip"
    args = ["evidence", "export", "--signatory", "K. Virta", "--out", str(out)]
    result = cli.invoke(app, [*args, "--match", str(match["id"])])
    assert result.exit_code == 0, result.output
    verified = cli.invoke(app, ["evidence", "verify", str(out), "--json"])
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.output)["kind"] == "crime_match"
    breach_id = add_breach(valvo, near.subject_id, "Etelä-Suomi", crime_start)
    result = cli.invoke(app, [*args, "--breach", breach_id])
    assert result.exit_code == 0, result.output
    assert cli.invoke(app, ["evidence", "verify", str(out)]).exit_code == 0
    rows = audit_rows(valvo, action="read_location", actor="cli")
    assert [r["details"].get("match_id") for r in rows] == [match["id"], None]
    assert rows[1]["details"]["breach_id"] == breach_id
    both = cli.invoke(app, [*args, "--match", "1", "--breach", breach_id])
    assert both.exit_code == 2
