"""R108 (PKL 2:4) through the API on SQLite and PostgreSQL: while a travel ban is in force no
passport is issued; the case says so, and the passport-issuing side reads who is barred (an
audited read of names); a revoked ban no longer bars."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.case_flow import ok
from tests.support.cases import Staff, ban_body, create_staff
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

DECIDED = datetime(2027, 3, 26, 8, 0, tzinfo=UTC)


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = DECIDED + timedelta(minutes=30)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def test_r108_passport_issuing_is_barred_while_the_ban_is_in_force(
    client: TestClient, clock: FakeClock, valvo: Valvo, as_: Staff
) -> None:
    body = ban_body(DECIDED)
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)
    assert case["computed"]["passport_issuing_barred"] is True
    bars = ok(client.get("/api/passport-bars", headers=as_("police")))
    assert [b["case_id"] for b in bars] == [case["id"]]
    assert bars[0]["subject_name"] == body["subject_name"]
    with valvo.db.connect() as conn:
        audited = conn.execute(
            select(t.audit_records.c.action).where(t.audit_records.c.action == "passport_bars_read")
        ).all()
    assert len(audited) == 1
    # A supervisor of sentences has no business with it.
    assert client.get("/api/passport-bars", headers=as_("supervisor")).status_code == 403

    revoked = {"at": (DECIDED + timedelta(hours=1)).isoformat(), "reason": "no longer needed"}
    clock.now = DECIDED + timedelta(hours=2)
    case = ok(
        client.post(f"/api/cases/{case['id']}/revocation", json=revoked, headers=as_("police"))
    )
    assert case["computed"]["passport_issuing_barred"] is False
    assert ok(client.get("/api/passport-bars", headers=as_("police"))) == []
