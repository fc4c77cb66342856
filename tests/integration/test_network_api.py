"""The person's network (issue 21) over the API, on SQLite and PostgreSQL: consent-checked
disclosures (S31, S32), the client's context and the caseload's filters (S26), the warning for
enforcement without municipal cooperation (S28), the network records (S27, S29, S33, S34,
S36), referrals to registry partners and the need statistics (S24, S25, S40–S47), relatives'
contacts (S51, S52), one timeline (S48) — each write audited, each person kept to its region."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.case_flow import ok, open_sentence
from tests.support.cases import Staff, create_staff
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def person(client: TestClient, as_: Staff, name: str = "Aino Verkosto") -> str:
    """A person with a case (a report requested): the id of the person."""
    case = ok(
        client.post(
            "/api/cases/sentences",
            json={"subject_name": name, "region": "Etelä-Suomi", "requested_on": "2026-11-23"},
            headers=as_("prosecutor"),
        ),
        201,
    )
    return str(case["subject_id"])


def make(client: TestClient, as_: Staff, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    return ok(client.post(f"/api/partners/{kind}", json=body, headers=as_("supervisor")), 201)  # type: ignore[no-any-return]


def refused(response: Any, status: int, text: str) -> None:
    assert response.status_code == status, response.text
    assert text in response.json()["detail"], response.text


def audits(valvo: Valvo, action: str) -> list[dict[str, Any]]:
    with valvo.db.connect() as conn:
        rows = conn.execute(select(t.audit_records).where(t.audit_records.c.action == action))
        return [dict(r._mapping) for r in rows]


def network(client: TestClient, as_: Staff, subject_id: str) -> dict[str, Any]:
    return ok(client.get(f"/api/network/people/{subject_id}", headers=as_("supervisor")))  # type: ignore[no-any-return]


def test_s31_s32_a_disclosure_needs_a_consent_or_a_recorded_ground_and_is_audited(
    client: TestClient, as_: Staff, valvo: Valvo
) -> None:
    sid = person(client, as_)
    body = {
        "subject_id": sid,
        "purpose": "release_plan",
        "recipient": "Helsingin kaupunki",
        "categories": ["sentence_plan", "housing"],
        "disclosed_on": "2026-11-23",
    }
    # No consent: refused (409), nothing stored, the refusal audited.
    refused(
        client.post("/api/network/disclosures", json=body, headers=as_("supervisor")),
        409,
        "no consent in force",
    )
    assert network(client, as_, sid)["disclosures"] == []
    assert [a["target_id"] for a in audits(valvo, "disclosure_refused")] == [sid]
    consent = make(
        client,
        as_,
        "consents",
        {
            "subject_id": sid,
            "purpose": "release_plan",
            "recipient": "Helsingin kaupunki",
            "categories": ["sentence_plan", "housing", "employment"],
            "given_on": "2026-11-20",
            "channel": "written",
        },
    )
    done = ok(client.post("/api/network/disclosures", json=body, headers=as_("supervisor")), 201)
    assert done["basis"] == "consent"
    assert "2026-11-20" in done["basis_reason"]
    # A category the consent does not cover, or another recipient: refused.
    wider = {**body, "categories": ["social_services"]}
    refused(
        client.post("/api/network/disclosures", json=wider, headers=as_("supervisor")),
        409,
        "no consent",
    )
    # Withdrawn: refused from that day on.
    ok(
        client.post(
            f"/api/partners/consents/{consent['id']}/withdraw",
            json={"withdrawn_on": "2026-11-23", "channel": "phone"},
            headers=as_("supervisor"),
        )
    )
    refused(
        client.post("/api/network/disclosures", json=body, headers=as_("supervisor")),
        409,
        "no consent",
    )
    # A legal ground serves only a notification to social welfare (S32).
    grounded = {**body, "legal_ground": "child_interest", "ground_details": "child at risk"}
    refused(
        client.post("/api/network/disclosures", json=grounded, headers=as_("supervisor")),
        409,
        "only a notification to social welfare",
    )
    notice = {
        **grounded,
        "purpose": "social_welfare_contact",
        "recipient": "Helsingin sosiaalipäivystys",
    }
    unable = {**notice, "legal_ground": "unable_to_care", "ground_details": "cannot cope"}
    refused(
        client.post("/api/network/disclosures", json=unable, headers=as_("supervisor")),
        409,
        "consent cannot be obtained",
    )
    bare = {k: v for k, v in notice.items() if k != "ground_details"}
    refused(
        client.post("/api/network/disclosures", json=bare, headers=as_("supervisor")),
        422,
        "ground_details",
    )
    refused(
        client.post(
            "/api/network/disclosures", json={**notice, "diagnosis": "x"}, headers=as_("supervisor")
        ),
        422,
        "diagnosis: is not a field",
    )
    made = ok(client.post("/api/network/disclosures", json=notice, headers=as_("supervisor")), 201)
    assert made["basis"] == "legal_ground"
    assert made["legal_ground"] == "child_interest"
    without = audits(valvo, "disclose_without_consent")
    assert [a["target_id"] for a in without] == [made["id"]]
    assert without[0]["details"]["reason"] == "child_interest"
    assert len(audits(valvo, "disclose")) == 1
    assert sorted(d["basis"] for d in network(client, as_, sid)["disclosures"]) == [
        "consent",
        "legal_ground",
    ]
    # The court may not disclose (no partners:write).
    assert (
        client.post("/api/network/disclosures", json=notice, headers=as_("court")).status_code
        == 403
    )


def test_s26_one_context_per_person_and_the_caseload_filters_by_it(
    client: TestClient, as_: Staff
) -> None:
    aino, ville = person(client, as_, "Aino"), person(client, as_, "Ville")
    context = {
        "subject_id": aino,
        "sanction_types": ["monitoring_sentence", "fine_conversion"],
        "phase": "preparation",
        "home_municipality": "Vantaa",
        "wellbeing_county": "Vantaan ja Keravan hyvinvointialue",
    }
    made = make(client, as_, "client-contexts", context)
    refused(
        client.post("/api/partners/client-contexts", json=context, headers=as_("supervisor")),
        409,
        "already has a context",
    )
    refused(
        client.post(
            "/api/partners/client-contexts",
            json={**context, "subject_id": ville, "phase": "later"},
            headers=as_("supervisor"),
        ),
        422,
        "phase: must be one of preparation, start, during, release_after",
    )
    refused(
        client.post(
            "/api/partners/client-contexts",
            json={**context, "subject_id": ville, "compulsory_education": True},
            headers=as_("supervisor"),
        ),
        422,
        "education_contact",
    )
    make(
        client,
        as_,
        "client-contexts",
        {
            **context,
            "subject_id": ville,
            "phase": "during",
            "home_municipality": "Espoo",
            "wellbeing_county": "Länsi-Uudenmaan hyvinvointialue",
            "sanction_types": ["parole_supervision"],
        },
    )

    def names(**params: str) -> list[str]:
        rows = ok(client.get("/api/cases", params=params, headers=as_("supervisor")))
        return sorted(r["subject_name"] for r in rows)

    assert names() == ["Aino", "Ville"]
    assert names(phase="preparation") == ["Aino"]
    assert names(home_municipality="espoo") == ["Ville"]
    assert names(wellbeing_county="Vantaan ja Keravan hyvinvointialue") == ["Aino"]
    assert names(sanction_type="parole_supervision") == ["Ville"]
    assert names(phase="during", home_municipality="Vantaa") == []
    refused(
        client.get("/api/cases", params={"phase": "x"}, headers=as_("supervisor")), 422, "phase"
    )
    changed = ok(
        client.patch(
            f"/api/partners/client-contexts/{made['id']}",
            json={"phase": "start"},
            headers=as_("supervisor"),
        )
    )
    assert changed["phase"] == "start"
    assert names(phase="start") == ["Aino"]


def test_s28_warns_when_enforcement_starts_without_municipal_cooperation(
    client: TestClient, as_: Staff, clock: FakeClock
) -> None:
    case_id = open_sentence(client, clock, as_)
    sid = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    seen = network(client, as_, sid)
    assert seen["warnings"] == [
        {"code": "started_without_cooperation", "case_id": case_id, "on": "2027-01-04"}
    ]
    # S49: the report's co-residents (one adult with consent, one minor heard) are linked.
    assert seen["cases"][0]["co_residents"] == 2
    assert seen["cases"][0]["co_residents_missing_consent"] == 0
    # Started after enforcement began: the warning stays.
    make(
        client,
        as_,
        "cooperation-starts",
        {
            "subject_id": sid,
            "started_on": "2027-01-10",
            "started_by": "Sanna Suunnittelija",
            "role": "sentence_plan",
            "counterpart": "Helsingin kaupunki",
        },
    )
    assert network(client, as_, sid)["warnings"] != []
    refused(
        client.post(
            "/api/partners/cooperation-starts",
            json={
                "subject_id": sid,
                "started_on": "2026-12-01",
                "started_by": "X",
                "role": "boss",
                "counterpart": "Y",
            },
            headers=as_("supervisor"),
        ),
        422,
        "role: must be one of basic_assessment, sentence_plan",
    )
    make(
        client,
        as_,
        "cooperation-starts",
        {
            "subject_id": sid,
            "started_on": "2026-12-15",
            "started_by": "Pertti Perusarvio",
            "role": "basic_assessment",
            "counterpart": "Helsingin kaupunki",
        },
    )
    assert network(client, as_, sid)["warnings"] == []


def test_s27_s29_s33_s34_s36_the_network_records_and_their_rules(
    client: TestClient, as_: Staff, valvo: Valvo
) -> None:
    sid = person(client, as_)
    meeting = {
        "subject_id": sid,
        "held_on": "2026-11-23",
        "participants": [
            {
                "name": "Oona Omatyöntekijä",
                "organisation": "Helsingin sosiaalipalvelut",
                "role": "own_worker",
            },
            {"name": "Veera VTH", "organisation": "Vankiterveydenhuolto", "role": "vth"},
        ],
    }
    refused(
        client.post("/api/partners/client-meetings", json=meeting, headers=as_("supervisor")),
        422,
        "client_participates: the client is a participant",
    )
    made = make(client, as_, "client-meetings", {**meeting, "client_participates": True})
    assert [p["role"] for p in made["participants"]] == ["own_worker", "vth"]
    refused(
        client.post(
            "/api/partners/client-meetings",
            json={
                **meeting,
                "client_participates": True,
                "participants": [{"name": "X", "role": "vth"}],
            },
            headers=as_("supervisor"),
        ),
        422,
        "participants[0]",
    )
    plan = {
        "subject_id": sid,
        "plan_type": "rehabilitation_plan",
        "status": "in_force",
        "owner_organisation": "Kela",
        "recorded_on": "2026-11-23",
    }
    refused(
        client.post("/api/partners/authority-plans", json=plan, headers=as_("supervisor")),
        422,
        "shared_goals",
    )
    make(client, as_, "authority-plans", {**plan, "shared_goals": ["work trial", "housing"]})
    make(
        client,
        as_,
        "authority-plans",
        {**plan, "plan_type": "client_plan", "status": "missing", "rise_drafting": True},
    )
    request = {
        "subject_id": sid,
        "received_on": "2026-11-20",
        "requester": "Sari Sosiaalityöntekijä",
        "organisation": "Helsingin sosiaalipalvelut",
        "purpose": "service_need_assessment",
    }
    req = make(client, as_, "participation-requests", request)
    assert req["status"] == "open"
    refused(
        client.patch(
            f"/api/partners/participation-requests/{req['id']}",
            json={"status": "accepted"},
            headers=as_("supervisor"),
        ),
        422,
        "handled_on",
    )
    ok(
        client.patch(
            f"/api/partners/participation-requests/{req['id']}",
            json={"status": "accepted", "handled_on": "2026-11-23"},
            headers=as_("supervisor"),
        )
    )
    vth = {
        "subject_id": sid,
        "held_on": "2026-11-23",
        "initiator": "client",
        "trigger": "sentence plan drafted",
        "functional_information": "can work part-time",
    }
    refused(
        client.post(
            "/api/partners/vth-events",
            json={**vth, "diagnosis": "F10.2"},
            headers=as_("supervisor"),
        ),
        422,
        "diagnosis: is not a field",
    )
    make(client, as_, "vth-events", vth)
    deferral = make(
        client,
        as_,
        "deferrals",
        {"subject_id": sid, "applied_on": "2026-11-20", "grounds": "surgery scheduled"},
    )
    assert network(client, as_, sid)["tasks"] == [
        {"code": "request_vth_statement", "deferral_id": deferral["id"]}
    ]
    refused(
        client.patch(
            f"/api/partners/deferrals/{deferral['id']}",
            json={"decision": "granted", "decided_on": "2026-11-23"},
            headers=as_("supervisor"),
        ),
        422,
        "cannot be decided without VTH's statement",
    )
    ok(
        client.patch(
            f"/api/partners/deferrals/{deferral['id']}",
            json={"statement_requested_on": "2026-11-21"},
            headers=as_("supervisor"),
        )
    )
    assert network(client, as_, sid)["tasks"][0]["code"] == "await_vth_statement"
    decided = ok(
        client.patch(
            f"/api/partners/deferrals/{deferral['id']}",
            json={"statement_on": "2026-11-22", "decision": "granted", "decided_on": "2026-11-23"},
            headers=as_("supervisor"),
        )
    )
    assert decided["decision"] == "granted"
    seen = network(client, as_, sid)
    assert seen["tasks"] == []
    assert len(seen["meetings"]) == 1
    assert len(seen["plans"]) == 2
    assert len(seen["vth_events"]) == 1
    # Every read of the network is audited.
    assert any(
        a["target_id"] == sid for a in audits(valvo, "read") if a["target_type"] == "network_person"
    )


def test_s24_s25_s47_referrals_to_registry_partners_and_needs_by_area_without_individuals(
    client: TestClient, as_: Staff
) -> None:
    takuu = make(client, as_, "partners", {"name": "Takuusäätiö", "type": "foundation"})
    people = [person(client, as_, f"P{n}") for n in range(4)]
    for n, sid in enumerate(people):
        make(
            client,
            as_,
            "client-contexts",
            {
                "subject_id": sid,
                "sanction_types": ["imprisonment"],
                "phase": "during",
                "home_municipality": "Vantaa" if n < 3 else "Espoo",
                "wellbeing_county": "Uusimaa",
            },
        )
    refused(
        client.post(
            "/api/partners/referrals",
            json={
                "subject_id": people[0],
                "partner_id": "nope",
                "need": "debt",
                "referred_on": "2026-11-23",
            },
            headers=as_("supervisor"),
        ),
        422,
        "partner_id: organisation nope does not exist",
    )
    refs = [
        make(
            client,
            as_,
            "referrals",
            {
                "subject_id": sid,
                "partner_id": takuu["id"],
                "need": "debt",
                "referred_on": "2026-11-23",
            },
        )
        for sid in people
    ]
    assert refs[0]["status"] == "sent"
    refused(
        client.patch(
            f"/api/partners/referrals/{refs[0]['id']}",
            json={"status": "completed"},
            headers=as_("supervisor"),
        ),
        422,
        "outcome",
    )
    done = ok(
        client.patch(
            f"/api/partners/referrals/{refs[0]['id']}",
            json={
                "status": "completed",
                "ended_on": "2026-11-30",
                "outcome": "debt settlement plan agreed",
            },
            headers=as_("supervisor"),
        )
    )
    assert done["outcome"] == "debt settlement plan agreed"
    seen = network(client, as_, people[0])
    assert seen["referrals"][0]["partner_name"] == "Takuusäätiö"
    assert seen["prompts"] == [{"code": "peer_support", "stage": "during"}]  # S47
    by_town = ok(
        client.get(
            "/api/network/statistics", params={"by": "home_municipality"}, headers=as_("supervisor")
        )
    )
    assert by_town == [
        {"area": "Espoo", "need": "debt", "people": None, "suppressed": True},
        {"area": "Vantaa", "need": "debt", "people": 3, "suppressed": False},
    ]
    assert "subject_id" not in str(by_town)
    assert people[0] not in str(by_town)
    by_county = ok(
        client.get(
            "/api/network/statistics", params={"by": "wellbeing_county"}, headers=as_("supervisor")
        )
    )
    assert by_county == [{"area": "Uusimaa", "need": "debt", "people": 4, "suppressed": False}]
    assert (
        client.get(
            "/api/network/statistics", params={"by": "name"}, headers=as_("supervisor")
        ).status_code
        == 422
    )
    make(
        client,
        as_,
        "referrals",
        {
            "subject_id": people[0],
            "partner_id": takuu["id"],
            "need": "peer_support",
            "stage": "during",
            "referred_on": "2026-11-23",
        },
    )
    assert network(client, as_, people[0])["prompts"] == []


def test_s51_s52_contacts_with_relatives_need_consent_and_go_through_the_official(
    client: TestClient, as_: Staff
) -> None:
    sid, other = person(client, as_), person(client, as_, "Other")
    no_consent = make(
        client,
        as_,
        "relatives",
        {"subject_id": sid, "name": "Kalle Kaveri", "relationship": "friend"},
    )
    mum = make(
        client,
        as_,
        "relatives",
        {
            "subject_id": sid,
            "name": "Maija Äiti",
            "relationship": "parent",
            "consent_to_contact": True,
            "consent_on": "2026-11-20",
            "responsible_official": "Nina Nimetty",
        },
    )
    contact = {
        "subject_id": sid,
        "relative_id": mum["id"],
        "contacted_on": "2026-11-23",
        "official": "Someone Else",
        "stage": "sentence_planning",
        "channel": "phone",
    }
    refused(
        client.post("/api/partners/relative-contacts", json=contact, headers=as_("supervisor")),
        422,
        "responsible official Nina Nimetty",
    )
    refused(
        client.post(
            "/api/partners/relative-contacts",
            json={**contact, "relative_id": no_consent["id"]},
            headers=as_("supervisor"),
        ),
        422,
        "not consented",
    )
    refused(
        client.post(
            "/api/partners/relative-contacts",
            json={**contact, "subject_id": other, "official": "Nina Nimetty"},
            headers=as_("supervisor"),
        ),
        422,
        "not a relative of this client",
    )
    make(client, as_, "relative-contacts", {**contact, "official": "Nina Nimetty"})
    assert len(network(client, as_, sid)["relative_contacts"]) == 1


def test_s48_the_workflow_log_and_the_case_events_are_one_timeline(
    client: TestClient, as_: Staff, clock: FakeClock
) -> None:
    case_id = open_sentence(client, clock, as_, until_sentenced=True)
    sid = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    other_case = ok(
        client.post(
            "/api/cases/sentences",
            json={"subject_name": "Z", "region": "Etelä-Suomi", "requested_on": "2026-11-23"},
            headers=as_("prosecutor"),
        ),
        201,
    )
    entry = {
        "subject_id": sid,
        "case_id": case_id,
        "kind": "report_request",
        "counterpart": "Helsingin syyttäjänvirasto",
        "on": "2026-11-22",
    }
    refused(
        client.post(
            "/api/partners/justice-log",
            json={**entry, "case_id": other_case["id"]},
            headers=as_("supervisor"),
        ),
        422,
        "is not this person's",
    )
    made = make(client, as_, "justice-log", entry)
    assert made["direction"] == "incoming"
    make(
        client,
        as_,
        "justice-log",
        {
            **entry,
            "kind": "executive_assistance",
            "counterpart": "Helsingin poliisilaitos",
            "on": "2026-12-01",
        },
    )
    timeline = network(client, as_, sid)["timeline"]
    assert timeline[0]["source"] == "log"
    assert timeline[0]["kind"] == "report_request"
    assert {e["source"] for e in timeline} == {"log", "case"}
    days = [e["at"][:10] for e in timeline]
    assert days == sorted(days)
    assert any(e["source"] == "log" and e["kind"] == "executive_assistance" for e in timeline)


def test_the_network_is_kept_to_the_persons_region(
    client: TestClient, as_: Staff, valvo: Valvo
) -> None:
    sid = person(client, as_)
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
    east = as_("east")
    assert client.get(f"/api/network/people/{sid}", headers=east).status_code == 404
    body = {
        "subject_id": sid,
        "started_on": "2026-11-23",
        "started_by": "X",
        "role": "sentence_plan",
        "counterpart": "Y",
    }
    refused(
        client.post("/api/partners/cooperation-starts", json=body, headers=east),
        422,
        "does not exist",
    )
    disclosure = {
        "subject_id": sid,
        "purpose": "joint_plan",
        "recipient": "Y",
        "categories": ["identity"],
        "disclosed_on": "2026-11-23",
    }
    refused(
        client.post("/api/network/disclosures", json=disclosure, headers=east),
        422,
        "does not exist",
    )
    assert date.fromisoformat("2026-11-23")  # the dates above are on the fake clock's day


def test_s30_the_education_and_work_assessment(client: TestClient, as_: Staff) -> None:
    sid = person(client, as_)
    body = {
        "subject_id": sid,
        "assessed_on": "2026-11-23",
        "education_needs": "Vocational qualification unfinished",
        "background": "Warehouse work 5 years",
        "work_life_readiness": "with_support",
        "capacity_assessment_needed": True,
    }
    refused(
        client.post(
            "/api/partners/work-assessments",
            json={**body, "work_life_readiness": "maybe"},
            headers=as_("supervisor"),
        ),
        422,
        "work_life_readiness: must be one of ready, with_support",
    )
    make(client, as_, "work-assessments", body)
    assessed = network(client, as_, sid)["assessments"]
    assert [a["work_life_readiness"] for a in assessed] == ["with_support"]
    assert assessed[0]["capacity_assessment_needed"] is True


def test_s38_partner_appointments_are_held_in_prisons_and_community_sanctions_offices(
    client: TestClient, as_: Staff
) -> None:
    sid = person(client, as_)
    centre = make(
        client, as_, "units", {"name": "Etelä-Suomen rikosseuraamuskeskus", "type": "centre"}
    )
    office = make(
        client,
        as_,
        "units",
        {
            "name": "Helsingin yhdyskuntaseuraamustoimisto",
            "type": "community_sanctions_office",
            "parent_id": centre["id"],
        },
    )
    kela = make(client, as_, "partners", {"name": "Kela", "type": "kela_unit"})
    body = {
        "subject_id": sid,
        "partner_id": kela["id"],
        "unit_id": centre["id"],
        "service": "kela",
        "starts_at": "2026-11-30T10:00:00+02:00",
        "mode": "electronic",
    }
    refused(
        client.post("/api/partners/appointments", json=body, headers=as_("supervisor")),
        422,
        "not a prison or a community sanctions office",
    )
    refused(
        client.post(
            "/api/partners/appointments",
            json={**body, "unit_id": office["id"], "starts_at": "2026-11-30T10:00:00"},
            headers=as_("supervisor"),
        ),
        422,
        "starts_at: must carry a UTC offset",
    )
    made = make(client, as_, "appointments", {**body, "unit_id": office["id"]})
    assert made["status"] == "planned"
    seen = network(client, as_, sid)["appointments"]
    assert [(a["partner_name"], a["unit_name"]) for a in seen] == [
        ("Kela", "Helsingin yhdyskuntaseuraamustoimisto")
    ]


def test_s41_each_hearing_of_a_minor_is_recorded(client: TestClient, as_: Staff) -> None:
    sid = person(client, as_)
    hearing = {
        "subject_id": sid,
        "heard_on": "2026-11-23",
        "matter": "sentence_plan",
        "heard_by": "Nina Nimetty",
        "views": "Wants to keep going to school",
        "child_welfare_present": True,
    }
    refused(
        client.post("/api/partners/minor-hearings", json=hearing, headers=as_("supervisor")),
        422,
        "not recorded as a minor",
    )
    make(
        client,
        as_,
        "client-contexts",
        {
            "subject_id": sid,
            "sanction_types": ["imprisonment"],
            "phase": "during",
            "home_municipality": "Turku",
            "wellbeing_county": "Varsinais-Suomi",
            "minor": True,
            "child_welfare_decision": "LSL 2026/114",
        },
    )
    refused(
        client.post(
            "/api/partners/minor-hearings",
            json={**hearing, "matter": "child_welfare_placement"},
            headers=as_("supervisor"),
        ),
        422,
        "placement_assessment",
    )
    make(client, as_, "minor-hearings", hearing)
    assert [h["matter"] for h in network(client, as_, sid)["hearings"]] == ["sentence_plan"]


def test_s44_rapid_response_teams_per_unit_and_cases_assigned_to_them(
    client: TestClient, as_: Staff
) -> None:
    sid = person(client, as_)
    centre = make(
        client, as_, "units", {"name": "Länsi-Suomen rikosseuraamuskeskus", "type": "centre"}
    )
    prison = make(
        client, as_, "units", {"name": "Turun vankila", "type": "prison", "parent_id": centre["id"]}
    )
    team = {"unit_id": prison["id"], "name": "Turun nopea tiimi", "professions": ["nurse"]}
    refused(
        client.post("/api/partners/response-teams", json=team, headers=as_("supervisor")),
        422,
        "at least two professions",
    )
    made = make(client, as_, "response-teams", {**team, "professions": ["nurse", "social worker"]})
    context = {
        "subject_id": sid,
        "sanction_types": ["imprisonment"],
        "phase": "during",
        "home_municipality": "Turku",
        "wellbeing_county": "Varsinais-Suomi",
        "response_team_id": "nope",
    }
    refused(
        client.post("/api/partners/client-contexts", json=context, headers=as_("supervisor")),
        422,
        "response_team_id",
    )
    make(client, as_, "client-contexts", {**context, "response_team_id": made["id"]})
    assert network(client, as_, sid)["context"]["response_team"] == "Turun nopea tiimi"
