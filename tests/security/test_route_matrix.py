"""The route x role matrix, generated from the OpenAPI document: every (method, path) declares
the permission it needs (or is listed as public), and every role is refused exactly where its
permissions say so. The expectation comes from ``valvo.domain.security.ROLES`` and the
permission each route's dependency declares; nothing here is a hand list of routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import FakeClock, make_valvo
from tests.security.conftest import bearer
from valvo.bootstrap import Valvo
from valvo.domain.security import ROLES, allows
from valvo.web.access import (
    OWN_ACCOUNT,
    OWN_ACCOUNT_ROUTES,
    PUBLIC,
    PUBLIC_ROUTES,
    route_permissions,
)
from valvo.web.app import create_app

DUMMY = {"day": "2026-11-23"}  # path parameters with a type; every other one is an id
SAMPLE_ON_POSTGRESQL = (
    ("GET", "/api/subjects"),
    ("GET", "/api/alarms/{alarm_id}"),
    ("GET", "/api/positions/{subject_id}"),
    ("GET", "/api/cases"),
    ("POST", "/api/cases/{case_id}/lapse"),
    ("GET", "/api/partner/place"),
    ("GET", "/api/partners/places"),
)


@pytest.fixture(scope="module")
def app_valvo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Valvo]:
    path: Path = tmp_path_factory.mktemp("matrix")
    valvo = make_valvo(f"sqlite:///{path / 'valvo.db'}", path, FakeClock())
    yield valvo
    valvo.db.dispose()


@pytest.fixture(scope="module")
def app(app_valvo: Valvo) -> FastAPI:
    return create_app(app_valvo)


@pytest.fixture(scope="module")
def matrix_client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def operations(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) of the OpenAPI document."""
    spec: dict[str, Any] = app.openapi()
    return sorted((method.upper(), path) for path, ops in spec["paths"].items() for method in ops)


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: DUMMY.get(m.group(1), f"no-such-{m.group(1)}"), path)


def denied(response: Any, role: str) -> bool:
    """Refused for the role: the permission check's 403 (its detail names role and permission)."""
    if response.status_code != 403:
        return False
    return str(response.json().get("detail", "")).startswith(f"role {role} may not")


def test_every_route_in_the_openapi_document_declares_a_permission_or_is_public(
    app: FastAPI,
) -> None:
    declared = route_permissions(app)
    ops = operations(app)
    assert len(ops) > 150  # the whole API, not an empty document
    undeclared = [op for op in ops if not declared.get(op)]
    assert undeclared == [], f"routes that declare no permission and are not public: {undeclared}"
    public = {op for op in ops if declared[op] == PUBLIC}
    assert public == set(PUBLIC_ROUTES), "PUBLIC_ROUTES lists a route that is gone or renamed"
    own = {op for op in ops if declared[op] == OWN_ACCOUNT}
    assert own == set(OWN_ACCOUNT_ROUTES), "OWN_ACCOUNT_ROUTES lists a route that is gone"


def test_public_routes_answer_without_a_token(matrix_client: TestClient) -> None:
    for method, path in sorted(PUBLIC_ROUTES):
        response = matrix_client.request(method, concrete(path))
        assert response.status_code != 401, (method, path, response.text)


def test_every_route_refuses_a_request_without_a_token(
    app: FastAPI, matrix_client: TestClient
) -> None:
    for method, path in operations(app):
        if (method, path) in PUBLIC_ROUTES:
            continue
        response = matrix_client.request(method, concrete(path))
        assert response.status_code == 401, (method, path, response.status_code)


# Every route times every role: 43 s on a quiet machine, over 300 s under libfaketime at load 12
# (the any-date run at 29 Feb 2028). A bound for a hung run, not a timing assertion.
@pytest.mark.timeout(1200)
def test_route_by_role_matrix(app: FastAPI, app_valvo: Valvo, matrix_client: TestClient) -> None:
    """Every route, every role: refused (403 naming the permission) exactly when the role holds
    none of the permissions the route declares; otherwise the request gets past authorisation
    (a 404 for the dummy id, a 422 for the missing body, or an answer)."""
    declared = route_permissions(app)
    tokens = {role: bearer(app_valvo, role) for role in ROLES}
    failures = []
    checked = 0
    for method, path in operations(app):
        needs = declared[(method, path)]
        if needs in (PUBLIC, OWN_ACCOUNT):
            continue  # own-account routes (logout ends the token): test_auth_api.py
        assert isinstance(needs, tuple)
        for role, headers in tokens.items():
            allowed = any(allows(role, p) for p in needs)
            if allowed and path == "/api/live":
                continue  # a stream that stays open: tests/security/test_region_isolation.py
            response = matrix_client.request(method, concrete(path), headers=headers)
            checked += 1
            if denied(response, role) == allowed or response.status_code in (401, 500):
                failures.append((method, path, role, allowed, response.status_code))
    assert failures == [], "\n".join(map(str, failures))
    assert checked > 1500


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_sample_of_the_matrix_on_postgresql(valvo: Valvo) -> None:
    app = create_app(valvo)
    declared = route_permissions(app)
    with TestClient(app, raise_server_exceptions=False) as client:
        for method, path in SAMPLE_ON_POSTGRESQL:
            needs = declared[(method, path)]
            assert isinstance(needs, tuple)
            assert needs
            for role in ROLES:
                allowed = any(allows(role, p) for p in needs)
                response = client.request(method, concrete(path), headers=bearer(valvo, role))
                assert denied(response, role) != allowed, (method, path, role)
                assert response.status_code not in (401, 500), (method, path, role)
