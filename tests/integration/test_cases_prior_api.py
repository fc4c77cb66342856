"""R94 (RL 7:7) through the API on SQLite and PostgreSQL: a prosecutor or a court lists a
person's earlier monitoring sentences; the read is audited and kept to the reader's region."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.case_flow import ok, open_sentence
from tests.support.cases import PASSWORD, Staff, create_staff
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with valvo.uow() as uow:
        auth.create_user(
            uow, valvo.hasher, "test", valvo.clock(),
            username="north-court", password=PASSWORD, role="court", region="Lappi",
        )  # fmt: skip
        uow.commit()
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def test_prior_sentences_for_prosecutor_and_court(
    client: TestClient, clock: FakeClock, valvo: Valvo
) -> None:
    as_ = Staff(client, clock)
    case_id = open_sentence(client, clock, as_)  # judgment 2026-12-07, serving from 2027-01-04
    subject_id = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    url = f"/api/subjects/{subject_id}/prior-sentences"
    for role in ("prosecutor", "court"):
        listed = ok(client.get(url, headers=as_(role)))
        [prior] = listed["prior_sentences"]
        assert prior["case_id"] == case_id
        assert prior["sentenced_on"] == "2026-12-07"
        assert prior["length_days"] == 60
        assert prior["status"] == "enforcing"
        assert prior["served_days"] is not None
        assert listed["rule"] == "RL 7:7, RL 7:6; R94"
    assert ok(client.get(url + "?before=2026-12-07", headers=as_("court")))["prior_sentences"] == []
    # Not for supervisors or the police; another region's court does not see the person.
    assert client.get(url, headers=as_("supervisor")).status_code == 403
    assert client.get(url, headers=as_("police")).status_code == 403
    assert client.get(url, headers=as_("north-court")).status_code == 404
    assert client.get(url + "?before=yesterday", headers=as_("court")).status_code == 422
    with valvo.db.connect() as conn:
        reads = conn.execute(
            select(t.audit_records).where(t.audit_records.c.action == "read_prior_sentences")
        ).all()
    assert {(r.actor, r.target_id) for r in reads} == {
        ("prosecutor", subject_id),
        ("court", subject_id),
    }
