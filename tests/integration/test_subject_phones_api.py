"""The person's phone numbers entered and changed where the person is edited, on SQLite and
PostgreSQL: kept as E.164, a wrong number refused with its reason and nothing stored; a
co-resident's and a contact person's numbers with their names; a change ends the old row
(who, when, which replaced it) so the history is whole; ended, never deleted; every write and
read audited; another region's person is not there; the desk's contacts show the numbers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.alarm_desk import exclusion_alarm
from tests.support.caseload import register_person
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_acting import subject_phones
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


def rows(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(subject_phones)).scalar_one())


def audited(valvo: Valvo, action: str) -> list[Any]:
    a = t.audit_records
    with valvo.db.connect() as conn:
        return list(conn.execute(select(a).where(a.c.action == action)).mappings())


def test_numbers_are_entered_changed_and_ended_with_their_history(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    sup = bearer(valvo, "supervisor", SOUTH, name="sari")
    who = register_person(valvo, "dev-p", region=SOUTH)
    url = f"/api/subjects/{who.subject_id}/phones"
    own = client.post(url, json={"label": "mobile", "number": "040 123 4567"}, headers=sup)
    assert own.status_code == 201, own.text
    assert own.json()["number"] == "+358401234567"
    co = client.post(
        url,
        json={
            "label": "home",
            "number": "+358 9 765 4321",
            "holder": "co_resident",
            "holder_name": "Pirjo Puoliso",
        },
        headers=sup,
    )
    assert co.status_code == 201, co.text

    before = rows(valvo)
    for body, why in [
        ({"label": "mobile", "number": "40 123"}, "begin with + and the country code"),
        ({"label": "mobile", "number": "+358 040 1234567"}, "leave out the 0"),
        ({"label": "mobile", "number": "040 1", "holder": "person"}, "a Finnish number has"),
        ({"label": "home", "number": "040 123 4567", "holder": "contact_person"}, "their name"),
    ]:
        bad = client.post(url, json=body, headers=sup)
        assert bad.status_code == 422, bad.text
        assert why in bad.json()["detail"]
    assert rows(valvo) == before

    clock.advance(minutes=5)
    changed = client.patch(
        f"{url}/{own.json()['id']}", json={"number": "050 765 4321"}, headers=sup
    )
    assert changed.status_code == 201, changed.text
    assert changed.json()["number"] == "+358507654321"
    same = client.patch(
        f"{url}/{changed.json()['id']}", json={"number": "+358507654321"}, headers=sup
    )
    assert same.status_code == 422
    assert "nothing to change" in same.json()["detail"]
    stale = client.patch(f"{url}/{own.json()['id']}", json={"label": "work"}, headers=sup)
    assert stale.status_code == 409
    ended = client.post(f"{url}/{co.json()['id']}/end", headers=sup)
    assert ended.status_code == 200, ended.text
    assert ended.json()["ended_by"] == "sari"

    now = client.get(url, headers=sup).json()
    assert [(p["number"], p["holder"]) for p in now] == [("+358507654321", "person")]
    history = client.get(f"{url}?history=true", headers=sup).json()
    first = next(p for p in history if p["id"] == own.json()["id"])
    assert first["ended_by"] == "sari"
    assert first["replaced_by"] == changed.json()["id"]
    assert first["ended_at"] is not None
    assert len(history) == 3  # nothing deleted
    assert [r["details"]["fields"] for r in audited(valvo, "change_phone")] == [["number"]]
    assert len(audited(valvo, "add_phone")) == 2  # the change is its own step
    assert len(audited(valvo, "end_phone")) == 1
    reads = [r for r in audited(valvo, "read") if r["target_type"] == "subject_contacts"]
    assert [r["details"]["history"] for r in reads] == [False, True]

    alarm = exclusion_alarm(valvo, who, valvo.clock())
    contacts = client.get(f"/api/alarms/{alarm['id']}/contacts", headers=bearer(valvo, "operator"))
    assert [p["number"] for p in contacts.json()["phones"]] == ["+358507654321"]


def test_another_regions_person_and_a_readers_writes_are_refused(
    valvo: Valvo, client: TestClient
) -> None:
    east = register_person(valvo, "dev-e", region=EAST)
    url = f"/api/subjects/{east.subject_id}/phones"
    mine = client.post(
        url,
        json={"label": "mobile", "number": "040 111 2222"},
        headers=bearer(valvo, "supervisor", EAST),
    )
    assert mine.status_code == 201
    south = bearer(valvo, "supervisor", SOUTH)
    before = rows(valvo)
    assert client.get(url, headers=south).status_code == 404
    refused = client.post(url, json={"label": "mobile", "number": "040 111 3333"}, headers=south)
    assert refused.status_code == 404
    assert (
        client.patch(
            f"{url}/{mine.json()['id']}", json={"label": "work"}, headers=south
        ).status_code
        == 404
    )
    assert client.post(f"{url}/{mine.json()['id']}/end", headers=south).status_code == 404
    operator = bearer(valvo, "operator", EAST)
    assert client.get(url, headers=operator).status_code == 200
    assert (
        client.post(url, json={"label": "mobile", "number": "040 1"}, headers=operator).status_code
        == 403
    )
    assert rows(valvo) == before
