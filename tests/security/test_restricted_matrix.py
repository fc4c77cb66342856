"""Restricted people and cases (issue 15 item 5), swept over every route of the OpenAPI document
as tests/security/test_region_matrix.py sweeps regions: a person with an alarm, a sentence case,
an activity obligation, fixes and a crime match is marked restricted. A user holding every
permission but ``restricted:access`` finds them in no list and gets 404 from every route naming
one of their records (reads and writes alike, nothing changed), each refusal in the audit trail;
a holder (the administrator) gets exactly the answers they got before the marking, each access
in the audit trail. Nothing here is a hand list of routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import FakeClock, make_valvo
from tests.security.conftest import audit_rows, bearer
from tests.security.test_region_matrix import NOT_REGIONAL, foreign, snapshot
from tests.security.test_route_matrix import concrete, operations
from tests.support.alarm_desk import exclusion_alarm
from tests.support.caseload import register_person
from tests.support.crimes import crime_run, walk
from tests.support.partners import make_place
from valvo.bootstrap import Valvo
from valvo.domain import security
from valvo.domain.restriction import RESTRICTED_KINDS
from valvo.domain.security import Permission
from valvo.web.access import OWN_ACCOUNT_ROUTES, PUBLIC_ROUTES, route_permissions
from valvo.web.app import create_app

EAST = "Itä-Suomi"
# A role with every permission but the restricted one: whatever it is refused, only the
# restriction refuses it.
ALL_BUT = "all_but_restricted"
Headers = dict[str, str]


World = tuple[Valvo, dict[str, str], FastAPI, dict[str, int]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The person's records by the name of the path parameter taking them, and what the
    administrator's GET of each of their records answered before the marking."""
    path: Path = tmp_path_factory.mktemp("restricted-matrix")
    with pytest.MonkeyPatch.context() as mp:
        roles = dict(security.ROLES)
        roles[ALL_BUT] = frozenset(Permission) - {Permission.ACCESS_RESTRICTED}
        mp.setattr(security, "ROLES", roles)
        valvo = make_valvo(f"sqlite:///{path / 'valvo.db'}", path, FakeClock())
        now = valvo.clock()
        hidden = register_person(valvo, "hidden-dev", region=EAST, name="Salainen Henkilö")
        alarm = exclusion_alarm(valvo, hidden, now)
        walk(valvo, hidden, now - timedelta(minutes=55), north_m=10)
        app = create_app(valvo)
        with TestClient(app, raise_server_exceptions=False) as c:
            admin = bearer(valvo, "administrator")
            case = c.post(
                "/api/cases/sentences",
                json={"subject_id": hidden.subject_id, "requested_on": "2026-11-20"},
                headers=bearer(valvo, "prosecutor"),
            )
            assert case.status_code == 201, case.text
            place = make_place(valvo)
            plan = c.post(
                f"/api/partners/places/{place['id']}/plan",
                json={
                    "order_id": hidden.order_id,
                    "sessions": [{"weekday": 0, "start": "09:00", "end": "12:00"}],
                },
                headers=admin,
            )
            assert plan.status_code == 201, plan.text
            # S43: the person's pre-enforcement case (its steps and closing take its id).
            pre = c.post(
                "/api/partners/pre-enforcement-cases",
                json={
                    "subject_id": hidden.subject_id,
                    "opened_on": "2026-11-20",
                    "sanction": "fine_conversion",
                    "initiative": "rise",
                    "participants": [{"role": "home_municipality", "name": "Joensuu"}],
                },
                headers=admin,
            )
            assert pre.status_code == 201, pre.text
            run = crime_run(c, bearer(valvo, "police"), now)
            assert run["matches_count"] == 1, run  # the hidden person was at the crime scene
            ids = {
                "subject_id": hidden.subject_id,
                "order_id": hidden.order_id,
                "device_id": hidden.device_id,
                "alarm_id": str(alarm["id"]),
                "incident_id": str(alarm["incident_id"]),
                "case_id": str(case.json()["id"]),
                "assignment_id": str(plan.json()["id"]),
                "zone_id": str(plan.json()["zone_id"]),
                "pre_enforcement_id": str(pre.json()["id"]),
            }
            # The police's own records, not the person's: the lists a match would appear in.
            ids |= {"batch_id": str(run["batch_id"]), "run_id": str(run["id"])}
            before = {url: c.get(url, headers=admin).status_code for _, url in reads(app, ids)}
            mark(c, valvo, ids)
        yield valvo, ids, app, before
        valvo.db.dispose()


