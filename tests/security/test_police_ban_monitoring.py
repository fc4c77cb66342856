"""R124: travel-ban monitoring is operated by the police. A police officer, who reads no one's
alarms or locations otherwise (R131), sees the alarms and today's fixes of the people under
their travel bans, through the ban; every such read is recorded as a location read; older
history needs a purpose; a sentence, another region's ban or a restricted person's is 404."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.security.conftest import TokenFor, audit_rows
from tests.support.alarm_desk import commit_events, left_home
from tests.support.caseload import Registered
from tests.support.cases import ban_body
from valvo.adapters.db.position_writer import write_positions
from valvo.bootstrap import Valvo

SOUTH = "Etelä-Suomi"


def _ban(client: TestClient, token_for: TokenFor, clock: FakeClock) -> dict[str, object]:
    body = ban_body(clock.now - timedelta(hours=2))
    answer = client.post("/api/cases/travel-bans", json=body, headers=token_for("police", SOUTH))
    assert answer.status_code == 201, answer.text
    detail: dict[str, object] = answer.json()
    return detail


def test_r124_police_see_their_travel_banned_persons_alarms_and_todays_fixes(
    valvo: Valvo, client: TestClient, token_for: TokenFor, clock: FakeClock
) -> None:
    ban = _ban(client, token_for, clock)
    case_id, subject_id = str(ban["id"]), str(ban["subject_id"])
    with valvo.uow() as uow:
        [order] = uow.registry.find("orders", subject_id=subject_id)
        [assignment] = uow.registry.find("device_assignments", subject_id=subject_id)
    who = Registered(subject_id, order["id"], assignment["device_id"], "ban-dev")
    [alarm_id] = commit_events(valvo, [left_home(who, clock.now)], clock.now)
    fixes = [
        {
            "subject_id": subject_id,
            "device_id": who.device_id,
            "time": clock.now - timedelta(minutes=m),
            "lat": 60.17,
            "lon": 24.94,
            "accuracy_m": 8.0,
            "speed_kmh": 0.0,
            "seq": 100 - m,
        }
        for m in (1, 2)
    ]
    with valvo.db.begin() as conn:
        write_positions(conn, fixes)
    police = token_for("police", SOUTH, name="konstaapeli")
    # Police hold no alarm or location reads of their own: only through the ban.
    assert client.get(f"/api/alarms/{alarm_id}", headers=police).status_code == 403
    seen = client.get(f"/api/cases/{case_id}/monitoring", headers=police)
    assert seen.status_code == 200, seen.text
    body = seen.json()
    assert body["subject_id"] == subject_id
    assert body["subject_name"] == "Mikko Matkustaja"
    assert [a["id"] for a in body["alarms"]] == [alarm_id]
    assert [p["seq"] for p in body["positions"]] == [98, 99]
    [read] = audit_rows(valvo, actor="konstaapeli", action="read_location")
    assert (read["target_type"], read["target_id"]) == ("subject", subject_id)
    assert read["details"]["case_id"] == case_id
    assert read["details"]["count"] == 2

    week = client.get(f"/api/cases/{case_id}/monitoring?hours=168", headers=police)
    assert week.status_code == 400
    assert week.json()["detail"].startswith("purpose is required")
    purposed = client.get(
        f"/api/cases/{case_id}/monitoring?hours=168&purpose=esitutkinta", headers=police
    )
    assert purposed.status_code == 200
    assert client.get(f"/api/cases/{case_id}/monitoring?hours=0", headers=police).status_code == 422

    east = client.get(f"/api/cases/{case_id}/monitoring", headers=token_for("police", "Itä-Suomi"))
    assert east.status_code == 404
    court = client.get(f"/api/cases/{case_id}/monitoring", headers=token_for("court"))
    assert court.status_code == 403  # the court decides, the police monitor


def test_a_sentence_is_not_a_travel_ban_to_monitor(client: TestClient, token_for: TokenFor) -> None:
    case = client.post(
        "/api/cases/sentences",
        json={"subject_name": "Aino", "region": SOUTH, "requested_on": "2026-11-23"},
        headers=token_for("prosecutor"),
    )
    assert case.status_code == 201, case.text
    answer = client.get(
        f"/api/cases/{case.json()['id']}/monitoring", headers=token_for("prosecutor")
    )
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"travel ban {case.json()['id']} does not exist"
