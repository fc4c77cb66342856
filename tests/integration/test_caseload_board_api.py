"""The caseload board's API on SQLite and PostgreSQL: live status from the engine's state (a
breach, a low battery, a silent device, open alarms, required presence), search by each key
(name, personal identity code, device id, case number), filters, sorting, paging, people of the
same name told apart, regional scope, bad input refused, and every read audited."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.alarm_desk import ALWAYS_OUT, INTO_EXCLUSION_M
from tests.support.caseload import Registered, register_person
from tests.support.factories import fix
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.domain.identity_code import make
from valvo.services import auth
from valvo.services.telemetry import LogEntry
from valvo.web.app import create_app

PASSWORD = "board-staff-2026"
BORN_A, BORN_B = date(1980, 1, 31), date(1992, 7, 4)


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def login(client: TestClient, valvo: Valvo, role: str, region: str | None = None) -> dict[str, str]:
    username = f"{role}-{region or 'all'}".lower().replace("ä", "a")
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "t",
            valvo.clock(),
            username=username,
            password=PASSWORD,
            role=role,
            region=region,
        )
        uow.commit()
    response = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def send(valvo: Valvo, who: Registered, at: Any, east_m: float, battery: float | None) -> None:
    obs = dataclasses.replace(fix(at, east_m=east_m, device=who.device), battery_pct=battery)
    valvo.observation_log().append([LogEntry(obs, "osmand", b"raw", None, None)])


@pytest.fixture
def caseload(valvo: Valvo, clock: FakeClock) -> dict[str, Registered]:
    """Two Matti Virtanens (one in breach with a low battery), a quiet one in the north, and
    one whose device has never reported."""
    people = {
        "breach": register_person(
            valvo,
            "TRK-1001",
            weekly=ALWAYS_OUT,
            name="Matti Virtanen",
            identity_code=make(BORN_A, 123),
            case_number="VV-2026-0001",
        ),
        "namesake": register_person(
            valvo,
            "TRK-1002",
            weekly=ALWAYS_OUT,
            name="Matti Virtanen",
            birth_date=BORN_B,
            case_number="VV-2026-0002",
        ),
        "north": register_person(
            valvo, "TRK-2001", weekly=ALWAYS_OUT, name="Liisa Äijälä", region="Pohjois-Suomi"
        ),
        "silent": register_person(valvo, "TRK-3001", name="Pekka Korhonen"),
    }
    now = clock.now
    send(valvo, people["breach"], now, INTO_EXCLUSION_M, 12.0)
    send(valvo, people["namesake"], now, 0.0, 88.0)
    send(valvo, people["north"], now - timedelta(minutes=5), 0.0, 50.0)
    valvo.engine_worker().step(now)
    return people


def board(client: TestClient, h: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/api/desk/board", params=params, headers=h)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def names(body: dict[str, Any]) -> list[str]:
    return [r["name"] for r in body["rows"]]


def test_live_status_from_the_engine(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered]
) -> None:
    h = login(client, valvo, "operator")
    body = board(client, h)
    assert body["total"] == 4
    rows = {r["id"]: r for r in body["rows"]}
    breach = rows[caseload["breach"].subject_id]
    assert body["rows"][0]["id"] == caseload["breach"].subject_id  # attention first
    assert breach["in_breach"] is True
    assert breach["breaches"] == ["exclusion"]
    assert breach["open_alarms"] >= 1
    assert breach["low_battery"] is True
    assert breach["battery_pct"] == 12.0
    assert breach["last_seen"] is not None
    assert breach["has_fix"] is True
    [device] = breach["devices"]
    assert device["identifier"] == "TRK-1001"
    assert device["connection"] == "ok"
    assert device["battery_pct"] == 12.0
    assert device["low_battery"] is True
    assert breach["presence_required"] is False  # allowed out all day
    assert breach["order_types"] == ["monitoring_sentence"]
    quiet = rows[caseload["silent"].subject_id]
    assert quiet["last_seen"] is None
    assert quiet["in_breach"] is False
    assert quiet["devices"][0]["connection"] == "never_heard"
    assert quiet["presence_required"] is True  # no absences planned: required at all times
    assert rows[caseload["namesake"].subject_id]["in_breach"] is False


def test_people_of_the_same_name_are_told_apart(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered]
) -> None:
    h = login(client, valvo, "operator")
    rows = board(client, h, q="matti virtanen", sort="name")["rows"]
    assert [r["namesakes"] for r in rows] == [1, 1]
    assert {(r["birth_date"], r["case_number"]) for r in rows} == {
        (BORN_A.isoformat(), "VV-2026-0001"),
        (BORN_B.isoformat(), "VV-2026-0002"),
    }
    masked = {r["identity_code"] for r in rows}
    assert masked == {make(BORN_A, 123)[:7] + "****", None}  # never the full code


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Virtanen", ["Matti Virtanen", "Matti Virtanen"]),
        ("korhonen", ["Pekka Korhonen"]),
        ("Äijälä", ["Liisa Äijälä"]),
        ("identity", ["Matti Virtanen"]),
        ("TRK-2001", ["Liisa Äijälä"]),
        ("TRK-300", ["Pekka Korhonen"]),  # a device id's beginning
        ("VV-2026-0002", ["Matti Virtanen"]),
        ("vv-2026-0001", ["Matti Virtanen"]),
        ("nobody", []),
        ("100%_", []),  # LIKE's wildcards are plain text
    ],
)
def test_search_by_each_key(
    client: TestClient,
    valvo: Valvo,
    caseload: dict[str, Registered],
    key: str,
    expected: list[str],
) -> None:
    h = login(client, valvo, "operator")
    q = make(BORN_A, 123).lower() if key == "identity" else key
    body = board(client, h, q=q, sort="name")
    assert names(body) == expected
    assert body["total"] == len(expected)
    if key == "VV-2026-0002":
        assert body["rows"][0]["id"] == caseload["namesake"].subject_id


def test_filters_and_sorting(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered]
) -> None:
    h = login(client, valvo, "operator")
    breach_id = caseload["breach"].subject_id
    assert [r["id"] for r in board(client, h, in_breach=True)["rows"]] == [breach_id]
    assert breach_id not in [r["id"] for r in board(client, h, in_breach=False)["rows"]]
    assert [r["id"] for r in board(client, h, low_battery=True)["rows"]] == [breach_id]
    assert [r["id"] for r in board(client, h, open_alarms=True)["rows"]] == [breach_id]
    assert board(client, h, region="Pohjois-Suomi")["total"] == 1
    assert names(board(client, h, sort="name")) == sorted(names(board(client, h)))
    assert names(board(client, h, sort="name", desc=True))[0] == "Pekka Korhonen"
    # The longest silent first: never heard, then the oldest contact.
    by_contact = [r["id"] for r in board(client, h, sort="last_seen")["rows"]]
    assert by_contact[:2] == [caseload["silent"].subject_id, caseload["north"].subject_id]


def test_paging_counts_everyone_once(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered]
) -> None:
    h = login(client, valvo, "operator")
    pages = [board(client, h, sort="name", limit=3, offset=o) for o in (0, 3, 6)]
    assert [p["total"] for p in pages] == [4, 4, 4]
    seen = [r["id"] for p in pages for r in p["rows"]]
    assert sorted(seen) == sorted(r.subject_id for r in caseload.values())
    assert pages[2]["rows"] == []


def test_a_regional_user_sees_only_their_region(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered]
) -> None:
    h = login(client, valvo, "operator", "Pohjois-Suomi")
    assert names(board(client, h)) == ["Liisa Äijälä"]
    assert board(client, h, q="TRK-1001")["total"] == 0
    assert board(client, h, region="Etelä-Suomi")["total"] == 0
    body = board(client, h, q="Liisa")
    assert body["rows"][0]["namesakes"] == 0


def test_people_without_an_order_in_force_only_on_request(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered], clock: FakeClock
) -> None:
    with valvo.uow() as uow:
        from valvo.services import registry

        registry.create_subject(uow, "t", clock.now, name="Ei Valvottava", region="Etelä-Suomi")
        uow.commit()
    h = login(client, valvo, "operator")
    assert "Ei Valvottava" not in names(board(client, h, limit=200))
    assert "Ei Valvottava" in names(board(client, h, everyone=True, limit=200))


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"sort": "shoe_size"},
        {"in_breach": "maybe"},
        {"q": "x" * 101},
    ],
)
def test_bad_input_is_refused(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered], params: dict[str, Any]
) -> None:
    h = login(client, valvo, "operator")
    response = client.get("/api/desk/board", params=params, headers=h)
    assert response.status_code == 422, response.text


def test_every_read_is_audited_and_needs_the_registry(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered]
) -> None:
    h = login(client, valvo, "operator")
    board(client, h, q="Virtanen")
    with valvo.db.connect() as conn:
        records = conn.execute(
            select(t.audit_records.c.actor, t.audit_records.c.details).where(
                t.audit_records.c.target_type == "caseload_board"
            )
        ).all()
    assert [(a, d["search"], d["total"]) for a, d in records] == [("operator-all", "Virtanen", 2)]
    assert client.get("/api/desk/board").status_code == 401
    partner = login(client, valvo, "partner_contact")
    assert client.get("/api/desk/board", headers=partner).status_code == 403


def test_an_identity_code_is_checked_when_a_person_is_registered(
    client: TestClient, valvo: Valvo
) -> None:
    h = login(client, valvo, "administrator")
    good = make(BORN_A, 77)
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    for code, expected in ((bad, 422), (good, 201)):
        response = client.post(
            "/api/subjects",
            json={"name": "Uusi Henkilö", "region": "Etelä-Suomi", "identity_code": code},
            headers=h,
        )
        assert response.status_code == expected, response.text
    assert response.json()["birth_date"] == BORN_A.isoformat()


def test_the_boards_map_reads_and_records_only_the_listed_people(
    client: TestClient, valvo: Valvo, caseload: dict[str, Registered]
) -> None:
    h = login(client, valvo, "operator")
    wanted = [caseload["breach"].subject_id, caseload["north"].subject_id]
    response = client.get(
        "/api/positions/latest", params=[("subject", s) for s in wanted], headers=h
    )
    assert response.status_code == 200, response.text
    assert sorted(p["subject_id"] for p in response.json()) == sorted(wanted)
    with valvo.db.connect() as conn:
        [details] = conn.execute(
            select(t.audit_records.c.details).where(
                t.audit_records.c.target_type == "positions_latest"
            )
        ).scalars()
    assert details["subjects"] == sorted(wanted)
    too_many = [("subject", str(k)) for k in range(201)]
    assert client.get("/api/positions/latest", params=too_many, headers=h).status_code == 422