def reads(app: FastAPI, ids: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Every GET naming one of the person's records by a path parameter: (path, url)."""
    for method, path in operations(app):
        params = set(re.findall(r"\{(\w+)\}", path))
        if method != "GET" or not params & set(RESTRICTED_KINDS) or NOT_REGIONAL.match(path):
            continue
        url = path
        for name in params & ids.keys():
            url = url.replace(f"{{{name}}}", ids[name])
        yield path, concrete(url)


def mark(c: TestClient, valvo: Valvo, ids: dict[str, str]) -> None:
    answer = c.put(
        f"/api/cases/{ids['case_id']}/restriction",
        json={"reason": "staff_member", "note": "työntekijän omainen"},
        headers=bearer(valvo, "restricted_supervisor", EAST),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["restricted"] is True
    assert answer.json()["markings"][0]["reason"] == "staff_member"


def test_restricted_records_are_404_and_audited_for_others_and_unchanged_for_holders(
    world: World,
) -> None:
    valvo, ids, app, before = world
    assert sum(code == 200 for code in before.values()) >= 8
    with TestClient(app, raise_server_exceptions=False) as c:
        admin = bearer(valvo, "administrator")
        other = bearer(valvo, ALL_BUT, name="kollega")
        POLICE = {ids["batch_id"], ids["run_id"]}
        # Lists (and the crime matches): the holder still finds the person, everyone else does not.
        leaks, seen = [], 0
        for method, path in operations(app):
            if method != "GET" or NOT_REGIONAL.match(path) or path == "/api/live":
                continue
            if (method, path) in PUBLIC_ROUTES | OWN_ACCOUNT_ROUTES:
                continue
            params = set(re.findall(r"\{(\w+)\}", path))
            if params & set(RESTRICTED_KINDS):
                continue
            url = path
            for name in params & ids.keys():
                url = url.replace(f"{{{name}}}", ids[name])
            url = concrete(url)
            asked = {ids[n] for n in params & ids.keys()}
            if names := foreign(ids, c.get(url, headers=other).text, asked | POLICE):
                leaks.append((path, names))
            seen += bool(foreign(ids, c.get(url, headers=admin).text, asked | POLICE))
        assert leaks == [], "\n".join(map(str, leaks))
        assert seen > 5
        # Every route naming one of the person's records, every method: 404, nothing changed,
        # each attempt recorded as refused.
        unchanged = snapshot(valvo)
        failures: list[tuple[str, str, int, object]] = []
        checked = 0
        needs = route_permissions(app)
        for method, path in operations(app):
            params = set(re.findall(r"\{(\w+)\}", path))
            if not params & set(RESTRICTED_KINDS) or NOT_REGIONAL.match(path):
                continue
            if needs[(method, path)] == (Permission.ACCESS_RESTRICTED,):
                continue  # marking and lifting: the role's own 403 (test_route_matrix.py)
            url = path
            for name in params & ids.keys():
                url = url.replace(f"{{{name}}}", ids[name])
            url = concrete(url)
            body = {"order_id": ids["order_id"]} if method in ("POST", "PUT", "PATCH") else None
            answer = c.request(method, url, headers=other, json=body)
            checked += 1
            refusals = [
                r
                for r in audit_rows(valvo, actor="kollega", action="restricted_refused")
                if r["details"]["path"] == url and r["details"]["method"] == method
            ]
            if answer.status_code != 404 or not refusals:
                failures.append((method, path, answer.status_code, len(refusals)))
            elif names := foreign(ids, answer.text, {ids[n] for n in params & ids.keys()}):
                failures.append((method, path, answer.status_code, f"names {names}"))
        assert failures == [], "\n".join(map(str, failures))
        assert checked > 40
        assert snapshot(valvo) == unchanged
        # The holder: the very answers of before the marking, each access recorded.
        holder = bearer(valvo, "administrator", name="erityisvalvoja")
        after = {url: c.get(url, headers=holder).status_code for _, url in reads(app, ids)}
        assert after == before
        accessed = {
            r["details"]["path"]
            for r in audit_rows(valvo, actor="erityisvalvoja", action="restricted_access")
        }
        assert accessed == set(before)


def test_a_query_parameter_naming_a_restricted_person_is_refused_too(world: World) -> None:
    valvo, ids, app, _ = world
    with TestClient(app, raise_server_exceptions=False) as c:
        answer = c.get(
            f"/api/orders?subject_id={ids['subject_id']}", headers=bearer(valvo, "supervisor")
        )
    assert answer.status_code == 404, answer.text
    assert answer.json()["detail"] == f"subject {ids['subject_id']} does not exist"
