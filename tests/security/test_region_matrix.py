"""Region isolation of every route, generated from the OpenAPI document (R131): a user of one
region, holding every permission, calls every route against the other region's records. No
list names them, no route taking one of their ids answers anything but a refusal, no error
names anything of theirs beyond the id asked for, and no write changes a row. Nothing here is
a hand list of routes: the ids are matched to path parameters by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock, make_valvo
from tests.security.conftest import bearer
from tests.security.test_route_matrix import concrete, operations
from tests.support.alarm_desk import exclusion_alarm
from tests.support.caseload import register_person
from tests.support.crimes import crime_run
from tests.support.partners import make_place
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services.acting import store_phone
from valvo.services.cases import identity_checks
from valvo.services.person import page as person_page
from valvo.web.access import OWN_ACCOUNT_ROUTES, PUBLIC_ROUTES
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"
# Not about the caseload: the audit trail (the oversight body's, every region by design), user
# accounts and sessions, the server's own state.
NOT_REGIONAL = re.compile(r"^/api/(audit|users|auth|retention|meta|health|provenance)")
# Rows that a refused request (or a test user) may still write: its audit record, the
# session and its tokens (auth_*); and the audit chain's keyed head (the ``audit`` row of
# ``evidence_heads``), which every audited read moves on.
BOOKKEEPING = {"audit_records", "users"}
AUDIT_HEAD = ("evidence_heads", "audit")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Valvo, dict[str, str]]]:
    """One monitored person in the east with an alarm, a sentence case and an activity
    obligation at a place, and an east police officer's crime batch and matching run; the ids
    by the name of the path parameter that takes them."""
    path: Path = tmp_path_factory.mktemp("region-matrix")
    valvo = make_valvo(f"sqlite:///{path / 'valvo.db'}", path, FakeClock())
    east = register_person(valvo, "east-dev", region=EAST)
    alarm = exclusion_alarm(valvo, east, valvo.clock())
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        case = c.post(
            "/api/cases/sentences",
            json={"subject_name": "Case east", "region": EAST, "requested_on": "2026-11-20"},
            headers=bearer(valvo, "prosecutor"),
        )
        assert case.status_code == 201, case.text
        place = make_place(valvo)
        plan = c.post(
            f"/api/partners/places/{place['id']}/plan",
            json={
                "order_id": east.order_id,
                "sessions": [{"weekday": 0, "start": "09:00", "end": "12:00"}],
            },
            headers=bearer(valvo, "supervisor"),
        )
        assert plan.status_code == 201, plan.text
        run = crime_run(c, bearer(valvo, "police", EAST), valvo.clock())
        # An east officer's key fob (R39): the south may neither list nor retire it.
        east_sup = bearer(valvo, "supervisor", EAST)
        officer = c.post(
            "/api/supervisors",
            json={"name": "East officer", "kind": "official", "region": EAST},
            headers=east_sup,
        )
        assert officer.status_code == 201, officer.text
        fob = c.post(
            "/api/officer-fobs",
            json={"fob": "FOB-EAST-1", "supervisor_id": officer.json()["id"]},
            headers=east_sup,
        )
        assert fob.status_code == 201, fob.text
        # S43: the east person's pre-enforcement case (its steps and closing take its id).
        pre = c.post(
            "/api/partners/pre-enforcement-cases",
            json={
                "subject_id": str(case.json()["subject_id"]),
                "opened_on": "2026-11-20",
                "sanction": "fine_conversion",
                "initiative": "rise",
                "participants": [{"role": "home_municipality", "name": "Joensuu"}],
            },
            headers=east_sup,
        )
        assert pre.status_code == 201, pre.text
    person = person_page_rows(valvo, str(case.json()["id"]))
    checks = check_rows(valvo, str(case.json()["id"]))
    with valvo.uow() as uow:  # the east person's number (changed and ended by phone_id)
        phone = store_phone(uow, "test", valvo.clock(), east.subject_id, "mobile", "+358401112222")
        uow.commit()
    ids = {
        "subject_id": east.subject_id,
        "order_id": east.order_id,
        "device_id": east.device_id,
        "alarm_id": str(alarm["id"]),
        "incident_id": str(alarm["incident_id"]),
        "case_id": str(case.json()["id"]),
        "assignment_id": str(plan.json()["id"]),
        "zone_id": str(plan.json()["zone_id"]),
        "batch_id": str(run["batch_id"]),
        "run_id": str(run["id"]),
        "fob_id": str(fob.json()["id"]),
        "pre_enforcement_id": str(pre.json()["id"]),
        "phone_id": str(phone["id"]),
        **person,
        **checks,
    }
    yield valvo, ids
    valvo.db.dispose()


def person_page_rows(valvo: Valvo, case_id: str) -> dict[str, str]:
    """The east person's own page: a message, a problem report and device instructions."""
    now = valvo.clock()
    with valvo.uow() as uow:
        message = person_page.write_message(uow, "test", now, case_id=case_id, body="Hei")
        instruction = person_page.record_instructions(
            uow,
            "test",
            now,
            case_id=case_id,
            device_kind="rf_tag",
            language="fi",
            text_version="1",
            outcome="given",
            given_by="Valvoja",
            given_at=now,
        )
        uow.cases.insert(
            "case_person_reports",
            {
                "id": "east-report",
                "case_id": case_id,
                "kind": "device",
                "text": "Panta hiertää",
                "created_at": now,
                "created_by": "east-person",
            },
        )
        uow.commit()
    return {
        "message_id": str(message["id"]),
        "instruction_id": str(instruction["id"]),
        "report_id": "east-report",
    }


