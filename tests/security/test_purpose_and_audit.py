"""The purpose rule (location history before today needs a stated purpose, stored in the audit
record) and audit completeness: every route that returns positions — found from the OpenAPI
document by its marker, and cross-checked against the permission and the response schemas —
writes an audit record with the actor, the purpose and the peer, in the read's transaction."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.integration.test_partners_scope_import import assign
from tests.security.conftest import TokenFor, audit_rows
from tests.support.alarm_desk import exclusion_alarm, person
from tests.support.cases import ban_body
from tests.support.crimes import crime_run
from tests.support.partners import make_place
from valvo.bootstrap import Valvo
from valvo.cli.main import app as cli
from valvo.domain.security import Permission, start_of_local_day
from valvo.web.access import route_permissions
from valvo.web.app import create_app

MARKER = "x-valvo-location"


def location_routes(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (method.upper(), path)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if op.get(MARKER)
    )


def schema_has_coordinates(schema: Any, spec: dict[str, Any], seen: set[str]) -> bool:
    """Whether a response schema (following $refs) has an object with lat and lon."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[1]
            if name in seen:
                return False
            seen.add(name)
            return schema_has_coordinates(spec["components"]["schemas"][name], spec, seen)
        props = schema.get("properties", {})
        if {"lat", "lon"} <= set(props):
            return True
        return any(schema_has_coordinates(v, spec, seen) for v in schema.values())
    if isinstance(schema, list):
        return any(schema_has_coordinates(v, spec, seen) for v in schema)
    return False


def test_every_route_that_can_return_positions_carries_the_marker(valvo: Valvo) -> None:
    app = create_app(valvo)
    spec = app.openapi()
    marked = set(location_routes(spec))
    assert len(marked) >= 5
    declared = route_permissions(app)
    for (method, path), needs in declared.items():
        if Permission.READ_LOCATION in needs and (method, path) in _in_schema(spec):
            assert (method, path) in marked, f"{method} {path} reads location but is unmarked"
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ok = op.get("responses", {}).get("200", {}).get("content", {})
            if schema_has_coordinates(ok, spec, set()):
                assert (method.upper(), path) in marked, f"{method} {path} returns lat/lon"


def _in_schema(spec: dict[str, Any]) -> set[tuple[str, str]]:
    return {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}


def test_every_location_route_writes_an_audit_record_with_actor_and_purpose(
    valvo: Valvo, client: TestClient, clock: FakeClock, token_for: TokenFor
) -> None:
    who = person(valvo, "audit-1")
    alarm = exclusion_alarm(valvo, who, clock.now)
    here = assign(valvo, "audit-2", make_place(valvo, name="Paja"))
    run = crime_run(client, token_for("police"), clock.now)
    ban = client.post(  # R124: the police's view of a travel-banned person
        "/api/cases/travel-bans",
        json=ban_body(clock.now - timedelta(hours=2)),
        headers=token_for("police"),
    )
    assert ban.status_code == 201, ban.text
    values = {
        "run_id": run["id"],
        "case_id": ban.json()["id"],
        "subject_id": who.subject_id,
        "alarm_id": alarm["id"],
        "incident_id": alarm["incident_id"],
        "assignment_id": here["id"],
        "day": clock.now.date().isoformat(),
        "from": (clock.now - timedelta(hours=1)).isoformat(),
        "to": (clock.now + timedelta(minutes=1)).isoformat(),
        "purpose": "audit completeness",
    }
    # The routes whose location read is a body rather than a query.
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/api/evidence/packages"): {"alarm_id": alarm["id"], "signatory": "A. Auditor"},
    }
    spec = create_app(valvo).openapi()
    for method, path in location_routes(spec):
        op = spec["paths"][path][method.lower()]
        query = {
            p["name"]: values[p["name"]]
            for p in op.get("parameters", [])
            if p["in"] == "query" and (p.get("required") or p["name"] == "purpose")
        }
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        before = len(audit_rows(valvo))
        actor = f"auditor-of-{path}"
        response = client.request(
            method,
            url,
            params=query,
            json=bodies.get((method, path)),
            headers=token_for("administrator", name=actor),
        )
        assert response.status_code == 200, (path, response.text)
        new = audit_rows(valvo)[before:]
        reads = [r for r in new if r["action"] == "read_location" and r["actor"] == actor]
        assert reads, f"{method} {path} wrote no location-read audit record"
        for record in reads:
            assert record["purpose"], (path, record)
            assert record["peer"], (path, record)
            assert record["at"].astimezone(UTC) == clock.now


