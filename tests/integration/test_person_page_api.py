"""The monitored person's own page through the API on SQLite and PostgreSQL (issue 15 item 8;
R48, R114): the supervisor creates the person's login on the case, writes to them and records
the device instructions given (or the device refused: a breach on the case); the person sees
their week from the plan, reads the message (a read receipt), acknowledges the instructions
and reports a problem the supervisor handles. The person reaches only their own person: no
other person's rows, no staff route; bad input is refused and stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.web.app import create_app

PASSWORD = "oma-sivu-salasana-2027"


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def person(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "person"
    assert response.json()["scope"] == "full"  # no second factor asked of the person
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def give_login(client: TestClient, as_: Staff, case_id: str, username: str) -> dict[str, object]:
    body = {"username": username, "password": PASSWORD}
    section = ok(
        client.post(f"/api/cases/{case_id}/person/login", json=body, headers=as_("supervisor")),
        201,
    )
    return dict(section)


INSTRUCTIONS = {
    "device_kind": "rf_tag",
    "language": "fi",
    "text_version": "RF-ohje 2026/1",
    "outcome": "given",
    "given_by": "Valvoja Virtanen",
    "given_at": "2027-01-04T09:00:00+02:00",
}


def test_the_person_sees_their_week_reads_acknowledges_and_reports(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)  # serving from Monday 2027-01-04
    at(clock, date(2027, 1, 4), 12)
    section = give_login(client, as_, case_id, "aino")
    assert section["login"] == {
        "username": "aino",
        "active": True,
        "created_at": "2027-01-04T12:00:00Z",
        "created_by": "supervisor",
    }
    refused(
        client.post(
            f"/api/cases/{case_id}/person/login",
            json={"username": "aino2", "password": PASSWORD},
            headers=as_("supervisor"),
        ),
        409,
        "login_exists",
    )
    url = f"/api/cases/{case_id}/person"
    ok(
        client.post(
            f"{url}/messages",
            json={"body": "Muista tiistain tapaaminen."},
            headers=as_("supervisor"),
        ),
        201,
    )
    ok(client.post(f"{url}/instructions", json=INSTRUCTIONS, headers=as_("supervisor")), 201)
    ok(
        client.post(
            f"/api/cases/{case_id}/sample-orders",
            json={
                "place_kind": "health_centre",
                "place_name": "Kallion terveysasema",
                "attend_on": "2027-01-07",
            },
            headers=as_("supervisor"),
        ),
        201,
    )

    me = person(client, "aino")
    page = ok(client.get("/api/me/page", headers=me))
    assert page["name"] == "Aino Valvottava"
    # The week from the plan: Monday at home until 08:00, at work 08–16, home again.
    assert len(page["week"]) == 7
    monday = page["week"][0]
    assert monday["date"] == "2027-01-04"
    assert [(s["start"], s["end"], s["purpose"]) for s in monday["spans"]] == [
        ("2027-01-03T22:00:00Z", "2027-01-04T06:00:00Z", None),
        ("2027-01-04T06:00:00Z", "2027-01-04T14:00:00Z", "activity"),
        ("2027-01-04T14:00:00Z", "2027-01-04T22:00:00Z", None),
    ]
    assert page["week"][6]["spans"][0]["at_home"] is True  # Sunday: at home all day
    assert page["appointments"] == [
        {
            "kind": "sample",
            "on": "2027-01-07",
            "place_kind": "health_centre",
            "place": "Kallion terveysasema",
        }
    ]
    [message] = page["messages"]
    assert (message["direction"], message["read_at"]) == ("to_person", None)
    [instruction] = page["instructions"]
    assert instruction["acknowledged_at"] is None
    assert "visits" not in page
    assert "alarms" not in page

    clock.now = datetime(2027, 1, 4, 13, tzinfo=UTC)
    me = person(client, "aino")
    page = ok(client.post(f"/api/me/messages/{message['id']}/read", headers=me))
    assert page["messages"][0]["read_at"] == "2027-01-04T13:00:00Z"
    page = ok(client.post(f"/api/me/instructions/{instruction['id']}/acknowledge", headers=me))
    assert page["instructions"][0]["acknowledged_at"] == "2027-01-04T13:00:00Z"
    refused(
        client.post(f"/api/me/instructions/{instruction['id']}/acknowledge", headers=me),
        409,
        "already_acknowledged",
    )
    ok(client.post("/api/me/messages", json={"body": "Kiitos, tulen."}, headers=me), 201)
    page = ok(
        client.post(
            "/api/me/reports", json={"kind": "device", "text": "Ranneke hiertää."}, headers=me
        ),
        201,
    )
    [report] = page["reports"]
    assert (report["kind"], report["handled_at"]) == ("device", None)

    caseload = ok(client.get("/api/cases", headers=as_("supervisor")))
    assert [r["open_person_reports"] for r in caseload if r["id"] == case_id] == [1]
    section = ok(client.get(url, headers=as_("supervisor")))
    assert section["messages"][0]["read_at"] == "2027-01-04T13:00:00Z"
    assert section["messages"][1]["direction"] == "from_person"
    assert section["instructions"][0]["acknowledged_at"] == "2027-01-04T13:00:00Z"
    assert section["reports"][0]["text"] == "Ranneke hiertää."
    section = ok(
        client.post(
            f"{url}/reports/{report['id']}/handled",
            json={"note": "Uusi ranneke torstaina."},
            headers=as_("supervisor"),
        )
    )
    assert section["reports"][0]["handled_by"] == "supervisor"
    caseload = ok(client.get("/api/cases", headers=as_("supervisor")))
    assert [r["open_person_reports"] for r in caseload if r["id"] == case_id] == [0]
    refused(
        client.post(f"{url}/reports/{report['id']}/handled", json={}, headers=as_("supervisor")),
        409,
        "already_handled",
    )
    assert ok(client.get("/api/me/page", headers=me))["reports"][0]["handled_note"] == (
        "Uusi ranneke torstaina."
    )
    timeline = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["timeline"]
    kinds = [e["kind"] for e in timeline]
    assert "person_login_created" in kinds
    assert "device_instructions_given" in kinds

    # Disabled: the session ends at once and the login is refused.
    ok(client.post(f"{url}/login/disable", headers=as_("supervisor")))
    assert client.get("/api/me/page", headers=me).status_code == 401
    assert (
        client.post("/api/auth/token", data={"username": "aino", "password": PASSWORD}).status_code
        == 401
    )


def test_a_refused_device_is_a_breach_on_the_case(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    """R114: refusing to accept a device is a violation type (PKL 2:18 item 2); on a sentence a
    §8 duty breach. The refusal is not something the person acknowledges."""
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 5), 12)
    refusal = {**INSTRUCTIONS, "outcome": "refused", "given_at": "2027-01-05T09:00:00+02:00"}
    section = ok(
        client.post(
            f"/api/cases/{case_id}/person/instructions", json=refusal, headers=as_("supervisor")
        ),
        201,
    )
    [row] = section["instructions"]
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    [breach] = case["breaches"]
    assert breach["id"] == row["breach_id"]
    assert "refused to accept the device" in breach["description"]
    assert "device_refused" in [e["kind"] for e in case["timeline"]]
    give_login(client, as_, case_id, "aino")
    assert ok(client.get("/api/me/page", headers=person(client, "aino")))["instructions"] == []


def test_a_person_reaches_only_their_own_person(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_a = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 4), 12)
    other = ok(
        client.post(
            "/api/cases/sentences",
            json={
                "subject_name": "Bertta Toinen",
                "region": "Etelä-Suomi",
                "requested_on": "2027-01-04",
            },
            headers=as_("prosecutor"),
        ),
        201,
    )
    case_b = str(other["id"])
    give_login(client, as_, case_a, "aino")
    give_login(client, as_, case_b, "bertta")
    url_a = f"/api/cases/{case_a}/person"
    ok(
        client.post(f"{url_a}/messages", json={"body": "Vain Ainolle."}, headers=as_("supervisor")),
        201,
    )
    ok(client.post(f"{url_a}/instructions", json=INSTRUCTIONS, headers=as_("supervisor")), 201)
    section = ok(client.get(url_a, headers=as_("supervisor")))
    message_id = section["messages"][0]["id"]
    instruction_id = section["instructions"][0]["id"]

    bertta = person(client, "bertta")
    page = ok(client.get("/api/me/page", headers=bertta))
    assert page["name"] == "Bertta Toinen"
    assert page["messages"] == []
    assert page["instructions"] == []
    assert page["week"] == []  # no order yet: no plan to show
    for path in (
        f"/api/me/messages/{message_id}/read",
        f"/api/me/instructions/{instruction_id}/acknowledge",
    ):
        response = client.post(path, headers=bertta)
        assert response.status_code == 404, response.text
    section = ok(client.get(url_a, headers=as_("supervisor")))
    assert section["messages"][0]["read_at"] is None
    assert section["instructions"][0]["acknowledged_at"] is None
    # No staff route answers a person, and a person's route answers no staff member.
    for path in ("/api/cases", "/api/subjects", url_a, f"/api/cases/{case_a}", "/api/alarms"):
        response = client.get(path, headers=bertta)
        assert response.status_code == 403, (path, response.text)
    refused(client.get("/api/me/page", headers=as_("supervisor")), 403, "role supervisor may not")
    # A person account not linked to anyone (made by hand) sees nothing.
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "test",
            valvo.clock(),
            username="orphan",
            password=PASSWORD,
            role="person",
        )
        uow.commit()
    response = client.get("/api/me/page", headers=person(client, "orphan"))
    assert response.status_code == 403
    assert "not linked" in response.json()["detail"]


def test_bad_input_is_refused_and_stores_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 4), 12)
    give_login(client, as_, case_id, "aino")
    url = f"/api/cases/{case_id}/person"
    sup = as_("supervisor")
    refused(
        client.post(f"{url}/messages", json={"body": "   "}, headers=sup), 422, "message is empty"
    )
    refused(
        client.post(f"{url}/instructions", json={**INSTRUCTIONS, "language": "xx"}, headers=sup),
        422,
        "language",
    )
    refused(
        client.post(f"{url}/instructions", json={**INSTRUCTIONS, "text_version": " "}, headers=sup),
        422,
        "text_version",
    )
    refused(
        client.post(
            f"{url}/instructions",
            json={**INSTRUCTIONS, "given_at": "2027-01-05T09:00:00+02:00"},
            headers=sup,
        ),
        422,
        "",
    )
    assert (
        client.post(
            f"{url}/instructions", json={**INSTRUCTIONS, "outcome": "maybe"}, headers=sup
        ).status_code
        == 422
    )
    refused(
        client.post(f"{url}/login", json={"username": "x", "password": "short"}, headers=sup),
        409,
        "login_exists",
    )
    me = person(client, "aino")
    assert (
        client.post(
            "/api/me/reports", json={"kind": "weather", "text": "x"}, headers=me
        ).status_code
        == 422
    )
    refused(
        client.post("/api/me/reports", json={"kind": "other", "text": " "}, headers=me),
        422,
        "report is empty",
    )
    refused(client.post("/api/me/messages", json={"body": ""}, headers=me), 422, "message is empty")
    section = ok(client.get(url, headers=sup))
    assert section["messages"] == []
    assert section["instructions"] == []
    assert section["reports"] == []
    refused(
        client.post("/api/cases/no-such/person/messages", json={"body": "x"}, headers=sup),
        404,
        "case",
    )
