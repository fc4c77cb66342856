"""The person's network, the last two requirements (issue 21), over the API on SQLite and
PostgreSQL: the fine-defaulter / short-term pre-enforcement case (S43) — opened on a
stakeholder's contact with its participation request linked, participants from the registry,
steps taken in order, skipped with a reason, closed with an outcome, audited and kept to the
person's region — and the VTH consultation in the preparation phase (S35), refused while its
switch is off and, with it on, requested in the preparation phase only, without health data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select

from tests.conftest import FakeClock, make_valvo
from tests.integration.test_network_api import audits, make, network, person, refused
from tests.support.case_flow import ok
from tests.support.cases import Staff, create_staff
from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_network as tn
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.migrate import downgrade, upgrade
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.web.app import create_app

DAY = "2026-11-23"
STEPS = (
    "service_need_assessment",
    "sanction_content_planning",
    "detox_start",
    "placement_preparation",
    "self_reporting",
    "rehabilitation_network_meeting",
    "post_placement_path",
)


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def east_supervisor(valvo: Valvo) -> None:
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "test",
            valvo.clock(),
            username="east",
            password="case-work-password",
            role="supervisor",
            region="Itä-Suomi",
        )
        uow.commit()


def rows(valvo: Valvo, table: str) -> int:
    with valvo.db.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(t.metadata.tables[table])).one()[0]
        )


def opened(sid: str, request_id: str | None, partners: dict[str, str]) -> dict[str, Any]:
    return {
        "subject_id": sid,
        "opened_on": DAY,
        "sanction": "fine_conversion",
        "initiative": "stakeholder",
        "initiator": "Helsingin kaupunki, päihdepalvelut",
        "participation_request_id": request_id,
        "enforcement_due_on": "2027-01-15",
        "participants": [
            {"role": "home_municipality", "name": "Helsingin kaupunki", "contact": "Oona V."},
            {"role": "vth", "name": "Vankiterveydenhuollon yksikkö"},
            {"role": "enforcement_authority", "partner_id": partners["ulosotto"]},
            {"role": "substance_rehabilitation", "partner_id": partners["rehab"]},
        ],
    }


def step(client: TestClient, as_: Staff, case_id: str, name: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/network/pre-enforcement/{case_id}/steps/{name}",
        json=body,
        headers=as_("supervisor"),
    )


def test_s43_a_pre_enforcement_case_opened_on_a_stakeholders_contact_goes_step_by_step(
    client: TestClient, as_: Staff, valvo: Valvo
) -> None:
    sid = person(client, as_)
    other = person(client, as_, "Toinen Henkilö")
    partners = {
        "ulosotto": make(
            client, as_, "partners", {"name": "Etelä-Suomen ulosottovirasto", "type": "agency"}
        )["id"],
        "rehab": make(
            client, as_, "partners", {"name": "Kalliolan klinikat", "type": "foundation"}
        )["id"],
    }
    request = make(
        client,
        as_,
        "participation-requests",
        {
            "subject_id": sid,
            "received_on": DAY,
            "requester": "Oona Virtanen",
            "organisation": "Helsingin päihdepalvelut",
            "purpose": "service_need_assessment",
        },
    )
    body = opened(sid, request["id"], partners)
    # Bad input: precise, and nothing stored.
    no_town = {**body, "participants": body["participants"][1:]}
    refused(
        client.post("/api/partners/pre-enforcement-cases", json=no_town, headers=as_("supervisor")),
        422,
        "participants: name the home municipality or wellbeing county",
    )
    anonymous = {**body, "initiator": None}
    refused(
        client.post(
            "/api/partners/pre-enforcement-cases", json=anonymous, headers=as_("supervisor")
        ),
        422,
        "initiator: name the organisation",
    )
    theirs = {**body, "subject_id": other}
    refused(
        client.post("/api/partners/pre-enforcement-cases", json=theirs, headers=as_("supervisor")),
        422,
        "participation_request_id: this person has no participation request",
    )
    ghost = {
        **body,
        "participants": [*body["participants"], {"role": "other", "partner_id": "nope"}],
    }
    refused(
        client.post("/api/partners/pre-enforcement-cases", json=ghost, headers=as_("supervisor")),
        422,
        "participants[4]: partner nope does not exist",
    )
    refused(
        client.post(
            "/api/partners/pre-enforcement-cases",
            json={**body, "status": "closed"},
            headers=as_("supervisor"),
        ),
        422,
        "status: is not a field of a pre_enforcement_case",
    )
    assert rows(valvo, "network_pre_enforcement") == 0

    case = make(client, as_, "pre-enforcement-cases", body)
    refused(
        client.post("/api/partners/pre-enforcement-cases", json=body, headers=as_("supervisor")),
        409,
        "already has an open pre-enforcement case",
    )
    shown = network(client, as_, sid)["pre_enforcement"]
    assert [c["id"] for c in shown] == [case["id"]]
    assert shown[0]["status"] == "open"
    assert [s["step"] for s in shown[0]["steps"]] == list(STEPS)
    assert {s["status"] for s in shown[0]["steps"]} == {"pending"}
    assert shown[0]["next_step"] == "service_need_assessment"
    assert shown[0]["steps"][-1]["owner"] == "home_municipality"
    assert shown[0]["participation_request"]["organisation"] == "Helsingin päihdepalvelut"
    names = [p.get("partner_name") for p in shown[0]["participants"]]
    assert names == [None, None, "Etelä-Suomen ulosottovirasto", "Kalliolan klinikat"]

    cid = case["id"]
    # Out of order: refused, naming the step that is not settled.
    refused(
        step(client, as_, cid, "detox_start", {"status": "done", "on": DAY, "who": "A-klinikka"}),
        409,
        "comes after service_need_assessment, which is not done or skipped yet",
    )
    refused(
        step(client, as_, cid, "nonsense", {"status": "done", "on": DAY}),
        422,
        "step: must be one of",
    )
    refused(
        step(
            client,
            as_,
            cid,
            "service_need_assessment",
            {"status": "done", "on": "2026-11-01", "who": "X"},
        ),
        422,
        "on: cannot be before the case was opened",
    )
    refused(
        step(client, as_, cid, "service_need_assessment", {"status": "done", "on": DAY}),
        422,
        "who: is required",
    )
    ok(
        step(
            client,
            as_,
            cid,
            "service_need_assessment",
            {"status": "in_progress", "on": DAY, "who": "Helsingin sosiaalipalvelut"},
        )
    )
    done = ok(
        step(
            client,
            as_,
            cid,
            "service_need_assessment",
            {
                "status": "done",
                "on": DAY,
                "who": "Helsingin sosiaalipalvelut",
                "note": "Laitoskuntoutuksen tarve",
            },
        )
    )
    assert done["steps"][0]["status"] == "done"
    assert done["steps"][0]["note"] == "Laitoskuntoutuksen tarve"
    assert done["next_step"] == "sanction_content_planning"
    refused(
        step(
            client, as_, cid, "service_need_assessment", {"status": "done", "on": DAY, "who": "X"}
        ),
        409,
        "is already done",
    )
    ok(
        step(
            client,
            as_,
            cid,
            "sanction_content_planning",
            {"status": "done", "on": DAY, "who": "Sari Valvoja"},
        )
    )
    # A skip needs its reason.
    refused(
        step(client, as_, cid, "detox_start", {"status": "skipped", "on": DAY}),
        422,
        "skip_reason: is required",
    )
    skipped = ok(
        step(
            client,
            as_,
            cid,
            "detox_start",
            {
                "status": "skipped",
                "on": DAY,
                "skip_reason": "Katkaisuhoito ei tarpeen: raitis kuukauden",
            },
        )
    )
    assert skipped["steps"][2]["status"] == "skipped"
    assert skipped["steps"][2]["skip_reason"].startswith("Katkaisuhoito ei tarpeen")
    assert skipped["next_step"] == "placement_preparation"
    assert [a["details"]["step"] for a in audits(valvo, "pre_enforcement_step")] == [
        "service_need_assessment",
        "service_need_assessment",
        "sanction_content_planning",
        "detox_start",
    ]

    # Closed with an outcome (``other`` needs a note); then nothing changes.
    close = f"/api/network/pre-enforcement/{cid}/close"
    refused(
        client.post(close, json={"outcome": "other", "closed_on": DAY}, headers=as_("supervisor")),
        422,
        "note: is required",
    )
    refused(
        client.post(close, json={"outcome": "won", "closed_on": DAY}, headers=as_("supervisor")),
        422,
        "outcome: must be one of",
    )
    closed = ok(
        client.post(
            close,
            json={"outcome": "fine_paid", "closed_on": DAY, "note": "Omaiset maksoivat sakon"},
            headers=as_("supervisor"),
        )
    )
    assert (closed["status"], closed["outcome"], closed["next_step"]) == (
        "closed",
        "fine_paid",
        None,
    )
    assert [a["details"]["outcome"] for a in audits(valvo, "pre_enforcement_close")] == [
        "fine_paid"
    ]
    refused(
        step(client, as_, cid, "placement_preparation", {"status": "done", "on": DAY, "who": "X"}),
        409,
        "the case is closed",
    )
    refused(
        client.post(
            close, json={"outcome": "fine_paid", "closed_on": DAY}, headers=as_("supervisor")
        ),
        409,
        "already closed",
    )
    refused(
        client.patch(
            f"/api/partners/pre-enforcement-cases/{cid}",
            json={"notes": "x"},
            headers=as_("supervisor"),
        ),
        409,
        "is closed",
    )
    # A new case may be opened once the first is closed.
    make(
        client,
        as_,
        "pre-enforcement-cases",
        {**body, "participation_request_id": None, "initiative": "rise"},
    )


def test_s43_another_regions_supervisor_neither_sees_nor_advances_the_case(
    client: TestClient, as_: Staff, valvo: Valvo
) -> None:
    sid = person(client, as_)
    case = make(
        client,
        as_,
        "pre-enforcement-cases",
        {
            "subject_id": sid,
            "opened_on": DAY,
            "sanction": "short_term_imprisonment",
            "initiative": "rise",
            "participants": [
                {"role": "wellbeing_county", "name": "Vantaan ja Keravan hyvinvointialue"}
            ],
        },
    )
    east_supervisor(valvo)
    east = as_("east")
    before = audits(valvo, "pre_enforcement_step")
    answer = client.post(
        f"/api/network/pre-enforcement/{case['id']}/steps/service_need_assessment",
        json={"status": "done", "on": DAY, "who": "X"},
        headers=east,
    )
    assert answer.status_code == 404, answer.text
    answer = client.post(
        f"/api/network/pre-enforcement/{case['id']}/close",
        json={"outcome": "fine_paid", "closed_on": DAY},
        headers=east,
    )
    assert answer.status_code == 404, answer.text
    assert (
        client.get(f"/api/partners/pre-enforcement-cases/{case['id']}", headers=east).status_code
        == 404
    )
    assert client.get("/api/partners/pre-enforcement-cases", headers=east).json() == []
    assert audits(valvo, "pre_enforcement_step") == before
    # Its own region's supervisor (no region: every one) still advances it.
    assert (
        ok(
            step(
                client,
                as_,
                case["id"],
                "service_need_assessment",
                {"status": "in_progress", "on": DAY, "who": "Y"},
            )
        )["steps"][0]["status"]
        == "in_progress"
    )


CONSULTATION = {
    "requested_on": DAY,
    "plan": "community_sanction_plan",
    "vth_unit": "Vankiterveydenhuollon yksikkö, Helsinki",
    "question": "Mitä työ- ja toimintakyvystä on huomioitava suunnitelmassa?",
}


def context(client: TestClient, as_: Staff, sid: str, phase: str) -> dict[str, Any]:
    return make(
        client,
        as_,
        "client-contexts",
        {
            "subject_id": sid,
            "sanction_types": ["community_service"],
            "phase": phase,
            "home_municipality": "Espoo",
            "wellbeing_county": "Länsi-Uudenmaan hyvinvointialue",
        },
    )


def test_s35_while_the_switch_is_off_a_consultation_is_refused_with_the_reason(
    client: TestClient, as_: Staff, valvo: Valvo
) -> None:
    assert valvo.settings.vth_consultation is False  # the default
    sid = person(client, as_)
    context(client, as_, sid, "preparation")
    answer = client.post(
        "/api/network/vth-consultations",
        json={**CONSULTATION, "subject_id": sid},
        headers=as_("supervisor"),
    )
    refused(answer, 403, "the legal enablement requested from the Ministry of Justice")
    assert "VALVO_VTH_CONSULTATION is off" in answer.json()["detail"]
    assert rows(valvo, "network_vth_consultations") == 0
    assert network(client, as_, sid)["vth_consultation"] == {"enabled": False, "phase_allows": True}


@pytest.fixture
def switched_on(
    database_url: str, tmp_path: Path, clock: FakeClock
) -> Iterator[tuple[Valvo, TestClient]]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    valvo = make_valvo(database_url, tmp_path, clock, vth_consultation=True)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield valvo, test_client
    valvo.db.dispose()


def test_s35_with_the_switch_on_a_consultation_is_requested_in_the_preparation_phase_only(
    switched_on: tuple[Valvo, TestClient], clock: FakeClock
) -> None:
    valvo, client = switched_on
    as_ = Staff(client, clock)
    sid = person(client, as_)
    url = "/api/network/vth-consultations"
    body = {**CONSULTATION, "subject_id": sid}
    refused(
        client.post(url, json=body, headers=as_("supervisor")),
        409,
        "record the client's context first",
    )
    ctx = context(client, as_, sid, "start")
    refused(
        client.post(url, json=body, headers=as_("supervisor")),
        409,
        "in the preparation phase; this client's phase is start",
    )
    ok(
        client.patch(
            f"/api/partners/client-contexts/{ctx['id']}",
            json={"phase": "preparation"},
            headers=as_("supervisor"),
        )
    )
    # No health data: the record has no field for it.
    refused(
        client.post(url, json={**body, "diagnosis": "F10.2"}, headers=as_("supervisor")),
        422,
        "diagnosis: is not a field of this record",
    )
    refused(
        client.post(url, json={**body, "plan": "care_plan"}, headers=as_("supervisor")),
        422,
        "plan: must be one of",
    )
    assert rows(valvo, "network_vth_consultations") == 0
    # Another region's supervisor cannot request one for this person.
    east_supervisor(valvo)
    assert client.post(url, json=body, headers=as_("east")).status_code == 404
    made = ok(client.post(url, json=body, headers=as_("supervisor")), 201)
    assert made["requested_by"] == "supervisor"
    assert set(made) >= {"plan", "vth_unit", "question", "requested_on"}
    [audit] = [a for a in audits(valvo, "create") if a["target_type"] == "network_vth_consultation"]
    assert audit["target_id"] == made["id"]
    seen = network(client, as_, sid)
    assert seen["vth_consultation"] == {"enabled": True, "phase_allows": True}
    assert [c["id"] for c in seen["vth_consultations"]] == [made["id"]]
    assert client.get(f"/api/network/people/{sid}", headers=as_("east")).status_code == 404


def test_the_migration_creates_the_declared_tables(database_url: str) -> None:
    names = {tn.pre_enforcement.name, tn.vth_consultations.name}
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= names
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = [d for d in compare_metadata(context, t.metadata) if names & _tables(d)]
        assert diffs == []
        downgrade(engine, "0025_acting")
        assert not names & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _tables(diff: Any) -> set[str]:
    if isinstance(diff, list):
        return set().union(*(_tables(d) for d in diff))
    out = set()
    for item in diff if isinstance(diff, tuple) else ():
        name = getattr(item, "name", None)
        table = getattr(item, "table", None)
        if table is not None and getattr(table, "name", None):
            out.add(str(table.name))
        elif isinstance(name, str):
            out.add(name)
        elif isinstance(item, str):
            out.add(item)
    return out