def check_rows(valvo: Valvo, case_id: str) -> dict[str, str]:
    """The east case's identity checks (R38: a configuration and a check worked) and a sweat
    patch (R67)."""
    now = valvo.clock()
    with valvo.uow() as uow:
        config = identity_checks.configure(
            uow, "test", now, case_id=case_id, active=True, methods=["video"], random_per_day=1
        )
        uow.cases.insert(
            "case_identity_checks",
            {
                "id": "east-check",
                "case_id": case_id,
                "config_id": config["id"],
                "trigger": "manual",
                "due_at": now,
                "method": "video",
                "outcome": "passed",
                "knows_voice": False,
                "note": "Itä",
                "performed_at": now,
                "performed_by": "east-operator",
                "created_at": now,
                "created_by": "east-operator",
            },
        )
        uow.cases.insert(
            "case_sweat_patches",
            {
                "id": "east-patch",
                "case_id": case_id,
                "code": "HP-EAST",
                "applied_at": now,
                "applied_by": "Itä",
                "change_due_at": now,
                "created_at": now,
                "created_by": "test",
            },
        )
        uow.commit()
    return {"patch_id": "east-patch", "check_id": "east-check"}


def snapshot(valvo: Valvo) -> dict[str, list[tuple[Any, ...]]]:
    with valvo.db.connect() as conn:
        return {
            name: sorted(
                (
                    tuple(map(str, r))
                    for r in conn.execute(select(table))
                    if (name, r[0]) != AUDIT_HEAD
                ),
                key=str,
            )
            for name, table in t.metadata.tables.items()
            if name not in BOOKKEEPING and not name.startswith(("auth_", "partner_search"))
        }


def foreign(ids: dict[str, str], text: str, asked: set[str]) -> list[str]:
    return [name for name, value in ids.items() if value in text and value not in asked]


@pytest.fixture(scope="module")
def app(world: tuple[Valvo, dict[str, str]]) -> FastAPI:
    return create_app(world[0])


def test_no_list_names_another_regions_records(
    world: tuple[Valvo, dict[str, str]], app: FastAPI
) -> None:
    valvo, ids = world
    south = bearer(valvo, "administrator", SOUTH)
    east = bearer(valvo, "administrator", EAST)
    leaks, seen_by_owner = [], 0
    with TestClient(app, raise_server_exceptions=False) as c:
        for method, path in operations(app):
            if method != "GET" or "{" in path or NOT_REGIONAL.match(path) or path == "/api/live":
                continue
            if (method, path) in PUBLIC_ROUTES | OWN_ACCOUNT_ROUTES:
                continue
            answer = c.get(path, headers=south)
            if names := foreign(ids, answer.text, set()):
                leaks.append((path, names))
            seen_by_owner += bool(foreign(ids, c.get(path, headers=east).text, set()))
    assert leaks == [], "\n".join(map(str, leaks))
    assert seen_by_owner > 5  # the records are there: their own region's lists show them


def test_no_route_reaches_another_regions_record_by_its_id(
    world: tuple[Valvo, dict[str, str]], app: FastAPI
) -> None:
    """Every route whose path takes an id of the other region's records, every method: a
    refusal (403/404/405/422) that names nothing else of theirs, and no row changed."""
    valvo, ids = world
    south = bearer(valvo, "administrator", SOUTH)
    east = bearer(valvo, "administrator", EAST)
    before = snapshot(valvo)
    failures, checked, owner_reads = [], 0, 0
    with TestClient(app, raise_server_exceptions=False) as c:
        for method, path in operations(app):
            params = set(re.findall(r"\{(\w+)\}", path))
            if not params & ids.keys() or NOT_REGIONAL.match(path):
                continue
            url = path
            for name in params & ids.keys():
                url = url.replace(f"{{{name}}}", ids[name])
            url = concrete(url)
            body = {"order_id": ids["order_id"]} if method in ("POST", "PUT", "PATCH") else None
            answer = c.request(method, url, headers=south, json=body)
            checked += 1
            asked = {ids[n] for n in params & ids.keys()} | set((body or {}).values())
            if answer.status_code < 400 or answer.status_code >= 500:
                failures.append((method, path, answer.status_code, answer.text[:200]))
            elif names := foreign(ids, answer.text, asked):
                failures.append((method, path, answer.status_code, f"names {names}"))
            if method == "GET" and c.get(url, headers=east).status_code == 200:
                owner_reads += 1
    assert failures == [], "\n".join(map(str, failures))
    assert checked > 40
    assert owner_reads > 5  # the ids are real: their own region reads them
    assert snapshot(valvo) == before


def test_a_regional_supervisor_cannot_put_a_place_into_another_regions_plan(
    world: tuple[Valvo, dict[str, str]], app: FastAPI
) -> None:
    valvo, ids = world
    place = make_place(valvo, name="Nuorisotalo")
    before = snapshot(valvo)
    body = {
        "order_id": ids["order_id"],
        "sessions": [{"weekday": 1, "start": "09:00", "end": "11:00"}],
    }
    with TestClient(app, raise_server_exceptions=False) as c:
        refused = c.post(
            f"/api/partners/places/{place['id']}/plan",
            json=body,
            headers=bearer(valvo, "supervisor", SOUTH),
        )
    assert refused.status_code == 404, refused.text
    assert refused.json()["detail"] == f"order {ids['order_id']} does not exist"
    assert snapshot(valvo) == before
