"""Marking a person or a case restricted and lifting it (issue 15 item 5), on both databases:
who may, what a bad request gets, that the case's person is hidden with it from the caseload,
the subject list and the alarm list of a colleague until the marking is lifted, and that every
step is in the audit trail."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient

from tests.security.conftest import TokenFor, audit_rows
from tests.security.test_region_isolation import first_events
from tests.support.alarm_desk import alarm_message, exclusion_alarm
from tests.support.caseload import register_person
from valvo.bootstrap import Valvo
from valvo.domain.security import Scope

SOUTH = "Etelä-Suomi"


def _case(client: TestClient, token_for: TokenFor, subject_id: str) -> str:
    answer = client.post(
        "/api/cases/sentences",
        json={"subject_id": subject_id, "requested_on": "2026-11-20"},
        headers=token_for("prosecutor"),
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _names(client: TestClient, headers: dict[str, str], path: str) -> str:
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    return str(answer.text)


def test_a_restricted_case_hides_its_person_from_colleagues_until_lifted(
    valvo: Valvo, client: TestClient, token_for: TokenFor
) -> None:
    hidden = register_person(valvo, "hidden-dev", region=SOUTH, name="Suojattu Henkilö")
    exclusion_alarm(valvo, hidden, valvo.clock())
    case_id = _case(client, token_for, hidden.subject_id)
    colleague = token_for("supervisor", SOUTH, name="kollega")
    restricted = token_for("restricted_supervisor", SOUTH, name="erityisvalvoja")
    paths = ("/api/cases", "/api/subjects", "/api/alarms")
    assert all(hidden.subject_id in _names(client, colleague, p) for p in paths)

    marked = client.put(
        f"/api/cases/{case_id}/restriction",
        json={"reason": "high_profile", "note": "  lehdistö seuraa  "},
        headers=restricted,
    )
    assert marked.status_code == 200, marked.text
    assert marked.json()["subject_id"] == hidden.subject_id
    [marking] = marked.json()["markings"]
    assert (marking["case_id"], marking["reason"], marking["note"]) == (
        case_id,
        "high_profile",
        "lehdistö seuraa",
    )
    assert not any(hidden.subject_id in _names(client, colleague, p) for p in paths)
    assert all(hidden.subject_id in _names(client, restricted, p) for p in paths)
    refused = client.get(f"/api/cases/{case_id}", headers=colleague)
    assert refused.status_code == 404
    assert refused.json()["detail"] == f"case {case_id} does not exist"
    [refusal] = audit_rows(valvo, actor="kollega", action="restricted_refused")
    assert (refusal["target_type"], refusal["target_id"]) == ("case", case_id)
    assert refusal["details"]["subject_id"] == hidden.subject_id
    assert client.get(f"/api/subjects/{hidden.subject_id}", headers=restricted).status_code == 200
    [access] = audit_rows(valvo, actor="erityisvalvoja", action="restricted_access")
    assert (access["target_type"], access["target_id"]) == ("subject", hidden.subject_id)
    [restrict] = audit_rows(valvo, action="restrict")
    assert restrict["details"] == {"subject_id": hidden.subject_id, "reason": "high_profile"}

    again = client.put(
        f"/api/cases/{case_id}/restriction", json={"reason": "high_profile"}, headers=restricted
    )
    assert again.status_code == 409
    assert again.json()["detail"] == f"case {case_id} is already restricted"

    lifted = client.delete(f"/api/cases/{case_id}/restriction", headers=restricted)
    assert lifted.status_code == 200, lifted.text
    assert lifted.json() == {"subject_id": hidden.subject_id, "restricted": False, "markings": []}
    assert all(hidden.subject_id in _names(client, colleague, p) for p in paths)
    assert client.get(f"/api/cases/{case_id}", headers=colleague).status_code == 200
    assert len(audit_rows(valvo, action="unrestrict")) == 1
    twice = client.delete(f"/api/cases/{case_id}/restriction", headers=restricted)
    assert twice.status_code == 409
    assert twice.json()["detail"] == f"case {case_id} is not restricted"


def test_marking_a_person_needs_the_permission_a_reason_and_a_known_person(
    valvo: Valvo, client: TestClient, token_for: TokenFor
) -> None:
    person = register_person(valvo, "p-dev", region=SOUTH)
    url = f"/api/subjects/{person.subject_id}/restriction"
    supervisor = client.put(url, json={"reason": "staff_member"}, headers=token_for("supervisor"))
    assert supervisor.status_code == 403
    assert supervisor.json()["detail"] == "role supervisor may not restricted:access"
    admin = token_for("administrator")
    bad = client.put(url, json={"reason": "celebrity"}, headers=admin)
    assert bad.status_code == 422
    assert "reason" in bad.text
    long = client.put(url, json={"reason": "staff_member", "note": "x" * 501}, headers=admin)
    assert long.status_code == 422
    unknown = client.put(
        "/api/subjects/no-such-person/restriction", json={"reason": "staff_member"}, headers=admin
    )
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "subject no-such-person does not exist"
    assert audit_rows(valvo, action="restrict") == []
    east = token_for("restricted_supervisor", "Itä-Suomi")
    other_region = client.put(url, json={"reason": "staff_member"}, headers=east)
    assert other_region.status_code == 404  # region scoping holds for the marking too
    ok = client.put(url, json={"reason": "protected_person"}, headers=admin)
    assert ok.status_code == 200, ok.text
    assert ok.json()["markings"][0]["case_id"] is None
    # A query naming the person is refused like a path: the orders of a hidden person.
    orders = f"/api/orders?subject_id={person.subject_id}"
    assert client.get(orders, headers=token_for("supervisor", SOUTH)).status_code == 404
    assert client.get(orders, headers=admin).status_code == 200


def test_the_live_feed_keeps_a_restricted_persons_alarms_from_colleagues(
    valvo: Valvo, client: TestClient, token_for: TokenFor
) -> None:
    hidden = register_person(valvo, "live-dev", region=SOUTH)
    alarm = exclusion_alarm(valvo, hidden, valvo.clock())
    marked = client.put(
        f"/api/subjects/{hidden.subject_id}/restriction",
        json={"reason": "protected_person"},
        headers=token_for("administrator"),
    )
    assert marked.status_code == 200, marked.text
    events: list[dict[str, Any]] = [
        alarm_message(valvo, str(alarm["id"])),
        {"type": "attendance_outcome", "outcome": {"id": "o-1", "subject_id": hidden.subject_id}},
    ]
    assert asyncio.run(first_events(valvo, Scope(SOUTH, restricted=False), events)) == []
    assert asyncio.run(first_events(valvo, Scope(None, restricted=False), events)) == []
    assert len(asyncio.run(first_events(valvo, Scope(SOUTH), events))) == 2
