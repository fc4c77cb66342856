"""The API's browser-facing hardening on a real database: security headers on pages and API
answers, credentials only from the Authorization header (a cookie is never read), state-changing
requests from a foreign Origin refused, and the rate limits on Valvo's clock (429 with
Retry-After, a stricter bucket on sign-in, the live feed and health exempt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock, make_valvo
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.web.app import create_app
from valvo.web.hardening import content_security_policy, tile_origin


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def subjects(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.subjects)).scalar() or 0)


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def test_pages_and_api_answers_carry_the_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "img-src 'self' data: https://tile.openstreetmap.org" in csp  # the default tiles
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "geolocation=()" in page.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in page.headers  # plain HTTP here
    people = client.get("/api/subjects", headers=login(client))
    assert people.status_code == 200
    assert people.headers["Cache-Control"] == "no-store"
    assert people.headers["Content-Security-Policy"] == csp


def test_hsts_is_sent_over_https(client: TestClient) -> None:
    secure = TestClient(client.app, base_url="https://valvo.example")
    assert secure.get("/api/health").headers["Strict-Transport-Security"].startswith("max-age=")


def test_csp_names_only_the_tile_origin_in_use() -> None:
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_origin("/tiles/{z}/{x}/{y}.png") is None
    assert "img-src 'self' data:;" in content_security_policy("/tiles/{z}/{x}/{y}.png")


def test_a_token_in_a_cookie_is_not_accepted(client: TestClient, valvo: Valvo) -> None:
    token = login(client)["Authorization"].removeprefix("Bearer ")
    for name in ("access_token", "Authorization", "token"):
        client.cookies.set(name, token)
    refused = client.post("/api/subjects", json={"name": "Aino Virtanen", "region": "Uusimaa"})
    assert refused.status_code == 401
    assert client.get("/api/subjects").status_code == 401
    assert subjects(valvo) == 0


def test_a_state_changing_request_from_another_origin_is_refused(
    client: TestClient, valvo: Valvo
) -> None:
    h = login(client)
    body = {"name": "Aino Virtanen", "region": "Uusimaa"}
    foreign = client.post(
        "/api/subjects", json=body, headers={**h, "Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert foreign.json()["detail"].startswith(
        "cross-origin request refused: Origin https://evil.example is not this API's origin"
    )
    assert subjects(valvo) == 0  # nothing stored
    # Reading is not state-changing; the console's own origin and no Origin at all pass.
    assert client.get("/api/subjects", headers={**h, "Origin": "https://evil.example"}).is_success
    own = client.post("/api/subjects", json=body, headers={**h, "Origin": "http://testserver"})
    assert own.status_code == 201, own.text
    assert client.post("/api/subjects", json=body, headers=h).status_code == 201
    assert subjects(valvo) == 2


def limited(tmp_path: Path, clock: FakeClock, **rates: Any) -> TestClient:
    valvo = make_valvo(f"sqlite:///{tmp_path / 'limited.db'}", tmp_path, clock, **rates)
    return TestClient(create_app(valvo))


def test_the_client_bucket_answers_429_with_retry_after_and_refills_on_valvos_clock(
    tmp_path: Path, clock: FakeClock
) -> None:
    client = limited(tmp_path, clock, rate_limit_per_minute=60, rate_limit_burst=3)
    for _ in range(3):
        assert client.get("/api/meta").status_code == 200
    refused = client.get("/api/meta")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["detail"] == (
        "rate limit: too many requests from this address; retry after 1 s"
    )
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    for _ in range(5):  # the health check and the live feed's path are never limited
        assert client.get("/api/health").status_code == 200
    assert client.get("/api/live").status_code == 401  # refused for the token, not the rate
    clock.advance(seconds=1)
    assert client.get("/api/meta").status_code == 200
    assert client.get("/api/meta").status_code == 429


def test_sign_in_has_a_stricter_bucket(tmp_path: Path, clock: FakeClock) -> None:
    client = limited(
        tmp_path,
        clock,
        rate_limit_auth_per_minute=2,
        rate_limit_auth_burst=2,
        rate_limit_per_minute=600,
    )
    wrong = {"username": "admin", "password": "wrong"}
    assert client.post("/api/auth/token", data=wrong).status_code == 401
    assert client.post("/api/auth/token", data=wrong).status_code == 401
    refused = client.post("/api/auth/token", data=wrong)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "30"
    assert refused.json()["detail"].startswith("rate limit: too many sign-in requests")
    assert client.get("/api/meta").status_code == 200  # other routes still answer
    clock.advance(seconds=30)
    assert client.post("/api/auth/token", data=wrong).status_code == 401


def test_an_authenticated_user_has_a_bucket_of_their_own(tmp_path: Path, clock: FakeClock) -> None:
    client = limited(
        tmp_path,
        clock,
        rate_limit_per_minute=600,
        rate_limit_burst=100,
        rate_limit_user_per_minute=60,
        rate_limit_user_burst=2,
    )
    h = login(client)
    assert client.get("/api/subjects", headers=h).status_code == 200
    assert client.get("/api/subjects", headers=h).status_code == 200
    refused = client.get("/api/subjects", headers=h)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("rate limit: too many requests for this user")
    # A forged token is not counted as that user (and is refused for what it is).
    assert client.get("/api/subjects", headers={"Authorization": "Bearer x.y.z"}).status_code == 401


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Aino \\ud800 Virtanen", "body.name: unpaired surrogate in a string (not valid Unicode)"),
        ("Aino \\u0000 Virtanen", "body.name: control character U+0000 not allowed"),
        ("Aino \\u001b[31m", "body.name: control character U+001B not allowed"),
    ],
)
def test_a_json_string_no_database_can_hold_is_a_400_and_nothing_is_stored(
    client: TestClient, valvo: Valvo, caplog: pytest.LogCaptureFixture, text: str, answer: str
) -> None:
    before = subjects(valvo)
    body = '{"name": "' + text + '", "region": "Uusimaa"}'
    headers = {**login(client), "content-type": "application/json"}
    response = client.post("/api/subjects", content=body.encode(), headers=headers)
    assert (response.status_code, response.json()) == (400, {"detail": answer})
    assert subjects(valvo) == before
    assert "Virtanen" not in caplog.text  # no traceback quoting the input


def test_a_body_over_its_routes_limit_is_refused_before_it_is_read(client: TestClient) -> None:
    headers = {**login(client), "content-type": "application/json"}
    big = b'{"name": "' + b"x" * (1024 * 1024) + b'", "region": "Uusimaa"}'
    response = client.post("/api/subjects", content=big, headers=headers)
    assert response.status_code == 413
    # The CSV import takes files up to 5 MB: a 2 MB one reaches the route.
    csv = b"name\n" + b"x" * (2 * 1024 * 1024)
    imported = client.post("/api/partners/import/sites", content=csv, headers=login(client))
    assert imported.status_code != 413
