"""Regional users work with what they register: a device registered by a regional user is in
that region's pool (listed, assignable, not seen by another region) and follows the person it
is assigned to; a regional police user imposes a travel ban with a new device; the
shift-handover counts and notes keep to the region."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.security.conftest import TokenFor
from tests.support.alarm_desk import exclusion_alarm, person
from tests.support.cases import ban_body
from valvo.bootstrap import Valvo
from valvo.services import registry
from valvo.sim.staff_seed import seed_staff

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"
TRACKER = {"identifier": "south-new-1", "protocol": "osmand", "kind": "gps_tracker"}


def ids(answer: object) -> set[str]:
    rows = answer.json()  # type: ignore[attr-defined]
    return {row["id"] for row in rows}


def test_a_regional_supervisor_lists_and_assigns_the_device_they_registered(
    client: TestClient, valvo: Valvo, token_for: TokenFor
) -> None:
    south, east = token_for("supervisor", SOUTH), token_for("supervisor", EAST)
    with valvo.uow() as uow:
        subject = registry.create_subject(uow, "t", valvo.clock(), name="Etelän Eero", region=SOUTH)
        uow.commit()
    made = client.post("/api/devices", json=TRACKER, headers=south)
    assert made.status_code == 201, made.text
    device = made.json()
    assert device["region"] == SOUTH
    assert device["id"] in ids(client.get("/api/devices", headers=south))
    assert device["id"] not in ids(client.get("/api/devices", headers=east))
    refused = client.post(
        "/api/assignments",
        json={"device_id": device["id"], "subject_id": subject["id"]},
        headers=east,
    )
    assert refused.status_code == 404
    assigned = client.post(
        "/api/assignments",
        json={"device_id": device["id"], "subject_id": subject["id"]},
        headers=south,
    )
    assert assigned.status_code == 201, assigned.text


def test_a_device_follows_the_person_it_is_assigned_to(
    client: TestClient, valvo: Valvo, token_for: TokenFor
) -> None:
    national = token_for("supervisor")
    device = client.post("/api/devices", json=TRACKER, headers=national).json()
    assert device["region"] is None  # the national pool: no region sees it yet
    assert device["id"] not in ids(
        client.get("/api/devices", headers=token_for("supervisor", EAST))
    )
    with valvo.uow() as uow:
        subject = registry.create_subject(uow, "t", valvo.clock(), name="Idän Iida", region=EAST)
        uow.commit()
    client.post(
        "/api/assignments",
        json={"device_id": device["id"], "subject_id": subject["id"]},
        headers=national,
    )
    east_devices = client.get("/api/devices", headers=token_for("supervisor", EAST)).json()
    assert [(d["id"], d["region"]) for d in east_devices] == [(device["id"], EAST)]


def test_a_regional_police_user_imposes_a_travel_ban_with_a_new_device(
    client: TestClient, clock: FakeClock, token_for: TokenFor
) -> None:
    for role in ("police", "prosecutor"):
        body = ban_body(
            clock.now - timedelta(minutes=30),
            subject_name=f"Matkustaja {role}",
            device_identifier=f"ban-gps-{role}",
        )
        answer = client.post("/api/cases/travel-bans", json=body, headers=token_for(role, SOUTH))
        assert answer.status_code == 201, (role, answer.text)


def test_the_shift_handover_keeps_to_the_region(
    client: TestClient, valvo: Valvo, token_for: TokenFor
) -> None:
    exclusion_alarm(valvo, person(valvo, "east-1", region=EAST), valvo.clock())
    east, south = token_for("operator", EAST), token_for("operator", SOUTH)
    note = client.post("/api/desk/handover", json={"text": "Idän hälytys avoinna"}, headers=east)
    assert note.status_code == 201, note.text
    theirs = client.get("/api/desk/handover", headers=east).json()
    assert theirs["open"]
    assert theirs["shifts"][0]["steps"]
    assert [n["text"] for n in theirs["shifts"][0]["notes"]] == ["Idän hälytys avoinna"]
    mine = client.get("/api/desk/handover", headers=south).json()
    assert mine["open"] == {}
    assert [(s["steps"], s["notes"]) for s in mine["shifts"]] == [({}, []), ({}, [])]


def test_the_demo_staff_work_in_regions_and_include_a_regional_manager(valvo: Valvo) -> None:
    seed_staff(valvo, valvo.clock())
    with valvo.uow() as uow:
        users = {u["username"]: (u["role"], u["region"]) for u in uow.users.all()}
    assert users["manager"] == ("regional_manager", "Etelä-Suomi")
    assert users["operator"] == ("operator", "Etelä-Suomi")
    assert users["supervisor"] == ("supervisor", "Etelä-Suomi")
    assert users["prosecutor"] == ("prosecutor", "Länsi-Suomi")
    assert users["auditor"] == ("auditor", None)