def test_history_before_today_needs_a_purpose_and_the_purpose_is_audited(
    valvo: Valvo, client: TestClient, clock: FakeClock, token_for: TokenFor
) -> None:
    who = person(valvo, "purpose-1")
    h = token_for("supervisor", name="kaisa")
    midnight = start_of_local_day(clock.now)  # 2026-11-23 00:00 Helsinki = 22:00 UTC before
    assert midnight == datetime(2026, 11, 22, 22, 0, tzinfo=UTC)
    path = f"/api/positions/{who.subject_id}"
    today = {"from": midnight.isoformat(), "to": clock.now.isoformat()}
    assert client.get(path, params=today, headers=h).status_code == 200
    yesterday = {"from": (midnight - timedelta(seconds=1)).isoformat(), "to": today["to"]}
    refused = client.get(path, params=yesterday, headers=h)
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "purpose is required: location history before the start of today "
        "(2026-11-23T00:00:00+02:00, Europe/Helsinki) is read only for a stated purpose; "
        "the request reaches back to 2026-11-22T23:59:59+02:00"
    )
    blank = client.get(path, params={**yesterday, "purpose": "   "}, headers=h)
    assert blank.status_code == 400
    given = client.get(path, params={**yesterday, "purpose": "breach report 12/2026"}, headers=h)
    assert given.status_code == 200
    (record,) = [r for r in audit_rows(valvo, actor="kaisa", target_type="subject") if r["purpose"]]
    assert (record["action"], record["target_id"]) == ("read_location", who.subject_id)
    assert record["purpose"] == "breach report 12/2026"
    assert record["peer"].startswith("testclient")
    # The subject page: a window reaching before midnight needs a purpose too.
    page = f"/api/desk/subjects/{who.subject_id}"
    assert client.get(page, params={"hours": 48}, headers=h).status_code == 400
    assert client.get(page, params={"hours": 1}, headers=h).status_code == 200
    ok = client.get(page, params={"hours": 48, "purpose": "case review"}, headers=h)
    assert ok.status_code == 200
    assert audit_rows(valvo, actor="kaisa")[-1]["purpose"] == "case review"
    # Every refusal changed nothing: no audit record of a read that did not happen.
    assert len(audit_rows(valvo, actor="kaisa")) == 4


def test_a_past_partner_session_needs_a_purpose(
    valvo: Valvo, client: TestClient, clock: FakeClock, token_for: TokenFor
) -> None:
    here = assign(valvo, "purpose-2", make_place(valvo, name="Verstas"))
    h = token_for("supervisor", name="sami")
    last_monday = (clock.now - timedelta(days=7)).date().isoformat()  # sessions run on Mondays
    path = f"/api/partners/assignments/{here['id']}/sessions/{last_monday}"
    refused = client.get(path, headers=h)
    assert refused.status_code == 400, refused.text
    assert refused.json()["detail"].startswith("purpose is required")
    ok = client.get(path, params={"purpose": "attendance dispute"}, headers=h)
    assert ok.status_code == 200, ok.text
    assert audit_rows(valvo, actor="sami")[-1]["purpose"] == "attendance dispute"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_replay_command_needs_a_purpose_for_past_days_and_is_audited(
    valvo: Valvo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    who = person(valvo, "purpose-3")
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VALVO_DATA_DIR", str(tmp_path))
    # The command runs on the real clock: a window of last week is before today.
    week_ago = datetime.combine(datetime.now(UTC).date() - timedelta(days=7), time(), UTC)
    window = ["--from", week_ago.isoformat(), "--to", (week_ago + timedelta(hours=1)).isoformat()]
    refused = CliRunner().invoke(cli, ["replay", "--subject", who.subject_id, *window])
    assert refused.exit_code == 2
    assert "--purpose is required" in refused.output
    assert not [r for r in audit_rows(valvo) if r["action"] == "read_location"]
    done = CliRunner().invoke(
        cli, ["replay", "--subject", who.subject_id, *window, "--purpose", "engine audit"]
    )
    assert done.exit_code == 0, done.output
    (record,) = [r for r in audit_rows(valvo) if r["action"] == "read_location"]
    assert (record["purpose"], record["peer"], record["target_id"]) == (
        "engine audit",
        "cli",
        who.subject_id,
    )
    assert record["actor"].startswith("cli:")
