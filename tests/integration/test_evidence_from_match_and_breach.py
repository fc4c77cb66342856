"""Evidence packages in one click from a crime match and from a breach on a case, on SQLite and
PostgreSQL: the police's package of a match covers exactly the window the run read (the crime's
window, the run's tolerance and 30 minutes each side), says "crime match" and verifies offline;
a breach's package is its alarm's, or an hour either side of it. Each is a location read in the
audit trail; another region's match or breach, a restricted person's, and a role without the
permission are refused, nothing written."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from tests.conftest import FakeClock
from tests.security.conftest import audit_rows, bearer
from tests.support.crimes import crime_row, person, run_body, walk
from tests.support.evidence import SIGNATORY, add_breach, members, walk_into_exclusion
from valvo.adapters.db import tables_restricted as tr
from valvo.adapters.evidence import layout
from valvo.adapters.evidence.verify import INTACT, verify_bundle
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"
URL = "/api/evidence/packages"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def restrict(valvo: Valvo, subject_id: str) -> None:
    with valvo.db.begin() as conn:
        conn.execute(
            insert(tr.restrictions),
            [
                {
                    "id": str(uuid.uuid4()),
                    "subject_id": subject_id,
                    "reason": "protected_person",
                    "marked_at": valvo.clock(),
                    "marked_by": "test",
                }
            ],
        )


def package_audits(valvo: Valvo) -> list[dict[str, Any]]:
    return [
        r
        for r in audit_rows(valvo, action="read_location")
        if (r["details"] or {}).get("evidence_package")
    ]


def iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_the_police_build_a_match_package_of_the_runs_window_only(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    crime_start = clock.now - timedelta(hours=2)
    near = person(valvo, "near")
    walk(valvo, near, crime_start + timedelta(minutes=5), north_m=50)  # 31 fixes, 15 minutes
    # The same person hours earlier: outside what the run read, so not in the package.
    walk(valvo, near, crime_start - timedelta(hours=5), north_m=3000, count=3)
    police = bearer(valvo, "police", SOUTH, name="konstaapeli")
    row = crime_row("R-700", crime_start, crime_start + timedelta(minutes=30))
    batch = ok(client.post("/api/crimes/batches", json={"crimes": [row]}, headers=police), 201)
    run = ok(
        client.post(f"/api/crimes/batches/{batch['id']}/runs", json=run_body(), headers=police),
        201,
    )
    (match,) = ok(client.get(f"/api/crimes/runs/{run['id']}", headers=police))["matches"]
    assert match["subject_id"] == near.subject_id

    response = client.post(
        URL, json={"match_id": match["id"], "signatory": SIGNATORY}, headers=police
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    outcome = verify_bundle(response.content)
    assert outcome.code == INTACT, outcome.message
    summary = outcome.summary
    assert summary["kind"] == "crime_match"
    assert summary["subject_id"] == near.subject_id
    widen = timedelta(minutes=10 + 30)  # the run's tolerance and the longest track gap
    assert iso(summary["from"]) == crime_start - widen
    assert iso(summary["to"]) == crime_start + timedelta(minutes=30) + widen
    assert summary["positions"] == 31  # the walk past the scene, not the earlier fixes
    files = members(response.content)
    record = json.loads(files[layout.PACKAGE])
    assert "R-700" in record["match_description"]
    assert f"Run {run['id']}" in record["match_description"]
    assert record["purpose"] == run_body()["purpose"]
    assert any(name.startswith("report-en") for name in files)

    (audit,) = package_audits(valvo)
    assert (audit["actor"], audit["target_id"]) == ("konstaapeli", near.subject_id)
    assert audit["purpose"] == run_body()["purpose"]
    details = audit["details"]
    assert details["evidence_package"] == "crime_match"
    assert (details["match_id"], details["crime_run"]) == (match["id"], run["id"])
    assert details["legal_basis"] == "criminal_investigation"

    analyst = bearer(valvo, "crime_analyst", SOUTH)
    body = {"match_id": match["id"], "signatory": SIGNATORY}
    assert client.post(URL, json=body, headers=analyst).status_code == 200
    before = len(audit_rows(valvo))
    # Another region's police: not found; roles that do not read matches: refused.
    assert client.post(URL, json=body, headers=bearer(valvo, "police", EAST)).status_code == 404
    for role in ("operator", "supervisor"):
        refused = client.post(URL, json=body, headers=bearer(valvo, role, SOUTH))
        assert refused.status_code == 403
        assert refused.json()["detail"] == f"role {role} may not crimes:match"
    # The police build no package but a match's.
    alarm_body = {"alarm_id": str(uuid.uuid4()), "signatory": SIGNATORY}
    assert client.post(URL, json=alarm_body, headers=police).json()["detail"] == (
        "role police may not evidence:build"
    )
    # Bad input: precise 4xx.
    missing = client.post(URL, json={"match_id": 999_999, "signatory": "X"}, headers=police)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "crime match 999999 does not exist"
    both = {**body, "subject_id": near.subject_id}
    assert client.post(URL, json=both, headers=police).status_code == 422
    described = {**body, "match_description": "mine"}
    assert client.post(URL, json=described, headers=police).status_code == 422
    assert client.post(URL, json={**body, "match_id": 0}, headers=police).status_code == 422
    # A restricted person's match: not there for the police.
    restrict(valvo, near.subject_id)
    assert client.post(URL, json=body, headers=police).status_code == 404
    assert len(audit_rows(valvo)) == before  # nothing refused was recorded as read


def test_a_supervisor_builds_a_breach_package_in_the_breachs_region(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    someone = person(valvo, "late")
    occurred = clock.now - timedelta(hours=3)
    walk(valvo, someone, occurred - timedelta(minutes=10), north_m=0)  # 15 minutes of fixes
    breach_id = add_breach(valvo, someone.subject_id, SOUTH, occurred)
    supervisor = bearer(valvo, "supervisor", SOUTH, name="valvoja")
    body = {"breach_id": breach_id, "signatory": SIGNATORY}
    response = client.post(URL, json=body, headers=supervisor)
    assert response.status_code == 200, response.text
    outcome = verify_bundle(response.content)
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["kind"] == "track"
    assert iso(outcome.summary["from"]) == occurred - timedelta(hours=1)
    assert iso(outcome.summary["to"]) == occurred + timedelta(hours=1)
    assert outcome.summary["positions"] == 31
    (audit,) = package_audits(valvo)
    assert (audit["actor"], audit["target_id"]) == ("valvoja", someone.subject_id)
    assert audit["purpose"].startswith(f"evidence of breach {breach_id}")
    assert audit["details"]["breach_id"] == breach_id

    before = len(audit_rows(valvo))
    assert client.post(URL, json=body, headers=bearer(valvo, "supervisor", EAST)).status_code == 404
    refused = client.post(URL, json=body, headers=bearer(valvo, "police", SOUTH))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "role police may not evidence:build"
    unknown = {"breach_id": "no-such-breach", "signatory": SIGNATORY}
    assert client.post(URL, json=unknown, headers=supervisor).json()["detail"] == (
        "breach no-such-breach does not exist"
    )
    assert client.post(URL, json={**body, "match_id": 1}, headers=supervisor).status_code == 403
    restrict(valvo, someone.subject_id)
    assert client.post(URL, json=body, headers=supervisor).status_code == 404
    assert len(audit_rows(valvo)) == before
    restricted = bearer(valvo, "restricted_supervisor", SOUTH)
    assert client.post(URL, json=body, headers=restricted).status_code == 200


def test_a_breach_from_an_alarm_gives_the_alarms_package(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    walked = walk_into_exclusion(valvo, clock)
    breach_id = add_breach(valvo, walked.who.subject_id, SOUTH, clock(), walked.alarm_id)
    supervisor = bearer(valvo, "supervisor", SOUTH)
    response = client.post(URL, json={"breach_id": breach_id, "signatory": "V"}, headers=supervisor)
    assert response.status_code == 200, response.text
    outcome = verify_bundle(response.content)
    assert outcome.code == INTACT, outcome.message
    assert (outcome.summary["kind"], outcome.summary["alarm_id"]) == ("alarm", walked.alarm_id)
    assert outcome.summary["frames"] > 0
    (audit,) = package_audits(valvo)
    assert audit["details"]["breach_id"] == breach_id
    assert audit["details"]["alarm_id"] == walked.alarm_id
