"""A partner contact sees only its place and no other personal data; CSV import loads every
row or none, through the API and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.integration.test_api import login
from tests.support.caseload import register_person
from tests.support.partners import make_place, puow
from valvo.adapters.db import tables_partners as tp
from valvo.bootstrap import Valvo
from valvo.cli.main import app as cli
from valvo.domain.partners.plan_windows import Session
from valvo.services.partners import plans
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def count(valvo: Valvo, table: Any) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def assign(valvo: Valvo, device: str, place: dict[str, Any]) -> dict[str, Any]:
    person = register_person(valvo, device, exclusion=False)
    with puow(valvo) as uow:
        row = plans.choose_place(
            uow,
            "supervisor",
            valvo.clock(),
            place_id=place["id"],
            order_id=person.order_id,
            sessions=[Session(0, time(11), time(15))],
        )
        uow.commit()
    return row


def test_a_partner_contact_sees_only_its_place_and_no_other_personal_data(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    mine, other = make_place(valvo, name="Kierrätyskeskus"), make_place(valvo, name="Puutarha")
    here, there = assign(valvo, "scope-1", mine), assign(valvo, "scope-2", other)
    admin = login(client)
    created = client.post(
        f"/api/partners/places/{mine['id']}/contact-user",
        json={"username": "maija", "password": "kierratys-2026"},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    assert created.json()["role"] == "partner_contact"
    h = login(client, "maija", "kierratys-2026")
    place = client.get("/api/partner/place", headers=h).json()
    assert place["id"] == mine["id"]
    assert set(place) == {"id", "name", "address", "municipality", "opening_hours", "contact_name"}
    sessions = client.get("/api/partner/sessions", params={"day": "2026-11-23"}, headers=h)
    (session,) = sessions.json()
    assert session["person"] == "Person scope-1"
    assert session["assignment_id"] == here["id"]
    assert set(session) == {
        "assignment_id",
        "date",
        "person",
        "starts_at",
        "ends_at",
        "statement",
        "note",
    }
    # Nothing else: not the registry, positions, alarms, other places or the partner registry.
    for path in (
        "/api/subjects",
        "/api/positions/latest",
        "/api/alarms",
        "/api/zones",
        "/api/partners/places",
        f"/api/partners/places/{other['id']}",
        "/api/partners/search?q=puutarha",
        "/api/partners/dashboards",
        f"/api/partners/assignments/{here['id']}/sessions/2026-11-23",
    ):
        assert client.get(path, headers=h).status_code == 403, path
    foreign = client.post(
        f"/api/partner/sessions/{there['id']}/2026-11-23", json={"statement": "attended"}, headers=h
    )
    assert foreign.status_code == 404
    assert foreign.json()["detail"] == f"no session {there['id']} at this place"
    # The session runs 11–15 local (09–13 UTC): confirming before it starts is refused.
    tomorrow = client.post(
        f"/api/partner/sessions/{here['id']}/2026-11-30", json={"statement": "attended"}, headers=h
    )
    assert tomorrow.status_code == 409
    no_session = client.post(
        f"/api/partner/sessions/{here['id']}/2026-11-24", json={"statement": "attended"}, headers=h
    )
    assert no_session.status_code == 422
    clock.advance(hours=4)  # 14:00 UTC, the session has ended: confirmed and reconciled
    h, admin = login(client, "maija", "kierratys-2026"), login(client)  # tokens are short-lived
    done = client.post(
        f"/api/partner/sessions/{here['id']}/2026-11-23",
        json={"statement": "attended", "note": "Paikalla koko päivän"},
        headers=h,
    )
    assert done.status_code == 200
    assert set(done.json()) == {
        "assignment_id",
        "date",
        "statement",
        "note",
    }
    outcomes = client.get(
        "/api/partners/attendance/outcomes", params={"assignment_id": here["id"]}, headers=admin
    ).json()
    # No fixes were sent: the partner says attended, the GPS has nothing → follow up.
    assert [(o["outcome"], o["action"]) for o in outcomes] == [("no_gps", "follow_up")]
    # An account without a place scope gets nothing from the partner routes.
    assert client.get("/api/partner/place", headers=admin).status_code == 403


UNITS_CSV = (
    "id,name,type,parent_id,code\n"
    "c-ls,Länsi-Suomen rikosseuraamuskeskus,centre,,LS\n"
    "p-turku,Turun vankila,prison,c-ls,\n"
    "o-tre,Tampereen yhdyskuntaseuraamustoimisto,community_sanctions_office,c-ls,\n"
)


def test_csv_import_loads_every_row(client: TestClient, valvo: Valvo) -> None:
    h = login(client)
    response = client.post(
        "/api/partners/import/units",
        content=UNITS_CSV.encode(),
        headers={**h, "Content-Type": "text/csv"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["imported"] == 3
    places = (
        "\ufeffname;kind;organiser_type;centre_id;address;municipality;lon;lat;"
        "opening_hours;contact_name;contact_email;services\n"
        "Tampereen kierrätyskeskus;activity_obligation_place;non_profit;c-ls;"
        "Hiedanrannantie 1;Tampere;23.70;61.51;ma-pe 08:00-16:00;Timo;t@k.example;"
        '"kierrätys; korjaus"\n'
    )
    loaded = client.post("/api/partners/import/places", content=places.encode(), headers=h)
    assert loaded.status_code == 201, loaded.text
    (place,) = client.get("/api/partners/places", headers=h).json()
    assert place["services"] == ["kierrätys", "korjaus"]
    assert place["geometry"] == {"type": "Point", "coordinates": [23.7, 61.51]}


def test_a_file_with_bad_rows_is_refused_precisely_and_nothing_is_imported(
    client: TestClient, valvo: Valvo
) -> None:
    h = login(client)
    bad = UNITS_CSV + (
        "x1,Vaasan vankila,prison,,\n"
        "x2,Keravan vankila,prison,nowhere,\n"
        "x3,Extra,centre,,,surplus\n"
    )
    response = client.post("/api/partners/import/units", content=bad.encode(), headers=h)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "3 row(s) refused, nothing imported: "
        "row 5: parent_id: a prison belongs to exactly one centre (S1) | "
        "row 6: parent_id: unit nowhere does not exist | "
        "row 7: more cells than columns"
    )
    assert count(valvo, tp.units) == 0
    assert count(valvo, tp.search_entries) == 0
    header = client.post("/api/partners/import/units", content=b"name,type,colour\n", headers=h)
    assert header.status_code == 422
    assert header.json()["detail"].startswith("header: unknown column 'colour'")
    nobody = client.post("/api/partners/import/relatives", content=b"name\nx\n", headers=h)
    assert nobody.status_code == 404
    latin1 = client.post(
        "/api/partners/import/units", content="name,type\nä,centre\n".encode("latin-1"), headers=h
    )
    assert latin1.status_code == 422
    assert "not UTF-8" in latin1.json()["detail"]


def test_the_cli_imports_the_same_way(valvo: Valvo, tmp_path: Path, database_url: str) -> None:
    env = {"VALVO_DATABASE_URL": database_url, "VALVO_DATA_DIR": str(tmp_path)}
    good, bad = tmp_path / "units.csv", tmp_path / "bad.csv"
    good.write_text(UNITS_CSV, encoding="utf-8")
    bad.write_text("name,type\nOulun vankila,prison\n", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli, ["partners", "import", "units", str(bad)], env=env)
    assert refused.exit_code == 2
    assert "row 2: parent_id: a prison belongs to exactly one centre (S1)" in refused.output
    assert count(valvo, tp.units) == 0
    result = runner.invoke(cli, ["partners", "import", "units", str(good)], env=env)
    assert result.exit_code == 0, result.output
    assert "3 units imported" in result.output
    assert count(valvo, tp.units) == 3


def test_the_place_is_put_into_a_plan_through_the_api(client: TestClient, valvo: Valvo) -> None:
    h = login(client)
    person = register_person(valvo, "api-plan", exclusion=False)
    place = make_place(valvo)
    body = {
        "order_id": person.order_id,
        "sessions": [{"weekday": 0, "start": "09:00", "end": "12:00"}],
    }
    response = client.post(f"/api/partners/places/{place['id']}/plan", json=body, headers=h)
    assert response.status_code == 201, response.text
    zones = client.get("/api/zones", params={"order_id": person.order_id}, headers=h).json()
    assert any(z["name"] == "Activity place: Kierrätyskeskus Ruosilantie" for z in zones)
    closed = {**body, "sessions": [{"weekday": 6, "start": "09:00", "end": "12:00"}]}
    refused = client.post(f"/api/partners/places/{place['id']}/plan", json=closed, headers=h)
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "sessions[0].weekday: Kierrätyskeskus Ruosilantie is closed on weekday 6"
    )
    ended = client.post(f"/api/partners/assignments/{response.json()['id']}/end", headers=h)
    assert ended.status_code == 200
    assert ended.json()["ended_at"] is not None
    plan = client.get(f"/api/orders/{person.order_id}/schedule", headers=h).json()
    assert plan["weekly"] == []
